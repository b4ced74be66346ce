//! The process model through the real kernel: spawn, waitpid, signals, process groups
//! and sessions, the spawn policy and the process limit, and resource release — each
//! driven by `syscall-client` scripts (`tests/src/syscalls.rs`) whose children run
//! scripts of their own (the client is installed as `sandbox-wasm`, so a spawned
//! `/app/any.wasm` is another client, with its script in `argv[1]`).
//!
//! Pids are virtual and predictable: the first program is 1, its first child 2, and
//! so on. A child's output goes to a file in `/tmp` (a file action), which the parent
//! reads back after waiting for it, so the kernel's stdout holds one script's lines.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use syscall_proto::fd::FdRequest;
use syscall_proto::path::oflags::{O_CREAT, O_TRUNC, O_WRONLY};
use syscall_proto::proc::{
    wait, Disposition, FdAction, ProcRequest, RuntimeLimit, SigHow, SpawnRequest,
};
use syscall_proto::time::TimeRequest;
use syscall_proto::{Errno, Reply, Request};
use tests::syscalls::{
    data, fd_of, install_client, neg_of, parse_output, parse_signals, req, run_script, script_json,
    Outcome, ScriptRun, PROGRAM,
};
use tests::Fixture;

const SIGKILL: i32 = 9;
const SIGUSR1: i32 = 10;
const SIGSEGV: i32 = 11;
const SIGTERM: i32 = 15;
const SIGCHLD: i32 = 17;
const SIGCONT: i32 = 18;
const SIGSTOP: i32 = 19;

/// A fixture whose policy mounts `/app` (holding [`PROGRAM`]) and adds `extra`.
fn fixture(extra: &str) -> Fixture {
    let f = Fixture::new();
    f.write("app/any.wasm", b"\0asm\x01\0\0\0");
    f.policy(&format!(
        "[[mount]]\nhost = \"app\"\npath = \"/app\"\nmode = \"ro\"\n\n[audit]\nfile = \"{}\"\n\n{extra}",
        f.path("audit.jsonl").display()
    ));
    f
}

/// The policy that lets the script client spawn itself.
const SPAWN_ANY: &str = "[process]\nspawn = [\"*\"]\n";

fn proc(r: ProcRequest) -> Request {
    Request::Proc(r)
}

/// A child that runs `script`, all else as posix_spawn's defaults.
fn child(script: &[Request]) -> SpawnRequest {
    child_json(&script_json(script))
}

/// A child whose script is the JSON text `script` (for client steps). Its stdout goes
/// to a file of its own in `/tmp`, so its lines stay out of its parent's output.
fn child_json(script: &str) -> SpawnRequest {
    static N: AtomicUsize = AtomicUsize::new(0);
    let out = format!("/tmp/child-{}.out", N.fetch_add(1, Ordering::Relaxed));
    output_to(
        SpawnRequest {
            program: PROGRAM.into(),
            argv: vec![PROGRAM.into(), script.into()],
            ..SpawnRequest::default()
        },
        &out,
    )
}

/// A child with an empty script and nothing else: it starts, and exits 0.
fn bare_child() -> SpawnRequest {
    SpawnRequest {
        program: PROGRAM.into(),
        argv: vec![b"c".to_vec(), b"[]".to_vec()],
        ..SpawnRequest::default()
    }
}

/// A request that blocks for an hour (a child that lives until it is killed).
fn sleep_long() -> Request {
    Request::Time(TimeRequest::Sleep { nanos: 3600 * 1_000_000_000 })
}

/// `request` with the child's stdout sent to `path` (created, truncated).
fn output_to(mut request: SpawnRequest, path: &str) -> SpawnRequest {
    request.fd_actions.push(FdAction::Open {
        fd: 1,
        path: path.into(),
        flags: O_WRONLY | O_CREAT | O_TRUNC,
        mode: 0o644,
    });
    request
}

fn with_action(mut request: SpawnRequest, action: FdAction) -> SpawnRequest {
    request.fd_actions.push(action);
    request
}

fn spawn(request: SpawnRequest) -> Request {
    proc(ProcRequest::Spawn(Box::new(request)))
}

fn waitpid(pid: i32, options: u32) -> Request {
    proc(ProcRequest::Wait { pid, options })
}

fn kill(pid: i32, signo: i32) -> Request {
    proc(ProcRequest::Kill { pid, signo })
}

fn sigaction(signo: i32, action: Disposition) -> Request {
    proc(ProcRequest::SigAction { signo, action })
}

fn exit(code: i32) -> Request {
    proc(ProcRequest::Exit { code })
}

fn waited(pid: i32, status: i32) -> Outcome {
    Ok(Reply::Waited { pid, status })
}

fn pid(n: i32) -> Outcome {
    Ok(Reply::Pid(n))
}

/// A child's outcomes, from the file its stdout went to (read by step `step`).
fn child_outcomes(run: &ScriptRun, step: usize) -> Vec<Outcome> {
    parse_output(data(&run.outcomes[step])).expect("the child's output")
}

/// Steps that are requests or client steps (`"Crash"`, `"Env"`, `"Args"`).
#[derive(Clone)]
enum Step {
    Req(Request),
    Client(&'static str),
}

impl From<Request> for Step {
    fn from(r: Request) -> Step {
        Step::Req(r)
    }
}

fn script_json_steps(steps: &[Step]) -> String {
    let values: Vec<serde_json::Value> = steps
        .iter()
        .map(|s| match s {
            Step::Req(r) => serde_json::to_value(r).expect("a request serializes"),
            Step::Client(name) => serde_json::Value::from(*name),
        })
        .collect();
    serde_json::to_string(&values).expect("steps serialize")
}

fn child_steps(steps: &[Step]) -> SpawnRequest {
    child_json(&script_json_steps(steps))
}

macro_rules! steps {
    ($($s:expr),* $(,)?) => { [$(Step::from($s)),*] };
}

impl From<&'static str> for Step {
    fn from(s: &'static str) -> Step {
        Step::Client(s)
    }
}

#[test]
fn a_child_runs_exits_and_is_waited_for() {
    let f = fixture(SPAWN_ANY);
    let kid = steps![proc(ProcRequest::GetPid), proc(ProcRequest::GetPpid), "Args", exit(3)];
    let run = run_script(
        &f,
        &[
            /* 0 */ spawn(output_to(child_steps(&kid), "/tmp/kid.out")),
            /* 1 */ waitpid(fd_of(0), 0),
            /* 2 */ waitpid(-1, 0),
            /* 3 */ waitpid(2, wait::WNOHANG),
            /* 4 */ req::read_file("/tmp/kid.out"),
            /* 5 */ proc(ProcRequest::GetPpid),
            /* 6 */ proc(ProcRequest::GetPid),
        ],
    );
    let out = &run.outcomes;
    assert_eq!(out[0], pid(2), "the first child of init is pid 2");
    assert_eq!(out[1], waited(2, wait::exited(3)));
    assert_eq!(out[2], Err(Errno::ECHILD), "reaped: no child left");
    assert_eq!(out[3], Err(Errno::ECHILD));
    assert_eq!(out[5], pid(0), "init's parent is outside the sandbox");
    assert_eq!(out[6], Ok(Reply::Fd(1)), "the first program is init, pid 1");
    let kid_out = child_outcomes(&run, 4);
    assert_eq!(kid_out[0], Ok(Reply::Fd(2)));
    assert_eq!(kid_out[1], pid(1));
    let args = data(&kid_out[2]).to_vec();
    let want = [PROGRAM.as_bytes(), b"\0", script_json_steps(&kid).as_bytes(), b"\0"].concat();
    assert_eq!(args, want, "argv exactly as the parent passed it");
}

#[test]
fn wnohang_sees_a_running_child_and_a_blocking_wait_wakes_at_its_exit() {
    let f = fixture(SPAWN_ANY);
    // The child blocks reading a pipe whose only writer left is the parent's end.
    let mut kid = child(&[req::read(4, 10), exit(7)]);
    kid.fd_actions.push(FdAction::Close { fd: 5 });
    let run = run_script(
        &f,
        &[
            /* 0 */ req::pipe(0),
            /* 1 */ spawn(kid),
            /* 2 */ waitpid(-1, wait::WNOHANG),
            /* 3 */ waitpid(2, wait::WNOHANG),
            /* 4 */ req::close(5),
            /* 5 */ waitpid(0, 0),
            /* 6 */ waitpid(-1, wait::WNOHANG),
            /* 7 */ waitpid(-1, 0x4000_0000),
        ],
    );
    let out = &run.outcomes;
    assert_eq!(out[1], pid(2));
    assert_eq!(out[2], waited(0, 0), "running: nothing to report yet");
    assert_eq!(out[3], waited(0, 0));
    // Closing the last writer gives the child end of file; it exits 7.
    assert_eq!(out[5], waited(2, wait::exited(7)), "waitpid(0): same process group");
    assert_eq!(out[6], Err(Errno::ECHILD));
    assert_eq!(out[7], Err(Errno::EINVAL), "unknown option bits");
}

#[test]
fn waiting_for_a_process_that_is_not_a_child_is_echild() {
    let f = fixture(SPAWN_ANY);
    // Pid 3 (the grandchild) is not init's child; pid 1 is init itself.
    let grandchild = child(&[sleep_long()]);
    let kid = output_to(
        child(&[spawn(grandchild), waitpid(1, wait::WNOHANG), waitpid(3, wait::WNOHANG)]),
        "/tmp/kid.out",
    );
    let run = run_script(
        &f,
        &[
            /* 0 */ spawn(kid),
            /* 1 */ waitpid(2, 0),
            /* 2 */ waitpid(3, wait::WNOHANG),
            /* 3 */ waitpid(1, wait::WNOHANG),
            /* 4 */ waitpid(99, 0),
            /* 5 */ waitpid(-77, 0),
            /* 6 */ req::read_file("/tmp/kid.out"),
            /* 7 */ kill(3, SIGKILL),
            /* 8 */ waitpid(-1, 0),
        ],
    );
    let out = &run.outcomes;
    assert_eq!(out[1], waited(2, 0));
    // The grandchild was reparented to init when its parent exited: now it is init's.
    assert_eq!(out[2], waited(0, 0));
    assert_eq!(out[3], Err(Errno::ECHILD));
    assert_eq!(out[4], Err(Errno::ECHILD));
    assert_eq!(out[5], Err(Errno::ECHILD));
    let kid_out = child_outcomes(&run, 6);
    assert_eq!(kid_out[0], pid(3));
    assert_eq!(kid_out[1], Err(Errno::ECHILD), "its parent is not its child");
    assert_eq!(kid_out[2], waited(0, 0));
    assert_eq!(out[8], waited(3, wait::signaled(SIGKILL)));
}

#[test]
fn orphans_go_to_init_and_see_end_of_file_when_their_parent_exits() {
    let f = fixture(SPAWN_ANY);
    // The grandchild tells its parent it has asked for its parent (pipe 6/7), then
    // waits for end of file on a pipe only its parent holds open for writing (4/5):
    // the parent's exit closes it.
    let grandchild = output_to(
        child(&[
            proc(ProcRequest::GetPpid),
            req::write(7, "asked"),
            req::read(4, 10),
            proc(ProcRequest::GetPpid),
        ]),
        "/tmp/g.out",
    );
    let grandchild =
        with_action(with_action(grandchild, FdAction::Close { fd: 5 }), FdAction::Close { fd: 6 });
    let kid =
        child(&[req::pipe(0), req::pipe(0), spawn(grandchild), req::close(7), req::read(6, 10)]);
    let run = run_script(
        &f,
        &[
            /* 0 */ spawn(kid),
            /* 1 */ waitpid(2, 0),
            /* 2 */ waitpid(-1, 0),
            /* 3 */ req::read_file("/tmp/g.out"),
        ],
    );
    let out = &run.outcomes;
    assert_eq!(out[1], waited(2, 0));
    assert_eq!(out[2], waited(3, 0), "init waits for its adopted grandchild");
    let g = child_outcomes(&run, 3);
    assert_eq!(g[0], pid(2));
    assert_eq!(g[2], Ok(Reply::Data(Vec::new())), "end of file: the writer's process ended");
    assert_eq!(g[3], pid(1), "reparented to init");
}

#[test]
fn signals_terminate_stop_and_continue_with_linux_statuses() {
    let f = fixture(SPAWN_ANY);
    let sleeper = || child(&[sleep_long()]);
    let run = run_script(
        &f,
        &[
            /* 0 */ spawn(sleeper()),
            /* 1 */ kill(2, SIGSTOP),
            /* 2 */ waitpid(2, wait::WUNTRACED),
            /* 3 */ waitpid(2, wait::WUNTRACED | wait::WNOHANG),
            /* 4 */ kill(2, SIGCONT),
            /* 5 */ waitpid(2, wait::WCONTINUED),
            /* 6 */ kill(2, SIGSTOP),
            /* 7 */ kill(2, SIGTERM),
            /* 8 */ waitpid(2, 0),
            /* 9 */ spawn(sleeper()),
            /* 10 */ kill(3, SIGKILL),
            /* 11 */ waitpid(3, 0),
            /* 12 */ kill(3, 0),
        ],
    );
    let out = &run.outcomes;
    assert_eq!(out[2], waited(2, wait::stopped(SIGSTOP)));
    assert_eq!(out[3], waited(0, 0), "a stop is reported once");
    assert_eq!(out[5], waited(2, wait::CONTINUED));
    // A fatal signal ends a stopped process too.
    assert_eq!(out[8], waited(2, wait::signaled(SIGTERM)));
    assert_eq!(out[11], waited(3, wait::signaled(SIGKILL)));
    assert_eq!(out[12], Err(Errno::ESRCH), "reaped: gone");
    // The encodings are Linux's: the C library's macros decode them.
    let term = wait::signaled(SIGTERM);
    assert!(libc::WIFSIGNALED(term) && libc::WTERMSIG(term) == SIGTERM);
    let stop = wait::stopped(SIGSTOP);
    assert!(libc::WIFSTOPPED(stop) && libc::WSTOPSIG(stop) == SIGSTOP);
    let exit = wait::exited(3);
    assert!(libc::WIFEXITED(exit) && libc::WEXITSTATUS(exit) == 3);
    assert!(libc::WIFCONTINUED(wait::CONTINUED));
}

#[test]
fn a_handled_signal_interrupts_a_blocked_call_and_reaches_the_runtime() {
    let f = fixture(SPAWN_ANY);
    let big = 200 << 10;
    // The child blocks in a write larger than the pipe; the parent reads one byte
    // (so the write has begun) and signals it: the write returns what went in, and
    // the signal comes with that answer.
    let mut kid = output_to(
        child(&[sigaction(SIGUSR1, Disposition::Handle), req::write(5, vec![7u8; big]), exit(0)]),
        "/tmp/kid.out",
    );
    kid.fd_actions.push(FdAction::Close { fd: 4 });
    let run = run_script(
        &f,
        &[
            /* 0 */ req::pipe(0),
            /* 1 */ spawn(kid),
            /* 2 */ req::close(5),
            /* 3 */ req::read(4, 1),
            /* 4 */ kill(2, SIGUSR1),
            /* 5 */ waitpid(2, 0),
            /* 6 */ req::read_file("/tmp/kid.out"),
        ],
    );
    let out = &run.outcomes;
    assert_eq!(data(&out[3]), [7u8]);
    assert_eq!(out[5], waited(2, 0), "handled: the child lives on and exits 0");
    let text = data(&out[6]);
    let kid_out = parse_output(text).unwrap();
    assert_eq!(kid_out[0], Ok(Reply::Disposition(Disposition::Default)));
    match kid_out[1] {
        Ok(Reply::Written(n)) => assert!(n > 0 && n < big as u64, "a partial write: {n}"),
        ref other => panic!("{other:?}"),
    }
    assert_eq!(parse_signals(text).unwrap(), vec![(1, vec![SIGUSR1])]);
}

#[test]
fn sigchld_reaches_a_parent_that_handles_it_and_sig_ign_leaves_no_zombie() {
    let f = fixture(SPAWN_ANY);
    let run = run_script(
        &f,
        &[
            /* 0 */ sigaction(SIGCHLD, Disposition::Handle),
            /* 1 */ spawn(child(&[])),
            /* 2 */ waitpid(2, 0),
            /* 3 */ sigaction(SIGCHLD, Disposition::Ignore),
            /* 4 */ spawn(child(&[])),
            /* 5 */ waitpid(3, 0),
            /* 6 */ proc(ProcRequest::SigPending),
        ],
    );
    let out = &run.outcomes;
    assert_eq!(out[2], waited(2, 0));
    // SIG_IGN for SIGCHLD: the child is reaped at its exit, so a wait finds nothing
    // (once it has ended; it blocks until then).
    assert_eq!(out[5], Err(Errno::ECHILD));
    assert_eq!(out[6], Ok(Reply::SigSet(0)));
    let signals = parse_signals(&run.run.output.stdout).unwrap();
    assert_eq!(signals.len(), 1, "one SIGCHLD, for the first child: {signals:?}");
    assert!(signals[0].0 <= 2 && signals[0].1 == vec![SIGCHLD], "{signals:?}");
}

#[test]
fn blocked_signals_stay_pending_and_act_when_unblocked() {
    let f = fixture(SPAWN_ANY);
    let bit = |s: i32| 1u64 << (s - 1);
    let run = run_script(
        &f,
        &[
            /* 0 */ sigaction(SIGUSR1, Disposition::Handle),
            /* 1 */ proc(ProcRequest::SigProcMask { how: SigHow::Block, set: bit(SIGUSR1) }),
            /* 2 */ kill(0, SIGUSR1),
            /* 3 */ proc(ProcRequest::SigPending),
            /* 4 */
            proc(ProcRequest::SigProcMask { how: SigHow::Unblock, set: bit(SIGUSR1) }),
            /* 5 */ proc(ProcRequest::SigPending),
            /* 6 */ sigaction(SIGKILL, Disposition::Ignore),
            /* 7 */ sigaction(SIGSTOP, Disposition::Handle),
            /* 8 */ sigaction(65, Disposition::Default),
            /* 9 */ proc(ProcRequest::SigProcMask { how: SigHow::SetMask, set: u64::MAX }),
            /* 10 */ proc(ProcRequest::SigProcMask { how: SigHow::SetMask, set: 0 }),
            /* 11 */ sigaction(SIGTERM, Disposition::Ignore),
            /* 12 */ kill(1, SIGTERM),
            /* 13 */ proc(ProcRequest::GetPid),
        ],
    );
    let out = &run.outcomes;
    assert_eq!(out[3], Ok(Reply::SigSet(bit(SIGUSR1))));
    assert_eq!(out[4], Ok(Reply::SigSet(bit(SIGUSR1))));
    assert_eq!(out[5], Ok(Reply::SigSet(0)));
    assert_eq!(out[6], Err(Errno::EINVAL));
    assert_eq!(out[7], Err(Errno::EINVAL));
    assert_eq!(out[8], Err(Errno::EINVAL));
    assert_eq!(
        out[10],
        Ok(Reply::SigSet(!(bit(SIGKILL) | bit(SIGSTOP)))),
        "SIGKILL and SIGSTOP cannot be blocked"
    );
    assert_eq!(out[12], Ok(Reply::Unit));
    assert_eq!(out[13], Ok(Reply::Fd(1)), "ignored: still alive");
    let signals = parse_signals(&run.run.output.stdout).unwrap();
    assert_eq!(signals, vec![(4, vec![SIGUSR1])], "delivered when unblocked");
}

#[test]
fn kill_reaches_only_the_sandbox_and_init_only_with_signals_it_handles() {
    let f = fixture(SPAWN_ANY);
    let kernel_like = [std::process::id() as i32, 4_000_000, i32::MAX];
    let kid = output_to(
        child(&[
            kill(1, SIGKILL),
            kill(1, SIGTERM),
            kill(-1, SIGTERM),
            kill(kernel_like[0], SIGKILL),
            kill(kernel_like[1], 0),
            kill(kernel_like[2], SIGKILL),
            kill(i32::MIN, SIGKILL),
            kill(-kernel_like[0], SIGKILL),
            kill(2, 65),
            kill(2, -1),
            kill(0, 0),
        ]),
        "/tmp/kid.out",
    );
    let run = run_script(
        &f,
        &[
            /* 0 */ spawn(child(&[sleep_long()])),
            /* 1 */ spawn(kid),
            /* 2 */ waitpid(3, 0),
            /* 3 */ waitpid(2, 0),
            /* 4 */ req::read_file("/tmp/kid.out"),
            /* 5 */ proc(ProcRequest::GetPid),
        ],
    );
    let out = &run.outcomes;
    assert_eq!(out[2], waited(3, 0));
    // kill(-1) from pid 3 reached its sibling, pid 2, and neither init nor itself.
    assert_eq!(out[3], waited(2, wait::signaled(SIGTERM)));
    assert_eq!(out[5], Ok(Reply::Fd(1)), "init survived SIGKILL and SIGTERM from inside");
    let k = child_outcomes(&run, 4);
    assert_eq!(k[0], Ok(Reply::Unit), "as Linux: accepted, and init ignores it");
    assert_eq!(k[1], Ok(Reply::Unit));
    assert_eq!(k[2], Ok(Reply::Unit));
    for (i, what) in [
        (3, "the test's host pid"),
        (4, "a large pid"),
        (5, "i32::MAX"),
        (6, "i32::MIN"),
        (7, "a host process group"),
    ] {
        assert_eq!(k[i], Err(Errno::ESRCH), "{what}: no such process in the sandbox");
    }
    assert_eq!(k[8], Err(Errno::EINVAL));
    assert_eq!(k[9], Err(Errno::EINVAL));
    assert_eq!(k[10], Ok(Reply::Unit));
}

#[test]
fn process_groups_and_sessions() {
    let f = fixture(SPAWN_ANY);
    let sleeper = || child(&[sleep_long()]);
    let mut leader = sleeper();
    leader.pgroup = Some(0);
    let mut member = sleeper();
    member.pgroup = Some(fd_of(5));
    let mut stray = sleeper();
    stray.pgroup = Some(12345);
    let mut session = output_to(
        child(&[
            proc(ProcRequest::GetSid { pid: 0 }),
            proc(ProcRequest::GetPgid { pid: 0 }),
            proc(ProcRequest::SetSid),
            proc(ProcRequest::SetPgid { pid: 0, pgid: 0 }),
        ]),
        "/tmp/session.out",
    );
    session.setsid = true;
    let run = run_script(
        &f,
        &[
            /* 0 */ proc(ProcRequest::GetPgid { pid: 0 }),
            /* 1 */ proc(ProcRequest::GetSid { pid: 0 }),
            /* 2 */ proc(ProcRequest::SetSid),
            /* 3 */ proc(ProcRequest::SetPgid { pid: 0, pgid: 0 }),
            /* 4 */ proc(ProcRequest::SetPgid { pid: 99, pgid: 0 }),
            /* 5 */ spawn(leader),
            /* 6 */ spawn(member),
            /* 7 */ proc(ProcRequest::GetPgid { pid: fd_of(6) }),
            /* 8 */ spawn(stray),
            /* 9 */ kill(neg_of(5), SIGKILL),
            /* 10 */ waitpid(neg_of(5), 0),
            /* 11 */ waitpid(neg_of(5), 0),
            /* 12 */ waitpid(-1, wait::WNOHANG),
            /* 13 */ spawn(session),
            /* 14 */ waitpid(fd_of(13), 0),
            /* 15 */ req::read_file("/tmp/session.out"),
            /* 16 */ proc(ProcRequest::GetPgid { pid: 4242 }),
            /* 17 */ proc(ProcRequest::SetPgid { pid: 0, pgid: -1 }),
            /* 18 */ kill(neg_of(5), 0),
        ],
    );
    let out = &run.outcomes;
    assert_eq!(out[0], pid(1));
    assert_eq!(out[1], pid(1));
    assert_eq!(out[2], Err(Errno::EPERM), "init leads a group already");
    assert_eq!(out[3], Err(Errno::EPERM), "a session leader cannot change group");
    assert_eq!(out[4], Err(Errno::ESRCH));
    assert_eq!(out[5], pid(2));
    assert_eq!(out[6], pid(3));
    assert_eq!(out[7], pid(2), "joined the leader's group");
    assert_eq!(out[8], Err(Errno::EPERM), "no such group in the session");
    // Both members, in the order they ended.
    let mut reaped = [&out[10], &out[11]].map(|o| match o {
        Ok(Reply::Waited { pid, status }) => (*pid, *status),
        other => panic!("{other:?}"),
    });
    reaped.sort();
    assert_eq!(reaped, [(2, wait::signaled(SIGKILL)), (3, wait::signaled(SIGKILL))]);
    assert_eq!(out[12], Err(Errno::ECHILD));
    let s = child_outcomes(&run, 15);
    let sid = match out[13] {
        Ok(Reply::Pid(p)) => p,
        ref other => panic!("{other:?}"),
    };
    assert_eq!(s[0], pid(sid), "a new session led by the child");
    assert_eq!(s[1], pid(sid));
    assert_eq!(s[2], Err(Errno::EPERM));
    assert_eq!(s[3], Err(Errno::EPERM));
    assert_eq!(out[16], Err(Errno::ESRCH));
    assert_eq!(out[17], Err(Errno::EINVAL));
    assert_eq!(out[18], Err(Errno::ESRCH), "the group is gone with its members");
}

#[test]
fn spawn_resolves_commands_in_path_and_refuses_what_cannot_run() {
    let f = fixture("[process]\nspawn = [\"tool\", \"notes.txt\"]\n\n[[mount]]\nhost = \"bin\"\npath = \"/bin\"\nmode = \"ro\"\n");
    // A WebAssembly module without the .wasm name, found through PATH.
    f.write("bin/tool", b"\0asm\x01\0\0\0");
    f.write("app/notes.txt", "not a program");
    std::fs::create_dir_all(f.path("app/dir")).unwrap();
    let tool = |name: &str| SpawnRequest { program: name.into(), ..child(&[exit(4)]) };
    let run = run_script(
        &f,
        &[
            /* 0 */ spawn(tool("tool")),
            /* 1 */ waitpid(-1, 0),
            /* 2 */ spawn(tool("/bin/tool")),
            /* 3 */ waitpid(-1, 0),
            /* 4 */ spawn(tool("missing")),
            /* 5 */ spawn(tool("/app/missing.wasm")),
            /* 6 */ spawn(tool("/app/notes.txt")),
            /* 7 */ spawn(tool("/app/dir")),
            /* 8 */ spawn(tool(PROGRAM)),
            /* 9 */ spawn(tool("")),
            /* 10 */ spawn(SpawnRequest { cwd: Some(b"/nowhere".to_vec()), ..tool("tool") }),
            /* 11 */ spawn(with_action(tool("tool"), FdAction::Dup2 { from: 40, to: 1 })),
            /* 12 */ spawn(with_action(tool("tool"), FdAction::Close { fd: 1 << 20 })),
            /* 13 */ spawn(with_action(tool("tool"), FdAction::Close { fd: 40 })),
            /* 14 */ waitpid(-1, 0),
            /* 15 */
            spawn(with_action(
                tool("tool"),
                FdAction::Open {
                    fd: 1,
                    path: b"/app/new".to_vec(),
                    flags: O_WRONLY | O_CREAT,
                    mode: 0o644,
                },
            )),
        ],
    );
    let out = &run.outcomes;
    assert_eq!(out[15], Err(Errno::EROFS), "a file action is checked as any open");
    assert!(f
        .audit_records()
        .iter()
        .any(|r| r["call"] == "posix_spawn" && r["object"] == "/app/new"));
    assert_eq!(out[0], pid(2));
    assert_eq!(out[1], waited(2, wait::exited(4)));
    assert_eq!(out[3], waited(3, wait::exited(4)));
    assert_eq!(out[4], Err(Errno::ENOENT));
    assert_eq!(out[5], Err(Errno::ENOENT));
    assert_eq!(out[6], Err(Errno::ENOEXEC), "no runtime runs a text file");
    assert_eq!(out[7], Err(Errno::EACCES), "a directory");
    assert_eq!(out[8], Err(Errno::EACCES), "any.wasm is not in [process] spawn");
    assert_eq!(out[9], Err(Errno::ENOENT));
    assert_eq!(out[10], Err(Errno::ENOENT));
    assert_eq!(out[11], Err(Errno::EBADF));
    assert_eq!(out[12], Err(Errno::EBADF), "out of range");
    // Closing a descriptor that is not open is no error (glibc's posix_spawn).
    let Ok(Reply::Pid(last)) = out[13] else { panic!("{:?}", out[13]) };
    assert_eq!(out[14], waited(last, wait::exited(4)));
    let denied: Vec<_> =
        f.audit_records().into_iter().filter(|r| r["rule"] == "process.spawn").collect();
    assert_eq!(denied.len(), 1, "{denied:?}");
    assert_eq!(denied[0]["object"], "any.wasm");
    assert_eq!(denied[0]["call"], "posix_spawn");
    assert_eq!(denied[0]["errno"], "EACCES");
    assert_eq!(denied[0]["pid"], 1);
}

#[test]
fn no_spawn_rule_means_no_spawning() {
    let f = fixture("");
    let run = run_script(&f, &[spawn(child(&[])), proc(ProcRequest::GetPid)]);
    assert_eq!(run.outcomes[0], Err(Errno::EACCES));
    assert_eq!(run.outcomes[1], Ok(Reply::Fd(1)));
    assert!(f.audit_records().iter().any(|r| r["rule"] == "process.spawn"));
}

#[test]
fn file_actions_and_cloexec_build_the_childs_table() {
    let f = fixture(SPAWN_ANY);
    let kid = output_to(
        child(&[
            req::fstat(4),
            req::fstat(5),
            req::fstat(6),
            req::fstat(7),
            req::read(8, 100),
            req::fstat(9),
            proc(ProcRequest::GetPid),
        ]),
        "/tmp/kid.out",
    );
    let mut kid = kid;
    kid.fd_actions.extend([
        FdAction::Dup2 { from: 4, to: 8 },
        FdAction::Close { fd: 6 },
        FdAction::Dup2 { from: 7, to: 7 },
    ]);
    let run = run_script(
        &f,
        &[
            /* 0 */ req::pipe(0), // 4, 5
            /* 1 */
            Request::Fd(FdRequest::Pipe { flags: syscall_proto::path::oflags::O_CLOEXEC }), // 6, 7
            /* 2 */ req::write(5, "inherited"),
            /* 3 */ Request::Fd(FdRequest::Dup { fd: 4, min: 9, cloexec: true }), // 9
            /* 4 */ spawn(kid),
            /* 5 */ waitpid(2, 0),
            /* 6 */ req::read_file("/tmp/kid.out"),
        ],
    );
    assert_eq!(run.outcomes[5], waited(2, 0));
    let k = child_outcomes(&run, 6);
    assert!(k[0].is_ok(), "4 inherited: {:?}", k[0]);
    assert!(k[1].is_ok(), "5 inherited: {:?}", k[1]);
    assert_eq!(k[2], Err(Errno::EBADF), "closed by a file action (and FD_CLOEXEC)");
    assert!(k[3].is_ok(), "dup2 onto itself clears FD_CLOEXEC: {:?}", k[3]);
    assert_eq!(data(&k[4]), b"inherited", "8 is the pipe's read end");
    assert_eq!(k[5], Err(Errno::EBADF), "FD_CLOEXEC closed it");
}

#[test]
fn a_child_gets_only_the_environment_its_parent_passes() {
    let f = fixture(&format!("{SPAWN_ANY}\n[env]\nset = {{ POLICY_VAR = \"p\" }}\n"));
    let runtimes = install_client(&f);
    let kid = SpawnRequest {
        env: vec![(b"ONLY".to_vec(), b"this".to_vec())],
        ..output_to(child_steps(&steps!["Env"]), "/tmp/kid.out")
    };
    let script = script_json_steps(&steps![
        "Env",
        spawn(kid),
        waitpid(2, 0),
        req::read_file("/tmp/kid.out"),
        spawn(output_to(child_steps(&steps!["Env"]), "/tmp/empty.out")),
        waitpid(3, 0),
        req::read_file("/tmp/empty.out"),
    ]);
    let run = f.run_with(
        &[PROGRAM, &script],
        &["--runtime-dir", runtimes.to_str().unwrap()],
        b"",
        &[("KERNEL_SECRET", "leak"), ("PATH", "/host/bin")],
    );
    run.assert_code(0);
    let out = parse_output(&run.output.stdout).unwrap();
    assert_eq!(data(&out[0]), b"POLICY_VAR=p\0", "init: what the policy sets");
    assert_eq!(data(&parse_output(data(&out[3])).unwrap()[0]), b"ONLY=this\0");
    assert_eq!(data(&parse_output(data(&out[6])).unwrap()[0]), b"", "nothing passed, nothing set");
}

#[test]
fn oversized_argv_and_env_are_e2big_and_audited() {
    // The script is long enough to reach init through its stdin, so init's own
    // arguments stay under the limit.
    let f = fixture(&format!("{SPAWN_ANY}\n[limits]\nargv_bytes = 8192\nenv_bytes = 100\n"));
    let mut long_argv = child(&[]);
    long_argv.argv.push(vec![b'a'; 40000]);
    let mut long_env = child(&[]);
    long_env.env = vec![(b"K".to_vec(), vec![b'v'; 200])];
    let mut nul_arg = child(&[]);
    nul_arg.argv.push(b"a\0b".to_vec());
    let mut eq_name = child(&[]);
    eq_name.env = vec![(b"A=B".to_vec(), b"c".to_vec())];
    let mut nul_value = child(&[]);
    nul_value.env = vec![(b"A".to_vec(), b"c\0".to_vec())];
    let run = run_script(
        &f,
        &[
            spawn(long_argv),
            spawn(long_env),
            spawn(child(&[])),
            waitpid(-1, 0),
            spawn(nul_arg),
            spawn(eq_name),
            spawn(nul_value),
        ],
    );
    for i in 4..7 {
        assert_eq!(run.outcomes[i], Err(Errno::EINVAL), "step {i}: not expressible in C");
    }
    assert_eq!(run.outcomes[0], Err(Errno::E2BIG));
    assert_eq!(run.outcomes[1], Err(Errno::E2BIG));
    assert!(matches!(run.outcomes[2], Ok(Reply::Pid(_))), "{:?}", run.outcomes[2]);
    assert!(matches!(run.outcomes[3], Ok(Reply::Waited { status: 0, .. })));
    let rules: Vec<String> =
        f.audit_records().iter().map(|r| r["rule"].as_str().unwrap_or("").to_owned()).collect();
    assert!(rules.contains(&"limits.argv_bytes".to_owned()), "{rules:?}");
    assert!(rules.contains(&"limits.env_bytes".to_owned()), "{rules:?}");
}

#[test]
fn the_process_limit_holds_against_a_spawn_storm() {
    // Init and 3 more at most; every child tries to spawn 3 blocked grandchildren.
    let f = fixture(&format!("{SPAWN_ANY}\n[limits]\nprocesses = 4\n"));
    let blocked = || child(&[sleep_long()]);
    let bomb =
        output_to(child(&[spawn(blocked()), spawn(blocked()), spawn(blocked())]), "/tmp/bomb.out");
    let mut script = vec![spawn(bomb)];
    script.extend((0..10).map(|_| spawn(blocked())));
    script.push(proc(ProcRequest::GetPid));
    script.push(waitpid(2, 0));
    script.push(req::read_file("/tmp/bomb.out"));
    let run = run_script(&f, &script);
    let out = &run.outcomes;
    assert_eq!(out[0], pid(2));
    let n = out.len();
    assert_eq!(out[n - 3], Ok(Reply::Fd(1)), "the kernel still answers");
    assert_eq!(out[n - 2], waited(2, 0));
    let bomb_out = child_outcomes(&run, n - 1);
    let mut started = bomb_out.iter().filter(|o| matches!(o, Ok(Reply::Pid(_)))).count();
    started += out[1..11].iter().filter(|o| matches!(o, Ok(Reply::Pid(_)))).count();
    assert_eq!(started, 2, "init + the spawner + 2 more reach the limit of 4");
    let refused = bomb_out.iter().chain(&out[1..11]).filter(|o| **o == Err(Errno::EAGAIN)).count();
    assert_eq!(refused, 11);
    let records: Vec<_> =
        f.audit_records().into_iter().filter(|r| r["rule"] == "limits.processes").collect();
    assert_eq!(records.len(), 11, "every refusal is audited");
    assert_eq!(records[0]["errno"], "EAGAIN");
    // Init's end ended the blocked ones too: the kernel exited 0 (run_script checks).
}

#[test]
fn a_crashing_child_is_reported_and_its_siblings_carry_on() {
    let f = fixture(SPAWN_ANY);
    let mut sibling =
        output_to(child(&[req::read(4, 10), proc(ProcRequest::GetPid)]), "/tmp/sib.out");
    sibling.fd_actions.push(FdAction::Close { fd: 5 });
    let run = run_script(
        &f,
        &[
            /* 0 */ req::pipe(0),
            /* 1 */ spawn(sibling),
            /* 2 */ spawn(child_steps(&steps!["Crash"])),
            /* 3 */ waitpid(3, 0),
            /* 4 */ req::write(5, "go"),
            /* 5 */ waitpid(2, 0),
            /* 6 */ req::read_file("/tmp/sib.out"),
        ],
    );
    let out = &run.outcomes;
    assert_eq!(out[3], waited(3, wait::signaled(SIGSEGV)));
    assert_eq!(out[5], waited(2, 0));
    let s = child_outcomes(&run, 6);
    assert_eq!(data(&s[0]), b"go");
    assert_eq!(s[1], Ok(Reply::Fd(2)));
}

/// Starts the kernel on `script` with its stdin and stdout piped.
fn start_kernel(f: &Fixture, script: &[Request]) -> Child {
    let runtimes = install_client(f);
    f.kernel()
        .args(["--log-level", "info", "--runtime-dir"])
        .arg(runtimes)
        .args(["run", PROGRAM, &script_json(script)])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn kernel")
}

/// How many entries a `/proc/<pid>/` directory has.
fn count(pid: u32, dir: &str) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/{dir}")).expect("the kernel's /proc entry").count()
}

#[test]
fn two_hundred_children_leave_no_descriptor_or_thread_behind() {
    let f = fixture(SPAWN_ANY);
    let n = 200;
    let mut script = vec![spawn(bare_child()), waitpid(-1, 0), req::read(0, 1)];
    for _ in 1..n {
        script.push(spawn(bare_child()));
        script.push(waitpid(-1, 0));
    }
    script.push(req::read(0, 1));
    let mut kernel = start_kernel(&f, &script);
    let host_pid = kernel.id();
    let mut stdin = kernel.stdin.take().unwrap();
    let mut lines = BufReader::new(kernel.stdout.take().unwrap()).lines();
    let mut next = |want: usize| {
        let line = lines.next().expect("a line").expect("UTF-8");
        let i: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(i["i"], want, "{line}");
        line
    };
    // After one child: the kernel's steady state.
    next(0);
    assert!(next(1).contains("\"Waited\""));
    let fds_before = count(host_pid, "fd");
    let threads_before = count(host_pid, "task");
    stdin.write_all(b"x").unwrap();
    next(2);
    let started = Instant::now();
    for i in 3..3 + 2 * (n - 1) {
        let line = next(i);
        if i % 2 == 0 {
            assert!(line.contains("\"Waited\""), "{line}");
        }
    }
    let fds_after = count(host_pid, "fd");
    let threads_after = count(host_pid, "task");
    drop(stdin);
    let status = kernel.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    // A child's descriptors are all closed before its parent's waitpid answers; its
    // serving thread may still be returning then (the slack of one thread).
    assert!(
        fds_after <= fds_before,
        "descriptors grew from {fds_before} to {fds_after} over {n} children"
    );
    assert!(
        threads_after <= threads_before + 1,
        "threads grew from {threads_before} to {threads_after} over {n} children"
    );
    eprintln!("{n} children in {:?}", started.elapsed());
}

#[test]
fn when_init_ends_the_rest_of_the_sandbox_is_killed() {
    let f = fixture(SPAWN_ANY);
    let mut kernel =
        start_kernel(&f, &[spawn(child(&[sleep_long()])), spawn(child(&[sleep_long()])), exit(5)]);
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut kernel.stdout.take().unwrap(), &mut out).unwrap();
    // stdin stays open: the children would block forever if nobody ended them.
    let status = kernel.wait().unwrap();
    assert_eq!(status.code(), Some(5), "the kernel ends with init's status");
    let outcomes = parse_output(&out).unwrap();
    assert_eq!(outcomes[..2], [pid(2), pid(3)]);
    let log = std::fs::read_to_string(f.path("kernel.log")).unwrap();
    assert!(log.contains("init ended"), "{log}");
}

#[test]
fn init_ignores_unhandled_signals_from_inside_and_its_crash_is_128_plus_n() {
    let f = fixture(SPAWN_ANY);
    let run = f.run_with(
        &[PROGRAM, &script_json(&[kill(0, SIGTERM), proc(ProcRequest::GetPid)])],
        &["--runtime-dir", install_client(&f).to_str().unwrap()],
        b"",
        &[],
    );
    // kill(0) reaches only init, which, as a pid namespace's init, ignores a signal it
    // does not handle when it comes from inside: the script goes on.
    run.assert_code(0);
    assert_eq!(parse_output(&run.output.stdout).unwrap()[1], Ok(Reply::Fd(1)));
    let run = f.run_with(
        &[PROGRAM, &script_json_steps(&steps!["Crash"])],
        &["--runtime-dir", install_client(&f).to_str().unwrap()],
        b"",
        &[],
    );
    run.assert_code(128 + SIGSEGV);
}

#[test]
fn a_process_killed_while_blocked_in_waitpid_releases_its_thread() {
    let f = fixture(SPAWN_ANY);
    // Pid 2 blocks in waitpid for its sleeping child, pid 3; init kills 2. The blocked
    // wait gives up with its process, and 3 is init's to reap.
    // It tells init (pipe 4/5) once its child runs.
    let kid = with_action(
        child(&[spawn(child(&[sleep_long()])), req::write(5, "r"), waitpid(-1, 0)]),
        FdAction::Close { fd: 4 },
    );
    let run = run_script(
        &f,
        &[
            /* 0 */ req::pipe(0),
            /* 1 */ spawn(kid),
            /* 2 */ req::close(5),
            /* 3 */ req::read(4, 1),
            /* 4 */ kill(2, SIGKILL),
            /* 5 */ waitpid(2, 0),
            /* 6 */ kill(3, SIGTERM),
            /* 7 */ waitpid(-1, 0),
            /* 8 */ waitpid(i32::MIN, 0),
        ],
    );
    let out = &run.outcomes;
    assert_eq!(data(&out[3]), b"r");
    assert_eq!(out[5], waited(2, wait::signaled(SIGKILL)));
    assert_eq!(out[7], waited(3, wait::signaled(SIGTERM)), "the orphan went to init");
    assert_eq!(out[8], Err(Errno::ECHILD));
}

#[test]
fn output_bytes_is_one_budget_for_every_process_of_the_sandbox() {
    let f = fixture(&format!("{SPAWN_ANY}\n[limits]\noutput_bytes = 5000\n"));
    let writer = || output_to(child(&[req::write(2, vec![b'x'; 3000])]), "/tmp/w.out");
    let run = run_script(
        &f,
        &[
            /* 0 */ spawn(writer()),
            /* 1 */ waitpid(2, 0),
            /* 2 */ req::read_file("/tmp/w.out"),
            /* 3 */ spawn(writer()),
            /* 4 */ waitpid(3, 0),
            /* 5 */ req::read_file("/tmp/w.out"),
        ],
    );
    assert_eq!(child_outcomes(&run, 2)[0], Ok(Reply::Written(3000)));
    assert_eq!(
        child_outcomes(&run, 5)[0],
        Err(Errno::EFBIG),
        "the second child's 3000 bytes would pass the sandbox's 5000"
    );
    assert_eq!(run.run.stderr().len(), 3000);
    let records: Vec<_> =
        f.audit_records().into_iter().filter(|r| r["rule"] == "limits.output_bytes").collect();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["pid"], 3);
}

#[test]
fn a_childs_working_directory_and_relative_opens() {
    let f = fixture(SPAWN_ANY);
    let kid = SpawnRequest {
        cwd: Some(b"/tmp/work".to_vec()),
        ..output_to(child(&[req::read(0, 100)]), "out")
    };
    let mut kid = kid;
    kid.fd_actions.push(FdAction::Open { fd: 0, path: b"in".to_vec(), flags: 0, mode: 0 });
    let run = run_script(
        &f,
        &[
            /* 0 */ req::mkdir("/tmp/work"),
            /* 1 */ req::open("/tmp/work/in", O_WRONLY | O_CREAT),
            /* 2 */ req::write(fd_of(1), "from a file"),
            /* 3 */ spawn(kid),
            /* 4 */ waitpid(-1, 0),
            /* 5 */ req::read_file("/tmp/work/out"),
            /* 6 */
            spawn(SpawnRequest { cwd: Some(b"/tmp/work/in".to_vec()), ..child(&[]) }),
        ],
    );
    assert_eq!(run.outcomes[4], waited(2, 0));
    assert_eq!(data(&child_outcomes(&run, 5)[0]), b"from a file");
    assert_eq!(run.outcomes[6], Err(Errno::ENOTDIR));
}

/// A fixture running the `proc-e2e` guest under the real `sandbox-wasm`.
fn guest_fixture() -> Fixture {
    let f = Fixture::new();
    f.install_guest("proc-e2e", "app/proc.wasm");
    f.policy(
        "[[mount]]\nhost = \"app\"\npath = \"/app\"\nmode = \"ro\"\n\n[process]\nspawn = \
         [\"proc.wasm\"]\n",
    );
    f
}

#[test]
fn a_wasi_program_builds_a_pipeline_with_the_process_extension() {
    let f = guest_fixture();
    let run = f.run(&["/app/proc.wasm", "pipeline", "through the pipe"]);
    run.assert_code(0);
    assert_eq!(run.stdout(), "read: through the pipe\nstatus: 0x300\n");
}

#[test]
fn a_wasi_pipeline_moves_far_more_than_a_pipe_holds() {
    let f = guest_fixture();
    let run = f.run(&["/app/proc.wasm", "bigpipe", "3000000"]);
    run.assert_code(0);
    assert_eq!(run.stdout(), "read: 3000000\nstatus: 0x0\n");
}

#[test]
fn a_wasi_program_kills_its_child_and_reads_its_ids_and_signals() {
    let f = guest_fixture();
    let run = f.run(&["/app/proc.wasm", "kill"]);
    run.assert_code(0);
    assert_eq!(run.stdout(), "status: 0xf\n", "WIFSIGNALED with SIGTERM");
    let run = f.run(&["/app/proc.wasm", "ids"]);
    run.assert_code(0);
    assert_eq!(run.stdout(), "1 0 1 1\n");
    let run = f.run(&["/app/proc.wasm", "signal"]);
    run.assert_code(0);
    // kill(getpid(), SIGUSR1) from init reaches it (it handles SIGUSR1); delivered
    // once, with the answer to kill.
    assert_eq!(run.stdout(), "old 0 first 10 second 0\n");
    let run = f.run(&["/app/proc.wasm", "missing"]);
    run.assert_code(0);
    assert_eq!(run.stdout(), "errno: 44\n", "WASI ENOENT");
}

#[test]
fn kills_racing_exits_leave_every_status_well_formed() {
    // Twenty children that exit at once, and kill(-1, SIGKILL) between the spawns:
    // each child is reaped exactly once, exited 0 or killed, never both, never lost.
    let f = fixture(SPAWN_ANY);
    let mut script = Vec::new();
    for _ in 0..20 {
        script.push(spawn(bare_child()));
        script.push(kill(-1, SIGKILL));
    }
    script.extend((0..20).map(|_| waitpid(-1, 0)));
    script.push(waitpid(-1, wait::WNOHANG));
    let run = run_script(&f, &script);
    let out = &run.outcomes;
    let mut pids: Vec<i32> = (0..20)
        .map(|i| match out[2 * i] {
            Ok(Reply::Pid(p)) => p,
            ref other => panic!("{other:?}"),
        })
        .collect();
    let mut reaped: Vec<i32> = out[40..60]
        .iter()
        .map(|o| match o {
            Ok(Reply::Waited { pid, status }) => {
                assert!(
                    *status == 0 || *status == wait::signaled(SIGKILL),
                    "pid {pid}: status {status:#x}"
                );
                *pid
            }
            other => panic!("{other:?}"),
        })
        .collect();
    pids.sort();
    reaped.sort();
    assert_eq!(pids, reaped);
    assert_eq!(out[60], Err(Errno::ECHILD));
}

#[test]
fn kernel_run_finds_a_command_in_path() {
    let f = fixture("[[mount]]\nhost = \"bin\"\npath = \"/bin\"\nmode = \"ro\"\n");
    f.write("bin/tool", b"\0asm\x01\0\0\0");
    let runtimes = install_client(&f);
    let run = f.run_with(
        &["tool", &script_json(&[proc(ProcRequest::GetPid)])],
        &["--runtime-dir", runtimes.to_str().unwrap()],
        b"",
        &[],
    );
    run.assert_code(0);
    assert_eq!(parse_output(&run.output.stdout).unwrap(), vec![Ok(Reply::Fd(1))]);
    let run = f.run(&["nothing-here"]);
    run.assert_code(127);
}

#[test]
fn a_runtime_that_cannot_start_gives_its_pid_back() {
    // The script client's runtime directory has no sandbox-node: `node` resolves (a
    // registered command) but its runtime cannot start.
    let f = fixture("[process]\nspawn = [\"node\", \"any.wasm\"]\n\n[limits]\nprocesses = 2\n");
    let node = SpawnRequest {
        program: b"node".to_vec(),
        argv: vec![b"node".to_vec(), b"-e".to_vec(), b"1".to_vec()],
        ..SpawnRequest::default()
    };
    let run =
        run_script(&f, &[spawn(node.clone()), spawn(node), spawn(bare_child()), waitpid(-1, 0)]);
    assert_eq!(run.outcomes[0], Err(Errno::ENOEXEC));
    assert_eq!(run.outcomes[1], Err(Errno::ENOEXEC));
    assert!(matches!(run.outcomes[2], Ok(Reply::Pid(_))), "the limit of 2 still has room");
    assert!(matches!(run.outcomes[3], Ok(Reply::Waited { status: 0, .. })));
}

/// A runtime that enforced a limit itself (its engine's memory, its CPU clock) says so,
/// and the operator reads one audit record per process and limit however often a
/// (possibly hostile) runtime repeats it.
#[test]
fn limits_a_runtime_enforces_are_audited_once_per_process() {
    let f = fixture("");
    let memory = proc(ProcRequest::LimitReached { limit: RuntimeLimit::Memory });
    let cpu = proc(ProcRequest::LimitReached { limit: RuntimeLimit::Cpu });
    let script = vec![memory.clone(), memory.clone(), cpu, memory];
    let outcomes = tests::syscalls::run_syscalls(&f, &script);
    assert!(outcomes.iter().all(|o| *o == Ok(Reply::Unit)), "{outcomes:?}");
    let rules: Vec<String> =
        f.audit_records().iter().map(|r| r["rule"].as_str().unwrap_or("").to_owned()).collect();
    assert_eq!(rules, ["limits.memory_mb", "limits.cpu_ms"]);
}
