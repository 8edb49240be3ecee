//! Naming an edition of Zoom's documents for `cargo xtask diff`: a directory of documents, or a
//! git revision, whose `spec/documents.toml` records each document's hash; the documents of a
//! revision are found in the spec directory or in its archive of earlier editions
//! (`generator::editions`, filled by `cargo xtask fetch`).

use std::path::Path;
use std::process::Command;

use generator::ir::Api;
use generator::manifest::Manifest;
use generator::pipeline::{self, Workspace};

/// The API of the edition `name` names: a directory if there is one by that name, else a git
/// revision of the workspace.
pub fn api(ws: &Workspace, spec_dir: &Path, name: &str) -> Result<Api, String> {
    let dir = Path::new(name);
    if dir.is_dir() {
        return pipeline::scope_data(ws, dir).map(|(api, _, _)| api).map_err(|e| format!("{}: {e}", dir.display()));
    }
    let manifest = manifest_at(&ws.root, name)?;
    pipeline::edition_api(ws, &manifest, spec_dir).map_err(|e| format!("{name}: {e}"))
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
