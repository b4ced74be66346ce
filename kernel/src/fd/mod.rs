//! Descriptors: the per-process table (`table.rs`) and the open file descriptions it
//! points to (`file.rs`), which `dup` shares with their offset and flags.

pub mod file;
pub mod table;

pub use file::OpenFile;
pub use table::FdTable;
