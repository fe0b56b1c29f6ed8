//! Helpers for integration tests: copy a fixture portal into a temporary folder, build it,
//! and read what a reader would see.
#![allow(dead_code)]

use chiso::build::{BuildOptions, BuildSummary, build};
use chiso::failure::Stopped;
use std::fs;
use std::path::{Path, PathBuf};

/// A portal copied into a temporary folder, so tests can edit it freely.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// Copies `tests/fixtures/<name>` into a new temporary folder.
    pub fn fixture(name: &str) -> Site {
        let dir = tempfile::tempdir().expect("a temporary folder");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name),
            dir.path(),
        );
        Site { dir }
    }

    /// The portal `chiso new` writes.
    pub fn scaffold() -> Site {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path().join("portal");
        chiso::scaffold::create(&root).expect("scaffold");
        let site = Site { dir };
        site.move_into_root("portal");
        site
    }

    /// The repository's bundled portal (config, data, content and theme), copied.
    pub fn bundled() -> Site {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        fs::copy(repo.join("chiso.toml"), dir.path().join("chiso.toml")).expect("copy chiso.toml");
        for folder in ["data", "content"] {
            copy_dir(&repo.join(folder), &dir.path().join(folder));
        }
        Site { dir }
    }

    fn move_into_root(&self, inner: &str) {
        let inner = self.dir.path().join(inner);
        for entry in fs::read_dir(&inner).unwrap() {
            let entry = entry.unwrap();
            fs::rename(entry.path(), self.dir.path().join(entry.file_name())).unwrap();
        }
        fs::remove_dir(inner).unwrap();
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }

    pub fn read_source(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Replaces `from` with `to` in a source file; the text must be there.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read_source(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, text.replacen(from, to, 1));
    }

    /// Builds without chart PNGs: no test but the chart tests looks at them, and rasterising
    /// is the slow part of a build.
    pub fn try_build(&self) -> Result<BuildSummary, Stopped> {
        self.try_build_with_png(false)
    }

    fn try_build_with_png(&self, png: bool) -> Result<BuildSummary, Stopped> {
        let options = BuildOptions {
            out: self.out(),
            cache: test_cache(),
            png,
            ..Default::default()
        };
        build(self.root(), &options, &|_| {})
    }

    /// Builds with every chart as a PNG too, as `chiso build` does.
    pub fn build_with_png(&self) -> BuildSummary {
        Self::built(self.try_build_with_png(true))
    }

    pub fn build(&self) -> BuildSummary {
        Self::built(self.try_build())
    }

    fn built(result: Result<BuildSummary, Stopped>) -> BuildSummary {
        result.unwrap_or_else(|stopped| {
            let list = messages(&stopped);
            panic!("the build failed:\n{}", list.join("\n"))
        })
    }

    /// Builds, expecting problems, and returns their messages.
    pub fn problems(&self) -> Vec<String> {
        match self.try_build() {
            Ok(_) => panic!("the build should have failed"),
            Err(stopped) => messages(&stopped),
        }
    }

    /// A file of the output, as text.
    pub fn page(&self, rel: &str) -> String {
        fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn output_bytes(&self, rel: &str) -> Vec<u8> {
        fs::read(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Every file of the output with its bytes, sorted by path.
    pub fn output_files(&self) -> Vec<(String, Vec<u8>)> {
        files_under(&self.out())
    }
}

/// Every file under `dir` with its bytes, by its path relative to `dir` (with `/`), sorted.
pub fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy();
            (rel.replace('\\', "/"), fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// The build cache of the tests, in Cargo's folder for integration tests' files under
/// `target/`: tests never read or write the developer's own cache, and test binaries and
/// runs share their chart images (the output is the same whatever the cache holds).
/// Every problem and failure of a stopped build, as the command line prints them.
pub fn messages(stopped: &Stopped) -> Vec<String> {
    let problems = stopped.problems.iter().map(ToString::to_string);
    problems
        .chain(stopped.failures.iter().map(ToString::to_string))
        .collect()
}

pub fn test_cache() -> chiso::cache::Cache {
    chiso::cache::Cache::at(test_cache_dir())
}

/// The `chiso` binary, with the test cache as its cache.
pub fn chiso_command() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_chiso"));
    command.env("CHISO_CACHE_DIR", test_cache_dir());
    command
}

/// The folder of [`test_cache`], for the `chiso` commands tests run (`CHISO_CACHE_DIR`).
pub fn test_cache_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_TARGET_TMPDIR"), "/chiso-cache"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::create_dir_all(dest.parent().unwrap()).unwrap();
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// The text of an HTML page with tags removed and whitespace collapsed: what a reader sees.
/// Block-level tags separate words; inline tags (links, emphasis, spans) do not.
pub fn visible_text(html: &str) -> String {
    const INLINE: [&str; 12] = [
        "a", "span", "cite", "strong", "em", "b", "i", "sup", "sub", "code", "abbr", "small",
    ];
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open + 1..open + close];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if !INLINE.contains(&name.to_ascii_lowercase().as_str()) {
            text.push(' ');
        }
        rest = &rest[open + close + 1..];
    }
    text.push_str(rest);
    let text = text
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parses CSV text into rows of cells, header first.
pub fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The warnings of a build, as a reader sees them, that contain `text`.
pub fn warnings_containing(summary: &BuildSummary, text: &str) -> Vec<String> {
    summary
        .warnings
        .iter()
        .map(ToString::to_string)
        .filter(|w| w.contains(text))
        .collect()
}
