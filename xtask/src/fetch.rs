//! `cargo xtask fetch`: downloads every document `spec/documents.toml` lists from its upstream
//! URL into the spec directory, and says which ones differ from the recorded hashes.
//!
//! A document replaces the file on disk only when it is a complete OpenAPI 3 document of the
//! expected kind (`paths` for REST, `webhooks` for events): an error page, a captive portal's
//! HTML or a truncated body never overwrites a good copy. Each file is written beside its final
//! name and renamed into place, so a reader sees the old document or the new one, never half.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use generator::manifest::{DocumentEntry, Variant, sha256_hex};
use serde_json::Value;

/// What fetching one document did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// Written; its hash is the one `spec/documents.toml` records.
    Unchanged,
    /// Written; its hash differs from the recorded one (a new edition).
    Changed { recorded: String, fetched: String },
    /// Not written, for this reason; any copy on disk is untouched.
    Refused(String),
}

/// Fetches `documents` into `into` and prints a report; an error if any was refused.
pub fn run(documents: &[DocumentEntry], into: &Path) -> Result<(), String> {
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(120))
        .user_agent(concat!("zoom-client-xtask/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
    let outcomes: Vec<(&DocumentEntry, Fetched)> = documents.iter().map(|d| (d, fetch_one(&client, d, into))).collect();
    print!("{}", report(&outcomes, into));
    let refused = outcomes.iter().filter(|(_, o)| matches!(o, Fetched::Refused(_))).count();
    if refused > 0 {
        return Err(format!("{refused} of {} documents were not fetched", outcomes.len()));
    }
    Ok(())
}

/// Downloads one document and, if it is one, writes it to `into/<file>`.
pub fn fetch_one(client: &reqwest::blocking::Client, entry: &DocumentEntry, into: &Path) -> Fetched {
    let response = match client.get(&entry.url).send() {
        Ok(response) => response,
        Err(error) => return Fetched::Refused(format!("request failed: {}", causes(&error))),
    };
    if !response.status().is_success() {
        return Fetched::Refused(format!("HTTP {}", response.status()));
    }
    let bytes = match response.bytes() {
        Ok(bytes) => bytes,
        Err(error) => return Fetched::Refused(format!("reading the body failed: {}", causes(&error))),
    };
    if let Err(why) = check_document(&bytes, entry.variant) {
        return Fetched::Refused(why);
    }
    // The copy it replaces is kept under its hash, where `cargo xtask diff --old <rev>` and the
    // changelog of `regen --accept-new` find it (generator::editions).
    let path = into.join(&entry.file);
    if let Ok(previous) = std::fs::read(&path)
        && previous != bytes.as_ref()
        && let Err(error) = generator::editions::archive(into, &previous)
    {
        return Fetched::Refused(format!("cannot archive the copy it would replace: {error}"));
    }
    if let Err(error) = write_atomically(&path, &bytes) {
        return Fetched::Refused(format!("cannot write {}: {error}", entry.file));
    }
    let fetched = sha256_hex(&bytes);
    if fetched == entry.sha256 {
        Fetched::Unchanged
    } else {
        Fetched::Changed { recorded: entry.sha256.clone(), fetched }
    }
}

/// An error with its causes (reqwest's own message does not say why a request failed).
fn causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Whether `bytes` is an OpenAPI 3 document of the kind `variant` names.
pub fn check_document(bytes: &[u8], variant: Variant) -> Result<(), String> {
    let json: Value = serde_json::from_slice(bytes).map_err(|e| {
        let start = String::from_utf8_lossy(&bytes[..bytes.len().min(40)]).replace(char::is_whitespace, " ");
        format!("not JSON ({e}); it starts with {start:?}")
    })?;
    let version = json.get("openapi").and_then(Value::as_str).unwrap_or_default();
    if !version.starts_with("3.") {
        return Err("not an OpenAPI 3 document (no `openapi: 3.x`)".to_owned());
    }
    let (key, kind) = match variant {
        Variant::Webhooks => ("webhooks", "a webhook document"),
        Variant::Rest | Variant::Master => ("paths", "a REST document"),
    };
    match json.get(key).and_then(Value::as_object) {
        Some(map) if !map.is_empty() => Ok(()),
        _ => Err(format!("{kind} needs a non-empty `{key}` object")),
    }
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary: PathBuf = dir.join(format!(".{name}.fetch-{}", std::process::id()));
    let written = std::fs::File::create(&temporary).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    let renamed = written.and_then(|()| std::fs::rename(&temporary, path));
    if renamed.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    renamed
}

/// The report: one line per document that changed or was refused, then the counts.
pub fn report(outcomes: &[(&DocumentEntry, Fetched)], into: &Path) -> String {
    let mut out = String::new();
    let (mut unchanged, mut changed, mut refused) = (0, 0, 0);
    for (entry, outcome) in outcomes {
        match outcome {
            Fetched::Unchanged => unchanged += 1,
            Fetched::Changed { recorded, fetched } => {
                changed += 1;
                out.push_str(&format!("changed  {}: {} → {}\n", entry.file, short(recorded), short(fetched)));
            }
            Fetched::Refused(why) => {
                refused += 1;
                out.push_str(&format!("refused  {} ({}): {why}\n", entry.file, entry.url));
            }
        }
    }
    out.push_str(&format!(
        "{} documents into {}: {unchanged} as recorded, {changed} changed, {refused} refused\n",
        outcomes.len(),
        into.display()
    ));
    if changed > 0 {
        out.push_str("a changed document is a new edition: `cargo xtask regen --accept-new` records its hash\n");
    }
    out
}

fn short(sha256: &str) -> &str {
    &sha256[..sha256.len().min(12)]
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader};
    use std::net::TcpListener;

    use super::*;
    use generator::manifest::Auth;

    const REST: &str = r#"{"openapi":"3.0.0","info":{"title":"T","version":"1"},"paths":{"/a":{}}}"#;
    const WEBHOOKS: &str = r#"{"openapi":"3.1.0","info":{"title":"T","version":"1"},"webhooks":{"e":{}}}"#;

    /// Serves `routes` (path → status and body) on loopback until the test ends.
    fn serve(routes: Vec<(&'static str, u16, &'static str)>) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut line = String::new();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                reader.read_line(&mut line).unwrap();
                // Read the rest of the request head.
                let mut header = String::new();
                while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                    header.clear();
                }
                let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let (status, body) =
                    routes.iter().find(|(p, _, _)| *p == path).map_or((404, "not found"), |(_, s, b)| (*s, *b));
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        format!("http://{addr}")
    }

    fn entry(file: &str, url: String, variant: Variant, sha256: &str) -> DocumentEntry {
        let product = file.trim_end_matches(".json").to_owned();
        DocumentEntry { product, variant, file: file.to_owned(), url, sha256: sha256.to_owned(), auth: Auth::Oauth }
    }

    #[test]
    fn good_documents_are_written_and_bad_ones_never_replace_a_copy() {
        let base = serve(vec![
            ("/rest.json", 200, REST),
            ("/webhooks.json", 200, WEBHOOKS),
            ("/page.html", 200, "<!DOCTYPE html><html>Sign in</html>"),
            ("/truncated.json", 200, r#"{"openapi":"3.0.0","paths":{"/a""#),
            ("/swagger.json", 200, r#"{"swagger":"2.0","paths":{"/a":{}}}"#),
            ("/empty.json", 200, r#"{"openapi":"3.0.0","paths":{}}"#),
            ("/error.json", 500, REST),
        ]);
        let dir = tempfile::tempdir().unwrap();
        let documents = [
            entry("rest.json", format!("{base}/rest.json"), Variant::Rest, &sha256_hex(REST.as_bytes())),
            entry("webhooks/w.json", format!("{base}/webhooks.json"), Variant::Webhooks, "old"),
            entry("page.json", format!("{base}/page.html"), Variant::Rest, "x"),
            entry("truncated.json", format!("{base}/truncated.json"), Variant::Rest, "x"),
            entry("swagger.json", format!("{base}/swagger.json"), Variant::Rest, "x"),
            entry("empty.json", format!("{base}/empty.json"), Variant::Rest, "x"),
            entry("error.json", format!("{base}/error.json"), Variant::Rest, "x"),
            entry("missing.json", format!("{base}/missing.json"), Variant::Rest, "x"),
            // A REST URL that answers with a webhook document is the wrong document.
            entry("wrong.json", format!("{base}/webhooks.json"), Variant::Rest, "x"),
        ];
        for d in &documents[2..] {
            std::fs::write(dir.path().join(&d.file), "the good copy").unwrap();
        }
        let previous_edition = REST.replace("\"1\"", "\"0\"");
        std::fs::write(dir.path().join("rest.json"), &previous_edition).unwrap();
        let client = reqwest::blocking::Client::new();
        let outcomes: Vec<Fetched> = documents.iter().map(|d| fetch_one(&client, d, dir.path())).collect();

        assert_eq!(outcomes[0], Fetched::Unchanged);
        assert_eq!(std::fs::read_to_string(dir.path().join("rest.json")).unwrap(), REST);
        // The edition it replaced is archived, and only that one (refusals replace nothing).
        let archived: Vec<_> =
            std::fs::read_dir(dir.path().join("editions")).unwrap().map(|e| e.unwrap().path()).collect();
        let expected = dir.path().join(format!("editions/{}.json", sha256_hex(previous_edition.as_bytes())));
        assert_eq!(archived, [expected]);
        assert_eq!(std::fs::read_to_string(&archived[0]).unwrap(), previous_edition);
        let fetched = sha256_hex(WEBHOOKS.as_bytes());
        assert_eq!(outcomes[1], Fetched::Changed { recorded: "old".into(), fetched });
        assert_eq!(std::fs::read_to_string(dir.path().join("webhooks/w.json")).unwrap(), WEBHOOKS);
        let reason = |i: usize| match &outcomes[i] {
            Fetched::Refused(why) => why.clone(),
            other => panic!("{}: {other:?}", documents[i].file),
        };
        assert!(reason(2).contains("not JSON") && reason(2).contains("<!DOCTYPE"), "{}", reason(2));
        assert!(reason(3).contains("not JSON"), "{}", reason(3));
        assert!(reason(4).contains("not an OpenAPI 3 document"), "{}", reason(4));
        assert!(reason(5).contains("non-empty `paths`"), "{}", reason(5));
        assert!(reason(6).contains("HTTP 500"), "{}", reason(6));
        assert!(reason(7).contains("HTTP 404"), "{}", reason(7));
        assert!(reason(8).contains("non-empty `paths`"), "{}", reason(8));
        for d in &documents[2..] {
            assert_eq!(std::fs::read_to_string(dir.path().join(&d.file)).unwrap(), "the good copy", "{}", d.file);
        }
        // No temporary file is left behind.
        let names: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
        assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");

        let paired: Vec<(&DocumentEntry, Fetched)> = documents.iter().zip(outcomes).collect();
        let text = report(&paired, dir.path());
        assert!(text.contains("changed  webhooks/w.json: old → "), "{text}");
        assert!(text.contains("refused  page.json"), "{text}");
        assert!(text.contains("9 documents into") && text.contains("1 as recorded, 1 changed, 7 refused"), "{text}");
        assert!(text.contains("--accept-new"), "{text}");
    }

    #[test]
    fn an_unreachable_server_is_a_refusal() {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let d = entry("a.json", format!("http://127.0.0.1:{port}/a.json"), Variant::Rest, "x");
        let dir = tempfile::tempdir().unwrap();
        let outcome = fetch_one(&reqwest::blocking::Client::new(), &d, dir.path());
        assert!(matches!(&outcome, Fetched::Refused(why) if why.starts_with("request failed")), "{outcome:?}");
        assert!(!dir.path().join("a.json").exists());
    }
}
