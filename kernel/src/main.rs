fn main() -> std::process::ExitCode {
    let code = kernel::cli::main();
    std::process::ExitCode::from(u8::try_from(code).unwrap_or(u8::MAX))
}
