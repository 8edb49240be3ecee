//! `cargo xtask regen`: generate, then write every output or compare it with what is committed.

use std::path::{Path, PathBuf};

use crate::emit::GeneratedFile;
use crate::error::{Error, Result};
use crate::load::HashPolicy;
use crate::manifest::Manifest;
use crate::output;
use crate::pipeline::{self, Generation, Workspace};
use crate::release::{self, Release, Version};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Replace the outputs.
    Write,
    /// Write nothing; report what differs.
    Check,
}

pub struct Outcome {
    pub generation: Generation,
    /// In check mode: each output that differs, with how (empty when up to date).
    pub stale: Vec<String>,
    /// When new editions were accepted: what changed since the recorded ones, or why that cannot
    /// be told (the recorded editions were not archived).
    pub changelog: Option<std::result::Result<crate::diff::Report, String>>,
    /// The release that accepting them made: `zoom-client`'s new version, whose entry was written
    /// to its CHANGELOG.md (none where what changed cannot be told).
    pub release: Option<Version>,
}

/// Runs a regen of `ws` from the documents in `spec_dir`. Nothing is written unless every
/// output was generated; the trees are swapped in whole.
pub fn run(ws: &Workspace, spec_dir: &Path, policy: HashPolicy, mode: Mode) -> Result<Outcome> {
    run_with_hook(ws, spec_dir, policy, mode, |_| Ok(()))
}

/// [`run`], calling `hook` after each file written (tests use it to fail midway).
pub fn run_with_hook(
    ws: &Workspace,
    spec_dir: &Path,
    policy: HashPolicy,
    mode: Mode,
    mut hook: impl FnMut(&Path) -> std::io::Result<()>,
) -> Result<Outcome> {
    let generation = pipeline::generate(ws, spec_dir, policy)?;
    let fixture_files = if ws.fixtures().exists() { Some(pipeline::generate_fixtures(ws)?.1) } else { None };
    let mut trees: Vec<(PathBuf, &[GeneratedFile])> =
        vec![(ws.generated(), &generation.files), (ws.conformance_generated(), &generation.conformance_files)];
    if let Some(files) = &fixture_files {
        trees.push((ws.fixtures_generated(), files));
    }
    let mut texts =
        vec![(ws.names_lock(), generation.names_lock.clone()), (ws.cargo_toml(), generation.cargo_toml.clone())];
    let relative = |p: &Path| p.strip_prefix(&ws.root).unwrap_or(p).display().to_string();

    let mut stale = Vec::new();
    let mut changelog = None;
    let mut release = None;
    match mode {
        Mode::Check => {
            for (root, files) in &trees {
                for (path, what) in output::diff_tree(root, files)? {
                    stale.push(format!("{}: {what}", relative(&root.join(path))));
                }
            }
            for (path, contents) in &texts {
                if std::fs::read_to_string(path).ok().as_deref() != Some(contents.as_str()) {
                    stale.push(format!("{}: out of date", relative(path)));
                }
            }
            // Scope drift nobody has looked at fails the check like a stale file.
            for finding in &generation.scope_drift.unacknowledged {
                stale.push(format!(
                    "scope drift `{}`: {} (acknowledge it in scopes/catalogue/)",
                    finding.key, finding.message
                ));
            }
            for key in &generation.scope_drift.stale_acknowledgements {
                stale.push(format!("scopes/catalogue/: acknowledged `{key}` matches no finding any more"));
            }
            if policy == HashPolicy::Strict {
                for c in &generation.changed_hashes {
                    stale.push(format!("spec/documents.toml: {} has a new sha256", c.file));
                }
            }
        }
        Mode::Write => {
            let manifest = Manifest::load(&ws.manifest())?;
            if !generation.changed_hashes.is_empty() {
                // The recorded editions, before their hashes are replaced: what a maintainer
                // reviews before committing the new ones, and what the release notes say.
                let report = pipeline::edition_api(ws, &manifest, spec_dir)
                    .map(|old| crate::diff::diff(&old, &generation.api))
                    .map_err(|e| e.to_string());
                if let Ok(report) = &report {
                    let (version, files) = prepare_release(ws, report, &generation, &texts[1].1)?;
                    texts.retain(|(path, _)| *path != ws.cargo_toml());
                    texts.extend(files);
                    release = Some(version);
                }
                changelog = Some(report);
            }
            for (root, files) in &trees {
                output::replace_tree(root, files, &mut hook)?;
            }
            for (path, contents) in &texts {
                output::write_file_atomically(path, contents.as_bytes())?;
            }
            for change in &generation.changed_hashes {
                manifest.accept_hash(&change.file, &change.actual)?;
            }
        }
    }
    Ok(Outcome { generation, stale, changelog, release })
}

/// The next release for the changes `report` lists: its version, and the files it rewrites
/// (zoom-client's Cargo.toml from `cargo_toml`, its CHANGELOG.md, and the workspace's
/// Cargo.lock where there is one). Nothing is written here, so a problem leaves all as it was.
fn prepare_release(
    ws: &Workspace,
    report: &crate::diff::Report,
    generation: &Generation,
    cargo_toml: &str,
) -> Result<(Version, Vec<(PathBuf, String)>)> {
    let config = |path: PathBuf| move |message: String| Error::Config { path: path.clone(), message };
    let version = release::package_version(cargo_toml).map_err(config(ws.cargo_toml()))?;
    let next = version.next(report.semver().0);
    let mut files =
        vec![(ws.cargo_toml(), release::set_package_version(cargo_toml, next).map_err(config(ws.cargo_toml()))?)];
    let editions: Vec<(String, String)> =
        generation.changed_hashes.iter().map(|c| (c.file.clone(), c.actual.clone())).collect();
    let date = release::today();
    let entry = Release { version: next, date: &date, editions: &editions };
    let previous = match std::fs::read_to_string(ws.changelog()) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io(ws.changelog(), e)),
    };
    files.push((ws.changelog(), release::with_entry(previous.as_deref(), report, &entry)));
    match std::fs::read_to_string(ws.cargo_lock()) {
        Ok(lock) => {
            let package = release::package_name(cargo_toml).map_err(config(ws.cargo_toml()))?;
            let lock = release::set_locked_version(&lock, &package, next).map_err(config(ws.cargo_lock()))?;
            files.push((ws.cargo_lock(), lock));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io(ws.cargo_lock(), e)),
    }
    Ok((next, files))
}
