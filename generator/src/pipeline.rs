//! The whole generation, from the workspace's inputs to the files regen writes: nothing is
//! written here, so a failure anywhere leaves every output untouched.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::emit::{self, GeneratedFile, Target};
use crate::error::{Error, Result};
use crate::ir::Api;
use crate::load::{self, ChangedHash, HashPolicy, Source};
use crate::lock::NamesLock;
use crate::lower::{self, ParsedDocument, ProductDocuments, Renames};
use crate::manifest::{Auth, DocumentEntry, Manifest, Variant};
use crate::normalise::{self, Repair, RepairAudit, RepairSet};
use crate::overrides::{Hits, OverrideReport, Overrides};
use crate::scopes::{self, Catalogue, Drift};

/// Paths of the project's inputs and outputs, relative to the workspace root.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub root: PathBuf,
}

impl Workspace {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Workspace { root: root.into() }
    }

    /// The workspace this crate is built in (for tests; xtask finds its workspace at run time).
    pub fn of_this_build() -> Self {
        Workspace::new(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
    }

    pub fn manifest(&self) -> PathBuf {
        self.root.join("spec/documents.toml")
    }
    pub fn repairs(&self) -> PathBuf {
        self.root.join("spec/repairs.toml")
    }
    pub fn overrides(&self) -> PathBuf {
        self.root.join("spec/overrides.toml")
    }
    /// The overrides of the fixture documents (fixture products' positions).
    pub fn fixture_overrides(&self) -> PathBuf {
        self.fixtures().join("overrides.toml")
    }
    pub fn renames(&self) -> PathBuf {
        self.root.join("spec/renames.toml")
    }
    pub fn names_lock(&self) -> PathBuf {
        self.root.join("spec/names.lock")
    }
    pub fn fixtures(&self) -> PathBuf {
        self.root.join("spec/fixtures")
    }
    pub fn scopes(&self) -> PathBuf {
        self.root.join("scopes/catalogue")
    }
    /// The generated tree of the zoom-client crate.
    pub fn generated(&self) -> PathBuf {
        self.root.join("zoom-api/src/generated")
    }
    /// The entry points of zoom-client's tests against Zoom's documents, in its test tree.
    pub fn conformance_generated(&self) -> PathBuf {
        self.root.join("zoom-api/tests/zoom_documents/generated")
    }
    /// The fixtures' generated tree, compiled by zoom-client's fixture tests.
    pub fn fixtures_generated(&self) -> PathBuf {
        self.root.join("zoom-api/tests/fixtures/generated")
    }
    pub fn cargo_toml(&self) -> PathBuf {
        self.root.join("zoom-api/Cargo.toml")
    }
    /// zoom-client's release notes, one entry per accepted edition of Zoom's documents.
    pub fn changelog(&self) -> PathBuf {
        self.root.join("zoom-api/CHANGELOG.md")
    }
    pub fn cargo_lock(&self) -> PathBuf {
        self.root.join("Cargo.lock")
    }
}

/// Everything one generation produced.
#[derive(Debug)]
pub struct Generation {
    pub api: Api,
    pub files: Vec<GeneratedFile>,
    /// The tree of [`Workspace::conformance_generated`].
    pub conformance_files: Vec<GeneratedFile>,
    pub names_lock: String,
    /// zoom-client's Cargo.toml with the product features filled in.
    pub cargo_toml: String,
    pub repairs: Vec<Repair>,
    pub audit: RepairAudit,
    /// What `spec/overrides.toml` changed, and which of its entries are stale.
    pub overrides: OverrideReport,
    pub changed_hashes: Vec<ChangedHash>,
    pub catalogue: Catalogue,
    /// The documents' scopes against the catalogue.
    pub scope_drift: Drift,
    /// Renames in spec/renames.toml that match no operation.
    pub unused_renames: Vec<(String, String)>,
    /// Wall time of each stage.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Generates zoom-client from Zoom's documents in `spec_dir`.
pub fn generate(ws: &Workspace, spec_dir: &Path, policy: HashPolicy) -> Result<Generation> {
    let lowered = lower_all(ws, spec_dir, policy)?;
    let mut clock = lowered.clock;
    let api = lowered.api;
    let mut names_lock = lowered.names_lock;
    names_lock.set_methods(&api)?;
    let files = emit::emit(&api, &Target::ZoomApi)?;
    let conformance_files = emit::conformance_tree(&api)?;
    clock.lap("emit");
    let cargo_path = ws.cargo_toml();
    let cargo_text = std::fs::read_to_string(&cargo_path).map_err(|e| Error::io(&cargo_path, e))?;
    let cargo_toml = crate::output::splice_features(&cargo_text, &emit::cargo_features(&api))
        .map_err(|message| Error::Config { path: cargo_path, message })?;
    let unused_renames = unused_renames(&api, &lowered.renames);
    Ok(Generation {
        api,
        files,
        conformance_files,
        names_lock: names_lock.render(),
        cargo_toml,
        repairs: lowered.repairs,
        audit: lowered.audit,
        overrides: lowered.overrides,
        changed_hashes: lowered.changed_hashes,
        catalogue: lowered.catalogue,
        scope_drift: lowered.scope_drift,
        unused_renames,
        timings: clock.laps,
    })
}

/// The operations as the generated table carries them, with the scope catalogue and its drift:
/// what `cargo xtask scopes` answers from, without emitting code.
pub fn scope_data(ws: &Workspace, spec_dir: &Path) -> Result<(Api, Catalogue, Drift)> {
    let lowered = lower_all(ws, spec_dir, HashPolicy::AcceptNew)?;
    Ok((lowered.api, lowered.catalogue, lowered.scope_drift))
}

/// The API of the documents `manifest` lists (some of Zoom's documents, or all), read from
/// `dir` whatever their hashes; for a partial `diff`.
pub fn documents_api(ws: &Workspace, manifest: &Manifest, dir: &Path) -> Result<Api> {
    Ok(lower_from(ws, manifest, Source::Dir(dir), HashPolicy::AcceptNew)?.api)
}

/// The API of the edition `manifest` records by hash (today's `spec/documents.toml`, or one from
/// a git revision), read from `spec_dir` or its archive of earlier editions; for `diff`.
pub fn edition_api(ws: &Workspace, manifest: &Manifest, spec_dir: &Path) -> Result<Api> {
    Ok(lower_from(ws, manifest, Source::Recorded(spec_dir), HashPolicy::Strict)?.api)
}

/// Everything before emit.
struct Lowered {
    api: Api,
    catalogue: Catalogue,
    scope_drift: Drift,
    renames: lower::Renames,
    names_lock: NamesLock,
    repairs: Vec<Repair>,
    audit: RepairAudit,
    overrides: OverrideReport,
    changed_hashes: Vec<ChangedHash>,
    clock: Stopwatch,
}

fn lower_all(ws: &Workspace, spec_dir: &Path, policy: HashPolicy) -> Result<Lowered> {
    lower_from(ws, &Manifest::load(&ws.manifest())?, Source::Dir(spec_dir), policy)
}

fn lower_from(ws: &Workspace, manifest: &Manifest, source: Source<'_>, policy: HashPolicy) -> Result<Lowered> {
    let repairs = RepairSet::load(&ws.repairs())?;
    let renames = lower::load_renames(&ws.renames())?;
    let overrides = Overrides::load(&ws.overrides())?;
    let lock = NamesLock::load(&ws.names_lock())?;
    let catalogue = scopes::load(&ws.scopes())?;
    let mut clock = Stopwatch::start();
    let (raw, changed_hashes) = load::load_from(manifest, source, policy)?;
    clock.lap("load");
    let files_read: BTreeSet<String> = raw.iter().map(|d| d.entry.file.clone()).collect();
    let docs: Vec<(DocumentEntry, String, Value)> = raw.into_iter().map(|d| (d.entry, d.sha256, d.json)).collect();
    let built =
        build_api_timed(docs, &Inputs { repairs: &repairs, renames: &renames, lock: &lock, overrides: &overrides })?;
    let Built { mut api, repairs: applied, lock: names_lock, parse_time, hits } = built;
    clock.split("normalise+parse", parse_time, "lower");
    // Drift compares the documents as published with the catalogue; the generated table then
    // carries the catalogue's corrections.
    let scope_drift = scopes::drift::check(&api, &catalogue);
    scopes::apply(&mut api, &catalogue);
    let audit = normalise::audit(&repairs, &applied, &files_read);
    let overrides = OverrideReport::new(&overrides, &hits);
    Ok(Lowered {
        api,
        catalogue,
        scope_drift,
        renames,
        names_lock,
        repairs: applied,
        audit,
        overrides,
        changed_hashes,
        clock,
    })
}

/// Wall time per stage.
struct Stopwatch {
    laps: Vec<(&'static str, std::time::Duration)>,
    since: std::time::Instant,
}

impl Stopwatch {
    fn start() -> Self {
        Stopwatch { laps: Vec::new(), since: std::time::Instant::now() }
    }

    fn lap(&mut self, stage: &'static str) {
        self.laps.push((stage, self.since.elapsed()));
        self.since = std::time::Instant::now();
    }

    /// A lap made of two stages, the first of which took `first`.
    fn split(&mut self, first_stage: &'static str, first: std::time::Duration, second_stage: &'static str) {
        let total = self.since.elapsed();
        self.laps.push((first_stage, first));
        self.laps.push((second_stage, total.saturating_sub(first)));
        self.since = std::time::Instant::now();
    }
}

/// Generates the fixture documents of `spec/fixtures/` (each one a product named after its file)
/// for the standalone target that zoom-client's fixture tests compile.
pub fn generate_fixtures(ws: &Workspace) -> Result<(Api, Vec<GeneratedFile>)> {
    let repairs = RepairSet::load(&ws.repairs())?;
    let dir = ws.fixtures();
    let paths = load::files_in(&dir, &["json"]).map_err(|e| Error::io(&dir, e))?;
    let mut docs = Vec::new();
    for path in paths {
        let file = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let product = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        let json = load::parse_json(&file, &bytes)?;
        let sha256 = crate::manifest::sha256_hex(&bytes);
        let variant = if product.ends_with("-master") { Variant::Master } else { Variant::Rest };
        let product = product.trim_end_matches("-master").to_owned();
        let entry =
            DocumentEntry { product, variant, file, url: String::new(), sha256: sha256.clone(), auth: Auth::Oauth };
        docs.push((entry, sha256, json));
    }
    let renames = Renames::new();
    let overrides = Overrides::load(&ws.fixture_overrides())?;
    let lock = NamesLock::default();
    let inputs = Inputs { repairs: &repairs, renames: &renames, lock: &lock, overrides: &overrides };
    let api = build_api_timed(docs, &inputs)?.api;
    let files = emit::emit(&api, &Target::Standalone)?;
    Ok((api, files))
}

/// What lowering reads besides the documents.
pub struct Inputs<'a> {
    pub repairs: &'a RepairSet,
    pub renames: &'a Renames,
    pub lock: &'a NamesLock,
    pub overrides: &'a Overrides,
}

/// Normalise, parse and lower documents; products are lowered two at a time.
pub fn build_api(docs: Vec<(DocumentEntry, String, Value)>, inputs: &Inputs) -> Result<(Api, Vec<Repair>, NamesLock)> {
    build_api_timed(docs, inputs).map(|built| (built.api, built.repairs, built.lock))
}

/// What [`build_api_timed`] returns.
struct Built {
    api: Api,
    repairs: Vec<Repair>,
    lock: NamesLock,
    /// How long normalising and parsing took.
    parse_time: std::time::Duration,
    hits: Hits,
}

fn build_api_timed(docs: Vec<(DocumentEntry, String, Value)>, inputs: &Inputs) -> Result<Built> {
    let Inputs { repairs, renames, lock, overrides } = *inputs;
    let started = std::time::Instant::now();
    let parsed = crate::parallel::map(&docs, |(entry, sha256, json)| {
        let mut json = match entry.variant {
            Variant::Webhooks => normalise::webhooks::as_paths(&entry.file, json)?,
            _ => json.clone(),
        };
        let applied = normalise::normalise(&entry.file, &mut json, repairs)?;
        let openapi = crate::parse::parse_openapi(&entry.file, &json)?;
        Ok::<_, Error>((ParsedDocument { entry: entry.clone(), sha256: sha256.clone(), openapi }, applied))
    })?;
    drop(docs);
    let parse_time = started.elapsed();
    let mut applied = Vec::new();
    let mut by_product: BTreeMap<String, ProductDocuments> = BTreeMap::new();
    for (doc, repairs) in parsed {
        applied.extend(repairs);
        let slot = by_product.entry(doc.entry.product.clone()).or_default();
        match doc.entry.variant {
            Variant::Master => slot.master = Some(doc),
            Variant::Webhooks => slot.webhooks = Some(doc),
            Variant::Rest => slot.rest = Some(doc),
        }
    }
    let products: Vec<(String, ProductDocuments)> = by_product.into_iter().collect();
    let lowered = crate::parallel::map(&products, |(key, documents)| {
        lower::lower_product(key, documents, renames, lock, overrides)
    })?;
    let mut new_lock = lock.clone();
    let mut api = Api { products: Vec::new() };
    let mut hits = Hits::default();
    for l in lowered {
        new_lock.set_product(&l.product.key, l.lock_entries);
        api.products.push(l.product);
        hits.merge(l.hits);
    }
    // Products that no longer exist leave the lock.
    let keys: BTreeSet<&str> = api.products.iter().map(|p| p.key.as_str()).collect();
    let gone: Vec<String> = new_lock.products().filter(|p| !keys.contains(p)).map(str::to_owned).collect();
    for product in gone {
        new_lock.set_product(&product, vec![]);
    }
    Ok(Built { api, repairs: applied, lock: new_lock, parse_time, hits })
}

fn unused_renames(api: &Api, renames: &Renames) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (product, names) in renames {
        let p = api.products.iter().find(|p| &p.key == product);
        for id in names.keys() {
            let used = p.is_some_and(|p| {
                p.surfaces()
                    .flat_map(|s| &s.operations)
                    .any(|o| &o.id == id || *id == format!("{} {}", o.method.as_str(), o.path))
            });
            if !used {
                out.push((product.clone(), id.clone()));
            }
        }
    }
    out
}
