//! `cargo xtask ci`: everything CI checks, in the order that fails fastest.

use std::process::Command;
use std::time::Instant;

use generator::pipeline::Workspace;

/// Runs each step; stops at the first failure.
pub fn run(ws: &Workspace, features: &[String]) -> Result<(), String> {
    let mut steps: Vec<(String, Command)> = Vec::new();
    let cargo = |args: &[&str]| {
        let mut c = Command::new(env!("CARGO"));
        c.args(args).current_dir(&ws.root);
        c
    };
    steps.push(("generated code is current".into(), cargo(&["xtask", "regen", "--check"])));
    steps.push(("formatting".into(), cargo(&["fmt", "--all", "--", "--check"])));
    // tests/redis.rs needs a redis-server (it starts its own unless ZOOM_TEST_REDIS_URL is set).
    let mut redis = Command::new("bash");
    redis.arg(ws.root.join(".ci/install-redis")).current_dir(&ws.root);
    steps.push(("redis-server for the multi-process tests (Debian's package when missing)".into(), redis));
    steps.push(("tests".into(), cargo(&["test", "--workspace"])));
    // The operation table, scope API, pagination streams and mock tested on real products, the
    // doctests that use them, and the examples (which `cargo test` builds).
    // With `redis`: tests/redis.rs runs worker processes on a real Redis (`ZOOM_TEST_REDIS_URL`,
    // which .ci/run starts, or a redis-server of its own); here a missing Redis fails the step.
    let mut client_tests =
        cargo(&["test", "-p", "zoom-client", "--features", "meetings,users,mock,axum,webhooks,redis,websocket"]);
    client_tests.env("ZOOM_REQUIRE_REDIS", "1");
    steps.push((
        "zoom-client tests with meetings, users, mock, axum, webhooks, redis and websocket".into(),
        client_tests,
    ));
    steps.push((
        "clippy (workspace)".into(),
        cargo(&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]),
    ));
    steps.push((
        "clippy (zoom-client tests, examples and benchmark)".into(),
        cargo(&[
            "clippy",
            "-p",
            "zoom-client",
            "--all-targets",
            "--features",
            "meetings,users,mock,axum,webhooks,redis,websocket",
            "--",
            "-D",
            "warnings",
        ]),
    ));
    steps.push((
        "clippy (zoom-client, every product, with its tests)".into(),
        cargo(&[
            "clippy",
            "-p",
            "zoom-client",
            "--all-targets",
            "--features",
            "full,mock,axum,redis,websocket",
            "--",
            "-D",
            "warnings",
        ]),
    ));
    // Every product's generated types against Zoom's own data: each REST answer and each webhook
    // event assembled from the documents' schemas and examples (the known failures are listed),
    // decoded strictly; then each of them mutated by every class of deviation, decoded tolerantly;
    // and a bounded byte-level fuzz of the decoder and the webhook receiver on the same bodies.
    steps.push((
        "zoom-client against Zoom's examples, strict, mutated and fuzzed (every product)".into(),
        cargo(&["test", "-p", "zoom-client", "--features", "full", "--test", "zoom_documents"]),
    ));
    // What `cargo publish` would upload, in dependency order: zoom-scopes, then zoom-client built
    // from its `.crate` against the packaged zoom-scopes (cargo overlays the packages not yet on
    // crates.io). The other members are `publish = false`.
    steps.push((
        "publish dry run (zoom-scopes, zoom-client)".into(),
        cargo(&["publish", "--dry-run", "--workspace", "--locked", "--allow-dirty"]),
    ));
    // The same build, calling every operation of three products against Prism (installed into
    // target/prism by the command).
    steps.push((
        "zoom-client against Prism (meetings, users, phone)".into(),
        cargo(&["xtask", "conformance", "meetings", "users", "phone"]),
    ));
    // The docs as docs.rs builds them, from `[package.metadata.docs.rs]`: its `--cfg docsrs`
    // turns on `doc_cfg` (a nightly feature, hence RUSTC_BOOTSTRAP on a stable toolchain), which
    // badges each item with its feature.
    let (doc_features, rustdoc_args) = docs_rs_build(ws)?;
    let mut doc = cargo(&["doc", "-p", "zoom-client", "--no-deps", "--features", &doc_features]);
    doc.env("RUSTDOCFLAGS", format!("{rustdoc_args} -D warnings")).env("RUSTC_BOOTSTRAP", "1");
    steps.push(("rustdoc (zoom-client, every product, as docs.rs builds it)".into(), doc));
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| ws.root.join("target"), Into::into);
    let mut badges = Command::new("grep");
    badges.args(["-q", "Available on crate feature"]).arg(target.join("doc/zoom_client/index.html"));
    steps.push(("rustdoc shows which feature gates a product".into(), badges));
    // Each product feature must compile on its own, without warnings (a feature that leans on
    // another's types, or an import only some features use, shows only here).
    for feature in features {
        steps.push((
            format!("clippy --features {feature}"),
            cargo(&[
                "clippy",
                "-q",
                "-p",
                "zoom-client",
                "--no-default-features",
                "--features",
                feature,
                "--",
                "-D",
                "warnings",
            ]),
        ));
    }
    let total = Instant::now();
    for (name, mut command) in steps {
        let started = Instant::now();
        eprintln!("==> {name}");
        let status = command.status().map_err(|e| format!("{name}: cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!("{name}: failed ({status})"));
        }
        // The target directory's size, because CI's disk is finite and zoom-client's artefacts are big.
        let target_gb = dir_size(&target) as f64 / 1e9;
        eprintln!("    ok in {:.1} s (target/ holds {target_gb:.1} GB)", started.elapsed().as_secs_f64());
    }
    eprintln!("all checks passed in {:.0} s", total.elapsed().as_secs_f64());
    Ok(())
}

/// Bytes in the files under `dir`, not following symbolic links; 0 when it does not exist.
fn dir_size(dir: &std::path::Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .flatten()
        .map(|entry| match entry.file_type() {
            Ok(t) if t.is_dir() => dir_size(&entry.path()),
            Ok(t) if t.is_file() => entry.metadata().map_or(0, |m| m.len()),
            _ => 0,
        })
        .sum()
}

/// The features and rustdoc arguments of zoom-client's `[package.metadata.docs.rs]`, each joined
/// as cargo and RUSTDOCFLAGS take them.
fn docs_rs_build(ws: &Workspace) -> Result<(String, String), String> {
    let path = ws.cargo_toml();
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let manifest = toml::Value::Table(text.parse().map_err(|e| format!("{}: {e}", path.display()))?);
    let docs_rs = ["package", "metadata", "docs", "rs"].iter().try_fold(&manifest, |v, key| v.get(key));
    let list = |key: &str, separator: &str| -> Result<String, String> {
        let items = docs_rs
            .and_then(|d| d.get(key))
            .and_then(toml::Value::as_array)
            .ok_or_else(|| format!("{}: no `{key}` list in [package.metadata.docs.rs]", path.display()))?;
        Ok(items.iter().filter_map(toml::Value::as_str).collect::<Vec<_>>().join(separator))
    };
    Ok((list("features", ",")?, list("rustdoc-args", " ")?))
}

/// The product features declared in zoom-client's Cargo.toml, without `full`.
pub fn product_features(ws: &Workspace) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(ws.cargo_toml()).map_err(|e| e.to_string())?;
    let begin = text.find(generator::output::FEATURES_BEGIN).ok_or("no generated features in zoom-api/Cargo.toml")?;
    let end = text.find(generator::output::FEATURES_END).ok_or("no generated features in zoom-api/Cargo.toml")?;
    Ok(text[begin..end]
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(name, _)| name.trim().to_owned()))
        .filter(|name| name != "full")
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_docs_step_builds_what_the_manifest_asks_docs_rs_for() {
        let ws = Workspace::new(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".."));
        let (features, rustdoc_args) = docs_rs_build(&ws).unwrap();
        assert!(features.split(',').any(|f| f == "full"), "{features}");
        assert_eq!(rustdoc_args, "--cfg docsrs");

        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("zoom-api")).unwrap();
        std::fs::write(dir.path().join("zoom-api/Cargo.toml"), "[package]\nname = \"zoom-client\"\n").unwrap();
        let error = docs_rs_build(&Workspace::new(dir.path())).unwrap_err();
        assert!(error.contains("no `features` list in [package.metadata.docs.rs]"), "{error}");
    }
}
