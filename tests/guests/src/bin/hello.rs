//! `hello`: the README's first example. Prints a greeting, its arguments (after argv[0])
//! on one line if there are any, and `GREETING` if the policy set it.
//!
//! ```text
//! $ kernel --config policies/examples/hello/policy.toml run /app/hello.wasm world 42
//! hello from wasm
//! args: world 42
//! GREETING=hello
//! ```

fn main() {
    println!("hello from wasm");
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !args.is_empty() {
        println!("args: {}", args.join(" "));
    }
    if let Some(greeting) = std::env::var_os("GREETING") {
        println!("GREETING={}", greeting.to_string_lossy());
    }
}
