//! The scope grammar against every scope string Zoom writes: in the 46 REST documents, the 26
//! webhook documents and the reference pages.

mod common;

use std::collections::BTreeSet;

use serde_json::Value;
use zoom_scopes::{Model, Scope};

/// Scope strings with the model the place they were found in implies (`None`: not said).
#[derive(Default)]
struct Found {
    strings: BTreeSet<(String, Option<Model>, String)>,
}

impl Found {
    fn add(&mut self, text: &str, model: Option<Model>, place: &str) {
        self.strings.insert((text.to_owned(), model, place.to_owned()));
    }

    /// Scopes in `**[Scopes](…):** `a`,`b`` and `**[Granular Scopes](…):**` description lines.
    fn description(&mut self, text: &str, place: &str) {
        for line in text.lines() {
            let model = if line.contains("**[Granular Scopes]") {
                Model::Granular
            } else if line.contains("**[Scopes]") {
                Model::Classic
            } else {
                continue;
            };
            let items = line.split_once(":**").map_or("", |(_, rest)| rest);
            for scope in items.split('`').skip(1).step_by(2).filter(|s| !s.trim().is_empty()) {
                self.add(scope, Some(model), place);
            }
        }
    }

    fn walk(&mut self, value: &Value, place: &str) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    let model = match key.as_str() {
                        "x-macro-scopes" => Some(Some(Model::Classic)),
                        "x-granular-scopes" => Some(Some(Model::Granular)),
                        "openapi_oauth" => Some(None),
                        _ => None,
                    };
                    match (model, value) {
                        (Some(model), Value::Array(items)) => {
                            items.iter().filter_map(Value::as_str).for_each(|s| self.add(s, model, place))
                        }
                        (_, Value::String(text)) if key == "description" => self.description(text, place),
                        _ => self.walk(value, place),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| self.walk(v, place)),
            _ => {}
        }
    }
}

#[test]
fn every_scope_string_zoom_writes_parses_and_round_trips() {
    let mut found = Found::default();
    let spec_dir = common::zoom_spec_dir();
    let manifest = generator::manifest::Manifest::load(&common::workspace().manifest()).unwrap();
    for entry in &manifest.documents {
        let json: Value = serde_json::from_slice(&std::fs::read(spec_dir.join(&entry.file)).unwrap()).unwrap();
        found.walk(&json, &entry.file);
    }
    let reference = common::reference_dir();
    for name in common::reference_classic_scopes() {
        found.add(&name, Some(Model::Classic), "zoom-classic-scopes.txt");
    }
    let permissions = std::fs::read_to_string(reference.join("zoom-app-permissions.txt")).unwrap();
    for cell in permissions.lines().filter_map(|l| l.split_once(" | ")).map(|(first, _)| first.trim()) {
        if cell.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b':') {
            found.add(cell, Some(Model::Classic), "zoom-app-permissions.txt");
        }
    }
    let agent = std::fs::read_to_string(reference.join("zoom-api-agent-reference.txt")).unwrap();
    for (marker, model) in
        [("Classic scope: ", Some(Model::Classic)), ("Granular scope: ", Some(Model::Granular)), ("(capability)", None)]
    {
        for (_, rest) in agent.match_indices(marker).map(|(i, m)| agent.split_at(i + m.len())) {
            let scope = rest.split(|c: char| c.is_whitespace() || c == ',').next().unwrap().trim_end_matches('.');
            found.add(scope, model, "zoom-api-agent-reference.txt");
        }
    }

    let mut failures = Vec::new();
    for (text, model, place) in &found.strings {
        let parsed = match model {
            Some(model) => Scope::parse_as(text, *model),
            None => Scope::parse(text),
        };
        match parsed {
            Ok(scope) if scope.to_string() == text.trim() => {}
            Ok(scope) => failures.push(format!("{place}: `{text}` prints back as `{scope}`")),
            Err(e) => failures.push(format!("{place}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} scope strings fail:\n{}",
        failures.len(),
        found.strings.len(),
        failures.join("\n")
    );

    // The walk finds what the generator reads: every scope of every operation, and Zoom's page.
    let texts: BTreeSet<&str> = found.strings.iter().map(|(t, _, _)| t.trim()).collect();
    let spec =
        generator::pipeline::generate(&common::workspace(), &spec_dir, generator::load::HashPolicy::Strict).unwrap();
    for op in spec.api.products.iter().flat_map(|p| p.surfaces()).flat_map(|s| &s.operations) {
        for scope in op.scopes.classic.iter().chain(&op.scopes.granular) {
            assert!(texts.contains(scope.name.as_str()), "{}: `{}` not found by the walk", op.id, scope.name);
        }
    }
    assert!(found.strings.iter().any(|(_, _, place)| place == "zoom-api-agent-reference.txt"));
    assert!(found.strings.iter().any(|(_, _, place)| place == "zoom-app-permissions.txt"));
    assert!(found.strings.iter().any(|(_, _, place)| place.starts_with("webhooks/")));
}
