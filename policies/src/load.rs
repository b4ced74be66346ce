//! Reading and validating `policy.toml`. (Implementation in progress.)

use std::path::{Path, PathBuf};

use crate::schema::Policy;

/// A policy that cannot be used. The message names file, line and key.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("{file}: {source}")]
    Read { file: PathBuf, source: std::io::Error },
    #[error("{file}:{line}:{column}: `{key}`: {message}")]
    Invalid { file: PathBuf, line: usize, column: usize, key: String, message: String },
}

/// Loads and validates a policy file.
///
/// # Errors
/// [`PolicyError`] naming the file, line and key of the first problem.
pub fn load(_path: &Path) -> Result<Policy, PolicyError> {
    todo!()
}
