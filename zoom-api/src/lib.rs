//! A typed client for every Zoom REST API, generated from Zoom's own OpenAPI documents.
//!
//! Each Zoom product is a module behind a Cargo feature of the same name (`meetings`, `users`,
//! `phone`, …; `full` enables all), so you compile only what you call. Its Master Account
//! variant, where Zoom publishes one, is `<product>::master` behind `<product>-master`.
//!
//! ```no_run
//! # #[cfg(feature = "meetings")]
//! # async fn run() -> Result<(), zoom_client::Error> {
//! let client = zoom_client::Client::new("access-token");
//! let page = client.meetings().list_meetings("me").page_size(300).send().await?;
//! for meeting in page.meetings.unwrap_or_default() {
//!     println!("{:?} {:?}", meeting.id, meeting.topic);
//! }
//! # Ok(()) }
//! ```
//!
//! Every request builder carries an `OPERATION` constant with what Zoom documents about the call
//! (method, path, scopes, rate-limit label), and every module an `OPERATIONS` table.
//! [`Operation::find`] looks a request up by method and path, and [`scopes`] answers which scopes
//! a call needs, whether a token has them, and the fewest an app must request.
//!
//! Models keep fields they do not know in an `extra` map and write them back unchanged, and
//! enums keep values they do not know in an `UnknownValue` variant, so a newer Zoom never breaks
//! decoding and read → modify → write loses nothing. Answers and events that contradict Zoom's
//! own documents (a number sent as a string, a required field left out) are read all the same,
//! each difference reported as a [`json::Deviation`]; [`json::Decoding::Strict`] makes them
//! errors. In a type Zoom sends, a field its document requires is an `Option` too (`None` when
//! Zoom left it out), except a required object, which reads as empty.

// docs.rs (a nightly rustdoc with `--cfg docsrs`) marks each item with the feature that gates it.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod auth;
#[doc(hidden)]
pub mod call;
mod client;
mod error;
mod execute;
mod hmac_sha256;
pub mod json;
mod lookup;
#[cfg(feature = "mock")]
pub mod mock;
pub mod multipart;
mod operation;
pub mod paginate;
#[doc(hidden)]
pub mod path;
mod query;
mod rate_limit;
mod redact;
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub mod redis;
mod request;
mod retry;
pub mod scopes;
mod throttle;
mod tls;
pub mod webhook;
#[cfg(feature = "websocket")]
#[cfg_attr(docsrs, doc(cfg(feature = "websocket")))]
pub mod websocket;

// Formatted by prettyplease at generation; rustfmt would rewrite every line.
#[rustfmt::skip]
mod generated;

pub use call::{Call, FromResponse};
pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL};
pub use error::{ApiError, DailyLimitReached, DecodeFailure, Error, MissingScope, RateLimited};
pub use generated::*;
pub use multipart::FilePart;
pub use operation::{AuthKind, Method, Operation, RateLimit, UnknownMethod};
pub use query::{Params, QueryValue};
pub use rate_limit::{LimitKind, RateLimitInfo};
pub use request::{Answer, Body, Request, Response};
pub use retry::RetryPolicy;
pub use throttle::{DailyLimits, Limits, Plan, Throttle};

/// The crate [`DateTime`] and [`Date`] come from, so that an application builds and formats them
/// without a dependency of its own (and without a second version of it).
pub use chrono;

/// The framework of the webhook route ([`webhook::axum::route`]), so that an application mounts
/// and serves it (`axum::Router`, `axum::serve`) without a dependency of its own.
#[cfg(feature = "axum")]
pub use axum;

/// A date-time with its UTC offset, as Zoom writes them (RFC 3339).
pub type DateTime = chrono::DateTime<chrono::FixedOffset>;
/// A calendar date (`YYYY-MM-DD`).
pub type Date = chrono::NaiveDate;

/// Impls every generated string enum gets from its `as_str` and `From<&str>`.
#[doc(hidden)]
#[macro_export]
macro_rules! __string_enum {
    ($ty:ty) => {
        impl $crate::json::FromJson for $ty {
            fn decode(de: &mut $crate::json::Decoder<'_>) -> ::core::result::Result<Self, $crate::json::DecodeError> {
                de.str().map(<$ty>::from)
            }
        }
        impl $crate::json::ToJson for $ty {
            fn to_json(&self) -> $crate::json::Value {
                $crate::json::Value::String(self.as_str().to_owned())
            }
        }
        impl ::core::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::core::str::FromStr for $ty {
            type Err = ::core::convert::Infallible;
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                Ok(<$ty>::from(s))
            }
        }
        impl $crate::QueryValue for $ty {
            fn push_to(&self, name: &'static str, out: &mut $crate::Params) {
                out.push((name, self.as_str().to_owned()));
            }
        }
        $crate::__json_serde!($ty);
    };
}

/// Impls every generated integer enum gets from its `as_i64` and `From<i64>`.
#[doc(hidden)]
#[macro_export]
macro_rules! __integer_enum {
    ($ty:ty) => {
        impl $crate::json::FromJson for $ty {
            fn decode(de: &mut $crate::json::Decoder<'_>) -> ::core::result::Result<Self, $crate::json::DecodeError> {
                de.integer().map(<$ty>::from)
            }
        }
        impl $crate::json::ToJson for $ty {
            fn to_json(&self) -> $crate::json::Value {
                $crate::json::Value::from(self.as_i64())
            }
        }
        impl ::core::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                write!(f, "{}", self.as_i64())
            }
        }
        impl $crate::QueryValue for $ty {
            fn push_to(&self, name: &'static str, out: &mut $crate::Params) {
                out.push((name, self.as_i64().to_string()));
            }
        }
        $crate::__json_serde!($ty);
    };
}
