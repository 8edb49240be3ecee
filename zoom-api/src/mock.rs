//! Test doubles for code that uses `zoom-client` (feature `mock`): a client whose calls are
//! answered by expectations instead of the network.
//!
//! An expectation is written with the same request builders the application uses, so the
//! operation and its arguments are checked by the compiler, and it answers with the operation's
//! own response type:
//!
//! ```
//! # #[cfg(feature = "meetings")]
//! # async fn run() {
//! use zoom_client::meetings::types::ListMeetingsResponse;
//! use zoom_client::mock::MockZoom;
//!
//! let zoom = MockZoom::new();
//! let client = zoom.client();
//! // Answer models are `#[non_exhaustive]`: start from `Default` and set fields.
//! let mut answer = ListMeetingsResponse::default();
//! answer.total_records = Some(0);
//! zoom.expect(client.meetings().list_meetings("me").page_size(30)).returns(answer);
//!
//! // The code under test:
//! let page = client.meetings().list_meetings("me").page_size(30).send().await.unwrap();
//! assert_eq!(page.total_records, Some(0));
//!
//! zoom.verify(); // every expectation was met
//! # }
//! ```
//!
//! The answers go through the client's whole pipeline (error mapping, retries, pagination), so
//! an expectation that [`fails`](Expectation::fails) with Zoom's code 124 or 429 tests the
//! application's error handling too. A call that no expectation matches fails with
//! [`Error::Config`](crate::Error::Config) naming the request, and [`MockZoom::verify`] reports it.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::call::Call;
use crate::client::Client;
use crate::json::ToJson;
use crate::operation::Operation;
use crate::paginate::PAGE_SIZE;
use crate::request::{Body, Request};

/// A fake Zoom: create clients with [`MockZoom::client`], set expectations with
/// [`MockZoom::expect`] or [`MockZoom::expect_operation`]. Clones share the expectations.
#[derive(Clone, Default)]
pub struct MockZoom {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    expectations: Vec<Stored>,
    /// Requests no expectation matched, as `METHOD path?query`.
    unexpected: Vec<String>,
}

struct Stored {
    matcher: Matcher,
    answer: Canned,
    /// How many calls it answers: `None` for any number.
    times: Option<usize>,
    calls: usize,
}

enum Matcher {
    /// The same operation, path, query (in any order) and body.
    Request(Request),
    Operation(&'static Operation),
}

/// An answer the mock sends back, ready for the client's answer handling.
#[derive(Clone)]
pub(crate) struct Canned {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl Canned {
    /// Sets status and body, keeping headers added before.
    fn set(&mut self, status: u16, body: Vec<u8>) {
        self.status = status;
        self.body = body;
    }
}

impl MockZoom {
    pub fn new() -> Self {
        MockZoom::default()
    }

    /// A client whose calls this mock answers, without retry waits (see [`MockZoom::client_builder`]).
    pub fn client(&self) -> Client {
        self.client_builder().retry(crate::RetryPolicy::none()).build()
    }

    /// A client builder wired to this mock, to test with the application's own settings.
    pub fn client_builder(&self) -> crate::ClientBuilder {
        Client::builder().bearer_token("mock-token").mock(self.clone())
    }

    /// Expects the request `call` describes, exactly: operation, path parameters, query and body.
    /// The one exception: the `page_size` that `pages()` and `items()` add when the caller sets
    /// none need not be repeated, so `expect(list_meetings("me"))` matches the first page of
    /// `list_meetings("me").items()` (the next page adds its `next_page_token`).
    pub fn expect<C: Call>(&self, call: C) -> Expectation<C::Output> {
        let (_, request) = call.into_request();
        self.push(Matcher::Request(request))
    }

    /// Expects any request of `operation` (a builder's `OPERATION` constant), whatever its
    /// arguments. Its answer is set with [`Expectation::returns_json`], as the operation's type
    /// is not known here.
    pub fn expect_operation(&self, operation: &'static Operation) -> Expectation<AnyOutput> {
        self.push(Matcher::Operation(operation))
    }

    fn push<T>(&self, matcher: Matcher) -> Expectation<T> {
        let mut state = self.lock();
        let answer = Canned { status: 200, headers: HeaderMap::new(), body: b"{}".to_vec() };
        state.expectations.push(Stored { matcher, answer, times: Some(1), calls: 0 });
        Expectation { mock: self.clone(), index: state.expectations.len() - 1, output: std::marker::PhantomData }
    }

    /// Panics, listing them, if a request matched no expectation or an expectation with a count
    /// was called a different number of times. Call it at the end of a test.
    pub fn verify(&self) {
        let state = self.lock();
        let mut problems: Vec<String> = state.unexpected.iter().map(|r| format!("unexpected request {r}")).collect();
        for stored in &state.expectations {
            if let Some(times) = stored.times.filter(|t| *t != stored.calls) {
                problems.push(format!("{} expected {times} call(s), got {}", stored.matcher, stored.calls));
            }
        }
        assert!(problems.is_empty(), "mock Zoom: {}", problems.join("; "));
    }

    /// The answer to `request`: the first expectation that matches and still has calls left.
    pub(crate) fn answer(&self, request: &Request) -> Result<Canned, String> {
        let mut state = self.lock();
        let found =
            state.expectations.iter_mut().find(|s| s.matcher.matches(request) && s.times.is_none_or(|t| s.calls < t));
        if let Some(stored) = found {
            stored.calls += 1;
            return Ok(stored.answer.clone());
        }
        let shown = describe(request);
        state.unexpected.push(shown.clone());
        Err(format!("mock Zoom: no expectation matches {shown}"))
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding the lock has failed already; keep its state readable.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl fmt::Debug for MockZoom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("MockZoom")
            .field("expectations", &state.expectations.len())
            .field("unexpected", &state.unexpected)
            .finish()
    }
}

impl Matcher {
    fn matches(&self, request: &Request) -> bool {
        match self {
            Matcher::Operation(operation) => operation.id == request.operation.id,
            Matcher::Request(expected) => {
                // The page size a listing adds on its own is not asked of the expectation.
                let ignore_page_size = request.page_size_added && !expected.query.iter().any(|(k, _)| *k == PAGE_SIZE);
                let sorted = |query: &[(&'static str, String)]| {
                    let mut query: Vec<_> =
                        query.iter().filter(|(k, _)| !(ignore_page_size && *k == PAGE_SIZE)).cloned().collect();
                    query.sort();
                    query
                };
                expected.operation.id == request.operation.id
                    && expected.path == request.path
                    && sorted(&expected.query) == sorted(&request.query)
                    && expected.body == request.body
            }
        }
    }
}

impl fmt::Display for Matcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Matcher::Operation(operation) => write!(f, "{operation}: any {} {}", operation.method, operation.path),
            Matcher::Request(request) => f.write_str(&describe(request)),
        }
    }
}

fn describe(request: &Request) -> String {
    let query: Vec<String> = request.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let body = match &request.body {
        Body::None => String::new(),
        Body::Json(value) => format!(" {value}"),
        Body::Multipart(_) => " <multipart>".to_owned(),
    };
    let query = if query.is_empty() { String::new() } else { format!("?{}", query.join("&")) };
    format!("{}: {} {}{query}{body}", request.operation, request.operation.method, request.path)
}

/// One expected request and its answer (by default `200 {}`, once).
pub struct Expectation<T> {
    mock: MockZoom,
    index: usize,
    output: std::marker::PhantomData<fn() -> T>,
}

impl<T> Expectation<T> {
    fn edit(self, change: impl FnOnce(&mut Stored)) -> Self {
        change(&mut self.mock.lock().expectations[self.index]);
        self
    }

    /// Answers with this status and no body (e.g. 204 for a delete).
    pub fn status(self, status: u16) -> Self {
        self.edit(|s| s.answer.set(status, Vec::new()))
    }

    /// Answers with Zoom's error shape: `status` and `{"code": code, "message": message}`.
    pub fn fails(self, status: u16, code: i64, message: &str) -> Self {
        let body = serde_json::json!({ "code": code, "message": message });
        self.edit(|s| s.answer.set(status, body.to_string().into_bytes()))
    }

    /// Adds a header to the answer (`Retry-After`, `X-RateLimit-Type`, `x-zm-trackingid`, …).
    /// A name or value that is not valid HTTP is ignored.
    pub fn header(self, name: &str, value: &str) -> Self {
        let (Ok(name), Ok(value)) = (HeaderName::try_from(name), HeaderValue::try_from(value)) else { return self };
        self.edit(|s| {
            s.answer.headers.append(name, value);
        })
    }

    /// Answers this many matching calls (default 1); later calls look for another expectation.
    pub fn times(self, times: usize) -> Self {
        self.edit(|s| s.times = Some(times))
    }

    /// Answers any number of matching calls, none included.
    pub fn always(self) -> Self {
        self.edit(|s| s.times = None)
    }
}

impl<T: ToJson> Expectation<T> {
    /// Answers `200` with `value`, of the operation's own response type, as the body.
    pub fn returns(self, value: T) -> Self {
        self.returns_json(value)
    }
}

impl<T> Expectation<T> {
    /// Answers `200` with any JSON body: a value of another type, or a `serde_json::Value`
    /// shaped like an answer the generated types do not describe.
    pub fn returns_json(self, value: impl ToJson) -> Self {
        let body = value.to_json().to_string().into_bytes();
        self.edit(|s| s.answer.set(200, body))
    }
}

/// The output type of an expectation set by operation rather than by builder: unknown.
#[derive(Debug)]
pub enum AnyOutput {}

impl<T> fmt::Debug for Expectation<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Expectation").field("index", &self.index).finish()
    }
}
