//! Maintainer commands: `cargo xtask regen [--check]`, `cargo xtask fetch`, `cargo xtask diff`,
//! `cargo xtask conformance`, `cargo xtask ci`, `cargo xtask bench`,
//! `cargo xtask scopes for|least|migrate|report`.

mod bench;
mod calls;
mod ci;
mod conformance;
mod edition;
mod fetch;
mod footprint;
mod scopes;
mod workspace;

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

/// `mi_option_purge_delay` in mimalloc.h (between `eager_commit_delay`, 14, and `use_numa_nodes`,
/// 16, which libmimalloc-sys names); libmimalloc-sys does not export it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

#[derive(Parser)]
#[command(about = "Maintainer tasks for the zoom-client workspace")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate zoom-client from Zoom's OpenAPI documents (and the fixtures' tree).
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
    /// Download every document of spec/documents.toml from Zoom into the spec directory.
    Fetch {
        /// Where to write them [default: $ZOOM_SPEC_DIR, else ../shared/zoom-openapi].
        #[arg(long)]
        into: Option<PathBuf>,
        /// Only these documents (file names, e.g. `meetings.json`, or product keys).
        only: Vec<String>,
    },
    /// What changed between two editions of Zoom's documents, with a semver hint for zoom-client.
    Diff {
        /// The old edition: a directory of documents, or a git revision (its spec/documents.toml
        /// names each document by hash, found in the spec directory or its editions/ archive).
        #[arg(long)]
        old: String,
        /// The new edition, likewise [default: the documents in the spec directory].
        #[arg(long)]
        new: Option<String>,
        /// Directory of Zoom's documents [default: $ZOOM_SPEC_DIR, else ../shared/zoom-openapi].
        #[arg(long)]
        spec_dir: Option<PathBuf>,
        /// Markdown (for a pull request description) instead of text.
        #[arg(long, conflicts_with_all = ["json", "changelog"])]
        markdown: bool,
        /// JSON (for tools) instead of text: the semver hint, counts per product, every change.
        #[arg(long, conflicts_with = "changelog")]
        json: bool,
        /// The CHANGELOG.md entry accepting the new edition would write (in Rust terms, with the
        /// next version of zoom-client) instead of text.
        #[arg(long)]
        changelog: bool,
    },
    /// Call every operation of each document through zoom-client against Prism, a mock server
    /// started from the document (installs Prism into target/prism; needs Node.js and npm).
    Conformance {
        /// Directory of Zoom's documents [default: $ZOOM_SPEC_DIR, else ../shared/zoom-openapi].
        #[arg(long)]
        spec_dir: Option<PathBuf>,
        /// REST documents by name (`meetings`, `phone-master`, …) [default: meetings users phone].
        documents: Vec<String>,
    },
    /// Run every check CI runs: regen --check, fmt, tests, clippy, Zoom's examples, Prism, rustdoc, each
    /// product feature.
    Ci,
    /// Which OAuth scopes operations need (answered from Zoom's documents and the scope catalogue).
    Scopes {
        #[command(subcommand)]
        query: ScopesQuery,
        /// Directory of Zoom's documents [default: $ZOOM_SPEC_DIR, else ../shared/zoom-openapi].
        #[arg(long, global = true)]
        spec_dir: Option<PathBuf>,
        /// Print JSON for scripts.
        #[arg(long, global = true)]
        json: bool,
    },
    /// Measure regen time and the build time of zoom-client; prints a Markdown table.
    Bench {
        /// Regen runs to time.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Skip the (minutes-long) build timings.
        #[arg(long)]
        regen_only: bool,
        /// Instead: instructions per request against the hand-written baseline (needs valgrind).
        #[arg(long)]
        calls: bool,
        /// Instead: the build of an application that calls 10 meetings operations, alone.
        #[arg(long)]
        application: bool,
        /// Instead: clean build time, peak memory, rlib and binary size of a meetings
        /// application, beside oxide's zoom-api 0.10 and a hand-written one.
        #[arg(long)]
        footprint: bool,
        /// With --footprint: another checkout of this workspace to measure first, as the baseline.
        #[arg(long, requires = "footprint")]
        baseline: Option<PathBuf>,
    },
}

/// An operation is named by its operationId, `surface/operationId`, or `"METHOD /path"` (a
/// template or a concrete path such as `"GET /v2/users/abc/meetings"`).
#[derive(Subcommand)]
enum ScopesQuery {
    /// Each operation's classic and granular alternatives, by tier.
    For {
        #[arg(required = true)]
        operations: Vec<String>,
    },
    /// The fewest scopes that authorise all the operations at one tier.
    Least {
        #[arg(long, value_enum)]
        tier: TierArg,
        /// Classic scopes instead of granular ones.
        #[arg(long)]
        classic: bool,
        #[arg(required = true)]
        operations: Vec<String>,
    },
    /// The granular scopes an app holding these classic scopes must request instead.
    Migrate {
        /// Classic scopes the app holds today.
        #[arg(required = true)]
        classic: Vec<String>,
        /// The operations the app calls [default: every operation the classic scopes grant].
        #[arg(long, num_args = 1..)]
        ops: Option<Vec<String>>,
    },
    /// Operations per surface with granular scopes, with classic scopes only, with none.
    Report,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum TierArg {
    User,
    Admin,
    Master,
}

fn scopes_command(
    ws: &Workspace,
    query: ScopesQuery,
    spec_dir: Option<PathBuf>,
    as_json: bool,
) -> Result<String, String> {
    let spec_dir = resolve_spec_dir(spec_dir.as_deref(), &ws.root);
    let (api, _, drift) = generator::pipeline::scope_data(ws, &spec_dir).map_err(|e| e.to_string())?;
    let ops = scopes::all(&api);
    let resolve_all = |names: &[String]| -> Result<Vec<&scopes::Found>, String> {
        let mut found = Vec::new();
        for name in names {
            found.extend(scopes::resolve(&ops, name)?);
        }
        Ok(found)
    };
    Ok(match query {
        ScopesQuery::For { operations } => scopes::for_ops(&resolve_all(&operations)?, as_json),
        ScopesQuery::Least { tier, classic, operations } => {
            let tier = match tier {
                TierArg::User => zoom_scopes::Tier::User,
                TierArg::Admin => zoom_scopes::Tier::Admin,
                TierArg::Master => zoom_scopes::Tier::Master,
            };
            let model = if classic { zoom_scopes::Model::Classic } else { zoom_scopes::Model::Granular };
            scopes::least(&resolve_all(&operations)?, tier, model, as_json)
        }
        ScopesQuery::Migrate { classic, ops: names } => {
            let found = names.map(|names| resolve_all(&names)).transpose()?;
            scopes::migration(&ops, &classic, found, as_json)
        }
        ScopesQuery::Report => scopes::report(&drift, as_json),
    })
}

fn main() -> ExitCode {
    // Keep freed memory for reuse instead of returning it to the OS at once: regen frees and
    // reallocates gigabytes of short-lived tokens, and re-faulting fresh pages cost a fifth of
    // its time (BENCHMARKS.md).
    // SAFETY: sets a mimalloc option before any other thread exists; no pointers are involved.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    let command = Cli::parse().command;
    // The checkout of the current directory, found at run time (see workspace.rs).
    let ws = match workspace::current() {
        Ok(ws) => ws,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    match command {
        Command::Ci => exit(ci::product_features(&ws).and_then(|features| ci::run(&ws, &features))),
        Command::Conformance { spec_dir, mut documents } => {
            let spec_dir = resolve_spec_dir(spec_dir.as_deref(), &ws.root);
            if documents.is_empty() {
                documents = conformance::DEFAULT_DOCUMENTS.iter().map(|d| d.to_string()).collect();
            }
            exit(conformance::run(&ws, &spec_dir, &documents))
        }
        Command::Diff { old, new, markdown, json, changelog, spec_dir } => {
            let spec_dir = resolve_spec_dir(spec_dir.as_deref(), &ws.root);
            let old = edition::edition(&ws, &spec_dir, &old);
            let new = edition::edition(&ws, &spec_dir, &new.unwrap_or_else(|| spec_dir.display().to_string()));
            exit(old.and_then(|old| Ok((old, new?))).and_then(|(old, new)| {
                let compared = edition::compared(&old, &new);
                let report = generator::diff::diff_some(&old.api, &new.api, compared.as_ref());
                match (markdown, json, changelog) {
                    (true, _, _) => print!("{}", report.markdown()),
                    (_, true, _) => println!("{:#}", report.json()),
                    (_, _, true) => print!("{}", edition::changelog_entry(&ws, &report)?),
                    _ => print!("{}", report.text()),
                }
                Ok(())
            }))
        }
        Command::Fetch { into, only } => {
            let into = resolve_spec_dir(into.as_deref(), &ws.root);
            let result = generator::manifest::Manifest::load(&ws.manifest()).map_err(|e| e.to_string()).and_then(|m| {
                let chosen: Vec<_> = m
                    .documents
                    .into_iter()
                    .filter(|d| only.is_empty() || only.iter().any(|o| *o == d.file || *o == d.product))
                    .collect();
                if chosen.is_empty() {
                    return Err(format!("no document in spec/documents.toml matches {only:?}"));
                }
                fetch::run(&chosen, &into)
            });
            exit(result)
        }
        Command::Scopes { query, spec_dir, json } => {
            exit(scopes_command(&ws, query, spec_dir, json).map(|out| print!("{out}")))
        }
        Command::Bench { runs, regen_only, calls, application, footprint, baseline } => exit(if calls {
            calls::run(&ws)
        } else if footprint {
            footprint::run(&ws, baseline.as_deref())
        } else if application {
            bench::application(&ws)
        } else {
            bench::run(&ws, runs, regen_only)
        }),
        Command::Regen { spec_dir, accept_new, check, verbose } => {
            let started = Instant::now();
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
            match &outcome.changelog {
                Some(Ok(changes)) => print!("\nWhat changed since the recorded editions:\n{}", changes.text()),
                Some(Err(why)) => eprintln!(
                    "no changelog: {why}\n  zoom-api/CHANGELOG.md and zoom-client's version are as they were; \
                     `cargo xtask diff --old <edition> --changelog` prints the entry once the recorded edition is found"
                ),
                None => {}
            }
            if let Some(version) = &outcome.release {
                eprintln!(
                    "zoom-client {version}: its entry is in zoom-api/CHANGELOG.md, and Cargo.toml and Cargo.lock name it"
                );
            }
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

/// A command's exit status, its error (if any) printed.
fn exit(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn option_15_is_the_purge_delay() {
        // mimalloc documents a purge-delay default of 10 ms (v2) or 1000 ms (v3); no other option
        // at this index has either default. The xtask binary changes it; tests do not.
        let default = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert!(matches!(default, 10 | 1000), "option 15 defaults to {default}");
    }
}
