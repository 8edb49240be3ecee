//! An application outside the workspace (`tests/downstream/`) builds against zoom-client and runs:
//! what it spawns must be `'static + Send`, and what it uses must be reachable through zoom-client's
//! own re-exports, since its manifest names no other crate but the runtime.
#![cfg(all(feature = "meetings", feature = "mock", feature = "axum", feature = "webhooks"))]

use std::path::{Path, PathBuf};
use std::process::Command;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn an_application_outside_the_workspace_builds_and_runs() {
    let zoom_client = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let workspace = zoom_client.parent().unwrap();
    // A directory of its own, kept between runs with the build's artefacts: the application's
    // dependency graph is not the workspace's, so sharing a target directory would only rebuild
    // both.
    let root =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace.join("target"), PathBuf::from).join("downstream");
    let app = root.join("app");
    let _ = std::fs::remove_dir_all(&app);
    copy_dir(&zoom_client.join("tests/downstream"), &app);
    let template = std::fs::read_to_string(app.join("Cargo.toml.in")).unwrap();
    std::fs::write(app.join("Cargo.toml"), template.replace("@ZOOM_API@", zoom_client.to_str().unwrap())).unwrap();
    std::fs::remove_file(app.join("Cargo.toml.in")).unwrap();
    // The workspace's versions, so the build needs no registry and matches what CI tested.
    std::fs::copy(workspace.join("Cargo.lock"), app.join("Cargo.lock")).unwrap();

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["run", "--quiet", "--offline", "--manifest-path"])
        .arg(app.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the application failed to build or run:\n{stderr}\n{stdout}");
    assert_eq!(stdout.trim(), "downstream: ok", "{stderr}");
}
