//! Authorisation metadata of an operation: scopes (from `x-extensions`, the description and
//! `security`), rate-limit label and role privileges.
//!
//! Zoom writes scopes in three places. They agree today; where they stop agreeing the
//! disagreement becomes a warning in the regen report.

use openapiv3::Operation;
use serde_json::Value;

use crate::error::Location;
use crate::ir::{RateLimit, RateLimitLabel, ScopeRef, ScopeSources, Scopes, Warning};

/// A metadata line of a description: `**[Scopes](https://…):** \`meeting:read\`` as Zoom writes
/// them today, `**Scopes:** \`meeting:read\`` in older editions, in any case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MetaLine {
    Classic,
    Granular,
    RateLimit,
}

/// Which metadata line `line` is, if any.
pub(crate) fn meta_line(line: &str) -> Option<MetaLine> {
    let rest = line.trim_start().strip_prefix("**")?;
    let rest = rest.strip_prefix('[').unwrap_or(rest);
    let name = &rest[..rest.find([']', ':'])?];
    match name.trim().to_ascii_lowercase().as_str() {
        "scopes" => Some(MetaLine::Classic),
        "granular scopes" => Some(MetaLine::Granular),
        "rate limit label" => Some(MetaLine::RateLimit),
        _ => None,
    }
}

/// A description's lines, each split into the metadata lines it holds and the text around them:
/// older editions put the rate-limit label on the scopes' line, after a `<br>`. A line without
/// metadata is kept whole, `<br>`s and all.
pub(crate) fn description_lines(text: &str) -> Vec<(Option<MetaLine>, String)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let segments = split_at_br(line);
        if !segments.iter().any(|s| meta_line(s).is_some()) {
            out.push((None, line.to_owned()));
            continue;
        }
        let mut text = Vec::new();
        for segment in segments {
            match meta_line(segment) {
                Some(kind) => out.push((Some(kind), segment.trim_start().to_owned())),
                None if !segment.trim().is_empty() => text.push(segment),
                None => {}
            }
        }
        if !text.is_empty() {
            out.push((None, text.join("<br>")));
        }
    }
    out
}

/// `line` cut at each `<br>`, `<br/>` or `<br />`, in any case.
fn split_at_br(line: &str) -> Vec<&str> {
    let lower = line.to_ascii_lowercase();
    let (mut segments, mut start, mut scan) = (Vec::new(), 0, 0);
    while let Some(found) = lower[scan..].find("<br") {
        let at = scan + found;
        let Some(close) = lower[at..].find('>') else { break };
        scan = at + close + 1;
        // `<brand>` and the like are not breaks.
        if lower[at + 3..at + close].trim_end_matches('/').trim().is_empty() {
            segments.push(&line[start..at]);
            start = scan;
        }
    }
    segments.push(&line[start..]);
    segments
}

pub struct Meta {
    pub scopes: Scopes,
    pub rate_limit: Option<RateLimit>,
    pub permissions: Vec<String>,
    /// The description without the scope and rate-limit lines (the IR carries those as data).
    pub description: Option<String>,
}

fn string_list(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default()
}

/// The items after the marker's closing `:**`: the backticked ones, or, where nothing is
/// backticked, the comma- or space-separated words.
pub(crate) fn line_items(line: &str) -> Vec<String> {
    let rest = line.split_once(":**").map_or("", |(_, r)| r);
    if !rest.contains('`') {
        return rest.split([',', ' ']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
    }
    rest.split('`').skip(1).step_by(2).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect()
}

pub fn read(op: &Operation, location: &Location, warnings: &mut Vec<Warning>) -> Meta {
    let ext = op.extensions.get("x-extensions");
    let ext_classic = string_list(ext.and_then(|e| e.get("x-macro-scopes")));
    let ext_granular = string_list(ext.and_then(|e| e.get("x-granular-scopes")));
    let permissions = string_list(ext.and_then(|e| e.get("x-permissions")));
    let security: Vec<String> =
        op.security.iter().flatten().flat_map(|req| req.get("openapi_oauth").cloned().unwrap_or_default()).collect();

    let mut desc_classic = Vec::new();
    let mut desc_granular = Vec::new();
    let mut rate_raw = None;
    let mut kept_lines = Vec::new();
    for (kind, line) in description_lines(op.description.as_deref().unwrap_or_default()) {
        match kind {
            Some(MetaLine::Classic) => desc_classic = line_items(&line),
            Some(MetaLine::Granular) => desc_granular = line_items(&line),
            Some(MetaLine::RateLimit) => rate_raw = line_items(&line).into_iter().next(),
            None => kept_lines.push(line),
        }
    }
    let description = Some(kept_lines.join("\n").trim().to_owned()).filter(|d| !d.is_empty());

    let warn = |warnings: &mut Vec<Warning>, message: String| {
        warnings.push(Warning { location: location.clone(), message });
    };
    let classic = merge(&ext_classic, &desc_classic, &security);
    let granular = merge(&ext_granular, &desc_granular, &security);
    for (kind, list) in [("classic", &classic), ("granular", &granular)] {
        for s in list.iter() {
            if s.sources.extension != s.sources.description {
                let (has, lacks) = if s.sources.extension {
                    ("x-extensions", "the description")
                } else {
                    ("the description", "x-extensions")
                };
                warn(warnings, format!("{kind} scope `{}` is listed in {has} but not in {lacks}", s.name));
            }
            if !s.sources.security {
                warn(warnings, format!("{kind} scope `{}` is missing from `security`", s.name));
            }
        }
    }
    let security_only: Vec<String> =
        security.iter().filter(|s| !classic.iter().chain(&granular).any(|c| &c.name == *s)).cloned().collect();
    for s in &security_only {
        warn(warnings, format!("`security` lists scope `{s}` that neither x-extensions nor the description names"));
    }

    let rate_limit = rate_raw.map(|raw| {
        let label = match raw.to_ascii_uppercase().as_str() {
            "LIGHT" => RateLimitLabel::Light,
            "MEDIUM" => RateLimitLabel::Medium,
            "HEAVY" => RateLimitLabel::Heavy,
            "RESOURCE-INTENSIVE" | "RESOURCE INTENSIVE" => RateLimitLabel::ResourceIntensive,
            _ => {
                warn(
                    warnings,
                    format!("rate-limit label `{raw}` is not one of LIGHT, MEDIUM, HEAVY, RESOURCE-INTENSIVE"),
                );
                RateLimitLabel::Other(raw.clone())
            }
        };
        RateLimit { label, raw }
    });

    Meta { scopes: Scopes { classic, granular, security_only }, rate_limit, permissions, description }
}

/// Scopes in first-seen order (extension, then description), each with where it was found.
fn merge(extension: &[String], description: &[String], security: &[String]) -> Vec<ScopeRef> {
    let mut out: Vec<ScopeRef> = Vec::new();
    for (name, from_ext) in extension.iter().map(|n| (n, true)).chain(description.iter().map(|n| (n, false))) {
        let index = match out.iter().position(|s| &s.name == name) {
            Some(i) => i,
            None => {
                out.push(ScopeRef { name: name.clone(), sources: ScopeSources::default() });
                out.len() - 1
            }
        };
        let sources = &mut out[index].sources;
        if from_ext {
            sources.extension = true;
        } else {
            sources.description = true;
        }
        sources.security = security.contains(name);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_description_lines() {
        assert_eq!(
            line_items(
                "**[Scopes](https://developers.zoom.us/docs/integrations/oauth-scopes-overview/):** `meeting:read:admin`,`meeting:read`"
            ),
            ["meeting:read:admin", "meeting:read"]
        );
        assert_eq!(line_items("**[Rate Limit Label](https://x/#rate-limits):** `MEDIUM`"), ["MEDIUM"]);
        assert!(line_items("**[Scopes]:**").is_empty());
        assert_eq!(line_items("**Scopes:** meeting:read, meeting:read:admin"), ["meeting:read", "meeting:read:admin"]);
    }

    #[test]
    fn reads_metadata_lines_in_every_spelling_zoom_has_used() {
        assert_eq!(meta_line("**[Scopes](https://x):** `a`"), Some(MetaLine::Classic));
        assert_eq!(meta_line("  **Scopes:** `a`"), Some(MetaLine::Classic));
        assert_eq!(meta_line("**[Granular Scopes](https://x):** `a`"), Some(MetaLine::Granular));
        assert_eq!(meta_line("**granular scopes:** `a`"), Some(MetaLine::Granular));
        assert_eq!(meta_line("**[Rate Limit Label](https://x):** `LIGHT`"), Some(MetaLine::RateLimit));
        assert_eq!(meta_line("**Rate Limit Label:** `Light`"), Some(MetaLine::RateLimit));
        assert_eq!(meta_line("**Note:** scopes"), None);
        assert_eq!(meta_line("Scopes: `a`"), None);

        let lines = description_lines(
            "Lists them.<br>Really.\n**Scopes:** `meeting:read`<br> **Rate Limit Label:** `Light`<BR/>Also this.",
        );
        let expected = [
            (None, "Lists them.<br>Really."),
            (Some(MetaLine::Classic), "**Scopes:** `meeting:read`"),
            (Some(MetaLine::RateLimit), "**Rate Limit Label:** `Light`"),
            (None, "Also this."),
        ];
        assert_eq!(lines, expected.map(|(kind, text)| (kind, text.to_owned())));
        assert_eq!(split_at_br("a<brand>b<br />c"), ["a<brand>b", "c"]);
    }

    #[test]
    fn merge_records_sources() {
        let ext = vec!["a".to_owned(), "b".to_owned()];
        let desc = vec!["b".to_owned(), "c".to_owned()];
        let sec = vec!["a".to_owned(), "b".to_owned()];
        let merged = merge(&ext, &desc, &sec);
        let names: Vec<_> = merged.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(
            merged[1].sources,
            ScopeSources { extension: true, description: true, security: true, catalogue: false }
        );
        assert_eq!(
            merged[2].sources,
            ScopeSources { extension: false, description: true, security: false, catalogue: false }
        );
    }
}
