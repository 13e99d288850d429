//! `mdexport build --watch`: rebuild whenever something in INPUT changes.

use anyhow::Context;
use mdexport::config::Config;
use std::path::Path;
use std::time::Duration;

/// Calls `rebuild` whenever something in INPUT (outside OUTPUT) changes, until interrupted.
pub fn watch(config: &Config, rebuild: &dyn Fn()) -> anyhow::Result<u8> {
    use notify::{RecursiveMode, Watcher};
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx).context("cannot watch INPUT")?;
    watcher
        .watch(&config.input, RecursiveMode::Recursive)
        .with_context(|| format!("cannot watch {}", config.input.display()))?;
    let output = config
        .output
        .canonicalize()
        .unwrap_or_else(|_| config.output.clone());
    eprintln!(
        "watching {} for changes (Ctrl-C to stop)",
        config.input.display()
    );
    loop {
        let Ok(first) = rx.recv() else { return Ok(0) };
        let mut relevant = is_relevant(&first, &output);
        // Let a burst of events (an editor saving) settle into one rebuild.
        while let Ok(event) = rx.recv_timeout(Duration::from_millis(300)) {
            relevant |= is_relevant(&event, &output);
        }
        if relevant {
            eprintln!("change detected, rebuilding");
            rebuild();
        }
    }
}

fn is_relevant(event: &notify::Result<notify::Event>, output: &Path) -> bool {
    let Ok(event) = event else { return false };
    if matches!(event.kind, notify::EventKind::Access(_)) {
        return false;
    }
    event.paths.iter().any(|p| {
        let inside_output = p
            .canonicalize()
            .map(|c| c.starts_with(output))
            .unwrap_or(false)
            || p.starts_with(output);
        let hidden = p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        !inside_output && !hidden
    })
}
