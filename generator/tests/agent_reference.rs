//! `scopes/catalogue/agent-reference.yaml` against its two sources, checked without the
//! generator's own comparison (`scopes::reference`): the reference page it transcribes
//! (`zoom-api-agent-reference.txt`) and Zoom's documents, read straight from the JSON.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use generator::load::HashPolicy;
use generator::pipeline::{self, Generation};
use generator::scopes::catalogue::ReferenceEndpoint;
use serde_json::Value;
use zoom_scopes::{Model, Scope};

const REFERENCE_FILE: &str = "zoom-api-agent-reference.txt";

/// One generation shared by the tests of this file (it reads 25 MB of JSON).
fn generate() -> &'static Generation {
    static GENERATION: std::sync::OnceLock<Generation> = std::sync::OnceLock::new();
    GENERATION.get_or_init(|| {
        pipeline::generate(&common::workspace(), &common::zoom_spec_dir(), HashPolicy::Strict)
            .expect("Zoom's documents generate")
    })
}

fn catalogue_entries() -> Vec<ReferenceEndpoint> {
    let catalogue = generator::scopes::load(&common::workspace().scopes()).expect("the scope catalogue loads");
    assert!(!catalogue.agent_reference.is_empty(), "the catalogue has no agent_reference entries");
    catalogue.agent_reference
}

/// How failure messages name an endpoint.
fn endpoint(index: usize, entry: &ReferenceEndpoint) -> String {
    format!("endpoint #{} ({} / {})", index + 1, entry.group, entry.operation)
}

// ---------------------------------------------------------------------------------------------
// The reference page

#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Block {
    group: String,
    classic: String,
    granular: Option<String>,
    capability: String,
    rate_limit: String,
}

#[derive(Debug)]
struct Page {
    /// Heading and the count its description ends with, in page order.
    groups: Vec<(String, usize)>,
    blocks: Vec<Block>,
}

/// The scope after `label` in `line`: scope names hold no `.`, so it ends at the first one.
fn scope_after(line: &str, label: &str) -> Option<String> {
    let rest = &line[line.find(label)? + label.len()..];
    let scope = rest.split('.').next().unwrap_or(rest).trim();
    (!scope.is_empty()).then(|| scope.to_owned())
}

/// A group's description ends with its endpoint count right after the sentence: `….6`.
fn trailing_count(line: &str) -> Option<usize> {
    let digits = line.len() - line.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (text, count) = line.split_at(line.len() - digits);
    (digits > 0 && text.ends_with('.')).then(|| count.parse().ok()).flatten()
}

fn parse_reference(text: &str) -> Page {
    let start = text.lines().position(|l| l.trim() == "Endpoint reference").expect("no `Endpoint reference` section");
    let lines: Vec<&str> = text
        .lines()
        .skip(start + 1)
        .map(str::trim)
        .take_while(|l| *l != "No endpoints match those filters.")
        .filter(|l| !l.is_empty())
        .collect();
    let mut page = Page { groups: Vec::new(), blocks: Vec::new() };
    let mut current: Option<Block> = None;
    let finish = |page: &mut Page, block: Option<Block>| {
        if let Some(block) = block {
            assert!(!block.capability.is_empty(), "a block of {} has no capability: {block:?}", block.group);
            assert!(!block.rate_limit.is_empty(), "a block of {} has no rate limit: {block:?}", block.group);
            page.blocks.push(block);
        }
    };
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("Classic scope:") || line.starts_with("Granular scope:") {
            finish(&mut page, current.take());
            let group = page.groups.last().map(|(g, _)| g.clone()).expect("an endpoint before any group heading");
            let classic = scope_after(line, "Classic scope:").unwrap_or_else(|| panic!("no classic scope in `{line}`"));
            let granular = line.starts_with("Granular scope:").then(|| scope_after(line, "Granular scope:")).flatten();
            current = Some(Block { group, classic, granular, ..Block::default() });
        } else if let Some(value) = line.strip_prefix("Permission (capability)") {
            current.as_mut().expect("a capability outside an endpoint").capability = value.trim().to_owned();
        } else if let Some(value) = line.strip_prefix("Rate limit") {
            current.as_mut().expect("a rate limit outside an endpoint").rate_limit = value.trim().to_owned();
        } else if let Some(count) = trailing_count(line) {
            finish(&mut page, current.take());
            let heading = if i > 0 { lines[i - 1] } else { panic!("a group description with no heading: `{line}`") };
            page.groups.push((heading.to_owned(), count));
        }
    }
    finish(&mut page, current.take());
    page
}

fn reference_page() -> Page {
    let path = common::reference_dir().join(REFERENCE_FILE);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_reference(&text)
}

#[test]
fn the_reference_page_parses_into_its_groups() {
    let page = reference_page();
    assert_eq!(page.blocks.len(), 25, "endpoints on the page");
    assert_eq!(page.groups.iter().map(|(_, n)| n).sum::<usize>(), page.blocks.len(), "group counts: {:?}", page.groups);
    for (group, count) in &page.groups {
        let found = page.blocks.iter().filter(|b| &b.group == group).count();
        assert_eq!(found, *count, "group {group} says {count} endpoints, has {found}");
    }
}

#[test]
fn the_catalogue_transcribes_the_reference_page() {
    let page = reference_page();
    let entries = catalogue_entries();
    for (i, (entry, block)) in entries.iter().zip(&page.blocks).enumerate() {
        let name = endpoint(i, entry);
        assert_eq!(entry.group, block.group, "{name}: group");
        assert_eq!(entry.classic, block.classic, "{name}: classic scope");
        assert_eq!(entry.granular, block.granular, "{name}: granular scope");
        assert_eq!(entry.capability, block.capability, "{name}: capability");
        assert_eq!(entry.rate_limit, block.rate_limit, "{name}: rate limit");
    }
    assert_eq!(entries.len(), page.blocks.len(), "catalogue entries against endpoints on the page");
    // Each group's entries are contiguous and as many as the page's count says.
    let mut runs: Vec<(String, usize)> = Vec::new();
    for entry in &entries {
        match runs.last_mut() {
            Some((group, n)) if *group == entry.group => *n += 1,
            _ => runs.push((entry.group.clone(), 1)),
        }
    }
    assert_eq!(runs, page.groups, "catalogue groups and sizes against the page's headings and counts");
    let operations: BTreeSet<&str> = entries.iter().map(|e| e.operation.as_str()).collect();
    assert_eq!(operations.len(), entries.len(), "an operation is mapped to two endpoints");
}

// ---------------------------------------------------------------------------------------------
// The documents

/// What a document says of one operation, straight from its JSON.
#[derive(Debug)]
struct Documented {
    method: String,
    path: String,
    classic: Vec<String>,
    granular: Vec<String>,
    rate_limit: Option<String>,
}

fn strings(value: &Value) -> Vec<String> {
    value.as_array().map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect()).unwrap_or_default()
}

fn documented(doc: &Value, operation_id: &str) -> Option<Documented> {
    for (path, item) in doc["paths"].as_object()? {
        for (method, op) in item.as_object().into_iter().flatten() {
            if op.get("operationId").and_then(Value::as_str) != Some(operation_id) {
                continue;
            }
            let extensions = &op["x-extensions"];
            let description = op.get("description").and_then(Value::as_str).unwrap_or_default();
            let rate_limit = description
                .lines()
                .find(|l| l.trim_start().starts_with("**[Rate Limit Label]"))
                .and_then(|l| l.split('`').nth(1))
                .map(|s| s.trim().to_owned());
            return Some(Documented {
                method: method.to_ascii_uppercase(),
                path: path.clone(),
                classic: strings(&extensions["x-macro-scopes"]),
                granular: strings(&extensions["x-granular-scopes"]),
                rate_limit,
            });
        }
    }
    None
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

/// A scope without its tier: `meeting:read:list_meetings:admin` → `meeting:read:list_meetings`.
fn without_tier(scope: &str) -> String {
    scope.split(':').filter(|s| *s != "admin" && *s != "master").collect::<Vec<_>>().join(":")
}

fn listed(scope: &str, list: &[String]) -> bool {
    list.iter().any(|s| without_tier(s) == without_tier(scope))
}

/// The fields of `entry` that `doc` contradicts.
fn disagreements(entry: &ReferenceEndpoint, doc: &Documented) -> BTreeSet<&'static str> {
    let mut out = BTreeSet::new();
    if !listed(&entry.classic, &doc.classic) {
        out.insert("classic");
    }
    if entry.granular.as_ref().is_some_and(|g| !listed(g, &doc.granular)) {
        out.insert("granular");
    }
    let capability_list = match Scope::parse(&entry.capability).map(|s| s.model()) {
        Ok(Model::Classic) => &doc.classic,
        _ => &doc.granular,
    };
    if !listed(&entry.capability, capability_list) {
        out.insert("capability");
    }
    if !doc.rate_limit.as_deref().is_some_and(|l| l.trim().eq_ignore_ascii_case(entry.rate_limit.trim())) {
        out.insert("rate_limit");
    }
    out
}

#[test]
fn catalogue_operations_carry_the_documents_scopes_and_recorded_disagreements_hold() {
    let generation = generate();
    let spec_dir = common::zoom_spec_dir();
    let entries = catalogue_entries();
    let mut documents: BTreeMap<String, Value> = BTreeMap::new();
    let mut expected_drift: BTreeSet<(String, &'static str)> = BTreeSet::new();
    for (i, entry) in entries.iter().enumerate() {
        let name = endpoint(i, entry);
        let (feature, id) =
            entry.operation.split_once('/').unwrap_or_else(|| panic!("{name}: not surface/operationId"));
        let found =
            generation.api.products.iter().flat_map(|p| p.surfaces().map(move |s| (p, s))).find_map(|(p, s)| {
                let op = s.operations.iter().find(|o| o.id == id)?;
                (p.feature(s.variant) == feature).then_some((s, op))
            });
        let (surface, op) = found.unwrap_or_else(|| panic!("{name}: the generator has no such operation"));
        let doc = documents.entry(surface.file.clone()).or_insert_with(|| read_json(&spec_dir.join(&surface.file)));
        let doc = documented(doc, id).unwrap_or_else(|| panic!("{name}: {} has no operationId {id}", surface.file));
        assert_eq!((op.method.as_str(), op.path.as_str()), (doc.method.as_str(), doc.path.as_str()), "{name}");

        let names = |list: &[generator::ir::ScopeRef]| list.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&op.scopes.classic), doc.classic, "{name}: classic scopes against x-macro-scopes");
        assert_eq!(names(&op.scopes.granular), doc.granular, "{name}: granular scopes against x-granular-scopes");

        let found = disagreements(entry, &doc);
        let recorded: BTreeSet<&str> = entry.disagreements.keys().map(|f| f.as_str()).collect();
        assert_eq!(recorded, found, "{name}: recorded disagreements against the documents ({doc:?})");
        for (field, note) in &entry.disagreements {
            assert!(!note.trim().is_empty(), "{name}: the {} disagreement has no note", field.as_str());
        }
        expected_drift.extend(found.into_iter().map(|field| (entry.operation.clone(), field)));
    }

    // The generator's drift report says the same, and sees nothing to fix in the entries.
    let drift = &generation.scope_drift;
    let reported: BTreeSet<(String, &'static str)> =
        drift.reference.iter().map(|(op, field, _)| (op.key.clone(), field.as_str())).collect();
    assert_eq!(reported, expected_drift, "scope_drift.reference against the disagreements computed here");
    let conflicts: Vec<&(generator::scopes::drift::OpName, String)> = drift
        .conflicts
        .iter()
        .filter(|(_, what)| {
            what.contains("agent-reference") || what.contains("agent reference") || what.contains("disagreement")
        })
        .collect();
    assert!(conflicts.is_empty(), "agent-reference conflicts: {conflicts:?}");
}

#[test]
fn the_parser_reads_a_small_page() {
    let text = "Endpoint reference\n\nThings\n\nDo a thing and another.2\n\nClassic scope: a:read. More.\n\n\
                Acts onx\nPermission (capability)a:read:thing\nRate limitLight\n\n\
                Granular scope: a:update:x. Classic scope: a:write.\nPermission (capability)a:write\nRate limitHeavy\n\
                No endpoints match those filters.\nLater.3\n";
    let page = parse_reference(text);
    assert_eq!(page.groups, [("Things".to_owned(), 2)]);
    let block = |classic: &str, granular: Option<&str>, capability: &str, rate_limit: &str| Block {
        group: "Things".into(),
        classic: classic.into(),
        granular: granular.map(Into::into),
        capability: capability.into(),
        rate_limit: rate_limit.into(),
    };
    assert_eq!(
        page.blocks,
        [block("a:read", None, "a:read:thing", "Light"), block("a:write", Some("a:update:x"), "a:write", "Heavy")]
    );
}
