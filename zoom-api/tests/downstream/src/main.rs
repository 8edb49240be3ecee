//! Uses zoom-client as an application outside the workspace does: calls and streams spawned on
//! their own tasks, a `DateTime`, the webhook route and the mock, all reached through zoom-client's
//! own paths and re-exports (its only other dependency is the runtime).

use zoom_client::axum::Router;
use zoom_client::chrono::{TimeZone, Utc};
use zoom_client::meetings::types::{CreateMeetingRequest, ListMeetingsResponse, ListMeetingsResponseMeeting};
use zoom_client::mock::MockZoom;
use zoom_client::paginate::Stream;
use zoom_client::webhook::{RawEvent, Receiver};

#[tokio::main]
async fn main() {
    let zoom = MockZoom::new();
    let client = zoom.client();
    let mut page = ListMeetingsResponse::default();
    let mut meeting = ListMeetingsResponseMeeting::default();
    meeting.id = Some(7);
    page.meetings = Some(vec![meeting]);
    zoom.expect(client.meetings().list_meetings("me")).returns(page.clone()).times(2);

    // Futures and streams are 'static + Send: they go to other worker threads as they are.
    let call = tokio::spawn(client.meetings().list_meetings("me").send());
    let items = client.meetings().list_meetings("me").items();
    let stream = tokio::spawn(async move {
        let mut items = std::pin::pin!(items);
        let mut ids = Vec::new();
        while let Some(item) = std::future::poll_fn(|cx| items.as_mut().poll_next(cx)).await {
            ids.push(item.expect("an item").id);
        }
        ids
    });
    assert_eq!(call.await.expect("the call's task").expect("the answer"), page);
    assert_eq!(stream.await.expect("the stream's task"), [Some(7)]);

    let start: zoom_client::DateTime = Utc.with_ymd_and_hms(2027, 1, 4, 9, 0, 0).unwrap().fixed_offset();
    let body = CreateMeetingRequest { start_time: Some(start), ..Default::default() };
    assert_eq!(body.start_time.map(|t| t.to_rfc3339()).as_deref(), Some("2027-01-04T09:00:00+00:00"));

    let receiver = Receiver::new("secret-token").expect("a receiver");
    let _app: Router =
        Router::new().route("/zoom/events", zoom_client::webhook::axum::route(receiver, |_: RawEvent| async {}));
    zoom.verify();
    println!("downstream: ok");
}
