//! Paginated listings as streams of pages or of items, each page fetched when the stream is
//! polled.
//!
//! A listing's builder has `pages()` and `items()` when its answer is a page of items (see
//! [`Page`]); the other builder methods set the filters as usual.
//!
//! ```no_run
//! # #[cfg(feature = "meetings")]
//! # async fn run(client: &zoom_client::Client) -> Result<(), zoom_client::Error> {
//! use futures_util::TryStreamExt;
//!
//! let mut meetings = client.meetings().list_meetings("me").items();
//! while let Some(meeting) = meetings.try_next().await? {
//!     println!("{:?} {:?}", meeting.id, meeting.topic);
//! }
//! # Ok(()) }
//! ```
//!
//! - **Token style** (most listings): each answer's `next_page_token` is sent back as the
//!   `next_page_token` query parameter. The stream ends when Zoom sends no token, an empty one,
//!   or one it sent before (instead of looping). A page token Zoom no longer accepts (they last
//!   about 15 minutes) ends the stream with [`Error::PageTokenExpired`].
//! - **Number style** (a few older listings): `page_number` counts up from the first page (or
//!   the one set on the builder) until the answer's `page_count`, or an empty page. A server
//!   that does not count along ends the stream cleanly, with a `warn` log, like a repeated page
//!   token: an answer for a page it answered before (stuck at page 1 of 5), or a listing that
//!   would go past the `page_count` of its first answer (a count that grows with every page).
//!   So a listing never sends more requests than its first answer has pages.
//!
//! Unless the builder sets `page_size`, the stream asks for the largest page Zoom documents for
//! the operation (300 when it documents none), so a listing takes as few calls as it can. Every
//! request goes through [`Client::execute`](crate::Client::execute) like `send()`, with its
//! scope check, retries and throttle. After an error the stream ends.

use std::collections::HashSet;

pub use futures_core::Stream;
use futures_util::{TryStreamExt, stream};

use crate::call::{Call, FromResponse};
use crate::client::Client;
use crate::error::{ApiError, Error};
use crate::request::{Request, Response};

/// A page of a listing: the answer of a paginated operation. Generated response types implement
/// it; accessors for fields a listing does not have return `None`.
pub trait Page {
    /// One record of the listing.
    type Item;

    /// The token of the next page (`next_page_token`); `None` or empty on the last page.
    fn next_page_token(&self) -> Option<&str> {
        None
    }

    /// The number of this page (`page_number`), counted from 1.
    fn page_number(&self) -> Option<i64> {
        None
    }

    /// How many pages the listing has (`page_count`).
    fn page_count(&self) -> Option<i64> {
        None
    }

    /// The records of this page.
    fn items(&self) -> &[Self::Item];

    /// The records of this page, by value.
    fn into_items(self) -> Vec<Self::Item>;
}

/// How a listing names its next page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// Each answer's `next_page_token` goes back as the `next_page_token` query parameter.
    Token,
    /// The `page_number` query parameter counts up to the answer's `page_count`.
    Number,
}

const NEXT_PAGE_TOKEN: &str = "next_page_token";
const PAGE_NUMBER: &str = "page_number";
pub(crate) const PAGE_SIZE: &str = "page_size";

/// Zoom's codes for a rejected page token, from its documents' error tables ("The next page
/// token is invalid or expired"): 300 in most, 400 in about as many, and product-specific ones.
const PAGE_TOKEN_CODES: &[i64] = &[300, 301, 400, 30101, 1_003_100, 30_051_005];

/// Every page of a call's listing (what a builder's `pages()` does). `page_size` is sent when the
/// request has none; `None` for an operation without the parameter.
pub fn pages<C>(
    call: C,
    style: Style,
    page_size: Option<u32>,
) -> impl Stream<Item = Result<C::Output, Error>> + Send + Unpin + 'static
where
    C: Call,
    C::Output: Page + Send,
{
    let (client, request) = call.into_request();
    pages_of(client, request, style, page_size)
}

/// Every item of every page of a call's listing (what a builder's `items()` does).
pub fn items<C>(
    call: C,
    style: Style,
    page_size: Option<u32>,
) -> impl Stream<Item = Result<<C::Output as Page>::Item, Error>> + Send + Unpin + 'static
where
    C: Call,
    C::Output: Page + Send,
    <C::Output as Page>::Item: Send + 'static,
{
    pages(call, style, page_size).map_ok(|page| stream::iter(page.into_items().into_iter().map(Ok))).try_flatten()
}

/// Every page of a listing, from its first request.
pub fn pages_of<P>(
    client: Client,
    request: Request,
    style: Style,
    page_size: Option<u32>,
) -> impl Stream<Item = Result<P, Error>> + Send + Unpin + 'static
where
    P: Page + FromResponse + Send + 'static,
{
    let cursor = Cursor::new(client, request, style, page_size);
    // Boxed once per listing, so callers can poll it without pinning it themselves.
    Box::pin(stream::try_unfold(Some(cursor), |cursor| async move {
        let Some(mut cursor) = cursor else { return Ok(None) };
        let page = P::from_response(cursor.fetch().await?)?.into_inner();
        let position = Position {
            token: page.next_page_token(),
            number: page.page_number(),
            count: page.page_count(),
            empty: page.items().is_empty(),
        };
        let more = cursor.advance(position);
        Ok(Some((page, more.then_some(cursor))))
    }))
}

/// Where a page says the listing is.
struct Position<'p> {
    token: Option<&'p str>,
    number: Option<i64>,
    count: Option<i64>,
    empty: bool,
}

/// The next request of a listing.
struct Cursor {
    client: Client,
    request: Request,
    style: Style,
    /// Every page token sent so far.
    sent: HashSet<String>,
    /// The page number of `request` (number style).
    number: i64,
    /// Every page number answered so far (number style).
    answered: HashSet<i64>,
    /// The `page_count` of the first answer: no page past it is asked for (number style).
    last_page: Option<i64>,
}

impl Cursor {
    fn new(client: Client, mut request: Request, style: Style, page_size: Option<u32>) -> Self {
        if let Some(size) = page_size
            && !request.query.iter().any(|(name, _)| *name == PAGE_SIZE)
        {
            request.query.push((PAGE_SIZE, size.to_string()));
            request.page_size_added = true;
        }
        let sent = request.query.iter().filter(|(name, _)| *name == NEXT_PAGE_TOKEN).map(|(_, v)| v.clone()).collect();
        let number =
            request.query.iter().find(|(name, _)| *name == PAGE_NUMBER).and_then(|(_, v)| v.parse().ok()).unwrap_or(1);
        Cursor { client, request, style, sent, number, answered: HashSet::new(), last_page: None }
    }

    async fn fetch(&self) -> Result<Response, Error> {
        let token_sent = self.request.query.iter().any(|(name, value)| *name == NEXT_PAGE_TOKEN && !value.is_empty());
        match self.client.execute(self.request.clone()).await {
            Err(error) if token_sent => Err(expired(error)),
            other => other,
        }
    }

    /// Points the request at the page after `page`; `false` when there is none.
    fn advance(&mut self, page: Position) -> bool {
        match self.style {
            Style::Token => match page.token.filter(|t| !t.is_empty()) {
                Some(token) if self.sent.insert(token.to_owned()) => {
                    self.set(NEXT_PAGE_TOKEN, token.to_owned());
                    true
                }
                // One sent before: a server repeating itself would loop forever.
                Some(_) => {
                    tracing::warn!(operation = self.operation(), "the answer repeats a page token; ending the listing");
                    false
                }
                None => false,
            },
            Style::Number => {
                let current = page.number.unwrap_or(self.number);
                let repeated = !self.answered.insert(current);
                if page.empty || page.count.is_none_or(|count| current >= count) {
                    return false;
                }
                // A server stuck at one page, or going back to one it answered, would loop forever.
                if repeated {
                    tracing::warn!(
                        operation = self.operation(),
                        page = current,
                        "the answer repeats a page; ending the listing"
                    );
                    return false;
                }
                // A `page_count` that grows with every page would, too: the first one bounds it.
                let last_page = *self.last_page.get_or_insert(page.count.unwrap_or(current));
                if current >= last_page || self.answered.len() as i64 >= last_page {
                    tracing::warn!(
                        operation = self.operation(),
                        page = current,
                        page_count = page.count,
                        first_page_count = last_page,
                        "the listing goes past the page count of its first answer; ending it"
                    );
                    return false;
                }
                self.number = current + 1;
                self.set(PAGE_NUMBER, self.number.to_string());
                true
            }
        }
    }

    fn operation(&self) -> &'static str {
        self.request.operation.id
    }

    fn set(&mut self, name: &'static str, value: String) {
        self.request.query.retain(|(n, _)| *n != name);
        self.request.query.push((name, value));
    }
}

/// An error answer to a request that carried a page token becomes
/// [`Error::PageTokenExpired`] when Zoom says the token is what it rejects.
fn expired(error: Error) -> Error {
    match error.api() {
        Some(api) if rejects_page_token(api) => Error::PageTokenExpired(Box::new(api.clone())),
        _ => error,
    }
}

/// Whether an error answer rejects the request's page token: one of Zoom's codes for it, with a
/// message that names the token ("The next page token is invalid or expired", "Invalid
/// next_page_token or page_size").
pub fn rejects_page_token(api: &ApiError) -> bool {
    let message = api.message.as_deref().unwrap_or_default().to_ascii_lowercase();
    api.code.is_some_and(|code| PAGE_TOKEN_CODES.contains(&code))
        && (message.contains("page token") || message.contains("page_token"))
}

#[cfg(test)]
mod tests {
    use super::*;

    static OPERATION: crate::Operation = crate::Operation {
        id: "listThings",
        rust_name: "list_things",
        product: "things",
        master: false,
        method: crate::Method::Get,
        path: "/things",
        auth: crate::AuthKind::OAuth,
        rate_limit: None,
        classic_scopes: &[],
        granular_scopes: &[],
        permissions: &[],
    };

    fn request(query: &[(&'static str, &str)]) -> Request {
        let mut request = Request::new(&OPERATION, "/things".to_owned());
        request.query = query.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
        request
    }

    fn page(token: Option<&str>, number: Option<i64>, count: Option<i64>, empty: bool) -> Position<'_> {
        Position { token, number, count, empty }
    }

    fn value<'r>(request: &'r Request, name: &str) -> Vec<&'r str> {
        request.query.iter().filter(|(n, _)| *n == name).map(|(_, v)| v.as_str()).collect()
    }

    #[test]
    fn page_size_defaults_only_when_the_caller_set_none() {
        let client = Client::builder().bearer_token("t").build();
        let cursor = Cursor::new(client.clone(), request(&[]), Style::Token, Some(300));
        assert_eq!(value(&cursor.request, PAGE_SIZE), ["300"]);
        let cursor = Cursor::new(client.clone(), request(&[(PAGE_SIZE, "20")]), Style::Token, Some(300));
        assert_eq!(value(&cursor.request, PAGE_SIZE), ["20"]);
        let cursor = Cursor::new(client.clone(), request(&[]), Style::Token, None);
        assert!(value(&cursor.request, PAGE_SIZE).is_empty());
    }

    #[test]
    fn token_style_stops_at_no_empty_or_repeated_tokens() {
        let client = Client::builder().bearer_token("t").build();
        let mut cursor = Cursor::new(client.clone(), request(&[(NEXT_PAGE_TOKEN, "a")]), Style::Token, None);
        assert!(cursor.advance(page(Some("b"), None, None, true)), "an empty page with a token goes on");
        assert_eq!(value(&cursor.request, NEXT_PAGE_TOKEN), ["b"]);
        assert!(!cursor.advance(page(Some("a"), None, None, false)), "the caller's token was sent too");
        assert!(!cursor.advance(page(Some(""), None, None, false)));
        assert!(!cursor.advance(page(None, None, None, false)));
    }

    #[test]
    fn number_style_counts_from_the_answer_or_from_what_it_sent() {
        let client = Client::builder().bearer_token("t").build();
        // Commerce listings answer `page_count` without `page_number`.
        let mut cursor = Cursor::new(client.clone(), request(&[]), Style::Number, None);
        assert!(cursor.advance(page(None, None, Some(3), false)));
        assert_eq!(value(&cursor.request, PAGE_NUMBER), ["2"]);
        assert!(cursor.advance(page(None, None, Some(3), false)));
        assert_eq!(value(&cursor.request, PAGE_NUMBER), ["3"]);
        assert!(!cursor.advance(page(None, None, Some(3), false)));
        // The answer's number wins; an empty page or no page_count ends the listing.
        let mut cursor = Cursor::new(client.clone(), request(&[(PAGE_NUMBER, "5")]), Style::Number, None);
        assert!(cursor.advance(page(None, Some(7), Some(9), false)));
        assert_eq!(value(&cursor.request, PAGE_NUMBER), ["8"]);
        assert!(!cursor.advance(page(None, Some(8), Some(9), true)));
        assert!(!cursor.advance(page(None, Some(8), None, false)));
    }

    #[test]
    fn number_style_stops_at_a_repeated_page_and_within_the_first_page_count() {
        let client = Client::builder().bearer_token("t").build();
        // Stuck at page 1 of 5: the second answer repeats the first page.
        let mut cursor = Cursor::new(client.clone(), request(&[]), Style::Number, None);
        assert!(cursor.advance(page(None, Some(1), Some(5), false)));
        assert_eq!(value(&cursor.request, PAGE_NUMBER), ["2"]);
        assert!(!cursor.advance(page(None, Some(1), Some(5), false)), "page 1 again");
        // Counting down to a page answered before.
        let mut cursor = Cursor::new(client.clone(), request(&[(PAGE_NUMBER, "3")]), Style::Number, None);
        assert!(cursor.advance(page(None, Some(3), Some(9), false)));
        assert!(cursor.advance(page(None, Some(2), Some(9), false)));
        assert!(!cursor.advance(page(None, Some(3), Some(9), false)));
        // A page count that grows with every page: no more requests than the first one said,
        // counted from the first page asked for.
        let mut cursor = Cursor::new(client.clone(), request(&[(PAGE_NUMBER, "2")]), Style::Number, None);
        let mut requests = 1;
        while cursor.advance(page(None, Some(cursor.number), Some(cursor.number + 3), false)) {
            requests += 1;
            assert!(requests < 100, "no end");
        }
        assert_eq!(requests, 4, "pages 2 to 5 of the first answer's 5");
    }

    #[test]
    fn page_token_rejections_are_recognised_by_code_and_message() {
        let api = |code: i64, message: &str| ApiError {
            operation: &OPERATION,
            status: 400,
            code: Some(code),
            message: Some(message.to_owned()),
            body: String::new(),
            tracking_id: None,
            headers: Default::default(),
        };
        assert!(rejects_page_token(&api(300, "The next page token is invalid or expired.")));
        assert!(rejects_page_token(&api(400, "The next page token is either invalid or has expired")));
        assert!(rejects_page_token(&api(30101, "Invalid next_page_token or page_size.")));
        assert!(!rejects_page_token(&api(300, "Invalid parameter: from.")));
        assert!(!rejects_page_token(&api(124, "Invalid access token.")));
    }
}
