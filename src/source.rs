//! The sources of a portal, read and checked: chiso's own layout or an Open SDG data
//! repository, recognised by its layout, each loaded, validated and paired with its theme.
//! Everything after this stage works on a [`Checked`] portal and never reads the sources again
//! (except git history, which the history stage reads).

use crate::model::Portal;
use crate::problem::{Problem, Problems};
use crate::theme::{self, Theme};
use crate::{load, opensdg, validate};
use std::path::Path;

/// A portal that passed every check, ready to build.
pub struct Checked {
    pub portal: Portal,
    pub theme: Theme,
    /// What the build should say but that does not stop it (`BuildSummary::warnings`).
    pub warnings: Vec<Problem>,
}

/// Loads and validates the portal at `root` with its theme; every problem found is returned.
/// An Open SDG data repository, recognised by its layout, is read as it is; both then pass
/// the same checks of the portal as a whole ([`validate::portal`]).
pub fn check(root: &Path) -> Result<Checked, Vec<Problem>> {
    let mut problems = Problems::default();
    let (portal, mut warnings) = if opensdg::detect(root) {
        let loaded = opensdg::read(root)?;
        (loaded.portal, loaded.warnings)
    } else {
        let Some(raw) = load::load(root, &mut problems) else {
            return Err(problems.into_sorted());
        };
        (validate::validate(raw, &mut problems), Vec::new())
    };
    validate::portal::check(&portal, &mut problems);
    let theme = theme::load(&portal, &mut problems);
    match theme {
        Some(theme) if problems.is_empty() => {
            warnings.extend(problems.take_notes());
            Ok(Checked {
                portal,
                theme,
                warnings,
            })
        }
        _ => Err(problems.into_sorted()),
    }
}
