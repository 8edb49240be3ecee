//! Writing the generated tree atomically, and comparing it with what is on disk.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::emit::GeneratedFile;
use crate::error::{Error, Result};

/// Writes `path` by writing a sibling temporary file and renaming it over the target.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = sibling(path, "regen-tmp");
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(format!(".{suffix}"));
    path.with_file_name(name)
}

/// Replaces the directory `root` with exactly `files`. The new tree is written beside it and
/// swapped in by two renames; if writing fails the old tree is left as it was. `hook` runs after
/// each file is written (tests use it to fail midway).
pub fn replace_tree(
    root: &Path,
    files: &[GeneratedFile],
    mut hook: impl FnMut(&Path) -> std::io::Result<()>,
) -> Result<()> {
    let staging = sibling(root, "regen-new");
    let previous = sibling(root, "regen-old");
    for leftover in [&staging, &previous] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover).map_err(|e| Error::io(leftover, e))?;
        }
    }
    let mut write_all = || -> Result<()> {
        for file in files {
            let path = staging.join(&file.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            std::fs::write(&path, &file.contents).map_err(|e| Error::io(&path, e))?;
            hook(&path).map_err(|e| Error::io(&path, e))?;
        }
        Ok(())
    };
    if let Err(e) = write_all() {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    let had_previous = root.exists();
    if had_previous {
        std::fs::rename(root, &previous).map_err(|e| Error::io(root, e))?;
    }
    if let Err(e) = std::fs::rename(&staging, root) {
        if had_previous {
            let _ = std::fs::rename(&previous, root);
        }
        let _ = std::fs::remove_dir_all(&staging);
        return Err(Error::io(root, e));
    }
    if had_previous {
        std::fs::remove_dir_all(&previous).map_err(|e| Error::io(&previous, e))?;
    }
    Ok(())
}

/// How the tree on disk differs from `files`: (path, what) for each difference, sorted.
pub fn diff_tree(root: &Path, files: &[GeneratedFile]) -> Result<Vec<(String, &'static str)>> {
    let mut on_disk = BTreeMap::new();
    collect(root, root, &mut on_disk)?;
    let mut out = Vec::new();
    for file in files {
        match on_disk.remove(&file.path) {
            None => out.push((file.path.clone(), "missing")),
            Some(bytes) if bytes != file.contents.as_bytes() => out.push((file.path.clone(), "out of date")),
            Some(_) => {}
        }
    }
    out.extend(on_disk.into_keys().map(|p| (p, "not generated (stale)")));
    out.sort();
    Ok(out)
}

fn collect(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) -> Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, out)?;
        } else {
            let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
            out.insert(rel, bytes);
        }
    }
    Ok(())
}

/// Markers around the generated part of zoom-client's `[features]` table.
pub const FEATURES_BEGIN: &str = "# @generated product features: begin";
pub const FEATURES_END: &str = "# @generated product features: end";

/// `cargo_toml` with the text between the feature markers replaced by `features`.
pub fn splice_features(cargo_toml: &str, features: &str) -> Result<String, String> {
    let begin = cargo_toml.find(FEATURES_BEGIN).ok_or("the `@generated product features: begin` marker is missing")?;
    let begin_end = begin + cargo_toml[begin..].find('\n').ok_or("no line break after the begin marker")? + 1;
    let end = cargo_toml.find(FEATURES_END).ok_or("the `@generated product features: end` marker is missing")?;
    if end < begin_end {
        return Err("the end marker comes before the begin marker".into());
    }
    Ok(format!("{}{}{}", &cargo_toml[..begin_end], features, &cargo_toml[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splices_between_markers() {
        let toml = format!("[features]\nrustls = []\n{FEATURES_BEGIN} (x)\nold = []\n{FEATURES_END}\n[x]\n");
        let out = splice_features(&toml, "new = []\n").unwrap();
        assert_eq!(out, format!("[features]\nrustls = []\n{FEATURES_BEGIN} (x)\nnew = []\n{FEATURES_END}\n[x]\n"));
        assert!(splice_features("[features]\n", "x").is_err());
    }
}
