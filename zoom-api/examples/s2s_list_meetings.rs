//! Lists every meeting of a user with Server-to-Server OAuth, fetching the pages as it goes.
//!
//! ```sh
//! export ZOOM_ACCOUNT_ID=… ZOOM_CLIENT_ID=… ZOOM_CLIENT_SECRET=…   # your Server-to-Server OAuth app
//! cargo run -p zoom-client --features meetings --example s2s_list_meetings
//! ```
//!
//! Optional: `ZOOM_USER_ID` (default `me`, the app's own user), `ZOOM_BASE_URL` and
//! `ZOOM_TOKEN_URL` (Zoom's by default; `cargo run -p zoom-client --example fake_zoom` prints the
//! values for a local fake of Zoom). The app needs the `meeting:read:admin` scope (or a granular
//! one such as `meeting:read:list_meetings:admin`).

use std::error::Error;
use std::process::ExitCode;

// `try_next` on the stream of meetings.
use futures_util::TryStreamExt;
use zoom_client::Client;
use zoom_client::auth::{DEFAULT_TOKEN_URL, ServerToServer};

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

async fn run() -> Result<(), Box<dyn Error>> {
    // The app's credentials: the client fetches a token with them on its first call, caches it
    // and fetches a new one shortly before it expires.
    let credentials = ServerToServer::new(env("ZOOM_ACCOUNT_ID")?, env("ZOOM_CLIENT_ID")?, env("ZOOM_CLIENT_SECRET")?)
        .token_url(env_or("ZOOM_TOKEN_URL", DEFAULT_TOKEN_URL));
    let client = Client::builder()
        .credentials(credentials)
        .base_url(env_or("ZOOM_BASE_URL", zoom_client::DEFAULT_BASE_URL))
        .build();
    let user = env_or("ZOOM_USER_ID", "me");

    // `items()` is a stream of meetings across every page: the next page is requested (with the
    // previous answer's `next_page_token`) only when the current one is used up.
    let mut meetings = client.meetings().list_meetings(&user).items();
    let mut total = 0;
    while let Some(meeting) = meetings.try_next().await? {
        total += 1;
        // Every field of a Zoom answer is optional: Zoom omits what does not apply.
        let id = meeting.id.map_or_else(|| "-".to_owned(), |id| id.to_string());
        let start = meeting.start_time.map_or_else(|| "no fixed time".to_owned(), |t| t.to_rfc3339());
        println!("{id:>12}  {start:<25}  {}", meeting.topic.as_deref().unwrap_or("(no topic)"));
    }
    println!("{total} meeting(s) for user {user}");
    Ok(())
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
