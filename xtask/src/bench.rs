//! `cargo xtask bench`: regen wall time and peak memory, and clean build times of zoom-api as a
//! downstream crate builds it. Figures, not pass/fail: they go into BENCHMARKS.md.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use generator::load::{HashPolicy, resolve_spec_dir};
use generator::pipeline::{self, Workspace};

pub fn run(ws: &Workspace, runs: usize, regen_only: bool) -> Result<(), String> {
    let spec_dir = resolve_spec_dir(None, &ws.root);
    let mut times = Vec::new();
    let mut stages: Vec<Vec<(&'static str, Duration)>> = Vec::new();
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let generation = pipeline::generate(ws, &spec_dir, HashPolicy::Strict).map_err(|e| e.to_string())?;
        let _ = pipeline::generate_fixtures(ws).map_err(|e| e.to_string())?;
        times.push(started.elapsed());
        stages.push(generation.timings.clone());
    }
    times.sort();
    let median = times[times.len() / 2];
    println!("| measure | value |");
    println!("| --- | --- |");
    println!(
        "| regen, all 46 REST documents + fixtures, median of {} | {:.2} s (min {:.2} s) |",
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
    for features in ["meetings", "full"] {
        let (total, crate_only) = build_time(ws, features, false)?;
        println!("| `cargo build` of a new crate using zoom-api `--features {features}`, clean | {total:.1} s |");
        println!("| &nbsp;&nbsp;of which zoom-api itself | {crate_only:.1} s |");
        let (_, check_only) = build_time(ws, features, true)?;
        println!("| `cargo check` of zoom-api itself `--features {features}` | {check_only:.1} s |");
    }
    Ok(())
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Builds a fresh downstream crate that depends on zoom-api with `features`, in its own target
/// directory, and times it; then rebuilds zoom-api alone. Returns (clean total, zoom-api only).
fn build_time(ws: &Workspace, features: &str, check: bool) -> Result<(f64, f64), String> {
    let dir = std::env::temp_dir().join(format!("zoom-api-bench-{features}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    let zoom_api = ws.root.join("zoom-api").canonicalize().map_err(|e| e.to_string())?;
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"bench\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[dependencies]\nzoom-api = {{ path = {:?}, features = [\"{features}\"] }}\n\n[workspace]\n",
            zoom_api.display()
        ),
    )
    .map_err(|e| e.to_string())?;
    std::fs::write(dir.join("src/main.rs"), "fn main() {}\n").map_err(|e| e.to_string())?;
    let verb = if check { "check" } else { "build" };
    let total = timed(&dir, &[verb])?;
    let crate_only = {
        timed(&dir, &["clean", "-p", "zoom-api"])?;
        timed(&dir, &[verb])?
    };
    let _ = std::fs::remove_dir_all(&dir);
    Ok((total, crate_only))
}

fn timed(dir: &Path, args: &[&str]) -> Result<f64, String> {
    let started = Instant::now();
    let status = Command::new(env!("CARGO"))
        .args(args)
        .arg("-q")
        .current_dir(dir)
        .env_remove("CARGO_TARGET_DIR")
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("cargo {} failed in {}", args.join(" "), dir.display()));
    }
    Ok(started.elapsed().as_secs_f64())
}
