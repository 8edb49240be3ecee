//! Creates a meeting with Server-to-Server OAuth, and shows how to tell apart the errors a call
//! can end with.
//!
//! ```sh
//! export ZOOM_ACCOUNT_ID=… ZOOM_CLIENT_ID=… ZOOM_CLIENT_SECRET=…   # your Server-to-Server OAuth app
//! cargo run -p zoom-client --features meetings --example create_meeting
//! ```
//!
//! Optional: `ZOOM_USER_ID` (the host, default `me`), `ZOOM_MEETING_TOPIC`, `ZOOM_BASE_URL` and
//! `ZOOM_TOKEN_URL` (Zoom's by default; `cargo run -p zoom-client --example fake_zoom` prints the
//! values for a local fake of Zoom). The app needs the `meeting:write:admin` scope (or the
//! granular `meeting:write:meeting:admin`).

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use zoom_client::auth::{DEFAULT_TOKEN_URL, ServerToServer};
use zoom_client::meetings::types::{CreateMeetingRequest, CreateMeetingRequestType};
use zoom_client::{Client, Error, LimitKind};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let credentials = ServerToServer::new(env("ZOOM_ACCOUNT_ID")?, env("ZOOM_CLIENT_ID")?, env("ZOOM_CLIENT_SECRET")?)
        .token_url(env_or("ZOOM_TOKEN_URL", DEFAULT_TOKEN_URL));
    let client = Client::builder()
        .credentials(credentials)
        .base_url(env_or("ZOOM_BASE_URL", zoom_client::DEFAULT_BASE_URL))
        // Compare each call with the scopes of the token the client fetched: a call they do not
        // authorise fails with `Error::MissingScope` before anything is sent.
        .check_scopes()
        .build();

    // A 30-minute meeting tomorrow, to the second (Zoom wants `yyyy-MM-ddTHH:mm:ssZ`).
    let tomorrow = i64::try_from(SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs())? + 24 * 3600;
    let start = zoom_client::chrono::DateTime::from_timestamp(tomorrow, 0).ok_or("the clock is off")?.fixed_offset();
    let body = CreateMeetingRequest {
        topic: Some(env_or("ZOOM_MEETING_TOPIC", "Created by the zoom-client example")),
        type_: Some(CreateMeetingRequestType::Scheduled),
        start_time: Some(start),
        duration: Some(30),
        timezone: Some("UTC".to_owned()),
        // Every other field keeps Zoom's default.
        ..Default::default()
    };

    let host = env_or("ZOOM_USER_ID", "me");
    let meeting = client.meetings().create_meeting(&host).body(body).send().await.map_err(explain)?;
    println!("created meeting {}", meeting.id.map_or_else(|| "?".to_owned(), |id| id.to_string()));
    println!("  topic:  {}", meeting.topic.as_deref().unwrap_or("-"));
    println!("  starts: {}", meeting.start_time.map_or_else(|| "-".to_owned(), |t| t.to_rfc3339()));
    println!("  join:   {}", meeting.join_url.as_deref().unwrap_or("-"));
    Ok(())
}

/// What went wrong, and what to do about it, by the kind of error.
fn explain(error: Error) -> String {
    match error {
        // The token lacks every scope the call accepts: the app has to be given one of them.
        Error::MissingScope(missing) => {
            let refusal = match missing.rejected {
                // Zoom refused the call (code 4711); its message names the scopes it wanted.
                Some(_) => format!("Zoom asked for: {}", missing.named_by_zoom().join(", ")),
                None => "refused before sending: the token's scopes include none of these".to_owned(),
            };
            format!(
                "the app may not create meetings; add one of these scopes to it in the Zoom App Marketplace\n  \
                 classic:  {}\n  granular: {}\n  ({refusal})",
                missing.classic.join(", "),
                missing.granular.join(", "),
            )
        }
        // Too many calls, and a wait longer than the client's retry policy allows (it waits out
        // short per-second limits by itself): Zoom's headers say when the limit resets.
        Error::RateLimited(limited) => {
            let which = match limited.info.kind {
                Some(LimitKind::Daily) => "daily ",
                Some(LimitKind::PerSecond) => "per-second ",
                _ => "",
            };
            match limited.info.retry_at() {
                Some(at) => format!("Zoom's {which}rate limit was hit; retry after {at}"),
                None => format!("Zoom's {which}rate limit was hit; retry later"),
            }
        }
        // Zoom rejected the meeting itself (code 300): its message says which field.
        Error::Validation(api) => {
            format!("Zoom rejected the meeting: {}", api.message.as_deref().unwrap_or("no message"))
        }
        // No token (wrong credentials, token endpoint down): the cause says why.
        Error::Auth(auth) => format!("no access token: {auth}"),
        // Anything else. Zoom support asks for the tracking id of the answer.
        other => match other.tracking_id() {
            Some(id) => format!("{other} (Zoom tracking id {id})"),
            None => other.to_string(),
        },
    }
}

/// A required environment variable, or an error naming it.
fn env(name: &str) -> Result<String, String> {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .ok_or_else(|| format!("{name} is not set (see the top of this example for what to export)"))
}

/// An optional environment variable, or its default.
fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).ok().filter(|v| !v.is_empty()).unwrap_or_else(|| default.to_owned())
}
