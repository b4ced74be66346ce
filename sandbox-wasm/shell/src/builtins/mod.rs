//! Built-ins yash-builtin does not have but a shell must not spawn for:
//! `echo`, `printf`, `test`/`[`. They write through the virtual process's
//! descriptors (`env.system`), never the instance's stdio.

mod echo;
mod escape;
mod printf;
mod test;

use yash_env::Env;
use yash_env::builtin::{Builtin, Type};
use yash_semantics::Runtime;

pub fn install<S: Runtime + 'static>(env: &mut Env<S>) {
    // yash runs its "substitutive" built-ins (true, false, pwd) only when the
    // same utility exists in $PATH; the sandbox's /bin may not have them, so
    // here they are always found, as in bash and dash.
    for builtin in env.builtins.values_mut() {
        if builtin.r#type == Type::Substitutive {
            builtin.r#type = Type::Mandatory;
        }
    }
    let ours: [(&'static str, Builtin<S>); 4] = [
        ("echo", Builtin::new(Type::Mandatory, |env, args| Box::pin(echo::main(env, args)))),
        ("printf", Builtin::new(Type::Mandatory, |env, args| Box::pin(printf::main(env, args)))),
        ("test", Builtin::new(Type::Mandatory, |env, args| Box::pin(test::main(env, args, false)))),
        ("[", Builtin::new(Type::Mandatory, |env, args| Box::pin(test::main(env, args, true)))),
    ];
    env.builtins.extend(ours);
}

/// Writes `bytes` to standard output; the built-in's result.
async fn out<S: Runtime>(env: &mut Env<S>, bytes: &[u8]) -> yash_env::builtin::Result {
    match env.system.write_all(yash_env::io::Fd::STDOUT, bytes).await {
        Ok(()) => Default::default(),
        Err(errno) => {
            let msg = format!("write error: {errno}\n");
            env.system.print_error(&msg).await;
            yash_env::semantics::ExitStatus::FAILURE.into()
        }
    }
}

/// Prints `name: message` to standard error; the result with `status`.
async fn fail<S: Runtime>(
    env: &mut Env<S>,
    name: &str,
    message: &str,
    status: i32,
) -> yash_env::builtin::Result {
    env.system.print_error(&format!("{name}: {message}\n")).await;
    yash_env::semantics::ExitStatus(status).into()
}
