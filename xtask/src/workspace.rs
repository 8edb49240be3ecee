//! Which checkout `cargo xtask` works on: found at run time from the current directory, as cargo
//! finds its workspace. A path compiled into the binary (`CARGO_MANIFEST_DIR`) is the checkout it
//! was built in, which with a shared `CARGO_TARGET_DIR` can be another checkout than the one it is
//! run in, whose tree regen would then overwrite.

use std::path::{Path, PathBuf};

use generator::pipeline::Workspace;

/// The nearest directory at or above `dir` whose `Cargo.toml` is a workspace with an `xtask`
/// member. A workspace without one (a nested crate's, a vendored one) is passed over.
pub fn locate(dir: &Path) -> Result<Workspace, String> {
    for candidate in dir.ancestors() {
        let manifest = candidate.join("Cargo.toml");
        let Ok(text) = std::fs::read_to_string(&manifest) else { continue };
        let table: toml::Table = text.parse().map_err(|e| format!("{}: {e}", manifest.display()))?;
        let members = table.get("workspace").and_then(|w| w.get("members")).and_then(toml::Value::as_array);
        if members.is_some_and(|m| m.iter().any(|m| m.as_str() == Some("xtask"))) {
            return Ok(Workspace::new(candidate));
        }
    }
    Err(format!(
        "{}: not inside the zoom-client workspace (no Cargo.toml above it has an `xtask` member)",
        dir.display()
    ))
}

/// The workspace of the current directory.
pub fn current() -> Result<Workspace, String> {
    let dir: PathBuf = std::env::current_dir().map_err(|e| format!("the current directory: {e}"))?;
    locate(&dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_nearest_workspace_with_xtask_from_any_subdirectory() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("checkout");
        let nested = root.join("vendor/other");
        std::fs::create_dir_all(nested.join("src/deeper")).unwrap();
        std::fs::write(root.join("Cargo.toml"), "[workspace]\nmembers = [\"xtask\", \"generator\"]\n").unwrap();
        // A crate's own manifest, and another workspace without xtask, on the way up.
        std::fs::write(nested.join("Cargo.toml"), "[workspace]\nmembers = [\"a\"]\n").unwrap();
        std::fs::write(nested.join("src/Cargo.toml"), "[package]\nname = \"x\"\n").unwrap();

        assert_eq!(locate(&root).unwrap().root, root);
        assert_eq!(locate(&nested.join("src/deeper")).unwrap().root, root);

        let outside = dir.path().join("elsewhere");
        std::fs::create_dir_all(&outside).unwrap();
        let err = locate(&outside).expect_err("no workspace above it");
        assert!(err.contains("not inside the zoom-client workspace"), "{err}");

        std::fs::write(root.join("Cargo.toml"), "[workspace\n").unwrap();
        let err = locate(&root).expect_err("a broken manifest is named");
        assert!(err.starts_with(&format!("{}: ", root.join("Cargo.toml").display())), "{err}");
    }
}
