//! Any bytes as the answer of any meetings or users operation (the first two bytes pick it),
//! decoded tolerantly and strictly into its generated type and encoded back.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The tests' dispatch for the two products, from zoom-client's test tree.
#[path = "../../tests/zoom_documents/conformance.rs"]
#[allow(dead_code)]
mod conformance;
#[path = "../../tests/zoom_documents/generated/meetings.rs"]
#[allow(dead_code)]
mod meetings;
#[path = "../../tests/zoom_documents/generated/users.rs"]
#[allow(dead_code)]
mod users;
use zoom_client::Operation;
use zoom_client::json::Decoding;

fuzz_target!(|data: &[u8]| {
    let Some((pick, body)) = data.split_first_chunk::<2>() else { return };
    let operations: Vec<&Operation> = Operation::all().collect();
    let op = operations[usize::from(u16::from_le_bytes(*pick)) % operations.len()];
    let decode = if op.product == "meetings" { meetings::decode_answer } else { users::decode_answer };
    for decoding in [Decoding::Tolerant, Decoding::Strict] {
        let _ = decode(op.id, body, decoding);
    }
});
