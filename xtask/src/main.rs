//! Maintainer commands: `cargo xtask regen [--check]`, `cargo xtask ci`, `cargo xtask bench`.

mod bench;
mod ci;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use generator::load::{HashPolicy, resolve_spec_dir};
use generator::pipeline::Workspace;
use generator::regen::{self, Mode};
use generator::report;

// Regen allocates millions of small token and string objects; mimalloc cuts that cost markedly
// (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(about = "Maintainer tasks for the zoom-api workspace")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate zoom-api from Zoom's OpenAPI documents (and the fixtures' tree).
    Regen {
        /// Directory of Zoom's documents [default: $ZOOM_SPEC_DIR, else ../shared/zoom-openapi].
        #[arg(long)]
        spec_dir: Option<PathBuf>,
        /// Accept documents whose sha256 differs from spec/documents.toml and record the new hashes.
        #[arg(long)]
        accept_new: bool,
        /// Write nothing; fail if the committed output differs from what regen would write.
        #[arg(long)]
        check: bool,
        /// Print every warning and every repair.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Run every check CI runs: regen --check, fmt, tests, clippy, rustdoc, each product feature.
    Ci,
    /// Measure regen time and the build time of zoom-api; prints a Markdown table.
    Bench {
        /// Regen runs to time.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Skip the (minutes-long) build timings.
        #[arg(long)]
        regen_only: bool,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Ci => {
            let ws = Workspace::of_this_build();
            let result = ci::product_features(&ws).and_then(|features| ci::run(&ws, &features));
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Bench { runs, regen_only } => match bench::run(&Workspace::of_this_build(), runs, regen_only) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Regen { spec_dir, accept_new, check, verbose } => {
            let started = Instant::now();
            let ws = Workspace::of_this_build();
            let spec_dir = resolve_spec_dir(spec_dir.as_deref(), &ws.root);
            let policy = if accept_new { HashPolicy::AcceptNew } else { HashPolicy::Strict };
            let mode = if check { Mode::Check } else { Mode::Write };
            let outcome = match regen::run(&ws, &spec_dir, policy, mode) {
                Ok(outcome) => outcome,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
            };
            if verbose {
                eprint!("{}", report::warnings(&outcome.generation));
            }
            eprint!("{}", report::render(&outcome.generation, started.elapsed().as_secs_f64()));
            if outcome.stale.is_empty() {
                if check {
                    eprintln!("generated output is up to date");
                }
                ExitCode::SUCCESS
            } else {
                eprintln!("generated output is stale; run `cargo xtask regen`:");
                for line in &outcome.stale {
                    eprintln!("  {line}");
                }
                ExitCode::FAILURE
            }
        }
    }
}
