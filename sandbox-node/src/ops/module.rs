//! Compiling the program's code: CommonJS modules as functions (Node's module
//! wrapper, compiled with V8's `CompileFunction` so line and column numbers are the
//! file's own) and `-e` code as a script.

use super::throw_type_error;

/// The parameters of a CommonJS module function, as Node passes them.
const WRAPPER_PARAMS: [&str; 5] = ["exports", "require", "module", "__filename", "__dirname"];

fn origin<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    name: v8::Local<'s, v8::String>,
) -> v8::ScriptOrigin<'s> {
    v8::ScriptOrigin::new(scope, name.into(), 0, 0, false, 0, None, false, false, false, None)
}

/// `op_module_compile_function(source, filename)`: the module's code as a function of
/// `(exports, require, module, __filename, __dirname)`. A syntax error is thrown.
pub fn op_module_compile_function<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: v8::FunctionCallbackArguments<'s>,
    mut rv: v8::ReturnValue<'s>,
) {
    let (Ok(source), Ok(name)) = (
        v8::Local::<v8::String>::try_from(args.get(0)),
        v8::Local::<v8::String>::try_from(args.get(1)),
    ) else {
        return throw_type_error(
            scope,
            "op_module_compile_function: source and filename must be strings",
        );
    };
    let origin = origin(scope, name);
    let mut source = v8::script_compiler::Source::new(source, Some(&origin));
    let params: Vec<_> =
        WRAPPER_PARAMS.iter().map(|p| v8::String::new(scope, p).expect("parameter name")).collect();
    // `None` leaves the syntax error pending: it propagates to the JS caller.
    if let Some(f) = v8::script_compiler::compile_function(
        scope,
        &mut source,
        &params,
        &[],
        v8::script_compiler::CompileOptions::NoCompileOptions,
        v8::script_compiler::NoCacheReason::NoReason,
    ) {
        rv.set(f.into());
    }
}

/// `op_module_run_script(source, filename)`: compiles and runs `source` as a classic
/// script in the global scope (`node -e`), returning its completion value.
pub fn op_module_run_script<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: v8::FunctionCallbackArguments<'s>,
    mut rv: v8::ReturnValue<'s>,
) {
    let (Ok(source), Ok(name)) = (
        v8::Local::<v8::String>::try_from(args.get(0)),
        v8::Local::<v8::String>::try_from(args.get(1)),
    ) else {
        return throw_type_error(
            scope,
            "op_module_run_script: source and filename must be strings",
        );
    };
    let origin = origin(scope, name);
    // `None` at either step leaves the exception pending for the JS caller.
    if let Some(value) =
        v8::Script::compile(scope, source, Some(&origin)).and_then(|script| script.run(scope))
    {
        rv.set(value);
    }
}
