//! The summary `cargo xtask regen` prints.

use std::fmt::Write;

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
