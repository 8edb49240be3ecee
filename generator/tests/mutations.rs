//! Bad input is an error, never a panic: every fixture document, mutated at random positions
//! (values replaced by other kinds, keys removed), goes through normalise → parse → lower → emit.

mod common;

use generator::emit::{self, Target};
use generator::lock::NamesLock;
use generator::manifest::{Auth, DocumentEntry, Variant};
use generator::normalise::RepairSet;
use serde_json::{Value, json};

/// xorshift64*: deterministic, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Every node's path (object keys and array indexes) in the document.
fn paths(value: &Value, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(prefix.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                prefix.push(k.clone());
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                prefix.push(i.to_string());
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn node<'a>(value: &'a mut Value, path: &[String]) -> &'a mut Value {
    path.iter().fold(value, |v, token| match v {
        Value::Object(map) => map.get_mut(token).expect("path from paths()"),
        Value::Array(items) => &mut items[token.parse::<usize>().expect("index")],
        _ => unreachable!("paths() only descends into containers"),
    })
}

fn mutate(doc: &mut Value, rng: &mut Rng) {
    let mut all = Vec::new();
    paths(doc, &mut Vec::new(), &mut all);
    let path = &all[1 + rng.below(all.len() - 1)];
    let replacements = [
        json!(null),
        json!(7),
        json!(-1.5),
        json!("x"),
        json!([]),
        json!({}),
        json!([{"type": "object"}]),
        json!({"type": "array"}),
        json!(true),
    ];
    if rng.below(3) == 0 {
        let (parent, last) = path.split_at(path.len() - 1);
        if let Value::Object(map) = node(doc, parent) {
            map.remove(&last[0]);
            return;
        }
    }
    *node(doc, path) = replacements[rng.below(replacements.len())].clone();
}

#[test]
fn mutated_documents_never_panic() {
    let ws = common::workspace();
    let repairs = RepairSet::load(&ws.repairs()).unwrap();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut outcomes = [0usize; 2];
    for entry in std::fs::read_dir(ws.fixtures()).unwrap() {
        let path = entry.unwrap().path();
        // The fixture documents, not their overrides file.
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let original: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        for round in 0..60 {
            let mut doc = original.clone();
            for _ in 0..=rng.below(3) {
                mutate(&mut doc, &mut rng);
            }
            let entry = DocumentEntry {
                product: "mutant".into(),
                variant: Variant::Rest,
                file: file.clone(),
                url: String::new(),
                sha256: "0".repeat(64),
                auth: Auth::Oauth,
            };
            let input = doc.clone();
            let result = std::panic::catch_unwind(|| {
                let (renames, lock, overrides) = (Default::default(), NamesLock::default(), Default::default());
                let inputs = generator::pipeline::Inputs {
                    repairs: &repairs,
                    renames: &renames,
                    lock: &lock,
                    overrides: &overrides,
                };
                let built = generator::pipeline::build_api(vec![(entry, "0".repeat(64), input)], &inputs);
                built.and_then(|(api, _, _)| emit::emit(&api, &Target::Standalone).map(|_| ()))
            });
            match result {
                Ok(Ok(())) => outcomes[0] += 1,
                Ok(Err(e)) => {
                    outcomes[1] += 1;
                    let message = e.to_string();
                    match &e {
                        // Several problems at once: each where it is.
                        generator::error::Error::SpecProblems { problems, .. } => {
                            assert!(problems.len() > 1, "{message}");
                            assert!(problems.iter().all(|(at, _)| at.file == *file), "{message}");
                        }
                        _ => assert!(message.starts_with(&format!("{file}#")), "error without a location: {message}"),
                    }
                }
                Err(_) => panic!("{file} round {round} panicked on:\n{}", serde_json::to_string(&doc).unwrap()),
            }
        }
    }
    // Both paths were exercised: some mutants still generate, others are rejected.
    assert!(outcomes[0] > 0 && outcomes[1] > 0, "{outcomes:?}");
}
