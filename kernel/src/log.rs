//! The kernel's own logging: `tracing` to stderr (or a file), human-readable or JSON
//! lines. Each record is written with one `write`, so it never splits a line of the
//! program's output that shares the stream.

use std::path::Path;
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

#[derive(Debug, Clone, Copy)]
pub enum LogFormat {
    Text,
    Json,
}

/// Installs the global subscriber.
///
/// # Errors
/// A bad filter directive or an unwritable log file.
pub fn init(format: LogFormat, level: &str, file: Option<&Path>) -> Result<(), String> {
    let filter = EnvFilter::try_new(level).map_err(|e| format!("--log-level {level}: {e}"))?;
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(true);
    let result = match (format, file) {
        (LogFormat::Text, None) => builder.with_writer(std::io::stderr).with_ansi(false).try_init(),
        (LogFormat::Json, None) => builder.json().with_writer(std::io::stderr).try_init(),
        (format, Some(path)) => {
            let f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| format!("--log-file {}: {e}", path.display()))?;
            let writer = Mutex::new(f);
            match format {
                LogFormat::Text => builder.with_writer(writer).with_ansi(false).try_init(),
                LogFormat::Json => builder.json().with_writer(writer).try_init(),
            }
        }
    };
    result.map_err(|e| e.to_string())
}
