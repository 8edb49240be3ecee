//! Receives Zoom's webhooks: checks each delivery's signature and age, answers Zoom's endpoint
//! check, and prints every event.
//!
//! ```sh
//! export ZOOM_WEBHOOK_SECRET_TOKEN=…   # the app's "Secret Token" (Features → Access)
//! cargo run -p zoom-client --features axum --example webhook_receiver
//! ```
//!
//! It listens on `ZOOM_WEBHOOK_ADDR` (default `127.0.0.1:8090`) at `/zoom/events`; put it behind
//! the HTTPS URL the app's event subscription names. To try it without Zoom, sign a delivery as
//! Zoom does:
//!
//! ```sh
//! body='{"event":"meeting.started","event_ts":1764500000123,"payload":{"account_id":"a","object":{"id":"1"}}}'
//! ts=$(date +%s)
//! sig=$(printf 'v0:%s:%s' "$ts" "$body" | openssl dgst -sha256 -hmac "$ZOOM_WEBHOOK_SECRET_TOKEN" -r | cut -d' ' -f1)
//! curl -si http://127.0.0.1:8090/zoom/events -H "x-zm-request-timestamp: $ts" \
//!   -H "x-zm-signature: v0=$sig" -H 'content-type: application/json' -d "$body"
//! ```

use std::process::ExitCode;

use zoom_client::webhook::{RawEvent, Receiver};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let secret = std::env::var("ZOOM_WEBHOOK_SECRET_TOKEN").unwrap_or_default();
    let Ok(receiver) = Receiver::new(secret) else {
        eprintln!("error: set ZOOM_WEBHOOK_SECRET_TOKEN to the app's secret token");
        return ExitCode::FAILURE;
    };
    let addr = std::env::var("ZOOM_WEBHOOK_ADDR").unwrap_or_else(|_| "127.0.0.1:8090".to_owned());
    // Refused deliveries, and where an event differs from Zoom's document, are logged at `warn`.
    tracing_subscriber::fmt().with_max_level(tracing::Level::WARN).init();

    let route = zoom_client::webhook::axum::route(receiver, |event: RawEvent| async move {
        // Zoom expects an answer within seconds: hand long work to a task instead.
        let name = event.event.as_deref().unwrap_or("(no name)");
        println!("{name} (at {:?} ms): {}", event.event_ts, event.payload.unwrap_or_default());
    });
    let app = zoom_client::axum::Router::new().route("/zoom/events", route);
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("error: cannot listen on {addr}: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("listening on http://{addr}/zoom/events");
    match zoom_client::axum::serve(listener, app).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
