//! HMAC-SHA256, which SDK JWTs (HS256) and webhook signatures both use.

use hmac::{KeyInit, Mac};
use sha2::Sha256;

pub(crate) type HmacSha256 = hmac::Hmac<Sha256>;

/// A MAC keyed by `key`. HMAC takes keys of any length (longer ones are hashed first), so this
/// is always `Some`; callers fail closed on `None` all the same.
pub(crate) fn keyed(key: &[u8]) -> Option<HmacSha256> {
    <HmacSha256 as KeyInit>::new_from_slice(key).ok()
}

/// HMAC-SHA256 of `message` under `key` (empty in the impossible case that keying fails).
pub(crate) fn sign(key: &[u8], message: &[u8]) -> Vec<u8> {
    let Some(mut mac) = keyed(key) else { return Vec::new() };
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

#[cfg(test)]
mod tests {
    #[test]
    fn rfc4231_case_2() {
        let mac = super::sign(b"Jefe", b"what do ya want for nothing?");
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
