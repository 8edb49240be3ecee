//! Finding, hashing and reading Zoom's documents.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result};
use crate::manifest::{DocumentEntry, Manifest, sha256_hex};

/// Name of the environment variable that points at a directory of Zoom documents.
pub const SPEC_DIR_ENV: &str = "ZOOM_SPEC_DIR";

/// The spec directory: the flag if given, else `$ZOOM_SPEC_DIR`, else `../shared/zoom-openapi`
/// beside the workspace (where CI keeps Zoom's documents).
pub fn resolve_spec_dir(flag: Option<&Path>, workspace_root: &Path) -> PathBuf {
    if let Some(dir) = flag {
        return dir.to_owned();
    }
    if let Some(dir) = std::env::var_os(SPEC_DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    workspace_root.join("../shared/zoom-openapi")
}

/// Whether a document whose hash differs from the manifest is an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashPolicy {
    Strict,
    /// Accept it; the caller records the new hash once generation has succeeded.
    AcceptNew,
}

/// One document as read from disk.
#[derive(Debug)]
pub struct RawDocument {
    pub entry: DocumentEntry,
    pub sha256: String,
    pub json: Value,
}

/// A document whose bytes differ from the hash the manifest records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedHash {
    pub file: String,
    pub recorded: String,
    pub actual: String,
}

/// Where a manifest's documents are read from.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    /// The files of this directory, whatever their hashes.
    Dir(&'a Path),
    /// The editions the manifest records, by hash: in this spec directory or its archive
    /// ([`crate::editions`]).
    Recorded(&'a Path),
}

/// Reads, hashes and parses every document the manifest lists, two at a time.
pub fn load_all(manifest: &Manifest, dir: &Path, policy: HashPolicy) -> Result<(Vec<RawDocument>, Vec<ChangedHash>)> {
    load_from(manifest, Source::Dir(dir), policy)
}

/// [`load_all`] from either kind of source.
pub fn load_from(
    manifest: &Manifest,
    source: Source<'_>,
    policy: HashPolicy,
) -> Result<(Vec<RawDocument>, Vec<ChangedHash>)> {
    let docs = crate::parallel::map(&manifest.documents, |entry| load_one(entry, source, policy))?;
    let changed = docs
        .iter()
        .filter(|d| d.sha256 != d.entry.sha256)
        .map(|d| ChangedHash { file: d.entry.file.clone(), recorded: d.entry.sha256.clone(), actual: d.sha256.clone() })
        .collect();
    Ok((docs, changed))
}

fn load_one(entry: &DocumentEntry, source: Source<'_>, policy: HashPolicy) -> Result<RawDocument> {
    let (bytes, sha256) = match source {
        Source::Dir(dir) => {
            let path = dir.join(&entry.file);
            let bytes = match std::fs::read(&path) {
                Ok(bytes) => bytes,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Err(Error::MissingDocument { file: entry.file.clone(), dir: dir.to_owned() });
                }
                Err(e) => return Err(Error::io(path, e)),
            };
            let sha256 = sha256_hex(&bytes);
            (bytes, sha256)
        }
        Source::Recorded(dir) => crate::editions::read(dir, entry)?,
    };
    if sha256 != entry.sha256 && policy == HashPolicy::Strict {
        return Err(Error::HashMismatch { file: entry.file.clone(), expected: entry.sha256.clone(), actual: sha256 });
    }
    let json = parse_json(&entry.file, &bytes)?;
    Ok(RawDocument { entry: entry.clone(), sha256, json })
}

/// The files in `dir` whose extension is one of `extensions`, sorted so every run reads them in
/// the same order.
pub fn files_in(dir: &Path, extensions: &[&str]) -> std::io::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().and_then(|x| x.to_str()).is_some_and(|x| extensions.contains(&x)) {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

pub fn parse_json(file: &str, bytes: &[u8]) -> Result<Value> {
    serde_json::from_slice(bytes).map_err(|e| Error::Spec {
        location: crate::error::Location::new(file, ""),
        message: format!("not valid JSON: {e}"),
    })
}
