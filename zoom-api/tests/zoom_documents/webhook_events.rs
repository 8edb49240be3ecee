//! Every event of every webhook document decodes into its generated type, from Zoom's own data:
//! the example body each event carries, and a body assembled from the event's schema (every
//! property present, each value the schema's `example` where it has one). Failures are listed
//! with the reason in `tests/zoom_documents/known/webhook_events/*.txt`, and each list must match what decoding finds
//! now: a new failure fails the test, and so does a listed one that went away. Every listed
//! failure is a defect in Zoom's document (an example that contradicts its own schema, an example
//! that is not JSON, an example naming another event); `ZOOM_API_UPDATE_KNOWN=1` rewrites the
//! lists after a review.

use crate::documents::{assembled_event, check_known, event_examples, webhook_documents as documents};
use zoom_client::json::Decoding;

/// Decodes `body` as the product's `Event`, strictly: the event's name, or why it did not decode
/// as a known event exactly as its document describes it.
fn decode(product: &str, body: &[u8]) -> Result<String, String> {
    let decoded = crate::generated::decode_event(product, body, Decoding::Strict)
        .unwrap_or_else(|| panic!("no webhooks module for {product}"));
    match decoded {
        Ok(event) if event.unknown => Err(format!("decoded as Unknown ({})", event.name)),
        Ok(event) => {
            let info = event.info.expect("a known event has an entry");
            assert_eq!((info.name, info.product), (event.name.as_str(), product));
            Ok(event.name)
        }
        Err(error) => Err(error.to_string()),
    }
}

/// The event table holds every event of every document once, with the scopes its description
/// lists.
#[test]
fn the_event_table_lists_every_event_with_its_scopes() {
    let mut names = Vec::new();
    for (product, doc) in documents() {
        for (name, event) in doc["webhooks"].as_object().unwrap() {
            let info =
                zoom_client::webhook::EventInfo::with_name(name).unwrap_or_else(|| panic!("{name} has no entry"));
            assert_eq!(info.product, product);
            let description = event["post"]["requestBody"]["description"].as_str().unwrap_or_default();
            for scope in info.classic_scopes.iter().chain(info.granular_scopes) {
                assert!(description.contains(&format!("`{scope}`")), "{name}: {scope} is not in its description");
            }
            names.push(name.clone());
        }
    }
    assert_eq!(zoom_client::webhook::EventInfo::all().count(), names.len());
    assert_eq!(names.len(), 584);
}

#[test]
fn every_events_own_example_decodes() {
    let mut failures = Vec::new();
    let mut decoded = 0;
    for (product, doc) in documents() {
        for (name, event) in doc["webhooks"].as_object().unwrap() {
            for (label, body) in event_examples(event) {
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
            let body = assembled_event(&doc, name, event);
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
