//! A build with nothing to do. When nothing that decides the output changed since the last
//! build into the same folder, and the folder is as that build left it, the build keeps the
//! folder and stops: a rebuild of a 1,000-indicator portal takes the time of reading its
//! sources once instead of rendering 8,000 pages again.
//!
//! What decides a build's bytes, and so its [`inputs`] fingerprint:
//! - the portal folder's path, and every file in it by its path and its bytes (a hash; by its
//!   size, modification and change times and inode when it is over [`READ_UP_TO`], a large
//!   dataset not being read twice), but not `.git`, chiso's own outputs (folders holding
//!   [`MARKER`]), locks and staging folders, chiso's cache or any folder tagged as a cache
//!   (`CACHEDIR.TAG`, as cargo's `target`). Times alone would not do: they move in steps of
//!   milliseconds, and a file system gives a deleted file's inode to the next, so two portals
//!   made one after the other (as tests do) can have the same stamps;
//! - the git revision checked out and every ref (history, releases and tags are read from
//!   them);
//! - the chiso executable (its version, size and modification time: the embedded theme and
//!   every rule is in it);
//! - the options that change the bytes: the base URL, live reload and chart images.
//!
//! The folder is checked by its own fingerprint, taken right after the swap: a file edited,
//! added or removed in it since means a full build, which puts it right. Its files are known
//! by their size, modification time and inode, not their change time: most of them are links
//! to the build cache's entries ([`crate::output`]), whose change time moves whenever another
//! build links or unlinks the same entry, while an edit moves the modification time. The record of the
//! last build lives in the cache, never in the output (published files carry no dates of the
//! machine). A problem reading any of this only means a full build.

use super::{BuildOptions, BuildSummary};
use crate::cache::{Area, Key, Sources};
use crate::output::MARKER;
use crate::problem::Problem;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The record of the last build into an output folder.
const RECORDS: Area = Area {
    name: "builds",
    extension: "json",
    is_whole: |start, end| start.starts_with(b"{") && end.ends_with(b"}"),
};

/// The last build into a folder: what it was built from, what it left in the folder, and
/// what it said, which a build that keeps the folder says again.
#[derive(Serialize, Deserialize)]
struct Record {
    inputs: String,
    output: String,
    pages: usize,
    files: u64,
    bytes: u64,
    warnings: Vec<Problem>,
    notes: Vec<String>,
}

/// What decides a build's bytes, as it is now: chiso itself, the options, the git state,
/// the portal's path, and every source file by its path and [`contents_or_stamp`].
pub struct Inputs {
    /// chiso's version and executable, the options that change the bytes and the portal's
    /// path.
    setting: Key,
    /// The revision checked out and every ref ([`git_state`]).
    git: Vec<u8>,
    /// Every source file (relative to the portal) with its identity, in name order.
    files: Vec<(PathBuf, Vec<u8>)>,
}

impl Inputs {
    /// The files read, relative to the portal.
    pub fn paths(&self) -> BTreeSet<PathBuf> {
        self.files.iter().map(|(path, _)| path.clone()).collect()
    }

    /// The fingerprint of the whole: any change to any of it is another build.
    pub fn fingerprint(&self) -> Key {
        let mut key = self.setting.clone();
        key.part(&self.git);
        for (path, identity) in &self.files {
            add_file(&mut key, path, identity);
        }
        key
    }

    /// The inputs as kept products are keyed by ([`Sources`]): the files that `observations`
    /// tells are indicators' observation tables each on its own, everything else as one. The
    /// git state is not: each commit moves it, and a product's key has what it shows of the
    /// history instead (an indicator's changes, the releases), so that a commit that changes
    /// one indicator's table, as most commits of a data portal do, renders only its pages
    /// again in CI.
    pub fn sources(&self, observations: &BTreeSet<PathBuf>) -> Sources {
        let mut shared = self.setting.clone();
        let mut own = HashMap::new();
        for (path, identity) in &self.files {
            if observations.contains(path) {
                own.insert(path.clone(), identity.clone());
            } else {
                add_file(&mut shared, path, identity);
            }
        }
        Sources {
            shared,
            observations: own,
        }
    }
}

/// What decides the output of building `root` with `options`; `None` when some of it cannot
/// be read (then every build is a full one).
pub fn inputs(root: &Path, options: &BuildOptions) -> Option<Inputs> {
    let mut setting = Key::new();
    setting.part(env!("CARGO_PKG_VERSION"));
    let exe = std::env::current_exe().ok()?;
    setting.part(stamp(&std::fs::metadata(exe).ok()?));
    setting
        .part(options.base_url.as_deref().unwrap_or("\0no base URL"))
        .part([u8::from(options.live_reload), u8::from(options.png)]);
    let git = git_state(root);
    let skipped = [
        std::fs::canonicalize(&options.out).ok(),
        options
            .cache
            .root()
            .and_then(|c| std::fs::canonicalize(c).ok()),
    ];
    let root = std::fs::canonicalize(root).ok()?;
    setting.part(root.as_os_str().as_encoded_bytes());
    let files = files(&root, contents_or_stamp, |entry| {
        let name = entry.file_name().to_string_lossy();
        let chisos_own = name.starts_with('.') && name.contains(".chiso-");
        let is_dir = entry.file_type().is_dir();
        let output = is_dir && entry.path().join(MARKER).exists();
        // A folder that says it is a cache (cargo's `target`, say) holds no source.
        let cache = is_dir && entry.path().join(CACHE_TAG).exists();
        !(name == ".git"
            || chisos_own
            || output
            || cache
            || skipped.iter().flatten().any(|s| s == entry.path()))
    })?;
    Some(Inputs {
        setting,
        git,
        files,
    })
}

/// The summary of the last build into `options.out`, if it was built from `inputs` and the
/// folder is as that build left it.
pub fn kept(inputs: &Key, options: &BuildOptions) -> Option<BuildSummary> {
    let bytes = options.cache.read(&RECORDS, &record_key(&options.out)?)?;
    let record: Record = serde_json::from_slice(&bytes).ok()?;
    if record.inputs != inputs.hex() || record.output != folder(&options.out)?.hex() {
        return None;
    }
    Some(BuildSummary {
        pages: record.pages,
        pages_reused: record.pages,
        files: record.files,
        bytes: record.bytes,
        seconds: 0.0,
        stages: Vec::new(),
        warnings: record.warnings,
        notes: record.notes,
        unchanged: true,
    })
}

/// Records the build that just filled `options.out` from `inputs`, for the next build to
/// compare with.
pub fn record(inputs: &Key, options: &BuildOptions, summary: &BuildSummary) {
    let (Some(key), Some(output)) = (record_key(&options.out), folder(&options.out)) else {
        return;
    };
    let record = Record {
        inputs: inputs.hex(),
        output: output.hex(),
        pages: summary.pages,
        files: summary.files,
        bytes: summary.bytes,
        warnings: summary.warnings.clone(),
        notes: summary.notes.clone(),
    };
    if let Ok(json) = serde_json::to_vec(&record) {
        options.cache.write(&RECORDS, &key, &json);
    }
}

/// The record of an output folder is found by the folder's full path.
fn record_key(out: &Path) -> Option<Key> {
    let mut key = Key::new();
    key.part("output folder").part(
        std::fs::canonicalize(out)
            .ok()?
            .as_os_str()
            .as_encoded_bytes(),
    );
    Some(key)
}

/// The fingerprint of an output folder as it is.
fn folder(out: &Path) -> Option<Key> {
    let mut key = Key::new();
    let identify = |_: &Path, metadata: &std::fs::Metadata| Some(output_stamp(metadata));
    for (path, stamp) in files(out, identify, |_| true)? {
        add_file(&mut key, &path, &stamp);
    }
    Some(key)
}

/// Adds a file to a fingerprint: its path, then what tells its versions apart.
fn add_file(key: &mut Key, path: &Path, identity: &[u8]) {
    key.part(path.as_os_str().as_encoded_bytes()).part(identity);
}

/// Every file under `root` in the folders `keep` lets in, by its path (relative to `root`)
/// and what `identify` makes of it, in name order (files are identified in parallel).
/// Folders themselves are left out: their times change whenever an entry is renamed in or
/// out, as the output is beside the sources.
fn files(
    root: &Path,
    identify: impl Fn(&Path, &std::fs::Metadata) -> Option<Vec<u8>> + Sync,
    keep: impl FnMut(&walkdir::DirEntry) -> bool,
) -> Option<Vec<(PathBuf, Vec<u8>)>> {
    use rayon::prelude::*;
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(keep)
    {
        let entry = entry.ok()?;
        if !entry.file_type().is_dir() {
            found.push(entry);
        }
    }
    found
        .par_iter()
        .map(|entry| {
            let path = entry.path().strip_prefix(root).ok()?.to_path_buf();
            Some((path, identify(entry.path(), &entry.metadata().ok()?)?))
        })
        .collect()
}

/// The file that marks a folder as a cache, of the Cache Directory Tagging Specification
/// (<https://bford.info/cachedir/>).
const CACHE_TAG: &str = "CACHEDIR.TAG";

/// Files up to this size are known by their bytes, larger ones by their [`stamp`].
const READ_UP_TO: u64 = 8 << 20;

/// A source file's identity: the hash of its bytes, or its stamp when it is large.
fn contents_or_stamp(path: &Path, metadata: &std::fs::Metadata) -> Option<Vec<u8>> {
    if metadata.len() > READ_UP_TO {
        return Some(stamp(metadata));
    }
    Some(blake3::hash(&std::fs::read(path).ok()?).as_bytes().to_vec())
}

/// What changes when a file is written: its size, its modification and change times and its
/// inode. The change time cannot be set back, so an edit that keeps the size and the
/// modification time is still seen.
#[cfg(unix)]
fn stamp(metadata: &std::fs::Metadata) -> Vec<u8> {
    use std::os::unix::fs::MetadataExt;
    let mut stamp = output_stamp(metadata);
    stamp.extend(
        [metadata.ctime(), metadata.ctime_nsec()]
            .map(i64::to_le_bytes)
            .concat(),
    );
    stamp
}

#[cfg(not(unix))]
fn stamp(metadata: &std::fs::Metadata) -> Vec<u8> {
    let modified = metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    [
        metadata.len().to_le_bytes(),
        (modified as u64).to_le_bytes(),
    ]
    .concat()
}

/// What changes when a file of the output is written or replaced: its size, its modification
/// time and its inode (see the module's documentation for why not its change time).
#[cfg(unix)]
fn output_stamp(metadata: &std::fs::Metadata) -> Vec<u8> {
    use std::os::unix::fs::MetadataExt;
    [
        metadata.len() as i64,
        metadata.mtime(),
        metadata.mtime_nsec(),
        metadata.ino() as i64,
        i64::from(metadata.mode()),
    ]
    .map(i64::to_le_bytes)
    .concat()
}

#[cfg(not(unix))]
fn output_stamp(metadata: &std::fs::Metadata) -> Vec<u8> {
    stamp(metadata)
}

/// The revision checked out and every ref, or why git could not say: history, releases and
/// the default branch are read from these.
fn git_state(root: &Path) -> Vec<u8> {
    let run = |args: &[&str]| {
        crate::history::git::git_in(root)
            .args(args)
            .output()
            .map(|out| {
                [
                    out.status.code().unwrap_or(-1).to_le_bytes().to_vec(),
                    out.stdout,
                ]
                .concat()
            })
            .unwrap_or_default()
    };
    [
        run(&["rev-parse", "HEAD", "--is-shallow-repository"]),
        run(&[
            "for-each-ref",
            "--format=%(objectname) %(refname) %(symref)",
        ]),
    ]
    .concat()
}
