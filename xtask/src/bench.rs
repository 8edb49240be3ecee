//! `cargo xtask bench`: regen wall time and peak memory, and clean build times of zoom-client as a
//! downstream crate builds it. Figures, not pass/fail: they go into BENCHMARKS.md.

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use generator::load::{HashPolicy, resolve_spec_dir};
use generator::pipeline::{self, Workspace};

pub fn run(ws: &Workspace, runs: usize, regen_only: bool) -> Result<(), String> {
    let spec_dir = resolve_spec_dir(None, &ws.root);
    let mut times = Vec::new();
    let mut stages: Vec<Vec<(&'static str, Duration)>> = Vec::new();
    let mut api = None;
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let generation = pipeline::generate(ws, &spec_dir, HashPolicy::Strict).map_err(|e| e.to_string())?;
        let _ = pipeline::generate_fixtures(ws).map_err(|e| e.to_string())?;
        times.push(started.elapsed());
        stages.push(generation.timings);
        api = Some(generation.api);
    }
    let api = api.expect("at least one run");
    times.sort();
    let median = times[times.len() / 2];
    println!("| measure | value |");
    println!("| --- | --- |");
    println!(
        "| regen, all 46 REST + 26 webhook documents + fixtures, median of {} | {:.2} s (min {:.2} s) |",
        times.len(),
        median.as_secs_f64(),
        times[0].as_secs_f64()
    );
    for (i, (stage, _)) in stages[0].iter().enumerate() {
        let mut v: Vec<f64> = stages.iter().map(|s| s[i].1.as_secs_f64()).collect();
        v.sort_by(f64::total_cmp);
        println!("| &nbsp;&nbsp;stage `{stage}`, median | {:.2} s |", v[v.len() / 2]);
    }
    println!("| regen peak memory (VmHWM) | {} MiB |", peak_rss_kib().map_or("?".into(), |k| (k / 1024).to_string()));
    if regen_only {
        return Ok(());
    }
    let meetings_ops = api.products.iter().find(|p| p.key == "meetings").and_then(|p| p.rest.as_ref());
    let meetings_ops = meetings_ops.map_or(0, |s| s.operations.len());
    let all_ops: usize = api.products.iter().flat_map(|p| p.surfaces()).map(|s| s.operations.len()).sum();
    let generated = ws.generated();
    let peers = [
        (
            "zoom-client `--features meetings`",
            ours(ws, "meetings")?,
            Some((meetings_ops, rust_lines(&generated.join("meetings"), false))),
        ),
        ("zoom-client `--features full`", ours(ws, "full")?, Some((all_ops, rust_lines(&generated, true)))),
        // Oxide's generated client (oxidecomputer/third-party-api-clients), the crate this one
        // means to replace: fetched by cargo into the scratch project, never committed.
        ("oxide's zoom-api 0.10.0 (default features)", "zoom-api = \"=0.10.0\"".to_owned(), None),
    ];
    let mut per_op = Vec::new();
    for (label, dependency, known) in peers {
        let (total, crate_only, source) = build_time(&dependency, false)?;
        // Oxide's: its operations are its `pub async fn`s; its lines all of `src/`, which holds
        // its ~1,900 lines of runtime besides the generated code.
        let (operations, lines) = known.unwrap_or((source.operations, source.lines));
        let (_, check_only, _) = build_time(&dependency, true)?;
        println!("| {label}: `cargo build` of a new crate using it, clean | {total:.1} s |");
        println!("| &nbsp;&nbsp;of which the crate itself | {crate_only:.1} s |");
        println!(
            "| &nbsp;&nbsp;per operation ({operations} operations) | {:.1} ms |",
            crate_only * 1000.0 / operations as f64
        );
        println!("| &nbsp;&nbsp;`cargo check` of the crate itself | {check_only:.1} s |");
        println!(
            "| &nbsp;&nbsp;lines of generated code per operation | {:.0} ({lines} lines) |",
            lines as f64 / operations as f64
        );
        per_op.push(crate_only / operations as f64);
    }
    println!(
        "| an application calling 10 meetings operations: its own build, after its dependencies | {:.1} s |",
        application_build_time(&ours(ws, "meetings")?)?
    );
    if let [meetings, full, oxide] = per_op[..] {
        println!(
            "| build time per operation, against oxide's: meetings, full | {:.2}×, {:.2}× |",
            meetings / oxide,
            full / oxide
        );
    }
    Ok(())
}

/// An application that sends 10 meetings requests and decodes their answers: what it pays to
/// compile, itself, for the JSON code zoom-client leaves to the crates that use it (`#[inline]`).
const APPLICATION: &str = r#"use std::future::Future;

async fn calls(client: &zoom_client::Client) {
    let m = client.meetings();
    let _ = m.list_meetings("me").send().await;
    let _ = m.get_meeting(1).send().await;
    let _ = m.create_meeting("me").send().await;
    let _ = m.update_meeting(1).send().await;
    let _ = m.delete_meeting(1).send().await;
    let _ = m.list_recordings("me").send().await;
    let _ = m.get_recording(1).send().await;
    let _ = m.list_past_meeting_participants(1).send().await;
    let _ = m.list_meeting_registrants(1).send().await;
    let _ = m.list_webinars("me").send().await;
}

// Polled once, so that every call is compiled; never run.
fn main() {
    let client = zoom_client::Client::new("token");
    let mut calls = std::pin::pin!(calls(&client));
    let _ = calls.as_mut().poll(&mut std::task::Context::from_waker(std::task::Waker::noop()));
}
"#;

/// `cargo xtask bench --application`: [`application_build_time`] against this workspace's
/// zoom-client with `meetings`.
pub fn application(ws: &Workspace) -> Result<(), String> {
    let seconds = application_build_time(&ours(ws, "meetings")?)?;
    println!("an application calling 10 meetings operations, alone: {seconds:.1} s");
    Ok(())
}

/// The dependency line on this workspace's zoom-client with `features`.
fn ours(ws: &Workspace, features: &str) -> Result<String, String> {
    let zoom_client = ws.root.join("zoom-api").canonicalize().map_err(|e| e.to_string())?;
    Ok(format!("zoom-client = {{ path = {:?}, features = [\"{features}\"] }}", zoom_client.display()))
}

/// Builds [`APPLICATION`] with the dependency line `dependency`, then times a rebuild of it alone.
fn application_build_time(dependency: &str) -> Result<f64, String> {
    let dir = scratch_project(dependency)?;
    std::fs::write(dir.join("src/main.rs"), APPLICATION).map_err(|e| e.to_string())?;
    timed(&dir, &["build"])?;
    std::fs::write(dir.join("src/main.rs"), format!("{APPLICATION}\n")).map_err(|e| e.to_string())?;
    let own = timed(&dir, &["build"])?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(own)
}

/// Lines of the `.rs` files in `dir` (and below it if `recursive`).
fn rust_lines(dir: &Path, recursive: bool) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut lines = 0;
    for path in entries.flatten().map(|e| e.path()) {
        if path.is_dir() {
            lines += if recursive { rust_lines(&path, true) } else { 0 };
        } else if path.extension().is_some_and(|x| x == "rs") {
            lines += std::fs::read_to_string(&path).map_or(0, |text| text.lines().count());
        }
    }
    lines
}

/// The operations (`pub async fn`s) and lines of a crate's `src/`.
struct Source {
    operations: usize,
    lines: usize,
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Builds a fresh downstream crate with the dependency line `dependency`, in its own target
/// directory, and times it; then rebuilds that dependency alone. Returns the clean total, the
/// dependency's own time, and what its `src/` holds.
fn build_time(dependency: &str, check: bool) -> Result<(f64, f64, Source), String> {
    let dir = scratch_project(dependency)?;
    let package = dependency.split_once(" = ").map_or(dependency, |(name, _)| name);
    let verb = if check { "check" } else { "build" };
    let total = timed(&dir, &[verb])?;
    let crate_only = {
        timed(&dir, &["clean", "-p", package])?;
        timed(&dir, &[verb])?
    };
    let source = crate_source(&dir, package)?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok((total, crate_only, source))
}

/// A new crate `bench` outside the workspace, with its own target directory, whose dependencies
/// are the lines `dependency`, and which does nothing.
pub(crate) fn scratch_project(dependency: &str) -> Result<std::path::PathBuf, String> {
    let dir = std::env::temp_dir().join("zoom-client-bench");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"bench\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[dependencies]\n{dependency}\n\n[workspace]\n"
        ),
    )
    .map_err(|e| e.to_string())?;
    std::fs::write(dir.join("src/main.rs"), "fn main() {}\n").map_err(|e| e.to_string())?;
    Ok(dir)
}

/// What the `src/` of the `package` that the project at `dir` builds holds.
fn crate_source(dir: &Path, package: &str) -> Result<Source, String> {
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1"])
        .current_dir(dir)
        .output()
        .map_err(|e| e.to_string())?;
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).map_err(|e| e.to_string())?;
    let manifest = metadata["packages"]
        .as_array()
        .and_then(|packages| packages.iter().find(|p| p["name"] == package))
        .and_then(|p| p["manifest_path"].as_str())
        .ok_or_else(|| format!("cargo metadata lists no {package}"))?;
    let src = Path::new(manifest).with_file_name("src");
    let mut source = Source { operations: 0, lines: 0 };
    for path in std::fs::read_dir(&src).map_err(|e| e.to_string())?.flatten().map(|e| e.path()) {
        if path.extension().is_some_and(|x| x == "rs") {
            let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
            source.lines += text.lines().count();
            source.operations += text.matches("pub async fn ").count();
        }
    }
    Ok(source)
}

/// What one cargo command in a scratch project took.
pub(crate) struct Run {
    pub seconds: f64,
    /// The peak resident set of the largest process of the tree cargo ran, in KiB (`wait4`'s
    /// `ru_maxrss` covers the child's own waited-for children).
    pub peak_kib: u64,
}

fn timed(dir: &Path, args: &[&str]) -> Result<f64, String> {
    measured(dir, args).map(|run| run.seconds)
}

/// Runs `cargo <args> -q` in `dir`, as a registry dependency builds: a path dependency would get
/// an incremental cache, which costs time on a clean build.
pub(crate) fn measured(dir: &Path, args: &[&str]) -> Result<Run, String> {
    let started = Instant::now();
    let child = Command::new(env!("CARGO"))
        .args(args)
        .arg("-q")
        .current_dir(dir)
        .env_remove("CARGO_TARGET_DIR")
        .env("CARGO_INCREMENTAL", "0")
        .spawn()
        .map_err(|e| e.to_string())?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value of the plain C struct wait4 fills in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our child, not yet waited for; `status` and `usage` outlive the call.
    if unsafe { libc::wait4(pid, &mut status, 0, &mut usage) } != pid {
        return Err(format!("waiting for cargo: {}", std::io::Error::last_os_error()));
    }
    let seconds = started.elapsed().as_secs_f64();
    if !std::process::ExitStatus::from_raw(status).success() {
        return Err(format!("cargo {} failed in {}", args.join(" "), dir.display()));
    }
    Ok(Run { seconds, peak_kib: u64::try_from(usage.ru_maxrss).unwrap_or(0) })
}
