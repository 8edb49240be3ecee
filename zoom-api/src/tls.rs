//! The start of every HTTP client this crate builds for itself.

/// A `reqwest` client builder. With the `rustls` feature, TLS is rustls on the `ring` provider
/// (reqwest's own default, aws-lc-rs, takes about three times as long to compile), installed as
/// the process's default provider unless the application installed one first: its choice stands.
pub(crate) fn http_builder() -> reqwest::ClientBuilder {
    #[cfg(feature = "rustls")]
    {
        // An error only says that a provider is installed already.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    reqwest::Client::builder()
}
