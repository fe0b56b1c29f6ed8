//! A version of the portal to compare: the working tree as it is, or a git revision written
//! into a temporary folder (the working tree and the index are never touched).

use crate::compute::{Computed, compute};
use crate::history::History;
use crate::history::git::Repo;
use crate::model::Portal;
use crate::problem::Problem;
use crate::source::check;
use std::fmt;
use std::path::Path;
use tempfile::TempDir;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Version {
    WorkingTree,
    /// A commit, tag or branch.
    Revision(String),
}

/// A version of the portal loaded, checked and computed with its git history: one side of a
/// comparison, or a release to publish.
pub struct Revision {
    /// What to call the version: `main (3f2a1c0)`, `working tree`.
    pub label: String,
    pub portal: Portal,
    pub computed: Computed,
    /// Where an old revision was written; removed when dropped.
    _folder: Option<TempDir>,
}

#[derive(Debug)]
pub enum LoadError {
    /// Git could not give the revision.
    Git(String),
    /// The version has problems: it cannot be loaded as a portal.
    Problems {
        version: String,
        problems: Vec<Problem>,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Git(why) => f.write_str(why),
            LoadError::Problems { version, problems } => {
                writeln!(f, "{version} has {} problem(s):", problems.len())?;
                for p in problems {
                    writeln!(f, "  {p}")?;
                }
                Ok(())
            }
        }
    }
}

impl Revision {
    /// Loads the portal at `root` as it is in `version`, and computes it.
    pub fn load(root: &Path, version: &Version) -> Result<Revision, LoadError> {
        match version {
            Version::WorkingTree => {
                let portal = checked(root, "the working tree")?;
                Ok(Revision {
                    label: "working tree".into(),
                    computed: compute(&portal, History::read(root, &portal)),
                    portal,
                    _folder: None,
                })
            }
            Version::Revision(rev) => {
                let repo = Repo::open(root).map_err(|e| LoadError::Git(e.to_string()))?;
                let hash = repo.resolve(rev).map_err(LoadError::Git)?;
                let folder = tempfile::tempdir().map_err(|e| LoadError::Git(e.to_string()))?;
                let tree = folder.path().join("portal");
                repo.extract(&hash, &tree).map_err(LoadError::Git)?;
                let label = label(rev, &hash);
                let portal = checked(&tree, &label)?;
                Ok(Revision {
                    label,
                    computed: compute(&portal, History::read_at(root, &hash, &portal)),
                    portal,
                    _folder: Some(folder),
                })
            }
        }
    }
}

/// The revision a pull request starts from: where the current branch left the default
/// branch (their merge base), and that branch's name.
pub fn default_base(root: &Path) -> Result<(Version, String), LoadError> {
    let repo = Repo::open(root).map_err(|e| LoadError::Git(e.to_string()))?;
    let branch = repo.default_branch().ok_or_else(|| {
        LoadError::Git(
            "no default branch (origin/HEAD, main or master) to compare with; name a revision: chiso diff REV"
                .into(),
        )
    })?;
    let base = repo.merge_base(&branch, "HEAD").map_err(LoadError::Git)?;
    Ok((Version::Revision(base), branch))
}

fn checked(root: &Path, version: &str) -> Result<Portal, LoadError> {
    check(root)
        .map(|c| c.portal)
        .map_err(|problems| LoadError::Problems {
            version: version.to_string(),
            problems,
        })
}

/// `main (3f2a1c0)`, or the short hash alone when the revision was named by its hash.
pub fn label(rev: &str, hash: &str) -> String {
    let short = &hash[..hash.len().min(7)];
    if hash.starts_with(rev) {
        short.to_string()
    } else {
        format!("{rev} ({short})")
    }
}
