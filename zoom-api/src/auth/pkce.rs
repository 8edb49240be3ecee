//! PKCE (RFC 7636, method S256) and OAuth `state` values, from the operating system's CSPRNG.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use super::error::AuthError;
use super::secret::Secret;

/// `n` random bytes, base64url without padding.
fn random_token(n: usize) -> Result<String, AuthError> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).map_err(AuthError::Random)?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// A code verifier: 32 random bytes, 43 characters of base64url (RFC 7636 asks for 43–128
/// characters from the unreserved set, with 256 bits of entropy recommended).
pub(crate) fn verifier() -> Result<Secret, AuthError> {
    random_token(32).map(Secret::from)
}

/// The S256 code challenge of `verifier`: base64url(SHA-256(verifier)).
pub fn challenge(verifier: &Secret) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.expose().as_bytes()))
}

/// An OAuth `state`: 32 random bytes, base64url. Not a secret once sent (it is in the URL), but
/// unguessable, so a forged callback cannot name a pending authorization.
pub(crate) fn state() -> Result<String, AuthError> {
    random_token(32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b() {
        let verifier = Secret::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assert_eq!(challenge(&verifier), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    #[test]
    fn verifiers_are_43_unreserved_characters_and_differ() -> Result<(), AuthError> {
        let a = verifier()?;
        let b = verifier()?;
        assert_eq!(a.expose().len(), 43);
        assert!(a.expose().bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
        assert_ne!(a, b);
        Ok(())
    }
}
