//! The one request every OAuth flow makes: a form `POST` to Zoom's token endpoint with the
//! client id and secret as HTTP Basic credentials, and the reading of its answer.

use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

use super::error::{AuthError, TokenEndpointError};
use super::secret::{Secret, scrub};
use super::token::{AccessToken, TokenSet};
use crate::json::{DecodeError, Decoded, Decoder, Decoding, Deviation, FromJson, JsonObject};

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

/// Longest lifetime believed: Zoom's tokens last an hour, and a longer `expires_in` (up to
/// 1e300) is taken as this, so that it cannot overflow a time nor keep a token for years.
const MAX_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// Shortest lifetime believed: a shorter, nonsensical or unreadable `expires_in` (0, negative,
/// not a number) is taken as this. Twice the default expiry margin, so that such a token is
/// used for a minute (and shared by the callers waiting for it) before it is fetched anew.
const MIN_LIFETIME: Duration = Duration::from_secs(120);

/// Everything but `A–Z a–z 0–9 - . _ ~` is percent-encoded in a form value.
const FORM_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Where and as whom to ask for tokens.
#[derive(Clone)]
pub(crate) struct Endpoint {
    pub(crate) url: String,
    pub(crate) client_id: String,
    pub(crate) client_secret: Secret,
    pub(crate) http: Option<reqwest::Client>,
    pub(crate) decoding: Decoding,
}

impl Endpoint {
    pub(crate) fn new(client_id: String, client_secret: Secret) -> Self {
        Endpoint {
            url: DEFAULT_TOKEN_URL.to_owned(),
            client_id,
            client_secret,
            http: None,
            decoding: Decoding::Tolerant,
        }
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
        read_response(status, &bytes, &all_secrets, SystemTime::now(), self.decoding).map(|(tokens, _)| tokens)
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
    let built = crate::tls::http_builder()
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
    decoding: Decoding,
) -> Result<(TokenSet, Vec<Deviation>), AuthError> {
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
    let Decoded { value: mut answer, deviations } = crate::json::from_slice_with::<TokenAnswer>(body, decoding)
        .map_err(|e| AuthError::Decode(format!("the token answer does not decode: {e}")))?;
    crate::json::warn_once("token endpoint", &deviations);
    let Some(access_token) = answer.access_token.take().filter(|t| !t.is_empty()) else {
        return Err(AuthError::Decode("no `access_token` string".to_owned()));
    };
    let expires_at = now.checked_add(lifetime(&answer)).unwrap_or(now);
    let refresh_token = answer.refresh_token.filter(|t| !t.is_empty()).map(Secret::from);
    let token_type = answer.token_type.unwrap_or_else(|| "bearer".to_owned());
    let access_token = AccessToken { value: Secret::from(access_token), token_type, expires_at, scope: answer.scope };
    Ok((TokenSet { access_token, refresh_token }, deviations))
}

/// The lifetime of a token whose answer says `expires_in`: any JSON number or numeric string
/// (`3599`, `3599.0`, `"3599"`), clamped to [`MIN_LIFETIME`, `MAX_LIFETIME`]; Zoom's hour when
/// the field is missing (a deviation the decoder reports). A lifetime that is not a number, not
/// positive or too short is taken as the floor rather than as expired: a token that expires at
/// once would send every caller to the token endpoint. Each adjustment is logged.
fn lifetime(answer: &TokenAnswer) -> Duration {
    let seconds = match (answer.expires_in, answer.extra.get("expires_in")) {
        (Some(seconds), _) => Some(seconds as f64),
        // What the integer decoder left as sent: a fraction, a huge number, any string.
        (None, Some(Value::Number(number))) => number.as_f64(),
        (None, Some(Value::String(text))) => text.trim().parse::<f64>().ok(),
        (None, Some(_)) => None,
        (None, None) if !answer.expires_in_sent => return DEFAULT_LIFETIME,
        // `null` or `""`, read as absent.
        (None, None) => None,
    };
    match seconds.filter(|s| s.is_finite()) {
        Some(s) if s > MAX_LIFETIME.as_secs_f64() => {
            tracing::warn!(expires_in = s, "token lifetime longer than a day: taken as a day");
            MAX_LIFETIME
        }
        Some(s) if s >= MIN_LIFETIME.as_secs_f64() => Duration::from_secs_f64(s),
        _ => {
            tracing::warn!(
                expires_in = ?seconds,
                floor_s = MIN_LIFETIME.as_secs(),
                "token lifetime missing its number, not positive or too short: taken as the floor"
            );
            MIN_LIFETIME
        }
    }
}

/// A success answer of the token endpoint (RFC 6749 section 5.1), read like Zoom's other
/// answers: `expires_in` as a numeric string is read, a missing one is a deviation.
#[derive(Default)]
struct TokenAnswer {
    access_token: Option<String>,
    token_type: Option<String>,
    expires_in: Option<i64>,
    /// Whether the answer had an `expires_in` field at all (`null` and `""` included).
    expires_in_sent: bool,
    scope: Option<String>,
    refresh_token: Option<String>,
    extra: JsonObject,
}

impl FromJson for TokenAnswer {
    fn decode(de: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let mut answer = TokenAnswer::default();
        let (mut access_token, mut token_type, mut expires_in) = (None, None, None);
        de.object()?;
        while let Some(key) = de.next_key()? {
            let extra = &mut answer.extra;
            match key {
                "access_token" => access_token = Some(de.field("access_token", extra)?),
                "token_type" => token_type = Some(de.field("token_type", extra)?),
                "expires_in" => expires_in = Some(de.field("expires_in", extra)?),
                "scope" => answer.scope = de.field("scope", extra)?,
                "refresh_token" => answer.refresh_token = de.field("refresh_token", extra)?,
                _ => {
                    let key = key.to_owned();
                    de.unknown(key, extra)?
                }
            }
        }
        answer.access_token = de.expect(access_token, "access_token")?;
        answer.token_type = de.expect(token_type, "token_type")?;
        answer.expires_in_sent = expires_in.is_some();
        answer.expires_in = de.expect(expires_in, "expires_in")?;
        Ok(answer)
    }
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
        let Err(AuthError::TokenEndpoint(e)) =
            read_response(401, body, &[&secret], SystemTime::now(), Decoding::Tolerant)
        else {
            panic!("expected a token endpoint error");
        };
        assert_eq!(e.reason.as_deref(), Some("bad secret <redacted>"));
    }

    fn tolerant(body: &[u8]) -> (TokenSet, Vec<String>) {
        let (set, deviations) = read_response(200, body, &[], SystemTime::UNIX_EPOCH, Decoding::Tolerant)
            .unwrap_or_else(|e| panic!("expected a token: {e}"));
        (set, deviations.iter().map(ToString::to_string).collect())
    }

    fn strict_error(body: &[u8]) -> String {
        match read_response(200, body, &[], SystemTime::UNIX_EPOCH, Decoding::Strict) {
            Err(AuthError::Decode(message)) => message,
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn a_well_formed_answer_has_no_deviations() {
        let body = br#"{"access_token":"t","token_type":"bearer","expires_in":3599,"scope":"a b","refresh_token":"r"}"#;
        let (set, deviations) = tolerant(body);
        assert_eq!(deviations, Vec::<String>::new());
        assert_eq!(set.access_token.expires_at, SystemTime::UNIX_EPOCH + Duration::from_secs(3599));
        assert_eq!(set.refresh_token.as_ref().map(Secret::expose), Some("r"));
        assert!(read_response(200, body, &[], SystemTime::UNIX_EPOCH, Decoding::Strict).is_ok());
    }

    #[test]
    fn expires_in_as_a_string_is_read_and_reported() {
        let body = br#"{"access_token":"t","token_type":"bearer","expires_in":"3599","scope":"a b"}"#;
        let (set, deviations) = tolerant(body);
        assert_eq!(set.access_token.expires_at, SystemTime::UNIX_EPOCH + Duration::from_secs(3599));
        assert_eq!(set.access_token.scope(), Some("a b"));
        assert!(set.refresh_token.is_none());
        assert_eq!(deviations, ["at `expires_in`: expected an integer, found a string (converted)"]);
        assert_eq!(
            strict_error(body),
            "the token answer does not decode: at `expires_in`: expected an integer, found a string"
        );
    }

    #[test]
    fn a_missing_lifetime_is_an_hour_and_reported() {
        let body = br#"{"access_token":"t","token_type":"bearer"}"#;
        let (set, deviations) = tolerant(body);
        assert_eq!(set.access_token.expires_at, SystemTime::UNIX_EPOCH + DEFAULT_LIFETIME);
        assert_eq!(deviations, ["at `expires_in`: expected a required field, found nothing (missing)"]);
        assert_eq!(strict_error(body), "the token answer does not decode: at `expires_in`: missing required field");
    }

    /// The lifetime a token answer's `expires_in` gives its token.
    fn lifetime(expires_in: &str) -> Duration {
        let body = format!(r#"{{"access_token":"t","token_type":"bearer","expires_in":{expires_in}}}"#);
        let (set, _) = tolerant(body.as_bytes());
        set.access_token.expires_at.duration_since(SystemTime::UNIX_EPOCH).expect("after the epoch")
    }

    #[test]
    fn every_lifetime_is_read_as_a_number_and_clamped() {
        let seconds = Duration::from_secs;
        // Numbers and numeric strings, integer or not.
        for (expires_in, expected) in [
            ("3599", seconds(3599)),
            ("3599.0", seconds(3599)),
            ("\"3599\"", seconds(3599)),
            ("\"3599.0\"", seconds(3599)),
            ("\" 3599 \"", seconds(3599)),
            ("3599.5", Duration::from_millis(3_599_500)),
            ("3.599e3", seconds(3599)),
        ] {
            assert_eq!(lifetime(expires_in), expected, "{expires_in}");
        }
        // Too long: a day at most. Too short, nonsensical or unreadable: the floor, so that
        // concurrent callers share the token instead of each fetching one.
        for expires_in in ["1e300", "1e20", "18446744073709551616", "9223372036854775807", "\"1e300\""] {
            assert_eq!(lifetime(expires_in), MAX_LIFETIME, "{expires_in}");
        }
        for expires_in in ["0", "-100", "-1e300", "1", "0.5", "\"-5\"", "\"\"", "\"soon\"", "true", "{}", "[]", "null"]
        {
            assert_eq!(lifetime(expires_in), MIN_LIFETIME, "{expires_in}");
        }
        assert!(MIN_LIFETIME > crate::auth::DEFAULT_EXPIRY_MARGIN, "a floor token outlives the default margin");
    }

    #[test]
    fn empty_and_unreadable_values_are_kept_out_and_reported() {
        // An empty lifetime and an object for a scope: the token is still usable, for the floor
        // of an unknown lifetime.
        let body = br#"{"access_token":"t","token_type":"bearer","expires_in":"","scope":{"a":1}}"#;
        let (set, deviations) = tolerant(body);
        assert_eq!(set.access_token.expires_at, SystemTime::UNIX_EPOCH + MIN_LIFETIME);
        assert_eq!(set.access_token.scope(), None);
        assert_eq!(
            deviations,
            [
                "at `expires_in`: expected an integer, found an empty string (read as absent)",
                "at `scope`: expected a string, found an object (kept as sent)",
            ]
        );
        assert_eq!(
            strict_error(body),
            "the token answer does not decode: at `expires_in`: expected an integer, found a string"
        );
        let (_, deviations) = tolerant(br#"{"access_token":"t","token_type":null,"expires_in":60}"#);
        assert_eq!(deviations, ["at `token_type`: expected a value, found null (read as absent)"]);
    }
}
