//! `chiso import opensdg SRC DEST`: the portal an Open SDG repository builds to, written in
//! chiso's own layout for those who move over. The same reader as `chiso build` reads the
//! repository; [`super::writer`] writes the files into a folder beside DEST, `chiso check`
//! checks them, and only then is the folder renamed to DEST, so a failed import leaves nothing.

mod writer;

use crate::opensdg;
use crate::problem::Problem;
use std::fs;
use std::path::{Path, PathBuf};

/// What an import wrote, and what it changed to fit chiso's format.
#[derive(Debug)]
pub struct Imported {
    pub files: usize,
    /// The reader's warnings, then the writer's changes (periods and column names).
    pub warnings: Vec<Problem>,
}

pub fn import(src: &Path, dest: &Path) -> Result<Imported, Vec<Problem>> {
    if !opensdg::detect(src) {
        return Err(vec![Problem::new(
            src,
            "an Open SDG data repository (config_data.yml, data/indicator_*.csv, meta/, indicator-config/)",
            "a folder without that layout",
        )]);
    }
    let dest_in_use =
        fs::read_dir(dest).is_ok_and(|mut entries| entries.next().is_some()) || dest.is_file();
    if dest_in_use {
        return Err(vec![Problem::new(
            dest,
            "a new or empty folder to write the portal into",
            "a folder that already has files (nothing was changed)",
        )]);
    }
    let loaded = opensdg::read(src)?;
    let staging = staging_folder(dest);
    let _ = fs::remove_dir_all(&staging);
    let result = writer::write(&loaded.portal, &staging).and_then(|written| {
        crate::source::check(&staging).map_err(|problems| {
            // The writer's own mistakes: shown against the file it wrote.
            problems
                .into_iter()
                .map(|mut p| {
                    p.file = dest.join(&p.file);
                    p
                })
                .collect::<Vec<_>>()
        })?;
        Ok(written)
    });
    let written = match result {
        Ok(written) => written,
        Err(problems) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(problems);
        }
    };
    if dest.is_dir() {
        let _ = fs::remove_dir(dest);
    }
    fs::rename(&staging, dest).map_err(|e| {
        let _ = fs::remove_dir_all(&staging);
        vec![Problem::new(
            dest,
            "a folder the portal can be moved into",
            format!("an error: {e}"),
        )]
    })?;
    let mut warnings = loaded.warnings;
    warnings.extend(written.notices);
    Ok(Imported {
        files: written.files,
        warnings,
    })
}

/// A hidden folder beside `dest`, on the same file system so the final rename is atomic.
fn staging_folder(dest: &Path) -> PathBuf {
    let name = dest.file_name().map_or_else(
        || "portal".to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let parent = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(format!(".{name}.chiso-import"))
}

/// One line for the terminal.
pub fn summary(imported: &Imported, dest: &Path) -> String {
    format!(
        "Imported {} files into {}; build it with: chiso build {}",
        imported.files,
        dest.display(),
        dest.display()
    )
}
