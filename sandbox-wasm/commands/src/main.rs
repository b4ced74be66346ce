//! The commands installed at `/bin` in the sandbox, as one WASI multicall module: the
//! utility is chosen by the file name in argv[0] (`/bin/ls` is a symlink to this module),
//! or by the first argument when the module is called under its own name
//! (`commands ls -l`). One module means one ahead-of-time compilation and one cached
//! artifact, mapped by every command the sandbox starts.
//!
//! `commands --list` prints every name, one a line; the install script makes a link for
//! each, and a test checks the two agree.

mod awk;
mod chmod;
mod df;
mod diff;
mod du;
mod fsext;
mod gzip;
mod stat;
mod tar;

use std::ffi::OsString;
use std::io::Write;
use std::process::{exit, ExitCode};

type Args = std::vec::IntoIter<OsString>;

/// wasi-libc starts every program in `/`; sandbox-wasm passes the process's real working
/// directory as `PWD`, so relative paths mean what they mean on Linux.
fn enter_working_directory() {
    if let Some(pwd) = std::env::var_os("PWD") {
        if pwd != "/" {
            // A directory that went away leaves the program in `/`, as wasi-libc would.
            let _ = std::env::set_current_dir(pwd);
        }
    }
}

/// uucore-based utilities: name and entry point.
macro_rules! uutils {
    ($($name:literal => $krate:ident),* $(,)?) => {
        const UUTILS: &[&str] = &[$($name),*];
        fn uutil(name: &str) -> Option<fn(Args) -> i32> {
            match name {
                $($name => Some($krate::uumain),)*
                _ => None,
            }
        }
    };
}

uutils! {
    "arch" => uu_arch,
    "base32" => uu_base32,
    "base64" => uu_base64,
    "basename" => uu_basename,
    "basenc" => uu_basenc,
    "cat" => uu_cat,
    "cksum" => uu_cksum,
    "b2sum" => uu_b2sum,
    "md5sum" => uu_md5sum,
    "nice" => uu_nice,
    "sha1sum" => uu_sha1sum,
    "sha224sum" => uu_sha224sum,
    "sha256sum" => uu_sha256sum,
    "sha384sum" => uu_sha384sum,
    "sha512sum" => uu_sha512sum,
    "comm" => uu_comm,
    "cp" => uu_cp,
    "csplit" => uu_csplit,
    "cut" => uu_cut,
    "date" => uu_date,
    "dd" => uu_dd,
    "dir" => uu_dir,
    "dircolors" => uu_dircolors,
    "dirname" => uu_dirname,
    "echo" => uu_echo,
    "expand" => uu_expand,
    "expr" => uu_expr,
    "factor" => uu_factor,
    "false" => uu_false,
    "fmt" => uu_fmt,
    "fold" => uu_fold,
    "head" => uu_head,
    "hostid" => uu_hostid,
    "join" => uu_join,
    "link" => uu_link,
    "ln" => uu_ln,
    "ls" => uu_ls,
    "mkdir" => uu_mkdir,
    "mktemp" => uu_mktemp,
    "mv" => uu_mv,
    "nl" => uu_nl,
    "numfmt" => uu_numfmt,
    "od" => uu_od,
    "paste" => uu_paste,
    "pathchk" => uu_pathchk,
    "pr" => uu_pr,
    "printenv" => uu_printenv,
    "printf" => uu_printf,
    "ptx" => uu_ptx,
    "pwd" => uu_pwd,
    "readlink" => uu_readlink,
    "realpath" => uu_realpath,
    "rm" => uu_rm,
    "rmdir" => uu_rmdir,
    "seq" => uu_seq,
    "shred" => uu_shred,
    "shuf" => uu_shuf,
    "sleep" => uu_sleep,
    "sort" => uu_sort,
    "split" => uu_split,
    "sum" => uu_sum,
    "tail" => uu_tail,
    "tee" => uu_tee,
    "test" => uu_test,
    "[" => uu_test,
    "touch" => uu_touch,
    "tr" => uu_tr,
    "true" => uu_true,
    "truncate" => uu_truncate,
    "tsort" => uu_tsort,
    "tty" => uu_tty,
    "uname" => uu_uname,
    "unexpand" => uu_unexpand,
    "uniq" => uu_uniq,
    "unlink" => uu_unlink,
    "vdir" => uu_vdir,
    "wc" => uu_wc,
    "yes" => uu_yes,
    "nproc" => uu_nproc,
    "env" => uu_env,
    "tac" => uu_tac,
    "sed" => sed_main,
}

/// uutils sed is a uucore utility without the `uu_` crate name.
mod sed_main {
    pub use sed::sed::uumain;
}

/// Utilities with their own argument handling: they read the process arguments.
const OTHERS: &[&str] = &[
    "awk", "diff", "cmp", "grep", "find", "xargs", "stat", "chmod", "tar", "gzip", "gunzip",
    "zcat", "du", "df",
];

/// The arguments as text, for the sandbox's own utilities (a non-UTF-8 byte becomes
/// U+FFFD, as their messages would show it anyway).
fn utf8(args: Vec<OsString>) -> Vec<String> {
    args.iter().map(|a| a.to_string_lossy().into_owned()).collect()
}

fn main() -> ExitCode {
    enter_working_directory();
    let mut args: Vec<OsString> = std::env::args_os().collect();
    let invoked = args
        .first()
        .map(|a| {
            let a = a.to_string_lossy();
            a.rsplit('/').next().unwrap_or_default().to_string()
        })
        .unwrap_or_default();
    // Called as the module itself: the utility is the first argument.
    let second_arg = invoked == "commands" || invoked == "commands.wasm";
    if second_arg {
        args.remove(0);
    }
    let Some(util) = args.first().map(|a| a.to_string_lossy().into_owned()) else {
        eprintln!("commands: missing utility name (try --list)");
        exit(1);
    };
    let util = if second_arg { util } else { invoked };

    if util == "--list" {
        let mut out = std::io::stdout().lock();
        for name in UUTILS.iter().chain(OTHERS) {
            let _ = writeln!(out, "{name}");
        }
        exit(0);
    }
    if let Some(uumain) = uutil(&util) {
        if second_arg {
            uucore::set_utility_is_second_arg();
        }
        let canonical = match util.as_str() {
            "[" => "test",
            "dir" | "vdir" => "ls",
            other => other,
        };
        if let Err(err) = uucore::locale::setup_localization(canonical) {
            eprintln!("{util}: could not initialise messages: {err}");
            exit(99);
        }
        exit(uumain(args.into_iter()));
    }
    match util.as_str() {
        "grep" => {
            if second_arg {
                uucore_grep::set_utility_is_second_arg();
            }
            if let Err(err) = uucore_grep::locale::setup_localization("grep") {
                eprintln!("grep: could not initialise messages: {err}");
                exit(99);
            }
            let code = uu_grep::uumain(args.into_iter());
            let _ = std::io::stdout().flush();
            exit(code)
        }
        "find" | "xargs" => {
            // findutils takes UTF-8 arguments, as its own `main` does.
            let args: Vec<String> = match args.into_iter().map(OsString::into_string).collect() {
                Ok(args) => args,
                Err(bad) => {
                    eprintln!("{util}: invalid (non-UTF-8) argument: {}", bad.to_string_lossy());
                    exit(1);
                }
            };
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let code = if util == "find" {
                findutils::find::find_main(&args, &findutils::find::StandardDependencies::new())
            } else {
                findutils::xargs::xargs_main(&args)
            };
            let _ = std::io::stdout().flush();
            exit(code)
        }
        "chmod" => exit(chmod::main(utf8(args))),
        "df" => exit(df::main(utf8(args))),
        "du" => exit(du::main(utf8(args))),
        "tar" => exit(tar::main(utf8(args))),
        "gzip" | "gunzip" | "zcat" => exit(gzip::main(&util, utf8(args))),
        "stat" => exit(stat::main(utf8(args))),
        "awk" => awk::main(utf8(args)),
        "diff" | "cmp" => {
            // Both parse from std's argument iterator, whose first item is the program name.
            let mut os_args = std::env::args_os();
            if second_arg {
                os_args.next();
            }
            if util == "diff" {
                diff::main(os_args.peekable())
            } else {
                diffutilslib::cmp::main(os_args.peekable())
            }
        }
        _ => {
            eprintln!("commands: unknown program '{util}'");
            ExitCode::from(127)
        }
    }
}
