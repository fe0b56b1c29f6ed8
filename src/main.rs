fn main() -> std::process::ExitCode {
    chiso::cli::run()
}
