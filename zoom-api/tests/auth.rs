//! The authentication module against a loopback token endpoint (wiremock).

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use hmac::{KeyInit, Mac};
use serde_json::{Value, json};
use wiremock::matchers::{body_string, body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_client::auth::{
    AccessToken, AuthError, Credentials, FileTokenStore, MemoryStateStore, MemoryTokenStore, SdkJwt, Secret,
    ServerToServer, TokenSet, TokenStore, UserOAuth, pkce_challenge,
};

const CLIENT_ID: &str = "client-id-1";
const CLIENT_SECRET: &str = "SECRET-cs-123";
const ACCESS_TOKEN: &str = "SECRET-at-456";
const REFRESH_TOKEN: &str = "SECRET-rt-789";
const SDK_SECRET: &str = "SECRET-sdk-000";
const SECRETS: [&str; 4] = [CLIENT_SECRET, ACCESS_TOKEN, REFRESH_TOKEN, SDK_SECRET];

fn basic() -> String {
    format!("Basic {}", STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}")))
}

fn token_body(access: &str, expires_in: u64) -> Value {
    json!({ "access_token": access, "token_type": "bearer", "expires_in": expires_in, "scope": "meeting:read:admin user:read:admin" })
}

fn user_token_body(access: &str, refresh: &str, expires_in: u64) -> Value {
    json!({ "access_token": access, "token_type": "bearer", "refresh_token": refresh, "expires_in": expires_in, "scope": "meeting:read" })
}

fn s2s(server: &MockServer) -> ServerToServer {
    ServerToServer::new("account-1", CLIENT_ID, CLIENT_SECRET).token_url(format!("{}/oauth/token", server.uri()))
}

fn user(server: &MockServer) -> UserOAuth {
    UserOAuth::new(CLIENT_ID, CLIENT_SECRET, "https://app.example/callback")
        .token_url(format!("{}/oauth/token", server.uri()))
        .authorize_url(format!("{}/oauth/authorize", server.uri()))
}

fn assert_no_secret(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} shows {secret}: {text}");
    }
}

fn query_param(url: &str, name: &str) -> Option<String> {
    let url = reqwest::Url::parse(url).ok()?;
    url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

fn form_param(body: &[u8], name: &str) -> Option<String> {
    let url = reqwest::Url::parse(&format!("x:?{}", String::from_utf8_lossy(body))).ok()?;
    url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

/// A fresh directory under the system's temporary directory.
fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("zoom-client-auth-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[tokio::test]
async fn server_to_server_posts_the_form_with_basic_auth_and_caches_the_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(header("authorization", basic().as_str()))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("grant_type=account_credentials&account_id=account-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body(ACCESS_TOKEN, 3599)))
        .expect(1)
        .mount(&server)
        .await;
    let s2s = s2s(&server);
    assert_eq!(s2s.granted_scopes(), None);
    let first = s2s.access_token().await.expect("token");
    assert_eq!(first.secret().expose(), ACCESS_TOKEN);
    assert_eq!(first.token_type(), "bearer");
    assert!(first.expires_in() > Duration::from_secs(3500));
    let credentials = Credentials::from(s2s.clone());
    let auth = credentials.authorize().await.expect("cached");
    assert_eq!(auth.header_value(), format!("Bearer {ACCESS_TOKEN}"));
    assert_eq!(s2s.access_token().await.expect("cached"), first);
    let scopes = credentials.granted_scopes().expect("scopes of the token response");
    assert!(scopes.contains("meeting:read:admin") && scopes.contains("user:read:admin"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_callers_on_an_empty_cache_cause_one_token_request() {
    assert_eq!(token_requests_of_fifty_callers(json!(3599)).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_callers_share_one_failed_token_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(503).set_delay(Duration::from_millis(300)))
        // One fetch for all twenty callers, which tries three times (an S2S request spends
        // nothing, so a 5xx is retried).
        .expect(3)
        .mount(&server)
        .await;
    let s2s = s2s(&server);
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let s2s = s2s.clone();
            tokio::spawn(async move { s2s.access_token().await })
        })
        .collect();
    for task in tasks {
        let error = task.await.expect("task").expect_err("the endpoint fails");
        assert_eq!(error.token_endpoint().map(|e| e.status), Some(503));
    }
}

#[tokio::test]
async fn a_token_expiring_within_the_margin_is_refreshed_on_next_use() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("short-lived", 150)))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("long-lived", 3599)))
        .expect(1)
        .mount(&server)
        .await;
    // A margin of 200 s, more than the first token's 150 s. (Lifetimes under two minutes are
    // raised to two minutes, so the default margin of 60 s cannot show this.)
    let s2s = s2s(&server).expiry_margin(Duration::from_secs(200));
    assert_eq!(s2s.access_token().await.expect("first").secret().expose(), "short-lived");
    assert_eq!(s2s.access_token().await.expect("second").secret().expose(), "long-lived");
    assert_eq!(s2s.access_token().await.expect("cached").secret().expose(), "long-lived");

    // With a margin of zero the 150 s token is used as it is.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("short-lived", 150)))
        .expect(1)
        .mount(&server)
        .await;
    let s2s = self::s2s(&server).expiry_margin(Duration::ZERO);
    s2s.access_token().await.expect("first");
    s2s.access_token().await.expect("cached");
}

#[tokio::test]
async fn invalidate_forces_one_new_token_but_a_stale_token_does_not() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("token-1", 3599)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("token-2", 3599)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let credentials = Credentials::from(s2s(&server));
    let first = credentials.authorize().await.expect("token-1");
    let also_first = credentials.authorize().await.expect("token-1 cached");
    assert_eq!(first.header_value(), "Bearer token-1");

    assert!(credentials.invalidate(&first));
    let second = credentials.authorize().await.expect("token-2");
    assert_eq!(second.header_value(), "Bearer token-2");
    assert_eq!(server.received_requests().await.expect("recorded").len(), 2);

    // Another caller that was rejected with token-1 may retry, but must not drop token-2.
    assert!(credentials.invalidate(&also_first));
    assert_eq!(credentials.authorize().await.expect("token-2 kept").header_value(), "Bearer token-2");
    assert_eq!(server.received_requests().await.expect("recorded").len(), 2);
}

#[tokio::test]
async fn a_static_bearer_token_is_sent_as_is_and_never_retried() {
    let credentials = Credentials::bearer(ACCESS_TOKEN);
    let auth = credentials.authorize().await.expect("static");
    assert_eq!(auth.header_value(), format!("Bearer {ACCESS_TOKEN}"));
    assert!(!credentials.invalidate(&auth));
    assert_eq!(credentials.granted_scopes(), None);
    assert_no_secret("bearer credentials", &format!("{credentials:?}"));
    assert_no_secret("authorization", &format!("{auth:?}"));
}

#[tokio::test]
async fn user_oauth_authorization_url_carries_state_and_the_s256_challenge_of_the_verifier_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(header("authorization", basic().as_str()))
        .and(body_string_contains("grant_type=authorization_code"))
        .and(body_string_contains("code=the-code"))
        .and(body_string_contains("redirect_uri=https%3A%2F%2Fapp.example%2Fcallback"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_token_body(ACCESS_TOKEN, REFRESH_TOKEN, 3599)))
        .expect(1)
        .mount(&server)
        .await;
    let store = Arc::new(MemoryTokenStore::new());
    let oauth = user(&server).token_store(store.clone());

    let start = oauth.start_authorization().await.expect("start");
    assert!(start.url.starts_with(&format!("{}/oauth/authorize?", server.uri())), "{}", start.url);
    assert_eq!(query_param(&start.url, "response_type").as_deref(), Some("code"));
    assert_eq!(query_param(&start.url, "client_id").as_deref(), Some(CLIENT_ID));
    assert_eq!(query_param(&start.url, "redirect_uri").as_deref(), Some("https://app.example/callback"));
    assert_eq!(query_param(&start.url, "state").as_deref(), Some(start.state.as_str()));
    assert_eq!(query_param(&start.url, "code_challenge_method").as_deref(), Some("S256"));
    let challenge = query_param(&start.url, "code_challenge").expect("challenge");
    assert!(start.state.len() >= 32);
    let other = oauth.start_authorization().await.expect("another start");
    assert_ne!(other.state, start.state);

    let token = oauth.exchange_code("the-code", &start.state).await.expect("exchange");
    assert_eq!(token.secret().expose(), ACCESS_TOKEN);
    let requests = server.received_requests().await.expect("recorded");
    let verifier = form_param(&requests[0].body, "code_verifier").expect("verifier sent");
    assert!((43..=128).contains(&verifier.len()));
    assert_eq!(pkce_challenge(&Secret::new(verifier)), challenge);

    let saved = store.tokens().expect("saved");
    assert_eq!(saved.refresh_token.as_ref().map(Secret::expose), Some(REFRESH_TOKEN));
    assert_eq!(oauth.access_token().await.expect("cached"), token);
    assert_eq!(oauth.granted_scopes().map(|s| s.contains("meeting:read")), Some(true));
}

#[tokio::test]
async fn an_unknown_state_is_refused_before_any_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    let oauth = user(&server);
    oauth.start_authorization().await.expect("start");
    let error = oauth.exchange_code("the-code", "forged-state").await.expect_err("unknown");
    assert!(matches!(error, AuthError::UnknownState), "{error:?}");
}

#[tokio::test]
async fn a_replayed_state_is_refused() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_token_body(ACCESS_TOKEN, REFRESH_TOKEN, 3599)))
        .expect(1)
        .mount(&server)
        .await;
    let oauth = user(&server);
    let start = oauth.start_authorization().await.expect("start");
    oauth.exchange_code("the-code", &start.state).await.expect("first use");
    let error = oauth.exchange_code("the-code", &start.state).await.expect_err("replay");
    assert!(matches!(error, AuthError::StateReplayed), "{error:?}");
}

#[tokio::test]
async fn an_expired_state_is_refused() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    let oauth = user(&server).state_store(Arc::new(MemoryStateStore::with_lifetime(Duration::ZERO)));
    let start = oauth.start_authorization().await.expect("start");
    std::thread::sleep(Duration::from_millis(5));
    let error = oauth.exchange_code("the-code", &start.state).await.expect_err("expired");
    assert!(matches!(error, AuthError::StateExpired), "{error:?}");
}

#[tokio::test]
async fn without_tokens_user_oauth_asks_for_authorization() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    let credentials = Credentials::from(user(&server));
    let error = credentials.authorize().await.expect_err("nothing to use");
    assert!(matches!(error, AuthError::NotAuthorized), "{error:?}");
}

fn expired_tokens(access: &str, refresh: &str) -> TokenSet {
    let expired = SystemTime::now() - Duration::from_secs(10);
    TokenSet::new(AccessToken::new(access, expired).with_scope("meeting:read"), Some(Secret::new(refresh)))
}

#[tokio::test]
async fn refresh_rotates_the_refresh_token_and_saves_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("authorization", basic().as_str()))
        .and(body_string(format!("grant_type=refresh_token&refresh_token={REFRESH_TOKEN}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_token_body("SECRET-at-new", "SECRET-rt-new", 3599)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(body_string("grant_type=refresh_token&refresh_token=SECRET-rt-new"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_token_body("SECRET-at-3", "SECRET-rt-3", 3599)))
        .expect(1)
        .mount(&server)
        .await;
    let store = Arc::new(MemoryTokenStore::with_tokens(expired_tokens(ACCESS_TOKEN, REFRESH_TOKEN)));
    let credentials = Credentials::from(user(&server).token_store(store.clone()));

    let auth = credentials.authorize().await.expect("refreshed");
    assert_eq!(auth.header_value(), "Bearer SECRET-at-new");
    let saved = store.tokens().expect("saved");
    assert_eq!(saved.access_token.secret().expose(), "SECRET-at-new");
    assert_eq!(saved.refresh_token.as_ref().map(Secret::expose), Some("SECRET-rt-new"));

    // Zoom rejects the new access token: the next call refreshes with the rotated refresh token.
    assert!(credentials.invalidate(&auth));
    assert_eq!(credentials.authorize().await.expect("refreshed again").header_value(), "Bearer SECRET-at-3");
    assert_eq!(store.tokens().and_then(|t| t.refresh_token).as_ref().map(Secret::expose), Some("SECRET-rt-3"));
}

#[tokio::test]
async fn a_restarted_service_starts_from_the_file_store() {
    let dir = temp_dir("restart");
    let file = dir.join("tokens.json");
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_string(format!("grant_type=refresh_token&refresh_token={REFRESH_TOKEN}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_token_body("SECRET-at-new", "SECRET-rt-new", 3599)))
        .expect(1)
        .mount(&server)
        .await;
    FileTokenStore::new(&file).save(&expired_tokens(ACCESS_TOKEN, REFRESH_TOKEN)).await.expect("seed");

    // First run: the stored access token has expired, so the stored refresh token is used.
    let first = user(&server).token_store(Arc::new(FileTokenStore::new(&file)));
    assert_eq!(first.access_token().await.expect("refreshed").secret().expose(), "SECRET-at-new");

    // Second run: the stored token is fresh and used without a request.
    let second = user(&server).token_store(Arc::new(FileTokenStore::new(&file)));
    let token = second.access_token().await.expect("loaded");
    assert_eq!(token.secret().expose(), "SECRET-at-new");
    assert_eq!(token.scope(), Some("meeting:read"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn file_token_store_round_trips_privately_and_atomically() {
    let dir = temp_dir("file-store");
    let file = dir.join("tokens.json");
    let store = FileTokenStore::new(&file);
    assert_eq!(store.load().await.expect("no file yet"), None);

    // An older file with loose permissions is replaced by a private one.
    std::fs::write(&file, "{}").expect("old file");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    let expires = SystemTime::UNIX_EPOCH + Duration::from_secs(1_900_000_000);
    let tokens =
        TokenSet::new(AccessToken::new(ACCESS_TOKEN, expires).with_scope("a b"), Some(Secret::new(REFRESH_TOKEN)));
    store.save(&tokens).await.expect("save");
    assert_eq!(store.load().await.expect("load"), Some(tokens.clone()));

    let stored: Value = serde_json::from_slice(&std::fs::read(&file).expect("read")).expect("json");
    assert_eq!(stored["access_token"], ACCESS_TOKEN);
    assert_eq!(stored["refresh_token"], REFRESH_TOKEN);
    assert_eq!(stored["expires_at"], 1_900_000_000);
    assert_eq!(stored["scope"], "a b");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).expect("metadata").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "mode {mode:o}");
    }
    let names: Vec<_> = std::fs::read_dir(&dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().into_string().expect("utf-8"))
        .collect();
    assert_eq!(names, ["tokens.json"], "a temporary file was left behind");

    // A file that is not a token set is a store error that quotes nothing of the file.
    std::fs::write(&file, format!("{{\"access_token\": \"{ACCESS_TOKEN}\", \"expires_at\": \"{REFRESH_TOKEN}\"}}"))
        .expect("corrupt");
    let error = store.load().await.expect_err("corrupt");
    assert!(matches!(error, AuthError::Store(_)), "{error:?}");
    assert_no_secret("store error", &error.to_string());
    assert_no_secret("store error", &format!("{error:?}"));
    assert_no_secret("file store", &format!("{store:?}"));

    // A directory that does not exist is a store error, not a panic.
    let missing = FileTokenStore::new(dir.join("missing").join("tokens.json"));
    assert!(matches!(missing.save(&tokens).await, Err(AuthError::Store(_))));
    let _ = std::fs::remove_dir_all(&dir);
}

fn decode_part(part: &str) -> Value {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).expect("base64url")).expect("json")
}

#[test]
fn sdk_jwt_is_signed_hs256_with_the_sdk_secret() {
    let jwt = SdkJwt::new("sdk-key", SDK_SECRET);
    let before = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).expect("clock").as_secs();
    let token = jwt.access_token().expect("signed");
    let parts: Vec<&str> = token.secret().expose().split('.').collect();
    assert_eq!(parts.len(), 3);
    assert_eq!(decode_part(parts[0]), json!({ "alg": "HS256", "typ": "JWT" }));
    let claims = decode_part(parts[1]);
    assert_eq!(claims["iss"], "sdk-key");
    let iat = claims["iat"].as_u64().expect("iat");
    let exp = claims["exp"].as_u64().expect("exp");
    assert!(iat >= before && iat <= before + 5, "iat {iat}, now {before}");
    assert_eq!(exp - iat, 30 * 60);

    let mut mac = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(SDK_SECRET.as_bytes()).expect("key");
    mac.update(format!("{}.{}", parts[0], parts[1]).as_bytes());
    mac.verify_slice(&URL_SAFE_NO_PAD.decode(parts[2]).expect("signature")).expect("valid signature");

    // Reused while valid, signed anew once within the margin of its expiry.
    assert_eq!(jwt.access_token().expect("cached"), token);
    let short = SdkJwt::new("sdk-key", SDK_SECRET).lifetime(Duration::from_secs(30));
    let first = short.access_token().expect("signed");
    let claims = decode_part(first.secret().expose().split('.').nth(1).expect("claims"));
    let exp = claims["exp"].as_u64().expect("exp");
    assert_eq!(exp - claims["iat"].as_u64().expect("iat"), 30);
    assert_eq!(first.expires_at(), SystemTime::UNIX_EPOCH + Duration::from_secs(exp));
    assert!(first.expires_within(Duration::from_secs(60)), "inside the default margin: signed anew on each use");
    assert_no_secret("jwt", &format!("{jwt:?} {token:?}"));
}

#[tokio::test]
async fn sdk_jwt_credentials_re_sign_after_invalidate() {
    let credentials = Credentials::from(SdkJwt::new("sdk-key", SDK_SECRET));
    let first = credentials.authorize().await.expect("signed");
    assert!(first.header_value().starts_with("Bearer ey"));
    assert_eq!(credentials.authorize().await.expect("cached").header_value(), first.header_value());
    assert!(credentials.invalidate(&first));
    let second = credentials.authorize().await.expect("signed anew");
    assert_eq!(second.header_value().split('.').count(), 3);
    assert_eq!(credentials.granted_scopes(), None);
}

#[tokio::test]
async fn token_endpoint_errors_are_typed_and_name_no_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_string_contains("account_id=bad-client"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(json!({ "reason": "Invalid client_id or client_secret", "error": "invalid_client" })),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(body_string_contains("account_id=malformed"))
        .respond_with(ResponseTemplate::new(200).set_body_string(format!("{{\"access_token\": \"{ACCESS_TOKEN}\"")))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(body_string_contains("account_id=no-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "token_type": "bearer" })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(body_string_contains("account_id=broken"))
        .respond_with(ResponseTemplate::new(500).set_body_string("upstream broke"))
        .mount(&server)
        .await;
    let url = format!("{}/oauth/token", server.uri());
    let fetch = |account: &str| ServerToServer::new(account, CLIENT_ID, CLIENT_SECRET).token_url(url.clone());

    let bad = fetch("bad-client").access_token().await.expect_err("400");
    let endpoint = bad.token_endpoint().expect("typed");
    assert_eq!(endpoint.status, 400);
    assert_eq!(endpoint.error.as_deref(), Some("invalid_client"));
    assert_eq!(endpoint.reason.as_deref(), Some("Invalid client_id or client_secret"));
    assert!(bad.to_string().contains("Invalid client_id or client_secret"), "{bad}");
    assert!(bad.to_string().contains("400"), "{bad}");

    let malformed = fetch("malformed").access_token().await.expect_err("malformed");
    assert!(matches!(malformed, AuthError::Decode(_)), "{malformed:?}");
    let no_token = fetch("no-token").access_token().await.expect_err("no token");
    assert!(matches!(no_token, AuthError::Decode(_)), "{no_token:?}");

    let broken = fetch("broken").access_token().await.expect_err("500");
    assert_eq!(broken.token_endpoint().map(|e| e.status), Some(500));
    assert!(broken.to_string().contains("upstream broke"), "{broken}");

    // Nothing listens on a closed port: a transport error.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let transport = ServerToServer::new("a", CLIENT_ID, CLIENT_SECRET)
        .token_url(format!("http://127.0.0.1:{closed}/oauth/token"))
        .access_token()
        .await
        .expect_err("refused");
    assert!(matches!(transport, AuthError::Transport(_)), "{transport:?}");

    for error in [bad, malformed, no_token, broken, transport] {
        assert_no_secret("error", &error.to_string());
        assert_no_secret("error", &format!("{error:?}"));
    }
}

#[tokio::test]
async fn nothing_shows_a_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_string_contains("grant_type=authorization_code"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_token_body(ACCESS_TOKEN, REFRESH_TOKEN, 3599)))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(body_string_contains("grant_type=account_credentials"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body(ACCESS_TOKEN, 3599)))
        .mount(&server)
        .await;
    let store = Arc::new(MemoryTokenStore::new());
    let oauth = user(&server).token_store(store.clone());
    let start = oauth.start_authorization().await.expect("start");
    let token = oauth.exchange_code("the-code", &start.state).await.expect("exchange");
    let user_credentials = Credentials::from(oauth.clone());
    let auth = user_credentials.authorize().await.expect("token");
    let s2s = s2s(&server);
    s2s.access_token().await.expect("token");
    let s2s_credentials = Credentials::from(s2s.clone());
    let jwt = Credentials::from(SdkJwt::new("sdk-key", SDK_SECRET));
    jwt.authorize().await.expect("jwt");

    let shown = [
        format!("{user_credentials:?}"),
        format!("{oauth:?}"),
        format!("{s2s_credentials:?}"),
        format!("{s2s:?}"),
        format!("{jwt:?}"),
        format!("{auth:?}"),
        format!("{token:?}"),
        format!("{store:?}"),
        format!("{:?}", store.tokens()),
        format!("{:?}", Secret::new(CLIENT_SECRET)),
        format!("{:?}", MemoryStateStore::new()),
    ];
    for text in &shown {
        assert_no_secret("debug output", text);
    }
    assert!(shown[0].contains(CLIENT_ID), "{}", shown[0]);
    for error in [
        AuthError::UnknownState,
        AuthError::StateReplayed,
        AuthError::StateExpired,
        AuthError::NotAuthorized,
        AuthError::Config("bad url".into()),
        AuthError::Decode("no `access_token` string".into()),
        AuthError::store("disk full"),
    ] {
        assert_no_secret("error", &error.to_string());
        assert_no_secret("error", &format!("{error:?}"));
    }
}

#[tokio::test]
async fn a_reason_that_echoes_a_secret_is_redacted() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(
                json!({ "reason": format!("Invalid Token: {REFRESH_TOKEN}"), "error": "invalid_request" }),
            ),
        )
        .mount(&server)
        .await;
    let store = Arc::new(MemoryTokenStore::with_tokens(expired_tokens(ACCESS_TOKEN, REFRESH_TOKEN)));
    let error = user(&server).token_store(store).access_token().await.expect_err("refused");
    assert_eq!(error.token_endpoint().and_then(|e| e.reason.as_deref()), Some("Invalid Token: <redacted>"));
    assert_no_secret("error", &format!("{error} {error:?}"));
}

/// A token endpoint that refuses the first connection (it is not listening yet) gets the request
/// on a retry; one that never listens is a transport error after the last attempt.
#[tokio::test]
async fn token_requests_are_retried_when_they_cannot_connect() {
    // A free port, released, on which the endpoint starts listening a moment after the first try.
    let addr = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let (ready, started) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let listener = std::net::TcpListener::bind(addr).unwrap();
        let server = MockServer::builder().listener(listener).start().await;
        Mock::given(method("POST"))
            .and(path("/oauth/token"))
            .respond_with(ResponseTemplate::new(200).set_body_json(token_body(ACCESS_TOKEN, 3599)))
            .expect(1)
            .mount(&server)
            .await;
        let _ = ready.send(server);
    });
    let s2s =
        ServerToServer::new("account-1", CLIENT_ID, CLIENT_SECRET).token_url(format!("http://{addr}/oauth/token"));
    let token = s2s.access_token().await.expect("a token on the retry");
    assert_eq!(token.secret().expose(), ACCESS_TOKEN);
    started.await.unwrap().verify().await;

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let s2s =
        ServerToServer::new("account-1", CLIENT_ID, CLIENT_SECRET).token_url(format!("http://{closed}/oauth/token"));
    let started = std::time::Instant::now();
    let err = s2s.access_token().await.unwrap_err();
    assert!(matches!(&err, AuthError::Transport(source) if source.is_connect()), "{err:?}");
    // Two pauses (200 ms, then 400 ms) between three attempts.
    assert!(started.elapsed() >= Duration::from_millis(600), "{:?}", started.elapsed());
}

/// A 5xx is retried for Server-to-Server (the request spends nothing) but not for a refresh,
/// whose refresh token Zoom may already have spent.
#[tokio::test]
async fn a_server_error_is_retried_only_for_requests_that_spend_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_string_contains("grant_type=account_credentials"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(body_string_contains("grant_type=account_credentials"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body(ACCESS_TOKEN, 3599)))
        .expect(1)
        .mount(&server)
        .await;
    let token = s2s(&server).access_token().await.expect("a token on the retry");
    assert_eq!(token.secret().expose(), ACCESS_TOKEN);

    Mock::given(method("POST"))
        .and(body_string_contains("grant_type=refresh_token"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let store = Arc::new(MemoryTokenStore::with_tokens(expired_tokens(ACCESS_TOKEN, REFRESH_TOKEN)));
    let credentials = Credentials::from(user(&server).token_store(store));
    let err = credentials.authorize().await.expect_err("the refresh fails");
    assert_eq!(err.token_endpoint().map(|e| e.status), Some(503));
    server.verify().await;
}

/// 50 concurrent callers, and a token endpoint that answers `expires_in` with `lifetime` after
/// 300 ms: the number of token requests they cause.
async fn token_requests_of_fifty_callers(lifetime: Value) -> usize {
    let server = MockServer::start().await;
    let body = json!({ "access_token": ACCESS_TOKEN, "token_type": "bearer", "expires_in": lifetime });
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body).set_delay(Duration::from_millis(300)))
        .mount(&server)
        .await;
    let credentials = Credentials::from(s2s(&server));
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let credentials = credentials.clone();
            tokio::spawn(async move { credentials.authorize().await.map(|a| a.header_value().to_owned()) })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.expect("task").expect("token"), format!("Bearer {ACCESS_TOKEN}"));
    }
    server.received_requests().await.expect("recorded").len()
}

/// A lifetime that is zero, negative, fractional, huge, a string or no number at all still
/// gives one token for all concurrent callers (it is read, clamped, or taken as the floor).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_callers_share_one_token_whatever_its_lifetime() {
    let lifetimes = [
        json!(0),
        json!(-100),
        json!(3599.0),
        json!(1e300),
        json!("3599.0"),
        json!("-5"),
        json!(""),
        json!("soon"),
        json!(true),
    ];
    for lifetime in lifetimes {
        assert_eq!(token_requests_of_fifty_callers(lifetime.clone()).await, 1, "expires_in: {lifetime}");
    }
}

#[tokio::test]
async fn a_failing_token_endpoint_is_not_asked_again_by_every_call() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({ "error": "invalid_client", "reason": "no" })))
        .mount(&server)
        .await;
    let requests = || async { server.received_requests().await.expect("recorded").len() };
    let s2s = s2s(&server);
    for _ in 0..20 {
        let error = s2s.access_token().await.expect_err("the endpoint fails");
        assert_eq!(error.token_endpoint().map(|e| e.status), Some(400));
    }
    assert_eq!(requests().await, 1, "the calls after the failure get its error");

    // Once the backoff (at most a second after one failure) has passed, the endpoint is asked
    // again. Time is advanced on tokio's clock, then runs on, for the request itself.
    tokio::time::pause();
    tokio::time::advance(Duration::from_secs(2)).await;
    tokio::time::resume();
    s2s.access_token().await.expect_err("still failing");
    assert_eq!(requests().await, 2);
    s2s.access_token().await.expect_err("backing off again");
    assert_eq!(requests().await, 2);

    // Each failure doubles the backoff, up to 30 s: an hour later, one request per call that
    // finds the backoff over, never more.
    for _ in 0..10 {
        tokio::time::pause();
        tokio::time::advance(Duration::from_secs(31)).await;
        tokio::time::resume();
        s2s.access_token().await.expect_err("still failing");
        s2s.access_token().await.expect_err("backing off");
    }
    assert_eq!(requests().await, 12);
}

/// A token store whose saves fail while `broken` is set.
#[derive(Debug, Default)]
struct BrokenStore {
    inner: MemoryTokenStore,
    broken: std::sync::atomic::AtomicBool,
    saves: std::sync::atomic::AtomicUsize,
}

impl TokenStore for BrokenStore {
    fn load(&self) -> zoom_client::auth::StoreFuture<'_, Option<TokenSet>> {
        self.inner.load()
    }

    fn save<'a>(&'a self, tokens: &'a TokenSet) -> zoom_client::auth::StoreFuture<'a, ()> {
        use std::sync::atomic::Ordering;
        self.saves.fetch_add(1, Ordering::SeqCst);
        if self.broken.load(Ordering::SeqCst) {
            return Box::pin(std::future::ready(Err(AuthError::store("disk full"))));
        }
        self.inner.save(tokens)
    }
}

#[tokio::test]
async fn a_refresh_whose_save_fails_still_works_and_the_save_is_retried() {
    use std::sync::atomic::Ordering;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_string(format!("grant_type=refresh_token&refresh_token={REFRESH_TOKEN}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_token_body("SECRET-at-new", "SECRET-rt-new", 3599)))
        .expect(1)
        .mount(&server)
        .await;
    let store = Arc::new(BrokenStore {
        inner: MemoryTokenStore::with_tokens(expired_tokens(ACCESS_TOKEN, REFRESH_TOKEN)),
        ..BrokenStore::default()
    });
    store.broken.store(true, Ordering::SeqCst);
    let oauth = user(&server).token_store(store.clone());
    let credentials = Credentials::from(oauth.clone());

    // The refresh succeeded: the call goes on with its token, and the failure is reported.
    let auth = credentials.authorize().await.expect("a valid token exists");
    assert_eq!(auth.header_value(), "Bearer SECRET-at-new");
    assert!(matches!(oauth.last_store_error(), Some(AuthError::Store(_))), "{:?}", oauth.last_store_error());
    assert_eq!(store.inner.tokens().and_then(|t| t.refresh_token).as_ref().map(Secret::expose), Some(REFRESH_TOKEN));

    // Every later call tries to save the rotated refresh token again, until the store takes it.
    credentials.authorize().await.expect("still working");
    assert_eq!(store.saves.load(Ordering::SeqCst), 2);
    store.broken.store(false, Ordering::SeqCst);
    assert_eq!(credentials.authorize().await.expect("saved now").header_value(), "Bearer SECRET-at-new");
    let saved = store.inner.tokens().expect("saved");
    assert_eq!(saved.refresh_token.as_ref().map(Secret::expose), Some("SECRET-rt-new"));
    assert!(oauth.last_store_error().is_none());
    credentials.authorize().await.expect("cached");
    assert_eq!(store.saves.load(Ordering::SeqCst), 3, "nothing left to save");
    server.verify().await;
}

#[tokio::test]
async fn a_corrupt_token_file_does_not_block_a_refresh_with_the_token_in_memory() {
    let dir = temp_dir("corrupt");
    let file = dir.join("tokens.json");
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_string(format!("grant_type=refresh_token&refresh_token={REFRESH_TOKEN}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_token_body("SECRET-at-2", "SECRET-rt-2", 3599)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(body_string("grant_type=refresh_token&refresh_token=SECRET-rt-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_token_body("SECRET-at-3", "SECRET-rt-3", 3599)))
        .expect(1)
        .mount(&server)
        .await;
    FileTokenStore::new(&file).save(&expired_tokens(ACCESS_TOKEN, REFRESH_TOKEN)).await.expect("seed");
    let oauth = user(&server).token_store(Arc::new(FileTokenStore::new(&file)));
    let credentials = Credentials::from(oauth.clone());
    let first = credentials.authorize().await.expect("refreshed");
    assert_eq!(first.header_value(), "Bearer SECRET-at-2");

    // The file is damaged; Zoom rejects the access token. The refresh token in memory is good.
    std::fs::write(&file, "{ not json").expect("corrupt");
    assert!(credentials.invalidate(&first));
    assert_eq!(credentials.authorize().await.expect("refreshed from memory").header_value(), "Bearer SECRET-at-3");
    // The new tokens replaced the damaged file.
    let stored = FileTokenStore::new(&file).load().await.expect("readable again").expect("tokens");
    assert_eq!(stored.refresh_token.as_ref().map(Secret::expose), Some("SECRET-rt-3"));
    assert!(oauth.last_store_error().is_none());
    server.verify().await;
    let _ = std::fs::remove_dir_all(&dir);
}
