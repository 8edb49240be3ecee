//! Two checkouts sharing one `CARGO_TARGET_DIR`: the xtask binary built from this checkout, run in
//! another one, regenerates the other one (the checkout of the current directory), not this one.

use std::path::Path;
use std::process::Command;

const DOCUMENT: &str = r#"{"openapi": "3.0.0", "info": {"title": "Alpha", "version": "1"}, "paths": {"/things": {"get": {
    "operationId": "listThings", "summary": "List things", "responses": {"200": {"description": "ok",
    "content": {"application/json": {"schema": {"type": "object", "properties": {"name": {"type": "string"}}}}}}}}}}}"#;

/// A second checkout with one tiny document, and the directory of that document.
fn other_checkout(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let root = dir.join("checkout-b");
    let spec = dir.join("zoom-openapi");
    for d in [root.join("spec"), root.join("zoom-api/src"), spec.clone()] {
        std::fs::create_dir_all(d).unwrap();
    }
    std::fs::write(root.join("Cargo.toml"), "[workspace]\nmembers = [\"xtask\", \"generator\", \"zoom-api\"]\n")
        .unwrap();
    std::fs::write(spec.join("alpha.json"), DOCUMENT).unwrap();
    let sha256 = generator::manifest::sha256_hex(DOCUMENT.as_bytes());
    let manifest = format!(
        "[[document]]\nproduct = \"alpha\"\nvariant = \"rest\"\nfile = \"alpha.json\"\n\
         url = \"https://example.invalid/alpha\"\nsha256 = \"{sha256}\"\n"
    );
    std::fs::write(root.join("spec/documents.toml"), manifest).unwrap();
    std::fs::write(root.join("spec/repairs.toml"), "").unwrap();
    std::fs::write(root.join("spec/renames.toml"), "").unwrap();
    std::fs::write(
        root.join("zoom-api/Cargo.toml"),
        "[features]\ndefault = []\n# @generated product features: begin\n# @generated product features: end\n",
    )
    .unwrap();
    (root, spec)
}

#[test]
fn regen_writes_the_checkout_it_runs_in() {
    // This checkout: the one the binary was built from.
    let this = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_owned();
    let this_mod = this.join("zoom-api/src/generated/mod.rs");
    let before = std::fs::read(&this_mod).ok();

    let dir = tempfile::tempdir().unwrap();
    let (other, spec) = other_checkout(dir.path());
    // From a subdirectory, as cargo allows.
    let run = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["regen", "--spec-dir"])
        .arg(&spec)
        .current_dir(other.join("zoom-api"))
        .env_remove("ZOOM_SPEC_DIR")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");

    let requests = std::fs::read_to_string(other.join("zoom-api/src/generated/alpha/requests.rs")).unwrap();
    assert!(requests.contains("ListThings"), "{requests}");
    let lock = std::fs::read_to_string(other.join("spec/names.lock")).unwrap();
    assert!(lock.contains("[alpha]\nListThingsResponse = rest listThings response\n"), "{lock}");
    assert!(std::fs::read_to_string(other.join("zoom-api/Cargo.toml")).unwrap().contains("alpha = []"));
    assert_eq!(std::fs::read(&this_mod).ok(), before, "this checkout is untouched");
}
