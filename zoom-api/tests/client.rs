//! The client against a loopback server: how Zoom's error answers become typed errors, when the
//! client retries and waits, and that hostile answers never panic.

#[path = "fixtures/generated/mod.rs"]
#[rustfmt::skip]
#[allow(dead_code)]
mod generated;

mod logs;

use std::time::{Duration, Instant};

use generated::params::{self, Params};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_client::{Client, DailyLimits, Error, LimitKind, Plan, RetryPolicy, Throttle};

/// Fast retries, so the tests do not sleep for long.
fn quick_retries() -> RetryPolicy {
    RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(5))
}

async fn server_and_client(policy: RetryPolicy) -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder().bearer_token("SECRET-at-456").base_url(server.uri()).retry(policy).build();
    (server, client)
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.expect("recording is on").len()
}

fn registrant() -> params::types::CreateMeetingRegistrantRequest {
    params::types::CreateMeetingRegistrantRequest::new("a@b.c".into(), "Ada".into())
}

fn answer(status: u16, code: i64, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({"code": code, "message": message}))
}

#[tokio::test]
async fn zoom_codes_become_variants() {
    type IsExpected = fn(&Error) -> bool;
    let cases: [(u16, i64, IsExpected); 5] = [
        (400, 300, |e| matches!(e, Error::Validation(_))),
        (404, 3001, |e| matches!(e, Error::NotFound(_))),
        (400, 1001, |e| matches!(e, Error::NotFound(_))),
        (401, 124, |e| matches!(e, Error::InvalidToken(_))),
        (400, 3000, |e| matches!(e, Error::Api(_))),
    ];
    for (status, code, is_expected) in cases {
        let (server, client) = server_and_client(quick_retries()).await;
        Mock::given(method("GET")).respond_with(answer(status, code, "no")).mount(&server).await;
        let err = Params::new(client.clone()).get_meeting(1, "o").send().await.unwrap_err();
        assert!(is_expected(&err), "{status}/{code} gave {err:?}");
        assert_eq!((err.status(), err.api().and_then(|a| a.code)), (Some(status), Some(code)));
        // A static token cannot be refreshed, so a 124 is not retried; nor are 4xx answers.
        assert_eq!(requests(&server).await, 1, "{status}/{code}");
    }
}

#[tokio::test]
async fn a_per_second_limit_is_waited_out_and_retried() {
    let (server, client) = server_and_client(quick_retries()).await;
    Mock::given(method("POST"))
        .respond_with(
            answer(429, 429, "You have reached the maximum per-second rate limit for this API.")
                .insert_header("x-ratelimit-type", "QPS")
                .insert_header("x-ratelimit-limit", "30")
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("retry-after", "1"),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(201).set_body_json(json!({}))).mount(&server).await;
    let started = Instant::now();
    // POST is not idempotent, but a rate-limited request was never processed.
    Params::new(client.clone()).create_meeting_registrant(1, registrant()).send().await.unwrap();
    assert_eq!(requests(&server).await, 2);
    assert!(started.elapsed() >= Duration::from_millis(900), "waited for Retry-After");
}

#[tokio::test]
async fn a_daily_limit_is_returned_with_its_reset_time() {
    let (server, client) = server_and_client(quick_retries()).await;
    Mock::given(method("GET"))
        .respond_with(
            answer(429, 429, "You have reached the maximum daily rate limit for this API.")
                .insert_header("x-ratelimit-type", "Daily-limit")
                .insert_header("x-ratelimit-category", "Heavy")
                .insert_header("x-ratelimit-limit", "30000")
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("retry-after", "2099-01-01T00:00:00Z")
                .insert_header("x-zm-trackingid", "v=2.0;rid=DAILY"),
        )
        .mount(&server)
        .await;
    let err = Params::new(client.clone()).get_meeting(1, "o").send().await.unwrap_err();
    let Error::RateLimited(limited) = &err else { panic!("expected a rate-limit error, got {err:?}") };
    assert_eq!(limited.info.kind, Some(LimitKind::Daily));
    assert_eq!((limited.info.limit, limited.info.remaining), (Some(30000), Some(0)));
    assert_eq!(limited.info.category.as_deref(), Some("Heavy"));
    assert_eq!(limited.info.retry_at().map(|t| t.to_rfc3339()).as_deref(), Some("2099-01-01T00:00:00+00:00"));
    assert_eq!(err.tracking_id(), Some("v=2.0;rid=DAILY"));
    assert!(err.to_string().contains("retry at 2099-01-01"), "{err}");
    assert_eq!(requests(&server).await, 1, "no waiting for hours");
}

#[tokio::test]
async fn a_daily_limit_refuses_calls_before_they_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
    let daily = DailyLimits { light: Some(2), ..DailyLimits::default() };
    let throttle = Throttle::new(Plan::Business.limits()).daily_limits(daily);
    let client = Client::builder().bearer_token("t").base_url(server.uri()).throttle(throttle).build();
    for _ in 0..2 {
        Params::new(client.clone()).get_meeting(1, "o").send().await.unwrap();
    }
    let err = Params::new(client.clone()).get_meeting(1, "o").send().await.unwrap_err();
    let Error::DailyLimitReached(reached) = &err else { panic!("expected the daily limit, got {err:?}") };
    assert_eq!(reached.limit, Some(2));
    assert_eq!(reached.resets_at.timestamp() % 86_400, 0, "00:00 UTC");
    assert!(err.to_string().contains("daily limit") && err.to_string().contains("(2 calls)"), "{err}");
    assert_eq!(requests(&server).await, 2, "the third was not sent");
    // A call of another label has no daily limit here: it is sent (and answered 404).
    let other = Params::new(client.clone()).delete_meeting("1").send().await;
    assert!(matches!(other, Err(Error::NotFound(_))), "{other:?}");
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn after_zoom_answers_a_daily_limit_the_throttle_refuses_the_label() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            answer(429, 429, "You have reached the maximum daily rate limit for this API.")
                .insert_header("x-ratelimit-type", "Daily-limit")
                .insert_header("retry-after", "2099-01-01T00:00:00Z"),
        )
        .mount(&server)
        .await;
    let client =
        Client::builder().bearer_token("t").base_url(server.uri()).throttle(Throttle::new(Plan::Pro.limits())).build();
    let first = Params::new(client.clone()).get_meeting(1, "o").send().await.unwrap_err();
    assert!(matches!(first, Error::RateLimited(_)), "{first:?}");
    let second = Params::new(client.clone()).get_meeting(2, "o").send().await.unwrap_err();
    let Error::DailyLimitReached(reached) = &second else { panic!("expected the daily limit, got {second:?}") };
    assert_eq!((reached.limit, reached.resets_at.to_rfc3339()), (None, "2099-01-01T00:00:00+00:00".to_owned()));
    assert_eq!(requests(&server).await, 1, "the second call was not sent");
}

#[tokio::test]
async fn a_per_second_limit_longer_than_the_policy_allows_is_returned() {
    let policy = quick_retries().max_rate_limit_wait(Duration::from_millis(500));
    let (server, client) = server_and_client(policy).await;
    Mock::given(method("GET"))
        .respond_with(
            answer(429, 429, "slow down").insert_header("x-ratelimit-type", "QPS").insert_header("retry-after", "3"),
        )
        .mount(&server)
        .await;
    let err = Params::new(client.clone()).get_meeting(1, "o").send().await.unwrap_err();
    assert!(matches!(err, Error::RateLimited(_)), "{err:?}");
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn server_errors_are_retried_for_idempotent_methods_only() {
    let (server, client) = server_and_client(quick_retries().max_attempts(4)).await;
    Mock::given(method("GET")).respond_with(answer(503, 0, "busy")).mount(&server).await;
    Mock::given(method("POST")).respond_with(answer(503, 0, "busy")).mount(&server).await;

    let err = Params::new(client.clone()).get_meeting(1, "o").send().await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(requests(&server).await, 4, "max_attempts bounds the retries");

    server.reset().await;
    Mock::given(method("POST")).respond_with(answer(503, 0, "busy")).mount(&server).await;
    let err = Params::new(client.clone()).create_meeting_registrant(1, registrant()).send().await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(requests(&server).await, 1, "a POST may have been processed: never resent");
}

#[tokio::test]
async fn retries_recover_and_stop_at_the_elapsed_budget() {
    let (server, client) = server_and_client(quick_retries()).await;
    Mock::given(method("GET"))
        .respond_with(answer(502, 0, "bad gateway"))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
    Params::new(client.clone()).get_meeting(1, "o").send().await.unwrap();
    assert_eq!(requests(&server).await, 3);

    // A backoff that would outlast the budget is not slept: the error comes back at once.
    let policy =
        RetryPolicy::default().backoff(Duration::from_secs(10), Duration::from_secs(10)).max_elapsed(Duration::ZERO);
    let (server, client) = server_and_client(policy).await;
    Mock::given(method("GET")).respond_with(answer(500, 0, "oops")).mount(&server).await;
    let started = Instant::now();
    assert_eq!(Params::new(client.clone()).get_meeting(1, "o").send().await.unwrap_err().status(), Some(500));
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn an_unreachable_server_is_a_transport_error() {
    // Port 9 (discard) is closed on the loopback interface.
    let client = Client::builder().bearer_token("t").base_url("http://127.0.0.1:9").retry(quick_retries()).build();
    let err = Params::new(client.clone()).create_meeting_registrant(1, registrant()).send().await.unwrap_err();
    let Error::Transport { operation, source } = &err else { panic!("expected a transport error, got {err:?}") };
    assert_eq!(operation.id, "meetingRegistrantCreate");
    assert!(source.is_connect());
    // The message names the Rust method and Zoom's operationId.
    let shown = err.to_string();
    assert!(
        shown.starts_with("params::create_meeting_registrant (Zoom's meetingRegistrantCreate): request failed: "),
        "{shown}"
    );
}

#[tokio::test]
async fn a_token_that_cannot_be_a_header_is_a_configuration_error() {
    let client = Client::builder().bearer_token("SECRET-line\nbreak").base_url("http://127.0.0.1:9").build();
    let err = Params::new(client.clone()).list_meetings("me").send().await.unwrap_err();
    let Error::Config(message) = &err else { panic!("expected a configuration error, got {err:?}") };
    assert!(message.contains("not a valid header value"), "{message}");
    assert!(!format!("{err:?} {err} {client:?}").contains("SECRET"));
}

#[tokio::test]
async fn hostile_answers_are_typed_errors() {
    let (server, client) = server_and_client(RetryPolicy::none()).await;
    let cases = [
        ResponseTemplate::new(200).set_body_string("{\"meetings\": [{\"id\": 1"),
        ResponseTemplate::new(200).set_body_raw("<html>maintenance</html>", "text/html"),
        ResponseTemplate::new(200).set_body_raw(vec![0xff, 0xfe, 0x00], "application/json"),
        ResponseTemplate::new(200),
    ];
    for (i, template) in cases.into_iter().enumerate() {
        server.reset().await;
        Mock::given(method("GET")).respond_with(template).mount(&server).await;
        let err = Params::new(client.clone()).list_meetings("me").send().await.unwrap_err();
        let Error::Decode(failure) = &err else { panic!("case {i}: expected a decode error, got {err:?}") };
        assert_eq!(failure.status, 200);
        assert!(failure.error.message().contains("invalid JSON"), "case {i}: {err}");
    }
    let html = Params::new(client.clone()).list_meetings("me");
    server.reset().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("<html>maintenance</html>", "text/html"))
        .mount(&server)
        .await;
    let Error::Decode(failure) = html.send().await.unwrap_err() else { panic!("expected a decode error") };
    assert_eq!(failure.content_type.as_deref(), Some("text/html"));
    assert_eq!(failure.body_snippet, "<html>maintenance</html>");

    // An error page that is not Zoom's JSON keeps a bounded start of the body.
    server.reset().await;
    let page = "x".repeat(100_000);
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(page, "text/html"))
        .mount(&server)
        .await;
    let err = Params::new(client.clone()).list_meetings("me").send().await.unwrap_err();
    let api = err.api().expect("an answer");
    assert_eq!((api.status, api.code, api.body.len()), (502, None, zoom_client::ApiError::BODY_LIMIT));
}

#[tokio::test]
async fn answers_over_the_size_limit_are_refused() {
    let server = MockServer::start().await;
    let client = Client::builder().bearer_token("t").base_url(server.uri()).max_response_bytes(1024).build();
    let huge = format!("{{\"meetings\": [{}]}}", vec!["{\"id\": 1}"; 10_000].join(","));
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(huge, "application/json"))
        .mount(&server)
        .await;
    let err = Params::new(client.clone()).list_meetings("me").send().await.unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { operation, limit: 1024 } if operation.id == "meetings"), "{err:?}");
}

#[tokio::test]
async fn the_throttle_paces_each_label() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
    // Basic plan: 4 light calls per second, so the 6th starts 500 ms after the first.
    let client = Client::builder()
        .bearer_token("t")
        .base_url(server.uri())
        .throttle(Throttle::new(Plan::Basic.limits()))
        .build();
    let started = Instant::now();
    for _ in 0..6 {
        Params::new(client.clone()).get_meeting(1, "o").send().await.unwrap();
    }
    assert!(started.elapsed() >= Duration::from_millis(490), "{:?}", started.elapsed());
    assert_eq!(params::requests::GetMeeting::OPERATION.rate_limit, Some(zoom_client::RateLimit::Light));
}

#[tokio::test]
async fn path_parameters_are_one_segment_or_refused() {
    let (server, client) = server_and_client(quick_retries()).await;
    Mock::given(wiremock::matchers::any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let last_path = || async {
        let received = server.received_requests().await.expect("recording is on");
        received.last().map(|r| r.url.path().to_owned())
    };
    // Each value reaches the server as one segment of the documented endpoint.
    let sent = [
        ("85746065", "/meetings/85746065"),
        ("a/b", "/meetings/a%2Fb"),
        ("50%", "/meetings/50%25"),
        ("a?b", "/meetings/a%3Fb"),
        ("a#b", "/meetings/a%23b"),
        ("ünï", "/meetings/%C3%BCn%C3%AF"),
        ("...", "/meetings/..."),
        (".a", "/meetings/.a"),
        ("%2e%2E", "/meetings/%252e%252E"),
        ("./..", "/meetings/.%2F.."),
    ];
    for (value, path) in sent {
        let _ = Params::new(client.clone()).delete_meeting(value).send().await;
        assert_eq!(last_path().await.as_deref(), Some(path), "{value:?}");
    }
    // A meeting UUID that starts with `/` or holds `//` is encoded twice, as Zoom asks.
    for (uuid, path) in [("/ajXp112==", "/meetings/%252FajXp112%253D%253D"), ("ab//c", "/meetings/ab%252F%252Fc")] {
        let _ = Params::new(client.clone()).get_meeting(uuid, "o").send().await;
        assert_eq!(last_path().await.as_deref(), Some(path), "{uuid:?}");
    }
    let before = requests(&server).await;
    // Values URL parsing would drop or resolve to another endpoint are refused, unsent.
    for value in ["", ".", ".."] {
        let refused = [
            Params::new(client.clone()).delete_meeting(value).send().await.unwrap_err(),
            Params::new(client.clone()).get_meeting(value, "o").send().await.map(drop).unwrap_err(),
            Params::new(client.clone()).list_meetings(value).send().await.map(drop).unwrap_err(),
        ];
        for (err, parameter) in refused.iter().zip(["meetingId", "meetingId", "userId"]) {
            assert!(
                matches!(err, Error::InvalidPathParameter { parameter: p, value: v, .. } if *p == parameter && *v == value),
                "{value:?}: {err:?}"
            );
            assert!(err.to_string().contains(&format!("`{parameter}` is {value:?}")), "{err}");
        }
    }
    assert_eq!(requests(&server).await, before, "a refused call sends nothing");
}

#[tokio::test]
async fn a_token_echoed_in_an_error_answer_is_redacted() {
    let jwt = "eyJhbGciOiJIUzUxMiJ9.eyJhdWQiOiJodHRwczovL29hdXRoLnpvb20udXMifQ.sig_-nature";
    let server = MockServer::start().await;
    // A proxy that echoes the request's header in its body and headers.
    Mock::given(method("GET"))
        .respond_with(move |request: &wiremock::Request| {
            let sent = request.headers.get("authorization").unwrap().to_str().unwrap().to_owned();
            ResponseTemplate::new(401)
                .insert_header("www-authenticate", format!("{sent}, error=\"invalid_token\""))
                .insert_header("x-echo", format!("token={jwt}"))
                .set_body_json(
                    json!({"code": 124, "message": format!("Invalid access token: {sent} (also {jwt})"), "echo": sent}),
                )
        })
        .mount(&server)
        .await;
    for token in ["opaque-SECRET-at-456", jwt] {
        let client = Client::builder().bearer_token(token).base_url(server.uri()).retry(quick_retries()).build();
        let err = Params::new(client.clone()).get_meeting(1, "o").send().await.unwrap_err();
        let api = err.api().expect("Zoom's answer");
        assert_eq!(api.code, Some(124), "the answer is still read");
        assert!(api.message.as_deref().unwrap().starts_with("Invalid access token: Bearer <redacted>"), "{api:?}");
        for shown in [format!("{err:?}"), err.to_string(), api.body.clone(), format!("{:?}", api.headers)] {
            assert!(!shown.contains("SECRET") && !shown.contains("eyJhdWQi"), "{shown}");
        }
    }
    // The credentials' Debug shows no identifier kept as a secret.
    let s2s = zoom_client::auth::ServerToServer::new("SECRET-account", "client", "SECRET-cs");
    assert!(!format!("{s2s:?}").contains("SECRET"), "{s2s:?}");
}

#[tokio::test]
async fn no_secret_in_errors_or_logs() {
    let (capture, _guard) = logs::capture();

    let (server, client) = server_and_client(quick_retries()).await;
    Mock::given(method("GET"))
        .respond_with(answer(503, 0, "busy"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET")).respond_with(answer(401, 124, "Invalid access token.")).mount(&server).await;
    let err = Params::new(client.clone()).get_meeting(1, "o").send().await.unwrap_err();

    let logs = capture.text();
    assert!(logs.contains("zoom_client.request") && logs.contains("operation=\"meeting\""), "{logs}");
    assert!(logs.contains("attempt=2") && logs.contains("retrying"), "{logs}");
    for shown in [logs, format!("{err:?}"), err.to_string(), format!("{client:?}")] {
        assert!(!shown.contains("SECRET"), "{shown}");
    }
}

mod oauth {
    use super::*;
    use wiremock::matchers::{header, path};
    use zoom_client::auth::ServerToServer;

    /// A Zoom with a token endpoint that hands out `token-1`, `token-2`, … in turn.
    async fn zoom_with_token_endpoint(scope: &str) -> MockServer {
        let server = MockServer::start().await;
        let issued = std::sync::atomic::AtomicUsize::new(0);
        let scope = scope.to_owned();
        Mock::given(method("POST"))
            .and(path("/oauth/token"))
            .respond_with(move |_: &wiremock::Request| {
                let n = issued.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                ResponseTemplate::new(200)
                    .set_body_json(json!({"access_token": format!("token-{n}"), "token_type": "bearer", "expires_in": 3599, "scope": scope}))
                    // Slow enough that concurrent callers overlap.
                    .set_delay(Duration::from_millis(50))
            })
            .mount(&server)
            .await;
        server
    }

    fn client(server: &MockServer) -> Client {
        let credentials =
            ServerToServer::new("acct", "client", "SECRET-cs-123").token_url(format!("{}/oauth/token", server.uri()));
        Client::builder().credentials(credentials).base_url(server.uri()).retry(quick_retries()).build()
    }

    async fn token_requests(server: &MockServer) -> usize {
        server.received_requests().await.unwrap().iter().filter(|r| r.url.path() == "/oauth/token").count()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn fifty_concurrent_calls_fetch_one_token() {
        let server = zoom_with_token_endpoint("meeting:read:meeting").await;
        Mock::given(method("GET"))
            .and(header("authorization", "Bearer token-1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
            .mount(&server)
            .await;
        let client = client(&server);
        let calls = (0..50).map(|_| {
            let client = client.clone();
            tokio::spawn(async move { Params::new(client.clone()).get_meeting(1, "o").send().await })
        });
        for call in calls.collect::<Vec<_>>() {
            call.await.unwrap().unwrap();
        }
        assert_eq!(token_requests(&server).await, 1);
        assert_eq!(requests(&server).await, 51);
    }

    #[tokio::test]
    async fn a_rejected_token_is_refreshed_once_and_the_call_retried() {
        let server = zoom_with_token_endpoint("meeting:read:meeting").await;
        Mock::given(method("POST"))
            .and(header("authorization", "Bearer token-1"))
            .respond_with(answer(401, 124, "Invalid access token."))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(header("authorization", "Bearer token-2"))
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({})))
            .mount(&server)
            .await;
        let client = client(&server);
        // A POST: the rejected request was never acted on.
        Params::new(client.clone()).create_meeting_registrant(1, registrant()).send().await.unwrap();
        assert_eq!(token_requests(&server).await, 2);

        // A token that Zoom keeps rejecting is refreshed once per call, then the error returned.
        let server = zoom_with_token_endpoint("meeting:read:meeting").await;
        Mock::given(method("GET")).respond_with(answer(401, 124, "Invalid access token.")).mount(&server).await;
        let client = self::client(&server);
        let err = Params::new(client.clone()).get_meeting(1, "o").send().await.unwrap_err();
        assert!(matches!(err, Error::InvalidToken(_)), "{err:?}");
        assert_eq!((token_requests(&server).await, requests(&server).await), (2, 4));
    }

    #[tokio::test]
    async fn the_scope_check_uses_the_scopes_zoom_granted() {
        let server = zoom_with_token_endpoint("meeting:read:meeting user:read:user").await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
            .mount(&server)
            .await;
        let credentials =
            ServerToServer::new("acct", "client", "SECRET-cs-123").token_url(format!("{}/oauth/token", server.uri()));
        let client = Client::builder().credentials(credentials).base_url(server.uri()).check_scopes().build();
        Params::new(client.clone()).get_meeting(1, "o").send().await.unwrap();
        let err = Params::new(client.clone()).create_meeting_registrant(1, registrant()).send().await.unwrap_err();
        let Error::MissingScope(missing) = &err else { panic!("expected a missing-scope error, got {err:?}") };
        assert!(missing.rejected.is_none(), "refused locally");
        assert_eq!(requests(&server).await, 2, "one token request and the GET: the POST was never sent");
    }

    #[tokio::test]
    async fn a_failing_token_endpoint_is_an_auth_error() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(400)
                    .set_body_json(json!({"reason": "Invalid client_id or client_secret", "error": "invalid_client"})),
            )
            .mount(&server)
            .await;
        let err = Params::new(client(&server)).get_meeting(1, "o").send().await.unwrap_err();
        let Error::Auth(auth) = &err else { panic!("expected an auth error, got {err:?}") };
        assert_eq!(auth.token_endpoint().map(|e| e.status), Some(400));
        for shown in [format!("{err:?}"), err.to_string()] {
            assert!(!shown.contains("SECRET"), "{shown}");
        }
    }
}

#[tokio::test]
async fn a_body_cut_short_by_the_server_is_a_transport_error() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // Promises 1,000 bytes, sends 20, hangs up.
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut head = [0u8; 4096];
        let _ = socket.read(&mut head).await;
        let answer =
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"meetings\": [{\"id\"";
        socket.write_all(answer.as_bytes()).await.unwrap();
    });
    let client =
        Client::builder().bearer_token("t").base_url(format!("http://{addr}")).retry(RetryPolicy::none()).build();
    let err = Params::new(client.clone()).list_meetings("me").send().await.unwrap_err();
    let Error::Transport { operation, source } = &err else { panic!("expected a transport error, got {err:?}") };
    assert_eq!(operation.id, "meetings");
    assert!(source.is_body() || source.is_decode() || source.is_request(), "{source:?}");
}

mod timeouts {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    /// A loopback server that accepts connections, reads the request and answers with `answer`
    /// (nothing at all when `None`), then keeps the connection open. Counts the connections.
    async fn stalling_server(
        answer: Option<fn(tokio::net::TcpStream) -> tokio::task::JoinHandle<()>>,
    ) -> (String, Arc<AtomicUsize>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let accepted = Arc::new(AtomicUsize::new(0));
        let counter = accepted.clone();
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((mut socket, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                let mut head = [0u8; 4096];
                let _ = socket.read(&mut head).await;
                match answer {
                    Some(answer) => held.push(answer(socket)),
                    None => held.push(tokio::spawn(async move {
                        // Holds the socket open, never writing.
                        let _socket = socket;
                        std::future::pending::<()>().await;
                    })),
                }
            }
        });
        (url, accepted)
    }

    /// Headers promising 100,000 bytes, then one byte every 20 ms.
    fn trickle(mut socket: tokio::net::TcpStream) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n";
            if socket.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            loop {
                tokio::time::sleep(Duration::from_millis(20)).await;
                if socket.write_all(b" ").await.is_err() {
                    return;
                }
            }
        })
    }

    /// Calls `meetings` with a 300 ms timeout; a call still pending after 20 s is a failure
    /// (without a timeout it would wait forever).
    async fn call_with_timeout(builder: zoom_client::ClientBuilder, url: &str) -> Error {
        let client = builder
            .bearer_token("t")
            .base_url(url)
            .retry(RetryPolicy::none())
            .timeout(Duration::from_millis(300))
            .build();
        let call = Params::new(client.clone()).list_meetings("me").send();
        match tokio::time::timeout(Duration::from_secs(20), call).await {
            Ok(outcome) => outcome.expect_err("the server never answers in full"),
            Err(_) => panic!("the call was still pending after 20 s: no timeout applied"),
        }
    }

    #[tokio::test]
    async fn a_server_that_accepts_and_never_answers_times_out() {
        let (url, accepted) = stalling_server(None).await;
        let err = call_with_timeout(Client::builder(), &url).await;
        let Error::Transport { operation, source } = &err else { panic!("expected a transport error, got {err:?}") };
        assert_eq!(operation.id, "meetings");
        assert!(source.is_timeout() && err.is_timeout(), "{err:?}");
        assert_eq!(accepted.load(Ordering::SeqCst), 1);

        // A client the application built itself gets the timeout too.
        let (url, accepted) = stalling_server(None).await;
        let err = call_with_timeout(Client::builder().http_client(reqwest::Client::new()), &url).await;
        assert!(err.is_timeout(), "{err:?}");
        assert_eq!(accepted.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_server_that_trickles_its_body_times_out() {
        let (url, accepted) = stalling_server(Some(trickle)).await;
        let err = call_with_timeout(Client::builder(), &url).await;
        assert!(err.is_timeout(), "{err:?}");
        assert_eq!(accepted.load(Ordering::SeqCst), 1);
    }

    /// A listener whose backlog is full: the kernel leaves further connection attempts
    /// unanswered, so connecting never completes.
    #[tokio::test]
    async fn connecting_to_a_host_that_never_completes_the_handshake_times_out() {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let listener = socket.listen(1).unwrap();
        let addr = listener.local_addr().unwrap();
        // Never accepted: these fill the backlog.
        let _queued: Vec<_> = (0..4)
            .filter_map(|_| std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)).ok())
            .collect();
        let client = Client::builder()
            .bearer_token("t")
            .base_url(format!("http://{addr}"))
            .retry(RetryPolicy::none())
            .connect_timeout(Duration::from_millis(300))
            .build();
        let call = Params::new(client.clone()).list_meetings("me").send();
        let err = tokio::time::timeout(Duration::from_secs(20), call).await.expect("bounded").unwrap_err();
        let Error::Transport { source, .. } = &err else { panic!("expected a transport error, got {err:?}") };
        assert!(source.is_connect() && err.is_timeout(), "{err:?}");
    }

    #[tokio::test]
    async fn an_idempotent_call_that_timed_out_is_retried_within_the_budget() {
        let (url, accepted) = stalling_server(None).await;
        let client = Client::builder()
            .bearer_token("t")
            .base_url(&url)
            .retry(quick_retries().max_attempts(2))
            .timeout(Duration::from_millis(200))
            .build();
        let call = Params::new(client.clone()).list_meetings("me").send();
        let err = tokio::time::timeout(Duration::from_secs(20), call).await.expect("bounded").unwrap_err();
        assert!(err.is_timeout(), "{err:?}");
        assert_eq!(accepted.load(Ordering::SeqCst), 2, "a GET that timed out is sent once more");
    }
}

/// `wait_for_daily_limit(true)` sleeps until a daily limit resets, but never longer than
/// `max_daily_limit_wait`: a `Retry-After` beyond it fails the call at once.
#[cfg(feature = "mock")]
mod daily_limit {
    use super::*;
    use zoom_client::mock::MockZoom;

    fn daily_limited(
        zoom: &MockZoom,
        retry_after: &str,
    ) -> zoom_client::mock::Expectation<zoom_client::mock::AnyOutput> {
        zoom.expect_operation(params::requests::GetMeeting::OPERATION)
            .fails(429, 429, "You have reached the maximum daily rate limit for this API.")
            .header("x-ratelimit-type", "Daily-limit")
            .header("retry-after", retry_after)
    }

    #[tokio::test(start_paused = true)]
    async fn a_retry_after_centuries_ahead_fails_at_once_instead_of_sleeping() {
        let zoom = MockZoom::new();
        daily_limited(&zoom, "2999-01-01T00:00:00Z").always();
        let client = zoom.client_builder().retry(RetryPolicy::default().wait_for_daily_limit(true)).build();
        let started = tokio::time::Instant::now();
        let err = Params::new(client.clone()).get_meeting(1, "o").send().await.unwrap_err();
        let Error::RateLimited(limited) = &err else { panic!("expected a rate-limit error, got {err:?}") };
        assert_eq!(limited.info.kind, Some(LimitKind::Daily));
        assert_eq!(tokio::time::Instant::now() - started, Duration::ZERO, "no sleep at all");

        // A bound of its own: two hours, and a limit that resets in three.
        let zoom = MockZoom::new();
        daily_limited(&zoom, &(3 * 3600).to_string()).always();
        let policy =
            RetryPolicy::default().wait_for_daily_limit(true).max_daily_limit_wait(Duration::from_secs(2 * 3600));
        let client = zoom.client_builder().retry(policy).build();
        let err = Params::new(client.clone()).get_meeting(1, "o").send().await.unwrap_err();
        assert!(matches!(err, Error::RateLimited(_)), "{err:?}");
        assert_eq!(tokio::time::Instant::now() - started, Duration::ZERO, "no sleep at all");
        zoom.verify();
    }

    #[tokio::test(start_paused = true)]
    async fn a_daily_limit_within_the_bound_is_waited_out() {
        let zoom = MockZoom::new();
        daily_limited(&zoom, &(10 * 3600).to_string()).times(1);
        zoom.expect_operation(params::requests::GetMeeting::OPERATION).returns_json(json!({}));
        let client = zoom.client_builder().retry(RetryPolicy::default().wait_for_daily_limit(true)).build();
        let started = tokio::time::Instant::now();
        Params::new(client.clone()).get_meeting(1, "o").send().await.unwrap();
        let slept = tokio::time::Instant::now() - started;
        // Ten hours (less the moment between the answer and the sleep), in paused time.
        assert!(slept > Duration::from_secs(10 * 3600 - 60) && slept <= Duration::from_secs(10 * 3600), "{slept:?}");
        zoom.verify();
    }
}

/// Page-number listings against servers that do not count up: the stream ends (with a `warn`
/// log) instead of asking forever.
mod page_numbers {
    use futures_util::{StreamExt, TryStreamExt};
    use generated::pages::Pages;

    use super::*;

    fn page(number: Option<i64>, count: i64) -> ResponseTemplate {
        let mut body = json!({"page_count": count, "page_size": 1, "webinars": [{"id": 1}]});
        if let Some(number) = number {
            body["page_number"] = json!(number);
        }
        ResponseTemplate::new(200).set_body_json(body)
    }

    /// The listing's pages, at most 50 of them (so that a listing that would loop ends).
    async fn pages(client: &Client) -> usize {
        let pages: Vec<_> = Pages::new(client.clone()).list_webinars().pages().take(50).try_collect().await.unwrap();
        pages.len()
    }

    #[tokio::test]
    async fn a_server_stuck_at_page_one_ends_the_listing() {
        let (server, client) = server_and_client(RetryPolicy::none()).await;
        Mock::given(method("GET")).respond_with(page(Some(1), 5)).mount(&server).await;
        assert_eq!(pages(&client).await, 2, "page 1, then page 2 answered as page 1 again");
        assert_eq!(requests(&server).await, 2);
    }

    #[tokio::test]
    async fn a_listing_never_asks_for_more_pages_than_its_first_page_count() {
        // Counts up, but raises `page_count` with every page.
        let (server, client) = server_and_client(RetryPolicy::none()).await;
        Mock::given(method("GET"))
            .respond_with(|request: &wiremock::Request| {
                let asked: i64 = request
                    .url
                    .query_pairs()
                    .find(|(k, _)| k == "page_number")
                    .and_then(|(_, v)| v.parse().ok())
                    .unwrap_or(1);
                page(Some(asked), asked + 4)
            })
            .mount(&server)
            .await;
        assert_eq!(pages(&client).await, 5);
        assert_eq!(requests(&server).await, 5);

        // Without `page_number` in its answers, the pages asked for are counted.
        let (server, client) = server_and_client(RetryPolicy::none()).await;
        Mock::given(method("GET")).respond_with(page(None, 3)).mount(&server).await;
        assert_eq!(pages(&client).await, 3);
        assert_eq!(requests(&server).await, 3);
    }
}
