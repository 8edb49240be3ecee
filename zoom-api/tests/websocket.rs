//! `zoom_client::websocket` against a local WebSocket server that plays Zoom: heartbeats
//! answered and missed, events of several products, an unknown event, malformed frames, a
//! closed connection, a refused token, a second connection that closes the first, shutdown.

mod logs;

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};
use tokio_tungstenite::tungstenite::Message;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_client::auth::ServerToServer;
use zoom_client::json::{DecodeError, Decoder, FromJson, Value};
use zoom_client::webhook::RawEvent;
use zoom_client::websocket::{Events, Received, Subscription};
use zoom_client::{meetings, users};

/// What the test tells the connection of the fake that is open now.
enum Command {
    Send(String),
    Close,
}

/// What the fake has seen, and how it behaves.
#[derive(Default)]
struct State {
    /// The access token of each connection, in order.
    tokens: Vec<String>,
    heartbeats: usize,
    /// Connections whose heartbeats go unanswered (by number, from 0).
    muted: HashSet<usize>,
    /// Tokens answered with Zoom's refusal, then closed.
    refused: HashSet<String>,
    /// Whether a new connection closes the one before (one connection per subscription).
    one_connection: bool,
    /// The open connections' command channels, by number.
    open: Vec<(usize, UnboundedSender<Command>)>,
    /// Close frames received from the client.
    closes: usize,
}

/// A local Zoom: a token endpoint that hands out `token-1`, `token-2`, …, and a WebSocket endpoint.
struct FakeZoom {
    ws_url: String,
    token_server: MockServer,
    token_requests: Arc<AtomicUsize>,
    state: Arc<Mutex<State>>,
}

impl FakeZoom {
    async fn start() -> FakeZoom {
        let token_server = MockServer::start().await;
        let token_requests = Arc::new(AtomicUsize::new(0));
        let counter = token_requests.clone();
        Mock::given(method("POST"))
            .respond_with(move |_: &wiremock::Request| {
                let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
                ResponseTemplate::new(200).set_body_json(
                    json!({"access_token": format!("token-{n}"), "token_type": "bearer", "expires_in": 3600}),
                )
            })
            .mount(&token_server)
            .await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let ws_url = format!("ws://{}/ws", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State::default()));
        let accepting = state.clone();
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                tokio::spawn(serve(tcp, accepting.clone()));
            }
        });
        FakeZoom { ws_url, token_server, token_requests, state }
    }

    fn subscription(&self) -> Subscription {
        let credentials = ServerToServer::new("account", "client", "secret").token_url(self.token_server.uri());
        Subscription::new(credentials, "subscription-1")
            .url(&self.ws_url)
            .heartbeat_interval(Duration::from_millis(100))
            .answer_timeout(Duration::from_millis(400))
            .max_backoff(Duration::from_millis(100))
    }

    /// Sends `text` on the newest open connection.
    fn push(&self, text: impl Into<String>) {
        let state = self.state.lock().unwrap();
        let (_, newest) = state.open.last().expect("an open connection");
        newest.send(Command::Send(text.into())).unwrap();
    }

    fn close_newest(&self) {
        let state = self.state.lock().unwrap();
        state.open.last().expect("an open connection").1.send(Command::Close).unwrap();
    }

    fn connections(&self) -> usize {
        self.state.lock().unwrap().tokens.len()
    }

    /// Waits (up to 5 s) until `done` holds of the state.
    async fn until(&self, what: &str, done: impl Fn(&State) -> bool) {
        for _ in 0..500 {
            if done(&self.state.lock().unwrap()) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the fake never saw {what}");
    }
}

/// One connection to the fake.
async fn serve(tcp: tokio::net::TcpStream, state: Arc<Mutex<State>>) {
    let token = Arc::new(Mutex::new(String::new()));
    let seen = token.clone();
    #[allow(clippy::result_large_err, reason = "the signature of tungstenite's callback")]
    let callback = move |request: &tokio_tungstenite::tungstenite::handshake::server::Request, response| {
        let query = request.uri().query().unwrap_or_default().to_owned();
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
        assert!(pairs.iter().any(|(k, v)| k == "subscriptionId" && v == "subscription-1"), "{query}");
        *seen.lock().unwrap() =
            pairs.into_iter().find(|(k, _)| k == "access_token").map(|(_, v)| v).unwrap_or_default();
        Ok(response)
    };
    let Ok(mut socket) = tokio_tungstenite::accept_hdr_async(tcp, callback).await else { return };
    let token = token.lock().unwrap().clone();
    let (commands, mut received) = unbounded_channel();
    let (number, refused, muted) = {
        let mut state = state.lock().unwrap();
        let number = state.tokens.len();
        state.tokens.push(token.clone());
        if state.one_connection {
            for (_, previous) in state.open.drain(..) {
                let _ = previous.send(Command::Close);
            }
        }
        state.open.push((number, commands));
        (number, state.refused.contains(&token), state.muted.contains(&number))
    };
    if refused {
        let refusal = json!({"module": "build_connection", "success": false, "content": "Invalid Token", "header": {}});
        let _ = socket.send(Message::text(refusal.to_string())).await;
        let _ = socket.close(None).await;
    } else {
        loop {
            tokio::select! {
                command = received.recv() => match command {
                    Some(Command::Send(text)) => { let _ = socket.send(Message::text(text)).await; }
                    Some(Command::Close) | None => { let _ = socket.close(None).await; break; }
                },
                frame = socket.next() => match frame {
                    Some(Ok(Message::Text(text))) if text.as_str() == r#"{"module":"heartbeat"}"# => {
                        state.lock().unwrap().heartbeats += 1;
                        if !muted {
                            let answer = json!({"module": "heartbeat", "success": true, "content": "live", "header": {}});
                            let _ = socket.send(Message::text(answer.to_string())).await;
                        }
                    }
                    Some(Ok(Message::Close(_))) => { state.lock().unwrap().closes += 1; break; }
                    Some(Ok(_)) => {}
                    Some(Err(_)) | None => break,
                },
            }
        }
    }
    state.lock().unwrap().open.retain(|(open, _)| *open != number);
}

/// An event frame as Zoom sends it: the webhook body as a JSON string in `content`.
fn event_frame(name: &str, payload: serde_json::Value) -> String {
    let body = json!({"event": name, "event_ts": 1_764_756_000_000_i64, "payload": payload}).to_string();
    json!({"module": "message", "content": body, "header": {}}).to_string()
}

/// The events of the products this test enables, as an application would combine them.
#[derive(Debug)]
enum AnyEvent {
    Meetings(Box<meetings::webhooks::Event>),
    Users(Box<users::webhooks::Event>),
    Other(RawEvent),
}

impl FromJson for AnyEvent {
    fn decode(de: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let value = Value::decode(de)?;
        let text = value.to_string();
        let name = value.get("event").and_then(Value::as_str).unwrap_or_default();
        Ok(if name.starts_with("meeting.") {
            AnyEvent::Meetings(Box::new(zoom_client::json::from_slice(text.as_bytes())?))
        } else if name.starts_with("user.") {
            AnyEvent::Users(Box::new(zoom_client::json::from_slice(text.as_bytes())?))
        } else {
            AnyEvent::Other(zoom_client::json::from_slice(text.as_bytes())?)
        })
    }
}

/// The next item, within 5 s.
async fn next<E>(events: &mut Events<E>) -> Received<E> {
    tokio::time::timeout(Duration::from_secs(5), events.next())
        .await
        .expect("an item within 5 s")
        .expect("an open stream")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heartbeats_go_out_and_events_of_several_products_arrive_typed() {
    let zoom = FakeZoom::start().await;
    let mut events = zoom.subscription().events::<AnyEvent>();
    zoom.until("a connection", |s| !s.open.is_empty()).await;
    zoom.push(event_frame("meeting.started", json!({"account_id": "a", "object": {"id": "1", "uuid": "u", "host_id": "h", "topic": "Standup", "type": 2, "start_time": "2026-12-03T10:00:00Z", "timezone": "UTC"}})));
    zoom.push(event_frame("user.created", json!({"account_id": "a", "creation_type": "create", "operator": "o@example.com", "operator_id": "o", "object": {"id": "u1", "first_name": "Ada", "last_name": "L", "email": "ada@example.com", "type": 1}})));
    zoom.push(event_frame("phone.unheard_of", json!({"object": {}})));
    let Received::Event { event: AnyEvent::Meetings(meeting), .. } = next(&mut events).await else {
        panic!("a meeting event")
    };
    assert!(matches!(&*meeting, meetings::webhooks::Event::MeetingStarted(_)), "{meeting:?}");
    let Received::Event { event: AnyEvent::Users(user), .. } = next(&mut events).await else { panic!("a user event") };
    assert!(matches!(&*user, users::webhooks::Event::UserCreated(_)), "{user:?}");
    let Received::Event { event: AnyEvent::Other(other), .. } = next(&mut events).await else {
        panic!("the unknown event")
    };
    assert_eq!(other.event.as_deref(), Some("phone.unheard_of"));

    // A product's own enum keeps events it does not know.
    drop(events);
    let mut meetings_only = zoom.subscription().events::<meetings::webhooks::Event>();
    zoom.until("a second connection", |s| s.tokens.len() == 2 && !s.open.is_empty()).await;
    zoom.push(event_frame("user.created", json!({"object": {"id": "u2"}})));
    let Received::Event { event, .. } = next(&mut meetings_only).await else { panic!("an event") };
    assert!(matches!(&event, meetings::webhooks::Event::Unknown(raw) if raw.event.as_deref() == Some("user.created")));

    // Heartbeats every 100 ms, answered: no reconnection.
    tokio::time::sleep(Duration::from_millis(550)).await;
    assert!(zoom.state.lock().unwrap().heartbeats >= 5, "{} heartbeats", zoom.state.lock().unwrap().heartbeats);
    assert_eq!(zoom.connections(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_frames_are_reported_and_the_stream_goes_on() {
    let zoom = FakeZoom::start().await;
    let mut events = zoom.subscription().events::<RawEvent>();
    zoom.until("a connection", |s| !s.open.is_empty()).await;
    zoom.push("not json");
    zoom.push(json!({"module": "message", "content": "[1, 2]"}).to_string());
    zoom.push(json!({"module": "news", "content": "?"}).to_string());
    zoom.push(event_frame("meeting.ended", json!({})));
    let mut reasons = Vec::new();
    for _ in 0..3 {
        let Received::Unreadable(unreadable) = next(&mut events).await else { panic!("an unreadable frame") };
        reasons.push(unreadable.reason);
    }
    assert!(reasons[0].contains("not a JSON object"), "{reasons:?}");
    assert!(reasons[1].contains("does not decode"), "{reasons:?}");
    assert!(reasons[2].contains("news"), "{reasons:?}");
    let Received::Event { event, .. } = next(&mut events).await else { panic!("the stream goes on") };
    assert_eq!(event.event.as_deref(), Some("meeting.ended"));
    assert_eq!(zoom.connections(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_connection_is_opened_again_and_its_gap_reported_once() {
    let zoom = FakeZoom::start().await;
    let mut events = zoom.subscription().events::<RawEvent>();
    zoom.until("a connection", |s| !s.open.is_empty()).await;
    zoom.push(event_frame("meeting.started", json!({})));
    assert!(matches!(next(&mut events).await, Received::Event { .. }));
    zoom.close_newest();
    let Received::Gap(gap) = next(&mut events).await else { panic!("a gap") };
    assert!(gap.from <= gap.to, "{gap:?}");
    assert!(gap.reason.contains("closed"), "{gap:?}");
    zoom.push(event_frame("meeting.ended", json!({})));
    let Received::Event { event, .. } = next(&mut events).await else { panic!("events after the gap") };
    assert_eq!(event.event.as_deref(), Some("meeting.ended"));
    assert_eq!(zoom.connections(), 2);
    assert_eq!(zoom.token_requests.load(Ordering::SeqCst), 1, "the token is still good");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unanswered_heartbeats_mean_a_dead_connection() {
    let zoom = FakeZoom::start().await;
    zoom.state.lock().unwrap().muted.insert(0);
    let mut events = zoom.subscription().events::<RawEvent>();
    // The first connection answers nothing; after 400 ms the client opens another.
    let Received::Gap(gap) = next(&mut events).await else { panic!("a gap") };
    assert!(gap.reason.contains("no answer"), "{gap:?}");
    assert_eq!(zoom.connections(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_token_is_replaced_once() {
    let zoom = FakeZoom::start().await;
    zoom.state.lock().unwrap().refused.insert("token-1".into());
    let mut events = zoom.subscription().events::<RawEvent>();
    let Received::Gap(gap) = next(&mut events).await else { panic!("a gap") };
    assert!(gap.reason.contains("refused the access token"), "{gap:?}");
    assert_eq!(zoom.state.lock().unwrap().tokens, ["token-1", "token-2"]);
    zoom.push(event_frame("meeting.started", json!({})));
    assert!(matches!(next(&mut events).await, Received::Event { .. }));
    assert_eq!(zoom.token_requests.load(Ordering::SeqCst), 2, "one new token");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_connection_closes_the_first() {
    let zoom = FakeZoom::start().await;
    zoom.state.lock().unwrap().one_connection = true;
    let mut first = zoom.subscription().events::<RawEvent>();
    zoom.until("the first connection", |s| s.tokens.len() == 1).await;
    let second = zoom.subscription().events::<RawEvent>();
    // The second closes the first; the first reconnects (closing the second) and says what it
    // missed.
    let Received::Gap(gap) = next(&mut first).await else { panic!("a gap on the first") };
    assert!(gap.reason.contains("closed"), "{gap:?}");
    assert!(zoom.connections() >= 3);
    drop(second);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_or_dropping_the_stream_ends_the_connection() {
    let zoom = FakeZoom::start().await;
    let events = zoom.subscription().events::<RawEvent>();
    zoom.until("a connection", |s| s.open.len() == 1).await;
    events.close().await;
    zoom.until("the close frame", |s| s.closes == 1 && s.open.is_empty()).await;

    let events = zoom.subscription().events::<RawEvent>();
    zoom.until("a connection", |s| s.open.len() == 1).await;
    drop(events);
    zoom.until("the close frame of a dropped stream", |s| s.closes == 2 && s.open.is_empty()).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(zoom.connections(), 2, "no reconnection after the end");
}

/// A current-thread runtime, so that the connection's task logs to this thread's subscriber.
#[tokio::test]
async fn no_token_in_logs_or_gaps() {
    let (capture, _guard) = logs::capture();

    let zoom = FakeZoom::start().await;
    // The failing subscription below takes the first token, so the second is the one refused.
    zoom.state.lock().unwrap().refused.extend(["token-1".into(), "token-2".into()]);
    // An HTTP server where the WebSocket should be: the handshake fails.
    let not_websocket = MockServer::start().await;
    let subscription = zoom.subscription().url(format!("{}/ws", not_websocket.uri().replace("http", "ws")));
    let failing = subscription.events::<RawEvent>();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut events = zoom.subscription().events::<RawEvent>();
    let Received::Gap(gap) = next(&mut events).await else { panic!("a gap") };
    drop((failing, events));
    let logs = capture.text();
    assert!(logs.contains("zoom_client.websocket") && logs.contains("WebSocket handshake"), "{logs}");
    assert!(logs.contains("refused the access token"), "{logs}");
    for shown in [logs, format!("{gap:?}"), format!("{subscription:?}")] {
        assert!(!["token-1", "token-2", "token-3"].iter().any(|token| shown.contains(token)), "{shown}");
    }
}
