//! Progress reporting: the pipeline and writers say what they are doing; the binary shows it.

/// Receives progress events. Every method has a do-nothing default.
pub trait Progress: Sync {
    /// A stage (`parsing`, `handouts`, `booklet`, `catalog`) starts with `total` items.
    fn start(&self, _stage: &'static str, _total: u64) {}
    /// One item of a stage is done (`item` is usually a document path).
    fn advance(&self, _stage: &'static str, _item: &str) {}
    /// A stage is finished.
    fn finish(&self, _stage: &'static str) {}
}

/// Reports nothing.
pub struct NoProgress;

impl Progress for NoProgress {}
