//! `mdexport dump`: print one document's model as JSON, parsed or resolved.

use anyhow::Context;
use std::path::Path;

/// Runs `dump`: 1 when the file does not parse.
pub fn dump(file: &Path, resolved: bool) -> anyhow::Result<u8> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (document, diagnostics) = mdexport::parse::parse_document(&name, &bytes);
    for d in &diagnostics {
        eprintln!("{d}");
    }
    let Some(mut document) = document else {
        return Ok(1);
    };
    if resolved {
        let options = mdexport::resolve::ResolveOptions::default();
        let result = mdexport::resolve::resolve(std::slice::from_mut(&mut document), &options);
        for d in &result.diagnostics {
            eprintln!("{d}");
        }
    }
    println!("{}", serde_json::to_string_pretty(&document)?);
    Ok(0)
}
