//! A content-addressed cache for build products that are slow to make and depend only on
//! their inputs: chart images (rasterising) and workbooks (XLSX packaging).
//!
//! An entry is found by its [`Key`], a hash of everything that decides its bytes, so an entry
//! is exactly what making it again would give: the output is the same whatever the cache
//! holds, and the cache only saves time. It lives outside the portal, in `$CHISO_CACHE_DIR`,
//! else `$XDG_CACHE_HOME/chiso`, else `~/.cache/chiso`, one folder per [`Area`]; with none of
//! them nothing is cached. Entries are written beside their final name and renamed into
//! place, so a build running at the same time never reads half an entry; an entry that is
//! not whole (cut short, or not what the area holds) is made again and replaced. A cache that
//! cannot be read or written only costs time.
//!
//! An output links an entry's file rather than writing its bytes again ([`Product::file`]):
//! creating thousands of files is most of what a warm build costs, and a link creates none.
//! The output's file and the entry are then one file, so a script that edits the published
//! file in place edits the entry too. Each entry's name therefore carries the hash of its
//! bytes (`<key>.<hash>.<extension>`), and an entry whose bytes no longer match it is made
//! again: what a build publishes never depends on what was done to an earlier output.
//!
//! One area is not content-addressed: the record of the last build into each output folder
//! (`build::last`), found by the folder's path and replaced by every build into it.

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use xxhash_rust::xxh3::xxh3_128;

/// A kind of entry: its folder in the cache and how to tell a whole entry from a broken one.
pub struct Area {
    /// The folder under the cache's root.
    pub name: &'static str,
    /// The entries' file extension.
    pub extension: &'static str,
    /// Whether an entry is whole, from its first and its last [`ENDS`] bytes (both are the
    /// whole entry when it is shorter). Entries are only ever cut short or replaced whole, so
    /// the ends of a file format are what tells.
    pub is_whole: fn(start: &[u8], end: &[u8]) -> bool,
}

/// How many bytes of each end of an entry [`Area::is_whole`] sees.
pub const ENDS: usize = 64;

/// A hash of everything that decides an entry's bytes, fed part by part. Each part is
/// prefixed with its length, so `("ab", "c")` and `("a", "bc")` are different keys.
#[derive(Clone)]
pub struct Key(blake3::Hasher);

impl Key {
    pub fn new() -> Key {
        Key(blake3::Hasher::new())
    }

    pub fn part(&mut self, bytes: impl AsRef<[u8]>) -> &mut Key {
        let bytes = bytes.as_ref();
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    /// The key as 64 hexadecimal digits.
    pub fn hex(&self) -> String {
        self.0.finalize().to_hex().to_string()
    }
}

impl Default for Key {
    fn default() -> Key {
        Key::new()
    }
}

/// Where entries are kept, if anywhere. The default is no cache: a library caller (a test,
/// a bench) names one; the command line uses [`Cache::from_env`].
#[derive(Clone, Debug, Default)]
pub struct Cache {
    root: Option<PathBuf>,
    /// What one build learns of the cache and does with it ([`Cache::for_build`]).
    build: Arc<BuildState>,
}

/// What a build learns of the cache as it goes, shared by the clones of its [`Cache`].
#[derive(Debug, Default)]
struct BuildState {
    /// The entries of each shard folder (`<area>/<two hex digits>`), by key, listed the first
    /// time a key of the shard is looked up: an entry's name holds its bytes' hash too.
    shards: Mutex<HashMap<PathBuf, Shard>>,
    /// The keys looked up in each area, by the area's name, which pruning keeps.
    used: Mutex<HashMap<&'static str, HashSet<String>>>,
}

/// The file names of a shard's entries, by their keys.
type Shard = HashMap<String, String>;

/// How many shard folders an area has: one per value of its keys' first two hex digits.
const SHARDS: usize = 256;

/// What a build read its sources as, split the way its kept products depend on them: most
/// products depend on everything but the indicators' observation tables, and each on the
/// tables of a few indicators.
pub struct Sources {
    /// Everything but the observation tables: chiso itself, the options that change the
    /// bytes and every other file of the portal (not the git state: see
    /// `build::last::Inputs::sources`).
    pub shared: Key,
    /// Each observation table's identity (the hash of its bytes), by its path relative to
    /// the portal.
    pub observations: HashMap<PathBuf, Vec<u8>>,
}

/// Bytes that an entry of the cache holds: found there, or made and stored.
pub struct Product {
    pub bytes: Vec<u8>,
    /// Whether the bytes were found in the cache rather than made.
    pub found: bool,
    /// The entry's file, holding exactly the bytes, when the cache has one: an output may
    /// link it instead of writing the bytes again.
    pub file: Option<PathBuf>,
}

impl Cache {
    /// The cache named by the environment: `$CHISO_CACHE_DIR`, else `$XDG_CACHE_HOME/chiso`,
    /// else `~/.cache/chiso`; none when none of them is set.
    pub fn from_env() -> Cache {
        let env = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        Cache {
            root: env("CHISO_CACHE_DIR")
                .or_else(|| env("XDG_CACHE_HOME").map(|d| d.join("chiso")))
                .or_else(|| env("HOME").map(|d| d.join(".cache").join("chiso"))),
            build: Arc::default(),
        }
    }

    /// A cache in the folder `root`.
    pub fn at(root: impl Into<PathBuf>) -> Cache {
        Cache {
            root: Some(root.into()),
            build: Arc::default(),
        }
    }

    /// The same cache for a new build, which lists its folders and notes the keys it uses
    /// afresh: what other builds (of a `chiso serve`) did meanwhile is seen.
    pub fn for_build(&self) -> Cache {
        Cache {
            root: self.root.clone(),
            build: Arc::default(),
        }
    }

    /// The cache's folder, if there is one.
    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    /// No cache: everything is made every time.
    pub fn none() -> Cache {
        Cache::default()
    }

    /// The entry's bytes: from the cache when it holds them whole, else made by `make` (and
    /// stored).
    pub fn bytes<E>(
        &self,
        area: &Area,
        key: &Key,
        make: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Product, E> {
        if let Some(found) = self.find(area, key) {
            return Ok(found);
        }
        let bytes = make()?;
        let file = self.write(area, key, &bytes);
        Ok(Product {
            bytes,
            found: false,
            file,
        })
    }

    /// The entry's bytes, if the cache holds it whole.
    pub fn read(&self, area: &Area, key: &Key) -> Option<Vec<u8>> {
        self.find(area, key).map(|found| found.bytes)
    }

    /// The entry's bytes and file, if the cache holds it whole and its bytes are the ones its
    /// name says; an entry whose bytes changed (its file was edited where an output linked
    /// it) is removed.
    pub fn find(&self, area: &Area, key: &Key) -> Option<Product> {
        let (shard, key) = self.shard(area, key)?;
        let name = self.listed(&shard, &key)?;
        let path = shard.join(&name);
        let bytes = fs::read(&path).ok()?;
        let hash = name.split('.').nth(1).unwrap_or_default();
        if !(area.is_whole)(&bytes, &bytes) {
            return None;
        }
        if hash != content_hash(xxh3_128(&bytes)) {
            let _ = fs::remove_file(&path);
            return None;
        }
        Some(Product {
            bytes,
            found: true,
            file: Some(path),
        })
    }

    /// Stores `bytes` as the entry, replacing what it held; the entry's file, once stored.
    pub fn write(&self, area: &Area, key: &Key, bytes: &[u8]) -> Option<PathBuf> {
        let (shard, key) = self.shard(area, key)?;
        let hash = content_hash(xxh3_128(bytes));
        self.store(&shard, &key, &hash, area, |temporary| {
            fs::write(temporary, bytes)
        })
    }

    /// The file of a whole entry, for entries too large to hold in memory. Only its ends are
    /// read, not its hash checked: such entries are copied into an output, never linked.
    pub fn file(&self, area: &Area, key: &Key) -> Option<PathBuf> {
        let (shard, key) = self.shard(area, key)?;
        let path = shard.join(self.listed(&shard, &key)?);
        let (start, end) = ends(&path).ok()?;
        (area.is_whole)(&start, &end).then_some(path)
    }

    /// Stores a copy of the file at `made` as the entry.
    pub fn store_file(&self, area: &Area, key: &Key, made: &Path) {
        let Some((shard, key)) = self.shard(area, key) else {
            return;
        };
        let Ok(hash) = file_hash(made) else {
            return;
        };
        self.store(&shard, &key, &hash, area, |temporary| {
            fs::copy(made, temporary).map(drop)
        });
    }

    /// Keeps an area from growing without end when its keys change with every edit (pages
    /// are keyed by their inputs): once it holds more than twice the entries this build
    /// looked up, the others are removed, least recently written first, down to that. An area
    /// the build did not use is left as it is. Another portal sharing the cache only loses
    /// time by it.
    pub fn prune(&self, area: &Area) {
        let Some(root) = &self.root else { return };
        let used = self.build.used.lock().expect("not poisoned");
        let Some(used) = used.get(area.name).filter(|used| !used.is_empty()) else {
            return;
        };
        let limit = 2 * used.len();
        // When the build listed every shard of the area, it knows how many entries it holds.
        let area_folder = root.join(area.name);
        let listed = {
            let shards = self.build.shards.lock().expect("not poisoned");
            let of_area = || {
                shards
                    .iter()
                    .filter(|(shard, _)| shard.parent() == Some(&area_folder))
            };
            (of_area().count() == SHARDS).then(|| of_area().map(|(_, s)| s.len()).sum::<usize>())
        };
        if listed.is_some_and(|count| count <= limit) {
            return;
        }
        let mut unused: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
        let mut count = 0;
        for entry in walkdir::WalkDir::new(&area_folder)
            .min_depth(2)
            .max_depth(2)
            .into_iter()
            .filter_map(Result::ok)
        {
            count += 1;
            let name = entry.file_name().to_string_lossy();
            let key = name.split('.').next().unwrap_or_default();
            if !used.contains(key) {
                let written = entry.metadata().ok().and_then(|m| m.modified().ok());
                unused.push((written.unwrap_or(std::time::UNIX_EPOCH), entry.into_path()));
            }
        }
        if count <= limit {
            return;
        }
        unused.sort();
        for (_, path) in unused.into_iter().take(count - limit) {
            let _ = fs::remove_file(path);
        }
        // The listings may name what was removed; a shard is listed again when next used.
        self.build.shards.lock().expect("not poisoned").clear();
    }

    /// The shard folder of the entry, `<root>/<area>/<first two hex digits>`, and its key in
    /// hexadecimal, noted as used by this build.
    fn shard(&self, area: &Area, key: &Key) -> Option<(PathBuf, String)> {
        let key = key.hex();
        let shard = self.root.as_ref()?.join(area.name).join(&key[..2]);
        let mut used = self.build.used.lock().expect("not poisoned");
        used.entry(area.name).or_default().insert(key.clone());
        Some((shard, key))
    }

    /// The file name of the entry `key` of `shard`, listing the shard the first time.
    fn listed(&self, shard: &Path, key: &str) -> Option<String> {
        let mut shards = self.build.shards.lock().expect("not poisoned");
        let listing = shards
            .entry(shard.to_path_buf())
            .or_insert_with(|| list(shard));
        listing.get(key).cloned()
    }

    /// Writes an entry beside its final name `<key>.<hash>.<extension>` with `write`, then
    /// renames it into place and removes the entry's file of other bytes, if any; the entry's
    /// file, once stored.
    fn store(
        &self,
        shard: &Path,
        key: &str,
        hash: &str,
        area: &Area,
        write: impl FnOnce(&Path) -> std::io::Result<()>,
    ) -> Option<PathBuf> {
        static WRITES: AtomicU64 = AtomicU64::new(0);
        let name = format!("{key}.{hash}.{}", area.extension);
        let path = shard.join(&name);
        // The entry's file of other bytes that this one replaces, listed before it is written.
        let replaced = self.listed(shard, key).filter(|old| *old != name);
        // Unique to this process and write: two threads may store the same entry at once.
        let temporary = shard.join(format!(
            ".{name}.{}.{}.tmp",
            std::process::id(),
            WRITES.fetch_add(1, Ordering::Relaxed)
        ));
        let written = fs::create_dir_all(shard)
            .and_then(|()| write(&temporary))
            .and_then(|()| fs::rename(&temporary, &path));
        if written.is_err() {
            let _ = fs::remove_file(&temporary);
            return None;
        }
        if let Some(old) = replaced {
            let _ = fs::remove_file(shard.join(old));
        }
        let mut shards = self.build.shards.lock().expect("not poisoned");
        if let Some(listing) = shards.get_mut(shard) {
            listing.insert(key.to_string(), name);
        }
        Some(path)
    }
}

/// The entries of a shard folder, by key; temporary files, which start with a dot, are none.
/// A key with files of two versions (left by a build killed between writing one and removing
/// the other) has none that can be trusted to be the newer: both are removed.
fn list(shard: &Path) -> Shard {
    let Ok(entries) = fs::read_dir(shard) else {
        return Shard::new();
    };
    let mut listing = Shard::new();
    let mut ambiguous = HashSet::new();
    for entry in entries.filter_map(Result::ok) {
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        let Some((key, rest)) = name.split_once('.') else {
            continue;
        };
        if key.is_empty() || !rest.contains('.') {
            continue;
        }
        let key = key.to_string();
        if let Some(other) = listing.insert(key.clone(), name) {
            let _ = fs::remove_file(shard.join(other));
            ambiguous.insert(key);
        }
    }
    for key in ambiguous {
        if let Some(name) = listing.remove(&key) {
            let _ = fs::remove_file(shard.join(name));
        }
    }
    listing
}

/// The part of an entry's name that tells its bytes: their 128-bit XXH3 hash, in hexadecimal.
/// It guards against edits, not attacks (whoever can write the output can write the cache),
/// and hashes every kept file of a build at memory speed (BLAKE3 took a tenth of a warm build).
fn content_hash(hash: u128) -> String {
    format!("{hash:032x}")
}

/// [`content_hash`] of the file at `path`, read in chunks.
fn file_hash(path: &Path) -> std::io::Result<String> {
    let mut file = File::open(path)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buffer = vec![0; 1 << 16];
    loop {
        match file.read(&mut buffer)? {
            0 => return Ok(content_hash(hasher.digest128())),
            n => hasher.update(&buffer[..n]),
        }
    }
}

/// The first and last [`ENDS`] bytes of a file (each the whole file when it is shorter).
fn ends(path: &Path) -> std::io::Result<(Vec<u8>, Vec<u8>)> {
    let mut file = File::open(path)?;
    let len = file.metadata()?.len();
    let mut start = Vec::with_capacity(ENDS);
    (&mut file).take(ENDS as u64).read_to_end(&mut start)?;
    let mut end = Vec::with_capacity(ENDS);
    file.seek(SeekFrom::Start(len.saturating_sub(ENDS as u64)))?;
    file.take(ENDS as u64).read_to_end(&mut end)?;
    Ok((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// Entries that start with `<` and end with `>`.
    const TAGS: Area = Area {
        name: "tags",
        extension: "txt",
        is_whole: |start, end| start.starts_with(b"<") && end.ends_with(b">"),
    };

    fn key(text: &str) -> Key {
        let mut key = Key::new();
        key.part(text);
        key
    }

    /// Every file under `dir`.
    fn files(dir: &Path) -> Vec<PathBuf> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .collect()
    }

    #[test]
    fn an_entry_is_made_once_then_read_from_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        let made = Cell::new(0);
        let make = || -> Result<Vec<u8>, ()> {
            made.set(made.get() + 1);
            Ok(b"<made>".to_vec())
        };
        let first = cache.bytes(&TAGS, &key("a"), make).unwrap();
        assert_eq!(
            (first.bytes.as_slice(), first.found),
            (&b"<made>"[..], false)
        );
        let again = cache.bytes(&TAGS, &key("a"), make).unwrap();
        assert_eq!(
            (again.bytes.as_slice(), again.found),
            (&b"<made>"[..], true)
        );
        assert_eq!(made.get(), 1);
        assert_eq!(first.file, again.file, "the file an output may link");
        let stored = files(dir.path());
        assert_eq!(stored.len(), 1, "one entry stored, no temporary file left");
        assert!(stored[0].starts_with(dir.path().join("tags")));
        assert_eq!(stored[0].extension().unwrap(), "txt");
        // Another key is another entry.
        cache.bytes(&TAGS, &key("b"), make).unwrap();
        assert_eq!(made.get(), 2);
        assert_eq!(files(dir.path()).len(), 2);
    }

    #[test]
    fn an_entry_that_is_not_whole_is_made_again_and_repaired() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        let make = || -> Result<Vec<u8>, ()> { Ok(b"<made>".to_vec()) };
        cache.bytes(&TAGS, &key("a"), make).unwrap();
        let entry = &files(dir.path())[0];
        for broken in [&b"<ma"[..], b"", b"garbage"] {
            fs::write(entry, broken).unwrap();
            assert_eq!(cache.file(&TAGS, &key("a")), None);
            assert_eq!(
                cache.bytes(&TAGS, &key("a"), make).unwrap().bytes,
                b"<made>"
            );
            assert_eq!(fs::read(entry).unwrap(), b"<made>", "and repaired");
        }
    }

    #[test]
    fn an_entry_edited_where_an_output_linked_it_is_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().join("cache"));
        let make = || -> Result<Vec<u8>, ()> { Ok(b"<made>".to_vec()) };
        let stored = cache.bytes(&TAGS, &key("a"), make).unwrap().file.unwrap();
        let published = dir.path().join("published.txt");
        fs::hard_link(&stored, &published).unwrap();
        // A script edits the published file in place: whole still, but not what was made.
        fs::write(&published, b"<edited>").unwrap();
        let again = Cache::at(dir.path().join("cache"));
        let product = again.bytes(&TAGS, &key("a"), make).unwrap();
        assert_eq!(
            (product.bytes.as_slice(), product.found),
            (&b"<made>"[..], false)
        );
        assert_eq!(fs::read(product.file.unwrap()).unwrap(), b"<made>");
        assert_eq!(
            fs::read(&published).unwrap(),
            b"<edited>",
            "the edit is the output's"
        );
        assert_eq!(
            files(&dir.path().join("cache")).len(),
            1,
            "the edited entry is gone"
        );
    }

    #[test]
    fn large_entries_are_stored_and_found_as_files() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().join("cache"));
        assert_eq!(cache.file(&TAGS, &key("big")), None);
        let made = dir.path().join("made.txt");
        let contents = format!("<{}>", "x".repeat(3 * ENDS));
        fs::write(&made, &contents).unwrap();
        cache.store_file(&TAGS, &key("big"), &made);
        let entry = cache.file(&TAGS, &key("big")).expect("a whole entry");
        assert_eq!(fs::read_to_string(&entry).unwrap(), contents);
        // Only the ends are read: a cut-off file is not whole.
        fs::write(&entry, &contents[..contents.len() - 1]).unwrap();
        assert_eq!(cache.file(&TAGS, &key("big")), None);
    }

    #[test]
    fn without_a_cache_everything_is_made() {
        let made = Cell::new(0);
        let make = || -> Result<Vec<u8>, ()> {
            made.set(made.get() + 1);
            Ok(b"<made>".to_vec())
        };
        Cache::none().bytes(&TAGS, &key("a"), make).unwrap();
        let product = Cache::none().bytes(&TAGS, &key("a"), make).unwrap();
        assert_eq!(made.get(), 2);
        assert_eq!(product.file, None, "nothing to link");
        assert_eq!(Cache::none().file(&TAGS, &key("a")), None);
    }

    #[test]
    fn a_failure_to_make_stores_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        let failed = cache.bytes(&TAGS, &key("a"), || Err("no"));
        assert_eq!(failed.err(), Some("no"));
        assert!(files(dir.path()).is_empty());
    }

    #[test]
    fn pruning_keeps_what_the_last_build_used_and_the_newest_of_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let earlier = Cache::at(dir.path());
        let make = || -> Result<Vec<u8>, ()> { Ok(b"<made>".to_vec()) };
        let names: Vec<String> = (0..10).map(|n| n.to_string()).collect();
        for (n, name) in names.iter().enumerate() {
            let stored = earlier
                .bytes(&TAGS, &key(name), make)
                .unwrap()
                .file
                .unwrap();
            let written = std::time::UNIX_EPOCH + std::time::Duration::from_secs(n as u64 * 60);
            File::options()
                .write(true)
                .open(stored)
                .unwrap()
                .set_modified(written)
                .unwrap();
        }
        // A build that used nothing of the area leaves it as it is.
        let build = earlier.for_build();
        build.prune(&TAGS);
        assert_eq!(files(dir.path()).len(), 10);
        // The oldest two are used by this build: they stay, and the newest of the rest.
        for name in &names[..2] {
            assert!(build.read(&TAGS, &key(name)).is_some());
        }
        build.prune(&TAGS);
        let next = build.for_build();
        let kept = |name: &str| next.read(&TAGS, &key(name)).is_some();
        let left: Vec<&String> = names.iter().filter(|n| kept(n)).collect();
        assert_eq!(left, [&names[0], &names[1], &names[8], &names[9]]);
        // Within the limit, nothing is removed.
        next.prune(&TAGS);
        assert_eq!(files(dir.path()).len(), 4);
    }

    #[test]
    fn an_entry_written_again_leaves_one_file_for_its_key() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        // Each write by a build of its own, which has not listed the shard before.
        for bytes in [&b"<one>"[..], b"<two>", b"<three>"] {
            cache.for_build().write(&TAGS, &key("a"), bytes);
        }
        assert_eq!(files(dir.path()).len(), 1);
        assert_eq!(
            cache.for_build().read(&TAGS, &key("a")).unwrap(),
            b"<three>"
        );
        // Two files for one key (a build killed between writing and removing): neither is
        // trusted, and both are removed.
        let entry = &files(dir.path())[0];
        let other = entry.with_file_name(format!("{}.{}.txt", key("a").hex(), "0".repeat(32)));
        fs::write(&other, b"<old>").unwrap();
        assert_eq!(cache.for_build().read(&TAGS, &key("a")), None);
        assert!(files(dir.path()).is_empty());
    }

    #[test]
    fn keys_tell_parts_apart() {
        let mut ab_c = Key::new();
        ab_c.part("ab").part("c");
        let mut a_bc = Key::new();
        a_bc.part("a").part("bc");
        assert_ne!(ab_c.hex(), a_bc.hex());
        let mut again = Key::new();
        again.part("ab").part("c");
        assert_eq!(ab_c.hex(), again.hex());
    }
}
