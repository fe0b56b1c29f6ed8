//! Stage 5, **write**: files go to a temporary folder beside the output folder, which replaces
//! the output folder only once the whole build has succeeded. A failed build leaves the
//! previous output exactly as it was, and a reader never sees a half-written portal.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

pub struct Output {
    target: PathBuf,
    staging: PathBuf,
    files: AtomicU64,
    bytes: AtomicU64,
}

impl Output {
    /// Prepares a fresh staging folder beside `target`.
    pub fn stage(target: &Path) -> io::Result<Output> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let staging = parent.join(format!(".{name}.chiso-staging-{}", std::process::id()));
        if staging.exists() {
            fs::remove_dir_all(&staging)?;
        }
        fs::create_dir_all(&staging)?;
        Ok(Output {
            target: target.to_path_buf(),
            staging,
            files: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
        })
    }

    /// The staging folder, for writers that stream into files themselves.
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// Writes a file at `rel` (a `/`-separated path inside the output).
    pub fn write(&self, rel: &str, contents: &[u8]) -> io::Result<()> {
        let path = self.path_for(rel)?;
        fs::write(&path, contents)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        self.count(contents.len() as u64);
        Ok(())
    }

    /// The staging path for `rel`, with its folder created.
    pub fn path_for(&self, rel: &str) -> io::Result<PathBuf> {
        let path = self.staging.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        Ok(path)
    }

    /// Records a file written through [`Output::path_for`].
    pub fn count(&self, bytes: u64) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
    }

    /// Records the files of an output staged inside this one (a release's downloads).
    pub fn count_nested(&self, files: u64, bytes: u64) {
        self.files.fetch_add(files, Ordering::Relaxed);
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
    }

    pub fn files(&self) -> u64 {
        self.files.load(Ordering::Relaxed)
    }

    pub fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    /// Replaces the output folder with the staged one: the old folder is moved aside, the new
    /// one renamed into place, then the old one removed.
    pub fn commit(self) -> io::Result<()> {
        let parent = self
            .staging
            .parent()
            .expect("staging has a parent")
            .to_path_buf();
        let old = parent.join(format!(".{}.chiso-old-{}", self.name(), std::process::id()));
        if self.target.exists() {
            fs::rename(&self.target, &old)?;
        }
        if let Err(e) = fs::rename(&self.staging, &self.target) {
            // Put the previous output back so nothing is lost.
            if old.exists() {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(e);
        }
        if old.exists() {
            fs::remove_dir_all(&old)?;
        }
        std::mem::forget(self);
        Ok(())
    }

    fn name(&self) -> String {
        self.target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into())
    }
}

impl Drop for Output {
    /// A build that did not commit leaves no staging folder behind.
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.staging);
    }
}

/// Refuses output folders that would overwrite the portal's own files: the portal folder
/// itself, a folder containing it, or one of its source folders.
pub fn check_target(portal: &Path, target: &Path) -> Result<(), String> {
    let absolute = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        normalize(&p)
    };
    let (portal, target) = (absolute(portal), absolute(target));
    if portal.starts_with(&target) {
        return Err(format!(
            "the output folder {} contains the portal's own files",
            target.display()
        ));
    }
    for source in ["data", "content", "themes", "templates", "static", "i18n"] {
        if target.starts_with(portal.join(source)) {
            return Err(format!(
                "the output folder {} is inside the portal's {source}/ folder",
                target.display()
            ));
        }
    }
    Ok(())
}

/// Removes `.` and `..` components without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_committed_build_replaces_the_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("old.html"), "old").unwrap();
        let output = Output::stage(&target).unwrap();
        output.write("vi/index.html", b"new").unwrap();
        output.commit().unwrap();
        assert_eq!(
            fs::read_to_string(target.join("vi/index.html")).unwrap(),
            "new"
        );
        assert!(!target.join("old.html").exists());
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no staging or old folder left"
        );
    }

    #[test]
    fn an_abandoned_build_leaves_the_old_output_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("old.html"), "old").unwrap();
        {
            let output = Output::stage(&target).unwrap();
            output.write("vi/index.html", b"new").unwrap();
        }
        assert_eq!(fs::read_to_string(target.join("old.html")).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_to_write_over_sources() {
        let portal = Path::new("/srv/portal");
        assert!(check_target(portal, Path::new("/srv/portal/public")).is_ok());
        assert!(check_target(portal, Path::new("/srv/portal")).is_err());
        assert!(check_target(portal, Path::new("/srv")).is_err());
        assert!(check_target(portal, Path::new("/srv/portal/data/out")).is_err());
        assert!(check_target(portal, Path::new("/srv/portal/public/../content")).is_err());
    }
}
