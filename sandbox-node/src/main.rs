//! Placeholder: the V8 runtime arrives with its own issue. Until then this binary says
//! so and exits with the status the kernel uses for "runtime not available".

fn main() {
    eprintln!("sandbox-node: the Node.js runtime is not built yet");
    std::process::exit(127);
}
