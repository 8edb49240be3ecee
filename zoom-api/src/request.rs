//! A request as generated code builds it, and the raw response.

use serde_json::Value;

use crate::error::{DecodeFailure, Error};
use crate::json::{FromJson, ToJson};
use crate::multipart::{Multipart, ToMultipart};
use crate::operation::Operation;
use crate::query::QueryValue;

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
    pub query: Vec<(&'static str, String)>,
    pub headers: Vec<(&'static str, String)>,
    pub body: Body,
}

impl Request {
    pub fn new(operation: &'static Operation, path: String) -> Self {
        Request { operation, path, query: Vec::new(), headers: Vec::new(), body: Body::None }
    }

    pub fn query<T: QueryValue + ?Sized>(&mut self, name: &'static str, value: &T) {
        let mut values = Vec::new();
        value.push_to(&mut values);
        self.query.extend(values.into_iter().map(|v| (name, v)));
    }

    pub fn header<T: QueryValue + ?Sized>(&mut self, name: &'static str, value: &T) {
        let mut values = Vec::new();
        value.push_to(&mut values);
        self.headers.extend(values.into_iter().map(|v| (name, v)));
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
    pub tracking_id: Option<String>,
    pub body: Vec<u8>,
}

impl Response {
    /// Decodes the body as the operation's documented type.
    pub fn decode<T: FromJson>(self) -> Result<T, Error> {
        crate::json::from_slice(&self.body).map_err(|error| {
            let end = self.body.len().min(512);
            Error::Decode(Box::new(DecodeFailure {
                operation: self.operation.id,
                status: self.status,
                error,
                body_snippet: String::from_utf8_lossy(&self.body[..end]).into_owned(),
                tracking_id: self.tracking_id,
            }))
        })
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.body
    }
}
