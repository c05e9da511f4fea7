//! `agora check`: the site loaded without rendering, every internal link
//! and anchor checked, then the external links.

use crate::error::{Diagnostics, Error, Result};
use crate::{BuildMode, BuildOptions, site};

/// What `agora check` looked at.
#[derive(Debug)]
pub struct CheckReport {
    pub pages: usize,
    pub sections: usize,
    pub stats: site::CheckStats,
    pub external: site::ExternalReport,
    pub warnings: Diagnostics,
}

/// Loads the site without rendering templates and checks every internal
/// link and its anchor, then (unless `skip_external_links`, or the network
/// is off) every external link; all problems are reported together, and
/// the warnings (`*_level = "warn"`) come back in the report.
pub fn check(options: &BuildOptions, skip_external_links: bool) -> Result<CheckReport> {
    let loaded = crate::load_site(options, BuildMode::Build)?;
    let lib = &loaded.site.lib;
    let settings = &loaded.site.config.link_checker;
    // Broken anchors were reported while loading (as by `build`): only count here.
    let (_, stats) = site::check_anchors(lib, settings.internal_level);
    let external = site::check_external_links(
        lib,
        settings,
        &loaded.site.root,
        &loaded.config_path,
        skip_external_links,
    )?;
    // The warnings of loading (`internal_level = "warn"` links…) are shown
    // with the check's errors too.
    let mut problems = loaded.warnings;
    for d in external.problems.iter().cloned() {
        problems.push(d);
    }
    problems.sort();
    if problems.has_errors() {
        // Errors and warnings of the check together, in file order.
        return Err(Error::Diagnostics(problems.items));
    }
    let warnings = problems;
    Ok(CheckReport {
        pages: lib.pages.iter().filter(|p| p.placeholder.is_none()).count(),
        sections: lib.sections.iter().filter(|s| !s.generated).count(),
        stats,
        external,
        warnings,
    })
}
