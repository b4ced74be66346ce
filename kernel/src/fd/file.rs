//! An open file description: what was opened, where, its offset and status flags.

use std::sync::{Mutex, MutexGuard};

use syscall_proto::path::oflags;

use crate::vfs::path::VPath;
use crate::vfs::Object;

#[derive(Debug)]
pub struct State {
    /// The offset of in-memory files (host files use the host description's own).
    pub offset: u64,
    /// Status flags (`O_ACCMODE`, `O_APPEND`, `O_NONBLOCK`).
    pub flags: u32,
}

#[derive(Debug)]
pub struct OpenFile {
    pub object: Object,
    /// The sandbox path it was opened at; the base for `*at` calls on directories.
    pub path: VPath,
    state: Mutex<State>,
}

impl OpenFile {
    pub fn new(object: Object, path: VPath, flags: u32) -> OpenFile {
        let flags = flags & (oflags::O_ACCMODE | oflags::O_APPEND | oflags::O_NONBLOCK);
        OpenFile { object, path, state: Mutex::new(State { offset: 0, flags }) }
    }

    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn readable(&self) -> bool {
        self.state().flags & oflags::O_ACCMODE != oflags::O_WRONLY
    }

    pub fn writable(&self) -> bool {
        self.state().flags & oflags::O_ACCMODE != oflags::O_RDONLY
    }
}
