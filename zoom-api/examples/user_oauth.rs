//! User OAuth: the authorization-code flow with PKCE and `state`, tokens kept in a file, then a
//! call on the user's behalf.
//!
//! ```sh
//! export ZOOM_CLIENT_ID=… ZOOM_CLIENT_SECRET=…   # a user-managed OAuth app
//! cargo run -p zoom-client --features users --example user_oauth
//! ```
//!
//! The first run prints a URL: open it, allow the app, and Zoom sends the browser back to this
//! program, which exchanges the code for tokens and saves them in `ZOOM_TOKEN_FILE` (default
//! `zoom-token.json`). Later runs start from that file, refreshing the token as needed, without
//! asking again. Delete the file to authorize again.
//!
//! Optional: `ZOOM_REDIRECT_URI` (default `http://127.0.0.1:8765/callback`; it must be one of the
//! app's redirect URLs, and this program listens on its host and port), `ZOOM_AUTHORIZE_URL`,
//! `ZOOM_TOKEN_URL`, `ZOOM_BASE_URL` (Zoom's by default; `cargo run -p zoom-client --example
//! fake_zoom` prints the values for a local fake of Zoom). The app needs the `user:read` scope (or
//! the granular `user:read:user`).

use std::error::Error;
use std::process::ExitCode;
use std::sync::Arc;

use reqwest::Url;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use zoom_client::Client;
use zoom_client::auth::{AuthError, DEFAULT_AUTHORIZE_URL, DEFAULT_TOKEN_URL, FileTokenStore, TokenStore, UserOAuth};

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
    let redirect_uri = env_or("ZOOM_REDIRECT_URI", "http://127.0.0.1:8765/callback");
    let token_file = env_or("ZOOM_TOKEN_FILE", "zoom-token.json");
    let store = Arc::new(FileTokenStore::new(&token_file));
    let oauth = UserOAuth::new(env("ZOOM_CLIENT_ID")?, env("ZOOM_CLIENT_SECRET")?, &redirect_uri)
        .authorize_url(env_or("ZOOM_AUTHORIZE_URL", DEFAULT_AUTHORIZE_URL))
        .token_url(env_or("ZOOM_TOKEN_URL", DEFAULT_TOKEN_URL))
        // Zoom rotates the refresh token on every refresh: each new one is saved here first.
        .token_store(store.clone());

    // Tokens from an earlier run: no need to ask the user again.
    if store.load().await?.is_some() {
        println!("using the tokens saved in {token_file}");
    } else {
        authorize(&oauth, &redirect_uri).await?;
        println!("authorized; tokens saved in {token_file}");
    }

    // The client asks `oauth` for a token before each call: the cached one, or a refreshed one.
    let client =
        Client::builder().credentials(oauth).base_url(env_or("ZOOM_BASE_URL", zoom_client::DEFAULT_BASE_URL)).build();
    let user = client.users().get_user("me").send().await.map_err(|error| match error {
        zoom_client::Error::Auth(auth) => format!("{auth} (delete {token_file} to authorize again)"),
        other => other.to_string(),
    })?;
    println!("signed in as {}", user.email.as_deref().unwrap_or("(no email)"));
    Ok(())
}

/// Sends the user to Zoom's authorization page and waits for the browser to come back to the
/// redirect URI with a code, which becomes the user's tokens.
async fn authorize(oauth: &UserOAuth, redirect_uri: &str) -> Result<(), Box<dyn Error>> {
    let redirect = Url::parse(redirect_uri).map_err(|e| format!("ZOOM_REDIRECT_URI {redirect_uri:?}: {e}"))?;
    let host = redirect.host_str().ok_or("ZOOM_REDIRECT_URI has no host")?;
    let port = redirect.port_or_known_default().ok_or("ZOOM_REDIRECT_URI has no port")?;
    // Listen before sending the user away, so that the redirect finds someone.
    let listener = TcpListener::bind((host, port)).await.map_err(|e| format!("cannot listen on {host}:{port}: {e}"))?;

    // A fresh `state` and PKCE verifier, remembered by `oauth` until the callback.
    let start = oauth.start_authorization().await?;
    println!("Open this URL in a browser and allow the app:\n\n  {}\n", start.url);

    // The callback: `GET /callback?code=…&state=…` (or `?error=access_denied` if the user said no).
    let (mut stream, callback) = loop {
        let (mut stream, _) = listener.accept().await?;
        let target = read_request_target(&mut stream).await?;
        let url = redirect.join(&target)?;
        if url.path() == redirect.path() {
            break (stream, url);
        }
        // Anything else the browser asks for (a favicon): not here.
        respond(&mut stream, "404 Not Found", "Not found.").await;
    };
    let param = |name: &str| callback.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned());

    let outcome = match (param("code"), param("state"), param("error")) {
        (Some(code), Some(state), _) => oauth.exchange_code(&code, &state).await.map_err(|error| match error {
            // The `state` is what ties the callback to the authorization this program started.
            AuthError::UnknownState => {
                "this callback does not belong to the authorization started here (an old browser tab?); \
                 run the example again and open the new URL"
                    .to_owned()
            }
            AuthError::StateReplayed => "this callback was already used; run the example again".to_owned(),
            AuthError::StateExpired => "the authorization took too long; run the example again".to_owned(),
            other => format!("the code could not be exchanged for tokens: {other}"),
        }),
        (_, _, Some(error)) => Err(format!("Zoom did not authorize the app: {error}")),
        _ => Err("the callback has no `code` and `state`".to_owned()),
    };
    // The browser shows this page; the details go to the terminal.
    match &outcome {
        Ok(_) => respond(&mut stream, "200 OK", "Authorized. You can close this tab.").await,
        Err(_) => respond(&mut stream, "400 Bad Request", "Authorization failed; see the terminal.").await,
    }
    outcome?;
    Ok(())
}

/// Reads an HTTP request's head and returns its target (`/callback?code=…&state=…`).
async fn read_request_target(stream: &mut TcpStream) -> std::io::Result<String> {
    let mut head = Vec::new();
    let mut chunk = [0; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&chunk[..n]);
    }
    // The request line: `GET /callback?code=…&state=… HTTP/1.1`.
    let head = String::from_utf8_lossy(&head);
    Ok(head.split_whitespace().nth(1).unwrap_or("/").to_owned())
}

/// Answers with a small HTML page and closes the connection.
async fn respond(stream: &mut TcpStream, status: &str, message: &str) {
    let body = format!("<!doctype html><meta charset=utf-8><title>zoom-client</title><p>{message}</p>\n");
    let response = format!(
        "HTTP/1.1 {status}\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    // The browser may be gone already; nothing to do about it.
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
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
