//! The options every subcommand shares, and the one place where the command line is laid over
//! the configuration file.

use anyhow::Context;
use clap::Args;
use mdexport::config::{BuildDates, CONFIG_FILE_NAME, Config, Settings};
use std::path::{Path, PathBuf};

/// INPUT, the configuration file, what to print, and every build setting.
#[derive(Args, Clone, Debug)]
pub struct CommonArgs {
    /// The folder of Markdown documents.
    #[arg(default_value = "seeds")]
    pub input: PathBuf,
    /// A configuration file (default: INPUT/mdexport.toml when it exists).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// No progress bars and no per-format lines.
    #[arg(short, long)]
    pub quiet: bool,
    /// List each document as it is done.
    #[arg(short, long)]
    pub verbose: bool,
    /// The build settings; the same names work in `mdexport.toml`.
    #[command(flatten)]
    pub settings: Settings,
}

impl Default for CommonArgs {
    fn default() -> Self {
        CommonArgs {
            input: PathBuf::from("seeds"),
            config: None,
            quiet: false,
            verbose: false,
            settings: Settings::default(),
        }
    }
}

impl CommonArgs {
    /// Defaults, then the configuration file, then the command line; the clock and
    /// `SOURCE_DATE_EPOCH` are read here, once.
    pub fn config(&self) -> anyhow::Result<Config> {
        let file = match &self.config {
            Some(path) => Some(path.clone()),
            None => Some(self.input.join(CONFIG_FILE_NAME)).filter(|p| p.is_file()),
        };
        let from_file = match file {
            Some(path) => read_settings(&path)?,
            None => Settings::default(),
        };
        let dates = BuildDates {
            source_date_epoch: source_date_epoch(),
            today: chrono::Local::now().date_naive(),
        };
        let settings = self.settings.clone().over(from_file);
        let config = Config::from_settings(self.input.clone(), settings, dates);
        config.validate().map_err(anyhow::Error::msg)?;
        Ok(config)
    }
}

/// The settings of a configuration file; an error names the file, line and column.
fn read_settings(path: &Path) -> anyhow::Result<Settings> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Settings::parse(&text, path.parent().unwrap_or(Path::new("."))).map_err(|e| {
        let position = match (e.line, e.column) {
            (Some(l), Some(c)) => format!(":{l}:{c}"),
            (Some(l), None) => format!(":{l}"),
            _ => String::new(),
        };
        anyhow::anyhow!("{}{position}: {}", path.display(), e.message.trim())
    })
}

fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}

/// A thread pool of `jobs` threads (every core when `None`).
pub fn thread_pool(jobs: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(jobs) = jobs {
        builder = builder.num_threads(jobs);
    }
    builder.build().context("cannot start worker threads")
}

#[cfg(test)]
mod tests {
    use super::super::{Cli, Command};
    use clap::Parser;
    use mdexport::config::CONFIG_FILE_NAME;
    use mdexport::writers::pdf::PageSize;

    #[test]
    fn command_line_wins_over_the_config_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(CONFIG_FILE_NAME),
            "page-size = \"a4\"\njobs = 3\ngrade-target = 6\n",
        )
        .unwrap();
        let cli = Cli::parse_from([
            "mdexport",
            "build",
            dir.path().to_str().unwrap(),
            "--page-size",
            "letter",
            "-j",
            "1",
        ]);
        let Some(Command::Build(args)) = cli.command else {
            panic!("build")
        };
        let config = args.common.config().unwrap();
        assert_eq!(
            config.handout.page_size,
            PageSize::Letter,
            "command line wins"
        );
        assert_eq!(config.jobs, Some(1), "command line wins");
        assert_eq!(
            config.resolve.grade_target, 6.0,
            "config file beats the default"
        );
    }

    #[test]
    fn config_file_errors_name_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(CONFIG_FILE_NAME),
            "jobs = 2\npage-colour = \"blue\"\n",
        )
        .unwrap();
        let cli = Cli::parse_from(["mdexport", "check", dir.path().to_str().unwrap()]);
        let Some(Command::Check(args)) = cli.command else {
            panic!("check")
        };
        let err = args.common.config().unwrap_err().to_string();
        assert!(err.contains("mdexport.toml:2"), "{err}");
        assert!(err.contains("page-colour"), "{err}");
    }
}
