//! Helpers shared by the integration tests: external validators that may or may not be installed.

#![allow(dead_code)]

use std::process::Command;

/// Whether `program` runs with `args` and exits successfully (for probing a tool or a module).
pub fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program).args(args).output().is_ok_and(|out| out.status.success())
}

/// Decides what to do when an external validator is missing: with `CI` set the test fails;
/// otherwise it prints "SKIPPED: <what> not installed" and the caller returns.
/// Returns `true` when the validator is available.
pub fn validator_available(what: &str, available: bool) -> bool {
    if available {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("{what} is required in CI but is not installed");
    }
    eprintln!("SKIPPED: {what} not installed");
    false
}

/// Whether `python3` is available (per the validator rule).
pub fn python3() -> bool {
    validator_available("python3", runs("python3", &["--version"]))
}

/// Whether the Python module `module` is importable (per the validator rule).
pub fn python_module(module: &str) -> bool {
    python3() && validator_available(&format!("python3 module {module}"), runs("python3", &["-c", &format!("import {module}")]))
}
