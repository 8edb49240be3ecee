//! Zoom's webhook signature: `x-zm-signature: v0=<hex HMAC-SHA256>` over
//! `v0:{x-zm-request-timestamp}:{raw body}`, keyed by the app's secret token.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::Mac;
use reqwest::header::HeaderMap;

use super::WebhookError;
use crate::hmac_sha256;

pub(crate) const SIGNATURE: &str = "x-zm-signature";
pub(crate) const TIMESTAMP: &str = "x-zm-request-timestamp";

/// Lower-case hex of HMAC-SHA256(`secret`, `message`).
pub(crate) fn hex_hmac(secret: &str, message: &[u8]) -> String {
    hex(&hmac_sha256::sign(secret.as_bytes(), message))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(DIGITS[usize::from(byte >> 4)] as char);
        out.push(DIGITS[usize::from(byte & 0xf)] as char);
    }
    out
}

fn unhex_digit(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

/// The 32 bytes of a `v0=<64 hex digits>` signature.
fn parse_signature(value: &[u8]) -> Result<[u8; 32], WebhookError> {
    let digits = value.strip_prefix(b"v0=").ok_or(WebhookError::MalformedSignature("it does not start with `v0=`"))?;
    if digits.len() != 64 {
        return Err(WebhookError::MalformedSignature("it is not 64 hex digits after `v0=`"));
    }
    let mut bytes = [0u8; 32];
    for (byte, pair) in bytes.iter_mut().zip(digits.chunks_exact(2)) {
        let (Some(high), Some(low)) = (unhex_digit(pair[0]), unhex_digit(pair[1])) else {
            return Err(WebhookError::MalformedSignature("it has a character that is not a hex digit"));
        };
        *byte = high << 4 | low;
    }
    Ok(bytes)
}

/// The one value of header `name`.
fn single<'h>(headers: &'h HeaderMap, name: &'static str) -> Result<&'h [u8], WebhookError> {
    let mut values = headers.get_all(name).iter();
    let value = values.next().ok_or(WebhookError::MissingHeader(name))?;
    if values.next().is_some() {
        return Err(WebhookError::DuplicateHeader(name));
    }
    Ok(value.as_bytes())
}

fn parse_timestamp(value: &[u8]) -> Result<u64, WebhookError> {
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return Err(WebhookError::MalformedTimestamp);
    }
    std::str::from_utf8(value).ok().and_then(|text| text.parse().ok()).ok_or(WebhookError::MalformedTimestamp)
}

/// Checks that `body` was signed with `secret` (in constant time) within `window` of `now`.
pub(crate) fn verify(
    secret: &str,
    window: Duration,
    headers: &HeaderMap,
    body: &[u8],
    now: SystemTime,
) -> Result<(), WebhookError> {
    let signature = parse_signature(single(headers, SIGNATURE)?)?;
    let timestamp_text = single(headers, TIMESTAMP)?;
    let timestamp = parse_timestamp(timestamp_text)?;

    let mut mac = hmac_sha256::keyed(secret.as_bytes()).ok_or(WebhookError::SignatureMismatch)?;
    mac.update(b"v0:");
    mac.update(timestamp_text);
    mac.update(b":");
    mac.update(body);
    mac.verify_slice(&signature).map_err(|_| WebhookError::SignatureMismatch)?;

    let signed_at = UNIX_EPOCH.checked_add(Duration::from_secs(timestamp)).ok_or(WebhookError::MalformedTimestamp)?;
    match now.duration_since(signed_at) {
        Ok(age) if age > window => Err(WebhookError::Stale { age, window }),
        Ok(_) => Ok(()),
        Err(ahead) if ahead.duration() > window => Err(WebhookError::FromTheFuture { ahead: ahead.duration(), window }),
        Err(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_parse_strictly() {
        let good = format!("v0={}", "0123456789abcdefABCDEF0123456789".repeat(2));
        assert_eq!(parse_signature(good.as_bytes()).unwrap()[..3], [0x01, 0x23, 0x45]);
        for bad in ["", "v0=", "v1=00", "0123", &good[..good.len() - 1], &format!("{}g", &good[..good.len() - 1])] {
            assert!(matches!(parse_signature(bad.as_bytes()), Err(WebhookError::MalformedSignature(_))), "{bad:?}");
        }
    }

    #[test]
    fn timestamps_are_decimal_seconds() {
        assert_eq!(parse_timestamp(b"1764500000").unwrap(), 1_764_500_000);
        for bad in [&b""[..], b"-1", b"1.5", b" 1", b"99999999999999999999999", b"\xff"] {
            assert!(matches!(parse_timestamp(bad), Err(WebhookError::MalformedTimestamp)), "{bad:?}");
        }
    }

    #[test]
    fn hex_is_lower_case() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
    }
}
