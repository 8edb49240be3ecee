//! Maintainer commands: `cargo xtask regen [--check]`.

use std::path::PathBuf;

// Regen allocates millions of small token and string objects; mimalloc cuts that cost markedly
// (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use generator::load::{HashPolicy, resolve_spec_dir};
use generator::pipeline::{self, Workspace};
use generator::{Error, output, report};

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Regen { spec_dir, accept_new, check, verbose } => match regen(spec_dir, accept_new, check, verbose) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::FAILURE,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
    }
}

/// Returns whether the output is (now) up to date.
fn regen(spec_dir: Option<PathBuf>, accept_new: bool, check: bool, verbose: bool) -> Result<bool, Error> {
    let started = Instant::now();
    let ws = Workspace::of_this_build();
    let spec_dir = resolve_spec_dir(spec_dir.as_deref(), &ws.root);
    let policy = if accept_new { HashPolicy::AcceptNew } else { HashPolicy::Strict };
    let generation = pipeline::generate(&ws, &spec_dir, policy)?;
    let (_, fixture_files) = pipeline::generate_fixtures(&ws)?;
    let seconds = started.elapsed().as_secs_f64();
    if verbose {
        eprint!("{}", report::warnings(&generation));
    }
    eprint!("{}", report::render(&generation, seconds));

    let text_outputs = [
        (ws.names_lock(), generation.names_lock.clone()),
        (ws.cargo_toml(), generation.cargo_toml.clone()),
    ];
    if check {
        let mut stale = Vec::new();
        for (root, files) in [(ws.generated(), &generation.files), (ws.fixtures_generated(), &fixture_files)] {
            for (path, what) in output::diff_tree(&root, files)? {
                stale.push(format!("{}: {what}", root.join(path).strip_prefix(&ws.root).unwrap_or(&root).display()));
            }
        }
        for (path, contents) in &text_outputs {
            if std::fs::read_to_string(path).ok().as_deref() != Some(contents.as_str()) {
                stale.push(format!("{}: out of date", path.strip_prefix(&ws.root).unwrap_or(path).display()));
            }
        }
        if !generation.changed_hashes.is_empty() && !accept_new {
            stale.push("spec/documents.toml: hashes differ".into());
        }
        if stale.is_empty() {
            eprintln!("generated output is up to date");
            return Ok(true);
        }
        eprintln!("generated output is stale; run `cargo xtask regen`:");
        for line in stale {
            eprintln!("  {line}");
        }
        return Ok(false);
    }

    output::replace_tree(&ws.generated(), &generation.files, |_| Ok(()))?;
    output::replace_tree(&ws.fixtures_generated(), &fixture_files, |_| Ok(()))?;
    for (path, contents) in &text_outputs {
        output::write_file_atomically(path, contents.as_bytes())?;
    }
    if accept_new {
        let manifest = generator::manifest::Manifest::load(&ws.manifest())?;
        for change in &generation.changed_hashes {
            manifest.accept_hash(&change.file, &change.actual)?;
            eprintln!("recorded the new sha256 of {}", change.file);
        }
    }
    Ok(true)
}
