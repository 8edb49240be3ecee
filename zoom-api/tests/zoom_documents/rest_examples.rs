//! Every operation's documented success answer, assembled from its schema in Zoom's document
//! (each value the schema's `example` where it has one), decodes into the generated type and
//! encodes back without loss, strictly: decoding Zoom's own examples must find no deviation, so
//! the tolerance of the client cannot hide a defect of the generated types. What fails is listed with the reason, per product, in
//! `tests/zoom_documents/known/rest_examples/failures.txt`; the list must match what decoding finds now (see
//! `documents::check_known`). The test prints how many pass per product.

use std::collections::BTreeMap;

use crate::documents::{answer_schema, assemble, check_known, document, first_difference};
use serde_json::Value;
use zoom_client::Operation;
use zoom_client::json::Decoding;

#[test]
fn every_answer_assembled_from_zooms_schemas_decodes_and_encodes_back() {
    let mut documents: BTreeMap<String, Value> = BTreeMap::new();
    let mut failures = Vec::new();
    // Per document: (operations with a JSON answer, passed).
    let mut tally: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for op in Operation::all() {
        let file = format!("{}{}.json", op.product, if op.master { "-master" } else { "" });
        let doc = documents.entry(file.clone()).or_insert_with(|| document(&file));
        let Some(schema) = answer_schema(doc, op) else { continue };
        let body = assemble(doc, schema, 0);
        let Some(decoded) = crate::generated::decode_answer(op, &serde_json::to_vec(&body).unwrap(), Decoding::Strict)
        else {
            continue;
        };
        let counts = tally.entry(file.clone()).or_default();
        counts.0 += 1;
        match decoded {
            Err(error) => failures.push(format!("{file} {}: {error}", op.id)),
            Ok(back) => match first_difference(&body, &back.value, "") {
                Some(difference) => failures.push(format!("{file} {}: not encoded back: {difference}", op.id)),
                None => counts.1 += 1,
            },
        }
    }
    for (file, (total, passed)) in &tally {
        println!("{file}: {passed} of {total} answers decode and encode back");
    }
    let total: usize = tally.values().map(|t| t.0).sum();
    assert!(total > 1500, "only {total} operations with a JSON answer were found");
    check_known("rest_examples/failures", &failures);
}
