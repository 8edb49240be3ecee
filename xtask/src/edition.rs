//! Naming an edition of Zoom's documents for `cargo xtask diff`: a directory of documents, or a
//! git revision, whose `spec/documents.toml` records each document's hash; the documents of a
//! revision are found in the spec directory or in its archive of earlier editions
//! (`generator::editions`, filled by `cargo xtask fetch`).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use generator::diff::Compared;
use generator::ir::Api;
use generator::manifest::{DocumentEntry, Manifest, Variant};
use generator::pipeline::{self, Workspace};

/// An edition as `diff` reads it: its API, and the documents it holds where it holds only some.
pub struct Edition {
    pub api: Api,
    /// `None` for a whole edition.
    pub partial: Option<Vec<DocumentEntry>>,
}

/// The edition `name` names: a directory if there is one by that name (all of Zoom's documents,
/// or some), a single document file, else a git revision of the workspace.
pub fn edition(ws: &Workspace, spec_dir: &Path, name: &str) -> Result<Edition, String> {
    let path = Path::new(name);
    if !path.exists() {
        let manifest = manifest_at(&ws.root, name)?;
        let api = pipeline::edition_api(ws, &manifest, spec_dir).map_err(|e| format!("{name}: {e}"))?;
        return Ok(Edition { api, partial: None });
    }
    let manifest = Manifest::load(&ws.manifest()).map_err(|e| e.to_string())?;
    let (dir, present): (&Path, Vec<DocumentEntry>) = if path.is_dir() {
        (path, manifest.documents.iter().filter(|d| path.join(&d.file).is_file()).cloned().collect())
    } else {
        let document = document_of_file(&manifest, path)?;
        let dir = path.parent().unwrap_or(Path::new("."));
        let dir = if document.file.starts_with("webhooks/") { dir.parent().unwrap_or(Path::new(".")) } else { dir };
        (dir, vec![document])
    };
    if present.is_empty() {
        return Err(format!("{name}: holds none of the documents spec/documents.toml lists"));
    }
    let partial = (present.len() < manifest.documents.len()).then(|| present.clone());
    let subset = Manifest { documents: present, path: manifest.path.clone() };
    let api = pipeline::documents_api(ws, &subset, dir).map_err(|e| format!("{name}: {e}"))?;
    Ok(Edition { api, partial })
}

/// The document a single file is: by its name (`meetings.json`), a webhook document where it is
/// in a `webhooks` directory.
fn document_of_file(manifest: &Manifest, file: &Path) -> Result<DocumentEntry, String> {
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let in_webhooks = file.parent().and_then(Path::file_name).is_some_and(|d| d == "webhooks");
    let wanted = if in_webhooks { format!("webhooks/{name}") } else { name.to_owned() };
    manifest
        .documents
        .iter()
        .find(|d| d.file == wanted)
        .cloned()
        .ok_or_else(|| format!("{}: not one of the documents spec/documents.toml lists (`{wanted}`)", file.display()))
}

/// Which documents a diff compares: those a partial side holds (both sides' where both are).
pub fn compared(old: &Edition, new: &Edition) -> Option<Compared> {
    let files: BTreeSet<(String, Variant, String)> = match (&old.partial, &new.partial) {
        (None, None) => return None,
        (Some(a), None) | (None, Some(a)) => a.iter().map(key).collect(),
        (Some(a), Some(b)) => {
            let b: BTreeSet<_> = b.iter().map(key).collect();
            a.iter().map(key).filter(|k| b.contains(k)).collect()
        }
    };
    Some(Compared {
        documents: files.iter().map(|(p, v, _)| (p.clone(), *v)).collect(),
        files: files.into_iter().map(|(_, _, f)| f).collect(),
    })
}

fn key(d: &DocumentEntry) -> (String, Variant, String) {
    (d.product.clone(), d.variant, d.file.clone())
}

/// The CHANGELOG.md entry for the changes of `report`, as accepting its new edition would write
/// it: under the release that follows zoom-client's version today.
pub fn changelog_entry(ws: &Workspace, report: &generator::diff::Report) -> Result<String, String> {
    use generator::release;
    let path = ws.cargo_toml();
    let cargo_toml = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let version = release::package_version(&cargo_toml).map_err(|e| format!("{}: {e}", path.display()))?;
    let date = release::today();
    let next = release::Release { version: version.next(report.semver().0), date: &date, editions: &[] };
    Ok(release::entry(report, &next, ""))
}

/// `spec/documents.toml` as it was at git revision `rev` of the repository at `root`.
pub fn manifest_at(root: &Path, rev: &str) -> Result<Manifest, String> {
    let object = format!("{rev}:spec/documents.toml");
    let output = Command::new("git")
        .args(["show", &object])
        .current_dir(root)
        .output()
        .map_err(|e| format!("{rev} is not a directory, and git cannot be run to read it as a revision: {e}"))?;
    if !output.status.success() {
        let why = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "{rev} is neither a directory nor a git revision with spec/documents.toml ({})",
            why.trim()
        ));
    }
    let text = String::from_utf8(output.stdout).map_err(|_| format!("{object} is not UTF-8"))?;
    Manifest::parse(&text, Path::new(&object)).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git(root: &Path, args: &[&str]) {
        let status = Command::new("git")
            .args(["-c", "user.name=test", "-c", "user.email=test@example.invalid"])
            .args(args)
            .current_dir(root)
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    }

    fn manifest(sha256: char) -> String {
        format!(
            "[[document]]\nproduct = \"things\"\nvariant = \"rest\"\nfile = \"things.json\"\nurl = \"https://example.invalid/things\"\nsha256 = \"{}\"\n",
            sha256.to_string().repeat(64)
        )
    }

    #[test]
    fn a_single_file_is_the_document_of_its_name() {
        let entry = |file: &str, variant| DocumentEntry {
            product: "meetings".into(),
            variant,
            file: file.into(),
            url: String::new(),
            sha256: String::new(),
            auth: generator::manifest::Auth::Oauth,
        };
        let manifest = Manifest {
            documents: vec![entry("meetings.json", Variant::Rest), entry("webhooks/meetings.json", Variant::Webhooks)],
            path: "spec/documents.toml".into(),
        };
        assert_eq!(document_of_file(&manifest, Path::new("/old/meetings.json")).unwrap().variant, Variant::Rest);
        let webhooks = document_of_file(&manifest, Path::new("/old/webhooks/meetings.json")).unwrap();
        assert_eq!(webhooks.file, "webhooks/meetings.json");
        let error = document_of_file(&manifest, Path::new("/old/things.json")).unwrap_err();
        assert!(error.contains("not one of the documents spec/documents.toml lists (`things.json`)"), "{error}");
    }

    #[test]
    fn a_revision_names_the_manifest_it_had() {
        let repo = tempfile::tempdir().unwrap();
        let root = repo.path();
        std::fs::create_dir(root.join("spec")).unwrap();
        git(root, &["init", "-q"]);
        for (edition, hash) in [("first", 'a'), ("second", 'b')] {
            std::fs::write(root.join("spec/documents.toml"), manifest(hash)).unwrap();
            git(root, &["add", "."]);
            git(root, &["commit", "-q", "-m", edition]);
        }
        assert_eq!(manifest_at(root, "HEAD~1").unwrap().documents[0].sha256, "a".repeat(64));
        assert_eq!(manifest_at(root, "HEAD").unwrap().documents[0].sha256, "b".repeat(64));

        let error = manifest_at(root, "no-such-rev").unwrap_err();
        assert!(error.starts_with("no-such-rev is neither a directory nor a git revision"), "{error}");
    }
}
