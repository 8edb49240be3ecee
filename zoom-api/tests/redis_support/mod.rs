//! What the Redis tests and the Redis benchmark share: a Redis server, worker processes (the
//! binary run again in a role), and a loopback Zoom that records when calls arrive.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The variable that makes the binary a worker, and names its role.
pub const WORKER: &str = "ZOOM_REDIS_WORKER";

/// A Redis for the tests: `ZOOM_TEST_REDIS_URL`, or a `redis-server` of its own, stopped on drop.
pub struct RedisServer {
    pub url: String,
    process: Option<Child>,
}

impl RedisServer {
    pub fn start() -> Result<RedisServer, String> {
        if let Ok(url) = std::env::var("ZOOM_TEST_REDIS_URL") {
            let ping = || -> Result<String, redis::RedisError> {
                let mut connection =
                    redis::Client::open(url.as_str())?.get_connection_with_timeout(Duration::from_secs(5))?;
                redis::cmd("PING").query(&mut connection)
            };
            return match ping() {
                Ok(_) => Ok(RedisServer { url, process: None }),
                Err(e) => Err(format!("ZOOM_TEST_REDIS_URL={url} does not answer PING: {e}")),
            };
        }
        let port = free_port();
        let process = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot run redis-server: {e}"))?;
        let server = RedisServer { url: format!("redis://127.0.0.1:{port}/"), process: Some(process) };
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err(format!("redis-server did not listen on port {port} within 10 s"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(server)
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        if let Some(process) = &mut self.process {
            let _ = process.kill();
            let _ = process.wait();
        }
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A worker process: this binary in `role`, with `vars`; its stdout is read line by line.
pub struct Worker {
    pub child: Child,
    lines: std::io::Lines<BufReader<ChildStdout>>,
}

impl Worker {
    pub fn spawn(role: &str, vars: &[(&str, &str)]) -> Worker {
        let mut command = Command::new(std::env::current_exe().unwrap());
        command.env(WORKER, role).stdin(Stdio::piped()).stdout(Stdio::piped());
        for (name, value) in vars {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("a worker process");
        let lines = BufReader::new(child.stdout.take().unwrap()).lines();
        Worker { child, lines }
    }

    /// `count` workers in `role`, started together: each has said `ready` before any is told
    /// to `go`.
    pub fn start_together(role: &str, count: usize, vars: &[(&str, &str)]) -> Vec<Worker> {
        let mut workers: Vec<Worker> = (0..count).map(|_| Worker::spawn(role, vars)).collect();
        for worker in &mut workers {
            assert_eq!(worker.line(), "ready");
        }
        for worker in &mut workers {
            writeln!(worker.child.stdin.as_mut().unwrap(), "go").unwrap();
        }
        workers
    }

    /// The next line the worker printed.
    pub fn line(&mut self) -> String {
        self.lines.next().expect("the worker printed a line").expect("readable")
    }

    /// Closes its stdin (which tells it to stop), and returns the rest of what it printed.
    pub fn finish(mut self) -> Vec<String> {
        drop(self.child.stdin.take());
        let rest: Vec<String> = self.lines.by_ref().map(Result::unwrap).collect();
        let status = self.child.wait().unwrap();
        assert!(status.success(), "worker failed: {status}");
        rest
    }
}

/// Which limit [`FakeZoom`] answers to one request.
#[derive(Debug, Clone, Copy)]
pub enum Limit {
    /// A per-second limit, `Retry-After: 2`.
    PerSecond,
    /// The daily limit, `Retry-After` tomorrow.
    Daily,
}

/// A loopback Zoom that records when each request arrived, and answers `429` to the request
/// numbered `limit_at` (from 1), if any.
pub struct FakeZoom {
    pub url: String,
    pub arrivals: Arc<Mutex<Vec<Instant>>>,
    pub limited_at: Arc<Mutex<Option<Instant>>>,
    _server: tokio::task::JoinHandle<()>,
}

impl FakeZoom {
    pub async fn start(limit_at: Option<usize>) -> FakeZoom {
        FakeZoom::limiting(limit_at, Limit::PerSecond).await
    }

    pub async fn limiting(limit_at: Option<usize>, limit: Limit) -> FakeZoom {
        use zoom_client::axum::{http::StatusCode, response::IntoResponse, routing::any};
        let arrivals = Arc::new(Mutex::new(Vec::new()));
        let limited_at = Arc::new(Mutex::new(None));
        let (seen, limited) = (arrivals.clone(), limited_at.clone());
        let app = zoom_client::axum::Router::new().fallback(any(move || {
            let (seen, limited) = (seen.clone(), limited.clone());
            async move {
                let now = Instant::now();
                let number = {
                    let mut seen = seen.lock().unwrap();
                    seen.push(now);
                    seen.len()
                };
                if Some(number) == limit_at {
                    *limited.lock().unwrap() = Some(now);
                    let (retry_after, kind, message) = match limit {
                        Limit::PerSecond => {
                            ("2".to_owned(), "QPS", "You have reached the maximum per-second rate limit for this API.")
                        }
                        Limit::Daily => {
                            let tomorrow = std::time::SystemTime::now() + Duration::from_secs(86_400);
                            let seconds = tomorrow.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
                            (
                                seconds.to_string(),
                                "Daily-limit",
                                "You have reached the maximum daily rate limit for this API.",
                            )
                        }
                    };
                    let headers = [("retry-after", retry_after), ("x-ratelimit-type", kind.to_owned())];
                    let body = format!(r#"{{"code":429,"message":"{message}"}}"#);
                    return (StatusCode::TOO_MANY_REQUESTS, headers, body).into_response();
                }
                (StatusCode::OK, [("content-type", "application/json")], "{}").into_response()
            }
        }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let _server = tokio::spawn(async move { zoom_client::axum::serve(listener, app).await.unwrap() });
        FakeZoom { url, arrivals, limited_at, _server }
    }

    pub fn arrivals(&self) -> Vec<Instant> {
        self.arrivals.lock().unwrap().clone()
    }
}
