//! Receiving Zoom's webhooks: checking that a delivery comes from Zoom, answering Zoom's
//! endpoint check, handing each event on once, and decoding it.
//!
//! Zoom signs each delivery with the app's secret token: `x-zm-signature: v0=<hex>` is the
//! HMAC-SHA256 of `v0:{x-zm-request-timestamp}:{body}`. A [`Receiver`] promises this:
//!
//! - **Authentic**: the signature is checked on the raw body bytes, in constant time; an altered
//!   or foreign delivery is refused ([`WebhookError::SignatureMismatch`], `401`). An empty secret
//!   token is refused when the receiver is made ([`EmptySecretToken`]).
//! - **Fresh**: the timestamp must be within a window of now (five minutes unless set) either
//!   way; an older delivery is refused ([`WebhookError::Stale`]), so a captured delivery cannot be
//!   replayed later.
//! - **Once**: within the window a replay is authentic and fresh, and Zoom itself sends an event
//!   again when it gets no `200` in time (up to three more times, over about 85 minutes). Each
//!   event handed on is remembered (for two hours unless set, see [`DeliveryKey`] for what
//!   identifies an event), and a delivery of a remembered event is [`Delivery::Duplicate`]: to be
//!   answered `200` and not handled. The default store is in memory, bounded
//!   ([`MemoryDeliveryStore`]): it does not survive a restart and is not shared between
//!   processes; [`Receiver::delivery_store`] plugs in one that is. Two deliveries of one event
//!   that differ in `event`, `event_ts` or `payload` are two events to the receiver.
//! - **Bounded**: a body over the limit (1 MiB unless set) is refused before anything is
//!   computed on it ([`WebhookError::BodyTooLarge`], `413`).
//!
//! What it does not promise: that an event arrives at all (Zoom gives up after its retries), or
//! in order; that an event recorded as handed on was handled (if handling fails, call
//! [`Receiver::forget`] and answer with an error, so that Zoom's retry is handed on).
//!
//! It works with any server framework: give it the request's headers and body.
// The link only resolves where the module exists.
#![cfg_attr(
    feature = "axum",
    doc = "With the `axum` feature, [`axum::route`] is a ready endpoint for axum applications."
)]
#![cfg_attr(
    not(feature = "axum"),
    doc = "With the `axum` feature, `axum::route` is a ready endpoint for axum applications."
)]
//!
//! An authentic body is read tolerantly (see [`Decoding`]): where it differs from Zoom's
//! document the event decodes all the same, the differences come with it as
//! deviations ([`Deviation`]) (and are logged once per event and path), and only a
//! body that is not a JSON object is refused. [`Receiver::decoding`] makes the receiver strict.
//!
//! ```
//! use zoom_client::webhook::{Delivery, RawEvent, Receiver};
//! # async fn handle(receiver: &Receiver, headers: &reqwest::header::HeaderMap, body: &[u8]) -> (u16, Vec<u8>) {
//! // let receiver = Receiver::new(std::env::var("ZOOM_WEBHOOK_SECRET_TOKEN")?)?;
//! match receiver.receive::<RawEvent>(headers, body).await {
//!     // Zoom checks the endpoint when it is saved, and every few days: answer with this body.
//!     Ok(Delivery::UrlValidation(answer)) => (200, answer.to_body()),
//!     Ok(Delivery::Event { event, deviations, .. }) => {
//!         println!("{:?} at {:?} ({} deviations)", event.event, event.event_ts, deviations.len());
//!         (200, Vec::new())
//!     }
//!     // Handled before: Zoom needs only to hear that it arrived.
//!     Ok(Delivery::Duplicate(_)) => (200, Vec::new()),
//!     Err(error) => {
//!         eprintln!("refused a webhook delivery: {error}");
//!         (error.status(), Vec::new())
//!     }
//! }
//! # }
//! ```

#[cfg(feature = "axum")]
pub mod axum;
mod dedup;
mod error;
mod event_info;
mod signature;

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

use crate::auth::Secret;
use crate::json::{self, DecodeError, Decoded, Decoder, Decoding, Deviation, FromJson, JsonObject, ToJson, Value};

pub use dedup::{DEFAULT_REMEMBER, DeliveryKey, DeliveryStore, MemoryDeliveryStore, StoreError, StoreFuture};
pub use error::{EmptySecretToken, WebhookError};
pub use event_info::EventInfo;

/// How far a delivery's timestamp may be from now, unless [`Receiver::window`] says otherwise.
pub const DEFAULT_WINDOW: Duration = Duration::from_secs(5 * 60);

/// The largest body a [`Receiver`] accepts unless [`Receiver::max_body_bytes`] says otherwise.
/// Zoom's events are a few kilobytes; the largest documented ones (recordings with many files)
/// stay far below this.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

/// The event Zoom sends to check an endpoint, which expects a [`UrlValidationAnswer`].
pub const URL_VALIDATION_EVENT: &str = "endpoint.url_validation";

/// Checks, de-duplicates and decodes deliveries for one app's secret token. Cheap to clone;
/// clones share the record of deliveries.
#[derive(Debug, Clone)]
pub struct Receiver {
    secret: Secret,
    window: Duration,
    decoding: Decoding,
    max_body_bytes: usize,
    store: Arc<dyn DeliveryStore>,
    remember: Duration,
}

/// A checked delivery.
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery<E> {
    /// Zoom is checking the endpoint: answer `200` with [`UrlValidationAnswer::to_body`].
    UrlValidation(UrlValidationAnswer),
    /// An event seen for the first time, where its body differed from Zoom's document (empty for
    /// a strict receiver, which refuses such a body), and its key, for
    /// [`Receiver::forget`] should handling it fail.
    Event { event: E, deviations: Vec<Deviation>, key: DeliveryKey },
    /// An authentic event this receiver has already handed on (a replay, or Zoom sending it
    /// again): answer `200` so that Zoom stops, and handle nothing.
    Duplicate(DeliveryKey),
}

impl Receiver {
    /// A receiver for deliveries signed with `secret_token` (the app's "Secret Token"). An empty
    /// (or blank) secret is refused: anyone can sign with it.
    pub fn new(secret_token: impl Into<Secret>) -> Result<Self, EmptySecretToken> {
        let secret = secret_token.into();
        if secret.expose().trim().is_empty() {
            return Err(EmptySecretToken);
        }
        Ok(Receiver {
            secret,
            window: DEFAULT_WINDOW,
            decoding: Decoding::Tolerant,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            store: Arc::new(MemoryDeliveryStore::default()),
            remember: DEFAULT_REMEMBER,
        })
    }

    /// How event bodies are read: [`Decoding::Tolerant`] (the default) or [`Decoding::Strict`],
    /// which refuses a body that differs from Zoom's document (with `400`).
    pub fn decoding(mut self, decoding: Decoding) -> Self {
        self.decoding = decoding;
        self
    }

    /// How far a delivery's timestamp may be from now, either way.
    pub fn window(mut self, window: Duration) -> Self {
        self.window = window;
        self
    }

    /// The largest body accepted, in bytes (default [`DEFAULT_MAX_BODY_BYTES`]); a larger one
    /// is refused with [`WebhookError::BodyTooLarge`] before its signature is computed. The
    /// `axum` feature's route reads no more than this.
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = limit;
        self
    }

    /// The largest body accepted, in bytes.
    pub fn body_limit(&self) -> usize {
        self.max_body_bytes
    }

    /// Where handed-on deliveries are remembered (default: a [`MemoryDeliveryStore`] of
    /// [`MemoryDeliveryStore::DEFAULT_CAPACITY`], in this process). Give every receiving process one shared store
    /// for de-duplication across them.
    pub fn delivery_store(mut self, store: impl DeliveryStore + 'static) -> Self {
        self.store = Arc::new(store);
        self
    }

    /// How long a delivery is remembered (default [`DEFAULT_REMEMBER`], which outlasts Zoom's
    /// retries).
    pub fn remember(mut self, ttl: Duration) -> Self {
        self.remember = ttl;
        self
    }

    /// Checks a delivery and decodes it: the endpoint check, an event as `E` (a typed event,
    /// [`RawEvent`], or a [`Value`]) the first time it comes, and [`Delivery::Duplicate`] after.
    pub async fn receive<E: FromJson>(&self, headers: &HeaderMap, body: &[u8]) -> Result<Delivery<E>, WebhookError> {
        self.receive_at(headers, body, SystemTime::now()).await
    }

    /// [`receive`](Self::receive) as if the time were `now` (for the timestamp check; records
    /// expire by the monotonic clock).
    pub async fn receive_at<E: FromJson>(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<Delivery<E>, WebhookError> {
        self.verify_at(headers, body, now)?;
        let envelope = envelope(body)?;
        if envelope.event.as_deref() == Some(URL_VALIDATION_EVENT) {
            let plain_token = envelope.plain_token.ok_or(WebhookError::UrlValidationWithoutToken)?;
            return Ok(Delivery::UrlValidation(self.answer_url_validation(&plain_token)));
        }
        let Decoded { value, deviations } = json::from_slice_with(body, self.decoding)?;
        // Recorded once the body is known to decode: a delivery refused as unreadable is not
        // remembered, so a fixed receiver still gets Zoom's retry of it.
        if !self.store.insert(&envelope.key, self.remember).await.map_err(WebhookError::Store)? {
            return Ok(Delivery::Duplicate(envelope.key));
        }
        json::warn_once(envelope.event.as_deref().unwrap_or("webhook event"), &deviations);
        Ok(Delivery::Event { event: value, deviations, key: envelope.key })
    }

    /// Forgets a delivery this receiver handed on, so that Zoom's next retry of it is handed on
    /// again: for a handler that failed and answers Zoom with an error.
    pub async fn forget(&self, key: &DeliveryKey) -> Result<(), WebhookError> {
        self.store.remove(key).await.map_err(WebhookError::Store)
    }

    /// Checks that a delivery is within the body limit, signed with this secret token and fresh,
    /// without decoding it or recording it.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), WebhookError> {
        self.verify_at(headers, body, SystemTime::now())
    }

    /// [`verify`](Self::verify) as if the time were `now`.
    pub fn verify_at(&self, headers: &HeaderMap, body: &[u8], now: SystemTime) -> Result<(), WebhookError> {
        if body.len() > self.max_body_bytes {
            return Err(WebhookError::BodyTooLarge { limit: self.max_body_bytes });
        }
        signature::verify(self.secret.expose(), self.window, headers, body, now)
    }

    /// The answer to an `endpoint.url_validation` event carrying `plain_token`.
    pub fn answer_url_validation(&self, plain_token: &str) -> UrlValidationAnswer {
        UrlValidationAnswer {
            plain_token: plain_token.to_owned(),
            encrypted_token: signature::hex_hmac(self.secret.expose(), plain_token.as_bytes()),
        }
    }
}

/// The body that answers Zoom's endpoint check: the token it sent, and its HMAC-SHA256 under
/// the secret token in hex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlValidationAnswer {
    pub plain_token: String,
    pub encrypted_token: String,
}

impl UrlValidationAnswer {
    /// The JSON body to answer with (`content-type: application/json`).
    pub fn to_body(&self) -> Vec<u8> {
        self.to_json().to_string().into_bytes()
    }
}

impl ToJson for UrlValidationAnswer {
    fn to_json(&self) -> Value {
        serde_json::json!({ "plainToken": self.plain_token, "encryptedToken": self.encrypted_token })
    }
}

/// What the receiver reads of a body before decoding it: the event's name, the token of an
/// endpoint check, and the delivery's key.
struct Envelope {
    event: Option<String>,
    plain_token: Option<String>,
    key: DeliveryKey,
}

/// Reads the envelope only (the rest is skipped); a body that is not a JSON object is an error.
fn envelope(body: &[u8]) -> Result<Envelope, WebhookError> {
    let mut de = Decoder::new(body);
    let (mut event, mut event_ts, mut payload) = (None, None, None);
    de.object()?;
    while let Some(key) = de.next_key()? {
        match key {
            "event" => event = Some(de.skipped()?),
            "event_ts" => event_ts = Some(de.skipped()?),
            "payload" => payload = Some(de.skipped()?),
            _ => de.skip()?,
        }
    }
    de.finish()?;
    let plain_token = payload.map(read_plain_token).transpose().map_err(|e| e.within("payload"))?.flatten();
    Ok(Envelope { event: event.and_then(string), plain_token, key: DeliveryKey::of(event, event_ts, payload, body) })
}

/// The string `text` (checked JSON) holds, if it is a string.
fn string(text: &[u8]) -> Option<String> {
    let mut de = Decoder::new(text);
    match de.kind() {
        Ok(json::Kind::String) => de.str().ok().map(str::to_owned),
        _ => None,
    }
}

fn read_plain_token(text: &[u8]) -> Result<Option<String>, DecodeError> {
    let mut de = Decoder::new(text);
    if de.kind()? != json::Kind::Object {
        return Ok(None);
    }
    let mut plain_token = None;
    de.object()?;
    while let Some(key) = de.next_key()? {
        match key {
            "plainToken" => plain_token = string(de.skipped()?),
            _ => de.skip()?,
        }
    }
    Ok(plain_token)
}

/// Any event, decoded no further than its envelope: for events without a typed payload, and
/// for logging or forwarding deliveries as they came.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawEvent {
    /// The event's name, e.g. `meeting.started` (`None` when the body has none).
    pub event: Option<String>,
    /// When the event happened, in milliseconds since the Unix epoch.
    pub event_ts: Option<i64>,
    pub payload: Option<Value>,
    /// The envelope's other fields, and values that did not fit their field, as Zoom sent them.
    pub extra: JsonObject,
}

impl FromJson for RawEvent {
    fn decode(de: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let (mut event, mut event_ts, mut payload) = (None, None, None);
        let mut extra = JsonObject::new();
        de.object()?;
        while let Some(key) = de.next_key()? {
            match key {
                "event" => event = Some(de.field("event", &mut extra)?),
                "event_ts" => event_ts = Some(de.field("event_ts", &mut extra)?),
                "payload" => payload = Some(de.field("payload", &mut extra)?),
                _ => {
                    let key = key.to_owned();
                    de.unknown(key, &mut extra)?
                }
            }
        }
        Ok(RawEvent {
            event: de.expect(event, "event")?,
            event_ts: de.expect(event_ts, "event_ts")?,
            payload: de.expect(payload, "payload")?,
            extra,
        })
    }
}

impl ToJson for RawEvent {
    fn to_json(&self) -> Value {
        let mut json = json::Writer::new(&self.extra);
        json.optional("event", &self.event);
        json.optional("event_ts", &self.event_ts);
        json.optional("payload", &self.payload);
        json.finish()
    }
}
