//! The one request every OAuth flow makes: a form `POST` to Zoom's token endpoint with the
//! client id and secret as HTTP Basic credentials, and the reading of its answer.

use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

use super::error::{AuthError, TokenEndpointError};
use super::secret::{Secret, scrub};
use super::token::{AccessToken, TokenSet};

/// Zoom's token endpoint.
pub const DEFAULT_TOKEN_URL: &str = "https://zoom.us/oauth/token";

/// How long a token request may take before it fails: callers wait on it.
const TOKEN_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Attempts at a token request, and the pause before each retry (doubling).
const ATTEMPTS: u32 = 3;
const RETRY_PAUSE: Duration = Duration::from_millis(200);

/// What sending a token request again risks, which decides when it is resent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resend {
    /// The request spends a single-use code or refresh token: it is resent only when it could
    /// not connect (nothing reached Zoom); once Zoom may have seen it, a resend would fail anyway.
    IfUnsent,
    /// The request spends nothing (`account_credentials`): also resent after a timeout or a 5xx.
    Freely,
}

/// Zoom's access tokens last an hour; the lifetime assumed when a response omits `expires_in`.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);

/// Longest lifetime believed, so that a nonsensical `expires_in` cannot overflow a time.
const MAX_LIFETIME: Duration = Duration::from_secs(365 * 24 * 3600);

/// Everything but `A–Z a–z 0–9 - . _ ~` is percent-encoded in a form value.
const FORM_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Where and as whom to ask for tokens.
#[derive(Clone)]
pub(crate) struct Endpoint {
    pub(crate) url: String,
    pub(crate) client_id: String,
    pub(crate) client_secret: Secret,
    pub(crate) http: Option<reqwest::Client>,
}

impl Endpoint {
    pub(crate) fn new(client_id: String, client_secret: Secret) -> Self {
        Endpoint { url: DEFAULT_TOKEN_URL.to_owned(), client_id, client_secret, http: None }
    }

    /// Posts `form` and reads the token response. `secrets` are the other secrets the form
    /// carries (code, verifier, refresh token), redacted from any text Zoom sends back.
    pub(crate) async fn request(
        &self,
        form: &[(&str, &Secret)],
        secrets: &[&Secret],
        resend: Resend,
    ) -> Result<TokenSet, AuthError> {
        let http = match &self.http {
            Some(http) => http.clone(),
            None => default_http()?,
        };
        let body = encode_form(form);
        let mut attempt = 1;
        let response = loop {
            let sent = http
                .post(&self.url)
                .basic_auth(&self.client_id, Some(self.client_secret.expose()))
                .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(reqwest::header::ACCEPT, "application/json")
                .timeout(TOKEN_REQUEST_TIMEOUT)
                .body(body.expose().to_owned())
                .send()
                .await;
            let retry = attempt < ATTEMPTS
                && match &sent {
                    Err(error) => error.is_connect() || (resend == Resend::Freely && error.is_timeout()),
                    Ok(response) => resend == Resend::Freely && response.status().is_server_error(),
                };
            if !retry {
                break sent.map_err(transport)?;
            }
            tracing::debug!(attempt, "token request failed; retrying");
            tokio::time::sleep(RETRY_PAUSE * attempt).await;
            attempt += 1;
        };
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(transport)?;
        let mut all_secrets = vec![&self.client_secret];
        all_secrets.extend_from_slice(secrets);
        read_response(status, &bytes, &all_secrets, SystemTime::now())
    }
}

fn transport(error: reqwest::Error) -> AuthError {
    AuthError::Transport(Arc::new(error))
}

/// One client for every credential without its own, built on first use (a TLS setup that fails
/// is an error, not a panic).
fn default_http() -> Result<reqwest::Client, AuthError> {
    static DEFAULT: OnceLock<reqwest::Client> = OnceLock::new();
    if let Some(http) = DEFAULT.get() {
        return Ok(http.clone());
    }
    let built = reqwest::Client::builder()
        .build()
        .map_err(|e| AuthError::Config(format!("cannot build an HTTP client for the token endpoint: {e}")))?;
    Ok(DEFAULT.get_or_init(|| built).clone())
}

/// `application/x-www-form-urlencoded`, kept secret since it carries codes and tokens.
fn encode_form(form: &[(&str, &Secret)]) -> Secret {
    let mut out = String::new();
    for (name, value) in form {
        if !out.is_empty() {
            out.push('&');
        }
        out.extend(utf8_percent_encode(name, FORM_VALUE));
        out.push('=');
        out.extend(utf8_percent_encode(value.expose(), FORM_VALUE));
    }
    Secret::new(out)
}

/// Reads the token endpoint's answer; `now` is when it arrived.
pub(crate) fn read_response(
    status: u16,
    body: &[u8],
    secrets: &[&Secret],
    now: SystemTime,
) -> Result<TokenSet, AuthError> {
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let text = |name: &str| {
        parsed
            .as_ref()
            .and_then(|v| v.get(name))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(|s| scrub(s, secrets))
    };
    let access_token = parsed.as_ref().and_then(|v| v.get("access_token")).and_then(Value::as_str);
    let success = (200..300).contains(&status);
    if !success || (access_token.is_none() && text("error").is_some()) {
        let reason = text("reason").or_else(|| text("error_description")).or_else(|| text("message")).or_else(|| {
            if parsed.is_some() {
                return None;
            }
            let raw = String::from_utf8_lossy(body);
            let raw = raw.trim();
            (!raw.is_empty()).then(|| scrub(&raw.chars().take(200).collect::<String>(), secrets))
        });
        return Err(AuthError::TokenEndpoint(Box::new(TokenEndpointError { status, error: text("error"), reason })));
    }
    let Some(fields) = parsed.as_ref().and_then(Value::as_object) else {
        return Err(AuthError::Decode(match serde_json::from_slice::<Value>(body) {
            Err(e) => format!("not JSON ({e})"),
            Ok(_) => "not a JSON object".to_owned(),
        }));
    };
    let Some(access_token) = access_token.filter(|t| !t.is_empty()) else {
        return Err(AuthError::Decode("no `access_token` string".to_owned()));
    };
    let lifetime = match fields.get("expires_in") {
        None | Some(Value::Null) => DEFAULT_LIFETIME,
        Some(Value::Number(n)) => match n.as_u64() {
            Some(seconds) => Duration::from_secs(seconds),
            None => Duration::ZERO, // negative or fractional: treat as expired, fetch anew next time
        },
        Some(Value::String(s)) => match s.trim().parse::<u64>() {
            Ok(seconds) => Duration::from_secs(seconds),
            Err(_) => return Err(AuthError::Decode("`expires_in` is not a number of seconds".to_owned())),
        },
        Some(_) => return Err(AuthError::Decode("`expires_in` is not a number of seconds".to_owned())),
    };
    let expires_at = now.checked_add(lifetime.min(MAX_LIFETIME)).unwrap_or(now);
    let token_type = fields.get("token_type").and_then(Value::as_str).unwrap_or("bearer").to_owned();
    let scope = fields.get("scope").and_then(Value::as_str).map(str::to_owned);
    let refresh_token = fields.get("refresh_token").and_then(Value::as_str).filter(|t| !t.is_empty()).map(Secret::from);
    Ok(TokenSet {
        access_token: AccessToken { value: Secret::from(access_token), token_type, expires_at, scope },
        refresh_token,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_values_are_percent_encoded() {
        let code = Secret::new("a b&c=d/é");
        let grant = Secret::new("authorization_code");
        let form = encode_form(&[("grant_type", &grant), ("code", &code)]);
        assert_eq!(form.expose(), "grant_type=authorization_code&code=a%20b%26c%3Dd%2F%C3%A9");
    }

    #[test]
    fn reasons_echoing_a_secret_are_redacted() {
        let secret = Secret::new("SECRET-cs-123");
        let body = br#"{"error":"invalid_client","reason":"bad secret SECRET-cs-123"}"#;
        let Err(AuthError::TokenEndpoint(e)) = read_response(401, body, &[&secret], SystemTime::now()) else {
            panic!("expected a token endpoint error");
        };
        assert_eq!(e.reason.as_deref(), Some("bad secret <redacted>"));
    }

    #[test]
    fn expires_in_may_be_a_string_and_scope_is_kept() {
        let body = br#"{"access_token":"t","token_type":"bearer","expires_in":"3599","scope":"a b"}"#;
        let now = SystemTime::UNIX_EPOCH;
        let Ok(set) = read_response(200, body, &[], now) else { panic!("expected a token") };
        assert_eq!(set.access_token.expires_at, now + Duration::from_secs(3599));
        assert_eq!(set.access_token.scope(), Some("a b"));
        assert!(set.refresh_token.is_none());
    }
}
