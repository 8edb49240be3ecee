//! Any bytes as a webhook delivery: the first byte says how many of the next bytes are the
//! `x-zm-signature` header; the rest is the body. The body is handed to the receiver both with
//! that header and correctly signed (so the fuzzer reaches the decoding behind the signature
//! check), and decoded as the meetings and users events.
#![no_main]

use std::sync::LazyLock;
use std::time::{Duration, UNIX_EPOCH};

use futures_util::FutureExt;
use hmac::{Hmac, KeyInit, Mac};
use libfuzzer_sys::fuzz_target;
use reqwest::header::{HeaderMap, HeaderValue};
use sha2::Sha256;
use zoom_client::json::{Decoding, ToJson, from_slice_with};
use zoom_client::webhook::{RawEvent, Receiver};

const SECRET: &str = "fuzz-secret-token";
const TIMESTAMP: &str = "1764500000";

static RECEIVER: LazyLock<Receiver> =
    LazyLock::new(|| Receiver::new(SECRET).expect("a secret").remember(Duration::ZERO));

fn headers(signature: &[u8]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_bytes(signature) {
        headers.insert("x-zm-signature", value);
    }
    headers.insert("x-zm-request-timestamp", HeaderValue::from_static(TIMESTAMP));
    headers
}

fuzz_target!(|data: &[u8]| {
    let Some((&length, rest)) = data.split_first() else { return };
    let (signature, body) = rest.split_at(usize::from(length).min(rest.len()));
    let now = UNIX_EPOCH + Duration::from_secs(1_764_500_000);
    let receive = |headers: &HeaderMap| {
        let _ = RECEIVER.receive_at::<RawEvent>(headers, body, now).now_or_never();
    };
    receive(&headers(signature));
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).expect("any key length");
    mac.update(format!("v0:{TIMESTAMP}:").as_bytes());
    mac.update(body);
    let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    receive(&headers(format!("v0={hex}").as_bytes()));
    // Decoded as each product's events and, where that succeeds, encoded back.
    for decoding in [Decoding::Tolerant, Decoding::Strict] {
        if let Ok(decoded) = from_slice_with::<zoom_client::meetings::webhooks::Event>(body, decoding) {
            let _ = decoded.value.to_json();
        }
        if let Ok(decoded) = from_slice_with::<zoom_client::users::webhooks::Event>(body, decoding) {
            let _ = decoded.value.to_json();
        }
    }
});
