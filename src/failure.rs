//! What goes wrong in chiso's machinery rather than in a portal: a file of the output that
//! cannot be written, a template that does not render, git or the preview server failing. An
//! author cannot fix these by editing the portal's files, so they are not [`Problem`]s (which
//! always name a source file and what it should hold); a build that stops says which it was.

use crate::problem::Problem;
use std::fmt;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Reading or writing a file: of the output, the build cache, or a source read again.
    Io { path: PathBuf, error: String },
    /// A template that does not parse or render: the theme file it comes from, and why.
    Template { file: String, message: String },
    /// Git could not give what was asked.
    Git(String),
    /// The preview server could not start or answer.
    Serve(String),
}

impl Failure {
    pub fn io(path: impl Into<PathBuf>, error: impl fmt::Display) -> Failure {
        Failure::Io {
            path: path.into(),
            error: error.to_string(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Io { path, error } => write!(f, "{}: {error}", path.display()),
            Failure::Template { file, message } => {
                write!(f, "{file}: the template does not render: {message}")
            }
            Failure::Git(why) => write!(f, "git: {why}"),
            Failure::Serve(why) => write!(f, "the preview server: {why}"),
        }
    }
}

impl std::error::Error for Failure {}

/// Why a build stopped: every problem the authors must fix, and every failure of the
/// machinery.
#[derive(Debug, Default)]
pub struct Stopped {
    pub problems: Vec<Problem>,
    pub failures: Vec<Failure>,
}

impl Stopped {
    pub fn is_empty(&self) -> bool {
        self.problems.is_empty() && self.failures.is_empty()
    }

    pub fn add(&mut self, more: impl Into<Stopped>) {
        let more = more.into();
        self.problems.extend(more.problems);
        self.failures.extend(more.failures);
    }

    /// `Ok` when nothing stopped, else the problems sorted by file and position.
    pub fn into_result(mut self) -> Result<(), Stopped> {
        if self.is_empty() {
            Ok(())
        } else {
            self.problems.sort();
            Err(self)
        }
    }
}

impl From<Vec<Problem>> for Stopped {
    fn from(problems: Vec<Problem>) -> Self {
        Stopped {
            problems,
            failures: Vec::new(),
        }
    }
}

impl From<Problem> for Stopped {
    fn from(problem: Problem) -> Self {
        vec![problem].into()
    }
}

impl From<Vec<Failure>> for Stopped {
    fn from(failures: Vec<Failure>) -> Self {
        Stopped {
            problems: Vec::new(),
            failures,
        }
    }
}

impl From<Failure> for Stopped {
    fn from(failure: Failure) -> Self {
        vec![failure].into()
    }
}
