//! `chiso new DIR`: a small bilingual portal that builds as is, to start from.

use include_dir::{Dir, include_dir};
use std::path::Path;

static PORTAL: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/scaffold/portal");

/// Writes the example portal into `dir`, which must not exist or be empty.
pub fn create(dir: &Path) -> Result<(), String> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .next()
            .is_some()
    {
        return Err(format!(
            "{} already exists and is not empty; choose a new folder",
            dir.display()
        ));
    }
    write_dir(&PORTAL, dir)
        .map_err(|e| format!("cannot write the portal into {}: {e}", dir.display()))
}

fn write_dir(source: &Dir, dest: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dest)?;
    for file in source.files() {
        let path = dest.join(file.path().file_name().expect("a file name"));
        std::fs::write(path, file.contents())?;
    }
    for sub in source.dirs() {
        write_dir(
            sub,
            &dest.join(sub.path().file_name().expect("a folder name")),
        )?;
    }
    Ok(())
}
