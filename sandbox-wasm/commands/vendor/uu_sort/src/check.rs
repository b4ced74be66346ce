// This file is part of the uutils coreutils package.
//
// For the full copyright and license information, please view the LICENSE
// file that was distributed with this source code.

//! Check if a file is ordered

use crate::{
    GlobalSettings, SortError,
    chunks::{self, Chunk, RecycledChunk},
    compare_by, open,
};
use itertools::Itertools;
use std::{
    cmp::Ordering,
    ffi::OsStr,
    io::Read,
    iter,
    sync::mpsc::{Receiver, SyncSender, sync_channel},
};
#[cfg(not(target_os = "wasi"))]
use std::thread;
use uucore::error::UResult;

/// Check if the file at `path` is ordered.
///
/// # Returns
///
/// The code we should exit with.
pub fn check(path: &OsStr, settings: &GlobalSettings) -> UResult<()> {
    let max_allowed_cmp = if settings.unique {
        // If `unique` is enabled, the previous line must compare _less_ to the next one.
        Ordering::Less
    } else {
        // Otherwise, the line previous line must compare _less or equal_ to the next one.
        Ordering::Equal
    };
    let file = open(path)?;
    let (recycled_sender, recycled_receiver) = sync_channel(2);
    let (loaded_sender, loaded_receiver) = sync_channel(2);
    #[cfg(not(target_os = "wasi"))]
    thread::spawn({
        let settings = settings.clone();
        move || reader(file, &recycled_receiver, &loaded_sender, &settings)
    });
    // WASI has no threads: the chunks are read on this thread when the loop needs one.
    #[cfg(target_os = "wasi")]
    let mut reader = InlineReader {
        file,
        carry_over: vec![],
        sender: loaded_sender,
        more: true,
    };
    for _ in 0..2 {
        let _ = recycled_sender.send(RecycledChunk::new(if settings.buffer_size < 100 * 1024 {
            // when the buffer size is smaller than 100KiB we choose it instead of the default.
            // this improves testability.
            settings.buffer_size
        } else {
            100 * 1024
        }));
    }

    let mut prev_chunk: Option<Chunk> = None;
    let mut line_idx = 0;
    let mut result: UResult<()> = Ok(());
    // Note that we iterate over a reference, so that `loaded_receiver` is still alive
    // once we stop: `chunks::read` unwraps its `send`, so dropping our end while the
    // reader thread is still going would panic it. Since we stop at the *first*
    // disorder, the reader is usually still working at that point, so we shut it down
    // in an orderly fashion below instead of just dropping our end.
    #[cfg(not(target_os = "wasi"))]
    let next_chunk = || loaded_receiver.recv().ok().map(UResult::Ok);
    #[cfg(target_os = "wasi")]
    let mut next_chunk = || reader.next(&recycled_receiver, &loaded_receiver, settings);
    'outer: while let Some(chunk) = next_chunk() {
        // A read error ends the check with that error, as GNU's "read failed".
        let chunk = match chunk {
            Ok(chunk) => chunk,
            Err(error) => {
                result = Err(error);
                break;
            }
        };
        line_idx += 1;
        if let Some(prev_chunk) = prev_chunk.take() {
            // Check if the first element of the new chunk is greater than the last
            // element from the previous chunk
            let prev_last = prev_chunk.lines().last().unwrap();
            let new_first = chunk.lines().first().unwrap();

            if compare_by(
                prev_last,
                new_first,
                settings,
                prev_chunk.line_data(),
                chunk.line_data(),
            ) > max_allowed_cmp
            {
                result = Err(SortError::Disorder {
                    file: path.to_owned(),
                    line_number: line_idx,
                    line: String::from_utf8_lossy(new_first.line).into_owned(),
                    silent: settings.check_silent,
                }
                .into());
                break 'outer;
            }
            let _ = recycled_sender.send(prev_chunk.recycle());
        }

        for (a, b) in chunk.lines().iter().tuple_windows() {
            line_idx += 1;
            if compare_by(a, b, settings, chunk.line_data(), chunk.line_data()) > max_allowed_cmp {
                result = Err(SortError::Disorder {
                    file: path.to_owned(),
                    line_number: line_idx,
                    line: String::from_utf8_lossy(b.line).into_owned(),
                    silent: settings.check_silent,
                }
                .into());
                break 'outer;
            }
        }

        prev_chunk = Some(chunk);
    }

    // Stop handing out buffers, so the reader runs out of work, then drain anything it
    // has already produced. This lets its in-flight `send` complete instead of failing,
    // and terminates because the reader can only own the (at most two) recycled chunks
    // that are still outstanding.
    drop(recycled_sender);
    #[cfg(target_os = "wasi")]
    drop(reader);
    while loaded_receiver.recv().is_ok() {}

    result
}

/// Reads the input on the calling thread, one chunk per call (WASI has no threads).
#[cfg(target_os = "wasi")]
struct InlineReader {
    file: Box<dyn Read + Send>,
    carry_over: Vec<u8>,
    sender: SyncSender<Chunk>,
    more: bool,
}

#[cfg(target_os = "wasi")]
impl InlineReader {
    fn next(
        &mut self,
        recycled: &Receiver<RecycledChunk>,
        loaded: &Receiver<Chunk>,
        settings: &GlobalSettings,
    ) -> Option<UResult<Chunk>> {
        while self.more {
            // `chunks::read` sends at most one chunk, which the channel's buffer holds,
            // so the send cannot block; a buffer is recycled unless the last read used it up.
            let recycled_chunk = recycled
                .try_recv()
                .unwrap_or_else(|_| RecycledChunk::new(settings.buffer_size.min(100 * 1024)));
            match chunks::read(
                &self.sender,
                recycled_chunk,
                None,
                &mut self.carry_over,
                &mut self.file,
                &mut iter::empty(),
                settings.line_ending.into(),
                settings,
            ) {
                Ok(more) => self.more = more,
                Err(error) => {
                    self.more = false;
                    return Some(Err(error));
                }
            }
            if let Ok(chunk) = loaded.try_recv() {
                return Some(Ok(chunk));
            }
        }
        None
    }
}

/// The function running on the reader thread.
#[cfg(not(target_os = "wasi"))]
fn reader(
    mut file: Box<dyn Read + Send>,
    receiver: &Receiver<RecycledChunk>,
    sender: &SyncSender<Chunk>,
    settings: &GlobalSettings,
) -> UResult<()> {
    let mut carry_over = vec![];
    for recycled_chunk in receiver {
        let should_continue = chunks::read(
            sender,
            recycled_chunk,
            None,
            &mut carry_over,
            &mut file,
            &mut iter::empty(),
            settings.line_ending.into(),
            settings,
        )?;
        if !should_continue {
            break;
        }
    }
    Ok(())
}
