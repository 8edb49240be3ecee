//! `cargo xtask bench --calls`: instructions per call of each `request/*` line, and per decode of
//! the `decode_300/*` lines, of `zoom-api/benches/runtime.rs`, counted by valgrind's callgrind. Unlike wall time on a shared
//! VM, an instruction count repeats exactly, so it can settle a few-percent question.
//!
//! Each line runs twice, with a short and a long count (the bench binary's `ZOOM_API_BENCH_CALLS`
//! and `ZOOM_API_BENCH_DECODES` modes); the difference over the two counts' difference is the cost
//! of one call without the start-up (TLS roots, runtime, the first connection, the page built).

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::pipeline::Workspace;

/// A bench mode: its environment variable and the short and long counts.
struct Mode {
    variable: &'static str,
    short: u64,
    long: u64,
}

const CALLS: Mode = Mode { variable: "ZOOM_API_BENCH_CALLS", short: 500, long: 1500 };
const DECODES: Mode = Mode { variable: "ZOOM_API_BENCH_DECODES", short: 5, long: 15 };

/// The lines, paired: each generated line with its hand-written baseline.
const PAIRS: [(&Mode, &str, &str, &str); 4] = [
    (&CALLS, "generated", "hand_written", "the whole call (`send()`, decoding a one-meeting page)"),
    (&CALLS, "generated_bytes", "hand_written_bytes", "the client alone (no decoding)"),
    (&DECODES, "generated_tolerant", "serde_derive", "a 300-meeting page, as the client decodes it"),
    (&DECODES, "generated", "serde_derive", "a 300-meeting page, strictly"),
];

pub fn run(ws: &Workspace) -> Result<(), String> {
    let binary = build_bench(ws)?;
    println!("| line | instructions per call | baseline | difference |");
    println!("| --- | --- | --- | --- |");
    for (mode, generated, hand, what) in PAIRS {
        let ours = per_call(&binary, mode, generated)?;
        let theirs = per_call(&binary, mode, hand)?;
        let difference = (ours as f64 / theirs as f64 - 1.0) * 100.0;
        println!("| `{generated}` vs `{hand}`: {what} | {ours} | {theirs} | {difference:+.1} % |");
    }
    Ok(())
}

/// Builds the runtime bench (release) and returns its executable.
fn build_bench(ws: &Workspace) -> Result<PathBuf, String> {
    let output = Command::new(env!("CARGO"))
        .args(["bench", "-p", "zoom-client", "--features", "meetings", "--bench", "runtime", "--no-run"])
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
fn per_call(binary: &Path, mode: &Mode, line: &str) -> Result<u64, String> {
    let short = instructions(binary, mode, line, mode.short)?;
    let long = instructions(binary, mode, line, mode.long)?;
    long.checked_sub(short)
        .map(|extra| extra / (mode.long - mode.short))
        .ok_or_else(|| format!("{line}: {} calls counted fewer instructions than {}", mode.long, mode.short))
}

/// Total instructions of the bench binary making `calls` calls of `line`.
fn instructions(binary: &Path, mode: &Mode, line: &str, calls: u64) -> Result<u64, String> {
    let output = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(binary)
        .env(mode.variable, format!("{line}:{calls}"))
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
