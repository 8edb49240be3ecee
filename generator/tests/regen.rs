//! `regen` on a throwaway workspace built from the fixture documents: what it writes, what
//! `--check` reports, and that a failure anywhere leaves the previous output as it was.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use generator::load::HashPolicy;
use generator::pipeline::Workspace;
use generator::regen::{self, Mode};

struct Scratch {
    _dir: tempfile::TempDir,
    ws: Workspace,
    spec: PathBuf,
}

/// A workspace whose documents are two fixtures, `alpha` (params.json) and `beta` (models.json).
fn scratch() -> Scratch {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ws");
    let spec = dir.path().join("zoom-openapi");
    for d in [root.join("spec"), root.join("zoom-api/src"), spec.clone()] {
        std::fs::create_dir_all(d).unwrap();
    }
    let real = common::workspace();
    std::fs::copy(real.repairs(), root.join("spec/repairs.toml")).unwrap();
    std::fs::write(root.join("spec/renames.toml"), "").unwrap();
    std::fs::write(
        root.join("zoom-api/Cargo.toml"),
        "[package]\nname = \"zoom-client\"\nversion = \"0.4.1\"\n\n[features]\ndefault = []\n# @generated product features: begin\n# @generated product features: end\n",
    )
    .unwrap();
    std::fs::write(root.join("Cargo.lock"), LOCK).unwrap();
    let mut manifest = String::new();
    for (product, fixture) in [("alpha", "params.json"), ("beta", "models.json")] {
        let bytes = std::fs::read(real.fixtures().join(fixture)).unwrap();
        std::fs::write(spec.join(format!("{product}.json")), &bytes).unwrap();
        manifest.push_str(&format!(
            "[[document]]\nproduct = \"{product}\"\nvariant = \"rest\"\nfile = \"{product}.json\"\nurl = \"https://example.invalid/{product}\"\nsha256 = \"{}\"\n\n",
            generator::manifest::sha256_hex(&bytes)
        ));
    }
    std::fs::write(root.join("spec/documents.toml"), manifest).unwrap();
    let ws = Workspace::new(root);
    std::fs::create_dir_all(ws.scopes()).unwrap();
    write_acknowledged(&ws, FIXTURE_DRIFT);
    Scratch { _dir: dir, ws, spec }
}

/// The scratch workspace's Cargo.lock: zoom-client beside a package whose version it must not touch.
const LOCK: &str = "version = 4\n\n[[package]]\nname = \"zoom\"\nversion = \"0.4.1\"\n\n[[package]]\nname = \"zoom-client\"\nversion = \"0.4.1\"\n";

/// The scope drift of the two fixtures against an empty catalogue, acknowledged in the scratch
/// workspace so that its `--check` is clean.
const FIXTURE_DRIFT: &[&str] = &[
    "missing meeting:read",
    "missing meeting:read:admin",
    "missing meeting:write",
    "missing meeting:write:admin",
    "security alpha/meeting",
    "unmapped alpha/meetingRegistrantCreate",
    "unscoped alpha/reportDaily",
    "unscoped beta/getProfile",
    "unscoped beta/listProfiles",
    "unscoped beta/updateProfile",
];

fn write_acknowledged(ws: &Workspace, keys: &[&str]) {
    let mut yaml = String::from("acknowledged:\n");
    for key in keys {
        yaml.push_str(&format!("  \"{key}\": fixture drift\n"));
    }
    std::fs::write(ws.scopes().join("acknowledged.yaml"), yaml).unwrap();
}

fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.strip_prefix(root).unwrap().to_owned(), std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

fn siblings_left_behind(ws: &Workspace) -> Vec<String> {
    std::fs::read_dir(ws.root.join("zoom-api/src"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("regen-"))
        .collect()
}

#[test]
fn writes_everything_then_checks_clean() {
    let s = scratch();
    let before = regen::run(&s.ws, &s.spec, HashPolicy::Strict, Mode::Check).unwrap();
    assert!(before.stale.iter().any(|l| l.contains("alpha/mod.rs: missing")), "{:?}", before.stale);

    regen::run(&s.ws, &s.spec, HashPolicy::Strict, Mode::Write).unwrap();
    let files = tree(&s.ws.generated());
    assert!(files.contains_key(Path::new("mod.rs")));
    assert!(files.contains_key(Path::new("alpha/requests.rs")));
    assert!(files.values().all(|c| c.starts_with(b"// @generated")), "every file carries the header");
    let cargo = std::fs::read_to_string(s.ws.cargo_toml()).unwrap();
    assert!(
        cargo.contains("full = [\n    \"alpha\",\n    \"beta\",\n    \"webhooks\",\n]\nalpha = []\nbeta = []\n"),
        "{cargo}"
    );
    assert!(
        std::fs::read_to_string(s.ws.names_lock())
            .unwrap()
            .contains("\nGetProfileResponse = rest getProfile response\n")
    );

    let after = regen::run(&s.ws, &s.spec, HashPolicy::Strict, Mode::Check).unwrap();
    assert!(after.stale.is_empty(), "{:?}", after.stale);
}

#[test]
fn check_names_what_differs() {
    let s = scratch();
    regen::run(&s.ws, &s.spec, HashPolicy::Strict, Mode::Write).unwrap();
    let edited = s.ws.generated().join("alpha/types.rs");
    std::fs::write(&edited, "// edited by hand\n").unwrap();
    std::fs::write(s.ws.generated().join("stray.rs"), "").unwrap();
    std::fs::remove_file(s.ws.names_lock()).unwrap();
    let outcome = regen::run(&s.ws, &s.spec, HashPolicy::Strict, Mode::Check).unwrap();
    assert_eq!(
        outcome.stale,
        [
            "zoom-api/src/generated/alpha/types.rs: out of date",
            "zoom-api/src/generated/stray.rs: not generated (stale)",
            "spec/names.lock: out of date",
        ]
    );
}

#[test]
fn a_write_that_fails_midway_leaves_the_old_tree() {
    let s = scratch();
    regen::run(&s.ws, &s.spec, HashPolicy::Strict, Mode::Write).unwrap();
    let before = tree(&s.ws.generated());
    let lock_before = std::fs::read(s.ws.names_lock()).unwrap();

    // A new edition of `beta` changes the output; the disk fills up after three files.
    let doc = s.spec.join("beta.json");
    let edited = std::fs::read_to_string(&doc).unwrap().replace("Get a profile", "Fetch a profile");
    std::fs::write(&doc, edited).unwrap();
    let mut written = 0;
    let result = regen::run_with_hook(&s.ws, &s.spec, HashPolicy::AcceptNew, Mode::Write, |_| {
        written += 1;
        if written == 3 { Err(std::io::Error::other("disk full")) } else { Ok(()) }
    });
    let err = result.err().expect("the write fails").to_string();
    assert!(err.contains("disk full"), "{err}");
    assert_eq!(tree(&s.ws.generated()), before, "the previous tree is untouched");
    assert_eq!(std::fs::read(s.ws.names_lock()).unwrap(), lock_before);
    assert!(siblings_left_behind(&s.ws).is_empty(), "no staging directory is left");
}

#[test]
fn bad_input_fails_with_its_location_and_writes_nothing() {
    let s = scratch();
    regen::run(&s.ws, &s.spec, HashPolicy::Strict, Mode::Write).unwrap();
    let before = tree(&s.ws.generated());
    let broken = r##"{"openapi": "3.0.0", "info": {"title": "Beta", "version": "1"}, "paths": {"/things": {"get": {
        "operationId": "getThings", "responses": {"200": {"description": "ok",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}}}}"##;
    std::fs::write(s.spec.join("beta.json"), broken).unwrap();
    let err = regen::run(&s.ws, &s.spec, HashPolicy::AcceptNew, Mode::Write).err().expect("fails").to_string();
    assert_eq!(
        err,
        "beta.json#/paths/~1things/get/responses/200/content/application~1json/schema (operation `getThings`): \
         `$ref: #/components/schemas/Thing`: Zoom's documents use none, and references are not supported"
    );
    assert_eq!(tree(&s.ws.generated()), before);

    std::fs::write(s.spec.join("beta.json"), "{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"Beta\", \"version\": \"1\"}, \"paths\": {\"/x\": {\"get\": {\"responses\": {}}}}}").unwrap();
    let err = regen::run(&s.ws, &s.spec, HashPolicy::AcceptNew, Mode::Write).err().expect("fails").to_string();
    assert_eq!(err, "beta.json#/paths/~1x/get: operation has no operationId");

    std::fs::write(s.spec.join("beta.json"), "{\"openapi\": \"3.0.0\", \"paths\": 7}").unwrap();
    let err = regen::run(&s.ws, &s.spec, HashPolicy::AcceptNew, Mode::Write).err().expect("fails").to_string();
    assert!(err.starts_with("beta.json#"), "{err}");
    assert!(err.contains("not a valid OpenAPI 3.0 document"), "{err}");

    std::fs::write(s.spec.join("beta.json"), "{ not json").unwrap();
    let err = regen::run(&s.ws, &s.spec, HashPolicy::AcceptNew, Mode::Write).err().expect("fails").to_string();
    assert!(err.starts_with("beta.json#: not valid JSON: "), "{err}");
    assert_eq!(tree(&s.ws.generated()), before);
}

#[test]
fn a_new_edition_is_refused_until_accepted() {
    let s = scratch();
    let doc = s.spec.join("alpha.json");
    let edited = std::fs::read_to_string(&doc).unwrap().replace("List meetings", "List all meetings");
    std::fs::write(&doc, &edited).unwrap();
    let err = regen::run(&s.ws, &s.spec, HashPolicy::Strict, Mode::Write).err().expect("refused").to_string();
    assert!(err.starts_with("alpha.json: sha256 is "), "{err}");
    assert!(err.contains("--accept-new"), "{err}");

    regen::run(&s.ws, &s.spec, HashPolicy::AcceptNew, Mode::Write).unwrap();
    let manifest = std::fs::read_to_string(s.ws.manifest()).unwrap();
    assert!(manifest.contains(&generator::manifest::sha256_hex(edited.as_bytes())), "the new hash is recorded");
    let outcome = regen::run(&s.ws, &s.spec, HashPolicy::Strict, Mode::Check).unwrap();
    assert!(outcome.stale.is_empty(), "{:?}", outcome.stale);
}

#[test]
fn accepting_a_new_edition_reports_what_changed_since_the_archived_one() {
    let s = scratch();
    let doc = s.spec.join("alpha.json");
    let recorded = std::fs::read(&doc).unwrap();
    let edited = String::from_utf8(recorded.clone()).unwrap().replace("\"reportDaily\"", "\"reportDailyUsage\"");
    std::fs::write(&doc, &edited).unwrap();

    // Without the recorded edition there is nothing to compare with, and regen says why.
    let outcome = regen::run(&s.ws, &s.spec, HashPolicy::AcceptNew, Mode::Write).unwrap();
    let why = outcome.changelog.expect("new editions were accepted").expect_err("nothing archived");
    assert!(why.starts_with("alpha.json: the edition with sha256 "), "{why}");
    // Without a report there is no release: no entry, and the version stays.
    assert_eq!(outcome.release, None);
    assert!(!s.ws.changelog().exists());
    assert!(std::fs::read_to_string(s.ws.cargo_toml()).unwrap().contains("version = \"0.4.1\""));

    // `cargo xtask fetch` archives the edition it replaces: regen then diffs against it.
    let s = scratch();
    generator::editions::archive(&s.spec, &recorded).unwrap();
    std::fs::write(s.spec.join("alpha.json"), &edited).unwrap();
    let outcome = regen::run(&s.ws, &s.spec, HashPolicy::AcceptNew, Mode::Write).unwrap();
    let text = outcome.changelog.expect("new editions were accepted").expect("the recorded edition is archived").text();
    assert!(text.contains("reportDaily") && text.contains("reportDailyUsage"), "{text}");
    assert!(text.contains("semver: major (breaking: "), "{text}");

    // The release: a breaking one before 1.0 is the next minor number, in Cargo.toml, in
    // Cargo.lock (only zoom-client's), and at the head of a new CHANGELOG.md.
    assert_eq!(outcome.release.map(|v| v.to_string()).as_deref(), Some("0.5.0"));
    let cargo_toml = std::fs::read_to_string(s.ws.cargo_toml()).unwrap();
    assert!(cargo_toml.starts_with("[package]\nname = \"zoom-client\"\nversion = \"0.5.0\"\n"), "{cargo_toml}");
    let lock = std::fs::read_to_string(s.ws.cargo_lock()).unwrap();
    assert_eq!(lock, LOCK.replace("zoom-client\"\nversion = \"0.4.1\"", "zoom-client\"\nversion = \"0.5.0\""));
    let changelog = std::fs::read_to_string(s.ws.changelog()).unwrap();
    assert!(changelog.starts_with("# Changelog\n"), "{changelog}");
    let entry = changelog.split("\n## [Unreleased]\n\n").nth(1).expect("an Unreleased heading above the entry");
    let sha = generator::manifest::sha256_hex(edited.as_bytes());
    let head = format!(
        "## [0.5.0] - {}\n\nGenerated from Zoom's new editions of `alpha.json` (sha256 `{}`). A breaking release: ",
        generator::release::today(),
        &sha[..12]
    );
    assert!(entry.starts_with(&head), "{entry}");
    assert!(
        entry.contains(
            "\n- **Breaking:** `client.alpha().list_report_daily()` is now `client.alpha().list_report_daily_usage()`\n"
        ),
        "{entry}"
    );
    // The generated output agrees with the bumped Cargo.toml.
    let renamed: Vec<&str> = FIXTURE_DRIFT
        .iter()
        .map(|k| if *k == "unscoped alpha/reportDaily" { "unscoped alpha/reportDailyUsage" } else { k })
        .collect();
    write_acknowledged(&s.ws, &renamed);
    let outcome = regen::run(&s.ws, &s.spec, HashPolicy::Strict, Mode::Check).unwrap();
    assert!(outcome.stale.is_empty(), "{:?}", outcome.stale);

    // Once accepted, a regen has nothing to report and releases nothing.
    let outcome = regen::run(&s.ws, &s.spec, HashPolicy::Strict, Mode::Write).unwrap();
    assert!(outcome.changelog.is_none() && outcome.release.is_none());
    assert_eq!(std::fs::read_to_string(s.ws.changelog()).unwrap(), changelog);

    // The next edition's entry goes above this one, and takes what was noted by hand.
    let noted = changelog.replace("## [Unreleased]\n", "## [Unreleased]\n\n### Fixed\n\n- A hand-written fix.\n");
    std::fs::write(s.ws.changelog(), &noted).unwrap();
    generator::editions::archive(&s.spec, edited.as_bytes()).unwrap();
    std::fs::write(s.spec.join("alpha.json"), edited.replace("List meetings", "List every meeting")).unwrap();
    let outcome = regen::run(&s.ws, &s.spec, HashPolicy::AcceptNew, Mode::Write).unwrap();
    assert_eq!(outcome.release.map(|v| v.to_string()).as_deref(), Some("0.5.1"));
    let changelog = std::fs::read_to_string(s.ws.changelog()).unwrap();
    let newest = changelog.split("\n## [0.5.1] - ").nth(1).unwrap().split("\n## [0.5.0]").next().unwrap();
    assert!(newest.contains("A compatible release.\n\n### Changed\n\n- The documentation"), "{newest}");
    assert!(newest.ends_with("### Fixed\n\n- A hand-written fix.\n"), "{newest}");
    assert!(changelog.contains("## [Unreleased]\n\n## [0.5.1] - "), "{changelog}");
}

#[test]
fn a_missing_document_is_named() {
    let s = scratch();
    std::fs::remove_file(s.spec.join("beta.json")).unwrap();
    let err = regen::run(&s.ws, &s.spec, HashPolicy::Strict, Mode::Write).err().expect("fails").to_string();
    assert!(err.starts_with("beta.json: not found in "), "{err}");
}

#[test]
fn locked_names_survive_a_regen_and_can_be_renamed_by_hand() {
    let s = scratch();
    regen::run(&s.ws, &s.spec, HashPolicy::Strict, Mode::Write).unwrap();
    let lock = std::fs::read_to_string(s.ws.names_lock()).unwrap();
    assert!(lock.contains("\nAddress = rest getProfile response.address\n"), "{lock}");
    std::fs::write(s.ws.names_lock(), lock.replace("\nAddress =", "\nPostalAddress =")).unwrap();
    let outcome = regen::run(&s.ws, &s.spec, HashPolicy::Strict, Mode::Write).unwrap();
    let beta = outcome.generation.api.products.iter().find(|p| p.key == "beta").unwrap();
    assert!(beta.types.iter().any(|t| t.name == "PostalAddress"));
    assert!(!beta.types.iter().any(|t| t.name == "Address"));
    let types = std::fs::read_to_string(s.ws.generated().join("beta/types.rs")).unwrap();
    assert!(types.contains("pub address: Option<PostalAddress>,"));
}

#[test]
fn check_fails_on_unacknowledged_scope_drift_and_on_stale_acknowledgements() {
    let s = scratch();
    regen::run(&s.ws, &s.spec, HashPolicy::Strict, Mode::Write).unwrap();
    let mut keys: Vec<&str> = FIXTURE_DRIFT.iter().copied().filter(|k| *k != "unscoped beta/getProfile").collect();
    keys.push("unused no:such:scope");
    write_acknowledged(&s.ws, &keys);
    // Writing still works (a maintainer sees the findings in its report) ...
    let written = regen::run(&s.ws, &s.spec, HashPolicy::Strict, Mode::Write).unwrap();
    let report = generator::report::render(&written.generation, 0.0);
    assert!(report.contains("new scope drift: `unscoped beta/getProfile`"), "{report}");
    assert!(report.contains("stale acknowledgement: `unused no:such:scope`"), "{report}");
    // ... but the check fails, naming both.
    let outcome = regen::run(&s.ws, &s.spec, HashPolicy::Strict, Mode::Check).unwrap();
    assert_eq!(outcome.stale.len(), 2, "{:?}", outcome.stale);
    assert!(outcome.stale[0].starts_with("scope drift `unscoped beta/getProfile`: beta/getProfile (GET "));
    assert_eq!(outcome.stale[1], "scopes/catalogue/: acknowledged `unused no:such:scope` matches no finding any more");
}

#[test]
fn catalogue_corrections_reach_the_generated_table_and_conflicts_are_drift() {
    let s = scratch();
    let mappings = r#"
granular_mappings:
  - operation: alpha/meetingRegistrantCreate
    granular: ["meeting:delete:meeting"]
    source: a test
    reason: the mapping fills the granular list
  - operation: alpha/meeting
    reason: the document lists granular scopes, so this entry is stale
  - operation: alpha/noSuchOperation
    reason: names nothing
overrides:
  - operation: alpha/reportDaily
    classic: ["report:read:admin"]
    reason: a correction
"#;
    std::fs::write(s.ws.scopes().join("mappings.yaml"), mappings).unwrap();
    let written = regen::run(&s.ws, &s.spec, HashPolicy::Strict, Mode::Write).unwrap();
    let requests = std::fs::read_to_string(s.ws.generated().join("alpha/requests.rs")).unwrap();
    assert!(requests.contains("classic_scopes: &[\"report:read:admin\"]"), "the override is in the table");
    assert!(requests.contains("`meeting:delete:meeting`: from zoom-client's scope catalogue"), "and documented");

    let drift = &written.generation.scope_drift;
    let conflicts: Vec<String> = drift.conflicts.iter().map(|(op, what)| format!("{op}: {what}")).collect();
    assert_eq!(conflicts.len(), 2, "{conflicts:?}");
    assert!(conflicts[0].starts_with("alpha/meeting (GET /meetings/{meetingId}): the document now lists granular"));
    assert_eq!(conflicts[1], "alpha/noSuchOperation: a granular mapping names an operation no document has");
    // The mapped operation is no longer unmapped drift, and the correction is not unscoped drift.
    let keys: Vec<&str> = drift.unacknowledged.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["conflict alpha/meeting", "conflict alpha/noSuchOperation"]);
    assert_eq!(
        drift.stale_acknowledgements,
        ["unmapped alpha/meetingRegistrantCreate", "unscoped alpha/reportDaily"].map(String::from).to_vec()
    );
    let overridden: Vec<String> = drift.overridden.iter().map(|(op, why)| format!("{op}: {why}")).collect();
    assert_eq!(overridden, ["alpha/reportDaily (GET /report/daily): a correction"]);
}

/// Replaces the scratch workspace's `beta` document with `document` (JSON) and regenerates.
fn regen_beta(s: &Scratch, document: &serde_json::Value) -> generator::Result<regen::Outcome> {
    std::fs::write(s.spec.join("beta.json"), document.to_string()).unwrap();
    regen::run(&s.ws, &s.spec, HashPolicy::AcceptNew, Mode::Write)
}

/// A document whose operations are `(path, operationId)` GETs, each answering an object.
fn document_of(operations: &[(&str, &str)]) -> serde_json::Value {
    let mut paths = serde_json::Map::new();
    for (path, id) in operations {
        let schema = serde_json::json!({"type": "object", "properties": {"name": {"type": "string"}}});
        let params: Vec<serde_json::Value> = generator::normalise::path_template_vars(path)
            .iter()
            .map(|v| serde_json::json!({"name": v, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        paths.insert(
            (*path).to_owned(),
            serde_json::json!({"get": {"operationId": id, "summary": "Things", "parameters": params, "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}}}),
        );
    }
    serde_json::json!({"openapi": "3.0.0", "info": {"title": "Beta", "version": "1"}, "paths": paths})
}

#[test]
fn two_operations_with_one_operation_id_are_an_error_naming_both_unless_renamed_by_method_and_path() {
    let s = scratch();
    regen::run(&s.ws, &s.spec, HashPolicy::Strict, Mode::Write).unwrap();
    let before = tree(&s.ws.generated());
    // A new operation that takes the id of an existing one, and sorts before it.
    let doc = document_of(&[("/users/{userId}/things", "things"), ("/archive/things", "things")]);
    let err = regen_beta(&s, &doc).err().expect("a duplicate operationId fails").to_string();
    assert!(err.starts_with("beta.json#/paths/~1archive~1things/get (operation `things`): "), "{err}");
    assert!(err.contains("GET /archive/things and GET /users/{userId}/things"), "{err}");
    assert!(err.contains("(beta.json#/paths/~1users~1{userId}~1things/get)"), "{err}");
    assert!(err.contains("operationId `things`"), "{err}");
    assert!(err.contains("\"GET /archive/things\" = "), "the error says how to resolve it: {err}");
    assert_eq!(tree(&s.ws.generated()), before, "nothing is written");

    // Different operationIds that make one method name are the same problem.
    let doc = document_of(&[("/users/{userId}/things", "listThings"), ("/archive/things", "list_things")]);
    let err = regen_beta(&s, &doc).err().expect("one method name for two operations fails").to_string();
    assert!(err.contains("GET /archive/things and GET /users/{userId}/things"), "{err}");
    assert!(err.contains("`list_things`"), "{err}");

    // spec/renames.toml resolves it by method and path; the other operation keeps its name.
    std::fs::write(s.ws.renames(), "[beta]\n\"GET /archive/things\" = \"list_archived_things\"\n").unwrap();
    let mut doc = document_of(&[("/users/{userId}/things", "things"), ("/archive/things", "things")]);
    let archived = "/paths/~1archive~1things/get/responses/200/content/application~1json/schema/properties";
    doc.pointer_mut(archived).unwrap()["archived_at"] = serde_json::json!({"type": "string"});
    let outcome = regen_beta(&s, &doc).unwrap();
    let beta = outcome.generation.api.products.iter().find(|p| p.key == "beta").unwrap();
    let names: Vec<(&str, &str)> =
        beta.surfaces().flat_map(|s| &s.operations).map(|o| (o.path.as_str(), o.name.as_str())).collect();
    assert_eq!(names, [("/archive/things", "list_archived_things"), ("/users/{userId}/things", "list_things")]);
    assert!(outcome.generation.unused_renames.is_empty(), "{:?}", outcome.generation.unused_renames);
    // Their types are named apart too, each after its own operation.
    let lock = std::fs::read_to_string(s.ws.names_lock()).unwrap();
    assert!(lock.contains("ThingsResponse = rest things response\n"), "{lock}");
    assert!(lock.contains("ListArchivedThingsResponse = rest GET:/archive/things response\n"), "{lock}");
}

#[test]
fn a_method_keeps_its_operation_across_regens() {
    let s = scratch();
    regen_beta(&s, &document_of(&[("/users/{userId}/things", "things")])).unwrap();
    let lock = std::fs::read_to_string(s.ws.names_lock()).unwrap();
    assert!(lock.contains("fn list_things = GET /users/{userId}/things\n"), "{lock}");

    // Zoom renames the operation's id and gives the old one to another operation: the public
    // method `list_things` would silently call something else.
    let doc = document_of(&[("/users/{userId}/things", "listUserThings"), ("/archive/things", "things")]);
    let err = regen_beta(&s, &doc).err().expect("moving a method to another operation fails").to_string();
    assert!(err.starts_with("beta.json#/paths/~1archive~1things/get (operation `things`): "), "{err}");
    assert!(err.contains("`list_things`, which is GET /users/{userId}/things in spec/names.lock"), "{err}");
    assert_eq!(std::fs::read_to_string(s.ws.names_lock()).unwrap(), lock, "the lock is unchanged");

    // Named apart in spec/renames.toml, both regenerate; the lock follows.
    std::fs::write(s.ws.renames(), "[beta]\n\"GET /archive/things\" = \"list_archived_things\"\n").unwrap();
    regen_beta(&s, &doc).unwrap();
    let lock = std::fs::read_to_string(s.ws.names_lock()).unwrap();
    assert!(lock.contains("fn list_archived_things = GET /archive/things\n"), "{lock}");
    assert!(lock.contains("fn list_user_things = GET /users/{userId}/things\n"), "{lock}");
    assert!(!lock.contains("fn list_things ="), "{lock}");
}

/// A response schema `$ref`s `#/components/schemas/L0`; each of `levels` levels has `width`
/// properties that reference the level below; the last level is a string.
fn fan_out(levels: usize, width: usize) -> serde_json::Value {
    let mut schemas = serde_json::Map::new();
    for level in 0..levels {
        let properties: serde_json::Map<String, serde_json::Value> = (0..width)
            .map(|p| (format!("p{p}"), serde_json::json!({"$ref": format!("#/components/schemas/L{}", level + 1)})))
            .collect();
        schemas.insert(format!("L{level}"), serde_json::json!({"type": "object", "properties": properties}));
    }
    schemas.insert(format!("L{levels}"), serde_json::json!({"type": "string"}));
    let mut doc = document_of(&[("/things", "getThings")]);
    doc["paths"]["/things"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] =
        serde_json::json!({"$ref": "#/components/schemas/L0"});
    doc["components"] = serde_json::json!({"schemas": schemas});
    doc
}

#[test]
fn a_fan_out_of_references_is_refused_by_size_naming_the_schema() {
    let s = scratch();
    regen::run(&s.ws, &s.spec, HashPolicy::Strict, Mode::Write).unwrap();
    let before = tree(&s.ws.generated());
    let doc = fan_out(8, 8);
    assert!(doc.to_string().len() < 5_000, "a small document");
    let err = regen_beta(&s, &doc).err().expect("the fan-out is refused").to_string();
    assert!(err.starts_with("beta.json#/"), "{err}");
    assert!(err.contains("`$ref: #/components/schemas/L"), "the reference is named: {err}");
    assert!(err.contains("copies"), "{err}");
    assert_eq!(tree(&s.ws.generated()), before, "nothing is written");

    // A modest reuse still inlines, as Zoom's webhook documents need.
    let outcome = regen_beta(&s, &fan_out(2, 3)).unwrap();
    let beta = outcome.generation.api.products.iter().find(|p| p.key == "beta").unwrap();
    assert!(beta.types.iter().any(|t| t.name == "ThingsP0" && t.origins.len() == 3), "{:?}", beta.types);
}

#[test]
fn a_bad_type_is_reported_at_its_own_pointer() {
    let s = scratch();
    let mut doc = document_of(&[("/things", "getThings")]);
    let schema = "/paths/~1things/get/responses/200/content/application~1json/schema";
    *doc.pointer_mut(&format!("{schema}/properties/name/type")).unwrap() = serde_json::json!(12);
    let err = regen_beta(&s, &doc).err().expect("fails").to_string();
    assert_eq!(
        err,
        format!(
            "beta.json#{schema}/properties/name/type (operation `getThings`): not a valid OpenAPI 3.0 document \
             here: `type` must be a type name (a string), found 12"
        )
    );
}

#[test]
fn a_reference_cycle_is_named_as_one() {
    let s = scratch();
    let mut doc = document_of(&[("/things", "getThings")]);
    let schema = "/paths/~1things/get/responses/200/content/application~1json/schema";
    *doc.pointer_mut(schema).unwrap() = serde_json::json!({"$ref": "#/components/schemas/Folder"});
    doc["components"] = serde_json::json!({"schemas": {
        "Folder": {"type": "object", "properties": {"files": {"type": "array", "items": {"$ref": "#/components/schemas/File"}}}},
        "File": {"type": "object", "properties": {"parent": {"$ref": "#/components/schemas/Folder"}}},
    }});
    let err = regen_beta(&s, &doc).err().expect("fails").to_string();
    assert_eq!(
        err,
        "beta.json#/components/schemas/File/properties/parent: `$ref` cycle: #/components/schemas/File → \
         #/components/schemas/Folder → #/components/schemas/File; a type named after its position cannot contain itself"
    );

    // A schema that contains a reference to itself is a cycle of one.
    doc["components"]["schemas"]["Folder"]["properties"]["files"]["items"] =
        serde_json::json!({"$ref": "#/components/schemas/Folder"});
    let err = regen_beta(&s, &doc).err().expect("fails").to_string();
    assert!(
        err.starts_with(
            "beta.json#/components/schemas/Folder/properties/files/items: `$ref` cycle: #/components/schemas/Folder → \
             #/components/schemas/Folder;"
        ),
        "{err}"
    );
}

/// A document with one GET whose answer has an integer `kind`, described value by value.
fn document_with_kinds(values: &[i64], description: &str) -> serde_json::Value {
    let schema = serde_json::json!({"type": "object", "properties": {
        "kind": {"type": "integer", "enum": values, "description": description}}});
    serde_json::json!({"openapi": "3.0.0", "info": {"title": "Beta", "version": "1"}, "paths": {"/things": {"get": {
        "operationId": "listThings", "summary": "Things", "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}}}}})
}

/// The variant names the lock records for `values` of an enum, in that order.
fn locked_variants(s: &Scratch, values: &[i64]) -> Vec<String> {
    let lock = std::fs::read_to_string(s.ws.names_lock()).unwrap();
    values
        .iter()
        .map(|v| {
            let suffix = format!(" = {v}");
            let line = lock.lines().find(|l| l.starts_with("variant ") && l.ends_with(&suffix));
            let line = line.unwrap_or_else(|| panic!("no variant line for {v}: {lock}"));
            line.split_once("::").unwrap().1.split_once(' ').unwrap().0.to_owned()
        })
        .collect()
}

#[test]
fn integer_enum_variants_keep_their_names_when_zoom_rewords_the_values() {
    let s = scratch();
    regen_beta(&s, &document_with_kinds(&[1, 2], "The kind:\n* `1` - Instant meeting.\n* `2` - Scheduled meeting."))
        .unwrap();
    let first = locked_variants(&s, &[1, 2]);
    assert_eq!(first, ["InstantMeeting", "ScheduledMeeting"]);

    // A new edition rewords both values and adds one: the two keep their names, the new one is
    // named from its own words.
    let reworded = "The kind:\n* `1` - Started at once.\n* `2` - Planned ahead.\n* `3` - Recurring, no fixed time.";
    regen_beta(&s, &document_with_kinds(&[1, 2, 3], reworded)).unwrap();
    assert_eq!(locked_variants(&s, &[1, 2, 3]), ["InstantMeeting", "ScheduledMeeting", "RecurringNoFixedTime"]);
    let types = std::fs::read_to_string(s.ws.generated().join("beta/types.rs")).unwrap();
    assert!(types.contains("    ScheduledMeeting,\n") && types.contains("    RecurringNoFixedTime,\n"), "{types}");

    // A maintainer renames a variant, and the handle, by editing their lines.
    let lock = std::fs::read_to_string(s.ws.names_lock()).unwrap();
    assert!(lock.contains("\nhandle Beta = rest\n"), "{lock}");
    let edited =
        lock.replace("::ScheduledMeeting = 2", "::Planned = 2").replace("handle Beta = rest", "handle BetaApi = rest");
    std::fs::write(s.ws.names_lock(), edited).unwrap();
    regen_beta(&s, &document_with_kinds(&[1, 2, 3], reworded)).unwrap();
    assert_eq!(locked_variants(&s, &[1, 2, 3]), ["InstantMeeting", "Planned", "RecurringNoFixedTime"]);
    let types = std::fs::read_to_string(s.ws.generated().join("beta/types.rs")).unwrap();
    assert!(types.contains("    Planned,\n") && !types.contains("ScheduledMeeting,"), "{types}");
    let module = std::fs::read_to_string(s.ws.generated().join("beta/mod.rs")).unwrap();
    assert!(module.contains("pub struct BetaApi"), "{module}");
}
