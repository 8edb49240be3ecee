//! A request as generated code builds it, and the raw response.

use serde_json::Value;

use crate::error::{DecodeFailure, Error};
use crate::json::{Decoded, Decoding, Deviation, FromJson, ToJson};
use crate::multipart::{Multipart, ToMultipart};
use crate::operation::Operation;
use crate::query::{Params, QueryValue};

/// The body of a request.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    None,
    Json(Value),
    Multipart(Multipart),
}

/// An operation's request: path with parameters filled in, query, headers and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub operation: &'static Operation,
    /// Path relative to the base URL, parameters already percent-encoded.
    pub path: String,
    pub query: Params,
    pub headers: Params,
    pub body: Body,
    /// The `page_size` query parameter was added by `pages()` / `items()`, not by the caller: a
    /// mock expectation that sets none still matches.
    pub(crate) page_size_added: bool,
}

impl Request {
    pub fn new(operation: &'static Operation, path: String) -> Self {
        Request { operation, path, query: Vec::new(), headers: Vec::new(), body: Body::None, page_size_added: false }
    }

    pub fn query<T: QueryValue + ?Sized>(&mut self, name: &'static str, value: &T) {
        value.push_to(name, &mut self.query);
    }

    pub fn header<T: QueryValue + ?Sized>(&mut self, name: &'static str, value: &T) {
        value.push_to(name, &mut self.headers);
    }

    pub fn json<T: ToJson + ?Sized>(&mut self, body: &T) {
        self.body = Body::Json(body.to_json());
    }

    pub fn multipart<T: ToMultipart + ?Sized>(&mut self, body: &T) {
        self.body = Body::Multipart(body.to_multipart());
    }
}

/// A success response.
#[derive(Debug, Clone)]
pub struct Response {
    pub operation: &'static Operation,
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
    /// How the body is decoded (the client's [`ClientBuilder::decoding`](crate::ClientBuilder::decoding)).
    pub decoding: Decoding,
}

/// A decoded answer with what Zoom said about it besides the body.
#[derive(Debug, Clone)]
pub struct Answer<T> {
    pub value: T,
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    /// Where the body differed from Zoom's document, and what the decoder made of it (always
    /// empty for a strict client, which fails instead).
    pub deviations: Vec<Deviation>,
}

impl<T> Answer<T> {
    pub fn into_inner(self) -> T {
        self.value
    }

    /// `x-zm-trackingid`, which Zoom support asks for.
    pub fn tracking_id(&self) -> Option<&str> {
        tracking_id(&self.headers)
    }
}

/// The `x-zm-trackingid` header, which Zoom support asks for.
pub(crate) fn tracking_id(headers: &reqwest::header::HeaderMap) -> Option<&str> {
    headers.get("x-zm-trackingid").and_then(|v| v.to_str().ok())
}

impl Response {
    /// `x-zm-trackingid`, which Zoom support asks for.
    pub fn tracking_id(&self) -> Option<&str> {
        tracking_id(&self.headers)
    }

    /// `X-RateLimit-*` and `Retry-After` as Zoom sent them with this answer.
    pub fn rate_limit(&self) -> crate::RateLimitInfo {
        crate::RateLimitInfo::from_headers(&self.headers, crate::rate_limit::now())
    }

    /// Decodes the body as the operation's documented type, keeping status, headers and the
    /// deviations found (each logged at `warn` level, once per operation and path).
    pub fn decode_with_meta<T: FromJson>(self) -> Result<Answer<T>, Error> {
        let Decoded { value, deviations } =
            crate::json::from_slice_with(&self.body, self.decoding).map_err(|error| self.decode_failure(error))?;
        crate::json::warn_once(self.operation.id, &deviations);
        Ok(Answer { value, status: self.status, headers: self.headers, deviations })
    }

    /// Decodes the body as the operation's documented type.
    pub fn decode<T: FromJson>(self) -> Result<T, Error> {
        self.decode_with_meta().map(Answer::into_inner)
    }

    fn decode_failure(&self, error: crate::json::DecodeError) -> Error {
        Error::Decode(Box::new(DecodeFailure {
            operation: self.operation,
            status: self.status,
            error,
            body_snippet: crate::error::redacted_snippet(&self.body, DecodeFailure::SNIPPET_LIMIT, None),
            content_type: self
                .headers
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            tracking_id: self.tracking_id().map(str::to_owned),
        }))
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.body
    }
}
