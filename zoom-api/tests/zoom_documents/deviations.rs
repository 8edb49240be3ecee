//! The tolerant reader against every example Zoom's documents give: each REST answer assembled
//! from its schema and each event body (its own example, and one assembled from its schema)
//! that decodes strictly is mutated one field at a time, by each class of deviation Zoom's real
//! answers show, and must then
//! - decode tolerantly, with exactly one deviation, at the mutated path, of the class's kind (an
//!   empty or null list element: the list is kept as it came), when
//!   the strict decoder refuses the mutated body at that path; with none when it accepts it (a
//!   field of any type, a union, one the document does not require);
//! - be written back unchanged everywhere but at that path, and there as the class says (converted
//!   back to the documented form, kept as sent, or left out).
//!
//! Unmutated, the same bodies decode tolerantly with no deviation.

use std::collections::BTreeMap;

use crate::documents::{
    answer_schema, assemble, assembled_event, differences, document, event_examples, webhook_documents,
};
use serde_json::{Value, json};
use zoom_client::Operation;
use zoom_client::json::{Decoded, Decoding, DeviationKind};

/// How many leaves of one body are mutated (spread over the body), so that the largest answers
/// do not dominate the run.
const LEAVES_PER_BODY: usize = 24;

/// One class of deviation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    /// An integer sent as a numeric string: read as the integer.
    IntegerAsString,
    /// A plain string sent as a number: read as the number's text.
    NumberForString,
    /// A boolean sent as `"true"`/`"false"`: read as the boolean.
    BooleanAsString,
    /// `""` where a number is expected: absent, kept.
    EmptyForNumber,
    /// `null`: absent, kept.
    Null,
    /// An object where a scalar is expected: absent, kept.
    ObjectForScalar,
    /// The field left out: missing if required.
    Removed,
}

const CLASSES: [Class; 7] = [
    Class::IntegerAsString,
    Class::NumberForString,
    Class::BooleanAsString,
    Class::EmptyForNumber,
    Class::Null,
    Class::ObjectForScalar,
    Class::Removed,
];

impl Class {
    /// What the mutated value is, from the original; `None` where the class does not apply.
    fn mutate(self, original: &Value) -> Option<Value> {
        match (self, original) {
            (Class::IntegerAsString, Value::Number(n)) if n.is_i64() => Some(json!(n.to_string())),
            (Class::NumberForString, Value::String(s)) if !looks_special(s) => Some(json!(7)),
            (Class::BooleanAsString, Value::Bool(b)) => Some(json!(b.to_string())),
            (Class::EmptyForNumber, Value::Number(_)) => Some(json!("")),
            (Class::Null, v) if !v.is_null() => Some(Value::Null),
            (Class::ObjectForScalar, v) if !v.is_object() && !v.is_array() && !v.is_null() => {
                Some(json!({"unexpected": true}))
            }
            _ => None,
        }
    }

    /// The kind of the deviation it causes.
    fn kind(self) -> DeviationKind {
        match self {
            Class::IntegerAsString | Class::NumberForString | Class::BooleanAsString => DeviationKind::Converted,
            Class::EmptyForNumber | Class::Null => DeviationKind::Empty,
            Class::ObjectForScalar => DeviationKind::Mismatched,
            Class::Removed => DeviationKind::Missing,
        }
    }

    /// What a converted value is written back as: the documented form (the original integer or
    /// boolean; the number's text for a string). `None` for the classes that keep the value as
    /// it came or leave it out.
    fn written_back(self, original: &Value) -> Option<Value> {
        match self {
            Class::IntegerAsString | Class::BooleanAsString => Some(original.clone()),
            Class::NumberForString => Some(json!("7")),
            _ => None,
        }
    }
}

/// Strings a number cannot stand for without changing their type: dates, numbers, booleans.
fn looks_special(s: &str) -> bool {
    s.is_empty()
        || s.parse::<f64>().is_ok()
        || s == "true"
        || s == "false"
        || chrono::DateTime::parse_from_rfc3339(s).is_ok()
        || chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// A JSON path as deviations write it (`meetings[3].id`), and the JSON pointer to the same value.
#[derive(Debug, Clone, Default)]
struct At {
    path: String,
    pointer: String,
}

impl At {
    fn key(&self, key: &str) -> At {
        let path = if self.path.is_empty() { key.to_owned() } else { format!("{}.{key}", self.path) };
        At { path, pointer: format!("{}/{}", self.pointer, key.replace('~', "~0").replace('/', "~1")) }
    }

    fn index(&self, index: usize) -> At {
        At { path: format!("{}[{index}]", self.path), pointer: format!("{}/{index}", self.pointer) }
    }
}

/// Every field of every object in `value` (the first element of each array only: the others
/// decode the same way), with where it is.
fn fields(value: &Value, at: &At, out: &mut Vec<(At, Value)>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                let here = at.key(key);
                out.push((here.clone(), v.clone()));
                fields(v, &here, out);
            }
        }
        Value::Array(items) => {
            if let Some(first) = items.first() {
                let here = at.index(0);
                out.push((here.clone(), first.clone()));
                fields(first, &here, out);
            }
        }
        _ => {}
    }
}

/// `body` with the value at `at` replaced (or removed, for `None`).
fn with(body: &Value, at: &At, value: Option<Value>) -> Value {
    let mut out = body.clone();
    match value {
        Some(value) => *out.pointer_mut(&at.pointer).expect("the path exists") = value,
        None => {
            let (parent, key) = at.pointer.rsplit_once('/').expect("a field");
            let key = key.replace("~1", "/").replace("~0", "~");
            out.pointer_mut(parent).and_then(Value::as_object_mut).expect("an object").remove(&key);
        }
    }
    out
}

/// Whether `path` is `at` or inside it.
fn within(path: &str, at: &str) -> bool {
    path == at || path.strip_prefix(at).is_some_and(|rest| rest.starts_with(['.', '[']))
}

/// Decodes a body one way or the other: the value written back and the deviations, or the
/// strict error's path.
type Decode<'a> = dyn Fn(&[u8], Decoding) -> Result<Decoded<Value>, zoom_client::json::DecodeError> + 'a;

/// Tallies per class: mutations that caused their deviation, and that the type accepted.
#[derive(Debug, Default)]
struct Tally {
    deviations: BTreeMap<Class, usize>,
    accepted: BTreeMap<Class, usize>,
}

/// Mutates `body` field by field and checks each outcome; `label` names the body in failures.
fn check_body(label: &str, body: &Value, decode: &Decode, tally: &mut Tally, failures: &mut Vec<String>) {
    let text = serde_json::to_vec(body).unwrap();
    // Only bodies that fit their type exactly: the others are Zoom's contradictions, listed by
    // the example suites.
    if decode(&text, Decoding::Strict).is_err() {
        return;
    }
    match decode(&text, Decoding::Tolerant) {
        Ok(decoded) if decoded.deviations.is_empty() => {}
        Ok(decoded) => failures.push(format!("{label}: unmutated, deviations {:?}", decoded.deviations)),
        Err(error) => failures.push(format!("{label}: unmutated, {error}")),
    }
    let mut all = Vec::new();
    fields(body, &At::default(), &mut all);
    // Not the tag that picks an event's variant, and not an element of an answer that is a list
    // itself: with no object around it to keep it in, such an element that does not fit fails the
    // decode (the README says so).
    all.retain(|(at, _)| at.path != "event" && at.path != "[0]");
    let step = all.len().div_ceil(LEAVES_PER_BODY).max(1);
    for (n, (at, original)) in all.iter().enumerate().step_by(step) {
        // Each field gets the first class that applies to it, starting at a different class for
        // each field so that every class is used throughout.
        let is_field = !at.path.ends_with(']');
        let mutation = (0..CLASSES.len()).map(|i| CLASSES[(n + i) % CLASSES.len()]).find_map(|class| match class {
            Class::Removed if is_field => Some((class, None)),
            Class::Removed => None,
            _ => class.mutate(original).map(|value| (class, Some(value))),
        });
        let Some((class, value)) = mutation else { continue };
        let mutated = with(body, at, value.clone());
        let text = serde_json::to_vec(&mutated).unwrap();
        let what = format!("{label} {class:?} at `{}`", at.path);
        let decoded = match decode(&text, Decoding::Tolerant) {
            Ok(decoded) => decoded,
            Err(error) => {
                failures.push(format!("{what}: does not decode: {error}"));
                continue;
            }
        };
        let strict = decode(&text, Decoding::Strict);
        // In a list, `""` and `null` are elements that do not fit: the list is kept as it came.
        let kind = match class.kind() {
            DeviationKind::Empty if !is_field => DeviationKind::Mismatched,
            kind => kind,
        };
        match (&strict, decoded.deviations.as_slice()) {
            (Ok(_), []) => *tally.accepted.entry(class).or_default() += 1,
            (Err(error), [deviation]) => {
                if deviation.kind() != kind && !(class == Class::Removed && deviation.kind() == DeviationKind::Empty) {
                    failures.push(format!("{what}: expected {kind:?}, got {deviation}"));
                }
                if !within(&deviation.path(), &at.path) {
                    failures.push(format!("{what}: deviation elsewhere: {deviation}"));
                }
                if error.path() != deviation.path() {
                    failures.push(format!(
                        "{what}: strict error at `{}`, deviation at `{}`",
                        error.path(),
                        deviation.path()
                    ));
                }
                *tally.deviations.entry(class).or_default() += 1;
            }
            (strict, deviations) => {
                failures.push(format!("{what}: strictly {strict:?}, tolerantly {deviations:?}"));
                continue;
            }
        }
        // Written back: as mutated everywhere else; at the path, as it was if converted.
        for path in &differences(&mutated, &decoded.value) {
            if !within(path, &at.path) {
                failures.push(format!("{what}: written back differently at `{path}`"));
            }
        }
        if let Some(expected) = class.written_back(original).filter(|_| !decoded.deviations.is_empty())
            && let Some(path) = differences(&with(body, at, Some(expected)), &decoded.value).first()
        {
            failures.push(format!("{what}: converted value not written back as documented (`{path}`)"));
        }
    }
}

fn report(name: &str, tally: &Tally, failures: &[String]) {
    for (class, n) in &tally.deviations {
        let accepted = tally.accepted.get(class).copied().unwrap_or(0);
        println!("{name}: {class:?}: {n} deviations reported, {accepted} mutations the type accepts");
    }
    assert!(
        failures.is_empty(),
        "{} failures, the first:\n{}",
        failures.len(),
        failures[..failures.len().min(30)].join("\n")
    );
    // Every class was tried and caught many times: the check is not vacuous.
    for class in CLASSES {
        let n = tally.deviations.get(&class).copied().unwrap_or(0);
        assert!(n >= 50, "{name}: {class:?} caused only {n} deviations");
    }
}

#[test]
fn every_rest_example_mutated_by_each_class_decodes_with_exactly_that_deviation() {
    let mut documents: BTreeMap<String, Value> = BTreeMap::new();
    let (mut tally, mut failures) = (Tally::default(), Vec::new());
    for op in Operation::all() {
        let file = format!("{}{}.json", op.product, if op.master { "-master" } else { "" });
        let doc = documents.entry(file.clone()).or_insert_with(|| document(&file));
        let Some(schema) = answer_schema(doc, op) else { continue };
        let body = assemble(doc, schema, 0);
        let decode =
            |text: &[u8], decoding| crate::generated::decode_answer(op, text, decoding).expect("a JSON answer");
        check_body(&format!("{file} {}", op.id), &body, &decode, &mut tally, &mut failures);
    }
    report("REST answers", &tally, &failures);
}

#[test]
fn every_event_example_mutated_by_each_class_decodes_with_exactly_that_deviation() {
    let (mut tally, mut failures) = (Tally::default(), Vec::new());
    for (product, doc) in webhook_documents() {
        let decode = |text: &[u8], decoding| {
            crate::generated::decode_event(&product, text, decoding)
                .expect("a webhooks module")
                .map(|event| Decoded { value: event.back, deviations: event.deviations })
        };
        for (name, event) in doc["webhooks"].as_object().unwrap() {
            for (label, body) in event_examples(event) {
                if let Ok(body) = serde_json::from_slice::<Value>(&body) {
                    check_body(&format!("{product} {name} ({label})"), &body, &decode, &mut tally, &mut failures);
                }
            }
            let body = assembled_event(&doc, name, event);
            check_body(&format!("{product} {name} (assembled)"), &body, &decode, &mut tally, &mut failures);
        }
    }
    report("events", &tally, &failures);
}
