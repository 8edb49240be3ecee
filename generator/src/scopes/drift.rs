//! Zoom's documents against the scope catalogue: what a maintainer must look at when Zoom's
//! scopes move. Rendered into `snapshots/scopes-drift.snap` and summed up in regen's report.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};

use zoom_scopes::{Model, Scope};

use super::catalogue::{Catalogue, ReferenceField, Source, operation_key};
use super::reference;
use crate::ir::{Api, Auth, Operation};

/// Coverage of one product surface (`meetings`, `meetings-master`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    pub both: usize,
    pub classic_only: usize,
    pub granular_only: usize,
    pub none: usize,
}

impl Coverage {
    fn add(&mut self, op: &Operation) {
        match (op.scopes.classic.is_empty(), op.scopes.granular.is_empty()) {
            (false, false) => self.both += 1,
            (false, true) => self.classic_only += 1,
            (true, false) => self.granular_only += 1,
            (true, true) => self.none += 1,
        }
    }

    pub fn operations(&self) -> usize {
        self.both + self.classic_only + self.granular_only + self.none
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drift {
    /// Per surface feature, sorted.
    pub coverage: BTreeMap<String, Coverage>,
    /// `(operation, scope, reason)` for scope strings the grammar refuses.
    pub unparseable: Vec<(OpName, String, String)>,
    /// Classic scopes the documents use that the catalogue lacks, with the operations using them.
    pub missing: BTreeMap<String, Vec<OpName>>,
    /// Catalogue entries no document uses, with their source.
    pub unused: Vec<(String, Source)>,
    /// OAuth operations that list no scope at all.
    pub unscoped: Vec<OpName>,
    /// Operations with no scopes in SDK-JWT products (expected: they take no OAuth token).
    pub sdk_jwt_unscoped: BTreeMap<String, usize>,
    /// `(operation, what)` where `security` and the scope extensions disagree.
    pub security: Vec<(OpName, String)>,
    /// Classic-only OAuth operations by what the catalogue's granular mapping says of them.
    pub mapped: Vec<OpName>,
    pub unknown_granular: Vec<OpName>,
    /// Classic-only OAuth operations the catalogue has no granular mapping entry for.
    pub unmapped: Vec<OpName>,
    /// `(operation, reason)` for each operation whose lists a catalogue override replaces.
    pub overridden: Vec<(OpName, String)>,
    /// `(operation, what)`: catalogue entries that contradict the documents or name nothing.
    pub conflicts: Vec<(OpName, String)>,
    /// `(operation, field, what the documents say)` for each agent-reference claim the
    /// documents contradict.
    pub reference: Vec<(OpName, ReferenceField, String)>,
    /// Findings no `acknowledged` entry covers: `regen --check` fails on these.
    pub unacknowledged: Vec<Finding>,
    /// `acknowledged` keys that match no finding any more.
    pub stale_acknowledgements: Vec<String>,
}

/// An operation as the report names it: its catalogue key (`surface/operationId`, which may
/// hold spaces: Zoom's ids are not always identifiers) and, when it exists, its request.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct OpName {
    pub key: String,
    /// `METHOD /path`; `None` for a catalogue entry that names no operation.
    pub request: Option<String>,
}

impl fmt::Display for OpName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.request {
            Some(request) => write!(f, "{} ({request})", self.key),
            None => f.write_str(&self.key),
        }
    }
}

/// Something in the documents a maintainer must look at, under a key that stays the same from
/// one regen to the next (what `acknowledged` entries name).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub key: String,
    pub message: String,
}

impl Drift {
    /// Coverage over every surface.
    pub fn total(&self) -> Coverage {
        let mut total = Coverage::default();
        for c in self.coverage.values() {
            total.both += c.both;
            total.classic_only += c.classic_only;
            total.granular_only += c.granular_only;
            total.none += c.none;
        }
        total
    }

    /// Every finding, acknowledged or not, sorted by key.
    pub fn findings(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        let mut add = |key: String, message: String| out.push(Finding { key, message });
        for (op, scope, reason) in &self.unparseable {
            add(format!("unparseable {} {scope}", op.key), format!("{op}: `{scope}`: {reason}"));
        }
        for (scope, ops) in &self.missing {
            add(format!("missing {scope}"), format!("{scope} is not in the catalogue ({} operations)", ops.len()));
        }
        for (scope, _) in &self.unused {
            add(format!("unused {scope}"), format!("{scope} is in the catalogue but no document uses it"));
        }
        for op in &self.unscoped {
            add(format!("unscoped {}", op.key), format!("{op} lists no scope"));
        }
        for (op, what) in &self.security {
            add(format!("security {}", op.key), format!("{op}: {what}"));
        }
        for op in &self.unmapped {
            add(format!("unmapped {}", op.key), format!("{op} lists classic scopes only; no granular mapping"));
        }
        for (op, what) in &self.conflicts {
            add(format!("conflict {}", op.key), format!("{op}: {what}"));
        }
        out.sort();
        // One finding per key: an operation with two conflicts is one thing to fix.
        let mut merged: Vec<Finding> = Vec::with_capacity(out.len());
        for finding in out {
            match merged.last_mut() {
                Some(last) if last.key == finding.key => {
                    last.message = format!("{}; {}", last.message, finding.message);
                }
                _ => merged.push(finding),
            }
        }
        merged
    }
}

pub fn check(api: &Api, catalogue: &Catalogue) -> Drift {
    let mut drift = Drift::default();
    let mut used: BTreeSet<&str> = BTreeSet::new();
    let mut granular_anywhere: BTreeSet<&str> = BTreeSet::new();
    let mut operations: BTreeMap<String, (&Operation, OpName)> = BTreeMap::new();
    for product in &api.products {
        for surface in product.surfaces() {
            let feature = product.feature(surface.variant);
            let coverage = drift.coverage.entry(feature.clone()).or_default();
            for op in &surface.operations {
                coverage.add(op);
                let key = operation_key(&feature, &op.id);
                let name = OpName { key: key.clone(), request: Some(format!("{} {}", op.method.as_str(), op.path)) };
                let lists = [(Model::Classic, &op.scopes.classic), (Model::Granular, &op.scopes.granular)];
                for (model, list) in lists {
                    for scope in list {
                        if let Err(e) = Scope::parse_as(&scope.name, model) {
                            drift.unparseable.push((name.clone(), scope.name.clone(), e.reason.to_owned()));
                        }
                    }
                }
                for scope in &op.scopes.classic {
                    used.insert(&scope.name);
                    if catalogue.classic(&scope.name).is_none() {
                        drift.missing.entry(scope.name.clone()).or_default().push(name.clone());
                    }
                }
                granular_anywhere.extend(op.scopes.granular.iter().map(|s| s.name.as_str()));
                if let Some(what) = security_mismatch(op) {
                    drift.security.push((name.clone(), what));
                }
                let scoped = !op.scopes.classic.is_empty() || !op.scopes.granular.is_empty();
                let overridden = catalogue.override_for(&key);
                if let Some(entry) = overridden {
                    drift.overridden.push((name.clone(), entry.reason.clone()));
                }
                match product.auth {
                    // An override is the maintainer's answer to what the document lacks.
                    _ if scoped || overridden.is_some() => {}
                    Auth::SdkJwt => *drift.sdk_jwt_unscoped.entry(feature.clone()).or_default() += 1,
                    Auth::Oauth => drift.unscoped.push(name.clone()),
                }
                if product.auth == Auth::Oauth && !op.scopes.classic.is_empty() && op.scopes.granular.is_empty() {
                    match catalogue.granular_mapping(&key).map(|m| m.granular.is_some()) {
                        Some(true) => drift.mapped.push(name.clone()),
                        Some(false) => drift.unknown_granular.push(name.clone()),
                        None => drift.unmapped.push(name.clone()),
                    }
                }
                operations.insert(key, (op, name));
            }
        }
    }
    drift.unused = catalogue
        .classic
        .iter()
        .filter(|s| !used.contains(s.name.as_str()))
        .map(|s| (s.name.clone(), s.source))
        .collect();
    catalogue_conflicts(&mut drift, catalogue, &operations, &granular_anywhere);
    acknowledge(&mut drift, catalogue);
    drift
}

/// A scope in the extensions or description that `security` lacks, or the other way round.
fn security_mismatch(op: &Operation) -> Option<String> {
    let all = op.scopes.classic.iter().chain(&op.scopes.granular);
    let lacking: Vec<&str> = all.filter(|s| !s.sources.security).map(|s| s.name.as_str()).collect();
    let mut parts = Vec::new();
    if !lacking.is_empty() {
        parts.push(format!("`security` lacks {}", lacking.join(", ")));
    }
    if !op.scopes.security_only.is_empty() {
        parts.push(format!("only `security` lists {}", op.scopes.security_only.join(", ")));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

fn catalogue_conflicts(
    drift: &mut Drift,
    catalogue: &Catalogue,
    operations: &BTreeMap<String, (&Operation, OpName)>,
    granular_anywhere: &BTreeSet<&str>,
) {
    let mut conflict = |key: &str, what: String| {
        let name =
            operations.get(key).map_or_else(|| OpName { key: key.to_owned(), request: None }, |(_, n)| n.clone());
        drift.conflicts.push((name, what));
    };
    for mapping in &catalogue.granular_mappings {
        let Some((op, _)) = operations.get(&mapping.operation) else {
            conflict(&mapping.operation, "a granular mapping names an operation no document has".into());
            continue;
        };
        if !op.scopes.granular.is_empty() {
            let listed: Vec<&str> = op.scopes.granular.iter().map(|s| s.name.as_str()).collect();
            let what = format!("the document now lists granular scopes {}; drop the mapping", listed.join(", "));
            conflict(&mapping.operation, what);
        }
        for scope in mapping.granular.iter().flatten() {
            if !granular_anywhere.contains(scope.as_str()) {
                conflict(&mapping.operation, format!("the mapping names `{scope}`, which no document lists"));
            }
        }
    }
    for entry in &catalogue.overrides {
        let Some((op, _)) = operations.get(&entry.operation) else {
            conflict(&entry.operation, "an override names an operation no document has".into());
            continue;
        };
        let same = |list: &Option<Vec<String>>, documents: &[crate::ir::ScopeRef]| {
            list.as_ref().is_none_or(|l| l.iter().eq(documents.iter().map(|s| &s.name)))
        };
        if same(&entry.classic, &op.scopes.classic) && same(&entry.granular, &op.scopes.granular) {
            conflict(&entry.operation, "the override says what the document already says; drop it".into());
        }
    }
    for endpoint in &catalogue.agent_reference {
        let Some((op, name)) = operations.get(&endpoint.operation) else {
            conflict(&endpoint.operation, "an agent-reference entry names an operation no document has".into());
            continue;
        };
        let found = reference::disagreements(endpoint, op);
        for (field, what) in &found {
            drift.reference.push((name.clone(), *field, what.clone()));
        }
        let found: BTreeSet<_> = found.keys().collect();
        let recorded: BTreeSet<_> = endpoint.disagreements.keys().collect();
        for field in found.difference(&recorded) {
            let what = format!("the agent reference's {} disagrees with the documents; record it", field.as_str());
            conflict(&endpoint.operation, what);
        }
        for field in recorded.difference(&found) {
            let what = format!("the recorded {} disagreement no longer holds; drop it", field.as_str());
            conflict(&endpoint.operation, what);
        }
    }
}

fn acknowledge(drift: &mut Drift, catalogue: &Catalogue) {
    let findings = drift.findings();
    let keys: BTreeSet<&str> = findings.iter().map(|f| f.key.as_str()).collect();
    drift.stale_acknowledgements =
        catalogue.acknowledged.keys().filter(|k| !keys.contains(k.as_str())).cloned().collect();
    drift.unacknowledged = findings.into_iter().filter(|f| !catalogue.acknowledged.contains_key(&f.key)).collect();
}

pub fn render(drift: &Drift) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Operations by the scopes Zoom lists for them");
    let _ =
        writeln!(out, "{:<26} {:>5} {:>8} {:>8} {:>8} {:>5}", "surface", "ops", "both", "classic", "granular", "none");
    let total = drift.total();
    for (surface, c) in drift.coverage.iter().map(|(f, c)| (f.as_str(), c)).chain([("total", &total)]) {
        let (ops, both, classic, granular, none) = (c.operations(), c.both, c.classic_only, c.granular_only, c.none);
        let _ = writeln!(out, "{surface:<26} {ops:>5} {both:>8} {classic:>8} {granular:>8} {none:>5}");
    }

    section(&mut out, "Scope strings the grammar refuses", drift.unparseable.iter(), |(op, scope, reason)| {
        format!("{op}: `{scope}`: {reason}")
    });
    section(&mut out, "Classic scopes the documents use but the catalogue lacks", drift.missing.iter(), |(s, ops)| {
        format!("{s} ({} operations, first {})", ops.len(), ops[0])
    });
    section(&mut out, "Catalogue scopes no document uses", drift.unused.iter(), |(s, source)| {
        let from = match source {
            Source::Reference => "listed on Zoom's classic-scope page",
            Source::Documents => "recorded from the documents, which no longer use it",
        };
        format!("{s} ({from})")
    });
    section(&mut out, "OAuth operations with no scopes", drift.unscoped.iter(), |op| op.to_string());
    section(&mut out, "SDK-JWT operations (no OAuth scopes, as expected)", drift.sdk_jwt_unscoped.iter(), |(f, n)| {
        format!("{f}: {n}")
    });
    section(
        &mut out,
        "Operations whose `security` disagrees with the scope lists",
        drift.security.iter(),
        |(op, w)| format!("{op}: {w}"),
    );
    let _ = writeln!(
        out,
        "\nClassic-only OAuth operations: {} with catalogue granular scopes, {} unknown (no source names them), \
         {} without a catalogue entry",
        drift.mapped.len(),
        drift.unknown_granular.len(),
        drift.unmapped.len()
    );
    for op in &drift.mapped {
        let _ = writeln!(out, "  mapped   {op}");
    }
    for op in &drift.unknown_granular {
        let _ = writeln!(out, "  unknown  {op}");
    }
    for op in &drift.unmapped {
        let _ = writeln!(out, "  no entry {op}");
    }
    section(&mut out, "Operations whose scopes a catalogue override replaces", drift.overridden.iter(), |(op, why)| {
        format!("{op}: {why}")
    });
    section(&mut out, "Catalogue entries in conflict with the documents", drift.conflicts.iter(), |(op, w)| {
        format!("{op}: {w}")
    });
    section(&mut out, "Agent reference claims the documents contradict", drift.reference.iter(), |(op, field, w)| {
        format!("{op}: {}: {w}", field.as_str())
    });
    section(&mut out, "Unacknowledged findings (regen --check fails on these)", drift.unacknowledged.iter(), |f| {
        format!("{}: {}", f.key, f.message)
    });
    section(&mut out, "Acknowledgements that match no finding", drift.stale_acknowledgements.iter(), |k| k.clone());
    out
}

fn section<T>(out: &mut String, title: &str, items: impl ExactSizeIterator<Item = T>, line: impl Fn(T) -> String) {
    let _ = writeln!(out, "\n{title}: {}", items.len());
    for item in items {
        let _ = writeln!(out, "  {}", line(item));
    }
}
