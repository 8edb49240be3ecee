//! Receiving Zoom's webhooks: checking that a delivery comes from Zoom, answering Zoom's
//! endpoint check, and decoding the event.
//!
//! Zoom signs each delivery with the app's secret token: `x-zm-signature: v0=<hex>` is the
//! HMAC-SHA256 of `v0:{x-zm-request-timestamp}:{body}`. A [`Receiver`] checks that signature on
//! the raw body bytes (in constant time) and that the timestamp is within a window of now (five
//! minutes unless set), so an altered or replayed delivery is refused with a distinct
//! [`WebhookError`]. It works with any server framework: give it the request's headers and body.
//! With the `axum` feature, [`axum::route`] is a ready endpoint for axum applications.
//!
//! An authentic body is read tolerantly (see [`Decoding`]): where it differs from Zoom's
//! document the event decodes all the same, the differences come with it as
//! deviations ([`Deviation`]) (and are logged once per event and path), and only a
//! body that is not a JSON object is refused. [`Receiver::decoding`] makes the receiver strict.
//!
//! ```
//! use zoom_api::webhook::{Delivery, RawEvent, Receiver};
//! # fn handle(headers: &reqwest::header::HeaderMap, body: &[u8]) -> (u16, Vec<u8>) {
//! let receiver = Receiver::new("the app's secret token");
//! match receiver.receive::<RawEvent>(headers, body) {
//!     // Zoom checks the endpoint when it is saved, and every few days: answer with this body.
//!     Ok(Delivery::UrlValidation(answer)) => (200, answer.to_body()),
//!     Ok(Delivery::Event { event, deviations }) => {
//!         println!("{:?} at {:?} ({} deviations)", event.event, event.event_ts, deviations.len());
//!         (200, Vec::new())
//!     }
//!     Err(error) => {
//!         eprintln!("refused a webhook delivery: {error}");
//!         (401, Vec::new())
//!     }
//! }
//! # }
//! ```

#[cfg(feature = "axum")]
pub mod axum;
mod error;
mod event_info;
mod signature;

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

use crate::auth::Secret;
use crate::json::{
    self, DecodeError, Decoded, Decoder, Decoding, Deviation, FromJson, JsonObject, Kind, ToJson, Value,
};

pub use error::WebhookError;
pub use event_info::EventInfo;

/// How far a delivery's timestamp may be from now, unless [`Receiver::window`] says otherwise.
pub const DEFAULT_WINDOW: Duration = Duration::from_secs(5 * 60);

/// The event Zoom sends to check an endpoint, which expects a [`UrlValidationAnswer`].
pub const URL_VALIDATION_EVENT: &str = "endpoint.url_validation";

/// Checks and decodes deliveries for one app's secret token.
#[derive(Debug, Clone)]
pub struct Receiver {
    secret: Secret,
    window: Duration,
    decoding: Decoding,
}

/// A checked delivery.
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery<E> {
    /// Zoom is checking the endpoint: answer `200` with [`UrlValidationAnswer::to_body`].
    UrlValidation(UrlValidationAnswer),
    /// An event, and where its body differed from Zoom's document (empty for a strict receiver,
    /// which refuses such a body).
    Event { event: E, deviations: Vec<Deviation> },
}

impl Receiver {
    /// A receiver for deliveries signed with `secret_token` (the app's "Secret Token").
    pub fn new(secret_token: impl Into<Secret>) -> Self {
        Receiver { secret: secret_token.into(), window: DEFAULT_WINDOW, decoding: Decoding::Tolerant }
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

    /// Checks a delivery and decodes it: the endpoint check, or an event as `E` (a typed event,
    /// [`RawEvent`], or a [`Value`]).
    pub fn receive<E: FromJson>(&self, headers: &HeaderMap, body: &[u8]) -> Result<Delivery<E>, WebhookError> {
        self.receive_at(headers, body, SystemTime::now())
    }

    /// [`receive`](Self::receive) as if the time were `now`.
    pub fn receive_at<E: FromJson>(
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
        json::warn_once(envelope.event.as_deref().unwrap_or("webhook event"), &deviations);
        Ok(Delivery::Event { event: value, deviations })
    }

    /// Checks that a delivery is signed with this secret token and fresh, without decoding it.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), WebhookError> {
        self.verify_at(headers, body, SystemTime::now())
    }

    /// [`verify`](Self::verify) as if the time were `now`.
    pub fn verify_at(&self, headers: &HeaderMap, body: &[u8], now: SystemTime) -> Result<(), WebhookError> {
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

/// What the receiver reads of a body before decoding it: the event's name, and the token of an
/// endpoint check.
struct Envelope {
    event: Option<String>,
    plain_token: Option<String>,
}

/// Reads the envelope only (the rest is skipped); a body that is not a JSON object is an error.
fn envelope(body: &[u8]) -> Result<Envelope, WebhookError> {
    let mut de = Decoder::new(body);
    let mut envelope = Envelope { event: None, plain_token: None };
    de.object()?;
    while let Some(key) = de.next_key()? {
        match key {
            "event" => envelope.event = string(&mut de)?,
            "payload" => envelope.plain_token = read_plain_token(&mut de).map_err(|e| e.within("payload"))?,
            _ => de.skip()?,
        }
    }
    de.finish()?;
    Ok(envelope)
}

/// The next value if it is a string; any other is skipped.
fn string(de: &mut Decoder<'_>) -> Result<Option<String>, DecodeError> {
    if de.kind()? != Kind::String {
        de.skip()?;
        return Ok(None);
    }
    de.str().map(|s| Some(s.to_owned()))
}

fn read_plain_token(de: &mut Decoder<'_>) -> Result<Option<String>, DecodeError> {
    if de.kind()? != Kind::Object {
        de.skip()?;
        return Ok(None);
    }
    let mut plain_token = None;
    de.object()?;
    while let Some(key) = de.next_key()? {
        match key {
            "plainToken" => plain_token = string(de)?,
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
