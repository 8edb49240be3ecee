//! A tiny fake of Zoom on the loopback interface, to try the other examples without a Zoom
//! account. It knows just enough for them: the token endpoint, the authorization page, and
//! listing, creating and reading meetings and users, with canned data.
//!
//! ```sh
//! cargo run -p zoom-client --example fake_zoom     # then, in another shell, the exports it prints
//! ```
//!
//! `FAKE_ZOOM_PORT` changes the port (default 8089). `FAKE_ZOOM_SCOPES` changes the scopes its
//! tokens grant (default `meeting:read:admin meeting:write:admin user:read:admin`): with
//! `FAKE_ZOOM_SCOPES=meeting:read:admin`, the `create_meeting` example shows its missing-scope
//! error. This is an example of the flows, not a test server: one request per connection, no TLS.

use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use reqwest::Url;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const ACCESS_TOKEN: &str = "fake-token";

/// What the fake remembers between requests.
struct Fake {
    /// The `scope` of the tokens it hands out.
    scopes: String,
    /// The PKCE challenge of the last authorization, checked against the verifier of the code
    /// exchange, as Zoom does.
    challenge: Mutex<Option<String>>,
}

/// A request, reduced to what the routes look at.
struct Request {
    method: String,
    /// The target on a dummy base, for its path and query.
    url: Url,
    authorization: Option<String>,
    body: Vec<u8>,
}

/// An answer: a status line, a JSON body, and where to go for a redirect.
struct Reply {
    status: &'static str,
    body: Value,
    location: Option<String>,
}

fn reply(status: &'static str, body: Value) -> Reply {
    Reply { status, body, location: None }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let port = std::env::var("FAKE_ZOOM_PORT").unwrap_or_else(|_| "8089".to_owned());
    let listener = match TcpListener::bind(format!("127.0.0.1:{port}")).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let fake = Arc::new(Fake {
        scopes: std::env::var("FAKE_ZOOM_SCOPES")
            .unwrap_or_else(|_| "meeting:read:admin meeting:write:admin user:read:admin".to_owned()),
        challenge: Mutex::new(None),
    });
    let base = format!("http://127.0.0.1:{port}");
    println!("fake Zoom listening on {base}; in another shell:\n");
    println!("export ZOOM_BASE_URL={base}/v2");
    println!("export ZOOM_TOKEN_URL={base}/oauth/token");
    println!("export ZOOM_AUTHORIZE_URL={base}/oauth/authorize");
    println!("export ZOOM_ACCOUNT_ID=fake-account ZOOM_CLIENT_ID=fake-client ZOOM_CLIENT_SECRET=fake-secret\n");
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                eprintln!("accept failed: {e}");
                continue;
            }
        };
        let fake = fake.clone();
        tokio::spawn(async move {
            if let Err(e) = serve(stream, &fake).await {
                eprintln!("connection failed: {e}");
            }
        });
    }
}

/// Reads one request, answers it, and closes the connection.
async fn serve(mut stream: TcpStream, fake: &Fake) -> std::io::Result<()> {
    let Some(request) = read_request(&mut stream).await? else { return Ok(()) };
    let answer = route(fake, &request);
    println!("{} {} -> {}", request.method, request.url.path(), answer.status);
    let body = answer.body.to_string();
    let mut head = format!(
        "HTTP/1.1 {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
        answer.status,
        body.len()
    );
    if let Some(location) = answer.location {
        head += &format!("location: {location}\r\n");
    }
    stream.write_all(format!("{head}\r\n{body}").as_bytes()).await?;
    stream.shutdown().await
}

fn route(fake: &Fake, request: &Request) -> Reply {
    let path: Vec<&str> = request.url.path().trim_matches('/').split('/').collect();
    match (request.method.as_str(), path.as_slice()) {
        ("POST", ["oauth", "token"]) => token(fake, &request.body),
        ("GET", ["oauth", "authorize"]) => authorize(fake, &request.url),
        // Every API call needs the token handed out above (Zoom's code 124 otherwise).
        (_, ["v2", ..]) if request.authorization.as_deref() != Some(&format!("Bearer {ACCESS_TOKEN}")) => {
            reply("401 Unauthorized", json!({"code": 124, "message": "Invalid access token."}))
        }
        ("GET", ["v2", "users", _, "meetings"]) => list_meetings(&request.url),
        ("POST", ["v2", "users", _, "meetings"]) => create_meeting(&request.body),
        ("GET", ["v2", "users", user]) => reply(
            "200 OK",
            json!({"id": "fake-user-1", "email": format!("{user}@example.com"), "first_name": "Fake",
                   "last_name": "User", "type": 2, "status": "active", "timezone": "UTC"}),
        ),
        _ => reply("404 Not Found", json!({"code": 404, "message": "Not found in the fake Zoom."})),
    }
}

/// `POST /oauth/token`: any grant gets a token. An authorization-code grant must bring the
/// verifier of the last authorization's PKCE challenge.
fn token(fake: &Fake, body: &[u8]) -> Reply {
    let form = Url::parse(&format!("http://form/?{}", String::from_utf8_lossy(body))).expect("a valid URL");
    let field = |name: &str| form.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned());
    if field("grant_type").as_deref() == Some("authorization_code") {
        let expected = fake.challenge.lock().unwrap().take();
        let verifier = field("code_verifier").unwrap_or_default();
        if expected != Some(zoom_client::auth::pkce_challenge(&verifier.into())) {
            return reply("400 Bad Request", json!({"error": "invalid_grant", "reason": "Invalid code verifier"}));
        }
    }
    reply(
        "200 OK",
        json!({"access_token": ACCESS_TOKEN, "token_type": "bearer", "expires_in": 3599,
               "scope": fake.scopes, "refresh_token": "fake-refresh"}),
    )
}

/// `GET /oauth/authorize`: the user "allows" at once; back to the app with a code and its state.
fn authorize(fake: &Fake, url: &Url) -> Reply {
    let param = |name: &str| url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned());
    let Some(mut back) = param("redirect_uri").and_then(|uri| Url::parse(&uri).ok()) else {
        return reply("400 Bad Request", json!({"error": "invalid_request", "reason": "no redirect_uri"}));
    };
    *fake.challenge.lock().unwrap() = param("code_challenge");
    back.query_pairs_mut().append_pair("code", "fake-code").append_pair("state", &param("state").unwrap_or_default());
    Reply { status: "302 Found", body: json!({}), location: Some(back.into()) }
}

/// `GET /v2/users/{id}/meetings`: six meetings, two a page, linked by `next_page_token`.
fn list_meetings(url: &Url) -> Reply {
    let token = url.query_pairs().find(|(k, _)| k == "next_page_token").map(|(_, v)| v.into_owned());
    let page = match token.as_deref() {
        None | Some("") => 1,
        Some("page-2") => 2,
        Some("page-3") => 3,
        Some(_) => {
            return reply(
                "400 Bad Request",
                json!({"code": 300, "message": "The next page token is invalid or expired."}),
            );
        }
    };
    let meetings: Vec<Value> = (page * 2 - 1..=page * 2)
        .map(|n| {
            json!({"id": 85_000_000_000_i64 + n, "uuid": format!("fake-uuid-{n}"), "topic": format!("Fake meeting {n}"),
                   "type": 2, "start_time": format!("2030-01-0{n}T10:00:00Z"), "duration": 30, "timezone": "UTC"})
        })
        .collect();
    let next = if page < 3 { format!("page-{}", page + 1) } else { String::new() };
    reply("200 OK", json!({"page_size": 2, "total_records": 6, "next_page_token": next, "meetings": meetings}))
}

/// `POST /v2/users/{id}/meetings`: the meeting as sent, with an id and a join URL.
fn create_meeting(body: &[u8]) -> Reply {
    let Ok(mut meeting) = serde_json::from_slice::<Value>(body) else {
        return reply(
            "400 Bad Request",
            json!({"code": 300, "message": "Request Body should be a valid JSON object."}),
        );
    };
    meeting["id"] = json!(85_123_456_789_i64);
    meeting["join_url"] = json!("https://zoom.us/j/85123456789");
    reply("201 Created", meeting)
}

/// Reads a request head and its `content-length` body; `None` if the peer sent nothing.
async fn read_request(stream: &mut TcpStream) -> std::io::Result<Option<Request>> {
    let mut data = Vec::new();
    let mut chunk = [0; 4096];
    let head_end = loop {
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 || data.len() > 64 * 1024 {
            return Ok(None);
        }
        data.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let mut request_line = head.lines().next().unwrap_or_default().split_whitespace();
    let method = request_line.next().unwrap_or_default().to_owned();
    let Ok(url) = Url::parse("http://fake").and_then(|base| base.join(request_line.next().unwrap_or("/"))) else {
        return Ok(None);
    };
    let header = |name: &str| {
        head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim().eq_ignore_ascii_case(name).then(|| value.trim().to_owned())
        })
    };
    let length: usize = header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    let mut body = data.split_off(head_end);
    while body.len() < length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Ok(Some(Request { method, url, authorization: header("authorization"), body }))
}
