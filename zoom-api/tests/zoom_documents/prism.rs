//! Every operation of a document, called through its generated builder against Prism: a mock
//! server started from Zoom's document, which checks each request against the document and
//! answers with the document's examples. Each argument is the parameter's example in the
//! document (or a value built from its schema), each body one assembled from its schema's
//! examples; each answer is decoded into the generated type.
//!
//! Run through `cargo xtask conformance [DOCUMENT…]`, which installs Prism, starts one per
//! document and runs this test with `ZOOM_PRISM=meetings=http://127.0.0.1:PORT,…`. It prints a
//! report per document; what fails is listed in `tests/zoom_documents/known/prism/<document>.txt` (see
//! `documents::check_known`), and `tests/zoom_documents/known/prism/README.md` says why each one does.

use crate::conformance::Args;
use crate::documents::{assemble, compare_known, first_difference};
use serde_json::{Map, Value};
use zoom_client::{Client, Error, Operation, RetryPolicy};

#[tokio::test]
#[ignore = "needs Prism serving Zoom's documents: run `cargo xtask conformance`"]
async fn every_operation_against_prism() {
    let servers = std::env::var("ZOOM_PRISM").expect("ZOOM_PRISM names no server: run `cargo xtask conformance`");
    let mut mismatches = Vec::new();
    for server in servers.split(',') {
        let (document, url) = server.split_once('=').expect("ZOOM_PRISM: `document=url`, comma-separated");
        let report = call_every_operation(document, url).await;
        println!(
            "{document}: {} operations called; Prism rejected {} requests, {} answers did not decode, {} arguments did not decode",
            report.called, report.rejected, report.undecoded, report.unbuilt,
        );
        assert!(report.called > 0, "{document}: no operation of the document is in zoom-client");
        mismatches.extend(compare_known(&format!("prism/{document}"), &report.failures));
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n\n"));
}

#[derive(Default)]
struct Report {
    called: usize,
    /// Requests Prism answered with an error status: it found them at odds with the document.
    rejected: usize,
    /// Success answers that did not decode into the generated type.
    undecoded: usize,
    /// Operations whose arguments, taken from the document, did not decode into the builder's types.
    unbuilt: usize,
    /// One line per failure: `<operation id>: <what happened>`.
    failures: Vec<String>,
}

async fn call_every_operation(document: &str, url: &str) -> Report {
    let doc = crate::documents::document(&format!("{document}.json"));
    let (product, master) = match document.strip_suffix("-master") {
        Some(product) => (product, true),
        None => (document, false),
    };
    let client = Client::builder().bearer_token("conformance").base_url(url).retry(RetryPolicy::none()).build();
    let mut report = Report::default();
    for op in Operation::all().filter(|op| op.product == product && op.master == master) {
        let method = op.method.as_str().to_ascii_lowercase();
        let item = &doc["paths"][op.path];
        let Some(spec_op) = item.get(&method) else {
            report.failures.push(format!("{}: not in {document}.json", op.id));
            continue;
        };
        let args = arguments(&doc, item, spec_op);
        let request = match crate::generated::build_request(&client, op, &args) {
            Some(Ok(request)) => request,
            Some(Err(error)) => {
                report.unbuilt += 1;
                report.failures.push(format!("{}: argument does not decode: {error}", op.id));
                continue;
            }
            None => panic!("{}: the generated dispatch does not know it", op.id),
        };
        // The builder sends the body it was given: decoding Zoom's example into the generated
        // type and encoding it again loses nothing.
        if let (zoom_client::Body::Json(sent), Some(given)) = (&request.body, &args.body)
            && let Some(difference) = first_difference(given, sent, "body")
        {
            report.failures.push(format!("{}: body not sent as given: {difference}", op.id));
        }
        report.called += 1;
        match client.execute(request).await {
            Ok(response) => {
                if let Some(Err(error)) =
                    crate::generated::decode_answer(op, &response.body, zoom_client::json::Decoding::Strict)
                {
                    report.undecoded += 1;
                    report.failures.push(format!("{}: answer does not decode: {error}", op.id));
                }
            }
            Err(error @ Error::Transport { .. }) => {
                panic!("{document}: Prism at {url} stopped answering ({error}): see target/prism/{document}.log")
            }
            Err(error) => {
                report.rejected += 1;
                report.failures.push(format!("{}: Prism rejected the request: {}", op.id, rejection(&error)));
            }
        }
    }
    report
}

/// The operation's arguments: each parameter (the path item's and the operation's) with a value
/// from the document, and a body when the operation takes one.
fn arguments(doc: &Value, item: &Value, op: &Value) -> Args {
    let mut params = Map::new();
    let declared = [item.get("parameters"), op.get("parameters")];
    for param in declared.into_iter().flatten().filter_map(Value::as_array).flatten() {
        let param = resolve(doc, param);
        let Some(name) = param.get("name").and_then(Value::as_str) else { continue };
        let schema = param.get("schema").map(|schema| resolve(doc, schema));
        let example = param
            .get("example")
            .or_else(|| param.get("examples")?.as_object()?.values().next()?.get("value"))
            .or_else(|| schema?.get("example"))
            .filter(|example| !is_empty(example));
        // An empty example (`""` for an id, `[]` for a required list) is no value to send: the
        // value is built from the schema's type and items instead.
        let value = match (example, schema) {
            (Some(example), _) => example.clone(),
            (None, Some(schema)) => {
                let mut bare = schema.clone();
                bare.as_object_mut().map(|o| o.remove("example"));
                assemble(doc, &bare, 0)
            }
            (None, None) => continue,
        };
        if !value.is_null() {
            params.insert(name.to_owned(), value);
        }
    }
    let body = op.get("requestBody").map(|body| resolve(doc, body)).and_then(|body| {
        let content = body.get("content")?.as_object()?;
        let media = content.get("application/json").or_else(|| content.get("multipart/form-data"))?;
        media.get("example").cloned().or_else(|| Some(assemble(doc, media.get("schema")?, 0)))
    });
    Args { params, body }
}

fn is_empty(value: &Value) -> bool {
    matches!(value, Value::String(s) if s.is_empty()) || matches!(value, Value::Array(a) if a.is_empty())
}

/// `value`, or what its `$ref` points to within `doc`.
fn resolve<'d>(doc: &'d Value, value: &'d Value) -> &'d Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(target) => doc.pointer(target.trim_start_matches('#')).unwrap_or(value),
        None => value,
    }
}

/// Why Prism refused a request: the messages of its `sl-violations` header (on an error status the
/// document declares) or of its problem-details body (on one it does not).
fn rejection(error: &Error) -> String {
    let api = match error {
        Error::Api(api) | Error::Validation(api) | Error::NotFound(api) | Error::InvalidToken(api) => api,
        other => return other.to_string(),
    };
    let violations: Option<Value> = match api.headers.get("sl-violations") {
        Some(header) => serde_json::from_slice(header.as_bytes()).ok(),
        None => serde_json::from_str::<Value>(&api.body).ok().and_then(|body| body.get("validation").cloned()),
    };
    let messages: Vec<&str> =
        violations.iter().filter_map(Value::as_array).flatten().filter_map(|v| v["message"].as_str()).collect();
    if messages.is_empty() {
        format!("{} {}", api.status, api.body)
    } else {
        format!("{} {}", api.status, messages.join("; "))
    }
}
