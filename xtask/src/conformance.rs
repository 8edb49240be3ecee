//! `cargo xtask conformance [DOCUMENT…]`: calls every operation of each document through the
//! generated client against Prism, a mock server that checks each request against Zoom's
//! document and answers with its examples (zoom-client's `tests/zoom_documents/prism.rs`).
//!
//! Prism is a Node program: it is installed from `xtask/prism/package-lock.json` into
//! `target/prism` (never globally), and one server per document listens on a free loopback port
//! while the test runs.

use std::io::Read;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use generator::pipeline::Workspace;

/// What CI checks: the products the issue names, among them the largest (Phone, 391 operations).
pub const DEFAULT_DOCUMENTS: &[&str] = &["meetings", "users", "phone"];

/// How long Prism may take to read a document and listen (a few seconds on this VM).
const STARTUP_LIMIT: Duration = Duration::from_secs(180);

pub fn run(ws: &Workspace, spec_dir: &Path, documents: &[String]) -> Result<(), String> {
    let manifest = generator::manifest::Manifest::load(&ws.manifest()).map_err(|e| e.to_string())?;
    let mut files = Vec::new();
    for document in documents {
        let name = document.trim_end_matches(".json");
        let file = format!("{name}.json");
        if !manifest.documents.iter().any(|d| d.file == file && d.variant != generator::manifest::Variant::Webhooks) {
            return Err(format!("{file} is not a REST document of spec/documents.toml"));
        }
        let path = spec_dir.join(&file);
        if !path.is_file() {
            return Err(format!("{}: no such document (fetch it with `cargo xtask fetch {file}`)", path.display()));
        }
        files.push((name.to_owned(), path));
    }
    let dir = ws.root.join("target/prism");
    let prism = install(&ws.root.join("xtask/prism"), &dir)?;
    let mut servers = Vec::new();
    for (name, path) in &files {
        servers.push(Server::start(&prism, name, path, &dir)?);
    }
    for server in &mut servers {
        server.wait_until_listening()?;
    }
    let urls: Vec<String> = servers.iter().map(|s| format!("{}=http://127.0.0.1:{}", s.document, s.port)).collect();
    let status = Command::new(env!("CARGO"))
        .args(["test", "-p", "zoom-client", "--features", "full", "--test", "zoom_documents"])
        .args(["--", "--ignored", "--nocapture", "prism::"])
        .env("ZOOM_PRISM", urls.join(","))
        .env("ZOOM_SPEC_DIR", spec_dir)
        .current_dir(&ws.root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    drop(servers);
    if status.success() { Ok(()) } else { Err(format!("the conformance test failed ({status})")) }
}

/// Installs the locked Prism into `dir` unless the same lock is installed there already; returns
/// the path of its executable.
fn install(source: &Path, dir: &Path) -> Result<PathBuf, String> {
    let prism = dir.join("node_modules/.bin/prism");
    let lock = std::fs::read(source.join("package-lock.json")).map_err(|e| format!("{}: {e}", source.display()))?;
    if prism.is_file() && std::fs::read(dir.join("package-lock.json")).is_ok_and(|installed| installed == lock) {
        return Ok(prism);
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for file in ["package.json", "package-lock.json"] {
        std::fs::copy(source.join(file), dir.join(file))
            .map_err(|e| format!("{}: {e}", source.join(file).display()))?;
    }
    eprintln!("installing Prism into {}", dir.display());
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(dir)
        .status()
        .map_err(|e| format!("cannot run npm (conformance needs Node.js and npm, for Prism): {e}"))?;
    if !status.success() || !prism.is_file() {
        return Err(format!("npm ci in {} failed ({status})", dir.display()));
    }
    Ok(prism)
}

/// A running Prism, stopped when dropped.
struct Server {
    document: String,
    port: u16,
    child: Child,
    log: PathBuf,
}

impl Server {
    fn start(prism: &Path, document: &str, spec: &Path, log_dir: &Path) -> Result<Server, String> {
        // A port the OS has just handed out is free, barring a race with another process.
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free loopback port: {e}"))?
            .port();
        let log = log_dir.join(format!("{document}.log"));
        let out = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let err = out.try_clone().map_err(|e| format!("{}: {e}", log.display()))?;
        let child = Command::new(prism)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .arg(spec)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", prism.display()))?;
        eprintln!("Prism for {document}.json on port {port} (log: {})", log.display());
        Ok(Server { document: document.to_owned(), port, child, log })
    }

    fn wait_until_listening(&mut self) -> Result<(), String> {
        let started = Instant::now();
        loop {
            if TcpStream::connect((Ipv4Addr::LOCALHOST, self.port)).is_ok() {
                return Ok(());
            }
            let exited = self.child.try_wait().map_err(|e| e.to_string())?;
            if exited.is_some() || started.elapsed() > STARTUP_LIMIT {
                let why = match exited {
                    Some(status) => format!("exited ({status})"),
                    None => format!("was not listening after {} s", STARTUP_LIMIT.as_secs()),
                };
                return Err(format!("Prism for {}.json {why}; its log ends:\n{}", self.document, tail(&self.log)));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The last 2,000 bytes of a log.
fn tail(log: &Path) -> String {
    let mut text = String::new();
    let _ = std::fs::File::open(log).and_then(|mut f| f.read_to_string(&mut text));
    let start = text.len().saturating_sub(2000);
    let start = (start..text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(text.len());
    text[start..].to_owned()
}
