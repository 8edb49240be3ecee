//! Several processes sharing one real Redis (feature `redis`): webhook de-duplication, the rate
//! budget, and what each part does when Redis is down or hung.
//!
//! The processes are this test binary run again with `ZOOM_REDIS_WORKER` set to their role. The
//! test starts its own `redis-server` on a free loopback port (or uses `ZOOM_TEST_REDIS_URL`).
//! Without one it says so and passes, unless `ZOOM_REQUIRE_REDIS=1` (CI), where that fails.

#[path = "fixtures/generated/mod.rs"]
#[rustfmt::skip]
#[allow(dead_code)]
mod generated;
mod redis_support;

use std::io::Write;
use std::net::TcpListener;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use generated::params::Params;
use redis_support::{FakeZoom, Limit, RedisServer, WORKER, Worker, free_port};
use zoom_client::auth::{AccessToken, RefreshLease, Secret, TokenSet, TokenStore, UserOAuth};
use zoom_client::redis::{Redis, RedisDeliveryStore, RedisThrottle, RedisTokenStore};
use zoom_client::webhook::{DeliveryKey, DeliveryStore, RawEvent, Receiver};
use zoom_client::{Client, DailyLimits, Error, Limits, RetryPolicy, Throttle};

const SECRET: &str = "webhook-secret-token";

/// A test, given the Redis URL.
type Test = fn(&str);

fn main() -> ExitCode {
    if let Ok(role) = std::env::var(WORKER) {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(worker(&role));
        return ExitCode::SUCCESS;
    }
    let server = match RedisServer::start() {
        Ok(server) => server,
        Err(why) if std::env::var("ZOOM_REQUIRE_REDIS").as_deref() == Ok("1") => {
            eprintln!("error: no Redis for the Redis tests, and ZOOM_REQUIRE_REDIS=1: {why}");
            return ExitCode::FAILURE;
        }
        Err(why) => {
            println!("Redis tests skipped: no Redis ({why}); install redis-server or set ZOOM_TEST_REDIS_URL");
            return ExitCode::SUCCESS;
        }
    };
    let tests: [(&str, Test); 11] = [
        ("four_processes_refresh_one_user_once_per_expiry", four_processes_refresh_one_user_once_per_expiry),
        ("a_killed_refresher_hands_over_when_its_lock_expires", a_killed_refresher_hands_over_when_its_lock_expires),
        ("without_redis_no_refresh_is_made", without_redis_no_refresh_is_made),
        ("older_tokens_never_replace_newer_ones", older_tokens_never_replace_newer_ones),
        (
            "one_delivery_posted_to_three_receivers_is_handled_once",
            one_delivery_posted_to_three_receivers_is_handled_once,
        ),
        (
            "without_redis_deduplication_falls_back_to_the_process",
            without_redis_deduplication_falls_back_to_the_process,
        ),
        ("four_processes_stay_within_one_budget", four_processes_stay_within_one_budget),
        ("a_429_in_one_process_stops_all_four", a_429_in_one_process_stops_all_four),
        ("without_redis_the_throttle_paces_locally", without_redis_the_throttle_paces_locally),
        ("four_processes_share_one_daily_limit", four_processes_share_one_daily_limit),
        (
            "a_daily_limit_zoom_answers_one_process_stops_all_four",
            a_daily_limit_zoom_answers_one_process_stops_all_four,
        ),
    ];
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let mut failed = 0;
    for (name, test) in tests {
        if filter.as_deref().is_some_and(|f| !name.contains(f)) {
            continue;
        }
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(|| test(&server.url));
        let verdict = if outcome.is_ok() { "ok" } else { "FAILED" };
        println!("test {name} ... {verdict} ({:.1} s)", started.elapsed().as_secs_f64());
        failed += usize::from(outcome.is_err());
    }
    if failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

/// A prefix of keys no other test (or earlier run) uses.
fn fresh_prefix(test: &str) -> String {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos();
    format!("test-{test}-{nanos}")
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

async fn worker(role: &str) {
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} for the worker"));
    let redis = Redis::open(&var("REDIS_URL")).unwrap().prefix(var("PREFIX"));
    match role {
        "webhook" => webhook_worker(redis).await,
        "throttle" => {
            let number = |name: &str| var(name).parse::<u64>().unwrap();
            let calls = Calls {
                loops: number("LOOPS"),
                each: number("CALLS"),
                pause: Duration::from_millis(number("PAUSE_MS")),
            };
            throttle_worker(redis, &var("ZOOM_URL"), calls, var("RATE").parse().unwrap()).await
        }
        "tokens" => {
            let number = |name: &str| var(name).parse::<u64>().unwrap();
            let lock_ttl = Duration::from_millis(number("LOCK_TTL_MS"));
            let store = RedisTokenStore::new(redis, "user-1").lock_ttl(lock_ttl);
            let run_for = Duration::from_millis(number("RUN_MS"));
            tokens_worker(store, &var("ZOOM_URL"), number("LOOPS"), run_for).await
        }
        "daily" => {
            let number = |name: &str| var(name).parse::<u32>().unwrap();
            let cap = Some(number("CAP")).filter(|cap| *cap > 0);
            let pause = Duration::from_millis(number("PAUSE_MS").into());
            daily_worker(redis, &var("ZOOM_URL"), number("CALLS"), pause, cap).await
        }
        other => panic!("unknown worker role {other}"),
    }
}

/// Serves Zoom's webhook route on a free port (printed first), printing each event handled,
/// until stdin closes.
async fn webhook_worker(redis: Redis) {
    let receiver = Receiver::new(SECRET).unwrap().delivery_store(RedisDeliveryStore::new(redis));
    let route = zoom_client::webhook::axum::route(receiver, |event: RawEvent| async move {
        println!("handled {}", event.event_ts.unwrap_or_default());
    });
    let app = zoom_client::axum::Router::new().route("/webhook", route);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    println!("port {}", listener.local_addr().unwrap().port());
    let server = tokio::spawn(async move { zoom_client::axum::serve(listener, app).await });
    wait_for_stdin_to_close().await;
    server.abort();
}

async fn wait_for_stdin_to_close() {
    tokio::task::spawn_blocking(|| std::io::stdin().lines().for_each(drop)).await.unwrap();
}

/// How a throttle worker calls: `loops` loops at once, each making `each` calls one after
/// the other with `pause` between them.
#[derive(Clone, Copy)]
struct Calls {
    loops: u64,
    each: u64,
    pause: Duration,
}

/// Makes its calls through a throttle shared at `rate` per second, then says `done`.
async fn throttle_worker(redis: Redis, zoom_url: &str, calls: Calls, rate: f64) {
    let limits = Limits { light: rate, medium: rate, heavy: rate, resource_intensive: rate };
    let throttle = Throttle::shared(limits, RedisThrottle::new(redis, "account-1"));
    let client = Client::builder()
        .bearer_token("token")
        .base_url(zoom_url)
        .throttle(throttle)
        .retry(RetryPolicy::default().max_attempts(5))
        .build();
    println!("ready");
    // Starts when the test says so, so that all processes begin together.
    let mut go = String::new();
    std::io::stdin().read_line(&mut go).unwrap();
    let loops = (0..calls.loops).map(|_| {
        let client = client.clone();
        async move {
            for _ in 0..calls.each {
                Params::new(client.clone()).get_meeting(1, "o").send().await.expect("every call succeeds in the end");
                tokio::time::sleep(calls.pause).await;
            }
        }
    });
    futures_util::future::join_all(loops).await;
    println!("done");
    std::io::stdout().flush().unwrap();
    wait_for_stdin_to_close().await;
}

/// The webhook headers of `body` signed at `timestamp`.
fn signed(body: &str, timestamp: u64) -> reqwest::header::HeaderMap {
    use hmac::{KeyInit, Mac};
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(format!("v0:{timestamp}:{body}").as_bytes());
    let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-zm-signature", format!("v0={hex}").parse().unwrap());
    headers.insert("x-zm-request-timestamp", timestamp.to_string().parse().unwrap());
    headers.insert("content-type", "application/json".parse().unwrap());
    headers
}

fn one_delivery_posted_to_three_receivers_is_handled_once(redis_url: &str) {
    let prefix = fresh_prefix("webhook");
    let mut workers: Vec<Worker> =
        (0..3).map(|_| Worker::spawn("webhook", &[("REDIS_URL", redis_url), ("PREFIX", &prefix)])).collect();
    let urls: Vec<String> = workers
        .iter_mut()
        .map(|w| {
            let line = w.line();
            let port = line.strip_prefix("port ").unwrap_or_else(|| panic!("a port, not {line:?}"));
            format!("http://127.0.0.1:{port}/webhook")
        })
        .collect();
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    let event = |ts: u64| {
        format!(r#"{{"event":"meeting.started","event_ts":{ts},"payload":{{"account_id":"a","object":{{"id":"1"}}}}}}"#)
    };
    // Event 1 at once to all three, then Zoom's retry of it (signed anew) to all three; event 2
    // to all three.
    let deliveries = [(event(1), now), (event(1), now + 1), (event(2), now)];
    // reqwest is built without a crypto provider of its own (zoom-client installs its own).
    let _ = rustls::crypto::ring::default_provider().install_default();
    runtime().block_on(async {
        let http = reqwest::Client::new();
        for (body, timestamp) in &deliveries {
            let posts =
                urls.iter().map(|url| http.post(url).headers(signed(body, *timestamp)).body(body.clone()).send());
            for answer in futures_util::future::join_all(posts).await {
                assert_eq!(answer.unwrap().status(), 200, "a duplicate is answered 200 too");
            }
        }
    });
    let handled: Vec<String> = workers.into_iter().flat_map(Worker::finish).collect();
    let count = |ts: &str| handled.iter().filter(|line| *line == &format!("handled {ts}")).count();
    assert_eq!((count("1"), count("2")), (1, 1), "each event handled by one receiver: {handled:?}");
}

fn without_redis_deduplication_falls_back_to_the_process(_: &str) {
    runtime().block_on(async {
        // Nothing listens on `closed`; `hung` accepts connections and never answers.
        let closed = format!("redis://127.0.0.1:{}/", free_port());
        let hung = TcpListener::bind("127.0.0.1:0").unwrap();
        let hung_url = format!("redis://{}/", hung.local_addr().unwrap());
        for url in [closed, hung_url] {
            let timeout = Duration::from_millis(100);
            let store = RedisDeliveryStore::new(Redis::open(&url).unwrap().timeout(timeout));
            let key = webhook_key().await;
            let started = Instant::now();
            assert!(store.insert(&key, Duration::from_secs(60)).await.unwrap(), "{url}: a new delivery is handed on");
            assert!(!store.insert(&key, Duration::from_secs(60)).await.unwrap(), "{url}: remembered here");
            assert!(started.elapsed() < 4 * timeout, "{url}: each call waits its timeout at most");
            // Forgetting reports that Redis still holds (or may hold) the delivery.
            assert!(store.remove(&key).await.is_err(), "{url}");
        }
        drop(hung);
    });
}

/// A delivery key, from a receiver (keys have no public constructor).
async fn webhook_key() -> DeliveryKey {
    let receiver = Receiver::new(SECRET).unwrap();
    let body = r#"{"event":"x","event_ts":1,"payload":{}}"#;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    match receiver.receive::<RawEvent>(&signed(body, now), body.as_bytes()).await.unwrap() {
        zoom_client::webhook::Delivery::Event { key, .. } => key,
        other => panic!("an event, not {other:?}"),
    }
}

/// The most requests in any window of `window`.
fn most_within(arrivals: &[Instant], window: Duration) -> usize {
    let mut sorted = arrivals.to_vec();
    sorted.sort();
    (0..sorted.len()).map(|i| sorted[i..].iter().take_while(|t| **t - sorted[i] < window).count()).max().unwrap_or(0)
}

/// Runs `processes` throttle workers against `zoom`, started together.
fn run_throttle_workers(redis_url: &str, prefix: &str, zoom: &FakeZoom, processes: usize, calls: Calls, rate: f64) {
    let (loops, each, pause) = (calls.loops.to_string(), calls.each.to_string(), calls.pause.as_millis().to_string());
    let rate = rate.to_string();
    let vars = [
        ("REDIS_URL", redis_url),
        ("PREFIX", prefix),
        ("ZOOM_URL", &zoom.url),
        ("LOOPS", &loops),
        ("CALLS", &each),
        ("PAUSE_MS", &pause),
        ("RATE", &rate),
    ];
    let mut workers = Worker::start_together("throttle", processes, &vars);
    for worker in &mut workers {
        assert_eq!(worker.line(), "done");
    }
    for worker in workers {
        worker.finish();
    }
}

/// 4 processes × 15 calls at once on a shared budget of 20 a second: the generic cell rate
/// algorithm lets a second's budget through at once (20), then one call every 50 ms, so the
/// 60 calls take 2 s, and no second sees more than the budget plus that burst (40). Each
/// process alone would send its 15 at once.
fn four_processes_stay_within_one_budget(redis_url: &str) {
    let rt = runtime();
    let zoom = rt.block_on(FakeZoom::start(None));
    let at_once = Calls { loops: 15, each: 1, pause: Duration::ZERO };
    run_throttle_workers(redis_url, &fresh_prefix("budget"), &zoom, 4, at_once, 20.0);
    let arrivals = zoom.arrivals();
    assert_eq!(arrivals.len(), 60);
    let busiest = most_within(&arrivals, Duration::from_secs(1));
    assert!(busiest <= 40, "{busiest} calls in one second; the budget is 20 a second with a burst of 20");
    let first = *arrivals.iter().min().unwrap();
    let span = *arrivals.iter().max().unwrap() - first;
    // 40 calls after the burst, 50 ms apart: the last is due 1.95 s after the first.
    assert!(span >= Duration::from_millis(1900), "60 calls took {span:?}: the budget was not shared");
    let in_first_second = arrivals.iter().filter(|t| **t - first < Duration::from_secs(1)).count();
    assert!(in_first_second <= 40, "{in_first_second} in the first second");
}

/// 4 processes calling steadily (one call every 20 ms or so each, well within the budget); Zoom
/// answers the 40th call `429` with `Retry-After: 2`. From the moment the limited process has
/// told Redis (a few ms; 150 ms allowed for calls already on their way), no process sends until
/// the two seconds are over, and then all of them go on.
fn a_429_in_one_process_stops_all_four(redis_url: &str) {
    let rt = runtime();
    let zoom = rt.block_on(FakeZoom::start(Some(40)));
    let steady = Calls { loops: 1, each: 50, pause: Duration::from_millis(20) };
    run_throttle_workers(redis_url, &fresh_prefix("blocked"), &zoom, 4, steady, 1000.0);
    let arrivals = zoom.arrivals();
    assert_eq!(arrivals.len(), 201, "200 calls and the retry of the limited one");
    let limited = zoom.limited_at.lock().unwrap().expect("one call was limited");
    let stopped = (limited + Duration::from_millis(150), limited + Duration::from_millis(1900));
    let during: Vec<Duration> =
        arrivals.iter().filter(|t| **t > stopped.0 && **t < stopped.1).map(|t| *t - limited).collect();
    assert!(during.is_empty(), "calls during the Retry-After of another process's 429: {during:?}");
    let after = arrivals.iter().filter(|t| **t >= limited + Duration::from_secs(2)).count();
    assert!(after >= 4 * 50 - 40, "{after} calls after the wait: all four go on");
}

/// Redis down: each process paces itself with the local budget (no error, no hang).
fn without_redis_the_throttle_paces_locally(_: &str) {
    let rt = runtime();
    rt.block_on(async {
        let zoom = FakeZoom::start(None).await;
        let redis =
            Redis::open(&format!("redis://127.0.0.1:{}/", free_port())).unwrap().timeout(Duration::from_millis(50));
        let limits = Limits { light: 10.0, medium: 10.0, heavy: 10.0, resource_intensive: 10.0 };
        let client = Client::builder()
            .bearer_token("token")
            .base_url(&zoom.url)
            .throttle(Throttle::shared(limits, RedisThrottle::new(redis, "account-1")))
            .build();
        let started = Instant::now();
        let sent = (0..15).map(|_| Params::new(client.clone()).get_meeting(1, "o").send());
        for outcome in futures_util::future::join_all(sent).await {
            outcome.unwrap();
        }
        // 10 at once, then 5 more 100 ms apart.
        let elapsed = started.elapsed();
        assert!(elapsed >= Duration::from_millis(450), "paced locally: {elapsed:?}");
        assert!(elapsed < Duration::from_secs(5), "not stuck on Redis: {elapsed:?}");
        assert_eq!(most_within(&zoom.arrivals(), Duration::from_millis(50)), 10, "the local burst");
    });
}

/// Calls the API in `loops` loops for `run_for` with one user's OAuth tokens kept in `store`,
/// then prints how many calls it made.
async fn tokens_worker(store: RedisTokenStore, zoom_url: &str, loops: u64, run_for: Duration) {
    let oauth = UserOAuth::new("client-id", "client-secret", "https://app.example/callback")
        .token_url(format!("{zoom_url}/oauth/token"))
        .expiry_margin(EXPIRY_MARGIN)
        .token_store(Arc::new(store));
    let client = Client::builder().credentials(oauth).base_url(zoom_url).build();
    println!("ready");
    let mut go = String::new();
    std::io::stdin().read_line(&mut go).unwrap();
    let until = Instant::now() + run_for;
    let loops = (0..loops).map(|_| {
        let client = client.clone();
        async move {
            let mut calls = 0;
            while Instant::now() < until {
                Params::new(client.clone()).get_meeting(1, "o").send().await.expect("every call succeeds");
                calls += 1;
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            calls
        }
    });
    let calls: u64 = futures_util::future::join_all(loops).await.into_iter().sum();
    println!("done {calls}");
    std::io::stdout().flush().unwrap();
    wait_for_stdin_to_close().await;
}

/// Seconds an access token of [`FakeAuthZoom`] lasts: the shortest zoom-client believes (a
/// shorter `expires_in` is taken as this)...
const TOKEN_LIFETIME: u64 = 120;

/// ...and the workers refresh this long before expiry: 2 s after a token arrives.
const EXPIRY_MARGIN: Duration = Duration::from_secs(TOKEN_LIFETIME - 2);

/// A loopback Zoom for user OAuth: a token endpoint that rotates refresh tokens as Zoom does
/// (a refresh with the current refresh token answers new tokens and retires it; any other is
/// `invalid_grant`), and an API that answers 200 to a live access token and 401 (124) to any
/// other. With `hang_first`, the first token request is never answered nor processed.
struct FakeAuthZoom {
    url: String,
    state: Arc<Mutex<AuthState>>,
    _server: tokio::task::JoinHandle<()>,
}

#[derive(Default)]
struct AuthState {
    refresh_token: String,
    /// Access token → when it expires.
    live: Vec<(String, Instant)>,
    refreshes: Vec<Instant>,
    invalid_grants: usize,
    hang_first: bool,
    hung_at: Option<Instant>,
    calls: usize,
    rejected: usize,
}

impl FakeAuthZoom {
    async fn start(hang_first: bool) -> FakeAuthZoom {
        use zoom_client::axum::{http::HeaderMap, http::StatusCode, response::IntoResponse, routing::post};
        let state =
            Arc::new(Mutex::new(AuthState { refresh_token: "rt-0".into(), hang_first, ..AuthState::default() }));
        let (tokens, api) = (state.clone(), state.clone());
        let app = zoom_client::axum::Router::new()
            .route(
                "/oauth/token",
                post(move |body: String| {
                    let state = tokens.clone();
                    async move {
                        let form: std::collections::HashMap<String, String> =
                            form_urlencoded::parse(body.as_bytes()).into_owned().collect();
                        let hang = {
                            let mut state = state.lock().unwrap();
                            let hang = std::mem::take(&mut state.hang_first);
                            if hang {
                                state.hung_at = Some(Instant::now());
                            }
                            hang
                        };
                        if hang {
                            std::future::pending::<()>().await;
                        }
                        let mut state = state.lock().unwrap();
                        if form.get("refresh_token") != Some(&state.refresh_token) {
                            state.invalid_grants += 1;
                            let body = r#"{"reason":"Invalid Token!","error":"invalid_grant"}"#;
                            return (StatusCode::BAD_REQUEST, body.to_owned()).into_response();
                        }
                        state.refreshes.push(Instant::now());
                        let n = state.refreshes.len();
                        state.refresh_token = format!("rt-{n}");
                        state.live.push((format!("at-{n}"), Instant::now() + Duration::from_secs(TOKEN_LIFETIME)));
                        let body = format!(
                            r#"{{"access_token":"at-{n}","token_type":"bearer","refresh_token":"rt-{n}","expires_in":{TOKEN_LIFETIME},"scope":"meeting:read"}}"#
                        );
                        ([("content-type", "application/json")], body).into_response()
                    }
                }),
            )
            .fallback(move |headers: HeaderMap| {
                let state = api.clone();
                async move {
                    let mut state = state.lock().unwrap();
                    state.calls += 1;
                    let token = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default();
                    let now = Instant::now();
                    if state.live.iter().any(|(live, until)| token == format!("Bearer {live}") && *until > now) {
                        return ([("content-type", "application/json")], "{}".to_owned()).into_response();
                    }
                    state.rejected += 1;
                    let body = r#"{"code":124,"message":"Invalid access token."}"#;
                    (StatusCode::UNAUTHORIZED, [("content-type", "application/json")], body.to_owned()).into_response()
                }
            });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let _server = tokio::spawn(async move { zoom_client::axum::serve(listener, app).await.unwrap() });
        FakeAuthZoom { url, state, _server }
    }
}

/// The store of the test user, holding an expired access token and the refresh token `rt-0`.
async fn seeded_store(redis_url: &str, prefix: &str) -> RedisTokenStore {
    let store = RedisTokenStore::new(Redis::open(redis_url).unwrap().prefix(prefix), "user-1");
    let expired = AccessToken::new("at-0", SystemTime::now() - Duration::from_secs(1));
    store.save(&TokenSet::new(expired, Some(Secret::from("rt-0")))).await.unwrap();
    store
}

fn token_workers(
    redis_url: &str,
    prefix: &str,
    zoom: &str,
    processes: usize,
    loops: u64,
    run_for: Duration,
) -> Vec<Worker> {
    let (loops, run_ms) = (loops.to_string(), run_for.as_millis().to_string());
    let vars = [
        ("REDIS_URL", redis_url),
        ("PREFIX", prefix),
        ("ZOOM_URL", zoom),
        ("LOOPS", &loops),
        ("RUN_MS", &run_ms),
        ("LOCK_TTL_MS", "2000"),
    ];
    Worker::start_together("tokens", processes, &vars)
}

/// Waits for each worker's `done`; returns their calls.
fn calls_of(workers: Vec<Worker>) -> u64 {
    workers
        .into_iter()
        .map(|mut worker| {
            let line = worker.line();
            worker.finish();
            line.strip_prefix("done ").unwrap_or_else(|| panic!("done, not {line:?}")).parse::<u64>().unwrap()
        })
        .sum()
}

/// 4 processes × 8 loops calling for 7 s, refreshing each token 2 s after it came: one refresh
/// per expiry (about 2 s apart, never two at once), no `invalid_grant`, no
/// call with a dead token, and the store ends with the refresh token Zoom holds live.
fn four_processes_refresh_one_user_once_per_expiry(redis_url: &str) {
    let rt = runtime();
    let prefix = fresh_prefix("tokens");
    let zoom = rt.block_on(FakeAuthZoom::start(false));
    let store = rt.block_on(seeded_store(redis_url, &prefix));
    let workers = token_workers(redis_url, &prefix, &zoom.url, 4, 8, Duration::from_secs(7));
    let calls = calls_of(workers);
    let state = zoom.state.lock().unwrap();
    assert_eq!((state.invalid_grants, state.rejected), (0, 0), "no lost refresh token, no dead access token");
    assert_eq!(state.calls as u64, calls);
    // No `invalid_grant`: no refresh token was used twice. Refreshes come 2 s apart, when the
    // token is due (every process reads its expiry to the millisecond), never two at once.
    let gaps: Vec<Duration> = state.refreshes.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(gaps.iter().all(|gap| *gap >= Duration::from_millis(1800)), "one refresh per expiry: {gaps:?}");
    assert!((3..=4).contains(&state.refreshes.len()), "{} refreshes in 7 s: {gaps:?}", state.refreshes.len());
    let stored = rt.block_on(store.load()).unwrap().unwrap();
    assert_eq!(stored.refresh_token.unwrap().expose(), state.refresh_token, "the live refresh token is stored");
}

/// A process takes the refresh lock and is killed while Zoom has not yet processed its token
/// request. Two processes started after wait for the lock to expire (2 s), then one of them
/// refreshes with the refresh token the dead one never used: one refresh, no `invalid_grant`.
fn a_killed_refresher_hands_over_when_its_lock_expires(redis_url: &str) {
    let rt = runtime();
    let prefix = fresh_prefix("killed");
    let zoom = rt.block_on(FakeAuthZoom::start(true));
    let store = rt.block_on(seeded_store(redis_url, &prefix));
    let mut holder = token_workers(redis_url, &prefix, &zoom.url, 1, 1, Duration::from_secs(30)).remove(0);
    let deadline = Instant::now() + Duration::from_secs(10);
    let hung_at = loop {
        if let Some(at) = zoom.state.lock().unwrap().hung_at {
            break at;
        }
        assert!(Instant::now() < deadline, "the holder's token request never came");
        std::thread::sleep(Duration::from_millis(10));
    };
    holder.child.kill().unwrap();
    holder.child.wait().unwrap();
    let others = token_workers(redis_url, &prefix, &zoom.url, 2, 4, Duration::from_secs(4));
    let calls = calls_of(others);
    let state = zoom.state.lock().unwrap();
    assert!(calls > 0);
    assert_eq!((state.invalid_grants, state.rejected), (0, 0));
    let first = *state.refreshes.first().expect("a refresh after the holder died");
    assert!(first - hung_at >= Duration::from_millis(1800), "the lock held {:?}", first - hung_at);
    assert!(state.refreshes.len() <= 3, "{} refreshes in 4 s", state.refreshes.len());
    let stored = rt.block_on(store.load()).unwrap().unwrap();
    assert_eq!(stored.refresh_token.unwrap().expose(), state.refresh_token);
}

/// No Redis, or a lock another holds too long: the refresh fails, and no token request is sent.
fn without_redis_no_refresh_is_made(redis_url: &str) {
    let rt = runtime();
    rt.block_on(async {
        let zoom = FakeAuthZoom::start(false).await;
        let oauth = |store: RedisTokenStore| {
            UserOAuth::new("client-id", "client-secret", "https://app.example/callback")
                .token_url(format!("{}/oauth/token", zoom.url))
                .token_store(Arc::new(store))
        };
        let down =
            Redis::open(&format!("redis://127.0.0.1:{}/", free_port())).unwrap().timeout(Duration::from_millis(100));
        let error = oauth(RedisTokenStore::new(down, "user-1")).access_token().await.unwrap_err();
        assert!(error.to_string().contains("Redis"), "{error}");

        let prefix = fresh_prefix("held");
        let store = seeded_store(redis_url, &prefix).await.lock_wait(Duration::from_millis(300));
        let lock = format!("{prefix}:tokens:user-1:lock");
        let mut connection = redis::Client::open(redis_url).unwrap().get_multiplexed_async_connection().await.unwrap();
        let _: () = redis::cmd("SET")
            .arg(&lock)
            .arg("1:elsewhere")
            .arg("PX")
            .arg(60_000)
            .query_async(&mut connection)
            .await
            .unwrap();
        let error = oauth(store).access_token().await.unwrap_err();
        assert!(error.to_string().contains("refresh lock"), "{error}");
        let state = zoom.state.lock().unwrap();
        assert!(state.refreshes.is_empty() && state.invalid_grants == 0, "no token request was sent");
    });
}

/// The compare-and-set: tokens refreshed under a lease are not saved once the stored version
/// moved on; unlocking with a lease that no longer holds the lock leaves the new holder's.
fn older_tokens_never_replace_newer_ones(redis_url: &str) {
    runtime().block_on(async {
        let prefix = fresh_prefix("cas");
        let store = seeded_store(redis_url, &prefix).await.lock_ttl(Duration::from_millis(200));
        let token = |name: &str| {
            TokenSet::new(
                AccessToken::new(name, SystemTime::now() + Duration::from_secs(3600)),
                Some(Secret::from(format!("r{name}"))),
            )
        };
        let first = store.lock_refresh().await.unwrap().expect("a lease");
        tokio::time::sleep(Duration::from_millis(300)).await;
        // The first lease expired; a second holder refreshes and saves.
        let second = store.clone().lock_ttl(Duration::from_secs(60)).lock_refresh().await.unwrap().expect("a lease");
        assert_ne!(first.id(), second.id());
        assert!(store.save_refreshed(&token("new"), &second).await.unwrap());
        // The first holder's late save and unlock change nothing.
        assert!(!store.save_refreshed(&token("old"), &first).await.unwrap(), "refused: the version moved on");
        store.unlock(&first).await.unwrap();
        let mut connection = redis::Client::open(redis_url).unwrap().get_multiplexed_async_connection().await.unwrap();
        let holder: String =
            redis::cmd("GET").arg(format!("{prefix}:tokens:user-1:lock")).query_async(&mut connection).await.unwrap();
        assert_eq!(holder, second.id(), "the second holder keeps the lock");
        store.unlock(&second).await.unwrap();
        let lease: Option<RefreshLease> = store.lock_refresh().await.unwrap();
        assert!(lease.is_some(), "given back by its owner");
        assert_eq!(store.load().await.unwrap().unwrap().access_token.secret().expose(), "new");
    });
}

/// Makes `calls` calls one after another through a shared throttle with a daily limit of `cap`
/// light calls, then prints how many were sent, refused by the daily limit, and answered 429.
async fn daily_worker(redis: Redis, zoom_url: &str, calls: u32, pause: Duration, cap: Option<u32>) {
    let unlimited = Limits { light: 1e6, medium: 1e6, heavy: 1e6, resource_intensive: 1e6 };
    let daily = DailyLimits { light: cap, ..DailyLimits::default() };
    let throttle = Throttle::shared(unlimited, RedisThrottle::new(redis, "account-1")).daily_limits(daily);
    let client = Client::builder().bearer_token("token").base_url(zoom_url).throttle(throttle).build();
    println!("ready");
    let mut go = String::new();
    std::io::stdin().read_line(&mut go).unwrap();
    let (mut sent, mut refused, mut limited) = (0, 0, 0);
    for _ in 0..calls {
        match Params::new(client.clone()).get_meeting(1, "o").send().await {
            Ok(_) => sent += 1,
            Err(Error::DailyLimitReached(reached)) => {
                assert_eq!(reached.limit, cap, "{reached}");
                refused += 1;
            }
            Err(Error::RateLimited(_)) => limited += 1,
            Err(other) => panic!("{other}"),
        }
        tokio::time::sleep(pause).await;
    }
    println!("sent {sent} refused {refused} limited {limited}");
    std::io::stdout().flush().unwrap();
    wait_for_stdin_to_close().await;
}

/// Runs 4 daily workers against `zoom`; the sums of what they sent, refused and were answered 429.
fn run_daily_workers(redis_url: &str, zoom: &FakeZoom, calls: u32, pause_ms: u32, cap: u32) -> [u32; 3] {
    let prefix = fresh_prefix("daily");
    let (calls, pause, cap) = (calls.to_string(), pause_ms.to_string(), cap.to_string());
    let vars = [
        ("REDIS_URL", redis_url),
        ("PREFIX", &prefix),
        ("ZOOM_URL", &zoom.url),
        ("CALLS", &calls),
        ("PAUSE_MS", &pause),
        ("CAP", &cap),
    ];
    let workers = Worker::start_together("daily", 4, &vars);
    let mut totals = [0; 3];
    for mut worker in workers {
        let line = worker.line();
        worker.finish();
        let numbers: Vec<u32> = line.split(' ').skip(1).step_by(2).map(|n| n.parse().unwrap()).collect();
        for (total, n) in totals.iter_mut().zip(numbers) {
            *total += n;
        }
    }
    totals
}

/// A daily limit of 30 light calls, shared by 4 processes making 10 each: 30 reach Zoom, the
/// other 10 are refused before they are sent.
fn four_processes_share_one_daily_limit(redis_url: &str) {
    let rt = runtime();
    let zoom = rt.block_on(FakeZoom::start(None));
    let [sent, refused, limited] = run_daily_workers(redis_url, &zoom, 10, 0, 30);
    assert_eq!((sent, refused, limited), (30, 10, 0));
    assert_eq!(zoom.arrivals().len(), 30);
}

/// Zoom answers its daily limit to the 20th of 60 calls: from then on the four processes refuse
/// the label's calls themselves (a call each may already be on its way).
fn a_daily_limit_zoom_answers_one_process_stops_all_four(redis_url: &str) {
    let rt = runtime();
    let zoom = rt.block_on(FakeZoom::limiting(Some(20), Limit::Daily));
    let [sent, refused, limited] = run_daily_workers(redis_url, &zoom, 15, 20, 0);
    assert_eq!(limited, 1, "the one call Zoom refused");
    let arrivals = zoom.arrivals().len() as u32;
    assert_eq!(sent + limited, arrivals);
    assert!(arrivals <= 20 + 3, "{arrivals} calls reached Zoom after its daily limit");
    assert_eq!(sent + refused + limited, 60);
}
