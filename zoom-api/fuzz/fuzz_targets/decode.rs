//! Any bytes as the answer of any meetings or users operation (the first two bytes pick it),
//! decoded tolerantly and strictly into its generated type and encoded back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zoom_api::Operation;
use zoom_api::json::Decoding;

fuzz_target!(|data: &[u8]| {
    let Some((pick, body)) = data.split_first_chunk::<2>() else { return };
    let operations: Vec<&Operation> = Operation::all().collect();
    let op = operations[usize::from(u16::from_le_bytes(*pick)) % operations.len()];
    for decoding in [Decoding::Tolerant, Decoding::Strict] {
        let _ = zoom_api::decode_answer(op, body, decoding);
    }
});
