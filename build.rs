//! Rebuilds chiso when a file of the embedded default theme or scaffold is added or removed:
//! `include_dir!` reads those folders at compile time, but cargo only looks at them again when
//! told to (a new `i18n/<lang>.toml` would otherwise be missing from the binary).

fn main() {
    for folder in ["themes/default", "src/scaffold/portal"] {
        println!("cargo:rerun-if-changed={folder}");
    }
}
