fn main() -> std::process::ExitCode {
    // Past a file-size limit (`ulimit -f`) the system kills a process with SIGXFSZ; ignored,
    // the write fails instead, and the build says which folder could not be written.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to "ignore" before any thread starts.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    chiso::cli::run()
}
