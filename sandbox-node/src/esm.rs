//! ES modules on V8's module API: the records of every module compiled so far and the
//! callbacks V8 makes for them (resolving a static import, evaluating a synthetic
//! module, filling `import.meta`, a dynamic `import()`).
//!
//! The loader itself — resolution, reading, formats, the order of loading — is
//! JavaScript (`js/internal/modules/esm.js`): it compiles a module
//! (`op_module_compile_esm`), resolves and loads each request, then tells this
//! registry which module each request names (`op_module_link`). V8's resolve callback
//! only looks those links up. CommonJS, JSON and built-in modules imported from ES
//! modules are synthetic modules whose exports the loader computes when V8 evaluates
//! them (the `evaluate` hook).

use std::cell::RefCell;
use std::rc::Rc;

/// One compiled module.
struct Record {
    module: v8::Global<v8::Module>,
    hash: i32,
    /// Each import specifier of the module -> the record it names.
    links: Vec<(String, usize)>,
    /// For a synthetic module: its export names, in the order the hook returns values.
    exports: Vec<String>,
}

/// The JavaScript functions the callbacks call (`op_module_set_hooks`).
struct Hooks {
    /// `evaluate(id)`: the values of a synthetic module's exports, in order.
    evaluate: v8::Global<v8::Function>,
    /// `importMeta(meta, id)`: fills `import.meta`.
    import_meta: v8::Global<v8::Function>,
    /// `dynamicImport(specifier, referrer, type)`: a promise of the namespace.
    dynamic_import: v8::Global<v8::Function>,
}

#[derive(Default)]
pub struct Registry {
    records: Vec<Record>,
    hooks: Option<Hooks>,
}

pub type SharedRegistry = Rc<RefCell<Registry>>;

/// Puts an empty registry in an isolate slot and installs the isolate-wide callbacks.
pub fn install(isolate: &mut v8::OwnedIsolate) {
    isolate.set_slot(SharedRegistry::default());
    isolate.set_host_initialize_import_meta_object_callback(import_meta);
    isolate.set_host_import_module_dynamically_callback(dynamic_import);
}

/// The registry of the isolate `isolate`.
pub fn registry(isolate: &v8::Isolate) -> SharedRegistry {
    isolate.get_slot::<SharedRegistry>().expect("the module registry is installed").clone()
}

impl Registry {
    /// Adds `module`; its id.
    pub fn add(
        &mut self,
        scope: &mut v8::PinScope,
        module: v8::Local<v8::Module>,
        exports: Vec<String>,
    ) -> usize {
        let hash = module.get_identity_hash().get();
        self.records.push(Record {
            module: v8::Global::new(scope, module),
            hash,
            links: Vec::new(),
            exports,
        });
        self.records.len() - 1
    }

    /// The id of `module`, if it is registered.
    fn id_of(&self, module: v8::Local<v8::Module>) -> Option<usize> {
        let hash = module.get_identity_hash().get();
        self.records.iter().position(|r| r.hash == hash && r.module == module)
    }

    pub fn module<'s>(
        &self,
        scope: &mut v8::PinScope<'s, '_>,
        id: usize,
    ) -> Option<v8::Local<'s, v8::Module>> {
        self.records.get(id).map(|r| v8::Local::new(scope, &r.module))
    }

    pub fn link(&mut self, id: usize, specifier: String, child: usize) -> bool {
        if child >= self.records.len() {
            return false;
        }
        match self.records.get_mut(id) {
            Some(record) => {
                record.links.retain(|(s, _)| *s != specifier);
                record.links.push((specifier, child));
                true
            }
            None => false,
        }
    }

    pub fn set_hooks(
        &mut self,
        evaluate: v8::Global<v8::Function>,
        import_meta: v8::Global<v8::Function>,
        dynamic_import: v8::Global<v8::Function>,
    ) {
        self.hooks = Some(Hooks { evaluate, import_meta, dynamic_import });
    }
}

fn throw_error(scope: &mut v8::PinScope, message: &str) {
    let message = v8::String::new(scope, message).unwrap_or_else(|| v8::String::empty(scope));
    let error = v8::Exception::error(scope, message);
    scope.throw_exception(error);
}

/// V8's resolve callback for `instantiate_module`: the module a static import names,
/// as the loader linked it.
pub fn resolve<'s>(
    context: v8::Local<'s, v8::Context>,
    specifier: v8::Local<'s, v8::String>,
    _attributes: v8::Local<'s, v8::FixedArray>,
    referrer: v8::Local<'s, v8::Module>,
) -> Option<v8::Local<'s, v8::Module>> {
    // SAFETY: V8 calls this on the isolate's thread, inside `context`, for the
    // duration of the call.
    v8::callback_scope!(unsafe scope, context);
    let registry = registry(scope);
    let specifier = specifier.to_rust_string_lossy(scope);
    let child = {
        let registry = registry.borrow();
        registry.id_of(referrer).and_then(|id| {
            registry.records[id].links.iter().find(|(s, _)| *s == specifier).map(|(_, c)| *c)
        })
    };
    match child {
        Some(child) => registry.borrow().module(scope, child),
        None => {
            throw_error(scope, &format!("sandbox-node: import '{specifier}' was not linked"));
            None
        }
    }
}

/// Evaluation of a synthetic module: the loader's `evaluate(id)` hook gives the value
/// of each export.
pub fn evaluate_synthetic<'s>(
    context: v8::Local<'s, v8::Context>,
    module: v8::Local<'s, v8::Module>,
) -> Option<v8::Local<'s, v8::Value>> {
    // SAFETY: as in `resolve`.
    v8::callback_scope!(unsafe scope, context);
    let registry = registry(scope);
    let (id, names, hook) = {
        let registry = registry.borrow();
        let id = registry.id_of(module)?;
        let hook = registry.hooks.as_ref()?.evaluate.clone();
        (id, registry.records[id].exports.clone(), hook)
    };
    let hook = v8::Local::new(scope, &hook);
    let recv = v8::undefined(scope).into();
    let id_value = v8::Number::new(scope, id as f64).into();
    let values = hook.call(scope, recv, &[id_value])?;
    let values = v8::Local::<v8::Array>::try_from(values).ok()?;
    for (i, name) in names.iter().enumerate() {
        let value = values.get_index(scope, i as u32)?;
        let name = v8::String::new(scope, name)?;
        module.set_synthetic_module_export(scope, name, value)?;
    }
    Some(v8::undefined(scope).into())
}

/// `import.meta`: filled by the loader's `importMeta(meta, id)` hook.
extern "C" fn import_meta(
    context: v8::Local<v8::Context>,
    module: v8::Local<v8::Module>,
    meta: v8::Local<v8::Object>,
) {
    // SAFETY: as in `resolve`.
    v8::callback_scope!(unsafe scope, context);
    let registry = registry(scope);
    let found = {
        let registry = registry.borrow();
        registry.id_of(module).zip(registry.hooks.as_ref().map(|h| h.import_meta.clone()))
    };
    if let Some((id, hook)) = found {
        let hook = v8::Local::new(scope, &hook);
        let recv = v8::undefined(scope).into();
        let id_value = v8::Number::new(scope, id as f64).into();
        // An exception stays pending and surfaces where `import.meta` was used.
        let _ = hook.call(scope, recv, &[meta.into(), id_value]);
    }
}

/// `import(specifier)`: the loader's `dynamicImport(specifier, referrer, type)` hook,
/// which returns the promise.
fn dynamic_import<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    _options: v8::Local<'s, v8::Data>,
    resource_name: v8::Local<'s, v8::Value>,
    specifier: v8::Local<'s, v8::String>,
    attributes: v8::Local<'s, v8::FixedArray>,
) -> Option<v8::Local<'s, v8::Promise>> {
    let registry = registry(scope);
    let hook = registry.borrow().hooks.as_ref().map(|h| h.dynamic_import.clone());
    let Some(hook) = hook else {
        throw_error(scope, "sandbox-node: import() before the module loader started");
        return None;
    };
    let kind = import_type(scope, attributes, 2);
    let hook = v8::Local::new(scope, &hook);
    let recv = v8::undefined(scope).into();
    let result = hook.call(scope, recv, &[specifier.into(), resource_name, kind])?;
    v8::Local::<v8::Promise>::try_from(result).ok()
}

/// The `type` import attribute (`with { type: 'json' }`), or `undefined`. Attributes
/// come as `[key, value, ...]` with `stride` entries per attribute (3 for static
/// imports, which add a source offset; 2 for `import()`).
pub fn import_type<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    attributes: v8::Local<'s, v8::FixedArray>,
    stride: usize,
) -> v8::Local<'s, v8::Value> {
    let mut i = 0;
    while i + 1 < attributes.length() {
        let key = attributes.get(scope, i).and_then(|d| v8::Local::<v8::Value>::try_from(d).ok());
        let value =
            attributes.get(scope, i + 1).and_then(|d| v8::Local::<v8::Value>::try_from(d).ok());
        if let (Some(key), Some(value)) = (key, value) {
            if key.to_rust_string_lossy(scope) == "type" {
                return value;
            }
        }
        i += stride;
    }
    v8::undefined(scope).into()
}
