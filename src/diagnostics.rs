//! Diagnostics: errors and warnings collected per document with positions and hints.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document could not be exported (or one of its outputs failed).
    Error,
    /// The document was exported, but something deserves a look.
    Warning,
}

/// One finding about one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Path of the file relative to INPUT (or as given, for files outside it).
    pub file: String,
    /// 1-based line, where known.
    pub line: Option<u32>,
    /// 1-based column, where known.
    pub column: Option<u32>,
    /// Error or warning.
    pub severity: Severity,
    /// A stable, kebab-case code (for example `yaml-syntax`, `unresolved-anchor`).
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// What to do about it, where there is advice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// A [`Diagnostic`] as it is stored (in the render cache), with its code as a string.
#[derive(Deserialize)]
struct StoredDiagnostic {
    file: String,
    line: Option<u32>,
    column: Option<u32>,
    severity: Severity,
    code: String,
    message: String,
    #[serde(default)]
    hint: Option<String>,
}

impl<'de> Deserialize<'de> for Diagnostic {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let stored = StoredDiagnostic::deserialize(deserializer)?;
        Ok(Diagnostic {
            file: stored.file,
            line: stored.line,
            column: stored.column,
            severity: stored.severity,
            code: interned(stored.code),
            message: stored.message,
            hint: stored.hint,
        })
    }
}

/// A code read back (from the render cache) as the `&'static str` codes are: each distinct
/// code is kept once for the life of the process, and there are a few dozen of them.
fn interned(code: String) -> &'static str {
    static CODES: std::sync::Mutex<std::collections::BTreeSet<&'static str>> =
        std::sync::Mutex::new(std::collections::BTreeSet::new());
    let mut codes = CODES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(known) = codes.get(code.as_str()) {
        return known;
    }
    let code: &'static str = Box::leak(code.into_boxed_str());
    codes.insert(code);
    code
}

impl Diagnostic {
    /// A new error about `file`.
    pub fn error(file: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, code, message)
    }

    /// A new warning about `file`.
    pub fn warning(
        file: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, file, code, message)
    }

    fn new(
        severity: Severity,
        file: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.into(),
            line: None,
            column: None,
            severity,
            code,
            message: message.into(),
            hint: None,
        }
    }

    /// Sets the line (1-based).
    pub fn at_line(mut self, line: u32) -> Self {
        self.line = Some(line);
        self
    }

    /// Sets line and column (1-based).
    pub fn at(mut self, line: u32, column: u32) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {severity}[{}]: {}", self.code, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Sorts diagnostics by file, line, column, severity and code, for stable reports.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity, a.code, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.severity, b.code, &b.message))
    });
}

/// Runs `work`; a panic in it becomes an error about `file` with `code`, whose message is
/// `what` followed by the panic's own message. Every place that must survive a panic in the
/// work of one document (or one writer) goes through here, so that one bad document costs one
/// error, never the build.
pub fn isolate_panic<T>(
    file: &str,
    code: &'static str,
    what: &str,
    work: impl FnOnce() -> T,
) -> Result<T, Diagnostic> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        Diagnostic::error(file, code, format!("{what}: {message}"))
    })
}
