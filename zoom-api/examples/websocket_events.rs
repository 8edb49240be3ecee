//! Prints the events of a WebSocket event subscription as they come, and each gap when the
//! connection was lost.
//!
//! ```sh
//! # Against Zoom: a Server-to-Server OAuth app with an event subscription of the WebSocket kind
//! export ZOOM_ACCOUNT_ID=… ZOOM_CLIENT_ID=… ZOOM_CLIENT_SECRET=… ZOOM_SUBSCRIPTION_ID=…
//! cargo run -p zoom-client --features websocket --example websocket_events
//!
//! # Without credentials: against a stand-in for Zoom on the loopback interface, which sends a
//! # few events, drops the connection once, and ends after 5 seconds
//! cargo run -p zoom-client --features websocket --example websocket_events
//! ```
//!
//! `ZOOM_SUBSCRIPTION_ID` is the `subscriptionId` in the endpoint URL Zoom shows for the
//! subscription. Optional: `ZOOM_TOKEN_URL`, `ZOOM_WEBSOCKET_URL`.

use std::process::ExitCode;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_tungstenite::tungstenite::Message;
use zoom_client::auth::{DEFAULT_TOKEN_URL, ServerToServer};
use zoom_client::webhook::RawEvent;
use zoom_client::websocket::{DEFAULT_URL, Received, Subscription};

#[tokio::main]
async fn main() -> ExitCode {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let (subscription, run_for) = match (
        var("ZOOM_ACCOUNT_ID"),
        var("ZOOM_CLIENT_ID"),
        var("ZOOM_CLIENT_SECRET"),
        var("ZOOM_SUBSCRIPTION_ID"),
    ) {
        (Some(account), Some(client), Some(secret), Some(id)) => {
            let credentials = ServerToServer::new(account, client, secret)
                .token_url(var("ZOOM_TOKEN_URL").unwrap_or_else(|| DEFAULT_TOKEN_URL.to_owned()));
            let url = var("ZOOM_WEBSOCKET_URL").unwrap_or_else(|| DEFAULT_URL.to_owned());
            (Subscription::new(credentials, id).url(url), None)
        }
        _ => {
            eprintln!(
                "no ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET and ZOOM_SUBSCRIPTION_ID: using a local stand-in for Zoom"
            );
            let (token_url, websocket_url) = match stand_in().await {
                Ok(urls) => urls,
                Err(error) => {
                    eprintln!("error: cannot start the stand-in: {error}");
                    return ExitCode::FAILURE;
                }
            };
            let credentials = ServerToServer::new("account", "client", "secret").token_url(token_url);
            (Subscription::new(credentials, "stand-in").url(websocket_url), Some(Duration::from_secs(5)))
        }
    };
    let mut events = subscription.events::<RawEvent>();
    let deadline = tokio::time::sleep(run_for.unwrap_or(Duration::MAX));
    tokio::pin!(deadline);
    loop {
        let received = tokio::select! {
            received = events.next() => received,
            () = &mut deadline => break,
        };
        match received {
            Some(Received::Event { event, deviations }) => println!(
                "event {} at {} ({} deviations from Zoom's document)",
                event.event.as_deref().unwrap_or("(unnamed)"),
                event.event_ts.unwrap_or_default(),
                deviations.len()
            ),
            // Events from the gap are gone: here an application would look them up through
            // the REST API.
            Some(Received::Gap(gap)) => println!("gap from {} to {}: {}", gap.from, gap.to, gap.reason),
            Some(Received::Unreadable(unreadable)) => println!("unreadable frame: {}", unreadable.reason),
            Some(_) => {}
            None => break,
        }
    }
    events.close().await;
    ExitCode::SUCCESS
}

/// A stand-in for Zoom on loopback: a token endpoint, and a WebSocket endpoint that answers
/// heartbeats, sends two events, then closes the first connection. Returns their URLs.
async fn stand_in() -> std::io::Result<(String, String)> {
    let tokens = TcpListener::bind("127.0.0.1:0").await?;
    let token_url = format!("http://{}/oauth/token", tokens.local_addr()?);
    tokio::spawn(async move {
        while let Ok((mut tcp, _)) = tokens.accept().await {
            let mut request = [0; 4096];
            let _ = tcp.read(&mut request).await;
            let body = r#"{"access_token":"stand-in-token","token_type":"bearer","expires_in":3600}"#;
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = tcp.write_all(answer.as_bytes()).await;
        }
    });
    let sockets = TcpListener::bind("127.0.0.1:0").await?;
    let websocket_url = format!("ws://{}/ws", sockets.local_addr()?);
    tokio::spawn(async move {
        let mut connection = 0;
        while let Ok((tcp, _)) = sockets.accept().await {
            connection += 1;
            let Ok(mut socket) = tokio_tungstenite::accept_async(tcp).await else { continue };
            let first = connection == 1;
            tokio::spawn(async move {
                let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis();
                for name in ["meeting.started", "meeting.participant_joined"] {
                    let body = format!(
                        r#"{{"event":"{name}","event_ts":{now},"payload":{{"account_id":"a","object":{{"id":"1"}}}}}}"#
                    );
                    let frame = serde_json::json!({"module": "message", "content": body});
                    let _ = socket.send(Message::text(frame.to_string())).await;
                }
                if first {
                    // Zoom drops connections now and then: the client reconnects and says so.
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    let _ = socket.close(None).await;
                    return;
                }
                while let Some(Ok(message)) = socket.next().await {
                    if message.is_text() {
                        let answer = r#"{"module":"heartbeat","success":true,"content":"live"}"#;
                        let _ = socket.send(Message::text(answer)).await;
                    }
                }
            });
        }
    });
    Ok((token_url, websocket_url))
}
