//! The hand-maintained OAuth scope catalogue in `scopes/` (YAML). Its content and the checks
//! against Zoom's documents come with the scope-table work; this is the loading hook regen calls
//! so a malformed catalogue fails generation with a clear error today.

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};

/// Every `*.yaml` file in `scopes/`, merged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalogue {
    pub scopes: Vec<CatalogueScope>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueScope {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    #[serde(default)]
    scopes: Vec<CatalogueScope>,
}

pub fn load(dir: &Path) -> Result<Catalogue> {
    let mut catalogue = Catalogue::default();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(catalogue),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let file: CatalogueFile =
            serde_yaml_ng::from_str(&text).map_err(|e| Error::Config { path: path.clone(), message: e.to_string() })?;
        catalogue.scopes.extend(file.scopes);
    }
    Ok(catalogue)
}
