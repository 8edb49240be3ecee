//! Webhook deliveries: signature and timestamp checks, the endpoint check, decoding.
//!
//! The known-answer signatures below were computed outside this crate, with Python's `hmac`
//! module (`hmac.new(secret, b"v0:" + ts + b":" + body, hashlib.sha256).hexdigest()`), so they
//! check the message layout and the HMAC independently of the code under test.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::FutureExt;
use proptest::prelude::*;
use reqwest::header::{HeaderMap, HeaderValue};
use zoom_client::json::{FromJson, Value};
use zoom_client::webhook::{Delivery, RawEvent, Receiver, WebhookError};

const SECRET: &str = "whsec_Recognisable-Secret-Token-42";
const TIMESTAMP: &str = "1764500000";
const BODY: &str = r#"{"event":"meeting.started","event_ts":1764500000123,"payload":{"account_id":"AbC","object":{"id":"85746065432","uuid":"4444AAAiAAAAAiAiAiiAii==","topic":"Weekly sync"}}}"#;
const SIGNATURE: &str = "v0=c5561aa2207c10902bd45628469afdce7323d5d0837df4d6d0770956d35b6a66";

const VALIDATION_BODY: &str =
    r#"{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1764500000456,"event":"endpoint.url_validation"}"#;
const VALIDATION_SIGNATURE: &str = "v0=080d9368bf997f8486e4df9161671db264609b47db7c574655ba20a5f8fb3f3e";
/// HMAC-SHA256(SECRET, "qgg8vlvZRS6UYooatFL8Aw"), hex.
const ENCRYPTED_TOKEN: &str = "1f3c38eaf0c1b280f961cd1e1dc0c441e6fc54e351c49c83b1ebee118097591d";

fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

const SIGNED_AT: u64 = 1_764_500_000;

fn headers(signature: &str, timestamp: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert("x-zm-signature", HeaderValue::from_str(signature).unwrap());
    headers.insert("x-zm-request-timestamp", HeaderValue::from_str(timestamp).unwrap());
    headers
}

/// `receive_at` without a runtime: the default (memory) store answers at once.
trait ReceiveNow {
    fn receive_now<E: FromJson>(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<Delivery<E>, WebhookError>;
}

impl ReceiveNow for Receiver {
    fn receive_now<E: FromJson>(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<Delivery<E>, WebhookError> {
        self.receive_at(headers, body, now).now_or_never().expect("the memory store answers at once")
    }
}

fn receive(headers: &HeaderMap, body: &str, now: SystemTime) -> Result<Delivery<RawEvent>, WebhookError> {
    Receiver::new(SECRET).unwrap().receive_now(headers, body.as_bytes(), now)
}

#[test]
fn a_signed_delivery_decodes() {
    let delivery = receive(&headers(SIGNATURE, TIMESTAMP), BODY, at(SIGNED_AT + 3)).unwrap();
    let Delivery::Event { event, deviations, .. } = delivery else { panic!("expected an event, got {delivery:?}") };
    assert_eq!(event.event.as_deref(), Some("meeting.started"));
    assert_eq!(event.event_ts, Some(1_764_500_000_123));
    assert_eq!(event.payload.unwrap()["object"]["topic"], "Weekly sync");
    assert!(deviations.is_empty());
    // Upper-case hex is the same signature.
    let upper = format!("v0={}", SIGNATURE[3..].to_uppercase());
    assert!(receive(&headers(&upper, TIMESTAMP), BODY, at(SIGNED_AT)).is_ok());
    // Any JSON type will do as the event type.
    let value: Delivery<Value> = Receiver::new(SECRET)
        .unwrap()
        .receive_now(&headers(SIGNATURE, TIMESTAMP), BODY.as_bytes(), at(SIGNED_AT))
        .unwrap();
    assert!(matches!(value, Delivery::Event { event: Value::Object(_), .. }));
}

#[test]
fn an_altered_or_foreign_delivery_is_refused() {
    let tampered = BODY.replace("Weekly sync", "Weekly sync!");
    let err = receive(&headers(SIGNATURE, TIMESTAMP), &tampered, at(SIGNED_AT)).unwrap_err();
    assert!(matches!(err, WebhookError::SignatureMismatch), "{err:?}");

    let err = Receiver::new("another-secret-token")
        .unwrap()
        .receive_now::<RawEvent>(&headers(SIGNATURE, TIMESTAMP), BODY.as_bytes(), at(SIGNED_AT))
        .unwrap_err();
    assert!(matches!(err, WebhookError::SignatureMismatch), "{err:?}");

    // The timestamp is signed too: moving it breaks the signature.
    let err = receive(&headers(SIGNATURE, "1764500001"), BODY, at(SIGNED_AT)).unwrap_err();
    assert!(matches!(err, WebhookError::SignatureMismatch), "{err:?}");

    let mut flipped = SIGNATURE.to_owned();
    flipped.replace_range(10..11, "0");
    assert_ne!(flipped, SIGNATURE);
    let err = receive(&headers(&flipped, TIMESTAMP), BODY, at(SIGNED_AT)).unwrap_err();
    assert!(matches!(err, WebhookError::SignatureMismatch), "{err:?}");
}

#[test]
fn deliveries_outside_the_window_are_refused() {
    let signed = headers(SIGNATURE, TIMESTAMP);
    assert!(receive(&signed, BODY, at(SIGNED_AT + 300)).is_ok());
    let err = receive(&signed, BODY, at(SIGNED_AT + 301)).unwrap_err();
    let WebhookError::Stale { age, window } = err else { panic!("expected Stale, got {err:?}") };
    assert_eq!((age.as_secs(), window.as_secs()), (301, 300));

    assert!(receive(&signed, BODY, at(SIGNED_AT - 300)).is_ok());
    let err = receive(&signed, BODY, at(SIGNED_AT - 301)).unwrap_err();
    let WebhookError::FromTheFuture { ahead, .. } = err else { panic!("expected FromTheFuture, got {err:?}") };
    assert_eq!(ahead.as_secs(), 301);

    // A narrower window of the receiver's choosing.
    let strict = Receiver::new(SECRET).unwrap().window(Duration::from_secs(10));
    assert!(strict.receive_now::<RawEvent>(&signed, BODY.as_bytes(), at(SIGNED_AT + 10)).is_ok());
    assert!(matches!(
        strict.receive_now::<RawEvent>(&signed, BODY.as_bytes(), at(SIGNED_AT + 11)),
        Err(WebhookError::Stale { .. })
    ));
}

#[test]
fn missing_duplicated_and_malformed_headers_are_told_apart() {
    let now = at(SIGNED_AT);
    let mut no_signature = headers(SIGNATURE, TIMESTAMP);
    no_signature.remove("x-zm-signature");
    assert!(matches!(receive(&no_signature, BODY, now), Err(WebhookError::MissingHeader("x-zm-signature"))));

    let mut no_timestamp = headers(SIGNATURE, TIMESTAMP);
    no_timestamp.remove("x-zm-request-timestamp");
    assert!(matches!(receive(&no_timestamp, BODY, now), Err(WebhookError::MissingHeader("x-zm-request-timestamp"))));

    let mut twice = headers(SIGNATURE, TIMESTAMP);
    twice.append("x-zm-signature", HeaderValue::from_static(SIGNATURE));
    assert!(matches!(receive(&twice, BODY, now), Err(WebhookError::DuplicateHeader("x-zm-signature"))));
    let mut twice = headers(SIGNATURE, TIMESTAMP);
    twice.append("x-zm-request-timestamp", HeaderValue::from_static(TIMESTAMP));
    assert!(matches!(receive(&twice, BODY, now), Err(WebhookError::DuplicateHeader("x-zm-request-timestamp"))));

    let not_hex = format!("v0={}", "zz".repeat(32));
    for malformed in [not_hex.as_str(), "v0=abc", "sha256=00", &SIGNATURE[3..]] {
        let err = receive(&headers(malformed, TIMESTAMP), BODY, now).unwrap_err();
        assert!(matches!(err, WebhookError::MalformedSignature(_)), "{malformed}: {err:?}");
    }
    for malformed in ["", "soon", "1764500000.5", "-1764500000", "17645000000000000000000"] {
        let err = receive(&headers(SIGNATURE, malformed), BODY, now).unwrap_err();
        assert!(matches!(err, WebhookError::MalformedTimestamp), "{malformed:?}: {err:?}");
    }
}

#[test]
fn url_validation_round_trip() {
    let receiver = Receiver::new(SECRET).unwrap();
    let delivery: Delivery<RawEvent> = receiver
        .receive_now(&headers(VALIDATION_SIGNATURE, TIMESTAMP), VALIDATION_BODY.as_bytes(), at(SIGNED_AT))
        .unwrap();
    let Delivery::UrlValidation(answer) = delivery else { panic!("expected the endpoint check, got {delivery:?}") };
    assert_eq!(answer.plain_token, "qgg8vlvZRS6UYooatFL8Aw");
    assert_eq!(answer.encrypted_token, ENCRYPTED_TOKEN);
    let body: Value = serde_json::from_slice(&answer.to_body()).unwrap();
    assert_eq!(body, serde_json::json!({"plainToken": "qgg8vlvZRS6UYooatFL8Aw", "encryptedToken": ENCRYPTED_TOKEN}));
    assert_eq!(receiver.answer_url_validation("qgg8vlvZRS6UYooatFL8Aw"), answer);

    // An unsigned endpoint check is refused like any other delivery.
    let err = receiver.receive_now::<RawEvent>(&HeaderMap::new(), VALIDATION_BODY.as_bytes(), at(SIGNED_AT));
    assert!(matches!(err, Err(WebhookError::MissingHeader(_))));
}

#[test]
fn an_authentic_body_that_does_not_decode_is_a_body_error() {
    // Python's hmac over "v0:1764500000:[1,2]".
    let signature = "v0=2bba72697c68f72eb08099b3d8a8f29bf53c25fc070d3305bdd7a9c9759fa8d5";
    let err = receive(&headers(signature, TIMESTAMP), "[1,2]", at(SIGNED_AT)).unwrap_err();
    let WebhookError::Body(error) = err else { panic!("expected a body error, got {err:?}") };
    assert_eq!(error.to_string(), "expected an object, found an array");
}

#[test]
fn the_secret_never_shows() {
    let receiver = Receiver::new(SECRET).unwrap();
    assert!(!format!("{receiver:?}").contains(SECRET));
    let errors = [
        receive(&headers(SIGNATURE, TIMESTAMP), "{}", at(SIGNED_AT)).unwrap_err(),
        receive(&headers(SIGNATURE, TIMESTAMP), BODY, at(SIGNED_AT + 1000)).unwrap_err(),
        receive(&HeaderMap::new(), BODY, at(SIGNED_AT)).unwrap_err(),
    ];
    for error in errors {
        assert!(!format!("{error:?} {error}").contains(SECRET), "{error:?}");
    }
}

fn sign_at(timestamp: u64, body: &str) -> HeaderMap {
    use hmac::{KeyInit, Mac};
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(format!("v0:{timestamp}:{body}").as_bytes());
    let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    headers(&format!("v0={hex}"), &timestamp.to_string())
}

#[test]
fn a_replayed_or_retried_delivery_is_handed_on_once() {
    let receiver = Receiver::new(SECRET).unwrap();
    let now = at(SIGNED_AT + 1);
    let first = receiver.receive_now::<RawEvent>(&headers(SIGNATURE, TIMESTAMP), BODY.as_bytes(), now).unwrap();
    let Delivery::Event { key, .. } = first else { panic!("the first delivery is an event: {first:?}") };
    // A replay: the same delivery, byte for byte, within the window.
    let replay = receiver.receive_now::<RawEvent>(&headers(SIGNATURE, TIMESTAMP), BODY.as_bytes(), now);
    assert_eq!(replay.unwrap(), Delivery::Duplicate(key));
    // Clones share the record.
    let clone = receiver.clone();
    assert!(
        matches!(clone.receive_now::<RawEvent>(&headers(SIGNATURE, TIMESTAMP), BODY.as_bytes(), now), Ok(Delivery::Duplicate(k)) if k == key)
    );
    // Zoom's retries: the event signed anew minutes later, once with another envelope field.
    let later = SIGNED_AT + 25 * 60;
    let retry = receiver.receive_now::<RawEvent>(&sign_at(later, BODY), BODY.as_bytes(), at(later + 2)).unwrap();
    assert_eq!(retry, Delivery::Duplicate(key));
    let with_more = BODY.replacen('{', r#"{"delivery_attempt":2,"#, 1);
    let retry = receiver.receive_now::<RawEvent>(&sign_at(later, &with_more), with_more.as_bytes(), at(later)).unwrap();
    assert_eq!(retry, Delivery::Duplicate(key));

    // Another event: another name, time or payload.
    for other in [
        BODY.replace("meeting.started", "meeting.ended"),
        BODY.replace("1764500000123", "1764500000124"),
        BODY.replace("Weekly sync", "Weekly sync 2"),
    ] {
        let delivery = receiver.receive_now::<RawEvent>(&sign_at(SIGNED_AT, &other), other.as_bytes(), now).unwrap();
        assert!(matches!(delivery, Delivery::Event { key: k, .. } if k != key), "{other}");
    }
    // A forgotten delivery is handed on again (a handler that failed wants Zoom's retry).
    receiver.forget(&key).now_or_never().unwrap().unwrap();
    assert!(matches!(
        receiver.receive_now::<RawEvent>(&headers(SIGNATURE, TIMESTAMP), BODY.as_bytes(), now),
        Ok(Delivery::Event { .. })
    ));
    // The endpoint check is answered every time: it carries no event to handle twice.
    for _ in 0..2 {
        let check = receiver.receive_now::<RawEvent>(
            &headers(VALIDATION_SIGNATURE, TIMESTAMP),
            VALIDATION_BODY.as_bytes(),
            now,
        );
        assert!(matches!(check, Ok(Delivery::UrlValidation(_))), "{check:?}");
    }
}

#[test]
fn receivers_sharing_a_store_hand_an_event_on_once() {
    use std::sync::Arc;
    use zoom_client::webhook::MemoryDeliveryStore;
    let store = Arc::new(MemoryDeliveryStore::new(16));
    let one = Receiver::new(SECRET).unwrap().delivery_store(Arc::clone(&store));
    let other = Receiver::new(SECRET).unwrap().delivery_store(Arc::clone(&store));
    let now = at(SIGNED_AT);
    assert!(matches!(
        one.receive_now::<RawEvent>(&headers(SIGNATURE, TIMESTAMP), BODY.as_bytes(), now),
        Ok(Delivery::Event { .. })
    ));
    assert!(matches!(
        other.receive_now::<RawEvent>(&headers(SIGNATURE, TIMESTAMP), BODY.as_bytes(), now),
        Ok(Delivery::Duplicate(_))
    ));
    assert_eq!(store.len(), 1);
    // A body refused as unreadable is not remembered: a fixed receiver still gets Zoom's retry.
    let deviating = r#"{"event":"meeting.ended","event_ts":"1","payload":{}}"#;
    let strict =
        Receiver::new(SECRET).unwrap().delivery_store(Arc::clone(&store)).decoding(zoom_client::json::Decoding::Strict);
    let refused = strict.receive_now::<RawEvent>(&sign_at(SIGNED_AT, deviating), deviating.as_bytes(), now);
    assert_eq!(refused.unwrap_err().status(), 400);
    assert_eq!(store.len(), 1);
}

#[test]
fn a_failing_store_hands_nothing_on() {
    use zoom_client::webhook::{DeliveryKey, DeliveryStore, StoreFuture};
    #[derive(Debug)]
    struct Down;
    impl DeliveryStore for Down {
        fn insert<'a>(&'a self, _: &'a DeliveryKey, _: Duration) -> StoreFuture<'a, bool> {
            Box::pin(std::future::ready(Err("connection refused".into())))
        }
        fn remove<'a>(&'a self, _: &'a DeliveryKey) -> StoreFuture<'a, ()> {
            Box::pin(std::future::ready(Err("connection refused".into())))
        }
    }
    let receiver = Receiver::new(SECRET).unwrap().delivery_store(Down);
    let err =
        receiver.receive_now::<RawEvent>(&headers(SIGNATURE, TIMESTAMP), BODY.as_bytes(), at(SIGNED_AT)).unwrap_err();
    assert!(matches!(err, WebhookError::Store(_)), "{err:?}");
    assert_eq!(err.status(), 503, "Zoom sends it again later");
    assert_eq!(err.to_string(), "webhook delivery store failed: connection refused");
}

#[test]
fn an_empty_secret_is_refused() {
    for blank in ["", " ", "\t\n"] {
        assert_eq!(Receiver::new(blank).unwrap_err(), zoom_client::webhook::EmptySecretToken, "{blank:?}");
    }
    assert_eq!(zoom_client::webhook::EmptySecretToken.to_string(), "the webhook secret token is empty");
}

#[test]
fn bodies_over_the_limit_are_refused_before_the_signature() {
    let at_limit = format!(r#"{{"event":"x","event_ts":1,"payload":{{"pad":"{}"}}}}"#, "a".repeat(100));
    let limit = at_limit.len();
    let receiver = Receiver::new(SECRET).unwrap().max_body_bytes(limit);
    assert_eq!(receiver.body_limit(), limit);
    assert!(
        receiver.receive_now::<RawEvent>(&sign_at(SIGNED_AT, &at_limit), at_limit.as_bytes(), at(SIGNED_AT)).is_ok()
    );
    let over = at_limit.replace("aa", "aaa");
    let err = receiver.receive_now::<RawEvent>(&sign_at(SIGNED_AT, &over), over.as_bytes(), at(SIGNED_AT)).unwrap_err();
    assert!(matches!(err, WebhookError::BodyTooLarge { limit: l } if l == limit), "{err:?}");
    assert_eq!(err.status(), 413);
    // Unsigned, it is refused for its size all the same: nothing is computed on it.
    assert!(matches!(
        receiver.verify_at(&HeaderMap::new(), over.as_bytes(), at(SIGNED_AT)),
        Err(WebhookError::BodyTooLarge { .. })
    ));
    // The default limit.
    let big = vec![b' '; zoom_client::webhook::DEFAULT_MAX_BODY_BYTES + 1];
    let err = Receiver::new(SECRET).unwrap().verify_at(&HeaderMap::new(), &big, at(SIGNED_AT)).unwrap_err();
    assert!(matches!(err, WebhookError::BodyTooLarge { .. }), "{err:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Whatever the headers and body, the receiver answers with a value or an error.
    #[test]
    fn random_deliveries_never_panic(
        signature in proptest::collection::vec(any::<u8>(), 0..80),
        signature_prefixed in any::<bool>(),
        timestamp in proptest::collection::vec(any::<u8>(), 0..24),
        body in proptest::collection::vec(any::<u8>(), 0..200),
        now in any::<u64>(),
    ) {
        let mut map = HeaderMap::new();
        let mut signature_text = if signature_prefixed { b"v0=".to_vec() } else { Vec::new() };
        signature_text.extend(signature);
        if let Ok(value) = HeaderValue::from_bytes(&signature_text) {
            map.insert("x-zm-signature", value);
        }
        if let Ok(value) = HeaderValue::from_bytes(&timestamp) {
            map.insert("x-zm-request-timestamp", value);
        }
        let now = UNIX_EPOCH.checked_add(Duration::from_secs(now)).unwrap_or(UNIX_EPOCH);
        let _ = Receiver::new(SECRET).unwrap().receive_now::<RawEvent>(&map, &body, now);
    }

    /// Correctly signed random bodies get past the signature check and fail, if at all, on
    /// decoding: the body is never trusted before it is verified, and never panics after.
    #[test]
    fn signed_random_bodies_never_panic(body in proptest::collection::vec(any::<u8>(), 0..200)) {
        use hmac::{KeyInit, Mac};
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
        mac.update(format!("v0:{TIMESTAMP}:").as_bytes());
        mac.update(&body);
        let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
        let signature = format!("v0={hex}");
        let result = Receiver::new(SECRET).unwrap().receive_now::<RawEvent>(&headers(&signature, TIMESTAMP), &body, at(SIGNED_AT));
        prop_assert!(!matches!(result, Err(WebhookError::SignatureMismatch)));
    }
}

/// The axum route on a loopback server: events reach the handler, the endpoint check is
/// answered, refused deliveries get 401 or 400 and never reach the handler.
#[cfg(feature = "axum")]
#[tokio::test]
async fn the_axum_route_answers_as_zoom_expects() {
    use std::sync::{Arc, Mutex};

    let received = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&received);
    // A wide window: the fixed vectors were signed at SIGNED_AT, and the route reads the clock.
    let years = Duration::from_secs(60 * 60 * 24 * 365 * 100);
    let route = zoom_client::webhook::axum::route(
        Receiver::new(SECRET).unwrap().window(years).max_body_bytes(4096),
        move |event: RawEvent| {
            let sink = Arc::clone(&sink);
            async move { sink.lock().unwrap().push(event.event.unwrap_or_default()) }
        },
    );
    let app = axum::Router::new().route("/zoom/events", route);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/zoom/events", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });

    // reqwest's rustls has no provider of its own here (see the `rustls` feature): a client built
    // before any of zoom-client's needs one installed, as the README says.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let post = |signature: &'static str, body: &'static str| {
        http.post(&url)
            .header("x-zm-signature", signature)
            .header("x-zm-request-timestamp", TIMESTAMP)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    assert_eq!(post(SIGNATURE, BODY).await.unwrap().status(), 200);

    let answer = post(VALIDATION_SIGNATURE, VALIDATION_BODY).await.unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["content-type"], "application/json");
    let answer: Value = serde_json::from_slice(&answer.bytes().await.unwrap()).unwrap();
    assert_eq!(answer["encryptedToken"], ENCRYPTED_TOKEN);

    assert_eq!(post(SIGNATURE, VALIDATION_BODY).await.unwrap().status(), 401);
    let signed_array = "v0=2bba72697c68f72eb08099b3d8a8f29bf53c25fc070d3305bdd7a9c9759fa8d5";
    let refused = post(signed_array, "[1,2]").await.unwrap();
    assert_eq!(refused.status(), 400);
    let reason = refused.text().await.unwrap();
    assert_eq!(reason, "webhook body cannot be decoded: expected an object, found an array", "the reason is answered");
    // An authentic event that differs from its document is handed on, and answered 200.
    let deviating = r#"{"event":"meeting.ended","event_ts":"1764500000999","payload":{}}"#;
    let signature: &'static str = Box::leak(sign(deviating).into_boxed_str());
    assert_eq!(post(signature, deviating).await.unwrap().status(), 200);
    assert_eq!(http.post(&url).body(BODY).send().await.unwrap().status(), 401);
    // A replay is answered 200 and not handed on again.
    assert_eq!(post(SIGNATURE, BODY).await.unwrap().status(), 200);
    // A body over the receiver's limit is not read.
    let big: &'static str = Box::leak(format!(r#"{{"event":"x","pad":"{}"}}"#, "a".repeat(5000)).into_boxed_str());
    let signature: &'static str = Box::leak(sign(big).into_boxed_str());
    assert_eq!(post(signature, big).await.unwrap().status(), 413);

    assert_eq!(*received.lock().unwrap(), ["meeting.started", "meeting.ended"]);
}

/// A generated event enum picks its variant by `event`, keeps unknown events whole, and reads a
/// known event whose body differs from its document, reporting each difference.
#[cfg(all(feature = "meetings", feature = "webhooks"))]
#[test]
fn typed_events_decode_by_their_name() {
    use zoom_client::meetings::webhooks::Event;
    let started = r#"{"event":"meeting.started","event_ts":1764500000123,"payload":{"account_id":"AbC","object":{
        "id":"85746065432","uuid":"4444AAAiAAAAAiAiAiiAii==","host_id":"x1yCzABCDEfg23HiJKl4mN",
        "host_email":"host@example.com","topic":"Weekly sync","type":2,"start_time":"2025-11-30T09:00:00Z",
        "duration":30,"timezone":"Europe/Berlin"}}}"#;
    let Event::MeetingStarted(event) = zoom_client::json::from_slice::<Event>(started.as_bytes()).unwrap() else {
        panic!("not meeting.started")
    };
    assert_eq!(event.payload.object.topic.as_deref(), Some("Weekly sync"));
    assert_eq!(event.payload.object.start_time.unwrap().to_rfc3339(), "2025-11-30T09:00:00+00:00");
    let info = Event::MeetingStarted(event.clone()).info().unwrap();
    assert_eq!((info.name, info.product), ("meeting.started", "meetings"));
    assert!(info.classic_scopes.contains(&"meeting:read:admin"), "{info:?}");
    assert!(info.granular_scopes.contains(&"meeting:read:meeting:admin"), "{info:?}");
    assert_eq!(zoom_client::webhook::EventInfo::with_name("meeting.started"), Some(info));
    assert_eq!(zoom_client::webhook::EventInfo::with_name("meeting.teleported"), None);
    // The event table feeds the scope planner like operations do.
    let plan = zoom_client::scopes::least_privilege(
        &[info],
        zoom_client::scopes::Tier::Admin,
        zoom_client::scopes::Model::Granular,
    );
    assert_eq!(plan.scopes, ["meeting:read:meeting:admin"]);

    let unknown = r#"{"event":"meeting.teleported","event_ts":1,"payload":{"to":"Mars"}}"#;
    let event = zoom_client::json::from_slice::<Event>(unknown.as_bytes()).unwrap();
    assert_eq!(event.name(), "meeting.teleported");
    assert_eq!(event.info(), None);
    let Event::Unknown(raw) = event else { panic!("an unknown event keeps its body") };
    assert_eq!(raw.payload.unwrap()["to"], "Mars");

    // `meeting.started` without its required topic and with its id as a number: the event all the
    // same, with both deviations; strictly, an error naming the first.
    let incomplete = started.replace(r#""topic":"Weekly sync","#, "").replace(r#""85746065432""#, "85746065432");
    let tolerant = |text: &str| {
        zoom_client::json::from_slice_with::<Event>(text.as_bytes(), zoom_client::json::Decoding::Tolerant).unwrap()
    };
    let decoded = tolerant(&incomplete);
    let Event::MeetingStarted(event) = &decoded.value else { panic!("still meeting.started") };
    assert_eq!(
        (event.payload.object.topic.as_deref(), event.payload.object.id.as_deref()),
        (None, Some("85746065432"))
    );
    let deviations: Vec<String> = decoded.deviations.iter().map(ToString::to_string).collect();
    assert_eq!(
        deviations,
        [
            "at `payload.object.id`: expected a string, found a number (converted)",
            "at `payload.object.topic`: expected a required field, found nothing (missing)",
        ]
    );
    let error = zoom_client::json::from_slice::<Event>(incomplete.as_bytes()).unwrap_err();
    assert_eq!(error.path(), "payload.object.id");
    // Not an object: nothing to read. No `event`: an unknown event, its name missing.
    assert!(zoom_client::json::from_slice_with::<Event>(b"[1]", zoom_client::json::Decoding::Tolerant).is_err());
    let nameless = tolerant(r#"{"payload":{}}"#);
    assert!(matches!(&nameless.value, Event::Unknown(raw) if raw.event.is_none()));
    assert_eq!(nameless.value.name(), "");
    assert!(zoom_client::json::from_slice::<Event>(br#"{"payload":{}}"#).is_err());
}

fn sign(body: &str) -> String {
    use hmac::{KeyInit, Mac};
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(format!("v0:{TIMESTAMP}:{body}").as_bytes());
    let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    format!("v0={hex}")
}

/// Any event type reads its envelope tolerantly: `event_ts` as a string is read, and reported.
#[test]
fn a_raw_event_that_differs_from_the_envelope_is_received() {
    let body = r#"{"event":"meeting.started","event_ts":"1764500000123","payload":{"object":{}}}"#;
    let delivery = receive(&headers(&sign(body), TIMESTAMP), body, at(SIGNED_AT)).unwrap();
    let Delivery::Event { event, deviations, .. } = delivery else { panic!("an event") };
    assert_eq!(event.event_ts, Some(1_764_500_000_123));
    assert_eq!(deviations.len(), 1);
    assert_eq!(deviations[0].to_string(), "at `event_ts`: expected an integer, found a string (converted)");
    // Neither a JSON object nor JSON: refused, whatever the event type.
    for body in ["[1]", "\"meeting.started\"", "{\"event\":"] {
        let error = receive(&headers(&sign(body), TIMESTAMP), body, at(SIGNED_AT)).unwrap_err();
        assert_eq!(error.status(), 400, "{body}: {error}");
    }
}

/// The README's example event, which has no `duration` (`spec/overrides.toml` says Zoom leaves it
/// out: no deviation), here also without its required `host_id` and with `event_ts` as a string: a
/// tolerant receiver hands it on with those two deviations; a strict one refuses it (400, naming
/// the path).
#[cfg(all(feature = "meetings", feature = "webhooks"))]
#[test]
fn a_delivery_that_differs_from_its_document_is_received() {
    use zoom_client::json::Decoding;
    use zoom_client::meetings::webhooks::Event;
    let body = r#"{"event":"meeting.started","event_ts":"1764500000123","payload":{"account_id":"AbC",
        "object":{"id":"85746065432","uuid":"4444AAAiAAAAAiAiAiiAii==","host_email":"h@example.com",
        "topic":"Weekly sync","type":2,"start_time":"2025-11-30T09:00:00Z","timezone":"UTC"}}}"#;
    let signed = headers(&sign(body), TIMESTAMP);
    let delivery =
        Receiver::new(SECRET).unwrap().receive_now::<Event>(&signed, body.as_bytes(), at(SIGNED_AT)).unwrap();
    let Delivery::Event { event: Event::MeetingStarted(started), deviations, .. } = delivery else {
        panic!("meeting.started")
    };
    assert_eq!(started.event_ts, Some(1_764_500_000_123));
    assert_eq!(started.payload.object.duration, None);
    let deviations: Vec<String> = deviations.iter().map(ToString::to_string).collect();
    assert_eq!(
        deviations,
        [
            "at `event_ts`: expected an integer, found a string (converted)",
            "at `payload.object.host_id`: expected a required field, found nothing (missing)",
        ]
    );
    let strict = Receiver::new(SECRET).unwrap().decoding(Decoding::Strict);
    let error = strict.receive_now::<Event>(&signed, body.as_bytes(), at(SIGNED_AT)).unwrap_err();
    assert_eq!(error.status(), 400);
    assert_eq!(error.to_string(), "webhook body cannot be decoded: at `event_ts`: expected an integer, found a string");
}

/// Each class of deviation in a typed event, one at a time: exactly its deviation tolerantly, and
/// strictly an error at its path.
#[cfg(all(feature = "meetings", feature = "webhooks"))]
#[test]
fn each_class_of_deviation_in_an_event() {
    use zoom_client::json::{Decoding, from_slice_with};
    use zoom_client::meetings::webhooks::Event;
    let object = r#""id":"85746065432","uuid":"u==","host_id":"x1","host_email":"h@example.com","topic":"Sync","type":2,"start_time":"2025-11-30T09:00:00Z","duration":30"#;
    let body = |object: &str| {
        format!(r#"{{"event":"meeting.started","event_ts":1,"payload":{{"account_id":"A","object":{{{object}}}}}}}"#)
    };
    assert!(from_slice_with::<Event>(body(object).as_bytes(), Decoding::Strict).is_ok(), "as documented");
    let cases = [
        (
            r#""duration":30"#,
            r#""duration":"""#,
            "at `payload.object.duration`: expected an integer, found an empty string (read as absent)",
        ),
        (r#""type":2"#, r#""type":"5""#, "at `payload.object.type`: expected an integer, found a string (converted)"),
        (
            r#""id":"85746065432""#,
            r#""id":85746065432"#,
            "at `payload.object.id`: expected a string, found a number (converted)",
        ),
        (
            r#""topic":"Sync""#,
            r#""topic":{"text":"Sync"}"#,
            "at `payload.object.topic`: expected a string, found an object (kept as sent)",
        ),
        (
            r#""topic":"Sync""#,
            r#""topic":null"#,
            "at `payload.object.topic`: expected a value, found null (read as absent)",
        ),
        (r#""uuid":"u==","#, "", "at `payload.object.uuid`: expected a required field, found nothing (missing)"),
    ];
    for (from, to, expected) in cases {
        let text = body(&object.replace(from, to));
        let decoded = from_slice_with::<Event>(text.as_bytes(), Decoding::Tolerant).unwrap();
        let deviations: Vec<String> = decoded.deviations.iter().map(ToString::to_string).collect();
        assert_eq!(deviations, [expected], "{text}");
        let Event::MeetingStarted(started) = &decoded.value else { panic!("still meeting.started") };
        if to == r#""type":"5""# {
            assert_eq!(started.payload.object.type_.map(|t| t.as_i64()), Some(5), "an undocumented value, kept");
        }
        let error = from_slice_with::<Event>(text.as_bytes(), Decoding::Strict).unwrap_err();
        assert_eq!(error.path(), decoded.deviations[0].path(), "{text}");
    }
}

/// The delivery the webhook example's comment signs (and the README points to) reaches a typed
/// handler: it is `meeting.started`, with the fields it lacks reported, not refused.
#[cfg(all(feature = "meetings", feature = "webhooks"))]
#[test]
fn the_examples_delivery_decodes_as_its_event() {
    use zoom_client::meetings::webhooks::Event;
    let source = include_str!("../examples/webhook_receiver.rs");
    let body = source.lines().find_map(|l| l.strip_prefix("//! body='")).and_then(|l| l.strip_suffix('\'')).unwrap();
    let delivery = Receiver::new(SECRET).unwrap().receive_now::<Event>(
        &headers(&sign(body), TIMESTAMP),
        body.as_bytes(),
        at(SIGNED_AT),
    );
    let Ok(Delivery::Event { event: Event::MeetingStarted(started), deviations, .. }) = delivery else {
        panic!("meeting.started: {delivery:?}")
    };
    assert_eq!(started.payload.object.id.as_deref(), Some("1"));
    let missing: Vec<String> = deviations.iter().map(|d| d.path()).collect();
    assert_eq!(
        missing,
        [
            "payload.object.host_id",
            "payload.object.start_time",
            "payload.object.topic",
            "payload.object.type",
            "payload.object.uuid"
        ]
    );
}
