//! A bounded mutation fuzz of what reads Zoom's bytes: every REST answer and webhook event
//! assembled from Zoom's documents, mutated at the byte level (bytes changed, cut, repeated,
//! JSON fragments spliced in, nesting thousands deep), decoded tolerantly and strictly into the
//! generated types, and every event body signed and handed to the webhook receiver. Any result
//! is fine; a panic, an abort or a hang is the failure. The generator is deterministic, so a
//! failure names its case and reproduces.
//!
//! `cargo fuzz` targets for open-ended runs are in `fuzz/` (README, "Fuzzing").

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, UNIX_EPOCH};

use crate::documents::{answer_schema, assemble, assembled_event, document, event_examples, webhook_documents};
use futures_util::FutureExt;
use hmac::{KeyInit, Mac};
use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::Value;
use zoom_client::Operation;
use zoom_client::json::Decoding;
use zoom_client::webhook::{RawEvent, Receiver};

/// Mutations of each REST answer (about 1,600 answers).
const PER_ANSWER: u64 = 30;
/// Mutations of each event body (about 1,150 bodies: each event's example and assembled body).
const PER_EVENT: u64 = 45;

/// xorshift64*: deterministic, so a failure reproduces from its case number.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

/// JSON fragments that stress a reader: unbalanced brackets, escapes, surrogates, numbers past
/// every range, dates that are not, and the values of other kinds.
const FRAGMENTS: &[&str] = &[
    "\"",
    "\\",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "-",
    "0",
    "null",
    "true",
    "\"\"",
    "{}",
    "[]",
    "1e999",
    "-1e-999",
    "99999999999999999999999",
    "-9223372036854775809",
    "0.1e-400",
    "1.",
    "01",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"\\udc00\\ud800\"",
    "\"\\uZZZZ\"",
    "\"\u{feff}\"",
    "\"\u{10ffff}\"",
    "\"2025-13-45T99:99:99Z\"",
    "\"2025-11-30T09:00:00+99:00\"",
    "\"9999999999\"",
    "\"NaN\"",
    "{\"a\":",
    "[[[[[[[[",
    "\"\\\"",
    "\u{0}",
    "\u{7f}",
];

/// `text` changed one to three times.
fn mutate(text: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = text.to_vec();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(out.len() + 1);
        match rng.below(8) {
            0 if at < out.len() => out[at] = rng.next() as u8,
            1 => {
                let end = (at + 1 + rng.below(24)).min(out.len());
                out.drain(at.min(end)..end);
            }
            2 => {
                let end = (at + 1 + rng.below(64)).min(out.len());
                let copy = out[at.min(end)..end].to_vec();
                let to = rng.below(out.len() + 1);
                out.splice(to..to, copy);
            }
            3 => out.truncate(at),
            4 => {
                // Nesting far past any document's, where a recursive reader would overflow.
                let depth = 1 + rng.below(20_000);
                let open = if rng.below(2) == 0 { "[" } else { "{\"a\":" };
                out.splice(at..at, open.repeat(depth).into_bytes());
            }
            _ => {
                let fragment = FRAGMENTS[rng.below(FRAGMENTS.len())].as_bytes();
                out.splice(at..at, fragment.iter().copied());
            }
        }
    }
    out
}

/// Runs `check` on a case, turning a panic into a failure that names it.
fn case(label: &str, n: u64, failures: &mut Vec<String>, check: impl FnOnce()) {
    if catch_unwind(AssertUnwindSafe(check)).is_err() {
        failures.push(format!("{label}, case {n}"));
    }
}

fn report(name: &str, cases: u64, failures: &[String]) {
    println!("{name}: {cases} mutated bodies, {} panics", failures.len());
    assert!(failures.is_empty(), "{name}: panics in {} cases:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn mutated_answers_never_panic_the_decoder() {
    let mut documents: BTreeMap<String, Value> = BTreeMap::new();
    let (mut cases, mut failures) = (0, Vec::new());
    for (index, op) in Operation::all().enumerate() {
        let file = format!("{}{}.json", op.product, if op.master { "-master" } else { "" });
        let doc = documents.entry(file.clone()).or_insert_with(|| document(&file));
        let Some(schema) = answer_schema(doc, op) else { continue };
        let body = serde_json::to_vec(&assemble(doc, schema, 0)).unwrap();
        for n in 0..PER_ANSWER {
            let mut rng = Rng::new((index as u64) << 20 | n);
            let text = mutate(&body, &mut rng);
            cases += 1;
            case(&format!("{file} {}", op.id), n, &mut failures, || {
                for decoding in [Decoding::Tolerant, Decoding::Strict] {
                    let _ = crate::generated::decode_answer(op, &text, decoding);
                }
            });
        }
    }
    assert!(cases > 45_000, "only {cases} cases: the answers were not found");
    report("REST answers", cases, &failures);
}

#[test]
fn mutated_events_never_panic_the_receiver_or_the_decoder() {
    const SECRET: &str = "fuzz-secret-token";
    const TIMESTAMP: &str = "1764500000";
    let now = UNIX_EPOCH + Duration::from_secs(1_764_500_000);
    // Remembering nothing, so each case is decoded rather than refused as a duplicate.
    let receiver = Receiver::new(SECRET).unwrap().remember(Duration::ZERO);
    let signed = |body: &[u8]| {
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
        mac.update(format!("v0:{TIMESTAMP}:").as_bytes());
        mac.update(body);
        let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
        let mut headers = HeaderMap::new();
        headers.insert("x-zm-signature", HeaderValue::from_str(&format!("v0={hex}")).unwrap());
        headers.insert("x-zm-request-timestamp", HeaderValue::from_static(TIMESTAMP));
        headers
    };
    let (mut cases, mut failures) = (0, Vec::new());
    let mut seed = 0u64;
    for (product, doc) in webhook_documents() {
        for (name, event) in doc["webhooks"].as_object().unwrap() {
            let mut bodies: Vec<Vec<u8>> = event_examples(event).into_iter().map(|(_, body)| body).collect();
            bodies.push(serde_json::to_vec(&assembled_event(&doc, name, event)).unwrap());
            for body in bodies {
                seed += 1;
                for n in 0..PER_EVENT {
                    let mut rng = Rng::new(seed << 20 | n);
                    let text = mutate(&body, &mut rng);
                    cases += 1;
                    case(&format!("{product} {name} (body {seed})"), n, &mut failures, || {
                        let headers = signed(&text);
                        let delivery = receiver.receive_at::<RawEvent>(&headers, &text, now).now_or_never();
                        delivery.expect("the memory store answers at once").ok();
                        for decoding in [Decoding::Tolerant, Decoding::Strict] {
                            let _ = crate::generated::decode_event(&product, &text, decoding);
                        }
                    });
                }
            }
        }
    }
    assert!(cases > 45_000, "only {cases} cases: the events were not found");
    report("webhook events", cases, &failures);
}
