//! `spec/documents.toml`: which Zoom documents the project expects, where Zoom publishes them and
//! the sha256 of the edition the committed output was generated from.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Variant {
    /// The product's regular REST API (`…/methods/endpoints.json`).
    Rest,
    /// The Master Account variant (`…/ma/master.json`): the same API under `/accounts/{accountId}`.
    Master,
    /// Webhook events (`…/events/webhooks.json`, OpenAPI 3.1).
    Webhooks,
}

/// How the product's operations are authorised.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Auth {
    /// OAuth access token (Server-to-Server or user OAuth), with scopes.
    #[default]
    Oauth,
    /// A JWT the app signs with its Video SDK / Cobrowse SDK key and secret; no scopes.
    SdkJwt,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentEntry {
    /// Product key, e.g. `team-chat`: the Cargo feature name and, snake-cased, the module name.
    pub product: String,
    pub variant: Variant,
    /// Path relative to the spec directory.
    pub file: String,
    pub url: String,
    pub sha256: String,
    #[serde(default)]
    pub auth: Auth,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    #[serde(rename = "document")]
    pub documents: Vec<DocumentEntry>,
    #[serde(skip)]
    pub path: PathBuf,
}

impl Manifest {
    pub fn load(path: &Path) -> Result<Manifest> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Manifest::parse(&text, path)
    }

    /// A manifest from its text; `origin` names it in errors (a path, or `<rev>:spec/documents.toml`).
    pub fn parse(text: &str, origin: &Path) -> Result<Manifest> {
        let mut manifest: Manifest =
            toml::from_str(text).map_err(|e| Error::Config { path: origin.to_owned(), message: e.to_string() })?;
        manifest.path = origin.to_owned();
        manifest.validate()?;
        Ok(manifest)
    }

    fn validate(&self) -> Result<()> {
        let mut seen = std::collections::BTreeSet::new();
        for doc in &self.documents {
            let bad = |message: String| Error::Config { path: self.path.clone(), message };
            if !seen.insert((&doc.product, doc.variant)) {
                return Err(bad(format!("{} {:?} is listed twice", doc.product, doc.variant)));
            }
            let key_ok = !doc.product.is_empty()
                && doc.product.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !key_ok {
                return Err(bad(format!("product key `{}` must be lowercase kebab-case", doc.product)));
            }
            if doc.sha256.len() != 64 || !doc.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(bad(format!("{}: sha256 must be 64 hex digits", doc.file)));
            }
        }
        Ok(())
    }

    /// Documents of one variant, in manifest order.
    pub fn of(&self, variant: Variant) -> impl Iterator<Item = &DocumentEntry> {
        self.documents.iter().filter(move |d| d.variant == variant)
    }

    /// Records a new hash for `file` in the manifest text, keeping its comments and layout.
    pub fn accept_hash(&self, file: &str, new_sha256: &str) -> Result<()> {
        let entry = self
            .documents
            .iter()
            .find(|d| d.file == file)
            .ok_or_else(|| Error::Config { path: self.path.clone(), message: format!("{file} is not listed") })?;
        let text = std::fs::read_to_string(&self.path).map_err(|e| Error::io(&self.path, e))?;
        let updated = text.replacen(&entry.sha256, new_sha256, 1);
        crate::output::write_file_atomically(&self.path, updated.as_bytes())
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}
