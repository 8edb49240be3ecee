//! What zoom-client costs at run time, next to the code one would write by hand for the same call.
//!
//! Two groups, each comparing a generated path with a hand-written baseline (goal: within 5 %):
//!
//! - `request/*`: one `GET /v2/users/me/meetings?page_size=30` against an in-process HTTP/1.1
//!   server on 127.0.0.1 that answers a one-meeting page. `generated` is
//!   `client.meetings().list_meetings("me").page_size(30).send()`, i.e. everything the crate does
//!   per call (request builder, path encoding, scope check, tracing span, retry loop, bounded
//!   body read, decoding). `hand_written` is a plain `reqwest::Client` GET with bearer
//!   auth, `.bytes()` and `serde_json::from_slice` into a `#[derive(Deserialize)]` struct. Both
//!   reuse one client, so after the first iteration every request goes over a pooled keep-alive
//!   connection; the difference is the crate's per-request overhead. `generated_bytes` and
//!   `hand_written_bytes` are the same requests without decoding: the client's share of it.
//! - `decode_300/*`: decoding a realistic 300-meeting `ListMeetingsResponse` page (every
//!   documented field filled, date-times as Zoom writes them), with no I/O. `generated` is
//!   `zoom_client::json::from_slice` (the generated decoder reading the bytes through
//!   `zoom_client::json::Decoder`, keeping unknown fields in `extra` and paths in errors, strict);
//!   `generated_tolerant` is `from_slice_with(.., Decoding::Tolerant)`, what the client runs on
//!   every answer (no deviation in this page); `generated_serde` is the same model through its `serde` impl
//!   (`serde_json::from_slice`), which goes through a `serde_json::Value` first; `serde_derive` is
//!   a hand-written derived mirror struct (the baseline); `serde_derive_flatten` is that mirror
//!   plus `#[serde(flatten)]` maps for unknown fields, the derive-based design BENCHMARKS.md
//!   compares the generated code with, for context.
//!
//! - `decode_1/*`: the request line's one-meeting page decoded alone, generated against derived:
//!   the fixed cost of a decode per answer.
//!
//! The hand-written structs mirror the generated ones field for field with the same Rust types
//! (`Option<String>`, `Option<i64>`, `chrono::DateTime<FixedOffset>` through chrono's serde
//! impls, an integer enum that keeps unknown values); before timing, the bench checks that every
//! path decodes to the same values.
//!
//! The server runs on the same current-thread tokio runtime as the clients: no cross-thread
//! wake-ups in the measurement, and its work (find the end of the request head, write a fixed
//! answer) is the same small constant in both lines.
//!
//! ```sh
//! cargo bench -p zoom-client --features meetings --bench runtime
//! cargo xtask bench --calls   # instructions per request line, under valgrind
//! ```
//!
//! With `ZOOM_API_BENCH_CALLS=<line>:<n>` set, the binary instead makes `n` calls of one request
//! line and exits: what `cargo xtask bench --calls` counts.

use std::hint::black_box;
use std::net::SocketAddr;
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use zoom_client::meetings::types::{ListMeetingsResponse, ListMeetingsResponseType};

/// The request line both clients send; the server answers anything else with 404.
const REQUEST_LINE: &[u8] = b"GET /v2/users/me/meetings?page_size=30 HTTP/1.1\r\n";
const BEARER: &[u8] = b"\r\nauthorization: Bearer t\r\n";

/// The request lines' fixtures: a runtime serving the one-meeting page, and both clients.
struct Lines {
    rt: tokio::runtime::Runtime,
    generated: zoom_client::Client,
    hand: HandClient,
    url: String,
}

impl Lines {
    fn start() -> Lines {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let body = serde_json::to_vec(&page(1, 30)).unwrap();
        let addr = rt.block_on(start_server(http_answer(&body)));
        let base_url = format!("http://{addr}/v2");
        let generated = zoom_client::Client::builder().bearer_token("t").base_url(base_url.clone()).build();
        let hand = HandClient { http: reqwest::Client::new(), base_url, token: "t".to_owned() };
        let (g, h) = rt.block_on(async { (generated_call(&generated).await, hand.list_meetings("me").await) });
        assert_same(&g, &h);
        assert_eq!(g.meetings.as_ref().map(Vec::len), Some(1));
        Lines { rt, generated, hand, url: format!("http://{addr}/v2/users/me/meetings?page_size=30") }
    }

    /// One call of the named line.
    async fn call(&self, line: &str) {
        match line {
            "generated" => drop(black_box(generated_call(&self.generated).await)),
            "generated_bytes" => drop(black_box(generated_bytes(&self.generated).await)),
            "hand_written" => drop(black_box(self.hand.list_meetings(black_box("me")).await)),
            "hand_written_bytes" => drop(black_box(self.hand.bytes(&self.url).await)),
            other => panic!("no request line {other}"),
        }
    }
}

const LINES: [&str; 4] = ["generated", "generated_bytes", "hand_written", "hand_written_bytes"];

fn requests(c: &mut Criterion) {
    let lines = Lines::start();
    let mut group = c.benchmark_group("request");
    for line in LINES {
        group.bench_function(line, |b| b.to_async(&lines.rt).iter(|| lines.call(line)));
    }
    group.finish();
}

/// `ZOOM_API_BENCH_CALLS=<line>:<n>`: makes `n` calls of one request line and exits, for counting
/// instructions under valgrind, which (unlike wall time on a shared VM) repeats exactly. The cost
/// of one call is the difference between two counts over the difference in `n`.
fn count_calls(spec: &str) {
    let (line, n) = spec.split_once(':').expect("ZOOM_API_BENCH_CALLS=<line>:<n>");
    let n: u32 = n.parse().expect("a call count");
    let lines = Lines::start();
    lines.rt.block_on(async {
        for _ in 0..n {
            lines.call(line).await;
        }
    });
}

/// `ZOOM_API_BENCH_DECODES=<line>:<n>`: decodes the 300-meeting page `n` times with one
/// `decode_300` line, for `cargo xtask bench --calls` to count instructions per decode.
fn count_decodes(spec: &str) {
    let (line, n) = spec.split_once(':').expect("ZOOM_API_BENCH_DECODES=<line>:<n>");
    let n: u32 = n.parse().expect("a decode count");
    let bytes = serde_json::to_vec(&page(300, 300)).unwrap();
    for _ in 0..n {
        match line {
            "generated" => {
                let decoded = zoom_client::json::from_slice::<ListMeetingsResponse>(black_box(&bytes));
                black_box(decoded.unwrap().meetings.map(|m| m.len()));
            }
            "generated_tolerant" => {
                let decoded = zoom_client::json::from_slice_with::<ListMeetingsResponse>(
                    black_box(&bytes),
                    zoom_client::json::Decoding::Tolerant,
                );
                black_box(decoded.unwrap().value.meetings.map(|m| m.len()));
            }
            "serde_derive" => {
                let decoded = serde_json::from_slice::<hand_written::ListMeetingsResponse>(black_box(&bytes));
                black_box(decoded.unwrap().meetings.map(|m| m.len()));
            }
            other => panic!("no decode line {other}"),
        }
    }
}

async fn generated_bytes(client: &zoom_client::Client) -> Vec<u8> {
    use zoom_client::Call;
    let (client, request) = client.meetings().list_meetings(black_box("me")).page_size(30).into_request();
    client.execute(request).await.unwrap().into_bytes()
}

async fn generated_call(client: &zoom_client::Client) -> ListMeetingsResponse {
    client.meetings().list_meetings(black_box("me")).page_size(30).send().await.unwrap()
}

fn decode_300(c: &mut Criterion) {
    let bytes = serde_json::to_vec(&page(300, 300)).unwrap();

    let generated: ListMeetingsResponse = zoom_client::json::from_slice(&bytes).unwrap();
    let tolerant = zoom_client::json::from_slice_with(&bytes, zoom_client::json::Decoding::Tolerant).unwrap();
    assert!(tolerant.deviations.is_empty(), "the page is as documented");
    assert_eq!(generated, tolerant.value);
    let via_serde: ListMeetingsResponse = serde_json::from_slice(&bytes).unwrap();
    let hand: hand_written::ListMeetingsResponse = serde_json::from_slice(&bytes).unwrap();
    let flatten: hand_written::ListMeetingsResponseKeep = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(generated.meetings.as_ref().map(Vec::len), Some(300));
    assert!(generated.extra.is_empty() && generated.meetings.iter().flatten().all(|m| m.extra.is_empty()));
    assert_eq!(generated, via_serde);
    assert_same(&generated, &hand);
    assert_same(&generated, &flatten.known());

    let mut group = c.benchmark_group("decode_300");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| zoom_client::json::from_slice::<ListMeetingsResponse>(black_box(&bytes)).unwrap())
    });
    group.bench_function("generated_tolerant", |b| {
        b.iter(|| {
            let decoded = zoom_client::json::from_slice_with::<ListMeetingsResponse>(
                black_box(&bytes),
                zoom_client::json::Decoding::Tolerant,
            );
            decoded.unwrap().value
        })
    });
    group.bench_function("generated_serde", |b| {
        b.iter(|| serde_json::from_slice::<ListMeetingsResponse>(black_box(&bytes)).unwrap())
    });
    group.bench_function("serde_derive", |b| {
        b.iter(|| serde_json::from_slice::<hand_written::ListMeetingsResponse>(black_box(&bytes)).unwrap())
    });
    group.bench_function("serde_derive_flatten", |b| {
        b.iter(|| serde_json::from_slice::<hand_written::ListMeetingsResponseKeep>(black_box(&bytes)).unwrap())
    });
    group.finish();
}

/// The request line's one-meeting page decoded alone: a decoder's fixed cost per answer.
fn decode_1(c: &mut Criterion) {
    let bytes = serde_json::to_vec(&page(1, 30)).unwrap();
    let mut group = c.benchmark_group("decode_1");
    group.bench_function("generated", |b| {
        b.iter(|| zoom_client::json::from_slice::<ListMeetingsResponse>(black_box(&bytes)).unwrap())
    });
    group.bench_function("serde_derive", |b| {
        b.iter(|| serde_json::from_slice::<hand_written::ListMeetingsResponse>(black_box(&bytes)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, requests, decode_300, decode_1);

fn main() {
    if let Ok(spec) = std::env::var("ZOOM_API_BENCH_CALLS") {
        return count_calls(&spec);
    }
    if let Ok(spec) = std::env::var("ZOOM_API_BENCH_DECODES") {
        return count_decodes(&spec);
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}

// ---------------------------------------------------------------------------------------------
// The hand-written baseline.

/// What one would write without zoom-client: a reqwest client, the URL by hand, serde derive.
struct HandClient {
    http: reqwest::Client,
    base_url: String,
    token: String,
}

impl HandClient {
    async fn list_meetings(&self, user_id: &str) -> hand_written::ListMeetingsResponse {
        let url = format!("{}/users/{user_id}/meetings?page_size=30", self.base_url);
        let response = self.http.get(url).bearer_auth(&self.token).send().await.unwrap();
        let body = response.error_for_status().unwrap().bytes().await.unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    /// The answer's body, undecoded (its length, to keep `bytes` out of the dependencies).
    async fn bytes(&self, url: &str) -> usize {
        self.http.get(url).bearer_auth(&self.token).send().await.unwrap().bytes().await.unwrap().len()
    }
}

/// Mirrors of `ListMeetingsResponse` and `ListMeetingsResponseMeetingsItem` (same fields, same
/// Rust types), as one would derive them by hand.
mod hand_written {
    use chrono::{DateTime, FixedOffset};
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    pub struct ListMeetingsResponse {
        pub meetings: Option<Vec<Meeting>>,
        pub next_page_token: Option<String>,
        pub page_count: Option<i64>,
        pub page_number: Option<i64>,
        pub page_size: Option<i64>,
        pub total_records: Option<i64>,
    }

    #[derive(Debug, Deserialize)]
    pub struct Meeting {
        pub agenda: Option<String>,
        pub created_at: Option<DateTime<FixedOffset>>,
        pub duration: Option<i64>,
        pub host_id: Option<String>,
        pub id: Option<i64>,
        pub join_url: Option<String>,
        pub pmi: Option<String>,
        pub start_time: Option<DateTime<FixedOffset>>,
        pub timezone: Option<String>,
        pub topic: Option<String>,
        #[serde(rename = "type")]
        pub type_: Option<MeetingType>,
        pub uuid: Option<String>,
    }

    /// Zoom's meeting type, keeping values it does not list (as the generated enum does).
    #[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
    #[serde(from = "i64")]
    pub enum MeetingType {
        Instant,
        Scheduled,
        RecurringNoFixedTime,
        RecurringFixedTime,
        Unknown(i64),
    }

    impl From<i64> for MeetingType {
        fn from(value: i64) -> Self {
            match value {
                1 => Self::Instant,
                2 => Self::Scheduled,
                3 => Self::RecurringNoFixedTime,
                8 => Self::RecurringFixedTime,
                other => Self::Unknown(other),
            }
        }
    }

    impl MeetingType {
        pub fn as_i64(self) -> i64 {
            match self {
                Self::Instant => 1,
                Self::Scheduled => 2,
                Self::RecurringNoFixedTime => 3,
                Self::RecurringFixedTime => 8,
                Self::Unknown(other) => other,
            }
        }
    }

    /// The same mirror keeping unknown fields with `#[serde(flatten)]`, as derived models that
    /// round-trip unknown fields would (the design the generated decoders replace).
    #[derive(Debug, Deserialize)]
    pub struct ListMeetingsResponseKeep {
        pub meetings: Option<Vec<MeetingKeep>>,
        pub next_page_token: Option<String>,
        pub page_count: Option<i64>,
        pub page_number: Option<i64>,
        pub page_size: Option<i64>,
        pub total_records: Option<i64>,
        #[serde(flatten)]
        pub extra: serde_json::Map<String, serde_json::Value>,
    }

    #[derive(Debug, Deserialize)]
    pub struct MeetingKeep {
        pub agenda: Option<String>,
        pub created_at: Option<DateTime<FixedOffset>>,
        pub duration: Option<i64>,
        pub host_id: Option<String>,
        pub id: Option<i64>,
        pub join_url: Option<String>,
        pub pmi: Option<String>,
        pub start_time: Option<DateTime<FixedOffset>>,
        pub timezone: Option<String>,
        pub topic: Option<String>,
        #[serde(rename = "type")]
        pub type_: Option<MeetingType>,
        pub uuid: Option<String>,
        #[serde(flatten)]
        pub extra: serde_json::Map<String, serde_json::Value>,
    }

    impl ListMeetingsResponseKeep {
        /// The known fields, for checking; asserts nothing landed in `extra`.
        pub fn known(&self) -> ListMeetingsResponse {
            assert!(self.extra.is_empty());
            ListMeetingsResponse {
                meetings: self.meetings.as_ref().map(|ms| {
                    ms.iter()
                        .map(|m| {
                            assert!(m.extra.is_empty());
                            Meeting {
                                agenda: m.agenda.clone(),
                                created_at: m.created_at,
                                duration: m.duration,
                                host_id: m.host_id.clone(),
                                id: m.id,
                                join_url: m.join_url.clone(),
                                pmi: m.pmi.clone(),
                                start_time: m.start_time,
                                timezone: m.timezone.clone(),
                                topic: m.topic.clone(),
                                type_: m.type_,
                                uuid: m.uuid.clone(),
                            }
                        })
                        .collect()
                }),
                next_page_token: self.next_page_token.clone(),
                page_count: self.page_count,
                page_number: self.page_number,
                page_size: self.page_size,
                total_records: self.total_records,
            }
        }
    }
}

/// Panics unless the generated and hand-written decodings hold the same values.
fn assert_same(generated: &ListMeetingsResponse, hand: &hand_written::ListMeetingsResponse) {
    assert_eq!(generated.next_page_token, hand.next_page_token);
    assert_eq!(generated.page_count, hand.page_count);
    assert_eq!(generated.page_number, hand.page_number);
    assert_eq!(generated.page_size, hand.page_size);
    assert_eq!(generated.total_records, hand.total_records);
    let (g, h) = (generated.meetings.as_deref().unwrap_or_default(), hand.meetings.as_deref().unwrap_or_default());
    assert_eq!(g.len(), h.len());
    for (g, h) in g.iter().zip(h) {
        assert_eq!(g.agenda, h.agenda);
        assert_eq!(g.created_at, h.created_at);
        assert_eq!(g.duration, h.duration);
        assert_eq!(g.host_id, h.host_id);
        assert_eq!(g.id, h.id);
        assert_eq!(g.join_url, h.join_url);
        assert_eq!(g.pmi, h.pmi);
        assert_eq!(g.start_time, h.start_time);
        assert_eq!(g.timezone, h.timezone);
        assert_eq!(g.topic, h.topic);
        assert_eq!(g.type_.map(|t| t.as_i64()), h.type_.map(|t| t.as_i64()));
        assert!(!matches!(g.type_, Some(ListMeetingsResponseType::UnknownValue(_))));
        assert_eq!(g.uuid, h.uuid);
    }
}

// ---------------------------------------------------------------------------------------------
// Test data: a page of meetings as Zoom sends it.

/// A `GET /users/{userId}/meetings` page of `count` meetings, every documented field filled.
fn page(count: usize, page_size: usize) -> Value {
    json!({
        "page_size": page_size,
        "total_records": count * 4 + 17,
        "next_page_token": "Tva2CuIdTgsv8wAnhyAdU3m06Y2HuLQtlh3",
        "page_count": 5,
        "page_number": 1,
        "meetings": (0..count).map(meeting).collect::<Vec<_>>(),
    })
}

fn meeting(i: usize) -> Value {
    let id = 81_234_567_890 + i as i64 * 7_919;
    let day = i % 28 + 1;
    json!({
        "uuid": uuid(i),
        "id": id,
        "host_id": "KDcuGIm1QgePTO8WbOqwIQ",
        "topic": format!("Weekly sync #{i}: roadmap, hiring and release review"),
        "type": if i.is_multiple_of(4) { 8 } else { 2 },
        "start_time": format!("2025-{:02}-{day:02}T{:02}:{:02}:00Z", i % 12 + 1, 8 + i % 10, (i % 4) * 15),
        "duration": 30 + (i % 4) * 15,
        "timezone": "America/Los_Angeles",
        // Zoom truncates agendas to 250 characters in lists.
        "agenda": "Review last week's action items, walk through the release checklist, triage \
                   new customer escalations, agree on owners for the open hiring loops and confirm \
                   the dates for the next planning offsite with the wider team.",
        "created_at": format!("2024-{:02}-{day:02}T{:02}:{:02}:{:02}Z", i % 12 + 1, i % 24, i % 60, (i * 7) % 60),
        "join_url": format!("https://us05web.zoom.us/j/{id}?pwd=aGp0YkR3c1NOcGZ1U2xzcHFxdW{i:05}"),
        "pmi": "6546589362",
    })
}

/// A meeting UUID as Zoom writes it: 16 bytes in base64.
fn uuid(i: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut state = i as u64 * 0x9E37_79B9_7F4A_7C15 + 1;
    let mut out: String = (0..22)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            ALPHABET[(state % 64) as usize] as char
        })
        .collect();
    out.push_str("==");
    out
}

// ---------------------------------------------------------------------------------------------
// The local server.

/// A complete HTTP/1.1 200 answer carrying `body`, with the headers Zoom sends that clients read.
fn http_answer(body: &[u8]) -> Vec<u8> {
    let mut answer = format!(
        "HTTP/1.1 200 OK\r\n\
         content-type: application/json;charset=UTF-8\r\n\
         content-length: {}\r\n\
         x-zm-trackingid: v=2.0;clid=us05;rid=WEB_4c5f0e3b2a1d9c8e7f6a5b4c3d2e1f00\r\n\
         x-ratelimit-category: Medium\r\n\
         x-ratelimit-type: QPS\r\n\
         \r\n",
        body.len()
    )
    .into_bytes();
    answer.extend_from_slice(body);
    answer
}

const NOT_FOUND: &[u8] = b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";

/// Binds 127.0.0.1 on a free port and serves `answer` to every expected request on keep-alive
/// connections, on the current runtime.
async fn start_server(answer: Vec<u8>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let answer: Arc<[u8]> = answer.into();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(connection(stream, answer.clone()));
        }
    });
    addr
}

/// Answers each request head on `stream` (the clients send GETs without a body) until the peer
/// closes it.
async fn connection(mut stream: TcpStream, answer: Arc<[u8]>) {
    stream.set_nodelay(true).unwrap();
    let mut buf = Vec::with_capacity(4096);
    loop {
        while let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4) {
            let head = &buf[..end];
            let expected = head.starts_with(REQUEST_LINE) && head.windows(BEARER.len()).any(|w| w == BEARER);
            if !expected {
                eprintln!("unexpected request: {}", String::from_utf8_lossy(head));
                let _ = stream.write_all(NOT_FOUND).await;
                return;
            }
            buf.drain(..end);
            if stream.write_all(&answer).await.is_err() {
                return;
            }
        }
        match stream.read_buf(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
    }
}
