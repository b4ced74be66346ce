//! `fs-ext`: a WASI program calling the file extension (`sandbox_fs_v1`,
//! `docs/wasm-abi.md`) directly, for the boundary tests. Each prints `errno: <N>` (WASI
//! numbers; 0 is success), after the result for a successful stat.
//!
//! ```text
//! fs-ext stat <path>          stat(3, path, follow); print `mode uid size` in octal/decimal
//! fs-ext lstat <path>         the same without following a final symlink
//! fs-ext chmod <path> <mode>  chmod(3, path, mode) (mode in octal)
//! fs-ext statfs <path>        statfs(3, path); print `blocks bfree files ffree flags`
//! fs-ext bad-statfs-out       statfs with the result pointer past the end of memory
//! fs-ext bad-path             stat with a path pointer past the end of memory
//! fs-ext bad-out              stat with the result pointer past the end of memory
//! fs-ext bad-follow           stat with follow = 7
//! fs-ext bad-mode             chmod with file type bits in the mode
//! fs-ext bad-fd               stat with a descriptor that is not open
//! fs-ext long-path            stat with a 5000-byte path
//! ```

use sandbox_guest_abi::fs::{chmod, stat, stat_at, statfs, statfs_at, STAT_SIZE};

/// The preopened `/`.
const ROOT: u32 = 3;
/// Far past any memory this program has (a page short of 4 GiB).
const WILD: usize = 0xffff_0000;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
    // Big enough for either record.
    let mut out = [0u8; STAT_SIZE as usize];
    // SAFETY: every call hands the host pointers to live buffers of the stated lengths,
    // except the deliberately wild ones, which the host must refuse without touching.
    let code = unsafe {
        match arg(1).as_str() {
            cmd @ ("stat" | "lstat") => {
                let p = arg(2);
                let follow = (cmd == "stat") as u32;
                let code = stat(ROOT, p.as_ptr(), p.len() as u32, follow, out.as_mut_ptr());
                if code == 0 {
                    let u32_at =
                        |at: usize| u32::from_le_bytes(out[at..at + 4].try_into().unwrap());
                    let mode = u32_at(stat_at::MODE);
                    let uid = u32_at(stat_at::UID);
                    let size = u64::from_le_bytes(
                        out[stat_at::SIZE..stat_at::SIZE + 8].try_into().unwrap(),
                    );
                    println!("{mode:o} {uid} {size}");
                }
                code
            }
            "chmod" => {
                let p = arg(2);
                let mode = u32::from_str_radix(&arg(3), 8).expect("octal mode");
                chmod(ROOT, p.as_ptr(), p.len() as u32, mode)
            }
            "statfs" => {
                let p = arg(2);
                let code = statfs(ROOT, p.as_ptr(), p.len() as u32, out.as_mut_ptr());
                if code == 0 {
                    let at =
                        |i: usize| u64::from_le_bytes(out[i * 8..i * 8 + 8].try_into().unwrap());
                    use statfs_at::*;
                    println!(
                        "{} {} {} {} {}",
                        at(BLOCKS),
                        at(BFREE),
                        at(FILES),
                        at(FFREE),
                        at(FLAGS)
                    );
                }
                code
            }
            "bad-statfs-out" => statfs(ROOT, b"/".as_ptr(), 1, WILD as *mut u8),
            "bad-path" => stat(ROOT, WILD as *const u8, 64, 1, out.as_mut_ptr()),
            "bad-out" => stat(ROOT, b"/".as_ptr(), 1, 1, WILD as *mut u8),
            "bad-follow" => stat(ROOT, b"/".as_ptr(), 1, 7, out.as_mut_ptr()),
            "bad-mode" => chmod(ROOT, b"/tmp".as_ptr(), 4, 0o100644),
            "bad-fd" => stat(99, b"x".as_ptr(), 1, 1, out.as_mut_ptr()),
            "long-path" => {
                let p = "a/".repeat(2500);
                stat(ROOT, p.as_ptr(), p.len() as u32, 1, out.as_mut_ptr())
            }
            other => panic!("unknown command {other:?}"),
        }
    };
    println!("errno: {code}");
}
