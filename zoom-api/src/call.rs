//! What every request builder is: the request it describes, and what Zoom's answer becomes.
//!
//! Generated builders implement [`Call`]; their `send`, `send_with_meta`, `pages` and `items`
//! methods are one-line wrappers around the generic functions here and in
//! [`paginate`](crate::paginate), so the code that sends and decodes is written once.

use std::future::Future;

use futures_util::FutureExt;

use crate::error::Error;
use crate::json::FromJson;
use crate::request::{Answer, Request, Response};

/// A request builder: what it sends and what Zoom answers.
///
/// ```no_run
/// # #[cfg(feature = "meetings")]
/// # fn run(client: &zoom_client::Client) {
/// use zoom_client::Call;
///
/// let (_client, request) = client.meetings().list_meetings("me").page_size(300).into_request();
/// assert_eq!(request.operation.id, "listMeetings");
/// # }
/// ```
///
/// A builder owns a clone of its client (a shared handle), so its future and streams borrow
/// nothing: they are `'static + Send` and can go to `tokio::spawn` as they are.
pub trait Call: Sized + Send + 'static {
    /// The decoded success body: the documented type, `()` for an answer without content, and
    /// `Vec<u8>` for a download.
    type Output: FromResponse;

    /// The request this builder describes, and the client it sends it with.
    fn into_request(self) -> (crate::Client, Request);
}

/// How a success answer becomes a call's output: JSON is decoded as the documented type
/// ([`FromJson`]), a download is its bytes, and an answer without content is `()`.
pub trait FromResponse: Sized {
    /// The output, with the answer's status, tracking id and headers.
    fn from_response(response: Response) -> Result<Answer<Self>, Error>;
}

impl<T: FromJson> FromResponse for T {
    fn from_response(response: Response) -> Result<Answer<Self>, Error> {
        response.decode_with_meta()
    }
}

/// A download: the body as Zoom sent it.
impl FromResponse for Vec<u8> {
    fn from_response(response: Response) -> Result<Answer<Self>, Error> {
        let Response { status, headers, body, .. } = response;
        Ok(Answer { value: body, status, headers, deviations: Vec::new() })
    }
}

/// An answer without content (204); whatever body it has is ignored.
impl FromResponse for () {
    fn from_response(response: Response) -> Result<Answer<Self>, Error> {
        let Response { status, headers, .. } = response;
        Ok(Answer { value: (), status, headers, deviations: Vec::new() })
    }
}

/// Sends a call's request and decodes the answer (what every builder's `send` does).
#[doc(hidden)]
pub fn send<C: Call>(call: C) -> impl Future<Output = Result<C::Output, Error>> + Send + 'static {
    let (client, request) = call.into_request();
    // A combinator rather than an async block, which would hold the request's future twice.
    client.execute(request).map(|answer| C::Output::from_response(answer?).map(Answer::into_inner))
}

/// Sends a call's request and decodes the answer, keeping its status, tracking id and headers
/// (what every builder's `send_with_meta` does).
#[doc(hidden)]
pub fn send_with_meta<C: Call>(call: C) -> impl Future<Output = Result<Answer<C::Output>, Error>> + Send + 'static {
    let (client, request) = call.into_request();
    client.execute(request).map(|answer| C::Output::from_response(answer?))
}
