//! The generator over Zoom's real documents (../shared/zoom-openapi, or $ZOOM_SPEC_DIR).

mod common;

use std::collections::BTreeMap;

use generator::load::HashPolicy;
use generator::pipeline::{self, Generation};
use serde_json::Value;

fn generate_fresh() -> Generation {
    pipeline::generate(&common::workspace(), &common::zoom_spec_dir(), HashPolicy::Strict)
        .expect("Zoom's documents generate")
}

/// One generation shared by the tests of this file (it reads 25 MB of JSON).
fn generate() -> &'static Generation {
    static GENERATION: std::sync::OnceLock<Generation> = std::sync::OnceLock::new();
    GENERATION.get_or_init(generate_fresh)
}

/// Operations per REST document, counted straight from the JSON: every method of every path.
fn operations_in_documents() -> BTreeMap<String, usize> {
    let ws = common::workspace();
    let manifest = generator::manifest::Manifest::load(&ws.manifest()).unwrap();
    let dir = common::zoom_spec_dir();
    let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    manifest
        .documents
        .iter()
        .filter(|d| d.variant != generator::manifest::Variant::Webhooks)
        .map(|d| {
            let doc: Value = serde_json::from_slice(&std::fs::read(dir.join(&d.file)).unwrap()).unwrap();
            let count = doc["paths"]
                .as_object()
                .unwrap()
                .values()
                .map(|item| item.as_object().unwrap().keys().filter(|k| methods.contains(&k.as_str())).count())
                .sum();
            (d.file.clone(), count)
        })
        .collect()
}

#[test]
fn every_operation_of_every_document_becomes_a_method() {
    let generation = generate();
    let expected = operations_in_documents();
    let mut generated = BTreeMap::new();
    for p in &generation.api.products {
        // `Operation`'s Display names the module so, from the product key.
        assert_eq!(p.module, p.key.replace('-', "_"), "{}: module", p.key);
        for s in p.surfaces() {
            generated.insert(s.file.clone(), s.operations.len());
            // Each operation is a method of the surface's API handle, and has a builder.
            let dir = if s.variant == generator::manifest::Variant::Master {
                format!("{}/master", p.module)
            } else {
                p.module.clone()
            };
            let handle = generation.files.iter().find(|f| f.path == format!("{dir}/mod.rs")).unwrap();
            let builders = generation.files.iter().find(|f| f.path == format!("{dir}/requests.rs")).unwrap();
            for op in &s.operations {
                assert!(
                    handle.contents.contains(&format!("pub fn {}(", op.name)),
                    "{} {}: no method {}",
                    s.file,
                    op.id,
                    op.name
                );
                assert!(
                    builders.contents.contains(&format!("pub struct {} {{", op.builder)),
                    "{} {}: no builder",
                    s.file,
                    op.id
                );
                // A rustdoc search for Zoom's operationId finds the method and the builder, unless
                // rustc refuses the id as an alias (a quote, a tab, …) or it is their name but for case.
                let refused = op.id.contains(['\'', '"']) || op.id.chars().any(|c| c.is_whitespace() && c != ' ');
                let method_alias = format!("#[doc(alias = {:?})]\n    pub fn {}(", op.id, op.name);
                let builder_alias = format!(
                    "#[doc(alias = {:?})]\n#[derive(Debug, Clone)]\n#[must_use = \"a request does nothing until it is sent\"]\npub struct {} {{",
                    op.id, op.builder
                );
                for (alias, name, contents) in
                    [(method_alias, &op.name, &handle.contents), (builder_alias, &op.builder, &builders.contents)]
                {
                    let expected = !refused && !op.id.eq_ignore_ascii_case(name);
                    assert_eq!(contents.contains(&alias), expected, "{} {}: alias on {name}", s.file, op.id);
                }
                assert!(
                    builders.contents.contains(&format!("id: {:?},\n    rust_name: {:?},", op.id, op.name)),
                    "{} {}: no OPERATION constant",
                    s.file,
                    op.id
                );
            }
        }
    }
    assert_eq!(generated, expected);
    assert_eq!(expected.len(), 46);
    let total: usize = expected.values().sum();
    assert_eq!(generation.api.operations().count(), total);
}

#[test]
fn surfaces_are_snapshotted_per_document() {
    let generation = generate();
    for p in &generation.api.products {
        for s in p.surfaces() {
            let name = format!("surface-{}", s.file.trim_end_matches(".json"));
            common::snapshots().bind(|| insta::assert_snapshot!(name, generator::surface::listing(p, s)));
        }
    }
}

/// Every event of every webhook document, counted straight from the JSON, is in the IR once,
/// and each document's events (with their scopes) are snapshotted.
#[test]
fn every_event_of_every_webhook_document_is_lowered() {
    let ws = common::workspace();
    let manifest = generator::manifest::Manifest::load(&ws.manifest()).unwrap();
    let dir = common::zoom_spec_dir();
    let mut expected: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in manifest.documents.iter().filter(|d| d.variant == generator::manifest::Variant::Webhooks) {
        let doc: Value = serde_json::from_slice(&std::fs::read(dir.join(&d.file)).unwrap()).unwrap();
        let mut names: Vec<String> = doc["webhooks"].as_object().unwrap().keys().cloned().collect();
        names.sort();
        expected.insert(d.product.clone(), names);
    }
    let api = &generate().api;
    let webhooks: Vec<(&generator::ir::Product, &generator::ir::Webhooks)> =
        api.products.iter().filter_map(|p| p.webhooks.as_ref().map(|w| (p, w))).collect();
    let lowered: BTreeMap<String, Vec<String>> = webhooks
        .iter()
        .map(|(p, w)| {
            let mut names: Vec<String> = w.events.iter().map(|e| e.name.clone()).collect();
            names.sort();
            (p.key.clone(), names)
        })
        .collect();
    assert_eq!(lowered, expected);
    assert_eq!(expected.len(), 26);
    let all: std::collections::BTreeSet<&String> = expected.values().flatten().collect();
    assert_eq!((all.len(), expected.values().map(Vec::len).sum::<usize>()), (584, 584), "event names are unique");
    // Zoom lists scopes for most events; the snapshot shows which do not.
    let with_scopes = webhooks.iter().flat_map(|(_, w)| &w.events).filter(|e| !e.scopes.classic.is_empty()).count();
    assert_eq!(with_scopes, 529);
    // Every event has a payload type of its own kind: a struct Zoom describes.
    for (p, w) in &webhooks {
        for e in &w.events {
            let generator::ir::TypeRef::Named(id) = &e.payload else { panic!("{}: payload {:?}", e.name, e.payload) };
            assert!(matches!(p.types[id.0].kind, generator::ir::TypeKind::Struct(_)), "{}", e.name);
        }
    }
    for (p, w) in &webhooks {
        let name = format!("events-{}", p.key);
        common::snapshots().bind(|| insta::assert_snapshot!(name, generator::surface::events_listing(p, w)));
    }
}

#[test]
fn scope_tables_are_snapshotted_per_surface() {
    let generation = generate();
    for p in &generation.api.products {
        for s in p.surfaces() {
            let name = format!("scopes-table-{}", p.feature(s.variant));
            common::snapshots().bind(|| insta::assert_snapshot!(name, generator::scopes::table::render(s)));
        }
    }
}

#[test]
fn repairs_and_warnings_are_snapshotted() {
    let generation = generate();
    let repairs: Vec<String> =
        generation.repairs.iter().map(|r| format!("{}#{} {}: {}", r.file, r.pointer, r.rule, r.change)).collect();
    common::snapshots().bind(|| insta::assert_snapshot!("zoom-repairs", repairs.join("\n")));
    let warnings: Vec<String> = generation
        .api
        .products
        .iter()
        .flat_map(|p| p.warnings.iter().map(|w| format!("{}: {}", w.location, w.message)))
        .collect();
    common::snapshots().bind(|| insta::assert_snapshot!("zoom-warnings", warnings.join("\n")));
    common::snapshots().bind(|| insta::assert_snapshot!("zoom-overrides", generation.overrides.render()));
    assert!(generation.overrides.stale.is_empty(), "stale overrides: {:?}", generation.overrides.stale);
    assert!(generation.audit.stale.is_empty(), "stale repairs: {:?}", generation.audit.stale);
    assert!(generation.audit.new.is_empty(), "unlisted repairs: {:?}", generation.audit.new);
    assert!(generation.unused_renames.is_empty(), "unused renames: {:?}", generation.unused_renames);
}

#[test]
fn generation_is_deterministic() {
    let first = generate();
    let second = generate_fresh();
    assert_eq!(first.files.len(), second.files.len());
    for (a, b) in first.files.iter().zip(&second.files) {
        assert_eq!(a.path, b.path);
        assert!(a.contents == b.contents, "{} differs between two runs", a.path);
    }
    assert_eq!(first.names_lock, second.names_lock);
    assert_eq!(first.cargo_toml, second.cargo_toml);
}

#[test]
fn the_committed_names_lock_fixes_every_type_name() {
    // Regenerating with the committed lock changes no name: every type is recorded.
    let generation = generate();
    let committed = std::fs::read_to_string(common::workspace().names_lock()).unwrap();
    assert_eq!(generation.names_lock, committed, "spec/names.lock is stale; run `cargo xtask regen`");
}

#[test]
fn sdk_jwt_products_are_exactly_the_ones_without_scopes() {
    use generator::ir::Auth;
    // Products with webhooks only (node, rtms) have no operations to judge by.
    for p in generate().api.products.iter().filter(|p| p.surfaces().next().is_some()) {
        let scoped = p
            .surfaces()
            .flat_map(|s| &s.operations)
            .filter(|o| !o.scopes.classic.is_empty() || !o.scopes.granular.is_empty())
            .count();
        match p.auth {
            Auth::SdkJwt => assert_eq!(scoped, 0, "{}: an SDK-JWT product lists OAuth scopes", p.key),
            Auth::Oauth => assert!(scoped > 0, "{}: no operation has scopes; is it called with an SDK JWT?", p.key),
        }
    }
    let jwt: Vec<&str> =
        generate().api.products.iter().filter(|p| p.auth == Auth::SdkJwt).map(|p| p.key.as_str()).collect();
    assert_eq!(jwt, ["cobrowse-sdk", "video-sdk"]);
}

#[test]
fn scope_drift_is_snapshotted() {
    let report = generator::scopes::drift::render(&generate().scope_drift);
    common::snapshots().bind(|| insta::assert_snapshot!("scopes-drift", report));
}

#[test]
fn the_catalogue_holds_every_classic_scope_of_zoom_s_page_and_of_the_documents() {
    let generation = generate();
    let on_page = common::reference_classic_scopes();
    assert!(on_page.len() > 400, "the page parser found only {} scopes", on_page.len());
    let missing: Vec<&String> = on_page.iter().filter(|s| generation.catalogue.classic(s).is_none()).collect();
    assert!(missing.is_empty(), "on Zoom's classic-scope page but not in scopes/catalogue: {missing:?}");
    let from_documents: std::collections::BTreeSet<&str> = generation
        .api
        .products
        .iter()
        .flat_map(|p| p.surfaces())
        .flat_map(|s| &s.operations)
        .flat_map(|o| &o.scopes.classic)
        .map(|s| s.name.as_str())
        .collect();
    let missing: Vec<&&str> = from_documents.iter().filter(|s| generation.catalogue.classic(s).is_none()).collect();
    assert!(missing.is_empty(), "used by the documents but not in scopes/catalogue: {missing:?}");
    assert!(generation.scope_drift.missing.is_empty());
}

#[test]
fn the_readme_states_the_current_scope_coverage() {
    let total = generate().scope_drift.total();
    let thousands = |n: usize| if n >= 1000 { format!("{},{:03}", n / 1000, n % 1000) } else { n.to_string() };
    let readme = std::fs::read_to_string(common::workspace().root.join("README.md")).unwrap();
    for (row, n) in [
        ("granular and classic scopes", total.both),
        ("classic scopes only", total.classic_only),
        ("granular scopes only", total.granular_only),
        ("no scopes", total.none),
    ] {
        let line = format!("| {row} | {}", thousands(n));
        assert!(readme.contains(&line), "README.md should have `{line}`");
    }
    let drift = &generate().scope_drift;
    let mapped = format!(
        "names granular scopes for\n{} from the documents and records {} as unknown",
        drift.mapped.len(),
        drift.unknown_granular.len()
    );
    assert!(readme.contains(&mapped), "README.md should say `{mapped}`");
}

/// Method names start with their verb (`create_meeting`, not Zoom's `meetingCreate`): none ends
/// in one unless spec/renames.toml names it so and says why (`verb_last`). And no rename repeats
/// the name the operationId alone gives without a warning (one that repeats the summary's words
/// pins the name against Zoom rewording the summary).
#[test]
fn method_names_do_not_end_in_a_verb() {
    let generation = generate();
    let renames = generator::lower::load_renames(&common::workspace().renames()).unwrap();
    let mut verb_last = Vec::new();
    let mut needless = Vec::new();
    for (product, _, op) in generation.api.operations() {
        let endpoint = format!("{} {}", op.method.as_str(), op.path);
        let product_renames = renames.get(&product.key);
        let by_endpoint = product_renames.and_then(|r| r.get(&endpoint));
        let rename = by_endpoint.or_else(|| product_renames.and_then(|r| r.get(&op.id)));
        if let Some(verb) = generator::lower::verb_last(&op.name)
            && rename.and_then(|r| r.verb_last.as_ref()).is_none()
        {
            verb_last.push(format!("{} {}: `{}` ends in `{verb}`", product.key, op.id, op.name));
        }
        // One named by endpoint also keys its types apart; it may repeat the rule's name.
        if let Some(rename) = rename.filter(|_| by_endpoint.is_none()) {
            let method = op.method.as_str().to_ascii_lowercase();
            let shape = generator::lower::Shape {
                id: &op.id,
                summary: op.summary.as_deref(),
                method: &method,
                path: &op.path,
                paged: op.pagination.is_some(),
            };
            let without_summary = generator::lower::Shape { summary: None, ..shape };
            let rule = generator::lower::operation_name(&shape, None);
            let id_alone = generator::lower::operation_name(&without_summary, None).name;
            if rule.warning.is_none() && rule.name == rename.name && id_alone == rule.name {
                needless.push(format!("[{}] {} = {:?}", product.key, op.id, rename.name));
            }
        }
    }
    assert!(verb_last.is_empty(), "method names that end in a verb:\n{}", verb_last.join("\n"));
    needless.dedup();
    assert!(needless.is_empty(), "renames that give the name the rule gives:\n{}", needless.join("\n"));
}
