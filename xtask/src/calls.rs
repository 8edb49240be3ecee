//! `cargo xtask bench --calls`: instructions per call of each `request/*` line of
//! `zoom-api/benches/runtime.rs`, counted by valgrind's callgrind. Unlike wall time on a shared
//! VM, an instruction count repeats exactly, so it can settle a few-percent question.
//!
//! Each line runs twice, with `SHORT` and `LONG` calls (the bench binary's `ZOOM_API_BENCH_CALLS`
//! mode); the difference over `LONG - SHORT` is the cost of one call without the start-up (TLS
//! roots, runtime, the first connection).

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::pipeline::Workspace;

const SHORT: u64 = 500;
const LONG: u64 = 1500;

/// The request lines, paired: each generated line with its hand-written baseline.
const PAIRS: [(&str, &str, &str); 2] = [
    ("generated", "hand_written", "the whole call (`send()`, decoding a one-meeting page)"),
    ("generated_bytes", "hand_written_bytes", "the client alone (no decoding)"),
];

pub fn run(ws: &Workspace) -> Result<(), String> {
    let binary = build_bench(ws)?;
    println!("| line | instructions per call | baseline | difference |");
    println!("| --- | --- | --- | --- |");
    for (generated, hand, what) in PAIRS {
        let ours = per_call(&binary, generated)?;
        let theirs = per_call(&binary, hand)?;
        let difference = (ours as f64 / theirs as f64 - 1.0) * 100.0;
        println!("| `{generated}` vs `{hand}`: {what} | {ours} | {theirs} | {difference:+.1} % |");
    }
    Ok(())
}

/// Builds the runtime bench (release) and returns its executable.
fn build_bench(ws: &Workspace) -> Result<PathBuf, String> {
    let output = Command::new(env!("CARGO"))
        .args(["bench", "-p", "zoom-api", "--features", "meetings", "--bench", "runtime", "--no-run"])
        .args(["--message-format", "json"])
        .current_dir(&ws.root)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!("building the bench failed:\n{}", String::from_utf8_lossy(&output.stderr)));
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "runtime")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| "cargo built no `runtime` bench executable".to_owned())
}

/// Instructions of one call of `line`.
fn per_call(binary: &Path, line: &str) -> Result<u64, String> {
    let short = instructions(binary, line, SHORT)?;
    let long = instructions(binary, line, LONG)?;
    long.checked_sub(short)
        .map(|extra| extra / (LONG - SHORT))
        .ok_or_else(|| format!("{line}: {LONG} calls counted fewer instructions than {SHORT}"))
}

/// Total instructions of the bench binary making `calls` calls of `line`.
fn instructions(binary: &Path, line: &str, calls: u64) -> Result<u64, String> {
    let output = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(binary)
        .env("ZOOM_API_BENCH_CALLS", format!("{line}:{calls}"))
        .output()
        .map_err(|e| format!("cannot run valgrind (is it installed?): {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("{line}: the bench failed under valgrind:\n{stderr}"));
    }
    // callgrind's summary line: `==PID== Collected : 12345`.
    stderr
        .lines()
        .find_map(|l| l.split_once("Collected :").and_then(|(_, n)| n.trim().parse().ok()))
        .ok_or_else(|| format!("{line}: no instruction count in valgrind's output:\n{stderr}"))
}
