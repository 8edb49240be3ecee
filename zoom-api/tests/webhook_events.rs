//! Every event of every webhook document decodes into its generated type, from Zoom's own data:
//! the example body each event carries, and a body assembled from the event's schema (every
//! property present, each value the schema's `example` where it has one). Failures are listed
//! with the reason in `tests/webhook_events/*.txt`, and each list must match what decoding finds
//! now: a new failure fails the test, and so does a listed one that went away. Every listed
//! failure is a defect in Zoom's document (an example that contradicts its own schema, an example
//! that is not JSON, an example naming another event); `ZOOM_API_UPDATE_KNOWN=1` rewrites the
//! lists after a review.
#![cfg(all(feature = "full", feature = "conformance"))]

mod zoom_documents;

use serde_json::Value;
use zoom_documents::{assemble, check_known, document, spec_dir};

/// Decodes `body` as the product's `Event`: the event's name, or why it did not decode as a
/// known event.
fn decode(product: &str, body: &[u8]) -> Result<String, String> {
    let decoded = zoom_api::decode_event(product, body).unwrap_or_else(|| panic!("no webhooks module for {product}"));
    match decoded {
        Ok((name, true, _)) => Err(format!("decoded as Unknown ({name})")),
        Ok((name, false, info)) => {
            let info = info.expect("a known event has an entry");
            assert_eq!((info.name, info.product), (name.as_str(), product));
            Ok(name)
        }
        Err(error) => Err(error.to_string()),
    }
}

/// The webhook documents: (product key, document).
fn documents() -> Vec<(String, Value)> {
    let dir = spec_dir().join("webhooks");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let product = path.file_stem().unwrap().to_string_lossy().into_owned();
            out.push((product.clone(), document(&format!("webhooks/{product}.json"))));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The event's `application/json` media type object.
fn media(event: &Value) -> &Value {
    &event["post"]["requestBody"]["content"]["application/json"]
}

/// The event table holds every event of every document once, with the scopes its description
/// lists.
#[test]
fn the_event_table_lists_every_event_with_its_scopes() {
    let mut names = Vec::new();
    for (product, doc) in documents() {
        for (name, event) in doc["webhooks"].as_object().unwrap() {
            let info = zoom_api::webhook::EventInfo::with_name(name).unwrap_or_else(|| panic!("{name} has no entry"));
            assert_eq!(info.product, product);
            let description = event["post"]["requestBody"]["description"].as_str().unwrap_or_default();
            for scope in info.classic_scopes.iter().chain(info.granular_scopes) {
                assert!(description.contains(&format!("`{scope}`")), "{name}: {scope} is not in its description");
            }
            names.push(name.clone());
        }
    }
    assert_eq!(zoom_api::webhook::EventInfo::all().count(), names.len());
    assert_eq!(names.len(), 584);
}

#[test]
fn every_events_own_example_decodes() {
    let mut failures = Vec::new();
    let mut decoded = 0;
    for (product, doc) in documents() {
        for (name, event) in doc["webhooks"].as_object().unwrap() {
            let examples = media(event)["examples"].as_object().expect("every event has examples");
            for (label, example) in examples {
                // Zoom writes each example body as a string of JSON.
                let body = match &example["value"] {
                    Value::String(text) => text.clone().into_bytes(),
                    other => serde_json::to_vec(other).unwrap(),
                };
                match decode(&product, &body) {
                    Ok(got) if got == *name => decoded += 1,
                    Ok(got) => failures.push(format!("{product} {name} ({label}): decoded as {got}")),
                    Err(why) => failures.push(format!("{product} {name} ({label}): {why}")),
                }
            }
        }
    }
    assert_eq!(decoded + failures.len(), 584, "one example per event");
    check_known("webhook_events/examples", &failures);
}

#[test]
fn a_body_assembled_from_every_events_schema_decodes() {
    let mut failures = Vec::new();
    let mut decoded = 0;
    for (product, doc) in documents() {
        for (name, event) in doc["webhooks"].as_object().unwrap() {
            let mut body = assemble(&doc, &media(event)["schema"], 0);
            // The tag is what picks the variant; a schema without an example for it still names it.
            if let Value::Object(fields) = &mut body {
                fields.insert("event".into(), Value::String(name.clone()));
            }
            match decode(&product, &serde_json::to_vec(&body).unwrap()) {
                Ok(got) if got == *name => decoded += 1,
                Ok(got) => failures.push(format!("{product} {name}: decoded as {got}")),
                Err(why) => failures.push(format!("{product} {name}: {why}")),
            }
        }
    }
    assert_eq!(decoded + failures.len(), 584);
    check_known("webhook_events/assembled", &failures);
}
