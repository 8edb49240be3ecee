//! `zoom_client::mock`: an application's tests set typed expectations with the builders they call.
#![cfg(all(feature = "mock", feature = "meetings"))]

use std::panic::{AssertUnwindSafe, catch_unwind};

use futures_util::TryStreamExt;
use zoom_client::Error;
use zoom_client::meetings::requests::{CreateMeeting, ListMeetings};
use zoom_client::meetings::types::{ListMeetingsResponse, ListMeetingsResponseMeeting};
use zoom_client::mock::MockZoom;

fn meeting(id: i64) -> ListMeetingsResponseMeeting {
    let mut meeting = ListMeetingsResponseMeeting::default();
    meeting.id = Some(id);
    meeting
}

fn verify_fails(zoom: &MockZoom) -> String {
    let outcome = catch_unwind(AssertUnwindSafe(|| zoom.verify()));
    let payload = outcome.expect_err("verify should fail");
    payload.downcast_ref::<String>().cloned().unwrap_or_default()
}

#[tokio::test]
async fn an_expected_call_gets_its_typed_answer() {
    let zoom = MockZoom::new();
    let client = zoom.client();
    let mut page = ListMeetingsResponse::default();
    page.total_records = Some(1);
    page.meetings = Some(vec![meeting(7)]);
    zoom.expect(client.meetings().list_meetings("me").page_size(30)).returns(page.clone());

    let answer = client.meetings().list_meetings("me").page_size(30).send().await.unwrap();
    assert_eq!(answer, page);
    zoom.verify();
}

#[tokio::test]
async fn arguments_must_match_and_surprises_are_reported() {
    let zoom = MockZoom::new();
    let client = zoom.client();
    zoom.expect(client.meetings().list_meetings("me").page_size(30)).returns(ListMeetingsResponse::default());

    // Another page size is another request.
    let err = client.meetings().list_meetings("me").page_size(10).send().await.unwrap_err();
    let Error::Config(message) = &err else { panic!("expected the mock's refusal, got {err:?}") };
    let request = "meetings::list_meetings (Zoom's meetings): GET /users/me/meetings?page_size=10";
    assert!(message.contains(request), "{message}");

    let report = verify_fails(&zoom);
    assert!(report.contains(&format!("unexpected request {request}")), "{report}");
    assert!(report.contains("expected 1 call(s), got 0"), "{report}");
}

#[tokio::test]
async fn failures_go_through_the_clients_error_mapping() {
    let zoom = MockZoom::new();
    let client = zoom.client();
    let message = "Invalid access token, does not contain scopes:[meeting:write:meeting, meeting:write].";
    zoom.expect_operation(CreateMeeting::OPERATION).fails(400, 4711, message).header("x-zm-trackingid", "rid-1");
    zoom.expect_operation(ListMeetings::OPERATION)
        .fails(429, 429, "daily limit")
        .header("x-ratelimit-type", "Daily-limit")
        .header("retry-after", "2099-01-01T00:00:00Z");

    let err = client.meetings().create_meeting("me").send().await.unwrap_err();
    let Error::MissingScope(missing) = &err else { panic!("expected a missing-scope error, got {err:?}") };
    assert_eq!(missing.named_by_zoom(), ["meeting:write:meeting", "meeting:write"]);
    assert_eq!(err.tracking_id(), Some("rid-1"));

    let err = client.meetings().list_meetings("me").send().await.unwrap_err();
    assert!(matches!(&err, Error::RateLimited(limited) if limited.info.retry_at().is_some()), "{err:?}");
    zoom.verify();
}

#[tokio::test]
async fn pagination_runs_against_the_mock() {
    let zoom = MockZoom::new();
    let client = zoom.client();
    let page = |ids: &[i64], next: &str| {
        let mut page = ListMeetingsResponse::default();
        page.meetings = Some(ids.iter().copied().map(meeting).collect());
        page.next_page_token = Some(next.to_owned());
        page
    };
    // `items()` asks for the maximum page size unless told otherwise; the expectations need not
    // say so, and one that does matches too.
    zoom.expect(client.meetings().list_meetings("me")).returns(page(&[1, 2], "t2"));
    zoom.expect(client.meetings().list_meetings("me").page_size(300).next_page_token("t2")).returns(page(&[3], ""));

    let items: Vec<_> = client.meetings().list_meetings("me").items().try_collect().await.unwrap();
    let ids: Vec<_> = items.iter().map(|m| m.id).collect();
    assert_eq!(ids, [Some(1), Some(2), Some(3)]);
    zoom.verify();
}

#[tokio::test]
async fn calls_and_streams_run_on_their_own_tasks() {
    let zoom = MockZoom::new();
    let client = zoom.client();
    let mut page = ListMeetingsResponse::default();
    page.meetings = Some(vec![meeting(1), meeting(2)]);
    zoom.expect(client.meetings().list_meetings("me").page_size(30)).returns(page.clone());
    zoom.expect(client.meetings().list_meetings("me")).returns(page.clone());

    // The futures and streams own what they use: they outlive the handle, and the client too.
    let meetings = client.meetings();
    let call = tokio::spawn(meetings.list_meetings("me").page_size(30).send());
    let stream = tokio::spawn(meetings.list_meetings("me").items().try_collect::<Vec<_>>());
    drop((meetings, client));
    assert_eq!(call.await.unwrap().unwrap(), page);
    let ids: Vec<_> = stream.await.unwrap().unwrap().iter().map(|m| m.id).collect();
    assert_eq!(ids, [Some(1), Some(2)]);
    zoom.verify();
}

#[tokio::test]
async fn counts_are_checked() {
    let zoom = MockZoom::new();
    let client = zoom.client();
    zoom.expect_operation(ListMeetings::OPERATION).returns_json(ListMeetingsResponse::default()).times(2);
    client.meetings().list_meetings("me").send().await.unwrap();
    assert!(verify_fails(&zoom).contains("expected 2 call(s), got 1"));
    client.meetings().list_meetings("you").send().await.unwrap();
    zoom.verify();
    // A third call finds no expectation left.
    assert!(matches!(client.meetings().list_meetings("me").send().await, Err(Error::Config(_))));
}
