//! `cargo xtask bench --footprint`: what a `meetings` application pays to depend on zoom-client,
//! beside the same application on oxide's zoom-api 0.10 and written by hand on reqwest + serde.
//! Each is a new crate outside the workspace, with its own target directory, resolved afresh and
//! built clean (dev profile, non-incremental as a registry dependency builds); each makes the
//! same five calls (list, get, create, update and delete a meeting). Figures, not pass/fail.

use std::path::Path;

use generator::pipeline::Workspace;

/// The five calls through zoom-client (`zoom_client` is also the baseline checkout's crate,
/// renamed in its dependency line).
const OURS: &str = r#"use zoom_client::meetings::types::{CreateMeetingRequest, UpdateMeetingRequest};

#[tokio::main]
async fn main() {
    let token = std::env::var("ZOOM_TOKEN").unwrap_or_default();
    let client = zoom_client::Client::new(token);
    let meetings = client.meetings();
    println!("{:?}", meetings.list_meetings("me").page_size(300).send().await.map(|p| p.meetings));
    println!("{:?}", meetings.get_meeting(1).send().await.map(|m| m.topic));
    let create = CreateMeetingRequest { topic: Some("footprint".into()), ..Default::default() };
    println!("{:?}", meetings.create_meeting("me").body(create).send().await.map(|m| m.id));
    let update = UpdateMeetingRequest { topic: Some("renamed".into()), ..Default::default() };
    println!("{:?}", meetings.update_meeting(1).body(update).send().await);
    println!("{:?}", meetings.delete_meeting(1).send().await);
}
"#;

/// The same calls through oxide's generated client, whose methods take every parameter.
const OXIDE: &str = r##"use zoom_api::types::{MeetingCreate, MeetingUpdateRequestAllOf, MeetingsType};

#[tokio::main]
async fn main() {
    let token = std::env::var("ZOOM_TOKEN").unwrap_or_default();
    let client = zoom_api::Client::new("", "", "", token, "");
    let meetings = client.meetings();
    println!("{:?}", meetings.get("me", MeetingsType::Scheduled, 300, "", "").await.map(|r| r.body));
    println!("{:?}", meetings.meeting(1, "", false).await.map(|r| r.body));
    let create: MeetingCreate = serde_json::from_str(r#"{"topic": "footprint"}"#).unwrap();
    println!("{:?}", meetings.create("me", &create).await.map(|r| r.body));
    let update: MeetingUpdateRequestAllOf = serde_json::from_str(r#"{"topic": "renamed"}"#).unwrap();
    println!("{:?}", meetings.update(1, "", &update).await.map(|r| r.status));
    println!("{:?}", meetings.delete(1, "", false, "").await.map(|r| r.status));
}
"##;

/// The same calls written by hand: the URLs, the fields the application reads, serde derive.
const BY_HAND: &str = r#"use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
struct Page {
    #[serde(default)]
    meetings: Vec<Meeting>,
}

#[derive(Debug, Deserialize)]
struct Meeting {
    id: Option<i64>,
    topic: Option<String>,
}

#[derive(Serialize)]
struct Topic<'a> {
    topic: &'a str,
}

const ZOOM: &str = "https://api.zoom.us/v2";

#[tokio::main]
async fn main() -> Result<(), reqwest::Error> {
    let token = std::env::var("ZOOM_TOKEN").unwrap_or_default();
    let http = reqwest::Client::new();
    let get = |path: &str| http.get(format!("{ZOOM}{path}")).bearer_auth(&token);
    let page: Page = get("/users/me/meetings?page_size=300").send().await?.error_for_status()?.json().await?;
    println!("{:?}", page.meetings);
    let meeting: Meeting = get("/meetings/1").send().await?.error_for_status()?.json().await?;
    println!("{:?}", meeting.topic);
    let created: Meeting = http
        .post(format!("{ZOOM}/users/me/meetings"))
        .bearer_auth(&token)
        .json(&Topic { topic: "footprint" })
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    println!("{:?}", created.id);
    let updated = http.patch(format!("{ZOOM}/meetings/1")).bearer_auth(&token).json(&Topic { topic: "renamed" });
    println!("{:?}", updated.send().await?.error_for_status()?.status());
    let deleted = http.delete(format!("{ZOOM}/meetings/1")).bearer_auth(&token).send().await?;
    println!("{:?}", deleted.error_for_status()?.status());
    Ok(())
}
"#;

const TOKIO: &str = r#"tokio = { version = "1", features = ["macros", "rt-multi-thread"] }"#;

/// One application: its dependency lines, its `main.rs`, and the library whose rlib is reported.
struct App {
    label: String,
    dependencies: String,
    main: &'static str,
    rlib: Option<&'static str>,
}

/// What one clean build cost.
struct Footprint {
    seconds: f64,
    peak_kib: u64,
    rlib_bytes: Option<u64>,
    binary_bytes: u64,
}

/// Builds each application clean and prints the table; `baseline` is another checkout of this
/// workspace (an earlier commit), built the same way.
pub fn run(ws: &Workspace, baseline: Option<&Path>) -> Result<(), String> {
    let mut apps = Vec::new();
    if let Some(dir) = baseline {
        apps.push(ours(dir, "zoom-client, baseline checkout")?);
    }
    apps.push(ours(&ws.root, "zoom-client, this checkout")?);
    apps.push(App {
        label: "oxide's zoom-api 0.10.0 (default features)".into(),
        dependencies: format!("zoom-api = \"=0.10.0\"\nserde_json = \"1\"\n{TOKIO}"),
        main: OXIDE,
        rlib: Some("zoom_api"),
    });
    apps.push(App {
        label: "by hand: reqwest 0.13 (default features) + serde".into(),
        dependencies: format!(
            "reqwest = {{ version = \"0.13\", features = [\"json\"] }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\n{TOKIO}"
        ),
        main: BY_HAND,
        rlib: None,
    });
    println!("| a `meetings` application, dev, clean | build | peak RSS of one process | client rlib | binary |");
    println!("| --- | --- | --- | --- | --- |");
    for app in &apps {
        let f = build(app)?;
        let rlib = f.rlib_bytes.map_or("—".to_owned(), |b| format!("{:.1} MB", b as f64 / 1e6));
        println!(
            "| {} | {:.1} s | {} MiB | {rlib} | {:.1} MB |",
            app.label,
            f.seconds,
            f.peak_kib / 1024,
            f.binary_bytes as f64 / 1e6
        );
    }
    Ok(())
}

/// The application on the zoom-client of the checkout at `root`, whatever its package is named.
fn ours(root: &Path, label: &str) -> Result<App, String> {
    let crate_dir = root.join("zoom-api").canonicalize().map_err(|e| format!("{}: {e}", root.display()))?;
    let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let package = manifest
        .lines()
        .find_map(|l| l.strip_prefix("name = \"")?.strip_suffix('"'))
        .ok_or_else(|| format!("{}: no package name", crate_dir.display()))?
        .to_owned();
    Ok(App {
        label: format!("{label} (`{package}`, `meetings`)"),
        dependencies: format!(
            "zoom_client = {{ package = \"{package}\", path = {:?}, features = [\"meetings\"] }}\n{TOKIO}",
            crate_dir.display()
        ),
        main: OURS,
        rlib: if package == "zoom-api" { Some("zoom_api") } else { Some("zoom_client") },
    })
}

fn build(app: &App) -> Result<Footprint, String> {
    let dir = crate::bench::scratch_project(&app.dependencies)?;
    std::fs::write(dir.join("src/main.rs"), app.main).map_err(|e| e.to_string())?;
    // Resolve and download first, so the build time is the build alone.
    crate::bench::measured(&dir, &["fetch"])?;
    let build = crate::bench::measured(&dir, &["build"])?;
    let deps = dir.join("target/debug/deps");
    let rlib_bytes = app.rlib.and_then(|name| largest_file(&deps, &format!("lib{name}-"), ".rlib"));
    let binary_bytes = std::fs::metadata(dir.join("target/debug/bench")).map_err(|e| e.to_string())?.len();
    let _ = std::fs::remove_dir_all(&dir);
    Ok(Footprint { seconds: build.seconds, peak_kib: build.peak_kib, rlib_bytes, binary_bytes })
}

/// The size of the largest file in `dir` named `<prefix>…<suffix>`.
fn largest_file(dir: &Path, prefix: &str, suffix: &str) -> Option<u64> {
    let entries = std::fs::read_dir(dir).ok()?;
    entries
        .flatten()
        .filter(|e| e.file_name().to_str().is_some_and(|n| n.starts_with(prefix) && n.ends_with(suffix)))
        .filter_map(|e| e.metadata().ok().map(|m| m.len()))
        .max()
}
