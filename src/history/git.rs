//! The `git` command, run as a child process.
//!
//! Why the command and not a library such as gix: everywhere a portal is a git checkout (a
//! data clerk's machine, CI), `git` is installed; it answers "which commits touched which
//! files" in one pass over the log with git's own history simplification, extracts an old
//! revision's files with the checkout filters (line endings) applied, and costs nothing to
//! build. gix would add well over a hundred crates to a 2-core build for the same answers.

use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Why git history cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    /// The portal folder is not inside a git checkout (a copied folder, a release archive).
    NotARepository,
    /// The checkout holds only the newest commits: dates from it would be wrong.
    Shallow,
    /// The repository has no commit yet.
    NoCommits,
    /// The `git` command is not installed.
    GitMissing,
    /// Anything else git said, as it said it.
    Failed(String),
}

impl fmt::Display for Unavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unavailable::NotARepository => f.write_str("not a git checkout"),
            Unavailable::Shallow => f.write_str("shallow clone"),
            Unavailable::NoCommits => f.write_str("no commits yet"),
            Unavailable::GitMissing => f.write_str("git is not installed"),
            Unavailable::Failed(why) => f.write_str(why),
        }
    }
}

/// One commit as the log shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub hash: String,
    /// The committer date, in the committer's time zone: the day the change was recorded.
    pub date: NaiveDate,
    pub subject: String,
}

/// A file a commit changed, with how many lines it added and deleted (`None` for a binary
/// file, whose lines git does not count).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// Relative to the portal folder, `/`-separated.
    pub path: String,
    pub lines: Option<LineCounts>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCounts {
    pub added: u64,
    pub deleted: u64,
}

/// A tag, peeled to the commit it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub commit: String,
    /// The tagger date of an annotated tag, else the commit's date.
    pub date: NaiveDate,
    /// The first line of an annotated tag's message.
    pub message: Option<String>,
}

/// The git repository a portal folder lives in.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The portal folder.
    root: PathBuf,
    /// The repository's top folder.
    top: PathBuf,
    /// The portal folder inside the repository: `""` or `portal/`.
    prefix: String,
    pub shallow: bool,
}

impl Repo {
    /// The repository holding `root`.
    pub fn open(root: &Path) -> Result<Repo, Unavailable> {
        let out = run(git_in(root).args([
            "rev-parse",
            "--show-toplevel",
            "--show-prefix",
            "--is-shallow-repository",
        ]))
        .map_err(|e| match e {
            Unavailable::Failed(why) if why.contains("not a git repository") => {
                Unavailable::NotARepository
            }
            other => other,
        })?;
        let mut lines = out.lines();
        let (Some(top), Some(prefix), Some(shallow)) = (lines.next(), lines.next(), lines.next())
        else {
            return Err(Unavailable::Failed(format!(
                "unexpected output of git rev-parse: {out:?}"
            )));
        };
        Ok(Repo {
            root: root.to_path_buf(),
            top: PathBuf::from(top),
            prefix: prefix.to_string(),
            shallow: shallow == "true",
        })
    }

    /// Every commit reachable from `rev` that touched a file of the portal folder, newest
    /// first, with the files it touched and how many of their lines. One pass over the log,
    /// however many files the portal has.
    pub fn log(
        &self,
        rev: &str,
        folders: &BTreeSet<PathBuf>,
    ) -> Result<Vec<(Commit, Vec<FileChange>)>, Unavailable> {
        let mut command = git_in(&self.root);
        command
            .args([
                "log",
                "-z",
                "--no-show-signature",
                "--no-renames",
                "--encoding=UTF-8",
                "--format=%x1e%H%x1f%cs%x1f%s",
                "--numstat",
                "--relative",
                rev,
                "--",
            ])
            .args(folders)
            // Folder names are names, not patterns (`[2024]` is not a character class).
            .env("GIT_LITERAL_PATHSPECS", "1");
        let out = run(&mut command).map_err(|e| match e {
            Unavailable::Failed(why)
                if why.contains("does not have any commits")
                    || (rev == "HEAD" && why.contains("bad revision 'HEAD'")) =>
            {
                Unavailable::NoCommits
            }
            other => other,
        })?;
        Ok(parse_log(&out))
    }

    /// The full hash of the commit `rev` names (a hash, tag or branch).
    pub fn resolve(&self, rev: &str) -> Result<String, String> {
        let spec = format!("{rev}^{{commit}}");
        run(git_in(&self.root).args(["rev-parse", "--verify", "--quiet", &spec]))
            .map(|out| out.trim().to_string())
            .map_err(|_| format!("no commit named {rev:?} in the repository"))
    }

    /// The committer date of a commit.
    pub fn commit_date(&self, rev: &str) -> Result<NaiveDate, String> {
        let out = run(git_in(&self.root).args(["log", "-1", "--format=%cs", rev, "--"]))
            .map_err(|e| e.to_string())?;
        NaiveDate::parse_from_str(out.trim(), "%Y-%m-%d").map_err(|e| e.to_string())
    }

    /// The newest common ancestor of two revisions.
    pub fn merge_base(&self, a: &str, b: &str) -> Result<String, String> {
        run(git_in(&self.root).args(["merge-base", a, b]))
            .map(|out| out.trim().to_string())
            .map_err(|e| format!("no common ancestor of {a} and {b}: {e}"))
    }

    /// The branch pull requests merge into: the remote's default branch, else a local or
    /// remote `main` or `master`.
    pub fn default_branch(&self) -> Option<String> {
        let remote_head = run(git_in(&self.root).args([
            "symbolic-ref",
            "--quiet",
            "--short",
            "refs/remotes/origin/HEAD",
        ]));
        if let Ok(name) = remote_head {
            return Some(name.trim().to_string());
        }
        ["main", "master", "origin/main", "origin/master"]
            .into_iter()
            .find(|name| self.resolve(name).is_ok())
            .map(str::to_string)
    }

    /// Tags whose name matches `pattern` (a shell glob such as `v*`), peeled to commits.
    pub fn tags(&self, pattern: &str) -> Result<Vec<Tag>, String> {
        let format = "--format=%(refname:strip=2)%00%(objecttype)%00%(objectname)%00\
                      %(*objecttype)%00%(*objectname)%00%(creatordate:short)%00%(contents:subject)%00";
        let out =
            run(git_in(&self.root).args(["for-each-ref", format, &format!("refs/tags/{pattern}")]))
                .map_err(|e| e.to_string())?;
        let fields: Vec<&str> = out.split('\0').collect();
        let mut tags = Vec::new();
        for record in fields.chunks_exact(7) {
            let name = record[0].trim_start_matches('\n');
            let (commit, annotated) = match (record[1], record[3]) {
                ("commit", _) => (record[2], false),
                ("tag", "commit") => (record[4], true),
                _ => continue,
            };
            let Some(date) = crate::model::iso_date(record[5]) else {
                continue;
            };
            tags.push(Tag {
                name: name.to_string(),
                commit: commit.to_string(),
                date,
                message: Some(record[6].trim())
                    .filter(|m| annotated && !m.is_empty())
                    .map(str::to_string),
            });
        }
        Ok(tags)
    }

    /// Writes the portal folder as it was at `rev` into `dest` (which must not exist yet),
    /// without touching the working tree or the index: git reads the revision into an index
    /// file of its own and checks that out under `dest`.
    pub fn extract(&self, rev: &str, dest: &Path) -> Result<(), String> {
        let scratch = tempfile::tempdir().map_err(|e| e.to_string())?;
        let index = scratch.path().join("index");
        let tree = format!("{rev}:{}", self.prefix);
        let mut prefix = dest.to_string_lossy().into_owned();
        if !prefix.ends_with(std::path::MAIN_SEPARATOR) {
            prefix.push(std::path::MAIN_SEPARATOR);
        }
        let describe = |e: Unavailable| format!("cannot read revision {rev}: {e}");
        run(git_in(&self.top)
            .env("GIT_INDEX_FILE", &index)
            .args(["read-tree", &tree]))
        .map_err(describe)?;
        run(git_in(&self.top)
            .env("GIT_INDEX_FILE", &index)
            .args(["checkout-index", "--all", "--force"])
            .arg(format!("--prefix={prefix}")))
        .map_err(describe)?;
        Ok(())
    }
}

/// `git -C dir`, isolated from settings that would change its output.
pub fn git_in(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "core.quotePath=false",
            "-c",
            "log.showSignature=false",
        ])
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("LC_ALL", "C");
    command
}

fn run(command: &mut Command) -> Result<String, Unavailable> {
    let output: io::Result<Output> = command.output();
    match output {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(Unavailable::GitMissing),
        Err(e) => Err(Unavailable::Failed(format!("cannot run git: {e}"))),
        Ok(out) if out.status.success() => Ok(String::from_utf8_lossy(&out.stdout).into_owned()),
        // Git's first line says what went wrong; the rest is advice for its own commands.
        Ok(out) => Err(Unavailable::Failed(
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .next()
                .unwrap_or("git failed")
                .trim()
                .to_string(),
        )),
    }
}

/// Parses `git log -z --format=%x1e%H%x1f%cs%x1f%s --name-only`: each record starts with
/// U+001E, its header ends with NUL, and the names that follow are NUL-separated.
/// Reads `git log -z --numstat`: each record is the header, then `added\tdeleted\tpath`
/// entries, each ended by NUL (`-\t-\t` for a binary file).
fn parse_log(out: &str) -> Vec<(Commit, Vec<FileChange>)> {
    out.split('\u{1e}')
        .filter_map(|record| {
            let (header, entries) = record.split_once('\0').unwrap_or((record, ""));
            let mut fields = header.splitn(3, '\u{1f}');
            let hash = fields.next()?.trim();
            let date = crate::model::iso_date(fields.next()?)?;
            let subject = fields.next().unwrap_or("").trim().to_string();
            let files: Vec<FileChange> = entries
                .split('\0')
                .map(|n| n.trim_start_matches('\n'))
                .filter_map(|entry| {
                    let mut parts = entry.splitn(3, '\t');
                    let (added, deleted, path) = (parts.next()?, parts.next()?, parts.next()?);
                    let count = |n: &str| n.parse().ok();
                    Some(FileChange {
                        path: path.to_string(),
                        lines: count(added)
                            .zip(count(deleted))
                            .map(|(added, deleted)| LineCounts { added, deleted }),
                    })
                })
                .filter(|f| !f.path.is_empty())
                .collect();
            Some((
                Commit {
                    hash: hash.to_string(),
                    date,
                    subject,
                },
                files,
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_commits_with_their_files() {
        let out = "\u{1e}aaa\u{1f}2024-02-03\u{1f}second\0\n2\t1\tdata/a.csv\0\u{1e}bbb\u{1f}2024-01-02\u{1f}first | x\0\n3\t0\tdata/a.csv\0-\t-\tdata/đ b.xlsx\0";
        let log = parse_log(out);
        assert_eq!(log.len(), 2);
        assert_eq!(log[0].0.hash, "aaa");
        let lines = |added, deleted| Some(LineCounts { added, deleted });
        assert_eq!(
            log[0].1,
            [FileChange {
                path: "data/a.csv".into(),
                lines: lines(2, 1)
            }]
        );
        assert_eq!(log[1].0.subject, "first | x");
        assert_eq!(log[1].0.date.to_string(), "2024-01-02");
        let paths: Vec<&str> = log[1].1.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["data/a.csv", "data/đ b.xlsx"]);
        assert_eq!(log[1].1[0].lines, lines(3, 0));
        assert_eq!(
            log[1].1[1].lines, None,
            "a binary file's lines are not counted"
        );
    }
}
