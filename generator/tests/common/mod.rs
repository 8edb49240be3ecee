//! Shared by the generator's integration tests.

#![allow(dead_code)]

use std::path::PathBuf;

use generator::pipeline::Workspace;

pub fn workspace() -> Workspace {
    Workspace::of_this_build()
}

/// insta settings that keep snapshots in the workspace's `snapshots/` folder.
pub fn snapshots() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(workspace().root.join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

/// Zoom's documents, where CI and developers keep them. A missing directory fails the test with
/// the reason: these tests are the ones that read the real documents.
pub fn zoom_spec_dir() -> PathBuf {
    let ws = workspace();
    let dir = generator::load::resolve_spec_dir(None, &ws.root);
    assert!(dir.join("meetings.json").exists(), "Zoom's documents are not in {} (set ZOOM_SPEC_DIR)", dir.display());
    dir
}

/// Zoom's reference pages (scope lists, the agent reference): `$ZOOM_REFERENCE_DIR`, else
/// `../shared/reference` beside the checkout.
pub fn reference_dir() -> PathBuf {
    let dir = std::env::var_os("ZOOM_REFERENCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().root.join("../shared/reference"));
    assert!(dir.join("zoom-classic-scopes.txt").exists(), "Zoom's reference pages are not in {}", dir.display());
    dir
}

/// The classic scopes on Zoom's classic-scope page, in page order: each entry is the scope's
/// name, an optional description line, then an `Associated API` line.
pub fn reference_classic_scopes() -> Vec<String> {
    let text = std::fs::read_to_string(reference_dir().join("zoom-classic-scopes.txt")).unwrap();
    let mut names = Vec::new();
    let mut entry: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('•')) {
        if line == "Associated API" {
            names.push(entry[0].to_owned());
            entry.clear();
        } else if line.starts_with("The following are") || line.ends_with(" scopes") && line.contains(' ') {
            entry.clear(); // a section heading or its introduction
        } else {
            entry.push(line);
        }
    }
    names
}
