//! Zoom's events over a WebSocket connection (feature `websocket`), for apps that cannot expose
//! a public HTTPS endpoint: the same events the webhook receiver decodes, as a [`Stream`].
//!
//! An app with an event subscription of the WebSocket kind connects to
//! `wss://ws.zoom.us/ws?subscriptionId=…&access_token=…` with a Server-to-Server token; Zoom then
//! sends each event as a frame `{"module":"message","content":"<the webhook body>"}` and answers
//! the heartbeat `{"module":"heartbeat"}` the client sends every 30 seconds (in place of
//! WebSocket pings). [`Subscription::events`] keeps that connection: it sends the heartbeat,
//! takes a connection that stays silent for [`Subscription::answer_timeout`] for dead, reconnects
//! with jittered backoff, and fetches a new token (once, shared with the client's other calls)
//! when Zoom refuses the one it has.
//!
//! **Events that happen while no connection is open are gone**: Zoom does not send them later.
//! Each such gap is on the stream as [`Received::Gap`], from the last frame before the
//! connection was lost to the first answer on the new one, so that an application can look up
//! what happened meanwhile through the REST API. One connection per subscription: a second one
//! (another process, say) closes the first, and two consumers of one subscription take it from
//! each other, each gap reported.
//!
//! ```no_run
//! # #[cfg(feature = "meetings")]
//! # async fn run() {
//! use futures_util::StreamExt;
//! use zoom_client::auth::ServerToServer;
//! use zoom_client::websocket::{Received, Subscription};
//! let credentials = ServerToServer::new("account-id", "client-id", "client-secret");
//! let mut events = Subscription::new(credentials, "subscription-id")
//!     .events::<zoom_client::meetings::webhooks::Event>();
//! while let Some(received) = events.next().await {
//!     match received {
//!         Received::Event { event, .. } => println!("{}", event.name()),
//!         Received::Gap(gap) => println!("no events from {} to {}: {}", gap.from, gap.to, gap.reason),
//!         Received::Unreadable(unreadable) => println!("unreadable: {}", unreadable.reason),
//!         _ => {}
//!     }
//! }
//! # }
//! ```
//!
//! What the client could not confirm of Zoom's protocol is in the README ("Events over a
//! WebSocket"): the close codes Zoom uses, the exact text of every refusal, and how long Zoom
//! waits for a heartbeat.

mod connection;
mod frame;

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_core::Stream;

use crate::auth::ServerToServer;
use crate::json::{Decoding, Deviation, FromJson};

/// Zoom's WebSocket endpoint.
pub const DEFAULT_URL: &str = "wss://ws.zoom.us/ws";

/// How often the heartbeat is sent unless set: Zoom asks for one every 30 seconds.
pub const DEFAULT_HEARTBEAT_INTERVAL: Duration = Duration::from_secs(30);

/// How long a connection may stay silent before it is taken for dead, unless set: a heartbeat
/// interval and a half, so that one late answer is not a lost connection.
pub const DEFAULT_ANSWER_TIMEOUT: Duration = Duration::from_secs(45);

/// An event subscription of the WebSocket kind, and how to keep its connection.
#[derive(Debug, Clone)]
pub struct Subscription {
    config: connection::Config,
}

impl Subscription {
    /// The subscription `subscription_id` (shown with the app's event subscription, in its
    /// endpoint URL), connected with tokens of `credentials`.
    pub fn new(credentials: ServerToServer, subscription_id: impl Into<String>) -> Self {
        Subscription {
            config: connection::Config {
                credentials,
                subscription_id: subscription_id.into(),
                url: DEFAULT_URL.to_owned(),
                heartbeat_interval: DEFAULT_HEARTBEAT_INTERVAL,
                answer_timeout: DEFAULT_ANSWER_TIMEOUT,
                connect_timeout: Duration::from_secs(10),
                max_backoff: Duration::from_secs(60),
                decoding: Decoding::Tolerant,
            },
        }
    }

    /// Another endpoint (default [`DEFAULT_URL`]), e.g. a local test server (`ws://` or `wss://`).
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.config.url = url.into();
        self
    }

    /// How often the heartbeat is sent (default [`DEFAULT_HEARTBEAT_INTERVAL`]).
    pub fn heartbeat_interval(mut self, interval: Duration) -> Self {
        self.config.heartbeat_interval = interval.max(Duration::from_millis(1));
        self
    }

    /// How long the connection may stay silent, heartbeat answers included, before it is taken
    /// for dead and opened again (default [`DEFAULT_ANSWER_TIMEOUT`]).
    pub fn answer_timeout(mut self, timeout: Duration) -> Self {
        self.config.answer_timeout = timeout.max(Duration::from_millis(1));
        self
    }

    /// How long opening a connection may take (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = timeout;
        self
    }

    /// The longest wait between reconnection attempts (default 60 s; the waits start at a
    /// second, double, and are jittered).
    pub fn max_backoff(mut self, wait: Duration) -> Self {
        self.config.max_backoff = wait;
        self
    }

    /// How events are read: tolerantly (the default: where an event differs from its document,
    /// it comes with [`Deviation`]s) or strictly (such an event is [`Received::Unreadable`]).
    pub fn decoding(mut self, decoding: Decoding) -> Self {
        self.config.decoding = decoding;
        self
    }

    /// Connects, and hands out the subscription's events decoded as `E` (a product's
    /// `webhooks::Event`, [`RawEvent`](crate::webhook::RawEvent), or a
    /// [`Value`](crate::json::Value)) until the stream is dropped or closed. The connection runs
    /// on a task of the current tokio runtime (calling this outside one panics).
    pub fn events<E: FromJson + Send + 'static>(&self) -> Events<E> {
        // Room for bursts; a consumer that stops reading stops the connection's reading too.
        let (sender, receiver) = tokio::sync::mpsc::channel(1024);
        let task = tokio::spawn(connection::run(Arc::new(self.config.clone()), sender));
        Events { receiver, task: Some(task) }
    }
}

/// One item of an event stream.
#[derive(Debug)]
#[non_exhaustive]
pub enum Received<E> {
    /// An event, with the places where it differs from its document (tolerant reading).
    Event { event: E, deviations: Vec<Deviation> },
    /// The connection was lost and is open again: events in between are gone.
    Gap(Gap),
    /// A frame that is not an event this stream can read: not JSON, an event that does not
    /// decode (or, when reading strictly, differs from its document), a module this client does
    /// not know. The stream goes on.
    Unreadable(Unreadable),
}

/// A time without a connection, when Zoom's events were not delivered and will not be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// When the last frame before the connection was lost arrived.
    pub from: DateTime<Utc>,
    /// When the first answer on the new connection arrived.
    pub to: DateTime<Utc>,
    /// Why the connection was lost (the first cause, when reconnecting took several attempts).
    pub reason: String,
}

/// A frame the stream could not read, as Zoom sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// The frame's text (an event's body, when the frame was an event).
    pub text: String,
    /// What is wrong with it.
    pub reason: String,
}

/// The events of a [`Subscription`], as a [`Stream`] of [`Received`] items. Dropping it, or
/// [`close`](Events::close), ends the connection.
#[derive(Debug)]
pub struct Events<E> {
    receiver: tokio::sync::mpsc::Receiver<Received<E>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl<E> Events<E> {
    /// Closes the connection (with a WebSocket close frame) and waits for its task to end.
    pub async fn close(mut self) {
        self.receiver.close();
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl<E> Stream for Events<E> {
    type Item = Received<E>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.receiver.poll_recv(cx)
    }
}
