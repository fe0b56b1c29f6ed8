//! Ids and relative paths that cannot escape their folder.

use std::path::{Component, Path};

/// Checks an id used in file names and URLs. Returns what is wrong, for the message.
///
/// Letters of any script (ids such as `CL.III.1.đ` are kept as the data owner wrote them),
/// digits, `.`, `-` and `_` are allowed. Separators, `..`, a leading dot, spaces and control
/// characters are not: an id becomes a path segment and must never name another folder.
pub fn check_id(id: &str) -> Result<(), &'static str> {
    if id.is_empty() {
        return Err("an empty id");
    }
    if id.contains('/') || id.contains('\\') {
        return Err("a path separator (/ or \\)");
    }
    if id.contains("..") {
        return Err("\"..\"");
    }
    if id.starts_with('.') {
        return Err("a leading dot");
    }
    if id
        .chars()
        .any(|c| !(c.is_alphanumeric() || matches!(c, '.' | '-' | '_')))
    {
        return Err("a character other than letters, digits, '.', '-' and '_'");
    }
    Ok(())
}

/// Checks a path that must stay inside its folder: relative, with no `..`.
pub fn check_relative_path(path: &str) -> Result<(), &'static str> {
    if path.trim().is_empty() {
        return Err("an empty path");
    }
    if path.contains('\\') {
        return Err("a backslash (use / between folders)");
    }
    for component in Path::new(path).components() {
        match component {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => return Err("\"..\", which leaves the folder"),
            Component::RootDir | Component::Prefix(_) => return Err("an absolute path"),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_ids_of_the_tables() {
        for id in [
            "dvctt-muc-do-4",
            "CL.III.1.a",
            "CL.III.1.đ",
            "PL6b.6a",
            "II-2.1",
            "s_1",
        ] {
            assert_eq!(check_id(id), Ok(()), "{id}");
        }
    }

    #[test]
    fn rejects_ids_that_escape_their_folder() {
        for id in ["a/b", "a\\b", "..", "a..b", ".hidden", "", "a b", "x\n"] {
            assert!(check_id(id).is_err(), "{id:?}");
        }
    }

    #[test]
    fn rejects_paths_that_leave_the_folder() {
        assert!(check_relative_path("datasets/x.csv").is_ok());
        for path in ["../x.csv", "/etc/passwd", "a/../../b", "a\\b"] {
            assert!(check_relative_path(path).is_err(), "{path}");
        }
    }
}
