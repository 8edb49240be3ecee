//! What sharing state through Redis costs, on loopback (BENCHMARKS.md, "Redis"): the latency a
//! shared throttle adds to a call and the latency of a token read, each beside its local
//! counterpart, and calls per second with 1 and 4 processes on a shared throttle.
//!
//! `cargo bench -p zoom-client --features redis,axum --bench redis` (starts its own
//! redis-server, or uses `ZOOM_TEST_REDIS_URL`).

#[path = "../tests/fixtures/generated/mod.rs"]
#[rustfmt::skip]
#[allow(dead_code)]
mod generated;
#[path = "../tests/redis_support/mod.rs"]
mod redis_support;

use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use generated::params::Params;
use redis_support::{FakeZoom, RedisServer, WORKER, Worker};
use zoom_client::auth::{AccessToken, FileTokenStore, MemoryTokenStore, Secret, TokenSet, TokenStore};
use zoom_client::redis::{Redis, RedisThrottle, RedisTokenStore};
use zoom_client::{Client, Limits, Throttle};

/// Calls measured per case, after a warm-up of a tenth as many.
const SAMPLES: usize = 3000;

/// A budget no benchmark reaches: what is measured is the cost of asking, not waiting.
const UNLIMITED: Limits = Limits { light: 1e6, medium: 1e6, heavy: 1e6, resource_intensive: 1e6 };

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    if let Ok(role) = std::env::var(WORKER) {
        assert_eq!(role, "throughput");
        runtime.block_on(throughput_worker());
        return;
    }
    // `cargo bench` passes `--bench`; any other argument is not ours to read.
    let server = RedisServer::start().unwrap_or_else(|why| panic!("the Redis benchmark needs a Redis: {why}"));
    let redis = || Redis::open(&server.url).unwrap().prefix(format!("bench-{}", std::process::id()));
    let zoom = runtime.block_on(FakeZoom::start(None));

    println!("per call on a loopback fake of Zoom, {SAMPLES} calls one after another:");
    let throttles = [
        ("no throttle", None),
        ("local throttle", Some(Throttle::new(UNLIMITED))),
        ("shared throttle (Redis)", Some(Throttle::shared(UNLIMITED, RedisThrottle::new(redis(), "account")))),
    ];
    for (name, throttle) in throttles {
        let mut builder = Client::builder().bearer_token("token").base_url(&zoom.url);
        if let Some(throttle) = throttle {
            builder = builder.throttle(throttle);
        }
        let client = builder.build();
        let latencies = runtime.block_on(measure(|| {
            let client = client.clone();
            async move {
                Params::new(client).get_meeting(1, "o").send().await.unwrap();
            }
        }));
        report(name, &latencies);
    }

    println!("token read (`TokenStore::load`), {SAMPLES} reads one after another:");
    let tokens = TokenSet::new(
        AccessToken::new("access-token", SystemTime::now() + Duration::from_secs(3600)).with_scope("meeting:read"),
        Some(Secret::from("refresh-token")),
    );
    let file = std::env::temp_dir().join(format!("zoom-bench-tokens-{}.json", std::process::id()));
    let stores: [(&str, Arc<dyn TokenStore>); 3] = [
        ("MemoryTokenStore", Arc::new(MemoryTokenStore::with_tokens(tokens.clone()))),
        ("FileTokenStore", Arc::new(FileTokenStore::new(&file))),
        ("RedisTokenStore", Arc::new(RedisTokenStore::new(redis(), "user"))),
    ];
    for (name, store) in stores {
        runtime.block_on(store.save(&tokens)).unwrap();
        let latencies = runtime.block_on(measure(|| {
            let store = store.clone();
            async move {
                assert!(store.load().await.unwrap().is_some());
            }
        }));
        report(name, &latencies);
    }
    let _ = std::fs::remove_file(&file);

    println!("calls per second, 4 loops a process for 3 s, all processes on one loopback fake:");
    for throttle in ["local", "shared"] {
        for processes in [1, 4] {
            let prefix = format!("bench-throughput-{}-{throttle}-{processes}", std::process::id());
            let vars = [
                ("REDIS_URL", server.url.as_str()),
                ("PREFIX", &prefix),
                ("ZOOM_URL", &zoom.url),
                ("THROTTLE", throttle),
            ];
            let workers = Worker::start_together("throughput", processes, &vars);
            let calls: u64 = workers
                .into_iter()
                .map(|mut worker| {
                    let line = worker.line();
                    worker.finish();
                    line.strip_prefix("calls ").unwrap().parse::<u64>().unwrap()
                })
                .sum();
            println!("  {throttle:>6} throttle, {processes} process(es): {:>7.0} calls/s", calls as f64 / 3.0);
        }
    }
}

/// `SAMPLES` latencies of `call`, after a warm-up.
async fn measure<F, Fut>(call: F) -> Vec<Duration>
where
    F: Fn() -> Fut,
    Fut: Future<Output = ()>,
{
    for _ in 0..SAMPLES / 10 {
        call().await;
    }
    let mut latencies = Vec::with_capacity(SAMPLES);
    for _ in 0..SAMPLES {
        let started = Instant::now();
        call().await;
        latencies.push(started.elapsed());
    }
    latencies.sort();
    latencies
}

fn report(name: &str, sorted: &[Duration]) {
    let at = |fraction: f64| sorted[((sorted.len() as f64 * fraction) as usize).min(sorted.len() - 1)];
    let micros = |d: Duration| d.as_secs_f64() * 1e6;
    println!("  {name:<26} p50 {:>7.1} µs   p99 {:>7.1} µs", micros(at(0.5)), micros(at(0.99)));
}

/// Calls for 3 s in 4 loops through a throttle (`THROTTLE`: `local` or `shared`), then prints
/// how many.
async fn throughput_worker() {
    let var = |name: &str| std::env::var(name).unwrap();
    let throttle = match var("THROTTLE").as_str() {
        "shared" => {
            let redis = Redis::open(&var("REDIS_URL")).unwrap().prefix(var("PREFIX"));
            Throttle::shared(UNLIMITED, RedisThrottle::new(redis, "account"))
        }
        _ => Throttle::new(UNLIMITED),
    };
    let client = Client::builder().bearer_token("token").base_url(var("ZOOM_URL")).throttle(throttle).build();
    println!("ready");
    let mut go = String::new();
    std::io::stdin().read_line(&mut go).unwrap();
    let until = Instant::now() + Duration::from_secs(3);
    let loops = (0..4).map(|_| {
        let client = client.clone();
        async move {
            let mut calls = 0u64;
            while Instant::now() < until {
                Params::new(client.clone()).get_meeting(1, "o").send().await.unwrap();
                calls += 1;
            }
            calls
        }
    });
    let calls: u64 = futures_util::future::join_all(loops).await.into_iter().sum();
    println!("calls {calls}");
    std::io::stdout().flush().unwrap();
    tokio::task::spawn_blocking(|| std::io::stdin().lines().for_each(drop)).await.unwrap();
}
