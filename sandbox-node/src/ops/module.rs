//! Compiling the program's code: CommonJS modules as functions (Node's module
//! wrapper, compiled with V8's `CompileFunction` so line and column numbers are the
//! file's own) and `-e` code as a script.

use super::throw_type_error;
use crate::esm::registry;

/// The parameters of a CommonJS module function, as Node passes them.
const WRAPPER_PARAMS: [&str; 5] = ["exports", "require", "module", "__filename", "__dirname"];

fn origin<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    name: v8::Local<'s, v8::String>,
    is_module: bool,
) -> v8::ScriptOrigin<'s> {
    v8::ScriptOrigin::new(scope, name.into(), 0, 0, false, 0, None, false, false, is_module, None)
}

/// Arguments 0 and 1 as strings (the source and its name), or a `TypeError` with
/// `message`.
fn source_and_name<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: &v8::FunctionCallbackArguments<'s>,
    message: &str,
) -> Option<(v8::Local<'s, v8::String>, v8::Local<'s, v8::String>)> {
    match (
        v8::Local::<v8::String>::try_from(args.get(0)),
        v8::Local::<v8::String>::try_from(args.get(1)),
    ) {
        (Ok(source), Ok(name)) => Some((source, name)),
        _ => {
            throw_type_error(scope, message);
            None
        }
    }
}

/// `op_module_compile_function(source, filename)`: the module's code as a function of
/// `(exports, require, module, __filename, __dirname)`. A syntax error is thrown.
pub fn op_module_compile_function<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: v8::FunctionCallbackArguments<'s>,
    mut rv: v8::ReturnValue<'s>,
) {
    let Some((source, name)) = source_and_name(
        scope,
        &args,
        "op_module_compile_function: source and filename must be strings",
    ) else {
        return;
    };
    let origin = origin(scope, name, false);
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
    let Some((source, name)) =
        source_and_name(scope, &args, "op_module_run_script: source and filename must be strings")
    else {
        return;
    };
    let origin = origin(scope, name, false);
    // `None` at either step leaves the exception pending for the JS caller.
    if let Some(value) =
        v8::Script::compile(scope, source, Some(&origin)).and_then(|script| script.run(scope))
    {
        rv.set(value);
    }
}

/// `op_module_compile_esm(source, url)`: compiles an ES module named `url`;
/// `[id, specifiers, types]`: its id in the registry and, for each import request in
/// order, the specifier and its `type` attribute (or `undefined`). A syntax error is
/// thrown.
pub fn op_module_compile_esm<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: v8::FunctionCallbackArguments<'s>,
    mut rv: v8::ReturnValue<'s>,
) {
    let Some((source, name)) =
        source_and_name(scope, &args, "op_module_compile_esm: source and url must be strings")
    else {
        return;
    };
    let origin = origin(scope, name, true);
    let mut source = v8::script_compiler::Source::new(source, Some(&origin));
    let Some(module) = v8::script_compiler::compile_module(scope, &mut source) else {
        return;
    };
    let requests = module.get_module_requests();
    let mut specifiers = Vec::with_capacity(requests.length());
    let mut types = Vec::with_capacity(requests.length());
    for i in 0..requests.length() {
        let Some(request) =
            requests.get(scope, i).and_then(|d| v8::Local::<v8::ModuleRequest>::try_from(d).ok())
        else {
            continue;
        };
        specifiers.push(request.get_specifier().into());
        let attributes = request.get_import_attributes();
        types.push(crate::esm::import_type(scope, attributes, 3));
    }
    let registry = registry(scope);
    let id = registry.borrow_mut().add(scope, module, Vec::new());
    let items = [
        v8::Number::new(scope, id as f64).into(),
        v8::Array::new_with_elements(scope, &specifiers).into(),
        v8::Array::new_with_elements(scope, &types).into(),
    ];
    rv.set(v8::Array::new_with_elements(scope, &items).into());
}

/// `op_module_create_synthetic(url, names)`: a module whose exports `names` get their
/// values from the loader's `evaluate` hook when V8 evaluates it; its id.
pub fn op_module_create_synthetic<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: v8::FunctionCallbackArguments<'s>,
    mut rv: v8::ReturnValue<'s>,
) {
    let (Ok(name), Ok(list)) = (
        v8::Local::<v8::String>::try_from(args.get(0)),
        v8::Local::<v8::Array>::try_from(args.get(1)),
    ) else {
        return throw_type_error(scope, "op_module_create_synthetic: url and export names");
    };
    let mut names = Vec::with_capacity(list.length() as usize);
    let mut locals = Vec::with_capacity(list.length() as usize);
    for i in 0..list.length() {
        let Some(value) = list.get_index(scope, i) else { return };
        let Ok(s) = v8::Local::<v8::String>::try_from(value) else {
            return throw_type_error(scope, "op_module_create_synthetic: names must be strings");
        };
        names.push(s.to_rust_string_lossy(scope));
        locals.push(s);
    }
    let module =
        v8::Module::create_synthetic_module(scope, name, &locals, crate::esm::evaluate_synthetic);
    let registry = registry(scope);
    let id = registry.borrow_mut().add(scope, module, names);
    rv.set_double(id as f64);
}

/// `op_module_link(id, specifier, childId)`: the module `specifier` names in module
/// `id`, for V8's resolve callback.
pub fn op_module_link(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let (Some(id), Ok(specifier), Some(child)) = (
        args.get(0).uint32_value(scope),
        v8::Local::<v8::String>::try_from(args.get(1)),
        args.get(2).uint32_value(scope),
    ) else {
        return throw_type_error(scope, "op_module_link: id, specifier, child id");
    };
    let specifier = specifier.to_rust_string_lossy(scope);
    let registry = registry(scope);
    if !registry.borrow_mut().link(id as usize, specifier, child as usize) {
        throw_type_error(scope, "op_module_link: unknown module id");
    }
}

/// The module with the id in argument 0, or a `TypeError`.
fn module_arg<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: &v8::FunctionCallbackArguments<'s>,
    op: &str,
) -> Option<v8::Local<'s, v8::Module>> {
    let module = args
        .get(0)
        .uint32_value(scope)
        .and_then(|id| registry(scope).borrow().module(scope, id as usize));
    if module.is_none() {
        throw_type_error(scope, &format!("{op}: unknown module id"));
    }
    module
}

/// `op_module_instantiate(id)`: links the module graph (V8 asks [`crate::esm::resolve`]
/// for every import); a link error (a missing export) is thrown.
pub fn op_module_instantiate<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: v8::FunctionCallbackArguments<'s>,
    mut rv: v8::ReturnValue<'s>,
) {
    let Some(module) = module_arg(scope, &args, "op_module_instantiate") else { return };
    if module.get_status() != v8::ModuleStatus::Uninstantiated {
        return rv.set_bool(true);
    }
    if module.instantiate_module(scope, crate::esm::resolve).is_some() {
        rv.set_bool(true);
    }
}

/// The module with the id in argument 0 if `linked` holds for its status; otherwise
/// a `TypeError` saying it is not linked.
fn linked_module_arg<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: &v8::FunctionCallbackArguments<'s>,
    op: &str,
    linked: impl Fn(v8::ModuleStatus) -> bool,
) -> Option<v8::Local<'s, v8::Module>> {
    let module = module_arg(scope, args, op)?;
    if !linked(module.get_status()) {
        throw_type_error(scope, &format!("{op}: the module is not linked"));
        return None;
    }
    Some(module)
}

/// `op_module_evaluate(id)`: evaluates the graph; the promise of its completion
/// (pending while a top-level await waits).
pub fn op_module_evaluate<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: v8::FunctionCallbackArguments<'s>,
    mut rv: v8::ReturnValue<'s>,
) {
    // V8 requires a linked module (it checks, and aborts the process, otherwise): one
    // that is evaluating right now cannot be evaluated again.
    let Some(module) = linked_module_arg(scope, &args, "op_module_evaluate", |status| {
        matches!(
            status,
            v8::ModuleStatus::Instantiated
                | v8::ModuleStatus::Evaluated
                | v8::ModuleStatus::Errored
        )
    }) else {
        return;
    };
    if let Some(result) = module.evaluate(scope) {
        rv.set(result);
    }
}

/// `op_module_namespace(id)`: the module's namespace object.
pub fn op_module_namespace<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: v8::FunctionCallbackArguments<'s>,
    mut rv: v8::ReturnValue<'s>,
) {
    let Some(module) = linked_module_arg(scope, &args, "op_module_namespace", |status| {
        !matches!(status, v8::ModuleStatus::Uninstantiated | v8::ModuleStatus::Instantiating)
    }) else {
        return;
    };
    rv.set(module.get_module_namespace());
}

/// `op_module_set_hooks(evaluate, importMeta, dynamicImport)`: the loader functions
/// the module callbacks call (`src/esm.rs`).
pub fn op_module_set_hooks(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let (Ok(evaluate), Ok(meta), Ok(dynamic)) = (
        v8::Local::<v8::Function>::try_from(args.get(0)),
        v8::Local::<v8::Function>::try_from(args.get(1)),
        v8::Local::<v8::Function>::try_from(args.get(2)),
    ) else {
        return throw_type_error(scope, "op_module_set_hooks: three functions");
    };
    let (evaluate, meta, dynamic) = (
        v8::Global::new(scope, evaluate),
        v8::Global::new(scope, meta),
        v8::Global::new(scope, dynamic),
    );
    registry(scope).borrow_mut().set_hooks(evaluate, meta, dynamic);
}

/// `op_promise_state(promise)`: `[0]` pending, `[1, value]` fulfilled, `[2, reason]`
/// rejected (`require()` of an ES module reads its evaluation synchronously).
pub fn op_promise_state<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: v8::FunctionCallbackArguments<'s>,
    mut rv: v8::ReturnValue<'s>,
) {
    let Ok(promise) = v8::Local::<v8::Promise>::try_from(args.get(0)) else {
        return throw_type_error(scope, "op_promise_state: not a promise");
    };
    let state = match promise.state() {
        v8::PromiseState::Pending => 0,
        v8::PromiseState::Fulfilled => 1,
        v8::PromiseState::Rejected => 2,
    };
    let mut items = vec![v8::Integer::new(scope, state).into()];
    if state != 0 {
        items.push(promise.result(scope));
    }
    rv.set(v8::Array::new_with_elements(scope, &items).into());
}
