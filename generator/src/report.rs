//! The summary `cargo xtask regen` prints.

use std::fmt::Write;

use crate::ir::{Api, Enum, TypeKind};
use crate::lower::numbered_ident;
use crate::pipeline::Generation;

pub fn render(generation: &Generation, seconds: f64) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<22} {:>6} {:>6} {:>6} {:>6} {:>6} {:>8}",
        "product", "ops", "master", "types", "repair", "folded", "warnings"
    );
    let (mut ops, mut master, mut types, mut repairs, mut folded, mut warnings) = (0, 0, 0, 0, 0, 0);
    for p in &generation.api.products {
        let o = p.rest.as_ref().map_or(0, |s| s.operations.len());
        let m = p.master.as_ref().map_or(0, |s| s.operations.len());
        let files: Vec<&str> = p.surfaces().map(|s| s.file.as_str()).collect();
        let r = generation.repairs.iter().filter(|r| files.contains(&r.file.as_str())).count();
        let _ = writeln!(
            out,
            "{:<22} {:>6} {:>6} {:>6} {:>6} {:>6} {:>8}",
            p.key,
            o,
            m,
            p.types.len(),
            r,
            p.duplicates_folded,
            p.warnings.len()
        );
        ops += o;
        master += m;
        types += p.types.len();
        repairs += r;
        folded += p.duplicates_folded;
        warnings += p.warnings.len();
    }
    let _ = writeln!(
        out,
        "{:<22} {:>6} {:>6} {:>6} {:>6} {:>6} {:>8}",
        "total", ops, master, types, repairs, folded, warnings
    );
    let _ = writeln!(
        out,
        "{} operations ({} regular + {} master) in {} documents; {} files generated in {seconds:.2} s",
        ops + master,
        ops,
        master,
        generation.api.products.iter().map(|p| p.surfaces().count()).sum::<usize>(),
        generation.files.len()
    );
    let webhooks: Vec<_> = generation.api.products.iter().filter_map(|p| p.webhooks.as_ref()).collect();
    let _ = writeln!(
        out,
        "{} webhook events in {} documents",
        webhooks.iter().map(|w| w.events.len()).sum::<usize>(),
        webhooks.len()
    );
    let _ = writeln!(out, "{}", enum_naming(&generation.api).line());
    let stages: Vec<String> = generation.timings.iter().map(|(s, d)| format!("{s} {:.2} s", d.as_secs_f64())).collect();
    let _ = writeln!(out, "stages: {}", stages.join(", "));
    for (rule, file) in &generation.audit.stale {
        let _ =
            writeln!(out, "stale repair: `{rule}` no longer changes {file} (Zoom fixed it; update spec/repairs.toml)");
    }
    for (rule, file) in &generation.audit.new {
        let _ = writeln!(out, "new repair: `{rule}` now also changes {file} (add it to spec/repairs.toml)");
    }
    let overrides = &generation.overrides;
    let _ = writeln!(out, "overrides: {} positions changed by spec/overrides.toml", overrides.applied.len());
    for (id, why) in &overrides.stale {
        let _ = writeln!(out, "stale override: `{id}` {why} (Zoom fixed it? update spec/overrides.toml)");
    }
    for (product, id) in &generation.unused_renames {
        let _ = writeln!(out, "unused rename: [{product}] {id} matches no operation");
    }
    for c in &generation.changed_hashes {
        let _ = writeln!(out, "new edition: {} (sha256 {} → {})", c.file, &c.recorded[..12], &c.actual[..12]);
    }
    let drift = &generation.scope_drift;
    let _ = writeln!(
        out,
        "scopes: {} classic scopes in the catalogue; {} refused by the grammar, {} missing from the catalogue, \
         {} unused, {} OAuth operations without scopes, {} classic-only with unknown granular scopes, \
         {} catalogue conflicts (-v lists them)",
        generation.catalogue.classic.len(),
        drift.unparseable.len(),
        drift.missing.len(),
        drift.unused.len(),
        drift.unscoped.len(),
        drift.unknown_granular.len() + drift.unmapped.len(),
        drift.conflicts.len(),
    );
    for finding in &drift.unacknowledged {
        let _ = writeln!(out, "new scope drift: `{}`: {}", finding.key, finding.message);
    }
    for key in &drift.stale_acknowledgements {
        let _ = writeln!(out, "stale acknowledgement: `{key}` matches no finding (drop it from scopes/catalogue/)");
    }
    if !drift.unacknowledged.is_empty() {
        let _ = writeln!(
            out,
            "{} scope drift findings are not acknowledged: fix the catalogue, or add each key with a reason \
             under `acknowledged:` in scopes/catalogue/acknowledged.yaml (regen --check fails until then)",
            drift.unacknowledged.len()
        );
    }
    out
}

/// How the variants of integer enums (and of enums of integer strings) are named: the ones
/// still `V<n>` are where the documents describe no value.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct EnumNaming {
    pub enums: usize,
    pub variants: usize,
    /// Enums with at least one `V<n>` variant, and those variants.
    pub numbered_enums: usize,
    pub numbered_variants: usize,
}

impl EnumNaming {
    pub fn count<'a>(enums: impl IntoIterator<Item = &'a Enum>) -> EnumNaming {
        let mut counts = EnumNaming::default();
        for e in enums {
            let numbers: Vec<Option<String>> = e.values.iter().map(|v| numbered_ident(&v.value)).collect();
            if numbers.iter().any(Option::is_none) {
                continue;
            }
            let numbered =
                e.values.iter().zip(&numbers).filter(|(v, n)| n.as_deref() == Some(v.ident.as_str())).count();
            counts.enums += 1;
            counts.variants += e.values.len();
            counts.numbered_enums += usize::from(numbered > 0);
            counts.numbered_variants += numbered;
        }
        counts
    }

    pub fn line(&self) -> String {
        format!(
            "integer enums: {} ({} variants); {} with variants still named `V<n>` ({} variants)",
            self.enums, self.variants, self.numbered_enums, self.numbered_variants
        )
    }
}

pub fn enum_naming(api: &Api) -> EnumNaming {
    EnumNaming::count(api.products.iter().flat_map(|p| &p.types).filter_map(|t| match &t.kind {
        TypeKind::Enum(e) => Some(e),
        _ => None,
    }))
}

/// Every warning, one per line, for `--verbose`.
pub fn warnings(generation: &Generation) -> String {
    let mut out = String::new();
    for p in &generation.api.products {
        for w in &p.warnings {
            let _ = writeln!(out, "warning: {}: {}", w.location, w.message);
        }
    }
    for r in &generation.repairs {
        let _ = writeln!(out, "repair: {}#{}: {}: {}", r.file, r.pointer, r.rule, r.change);
    }
    out.push_str(&crate::scopes::drift::render(&generation.scope_drift));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{EnumLiteral, EnumRepr, EnumValue};

    fn value(ident: &str, value: EnumLiteral) -> EnumValue {
        EnumValue { ident: ident.to_owned(), value, description: None }
    }

    #[test]
    fn counts_numbered_variants_of_integer_enums_only() {
        let int = |n| EnumLiteral::Integer(n);
        let string = |s: &str| EnumLiteral::String(s.to_owned());
        let enums = [
            Enum { repr: EnumRepr::Integer, values: vec![value("Instant", int(1)), value("V2", int(2))] },
            Enum { repr: EnumRepr::Integer, values: vec![value("VMinus1", int(-1))] },
            Enum { repr: EnumRepr::String, values: vec![value("V3", string("3")), value("Four", string("4"))] },
            // Not integer enums: their variants name themselves.
            Enum { repr: EnumRepr::String, values: vec![value("V1", string("v1")), value("V2", string("2"))] },
            // An integer value named `V2` is not `V<n>` of its own value.
            Enum { repr: EnumRepr::Integer, values: vec![value("V2", int(7))] },
        ];
        let counts = EnumNaming::count(&enums);
        assert_eq!(counts, EnumNaming { enums: 4, variants: 6, numbered_enums: 3, numbered_variants: 3 });
    }
}
