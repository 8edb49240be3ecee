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
