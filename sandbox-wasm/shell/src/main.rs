// The sandbox's POSIX shell. Copyright (C) 2026 the sandbox's authors; the
// start-up code (`run_as_shell_process`, `startup/`) is yash-cli's,
// Copyright (C) 2021-2026 WATANABE Yuki.
//
// This program is free software: you can redistribute it and/or modify it
// under the terms of the GNU General Public License as published by the Free
// Software Foundation, either version 3 of the License, or (at your option)
// any later version. It is distributed WITHOUT ANY WARRANTY; see the GNU
// General Public License for details: <https://www.gnu.org/licenses/>.

//! `sh`: yash-rs over the sandbox's system interface (`system/`), for
//! wasm32-wasip1. yash-cli's own `main` needs its `RealSystem` (fork, Unix);
//! this one runs the same start-up over `SandboxSystem` and its executor.

mod builtins;
mod errno;
mod executor;
mod host;
// yash-cli's start-up code, kept as upstream wrote it.
#[rustfmt::skip]
mod startup;
mod system;

use self::startup::args::Parse;
use self::startup::init_file::run_rcfile;
use self::startup::input::prepare_input;
use std::cell::RefCell;
use std::ops::ControlFlow::{Break, Continue};
use std::rc::Rc;
use system::SandboxSystem;
use yash_env::Env;
use yash_env::option::{Interactive, On};
use yash_env::semantics::{Divert, ExitStatus, exit_or_raise};
use yash_env::system::concurrency::RunLoop as _;
use yash_env::system::resource::GetRlimit;
use yash_env::system::{
    Chdir, Concurrent, Errno, GetCwd, GetUid, Sysconf, TcGetPgrp, Times, Umask, Write,
};
use yash_semantics::trap::run_exit_trap;
use yash_semantics::{Runtime, interactive_read_eval_loop, read_eval_loop};

#[allow(
    clippy::await_holding_refcell_ref,
    reason = "`print_error` does not run concurrently with the input decorators or read-eval loop"
)]
async fn run_as_shell_process<S>(env: &mut Env<S>)
where
    S: Chdir
        + Clone
        + GetCwd
        + GetRlimit
        + GetUid
        + Runtime
        + Sysconf
        + TcGetPgrp
        + Times
        + Umask
        + Write
        + 'static,
{
    let run = match self::startup::args::parse(std::env::args()) {
        Ok(Parse::Help) => {
            env.system
                .print_error("usage: sh [-c command [name [arg...]] | file [arg...]]\n")
                .await;
            return;
        }
        Ok(Parse::Version) => {
            let version = env!("CARGO_PKG_VERSION");
            let result =
                yash_builtin::common::output(env, &format!("sh {version} (yash-rs)\n")).await;
            env.exit_status = result.exit_status();
            return;
        }
        Ok(Parse::Run(run)) => run,
        Err(e) => {
            let arg0 = std::env::args().next().unwrap_or_else(|| "sh".to_owned());
            env.system.print_error(&format!("{arg0}: {e}\n")).await;
            env.exit_status = ExitStatus::ERROR;
            return;
        }
    };

    env.variables.extend_env(std::env::vars());
    // Not in yash-cli: with no PATH in the environment (a policy need not set one), the
    // sandbox's command directories, as bash and dash fall back to a default path.
    if env.variables.get("PATH").is_none() {
        let mut path = env.variables.get_or_new("PATH", yash_env::variable::Scope::Global);
        if path.assign("/usr/bin:/bin", None).is_ok() {
            path.export(true);
        }
    }

    let work = self::startup::configure_environment(env, run).await;
    builtins::install(env);

    let is_interactive = env.options.get(Interactive) == On;

    run_rcfile(env, work.rcfile).await;

    let ref_env = RefCell::new(env);
    let lexer = match prepare_input(&ref_env, &work.source).await {
        Ok(lexer) => lexer,
        Err(e) => {
            let arg0 = std::env::args().next().unwrap_or_else(|| "sh".to_owned());
            let message = format!("{arg0}: {e}\n");
            let mut env = ref_env.borrow_mut();
            env.system.print_error(&message).await;
            env.exit_status = match e.errno {
                Errno::ENOENT | Errno::ENOTDIR | Errno::EILSEQ => ExitStatus::NOT_FOUND,
                _ => ExitStatus::NOEXEC,
            };
            return;
        }
    };

    let result = if is_interactive {
        interactive_read_eval_loop(&ref_env, &mut { lexer }).await
    } else {
        read_eval_loop(&ref_env, &mut { lexer }).await
    };

    let env = ref_env.into_inner();
    env.apply_result(result);

    match result {
        Continue(())
        | Break(Divert::Continue { .. })
        | Break(Divert::Break { .. })
        | Break(Divert::Return(_))
        | Break(Divert::Interrupt(_))
        | Break(Divert::Exit(_)) => run_exit_trap(env).await,
        Break(Divert::Abort(_)) => (),
    }
}

fn main() {
    // The instance handles SIGPIPE and SIGCHLD itself: a write to a pipe
    // without readers ends only the virtual process that wrote (its SIGPIPE),
    // and a child's end interrupts the executor's wait.
    host::sigaction(13, host::SIG_HANDLE).ok();
    host::sigaction(17, host::SIG_HANDLE).ok();

    let executor = yash_executor::Executor::new();
    system::state::with(|s| s.spawner = Some(executor.spawner()));
    let system = Rc::new(Concurrent::new(SandboxSystem::init()));
    let runner = Rc::clone(&system);
    let task = async move {
        let mut env = Env::with_system(system);
        run_as_shell_process(&mut env).await;
        match exit_or_raise(&env.system, env.exit_status).await {}
    };
    let main_task = async move { SandboxSystem::run_loop(&runner, task).await };
    // SAFETY: the executor lives until the process exits.
    unsafe { executor.spawn_pinned(Box::pin(main_task)) };
    executor::run(executor)
}
