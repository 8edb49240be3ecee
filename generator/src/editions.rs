//! Earlier editions of Zoom's documents, kept by their sha256 in `<spec dir>/editions/`, so that
//! what changed can still be reported after the spec directory has moved on to a new edition.
//!
//! `cargo xtask fetch` archives each document it replaces; a manifest (today's, or
//! `spec/documents.toml` at any git revision) then names an edition by its hashes, and [`read`]
//! finds each document of it: in the spec directory when the file there has the recorded hash,
//! else in the archive.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::manifest::{DocumentEntry, sha256_hex};

/// The archive of `spec_dir`.
pub fn archive_dir(spec_dir: &Path) -> PathBuf {
    spec_dir.join("editions")
}

/// Keeps `bytes` in the archive under its hash (once); returns where.
pub fn archive(spec_dir: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let dir = archive_dir(spec_dir);
    let path = dir.join(format!("{}.json", sha256_hex(bytes)));
    if !path.exists() {
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        crate::output::write_file_atomically(&path, bytes)?;
    }
    Ok(path)
}

/// The bytes of the edition of `entry.file` with hash `entry.sha256`, and their hash: the spec
/// directory's copy when it has that hash, else the archived one (whose hash the caller checks,
/// as it checks any document's).
pub fn read(spec_dir: &Path, entry: &DocumentEntry) -> Result<(Vec<u8>, String)> {
    if let Ok(bytes) = std::fs::read(spec_dir.join(&entry.file)) {
        let sha256 = sha256_hex(&bytes);
        if sha256 == entry.sha256 {
            return Ok((bytes, sha256));
        }
    }
    let archived = archive_dir(spec_dir).join(format!("{}.json", entry.sha256));
    match std::fs::read(&archived) {
        Ok(bytes) => {
            let sha256 = sha256_hex(&bytes);
            Ok((bytes, sha256))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::MissingEdition {
            file: entry.file.clone(),
            sha256: entry.sha256.clone(),
            spec_dir: spec_dir.to_owned(),
        }),
        Err(e) => Err(Error::io(archived, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{Auth, Variant};

    fn entry(file: &str, bytes: &[u8]) -> DocumentEntry {
        DocumentEntry {
            product: "things".into(),
            variant: Variant::Rest,
            file: file.into(),
            url: String::new(),
            sha256: sha256_hex(bytes),
            auth: Auth::Oauth,
        }
    }

    #[test]
    fn an_edition_is_found_in_the_spec_dir_then_in_the_archive() {
        let dir = tempfile::tempdir().unwrap();
        let (old, new) = (b"{\"edition\": 1}".as_slice(), b"{\"edition\": 2}".as_slice());
        let edition = |bytes: &[u8]| read(dir.path(), &entry("things.json", bytes));
        std::fs::write(dir.path().join("things.json"), old).unwrap();
        assert_eq!(edition(old).unwrap(), (old.to_vec(), sha256_hex(old)), "the spec directory's copy");

        // A fetch archives the old edition and writes the new one in its place.
        let archived = archive(dir.path(), old).unwrap();
        assert_eq!(archive(dir.path(), old).unwrap(), archived, "archived once, under its hash");
        assert_eq!(archived, archive_dir(dir.path()).join(format!("{}.json", sha256_hex(old))));
        std::fs::write(dir.path().join("things.json"), new).unwrap();
        assert_eq!(edition(old).unwrap(), (old.to_vec(), sha256_hex(old)), "the archived copy");
        assert_eq!(edition(new).unwrap(), (new.to_vec(), sha256_hex(new)), "the spec directory's copy");

        let error = edition(b"{}").unwrap_err().to_string();
        assert!(error.starts_with("things.json: the edition with sha256 44136fa3"), "{error}");
        assert!(error.contains("cargo xtask fetch"), "{error}");
    }
}
