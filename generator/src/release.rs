//! What accepting a new edition of Zoom's documents releases: the next version of `zoom-client`
//! and the entry of its `CHANGELOG.md` (Keep a Changelog), said in Rust terms.

use std::collections::BTreeMap;
use std::fmt;

use crate::diff::{Impact, Report, Section};

/// A release number, `major.minor.patch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl Version {
    /// A plain release number; a pre-release or build suffix is refused, since which release
    /// follows one is the maintainer's call.
    pub fn parse(text: &str) -> Result<Version, String> {
        let numbers: Vec<Option<u64>> = text.split('.').map(|n| n.parse().ok()).collect();
        match numbers.as_slice() {
            [Some(major), Some(minor), Some(patch)] => Ok(Version { major: *major, minor: *minor, patch: *patch }),
            _ => Err(format!("version `{text}` is not a plain `major.minor.patch`; set the next one by hand")),
        }
    }

    /// The release that follows for changes of `impact`, as Cargo reads versions: before 1.0 the
    /// minor number is the breaking one, and in 0.0.x every release is.
    pub fn next(self, impact: Impact) -> Version {
        let Version { major, minor, patch } = self;
        let breaking = impact == Impact::Breaking;
        match (major, minor) {
            (0, 0) => Version { patch: patch + 1, ..self },
            (0, _) if breaking => Version { major: 0, minor: minor + 1, patch: 0 },
            (0, _) => Version { patch: patch + 1, ..self },
            _ if breaking => Version { major: major + 1, minor: 0, patch: 0 },
            _ if impact == Impact::Additive => Version { major, minor: minor + 1, patch: 0 },
            _ => Version { patch: patch + 1, ..self },
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// A release: its number, its date (`2026-12-02`) and the documents whose new editions it
/// accepts, with their sha256.
pub struct Release<'a> {
    pub version: Version,
    pub date: &'a str,
    pub editions: &'a [(String, String)],
}

const HEADER: &str = "# Changelog

Every release of `zoom-client`. The format follows [Keep a Changelog](https://keepachangelog.com/en/1.1.0/),
and versions follow [Semantic Versioning](https://semver.org/spec/v2.0.0.html) as Cargo reads it: before
1.0, a new minor number is a breaking release. `cargo xtask regen --accept-new` writes the entry of
each new edition of Zoom's documents; other changes are noted by hand under Unreleased, and go into
the next release.
";

const UNRELEASED: &str = "## [Unreleased]";

/// Keep a Changelog's headings, in its order.
const HEADINGS: [&str; 6] = ["Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"];

/// `changelog` (`None`: there is none yet) with the entry of `release` under its Unreleased
/// heading; what was noted by hand under Unreleased goes into the entry, before the changes
/// of Zoom's documents.
pub fn with_entry(changelog: Option<&str>, report: &Report, release: &Release) -> String {
    let text = changelog.unwrap_or(HEADER);
    let (before, noted, after) = match text.find(&format!("\n{UNRELEASED}")) {
        Some(at) => {
            let body_start = at + 1 + text[at + 1..].find('\n').map_or(text.len() - at - 1, |n| n + 1);
            let body_end = text[body_start..].find("\n## ").map_or(text.len(), |n| body_start + n + 1);
            (&text[..body_start], &text[body_start..body_end], &text[body_end..])
        }
        None => {
            // No Unreleased heading: one goes before the first release.
            let first = text.find("\n## ").map_or(text.len(), |n| n + 1);
            return format!(
                "{}\n\n{UNRELEASED}\n\n{}{}",
                text[..first].trim_end(),
                entry(report, release, ""),
                tail(&text[first..])
            );
        }
    };
    format!("{}\n\n{}{}", before.trim_end(), entry(report, release, noted), tail(after))
}

/// What follows an entry: a blank line, then the earlier releases.
fn tail(rest: &str) -> String {
    if rest.trim().is_empty() { String::new() } else { format!("\n{rest}") }
}

/// The entry of `release`: its heading, which editions it takes and what kind of release it is,
/// then the changes under Keep a Changelog's headings, breaking ones first and marked.
/// `noted` is what was written by hand under Unreleased.
pub fn entry(report: &Report, release: &Release, noted: &str) -> String {
    let (intro, mut sections) = hand_notes(noted);
    // A type shared by several operations changes once, however many operations report it.
    let mut notes: BTreeMap<(Section, String), Impact> = BTreeMap::new();
    for change in &report.changes {
        if let Some(note) = &change.note {
            let impact = notes.entry((note.section, note.text.clone())).or_insert(change.impact);
            *impact = (*impact).max(change.impact);
        }
    }
    let mut counts: BTreeMap<Impact, usize> = BTreeMap::new();
    for ((section, text), impact) in &notes {
        *counts.entry(*impact).or_default() += 1;
        let heading = match section {
            Section::Added => "Added",
            Section::Changed => "Changed",
            Section::Removed => "Removed",
        };
        let line = if *impact == Impact::Breaking { format!("- **Breaking:** {text}") } else { format!("- {text}") };
        sections
            .entry(heading.to_owned())
            .or_default()
            .push((if *impact == Impact::Breaking { Rank::Breaking } else { Rank::Other }, line));
    }
    let mut out = format!("## [{}] - {}\n\n", release.version, release.date);
    for line in &intro {
        out.push_str(line);
        out.push('\n');
    }
    if !intro.is_empty() {
        out.push('\n');
    }
    out.push_str(&summary(report, release, &counts));
    if notes.is_empty() && !release.editions.is_empty() {
        let line =
            "- The documentation, from Zoom's new editions; no method, type, field, scope or rate-limit label changed.";
        sections.entry("Changed".to_owned()).or_default().push((Rank::Other, line.to_owned()));
    }
    let order = |heading: &str| HEADINGS.iter().position(|h| *h == heading).unwrap_or(HEADINGS.len());
    let mut headings: Vec<&String> = sections.keys().collect();
    headings.sort_by_key(|h| order(h));
    for heading in headings {
        let mut lines = sections[heading].clone();
        // Stable: hand notes keep their order, and the generated lines keep theirs by text.
        lines.sort_by_key(|(rank, _)| *rank);
        out.push_str(&format!("\n### {heading}\n\n"));
        for (_, line) in lines {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// The sentences under an entry's heading: the editions it takes, and what kind of release it is.
fn summary(report: &Report, release: &Release, counts: &BTreeMap<Impact, usize>) -> String {
    let mut out = String::new();
    if !release.editions.is_empty() {
        let editions: Vec<String> = release
            .editions
            .iter()
            .map(|(file, sha256)| format!("`{file}` (sha256 `{}`)", &sha256[..sha256.len().min(12)]))
            .collect();
        out.push_str(&format!("Generated from Zoom's new editions of {}.", editions.join(", ")));
        out.push(' ');
    }
    let (impact, _) = report.semver();
    let kind = match impact {
        Impact::Breaking => "A breaking release",
        Impact::Additive => "A compatible release with new API",
        Impact::None => "A compatible release",
    };
    let count = |impact| counts.get(&impact).copied().unwrap_or(0);
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let parts: Vec<String> = [
        (Impact::Breaking, "breaking change", "breaking changes"),
        (Impact::Additive, "addition", "additions"),
        (Impact::None, "change that needs no change to code", "changes that need no change to code"),
    ]
    .into_iter()
    .filter(|(impact, ..)| count(*impact) > 0)
    .map(|(impact, one, many)| plural(count(impact), one, many))
    .collect();
    if parts.is_empty() {
        out.push_str(&format!("{kind}.\n"));
    } else {
        out.push_str(&format!("{kind}: {}.\n", parts.join(", ")));
    }
    out
}

/// Where a line of an entry's section goes: what was noted by hand, then breaking changes, then
/// the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Hand,
    Breaking,
    Other,
}

/// An entry's lines under each heading.
type Sections = BTreeMap<String, Vec<(Rank, String)>>;

/// Lines written by hand under Unreleased: those before its first `###` heading, and those under
/// each heading.
fn hand_notes(noted: &str) -> (Vec<String>, Sections) {
    let mut intro = Vec::new();
    let mut sections = Sections::new();
    let mut current: Option<String> = None;
    for line in noted.lines() {
        if let Some(heading) = line.strip_prefix("### ") {
            current = Some(heading.trim().to_owned());
            sections.entry(heading.trim().to_owned()).or_default();
        } else if !line.trim().is_empty() || current.is_none() && !intro.is_empty() {
            match &current {
                Some(heading) => sections.get_mut(heading).expect("entered above").push((Rank::Hand, line.to_owned())),
                None => intro.push(line.to_owned()),
            }
        }
    }
    while intro.last().is_some_and(|l: &String| l.trim().is_empty()) {
        intro.pop();
    }
    sections.retain(|_, lines| !lines.is_empty());
    (intro, sections)
}

/// The `version` of the `[package]` table of a `Cargo.toml`.
pub fn package_version(cargo_toml: &str) -> Result<Version, String> {
    let table: toml::Table = cargo_toml.parse().map_err(|e| format!("not TOML: {e}"))?;
    let version = table.get("package").and_then(|p| p.get("version")).and_then(|v| v.as_str());
    Version::parse(version.ok_or("[package] has no `version = \"…\"`")?)
}

/// The `name` of the `[package]` table of a `Cargo.toml`.
pub fn package_name(cargo_toml: &str) -> Result<String, String> {
    let table: toml::Table = cargo_toml.parse().map_err(|e| format!("not TOML: {e}"))?;
    let name = table.get("package").and_then(|p| p.get("name")).and_then(|v| v.as_str());
    name.map(str::to_owned).ok_or_else(|| "[package] has no `name = \"…\"`".to_owned())
}

/// `cargo_toml` with its `[package]` version set to `version` (the rest as it is).
pub fn set_package_version(cargo_toml: &str, version: Version) -> Result<String, String> {
    let mut in_package = false;
    let mut out = String::with_capacity(cargo_toml.len());
    let mut done = false;
    for line in cargo_toml.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_package = trimmed == "[package]";
        }
        if in_package && !done && trimmed.starts_with("version") && trimmed[7..].trim_start().starts_with('=') {
            let newline = if line.ends_with('\n') { "\n" } else { "" };
            out.push_str(&format!("version = \"{version}\"{newline}"));
            done = true;
        } else {
            out.push_str(line);
        }
    }
    if done { Ok(out) } else { Err("[package] has no `version = \"…\"` line".to_owned()) }
}

/// `cargo_lock` with the locked version of `package` set to `version`, so that a build with
/// `--locked` accepts the new release; an error where the lock holds that package more than once.
pub fn set_locked_version(cargo_lock: &str, package: &str, version: Version) -> Result<String, String> {
    let name = format!("name = \"{package}\"\n");
    let mut hits = cargo_lock.match_indices(&name);
    let (Some((at, _)), None) = (hits.next(), hits.next()) else {
        return Err(format!("Cargo.lock does not hold `{package}` exactly once; run `cargo update -p {package}`"));
    };
    let after = at + name.len();
    let line_end = cargo_lock[after..].find('\n').map_or(cargo_lock.len(), |n| after + n);
    if !cargo_lock[after..line_end].starts_with("version = \"") {
        return Err(format!("Cargo.lock: `{package}` has no version line after its name"));
    }
    Ok(format!("{}version = \"{version}\"{}", &cargo_lock[..after], &cargo_lock[line_end..]))
}

/// Today's date in UTC, `2026-12-02`.
pub fn today() -> String {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    civil_date(seconds / 86_400)
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_date(days: u64) -> String {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_follow_cargo_s_reading_of_semver() {
        let v = |s: &str| Version::parse(s).unwrap();
        for (from, impact, to) in [
            ("0.1.0", Impact::Breaking, "0.2.0"),
            ("0.1.3", Impact::Additive, "0.1.4"),
            ("0.1.3", Impact::None, "0.1.4"),
            ("0.0.7", Impact::Breaking, "0.0.8"),
            ("1.4.2", Impact::Breaking, "2.0.0"),
            ("1.4.2", Impact::Additive, "1.5.0"),
            ("1.4.2", Impact::None, "1.4.3"),
        ] {
            assert_eq!(v(from).next(impact).to_string(), to, "{from} {impact:?}");
        }
        for bad in ["0.2.0-alpha.1", "1.0", "1.0.0+build", "x.y.z"] {
            assert!(Version::parse(bad).unwrap_err().contains("set the next one by hand"), "{bad}");
        }
    }

    #[test]
    fn a_package_version_is_read_and_set_in_place() {
        let toml = "[package]\nname = \"zoom-client\"\nversion = \"0.1.0\"\n\n[dependencies]\nversion = \"9\"\n";
        assert_eq!(package_version(toml).unwrap().to_string(), "0.1.0");
        let bumped = set_package_version(toml, Version { major: 0, minor: 2, patch: 0 }).unwrap();
        assert_eq!(bumped, toml.replacen("0.1.0", "0.2.0", 1));
        assert!(set_package_version("[package]\nname = \"x\"\n", Version::parse("1.0.0").unwrap()).is_err());

        let lock = "[[package]]\nname = \"zoom\"\nversion = \"3.0.0\"\n\n[[package]]\nname = \"zoom-client\"\nversion = \"0.1.0\"\ndependencies = []\n";
        let bumped = set_locked_version(lock, "zoom-client", Version::parse("0.2.0").unwrap()).unwrap();
        assert_eq!(bumped, lock.replace("version = \"0.1.0\"", "version = \"0.2.0\""));
        let error = set_locked_version(lock, "absent", Version::parse("0.2.0").unwrap()).unwrap_err();
        assert!(error.contains("cargo update -p absent"), "{error}");
    }

    fn release(version: &str) -> Release<'static> {
        Release { version: Version::parse(version).unwrap(), date: "2026-12-02", editions: &[] }
    }

    #[test]
    fn an_entry_goes_under_unreleased_and_takes_the_hand_notes_with_it() {
        let report = Report::default();
        let first = with_entry(None, &report, &release("0.1.1"));
        assert!(first.starts_with(HEADER), "{first}");
        assert_eq!(&first[HEADER.len()..], "\n## [Unreleased]\n\n## [0.1.1] - 2026-12-02\n\nA compatible release.\n");

        let noted = first.replace(
            "## [Unreleased]\n",
            "## [Unreleased]\n\nA note.\n\nAnother.\n\n### Security\n\n- Tokens are redacted.\n\n### Changed\n\n- By hand.\n",
        );
        let second = with_entry(Some(&noted), &report, &release("0.1.2"));
        assert_eq!(
            &second[HEADER.len()..],
            "\n## [Unreleased]\n\n## [0.1.2] - 2026-12-02\n\nA note.\n\nAnother.\n\nA compatible release.\n\n\
             ### Changed\n\n- By hand.\n\n### Security\n\n- Tokens are redacted.\n\n\
             ## [0.1.1] - 2026-12-02\n\nA compatible release.\n"
        );

        // A changelog without an Unreleased heading gets one above its first release.
        let bare = "# Changes\n\n## [0.1.0] - 2026-01-01\n\n- First.\n";
        let third = with_entry(Some(bare), &report, &release("0.1.1"));
        assert_eq!(
            third,
            "# Changes\n\n## [Unreleased]\n\n## [0.1.1] - 2026-12-02\n\nA compatible release.\n\n## [0.1.0] - 2026-01-01\n\n- First.\n"
        );
    }

    #[test]
    fn dates_are_civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(civil_date(20_789), "2026-12-02");
    }
}
