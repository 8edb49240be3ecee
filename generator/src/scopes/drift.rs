//! Zoom's documents against the scope catalogue: what a maintainer must look at when Zoom's
//! scopes move. Rendered into `snapshots/scopes-drift.snap` and summed up in regen's report.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use zoom_scopes::{Model, Scope};

use super::catalogue::{Catalogue, Source};
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

    fn operations(&self) -> usize {
        self.both + self.classic_only + self.granular_only + self.none
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drift {
    /// Per surface feature, sorted.
    pub coverage: BTreeMap<String, Coverage>,
    /// `(operation, scope, reason)` for scope strings the grammar refuses.
    pub unparseable: Vec<(String, String, String)>,
    /// Classic scopes the documents use that the catalogue lacks, with the operations using them.
    pub missing: BTreeMap<String, Vec<String>>,
    /// Catalogue entries no document uses, with their source.
    pub unused: Vec<(String, Source)>,
    /// OAuth operations that list no scope at all.
    pub unscoped: Vec<String>,
    /// Operations with no scopes in SDK-JWT products (expected: they take no OAuth token).
    pub sdk_jwt_unscoped: BTreeMap<String, usize>,
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
}

pub fn check(api: &Api, catalogue: &Catalogue) -> Drift {
    let mut drift = Drift::default();
    let mut used: BTreeSet<&str> = BTreeSet::new();
    for product in &api.products {
        for surface in product.surfaces() {
            let feature = product.feature(surface.variant);
            let coverage = drift.coverage.entry(feature.clone()).or_default();
            for op in &surface.operations {
                coverage.add(op);
                let name = format!("{feature} {} {} ({})", op.method.as_str(), op.path, op.id);
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
                if op.scopes.classic.is_empty() && op.scopes.granular.is_empty() {
                    match product.auth {
                        Auth::SdkJwt => *drift.sdk_jwt_unscoped.entry(feature.clone()).or_default() += 1,
                        Auth::Oauth => drift.unscoped.push(name.clone()),
                    }
                }
            }
        }
    }
    drift.unused = catalogue
        .classic
        .iter()
        .filter(|s| !used.contains(s.name.as_str()))
        .map(|s| (s.name.clone(), s.source))
        .collect();
    drift
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
    section(&mut out, "OAuth operations with no scopes", drift.unscoped.iter(), |op| op.clone());
    section(&mut out, "SDK-JWT operations (no OAuth scopes, as expected)", drift.sdk_jwt_unscoped.iter(), |(f, n)| {
        format!("{f}: {n}")
    });
    out
}

fn section<T>(out: &mut String, title: &str, items: impl ExactSizeIterator<Item = T>, line: impl Fn(T) -> String) {
    let _ = writeln!(out, "\n{title}: {}", items.len());
    for item in items {
        let _ = writeln!(out, "  {}", line(item));
    }
}
