//! A ready [`axum`] route for Zoom's webhooks (feature `axum`).
//!
//! ```no_run
//! use zoom_client::webhook::{RawEvent, Receiver};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! // An unset or empty secret is an error here, not a receiver anyone could sign for.
//! let receiver = Receiver::new(std::env::var("ZOOM_WEBHOOK_SECRET_TOKEN")?)?;
//! let app = axum::Router::new().route(
//!     "/zoom/events",
//!     zoom_client::webhook::axum::route(receiver, |event: RawEvent| async move {
//!         println!("{:?}", event.event);
//!     }),
//! );
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! axum::serve(listener, app).await?;
//! # Ok(()) }
//! ```

use std::future::Future;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, post};

use super::{Delivery, Receiver};
use crate::json::FromJson;

/// A `POST` route that checks each delivery with `receiver`, answers Zoom's endpoint check
/// itself, and hands every event to `on_event` once, decoded as `E`; it answers `200` once
/// `on_event` has finished, and `200` at once to a delivery of an event already handed on. It
/// reads no more of a body than the receiver's [`body_limit`](Receiver::body_limit) (`413`). An event whose body differs from Zoom's document is handed on all
/// the same (its deviations are logged); a refused delivery is answered with
/// [`WebhookError::status`](super::WebhookError::status), the reason in the body as text, and
/// logged at `warn` level.
///
/// Zoom counts a delivery as failed (and sends it again) when the answer takes more than a few
/// seconds: spawn long work from `on_event` rather than awaiting it there.
pub fn route<E, F, Fut>(receiver: Receiver, on_event: F) -> MethodRouter
where
    E: FromJson + Send + 'static,
    F: Fn(E) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let limit = receiver.body_limit();
    let receiver = Arc::new(receiver);
    post(move |headers: HeaderMap, body: Bytes| {
        let receiver = Arc::clone(&receiver);
        let on_event = on_event.clone();
        async move { respond(&receiver, &headers, &body, on_event).await }
    })
    .layer(DefaultBodyLimit::max(limit))
}

async fn respond<E, F, Fut>(receiver: &Receiver, headers: &HeaderMap, body: &[u8], on_event: F) -> Response
where
    E: FromJson,
    F: Fn(E) -> Fut,
    Fut: Future<Output = ()>,
{
    match receiver.receive::<E>(headers, body).await {
        Ok(Delivery::UrlValidation(answer)) => {
            ([(header::CONTENT_TYPE, "application/json")], answer.to_body()).into_response()
        }
        Ok(Delivery::Event { event, .. }) => {
            on_event(event).await;
            StatusCode::OK.into_response()
        }
        Ok(Delivery::Duplicate(key)) => {
            tracing::debug!(%key, "a Zoom webhook delivery of an event already handled");
            StatusCode::OK.into_response()
        }
        Err(error) => {
            tracing::warn!(%error, "refused a Zoom webhook delivery");
            let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
            // The reason helps whoever reads Zoom's delivery log; a refused signature says no more
            // than its status.
            let reason = if status == StatusCode::BAD_REQUEST { error.to_string() } else { String::new() };
            (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], reason).into_response()
        }
    }
}
