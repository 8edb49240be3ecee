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
//! ```
//! use zoom_api::webhook::{Delivery, RawEvent, Receiver};
//! # fn handle(headers: &reqwest::header::HeaderMap, body: &[u8]) -> (u16, Vec<u8>) {
//! let receiver = Receiver::new("the app's secret token");
//! match receiver.receive::<RawEvent>(headers, body) {
//!     // Zoom checks the endpoint when it is saved, and every few days: answer with this body.
//!     Ok(Delivery::UrlValidation(answer)) => (200, answer.to_body()),
//!     Ok(Delivery::Event(event)) => {
//!         println!("{} at {:?}", event.event, event.event_ts);
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
use crate::json::{self, DecodeError, Decoder, FromJson, JsonObject, Kind, ToJson, Value};

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
}

/// A checked delivery.
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery<E> {
    /// Zoom is checking the endpoint: answer `200` with [`UrlValidationAnswer::to_body`].
    UrlValidation(UrlValidationAnswer),
    /// An event.
    Event(E),
}

impl Receiver {
    /// A receiver for deliveries signed with `secret_token` (the app's "Secret Token").
    pub fn new(secret_token: impl Into<Secret>) -> Self {
        Receiver { secret: secret_token.into(), window: DEFAULT_WINDOW }
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
        if let Some(plain_token) = url_validation_token(body)? {
            return Ok(Delivery::UrlValidation(self.answer_url_validation(&plain_token)));
        }
        Ok(Delivery::Event(json::from_slice(body)?))
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

/// `payload.plainToken` when the body is an `endpoint.url_validation` event; `None` for any
/// other event. Only the envelope is read: the rest is skipped.
fn url_validation_token(body: &[u8]) -> Result<Option<String>, WebhookError> {
    let mut de = Decoder::new(body);
    let mut event: Option<String> = None;
    let mut plain_token = None;
    de.object()?;
    while let Some(key) = de.next_key()? {
        match key {
            "event" => event = de.optional("event")?,
            "payload" => plain_token = read_plain_token(&mut de).map_err(|e| e.within("payload"))?,
            _ => de.skip()?,
        }
    }
    if event.as_deref() != Some(URL_VALIDATION_EVENT) {
        return Ok(None);
    }
    plain_token.map(Some).ok_or(WebhookError::UrlValidationWithoutToken)
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
            "plainToken" => plain_token = de.optional("plainToken")?,
            _ => de.skip()?,
        }
    }
    Ok(plain_token)
}

/// Any event, decoded no further than its envelope: for events without a typed payload, and
/// for logging or forwarding deliveries as they came.
#[derive(Debug, Clone, PartialEq)]
pub struct RawEvent {
    /// The event's name, e.g. `meeting.started`.
    pub event: String,
    /// When the event happened, in milliseconds since the Unix epoch.
    pub event_ts: Option<i64>,
    pub payload: Value,
    /// The envelope's other fields.
    pub extra: JsonObject,
}

impl FromJson for RawEvent {
    fn decode(de: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let mut event = None;
        let mut event_ts = None;
        let mut payload = None;
        let mut extra = JsonObject::new();
        de.object()?;
        while let Some(key) = de.next_key()? {
            match key {
                "event" => event = Some(de.required("event")?),
                "event_ts" => event_ts = de.optional("event_ts")?,
                "payload" => payload = Some(de.required("payload")?),
                _ => {
                    let key = key.to_owned();
                    de.unknown(key, &mut extra)?
                }
            }
        }
        Ok(RawEvent { event: json::present(event, "event")?, event_ts, payload: payload.unwrap_or(Value::Null), extra })
    }
}
