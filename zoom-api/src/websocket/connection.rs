//! The task that keeps a subscription's connection: connect, heartbeat, read, reconnect.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::mpsc::Sender;
use tokio::time::Instant;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tracing::Instrument;

use super::frame::{self, Frame};
use super::{Gap, Received, Unreadable};
use crate::auth::ServerToServer;
use crate::json::{self, Decoding, FromJson};

/// What [`Subscription`](super::Subscription) configures.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub(crate) credentials: ServerToServer,
    pub(crate) subscription_id: String,
    pub(crate) url: String,
    pub(crate) heartbeat_interval: Duration,
    pub(crate) answer_timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) max_backoff: Duration,
    pub(crate) decoding: Decoding,
}

/// A byte stream a WebSocket runs on: TCP, or TLS over TCP.
trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

type Socket = WebSocketStream<Box<dyn Io>>;

/// How a connection ended.
enum End {
    /// The stream was dropped or closed.
    Stopped,
    /// Lost: at the time of its last frame, and why.
    Lost { last_frame: DateTime<Utc>, reason: String },
    /// Zoom refused the access token.
    InvalidToken { last_frame: DateTime<Utc>, said: String },
}

/// Keeps the subscription's connection until `events` is closed.
pub(crate) async fn run<E: FromJson + Send + 'static>(config: Arc<Config>, events: Sender<Received<E>>) {
    let span = tracing::info_span!("zoom_client.websocket", subscription = %config.subscription_id);
    Session { config, events, down_since: None, failures: 0, refused_token: false }.run().instrument(span).await
}

struct Session<E> {
    config: Arc<Config>,
    events: Sender<Received<E>>,
    /// After a connection was lost: since when (its last frame), and why. A gap is reported
    /// when a new connection answers.
    down_since: Option<(DateTime<Utc>, String)>,
    /// Failed connection attempts in a row, for the backoff.
    failures: u32,
    /// Whether the latest token was refused already: a second refusal in a row waits.
    refused_token: bool,
}

impl<E: FromJson + Send + 'static> Session<E> {
    async fn run(mut self) {
        loop {
            let attempt = async {
                let token = self.config.credentials.current().await.map_err(|e| format!("no access token: {e}"))?;
                let secret = token.tokens.access_token.secret().expose().to_owned();
                let socket = connect(&self.config, &secret).await.map_err(|e| e.replace(&secret, "[redacted]"))?;
                Ok::<_, String>((socket, token.generation))
            };
            let outcome = tokio::select! {
                outcome = attempt => outcome,
                () = self.events.closed() => return,
            };
            let (socket, generation) = match outcome {
                Ok(connected) => connected,
                Err(reason) => {
                    tracing::warn!(reason = %reason, "cannot connect to Zoom's WebSocket endpoint");
                    self.down_since.get_or_insert_with(|| (crate::rate_limit::now(), reason));
                    if !self.wait_before_reconnecting().await {
                        return;
                    }
                    continue;
                }
            };
            tracing::info!("connected");
            match self.read(socket).await {
                End::Stopped => return,
                End::Lost { last_frame, reason } => {
                    tracing::warn!(reason = %reason, "connection lost; reconnecting");
                    self.down_since.get_or_insert((last_frame, reason));
                }
                End::InvalidToken { last_frame, said } => {
                    tracing::warn!(said = %said, "Zoom refused the access token; connecting with a new one");
                    self.config.credentials.cache().invalidate(generation);
                    self.down_since.get_or_insert((last_frame, format!("Zoom refused the access token: {said}")));
                    // A fresh token goes at once; one refused again waits like any failure.
                    if !std::mem::replace(&mut self.refused_token, true) {
                        continue;
                    }
                }
            }
            if !self.wait_before_reconnecting().await {
                return;
            }
        }
    }

    /// Sleeps the backoff of the failures so far; `false` when the stream was closed meanwhile.
    async fn wait_before_reconnecting(&mut self) -> bool {
        self.failures = self.failures.saturating_add(1);
        let wait = crate::retry::doubling_backoff(Duration::from_secs(1), self.failures, self.config.max_backoff);
        tracing::debug!(wait_ms = wait.as_millis() as u64, failures = self.failures, "reconnecting after a wait");
        tokio::select! {
            () = tokio::time::sleep(wait) => true,
            () = self.events.closed() => false,
        }
    }

    /// Reads one connection until it ends: heartbeats out, frames in.
    async fn read(&mut self, mut socket: Socket) -> End {
        let mut last_frame = crate::rate_limit::now();
        let mut deadline = Instant::now() + self.config.answer_timeout;
        // The first heartbeat at once: its answer says that the connection works.
        if let Err(error) = socket.send(Message::text(frame::HEARTBEAT)).await {
            return End::Lost { last_frame, reason: format!("cannot send the heartbeat: {error}") };
        }
        let mut heartbeat =
            tokio::time::interval_at(Instant::now() + self.config.heartbeat_interval, self.config.heartbeat_interval);
        loop {
            let message = tokio::select! {
                () = self.events.closed() => {
                    // Best effort: the application is done with the stream either way.
                    let _ = tokio::time::timeout(Duration::from_secs(1), socket.close(None)).await;
                    return End::Stopped;
                }
                _ = heartbeat.tick() => {
                    if let Err(error) = socket.send(Message::text(frame::HEARTBEAT)).await {
                        return End::Lost { last_frame, reason: format!("cannot send the heartbeat: {error}") };
                    }
                    continue;
                }
                () = tokio::time::sleep_until(deadline) => {
                    let reason = format!("no answer for {:?}", self.config.answer_timeout);
                    return End::Lost { last_frame, reason };
                }
                message = socket.next() => message,
            };
            let text = match message {
                None => return End::Lost { last_frame, reason: "Zoom closed the connection".to_owned() },
                Some(Err(error)) => return End::Lost { last_frame, reason: format!("connection failed: {error}") },
                Some(Ok(Message::Close(close))) => {
                    let reason = match close {
                        Some(close) => format!("Zoom closed the connection ({}: {})", close.code, close.reason),
                        None => "Zoom closed the connection".to_owned(),
                    };
                    return End::Lost { last_frame, reason };
                }
                Some(Ok(Message::Text(text))) => text.as_str().to_owned(),
                Some(Ok(Message::Binary(bytes))) => {
                    let unreadable = Unreadable {
                        text: String::from_utf8_lossy(&bytes).into_owned(),
                        reason: "a binary frame".to_owned(),
                    };
                    if !self.hand_on(Received::Unreadable(unreadable)).await {
                        return End::Stopped;
                    }
                    continue;
                }
                // Pings are answered by the WebSocket layer; any frame shows the connection lives.
                Some(Ok(_)) => {
                    deadline = Instant::now() + self.config.answer_timeout;
                    continue;
                }
            };
            last_frame = crate::rate_limit::now();
            deadline = Instant::now() + self.config.answer_timeout;
            let item = match frame::read(&text) {
                Frame::Alive => None,
                Frame::Event(body) => Some(self.decode(body)),
                Frame::InvalidToken(said) => return End::InvalidToken { last_frame, said },
                Frame::Refused { module, content } => {
                    return End::Lost { last_frame, reason: format!("Zoom refused ({module}): {content}") };
                }
                Frame::Unknown(reason) => Some(Received::Unreadable(Unreadable { text, reason })),
            };
            self.answered(last_frame).await;
            if let Some(item) = item
                && !self.hand_on(item).await
            {
                return End::Stopped;
            }
        }
    }

    /// A frame that shows the connection works: the gap before it, if any, is over.
    async fn answered(&mut self, at: DateTime<Utc>) {
        self.failures = 0;
        self.refused_token = false;
        if let Some((from, reason)) = self.down_since.take() {
            tracing::warn!(%from, to = %at, reason = %reason, "events from the gap are lost");
            self.hand_on(Received::Gap(Gap { from, to: at, reason })).await;
        }
    }

    fn decode(&self, body: Vec<u8>) -> Received<E> {
        match json::from_slice_with::<E>(&body, self.config.decoding) {
            Ok(decoded) => {
                json::warn_once("websocket event", &decoded.deviations);
                Received::Event { event: decoded.value, deviations: decoded.deviations }
            }
            Err(error) => Received::Unreadable(Unreadable {
                text: String::from_utf8_lossy(&body).into_owned(),
                reason: format!("the event does not decode: {error}"),
            }),
        }
    }

    /// Hands `item` to the stream; `false` when the stream is gone.
    async fn hand_on(&self, item: Received<E>) -> bool {
        self.events.send(item).await.is_ok()
    }
}

/// Opens the WebSocket: TCP, TLS for `wss`, and the handshake, within the connect timeout.
async fn connect(config: &Config, token: &str) -> Result<Socket, String> {
    let mut url = reqwest::Url::parse(&config.url).map_err(|e| format!("invalid URL {:?}: {e}", config.url))?;
    url.query_pairs_mut().append_pair("subscriptionId", &config.subscription_id).append_pair("access_token", token);
    let secure = match url.scheme() {
        "wss" => true,
        "ws" => false,
        other => return Err(format!("not a WebSocket URL (scheme {other:?})")),
    };
    let host = url.host_str().ok_or("the URL has no host")?.to_owned();
    let port = url.port_or_known_default().unwrap_or(if secure { 443 } else { 80 });
    let open = async {
        let tcp =
            tokio::net::TcpStream::connect((host.as_str(), port)).await.map_err(|e| format!("cannot connect: {e}"))?;
        let _ = tcp.set_nodelay(true);
        let io: Box<dyn Io> = if secure {
            let name = rustls::pki_types::ServerName::try_from(host.clone()).map_err(|e| format!("{host}: {e}"))?;
            let tls = tokio_rustls::TlsConnector::from(tls_config()?).connect(name, tcp).await;
            Box::new(tls.map_err(|e| format!("TLS: {e}"))?)
        } else {
            Box::new(tcp)
        };
        let (socket, _) =
            tokio_tungstenite::client_async(url.as_str(), io).await.map_err(|e| format!("WebSocket handshake: {e}"))?;
        Ok(socket)
    };
    tokio::time::timeout(config.connect_timeout, open)
        .await
        .map_err(|_| format!("no connection within {:?}", config.connect_timeout))?
}

/// rustls on the platform's certificates, made once (with the ring provider, as for HTTPS).
fn tls_config() -> Result<Arc<rustls::ClientConfig>, String> {
    static CONFIG: OnceLock<Result<Arc<rustls::ClientConfig>, String>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let _ = rustls::crypto::ring::default_provider().install_default();
            use rustls_platform_verifier::ConfigVerifierExt;
            rustls::ClientConfig::with_platform_verifier()
                .map(Arc::new)
                .map_err(|e| format!("no TLS configuration: {e}"))
        })
        .clone()
}
