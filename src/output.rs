//! Stage 5, **write**: files go to a temporary folder beside the output folder, which replaces
//! the output folder only once the whole build has succeeded. A failed build leaves the
//! previous output exactly as it was, and a reader never sees a half-written portal.
//!
//! Rebuilds create as few inodes as they can, because creating thousands of inodes right after
//! deleting thousands is what makes rebuilds slow on ext4:
//! - a file whose bytes did not change since the previous build is hard-linked from the
//!   previous output instead of written anew; it also keeps its modification time, so web
//!   servers, CDNs and rsync see that it did not change;
//! - the folders are recycled: the replaced output is emptied of its files but keeps its
//!   folders, set aside beside the output as `.<name>.chiso-folders` (empty folders only, which
//!   git does not see), and the next build stages into them rather than making a folder per
//!   page again. Folders that build does not use are removed before it is swapped in.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

pub struct Output {
    shared: Arc<Shared>,
    /// Where this view writes inside the output (`""`, or `releases/v1/` for a release).
    prefix: String,
    /// Only the output that staged the folder commits or removes it; views just write.
    owner: bool,
}

struct Shared {
    target: PathBuf,
    staging: PathBuf,
    files: AtomicU64,
    bytes: AtomicU64,
    /// Folders of the staging tree already created.
    folders: Mutex<HashSet<PathBuf>>,
    /// Whether the staging tree is a recycled one, which may hold folders this build does not
    /// use.
    recycled: bool,
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
        // A spare tree holds no files: it is set aside only once emptied.
        let recycled = fs::rename(spare(parent, &name), &staging).is_ok();
        if !recycled {
            fs::create_dir_all(&staging)?;
        }
        let shared = Shared {
            target: target.to_path_buf(),
            staging,
            files: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            folders: Mutex::new(HashSet::new()),
            recycled,
        };
        Ok(Output {
            shared: Arc::new(shared),
            prefix: String::new(),
            owner: true,
        })
    }

    /// A view of the output that writes under `folder` (`releases/v1`): the same staging
    /// folder, counters and previous output, so unchanged files there are linked too.
    pub fn within(&self, folder: &str) -> Output {
        Output {
            shared: Arc::clone(&self.shared),
            prefix: format!("{}{}/", self.prefix, folder.trim_matches('/')),
            owner: false,
        }
    }

    /// Writes a file at `rel` (a `/`-separated path inside the output).
    pub fn write(&self, rel: &str, contents: &[u8]) -> io::Result<()> {
        let path = self.path_for(rel)?;
        let unchanged = |previous: &Path| -> io::Result<bool> {
            Ok(fs::metadata(previous)?.len() == contents.len() as u64
                && fs::read(previous)? == contents)
        };
        if !self.link_unchanged(rel, &path, unchanged) {
            fs::write(&path, contents).map_err(|e| annotate(e, &path))?;
        }
        self.count(contents.len() as u64);
        Ok(())
    }

    /// Copies the file at `source` to `rel`, streaming it; returns its size.
    pub fn copy(&self, source: &Path, rel: &str) -> io::Result<u64> {
        let path = self.path_for(rel)?;
        let bytes = fs::metadata(source).map_err(|e| annotate(e, source))?.len();
        let unchanged = |previous: &Path| -> io::Result<bool> {
            Ok(fs::metadata(previous)?.len() == bytes && same_contents(previous, source)?)
        };
        if !self.link_unchanged(rel, &path, unchanged) {
            fs::copy(source, &path).map_err(|e| annotate(e, &path))?;
        }
        self.count(bytes);
        Ok(bytes)
    }

    /// Links the previous output's `rel` to `path` if `unchanged` says its bytes are the ones to
    /// write. Any failure (no previous file, a file system without links) means "write it".
    fn link_unchanged(
        &self,
        rel: &str,
        path: &Path,
        unchanged: impl FnOnce(&Path) -> io::Result<bool>,
    ) -> bool {
        let previous = self.shared.target.join(&self.prefix).join(rel);
        unchanged(&previous).unwrap_or(false) && fs::hard_link(&previous, path).is_ok()
    }

    /// The staging path for `rel`, with its folder created.
    pub fn path_for(&self, rel: &str) -> io::Result<PathBuf> {
        let path = self.shared.staging.join(&self.prefix).join(rel);
        if let Some(dir) = path.parent() {
            if !self
                .shared
                .folders
                .lock()
                .expect("not poisoned")
                .contains(dir)
            {
                fs::create_dir_all(dir).map_err(|e| annotate(e, dir))?;
                self.shared
                    .folders
                    .lock()
                    .expect("not poisoned")
                    .insert(dir.to_path_buf());
            }
        }
        Ok(path)
    }

    /// Records a file written through [`Output::path_for`].
    pub fn count(&self, bytes: u64) {
        self.shared.files.fetch_add(1, Ordering::Relaxed);
        self.shared.bytes.fetch_add(bytes, Ordering::Relaxed);
    }

    /// Files written so far, by every view of the output.
    pub fn files(&self) -> u64 {
        self.shared.files.load(Ordering::Relaxed)
    }

    pub fn bytes(&self) -> u64 {
        self.shared.bytes.load(Ordering::Relaxed)
    }

    /// Replaces the output folder with the staged one: the old folder is moved aside, the new
    /// one renamed into place, then the old one emptied of its files and kept as the spare
    /// tree of folders for the next build.
    pub fn commit(self) -> io::Result<()> {
        assert!(
            self.owner,
            "only the output that staged the folder commits it"
        );
        let Shared {
            target,
            staging,
            folders,
            recycled,
            ..
        } = &*self.shared;
        if *recycled {
            remove_unused_folders(staging, &folders.lock().expect("not poisoned"));
        }
        let parent = staging
            .parent()
            .expect("staging has a parent")
            .to_path_buf();
        let old = parent.join(format!(".{}.chiso-old-{}", self.name(), std::process::id()));
        if target.exists() {
            fs::rename(target, &old)?;
        }
        if let Err(e) = fs::rename(staging, target) {
            // Put the previous output back so nothing is lost.
            if old.exists() {
                let _ = fs::rename(&old, target);
            }
            return Err(e);
        }
        if old.exists() {
            remove_files_in_parallel(&old)?;
            // Another build may have set a spare aside meanwhile: one is enough.
            if fs::rename(&old, spare(&parent, &self.name())).is_err() {
                fs::remove_dir_all(&old)?;
            }
        }
        std::mem::forget(self);
        Ok(())
    }

    fn name(&self) -> String {
        self.shared
            .target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into())
    }
}

impl Drop for Output {
    /// A build that did not commit leaves no staging folder behind.
    fn drop(&mut self) {
        if self.owner {
            let _ = fs::remove_dir_all(&self.shared.staging);
        }
    }
}

/// The spare tree of folders beside the output folder `name`.
fn spare(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.chiso-folders"))
}

/// Removes every file under `folder` and keeps the folders, subfolders side by side: removing
/// thousands of files is most of what swapping the output costs, and folders can be emptied
/// independently.
fn remove_files_in_parallel(folder: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<(PathBuf, fs::FileType)> = fs::read_dir(folder)?
        .map(|e| e.and_then(|e| Ok((e.path(), e.file_type()?))))
        .collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|(path, kind)| {
        if kind.is_dir() {
            remove_files_in_parallel(path)
        } else {
            fs::remove_file(path)
        }
    })
}

/// Removes the folders of a recycled tree that this build wrote nothing into. A folder still
/// holding something is left: the removal fails.
fn remove_unused_folders(root: &Path, used: &HashSet<PathBuf>) {
    for entry in walkdir::WalkDir::new(root)
        .min_depth(1)
        .contents_first(true)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_dir() && !used.contains(entry.path()) {
            let _ = fs::remove_dir(entry.path());
        }
    }
}

fn annotate(error: io::Error, path: &Path) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}

/// Whether two files hold the same bytes, read in chunks so large datasets never sit in memory.
fn same_contents(a: &Path, b: &Path) -> io::Result<bool> {
    let (mut a, mut b) = (fs::File::open(a)?, fs::File::open(b)?);
    let (mut buf_a, mut buf_b) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = read_full(&mut a, &mut buf_a)?;
        if n != read_full(&mut b, &mut buf_b)? || buf_a[..n] != buf_b[..n] {
            return Ok(false);
        }
        if n == 0 {
            return Ok(true);
        }
    }
}

/// Fills `buf` as far as the file allows; returns how much was read.
fn read_full(file: &mut fs::File, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
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
        let mut beside: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        beside.sort();
        assert_eq!(
            beside,
            [".public.chiso-folders", "public"],
            "no staging or old folder left, only the spare folders"
        );
        assert_eq!(files_under(&dir.path().join(".public.chiso-folders")), 0);
    }

    fn files_under(dir: &Path) -> usize {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| !e.file_type().is_dir())
            .count()
    }

    #[test]
    fn folders_are_recycled_and_unused_ones_removed() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let build = |pages: &[&str]| {
            let output = Output::stage(&target).unwrap();
            for page in pages {
                output
                    .write(&format!("{page}/index.html"), page.as_bytes())
                    .unwrap();
            }
            output.commit().unwrap();
        };
        let inode = |rel: &str| fs::metadata(target.join(rel)).unwrap().ino();
        build(&["vi/a", "vi/b"]);
        let first = inode("vi/a");
        build(&["vi/a", "vi/b"]);
        build(&["vi/a", "en/c"]);
        assert_eq!(inode("vi/a"), first, "the folder of two builds ago, reused");
        assert!(!target.join("vi/b").exists(), "an unused folder is removed");
        assert_eq!(
            fs::read_to_string(target.join("en/c/index.html")).unwrap(),
            "en/c"
        );
        assert_eq!(files_under(&target), 2);
        assert_eq!(files_under(&dir.path().join(".public.chiso-folders")), 0);
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
    fn unchanged_files_are_linked_from_the_previous_output_changed_ones_written() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let source = dir.path().join("data.csv");
        fs::write(&source, "a,b\n1,2\n").unwrap();
        let first = Output::stage(&target).unwrap();
        first.write("same.html", b"same").unwrap();
        first.write("changed.html", b"old").unwrap();
        first.copy(&source, "data/data.csv").unwrap();
        first.commit().unwrap();
        let inode = |rel: &str| fs::metadata(target.join(rel)).unwrap().ino();
        let before = (
            inode("same.html"),
            inode("changed.html"),
            inode("data/data.csv"),
        );

        let second = Output::stage(&target).unwrap();
        second.write("same.html", b"same").unwrap();
        second.write("changed.html", b"new!").unwrap();
        second.copy(&source, "data/data.csv").unwrap();
        second.commit().unwrap();
        assert_eq!(inode("same.html"), before.0, "unchanged: the same file");
        assert_ne!(inode("changed.html"), before.1);
        assert_eq!(inode("data/data.csv"), before.2);
        assert_eq!(fs::read(target.join("changed.html")).unwrap(), b"new!");
        assert_eq!(fs::read(target.join("same.html")).unwrap(), b"same");
    }

    #[test]
    fn compares_large_files_in_chunks() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        let mut big = vec![7u8; 200_000];
        fs::write(&a, &big).unwrap();
        fs::write(&b, &big).unwrap();
        assert!(same_contents(&a, &b).unwrap());
        big[150_000] = 8;
        fs::write(&b, &big).unwrap();
        assert!(!same_contents(&a, &b).unwrap());
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
