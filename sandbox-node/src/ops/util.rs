//! `util.types` (`js/node/util.js`): what V8 knows about a value's internal type,
//! which JavaScript cannot always tell (a proxy, an arguments object, a module
//! namespace, boxed primitives across realms).

/// The checks, in the order of their bits in [`op_util_types`]'s result; the JS side
/// names them in the same order.
const CHECKS: [fn(&v8::Value) -> bool; 30] = [
    v8::Value::is_external,
    v8::Value::is_date,
    v8::Value::is_arguments_object,
    v8::Value::is_big_int_object,
    v8::Value::is_boolean_object,
    v8::Value::is_number_object,
    v8::Value::is_string_object,
    v8::Value::is_symbol_object,
    v8::Value::is_native_error,
    v8::Value::is_reg_exp,
    v8::Value::is_async_function,
    v8::Value::is_generator_function,
    v8::Value::is_generator_object,
    v8::Value::is_promise,
    v8::Value::is_map,
    v8::Value::is_set,
    v8::Value::is_map_iterator,
    v8::Value::is_set_iterator,
    v8::Value::is_weak_map,
    v8::Value::is_weak_set,
    v8::Value::is_array_buffer,
    v8::Value::is_data_view,
    v8::Value::is_shared_array_buffer,
    v8::Value::is_proxy,
    v8::Value::is_module_namespace_object,
    v8::Value::is_typed_array,
    v8::Value::is_array_buffer_view,
    v8::Value::is_uint8_array,
    v8::Value::is_big_int64_array,
    v8::Value::is_wasm_module_object,
];

/// `op_util_types(value)`: a bit set, bit `i` for `CHECKS[i]`.
pub fn op_util_types(
    _scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let value = args.get(0);
    let mut bits: u32 = 0;
    for (i, check) in CHECKS.iter().enumerate() {
        if check(&value) {
            bits |= 1 << i;
        }
    }
    rv.set_uint32(bits);
}
