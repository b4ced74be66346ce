//! Seccomp drift: the runtimes run their test workloads under `strace -f` — for
//! sandbox-wasm the WASI test guest's commands (files, stdio, clocks, sleeping, polling,
//! memory growth and its limit, traps, exits) and the process-extension guest's
//! (pipelines, signals, kill); for sandbox-node a set of programs (timers, promises,
//! garbage collection, `Intl`, WebAssembly, uncaught errors) and every program of the
//! node parity suite (`tests/node/parity`) — and every system call each made once
//! confined is checked against its profile in `policies/seccomp/`.
//!
//! - A call outside the profile fails the test by name (otherwise a libc or std update
//!   shows up only as a runtime dying with `SIGSYS`), and so does an argument outside a
//!   rule that pins the first argument (`read`/`write` by descriptor).
//! - A call the profile allows but the workload never made fails too, unless it is in
//!   [`UNMEASURED`] with the reason it stays: so the profile cannot widen silently.
//!
//! Needs `strace` (installed by `.ci/setup`).

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Command, Stdio};

use serde_json::Value;
use tests::strace::{record, Recorded};
use tests::{bin_dir, workspace_root, Fixture};

/// Allowed calls the workload does not reliably make, per runtime, and why they stay.
const UNMEASURED: &[(&str, &str, &str)] = &[
    ("sandbox-wasm", "sched_yield", "spin-then-park waits yield only under contention"),
    ("sandbox-wasm", "futex", "a contended lock in the runtime; rare with one thread"),
    ("sandbox-wasm", "mremap", "allocator growth of large blocks; depends on sizes"),
    ("sandbox-wasm", "gettimeofday", "vDSO calls rarely reach the kernel"),
    ("sandbox-wasm", "clock_gettime", "vDSO calls rarely reach the kernel"),
    ("sandbox-wasm", "clock_getres", "vDSO calls rarely reach the kernel"),
    ("sandbox-wasm", "clock_nanosleep", "the wasm sleep is a kernel request; kept for backoff"),
    ("sandbox-wasm", "ppoll", "glibc's poll on some versions"),
    (
        "sandbox-wasm",
        "rt_sigreturn",
        "return from a signal handler (wasm traps are caught by signal)",
    ),
    ("sandbox-wasm", "brk", "glibc's heap before the first mmap; depends on glibc"),
    ("sandbox-wasm", "madvise", "allocator trimming; depends on sizes"),
    (
        "sandbox-wasm",
        "getrandom",
        "std's HashMap seed, once per thread; made before lock-down today",
    ),
    ("sandbox-wasm", "rt_sigprocmask", "glibc's abort() masks signals first (a runtime panic)"),
    (
        "sandbox-wasm",
        "rt_sigaction",
        "a genuine crash: Rust std's SIGSEGV handler resets the action",
    ),
    (
        "sandbox-wasm",
        "restart_syscall",
        "a wait resumed after the kernel stops and continues the runtime",
    ),
    (
        "sandbox-node",
        "restart_syscall",
        "a wait resumed after the kernel stops and continues the runtime",
    ),
    ("sandbox-node", "sched_yield", "spin-then-park waits yield only under contention"),
    ("sandbox-node", "mremap", "allocator growth of large blocks; depends on sizes"),
    ("sandbox-node", "gettimeofday", "vDSO calls rarely reach the kernel"),
    ("sandbox-node", "clock_gettime", "vDSO calls rarely reach the kernel"),
    ("sandbox-node", "clock_getres", "vDSO calls rarely reach the kernel"),
    ("sandbox-node", "clock_nanosleep", "timers wait in the kernel process; kept for backoff"),
    ("sandbox-node", "ppoll", "glibc's poll on some versions"),
    ("sandbox-node", "rt_sigreturn", "return from a signal handler; none is raised normally"),
    ("sandbox-node", "brk", "glibc's heap before the first mmap; depends on glibc"),
    ("sandbox-node", "exit", "the JavaScript thread ending on a panic"),
    ("sandbox-node", "pkey_alloc", "protection keys: V8 probes them before lock-down"),
    ("sandbox-node", "pkey_free", "protection keys: absent on this CPU"),
    ("sandbox-node", "pkey_mprotect", "protection keys: absent on this CPU"),
    ("sandbox-node", "getpid", "glibc's raise/abort paths; V8 rarely"),
    ("sandbox-node", "clone3", "answered ENOSYS by the extra filter; glibc may skip it"),
    ("sandbox-node", "rt_sigaction", "glibc's first pthread_create; a genuine crash (as wasm)"),
    ("sandbox-node", "sigaltstack", "set up per thread by Rust std; before lock-down on main"),
    ("sandbox-node", "madvise", "V8 and the allocator give memory back; depends on sizes"),
    ("sandbox-node", "futex", "a contended lock; rare with one JavaScript thread"),
    ("sandbox-node", "poll", "the ring's park with a pidfd; only when the kernel is slow"),
];

struct Profile {
    /// Allowed calls, with the values the first argument may take where every rule of
    /// the call pins it (`index 0`, `eq`).
    allowed: BTreeMap<String, Option<BTreeSet<String>>>,
}

fn profile(runtime: &str) -> Profile {
    let path = workspace_root().join(format!("policies/seccomp/{runtime}.json"));
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("profile"))
        .expect("profile JSON");
    let mut allowed: BTreeMap<String, Option<BTreeSet<String>>> = BTreeMap::new();
    for rule in json[runtime]["filter"].as_array().expect("rules") {
        let name = rule["syscall"].as_str().expect("syscall").to_owned();
        let pinned = rule["args"].as_array().and_then(|args| match args.as_slice() {
            [a] if a["index"] == 0 && a["op"] == "eq" => Some(a["val"].to_string()),
            _ => None,
        });
        let entry = allowed.entry(name).or_insert_with(|| Some(BTreeSet::new()));
        match (entry.as_mut(), pinned) {
            (Some(vals), Some(v)) => {
                vals.insert(v);
            }
            _ => *entry = None,
        }
    }
    Profile { allowed }
}

/// Runs `kernel run <args>` under `strace -f`; answers the log.
fn traced(f: &Fixture, args: &[&str], stdin: &[u8]) -> String {
    let log = f.path("strace.log");
    let mut child = Command::new("strace")
        .args(["-f", "-qq", "--pidns-translation", "-s", "256", "-o"])
        .arg(&log)
        .arg(bin_dir().join("kernel"))
        .arg("--config")
        .arg(f.path("policy.toml"))
        .arg("run")
        .env("SANDBOX_MODULE_CACHE", tests::module_cache_dir())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("strace (installed by .ci/setup) must be on PATH");
    let mut input = child.stdin.take().expect("stdin");
    let _ = std::io::Write::write_all(&mut input, stdin);
    drop(input);
    child.wait().expect("wait strace");
    std::fs::read_to_string(&log).expect("strace log")
}

fn check(runtime: &str, logs: &[String]) {
    let profile = profile(runtime);
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut problems = Vec::new();
    let mut runs = 0;
    for log in logs {
        let Recorded { calls, killed } = record(log);
        runs += usize::from(calls.iter().any(|c| c.runtime == runtime));
        for (rt, pid) in killed.iter().filter(|(rt, _)| rt == runtime) {
            problems.push(format!("{rt} pid {pid} was killed by SIGSYS"));
        }
        for call in calls.iter().filter(|c| c.runtime == runtime) {
            seen.insert(call.name.clone());
            match profile.allowed.get(&call.name) {
                None => problems.push(format!("{}: not in the profile", call.name)),
                Some(Some(vals)) if !vals.contains(&call.first_arg) => problems.push(format!(
                    "{}({}, ..): first argument outside {vals:?}",
                    call.name, call.first_arg
                )),
                Some(_) => {}
            }
        }
    }
    assert_eq!(runs, logs.len(), "every workload run started a confined {runtime}");
    let unmeasured: BTreeSet<&str> =
        UNMEASURED.iter().filter(|(rt, _, _)| *rt == runtime).map(|(_, c, _)| *c).collect();
    for name in profile.allowed.keys() {
        if !seen.contains(name) && !unmeasured.contains(name.as_str()) {
            problems.push(format!(
                "{name}: allowed but never made by the workload (remove it, or list it in \
                 UNMEASURED with why it stays)"
            ));
        }
    }
    for name in &unmeasured {
        assert!(profile.allowed.contains_key(*name), "UNMEASURED lists {name}, not in the profile");
    }
    problems.sort();
    problems.dedup();
    assert!(problems.is_empty(), "{runtime} drifted from its profile:\n{}", problems.join("\n"));
}

#[test]
fn sandbox_wasm_stays_within_its_profile() {
    let f = Fixture::new();
    f.install_guest("wasi-e2e", "app/e2e.wasm");
    std::fs::create_dir_all(f.path("data")).expect("mkdir");
    f.policy(
        "[[mount]]\nhost = \"app\"\npath = \"/app\"\n\n[[mount]]\nhost = \"data\"\n\
         path = \"/data\"\nmode = \"rw\"\n\n[env]\nset = { A = \"1\" }\n\n[process]\nspawn = [\"proc.wasm\"]\n\n\
         [limits]\nmemory_mb = 64\n",
    );
    f.install_guest("proc-e2e", "app/proc.wasm");
    let runs: &[&[&str]] = &[
        &["write", "/data/f", "hello"],
        &["append", "/data/f", "more"],
        &["cat", "/data/f"],
        &["ls", "/data"],
        &["stat", "/data/f"],
        &["mkdir", "/data/d"],
        &["symlink", "f", "/data/l"],
        &["readlink", "/data/l"],
        &["lstat", "/data/l"],
        &["rename", "/data/f", "/data/g"],
        &["rm", "/data/g"],
        &["rmdir", "/data/d"],
        &["env"],
        &["args", "a", "b"],
        &["stdin"],
        &["stderr", "to stderr"],
        &["exit", "3"],
        &["sleep", "20"],
        &["poll-stdin", "20"],
        &["alloc", "16"],
        &["alloc", "1024"],
        &["cat", "/missing"],
        &["abort"],
    ];
    let mut logs: Vec<String> = runs
        .iter()
        .map(|args| {
            let mut all = vec!["/app/e2e.wasm"];
            all.extend_from_slice(args);
            traced(&f, &all, b"input")
        })
        .collect();
    // The process extension: pipelines, signals, kill, ids.
    let proc_runs: &[&[&str]] =
        &[&["pipeline", "hi"], &["bigpipe", "300000"], &["kill"], &["ids"], &["signal"]];
    for args in proc_runs {
        let mut all = vec!["/app/proc.wasm"];
        all.extend_from_slice(args);
        logs.push(traced(&f, &all, b""));
    }
    check("sandbox-wasm", &logs);
}

#[test]
fn sandbox_node_stays_within_its_profile() {
    let f = Fixture::new();
    let programs = [
        (
            "timers.js",
            "let n = 0; const i = setInterval(() => { if (++n === 3) clearInterval(i); }, 2);\n\
             setTimeout(() => console.log('timeout'), 5);\n\
             Promise.resolve(1).then((v) => console.log('promise', v));\n",
        ),
        (
            "fs.js",
            "const fs = require('fs');\nfs.writeFileSync('/data/x', 'data');\n\
             console.log(fs.readFileSync('/data/x', 'utf8'));\n\
             try { fs.readFileSync('/data/missing'); } catch (e) { console.log(e.code); }\n",
        ),
        (
            "gc.js",
            "let keep = [];\nfor (let i = 0; i < 200; i++) { keep.push(new Array(20000).fill(i)); \
             if (keep.length > 20) keep = []; }\nconsole.log('done');\n",
        ),
        (
            "intl.js",
            "console.log(new Intl.NumberFormat('en-US').format(1234.5), \
             new Date(0).toISOString(), typeof Math.random(), JSON.stringify({a: [1]}));\n",
        ),
        (
            "wasm.js",
            "const bytes = new Uint8Array([0,97,115,109,1,0,0,0,1,7,1,96,2,127,127,1,127,3,2,1,0,\
             7,7,1,3,97,100,100,0,0,10,9,1,7,0,32,0,32,1,106,11]);\n\
             WebAssembly.instantiate(bytes).then(({instance}) => \
             console.log(instance.exports.add(2, 3)));\n",
        ),
        ("throw.js", "throw new Error('uncaught');\n"),
        ("exit.js", "process.exitCode = 3; process.stdout.write('bye\\n');\n"),
    ];
    for (name, text) in programs {
        f.write(&format!("app/{name}"), text);
    }
    std::fs::create_dir_all(f.path("data")).expect("mkdir");
    f.policy(
        "[[mount]]\nhost = \"app\"\npath = \"/app\"\n\n[[mount]]\nhost = \"data\"\n\
         path = \"/data\"\nmode = \"rw\"\n",
    );
    let mut logs: Vec<String> = programs
        .iter()
        .map(|(name, _)| traced(&f, &["node", &format!("/app/{name}")], b""))
        .collect();
    logs.push(traced(&f, &["node", "-e", "console.log(1 + 1)"], b""));
    // And every program of the node parity suite (tests/node/parity), as node.rs runs it.
    let p = Fixture::new();
    p.policy(&format!(
        "[[mount]]\nhost = {:?}\npath = \"/parity\"\n",
        tests::node_parity_root().display().to_string()
    ));
    let parity = tests::node_parity_programs();
    assert!(parity.len() >= 50, "only {} parity programs found", parity.len());
    for program in &parity {
        logs.push(traced(&p, &["node", &format!("/parity/{program}")], b""));
    }
    check("sandbox-node", &logs);
}
