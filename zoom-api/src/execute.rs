//! Sending a request: scope check, throttle, authorization, retries, and turning Zoom's answer
//! into a [`Response`] or an [`Error`].

use std::future::Future;
use std::time::{Duration, Instant};

use chrono::Utc;
use futures_util::future::Either;
use reqwest::header::HeaderMap;
use tracing::Instrument;

use crate::auth::{Authorization, Credentials};
use crate::client::{Client, ScopeCheck};
use crate::error::{ApiError, DailyLimitReached, Error, MissingScope, RateLimited};
use crate::json::Decoding;
use crate::operation::{AuthKind, Operation};
use crate::request::{Body, Request, Response};
use crate::scopes::Access;

impl Client {
    /// Sends a request built by generated code, with the client's scope check, throttle and
    /// retry policy. Answers outside 2xx become the matching [`Error`] variant.
    ///
    /// Each call runs in a `tracing` span `zoom_client.request` with the operation id, method, path
    /// template, attempt and status: never the token, the query or the body.
    pub fn execute(&self, request: Request) -> impl Future<Output = Result<Response, Error>> + Send + use<> {
        let operation = request.operation;
        let span = tracing::debug_span!(
            "zoom_client.request",
            operation = operation.id,
            method = operation.method.as_str(),
            path = operation.path,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
        );
        // Resolved here, outside the future, so the future holds the request once: a request's
        // future is moved a few times on its way to the executor, and its size is what moves.
        let prepared = match Prepared::new(&self.inner.base_url, request) {
            Ok(prepared) => prepared,
            Err(error) => return Either::Left(std::future::ready(Err(error))),
        };
        let held = span.clone();
        let client = self.clone();
        Either::Right(async move { client.send_with_retries(&prepared, &held).await }.instrument(span))
    }

    /// The scope check: after authorising, so that it sees the scopes of a token just fetched.
    fn check_scopes(&self, operation: &'static Operation) -> Result<(), Error> {
        let granted;
        let scopes = match &self.inner.scope_check {
            ScopeCheck::Off => return Ok(()),
            ScopeCheck::Fixed(scopes) => scopes,
            ScopeCheck::Granted => match self.inner.credentials.as_ref().and_then(Credentials::granted_scopes) {
                Some(scopes) => {
                    granted = scopes;
                    &granted
                }
                None => return Ok(()),
            },
        };
        if operation.auth == AuthKind::OAuth
            && let Access::Missing { classic, granular } = scopes.allows(operation)
        {
            return Err(Error::MissingScope(Box::new(MissingScope { operation, classic, granular, rejected: None })));
        }
        Ok(())
    }

    async fn send_with_retries(&self, prepared: &Prepared, span: &tracing::Span) -> Result<Response, Error> {
        let operation = prepared.request.operation;
        let started = Instant::now();
        let mut attempt = 0;
        let mut token_refreshed = false;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let authorization = match &self.inner.credentials {
                Some(credentials) => Some(credentials.authorize().await.map_err(|e| Error::Auth(Box::new(e)))?),
                None => None,
            };
            if attempt == 1 {
                self.check_scopes(operation)?;
            }
            if let Some(throttle) = &self.inner.throttle
                && let Err(refusal) = throttle.acquire(operation.rate_limit).await
            {
                if let Some(wait) = daily_limit_wait(&self.inner.retry, refusal.resets_at, crate::rate_limit::now()) {
                    tracing::debug!(wait_s = wait.as_secs(), "daily limit used up; waiting for it to reset");
                    Box::pin(tokio::time::sleep(wait)).await;
                    attempt -= 1;
                    continue;
                }
                let reached = DailyLimitReached { operation, limit: refusal.limit, resets_at: refusal.resets_at };
                return Err(Error::DailyLimitReached(Box::new(reached)));
            }
            let outcome = self.send_once(prepared, authorization.as_ref()).await;
            match outcome.as_ref().map_or_else(Error::status, |r| Some(r.status)) {
                Some(status) => {
                    span.record("status", status);
                    tracing::debug!(status, "answered");
                }
                None => tracing::debug!("no answer"),
            }
            let Err(error) = &outcome else { return outcome };
            // Zoom counts per account: every call of the label waits, here and in the processes
            // sharing the throttle, not only this one's retry.
            if let (Error::RateLimited(limited), Some(throttle)) = (error, &self.inner.throttle) {
                let now = crate::rate_limit::now();
                if limited.info.is_daily(now) {
                    let resets_at = limited.info.retry_at().unwrap_or_else(|| crate::throttle::next_utc_midnight(now));
                    throttle.daily_limited(operation.rate_limit, resets_at).await;
                } else {
                    throttle.rate_limited(operation.rate_limit, limited.info.per_second_wait(now)).await;
                }
            }
            // A rejected OAuth token is refreshed and the call sent once more, whatever its
            // method: Zoom did not act on it. The retry does not count as an attempt.
            if let (Error::InvalidToken(_), Some(credentials), Some(used)) =
                (error, &self.inner.credentials, &authorization)
                && !token_refreshed
                && credentials.invalidate(used)
            {
                token_refreshed = true;
                attempt -= 1;
                tracing::debug!("token rejected; refreshing it and retrying");
                continue;
            }
            let Some(wait) = self.retry_wait(error, operation, attempt, started) else { return outcome };
            tracing::debug!(wait_ms = wait.as_millis() as u64, error = %error, "retrying");
            // Boxed: a timer is large, and this keeps it out of every request's future.
            Box::pin(tokio::time::sleep(wait)).await;
        }
    }

    /// How long to wait before sending again after `error`, or `None` to return it.
    fn retry_wait(&self, error: &Error, operation: &Operation, attempt: u32, started: Instant) -> Option<Duration> {
        let policy = &self.inner.retry;
        if attempt >= policy.max_attempts {
            return None;
        }
        let wait = match error {
            // Zoom did not process a rate-limited request, so any method may be sent again.
            Error::RateLimited(limited) => return rate_limit_wait(limited, policy, crate::rate_limit::now(), started),
            // Nothing reached Zoom, so any method may be sent again.
            Error::Transport { source, .. } if source.is_connect() => policy.backoff_before(attempt),
            Error::Transport { .. } if operation.method.is_idempotent() => policy.backoff_before(attempt),
            Error::Api(api) if api.status >= 500 && operation.method.is_idempotent() => policy.backoff_before(attempt),
            _ => return None,
        };
        within_budget(started, wait, policy.max_elapsed).then_some(wait)
    }

    async fn send_once(&self, prepared: &Prepared, authorization: Option<&Authorization>) -> Result<Response, Error> {
        let operation = prepared.request.operation;
        #[cfg(feature = "mock")]
        if let Some(mock) = &self.inner.mock {
            let answer = mock.answer(&prepared.request).map_err(Error::Config)?;
            return answer_to_result(operation, answer.status, answer.headers, answer.body, self.inner.decoding, None);
        }
        let (status, headers, body) = self.send_http(prepared, authorization).await?;
        let token = authorization.and_then(Authorization::token);
        answer_to_result(operation, status, headers, body, self.inner.decoding, token)
    }

    async fn send_http(
        &self,
        prepared: &Prepared,
        authorization: Option<&Authorization>,
    ) -> Result<(u16, HeaderMap, Vec<u8>), Error> {
        let inner = &self.inner;
        let operation = prepared.request.operation;
        let transport = |source| Error::Transport { operation, source };
        let mut builder = inner.http.request(prepared.method.clone(), prepared.url.clone()).timeout(inner.timeout);
        if let Some(authorization) = authorization {
            let value = authorization
                .header()
                .ok_or_else(|| Error::Config(format!("{operation}: the access token is not a valid header value")))?;
            builder = builder.header(reqwest::header::AUTHORIZATION, value.clone());
        }
        for (name, value) in &prepared.request.headers {
            builder = builder.header(*name, value);
        }
        builder = match (&prepared.request.body, &prepared.json) {
            (Body::Multipart(form), _) => builder.multipart(form.clone().into_form().map_err(transport)?),
            (_, Some(json)) => builder.header(reqwest::header::CONTENT_TYPE, "application/json").body(json.clone()),
            _ => builder,
        };
        let mut response = builder.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        let headers = std::mem::take(response.headers_mut());
        let body = read_body(&mut response, operation, inner.max_response_bytes).await?;
        Ok((status, headers, body))
    }
}

/// A 2xx answer as a [`Response`]; any other as the matching [`Error`], without `token` (the
/// one the request carried) in it.
fn answer_to_result(
    operation: &'static Operation,
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
    decoding: Decoding,
    token: Option<&str>,
) -> Result<Response, Error> {
    if (200..300).contains(&status) {
        return Ok(Response { operation, status, headers, body, decoding });
    }
    Err(Error::from_answer(operation, ApiError::from_body(operation, status, headers, &body, token)))
}

/// The wait for a rate limit, if the policy waits for it.
fn rate_limit_wait(
    limited: &RateLimited,
    policy: &crate::RetryPolicy,
    now: chrono::DateTime<Utc>,
    started: Instant,
) -> Option<Duration> {
    if limited.info.is_daily(now) {
        return daily_limit_wait(policy, limited.info.retry_at()?, now);
    }
    let wait = limited.info.per_second_wait(now);
    (wait <= policy.max_rate_limit_wait && within_budget(started, wait, policy.max_elapsed)).then_some(wait)
}

/// The wait for a daily limit that resets at `resets_at`, if the policy waits for it: hours
/// away, so only on request, and then bounded by its own maximum rather than by the
/// elapsed-time budget.
fn daily_limit_wait(
    policy: &crate::RetryPolicy,
    resets_at: chrono::DateTime<Utc>,
    now: chrono::DateTime<Utc>,
) -> Option<Duration> {
    if !policy.wait_for_daily_limit {
        return None;
    }
    let wait = crate::rate_limit::until(resets_at, now);
    if wait > policy.max_daily_limit_wait {
        tracing::warn!(
            wait_s = wait.as_secs(),
            max_wait_s = policy.max_daily_limit_wait.as_secs(),
            "the daily limit resets later than the retry policy waits for; returning it"
        );
        return None;
    }
    Some(wait)
}

/// Whether a retry after `wait` still starts within `budget` of the first attempt.
fn within_budget(started: Instant, wait: Duration, budget: Duration) -> bool {
    started.elapsed().checked_add(wait).is_some_and(|at| at <= budget)
}

/// Reads the body, refusing more than `limit` bytes (by `content-length` up front, or while reading).
async fn read_body(
    response: &mut reqwest::Response,
    operation: &'static Operation,
    limit: usize,
) -> Result<Vec<u8>, Error> {
    let too_large = || Error::ResponseTooLarge { operation, limit };
    let expected = response.content_length().unwrap_or(0);
    if expected > limit as u64 {
        return Err(too_large());
    }
    let mut body = Vec::with_capacity(expected as usize);
    while let Some(chunk) = response.chunk().await.map_err(|source| Error::Transport { operation, source })? {
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A request resolved once for every attempt: URL, method and encoded JSON body.
struct Prepared {
    request: Request,
    method: reqwest::Method,
    url: reqwest::Url,
    json: Option<Vec<u8>>,
}

impl Prepared {
    fn new(base_url: &str, request: Request) -> Result<Prepared, Error> {
        let operation = request.operation;
        if let Some((parameter, value)) = crate::path::unsendable_segment(operation.path, &request.path) {
            return Err(Error::InvalidPathParameter { operation, parameter, value });
        }
        // The whole URL written into one string, then parsed once.
        let mut text = String::with_capacity(base_url.len() + request.path.len() + 16 * request.query.len());
        text.push_str(base_url);
        text.push_str(&request.path);
        if !request.query.is_empty() {
            text.push('?');
            let start = text.len();
            text = form_urlencoded::Serializer::for_suffix(text, start).extend_pairs(&request.query).finish();
        }
        let url = reqwest::Url::parse(&text).map_err(|e| Error::Config(format!("{operation}: invalid URL: {e}")))?;
        let method = reqwest::Method::from_bytes(operation.method.as_str().as_bytes())
            .map_err(|e| Error::Config(format!("{operation}: {e}")))?;
        let json = match &request.body {
            Body::Json(value) => Some(
                serde_json::to_vec(value)
                    .map_err(|e| Error::Config(format!("{operation}: cannot encode the body: {e}")))?,
            ),
            _ => None,
        };
        Ok(Prepared { request, method, url, json })
    }
}
