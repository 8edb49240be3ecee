//! Pagination streams (`pages()` / `items()`) and `send_with_meta`, against a loopback mock
//! server: which requests a listing sends, and when it stops.

#![cfg(all(feature = "meetings", feature = "users"))]

use futures_util::{StreamExt, TryStreamExt};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_client::paginate::Page;
use zoom_client::{Client, Error};

async fn server_and_client() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder().bearer_token("token").base_url(server.uri()).build();
    (server, client)
}

/// One query parameter of every request the server received, in order (`None` when absent).
async fn sent(server: &MockServer, name: &str) -> Vec<Option<String>> {
    let requests = server.received_requests().await.expect("recording is on");
    requests.iter().map(|r| r.url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())).collect()
}

fn strings(values: &[&str]) -> Vec<Option<String>> {
    values.iter().map(|v| Some((*v).to_owned())).collect()
}

fn meetings_page(ids: &[i64], next: &str) -> Value {
    let meetings: Vec<Value> = ids.iter().map(|id| json!({"id": id, "topic": format!("Meeting {id}")})).collect();
    json!({"page_size": 300, "total_records": 5, "next_page_token": next, "meetings": meetings})
}

/// Answers `GET /users/me/meetings` with `page` when the request's `next_page_token` is `token`
/// (`None`: the first request, which has none).
async fn meetings_answer(server: &MockServer, token: Option<&str>, page: Value) {
    let mock = Mock::given(method("GET")).and(path("/users/me/meetings"));
    let mock = match token {
        Some(token) => mock.and(query_param("next_page_token", token)),
        None => mock.and(query_param_is_missing("next_page_token")),
    };
    mock.respond_with(ResponseTemplate::new(200).set_body_json(page)).expect(1).mount(server).await;
}

fn ids(items: &[zoom_client::meetings::types::ListMeetingsResponseMeeting]) -> Vec<i64> {
    items.iter().map(|m| m.id.unwrap()).collect()
}

#[tokio::test]
async fn items_follow_next_page_token_across_pages_asking_for_the_largest_page() {
    let (server, client) = server_and_client().await;
    meetings_answer(&server, None, meetings_page(&[1, 2], "t1")).await;
    meetings_answer(&server, Some("t1"), meetings_page(&[3, 4], "t2")).await;
    meetings_answer(&server, Some("t2"), meetings_page(&[5], "")).await;

    let items: Vec<_> = client.meetings().list_meetings("me").items().try_collect().await.unwrap();

    assert_eq!(ids(&items), [1, 2, 3, 4, 5]);
    assert_eq!(sent(&server, "next_page_token").await, [None, Some("t1".into()), Some("t2".into())]);
    // Zoom's documented maximum for listMeetings, since the caller set none.
    assert_eq!(sent(&server, "page_size").await, strings(&["300", "300", "300"]));
}

#[tokio::test]
async fn pages_keep_the_filters_and_an_explicit_page_size() {
    let (server, client) = server_and_client().await;
    meetings_answer(&server, None, meetings_page(&[1], "t1")).await;
    meetings_answer(&server, Some("t1"), meetings_page(&[2], "")).await;

    let pages: Vec<_> = client
        .meetings()
        .list_meetings("me")
        .page_size(2)
        .type_(zoom_client::meetings::types::ListMeetingsType::Upcoming)
        .pages()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0].next_page_token(), Some("t1"));
    assert_eq!(ids(pages[1].items()), [2]);
    assert_eq!(sent(&server, "page_size").await, strings(&["2", "2"]));
    assert_eq!(sent(&server, "type").await, strings(&["upcoming", "upcoming"]));
}

#[tokio::test]
async fn a_listing_with_a_larger_documented_maximum_asks_for_it() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(path("/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"users": [{"id": "u1", "email": "u1@example.com", "type": 1}], "next_page_token": ""}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let users: Vec<_> = client.users().list_users().items().try_collect().await.unwrap();

    assert_eq!(users.len(), 1);
    // Zoom documents `maximum: 2000` for listUsers' page_size.
    assert_eq!(sent(&server, "page_size").await, strings(&["2000"]));
}

#[tokio::test]
async fn an_empty_page_with_a_next_token_does_not_end_the_listing_but_an_empty_last_one_does() {
    let (server, client) = server_and_client().await;
    meetings_answer(&server, None, meetings_page(&[1], "t1")).await;
    meetings_answer(&server, Some("t1"), meetings_page(&[], "t2")).await;
    meetings_answer(&server, Some("t2"), meetings_page(&[2], "t3")).await;
    // No `next_page_token` at all on the last page.
    meetings_answer(&server, Some("t3"), json!({"meetings": []})).await;

    let pages: Vec<_> = client.meetings().list_meetings("me").pages().try_collect().await.unwrap();
    let counts: Vec<usize> = pages.iter().map(|p| p.items().len()).collect();

    assert_eq!(counts, [1, 0, 1, 0]);
    assert_eq!(sent(&server, "next_page_token").await, [None, Some("t1".into()), Some("t2".into()), Some("t3".into())]);
}

#[tokio::test]
async fn a_token_zoom_already_sent_ends_the_stream_instead_of_looping() {
    let (server, client) = server_and_client().await;
    meetings_answer(&server, None, meetings_page(&[1], "t1")).await;
    meetings_answer(&server, Some("t1"), meetings_page(&[2], "t1")).await;

    let items: Vec<_> = client.meetings().list_meetings("me").items().try_collect().await.unwrap();

    assert_eq!(ids(&items), [1, 2]);
    assert_eq!(sent(&server, "next_page_token").await.len(), 2, "the repeated token is not sent again");
}

fn webinars_page(number: i64, count: i64, ids: &[i64]) -> Value {
    let webinars: Vec<Value> = ids.iter().map(|id| json!({"id": id, "topic": "Webinar"})).collect();
    json!({"page_count": count, "page_number": number, "page_size": 300, "total_records": 5, "webinars": webinars})
}

/// Answers `GET /users/me/webinars` with `page` for `page_number` (`None`: the first request).
async fn webinars_answer(server: &MockServer, number: Option<&str>, page: Value) {
    let mock = Mock::given(method("GET")).and(path("/users/me/webinars"));
    let mock = match number {
        Some(number) => mock.and(query_param("page_number", number)),
        None => mock.and(query_param_is_missing("page_number")),
    };
    mock.respond_with(ResponseTemplate::new(200).set_body_json(page)).expect(1).mount(server).await;
}

#[tokio::test]
async fn page_number_listings_count_up_to_page_count() {
    let (server, client) = server_and_client().await;
    webinars_answer(&server, None, webinars_page(1, 3, &[1, 2])).await;
    webinars_answer(&server, Some("2"), webinars_page(2, 3, &[3, 4])).await;
    webinars_answer(&server, Some("3"), webinars_page(3, 3, &[5])).await;

    // listWebinars (`GET /users/{userId}/webinars`) takes `page_number` and no page token.
    let items: Vec<_> = client.meetings().list_webinars("me").items().try_collect().await.unwrap();

    assert_eq!(items.iter().map(|w| w.id.unwrap()).collect::<Vec<_>>(), [1, 2, 3, 4, 5]);
    assert_eq!(sent(&server, "page_number").await, [None, Some("2".into()), Some("3".into())]);
    assert_eq!(sent(&server, "page_size").await, strings(&["300", "300", "300"]));
}

#[tokio::test]
async fn a_page_number_listing_ends_at_an_empty_page() {
    let (server, client) = server_and_client().await;
    webinars_answer(&server, Some("4"), webinars_page(4, 9, &[7])).await;
    webinars_answer(&server, Some("5"), webinars_page(5, 9, &[])).await;

    let pages: Vec<_> = client.meetings().list_webinars("me").page_number(4).pages().try_collect().await.unwrap();

    assert_eq!(pages.len(), 2);
    assert_eq!(sent(&server, "page_number").await, strings(&["4", "5"]));
}

#[tokio::test]
async fn an_expired_page_token_is_page_token_expired_and_ends_the_stream() {
    let (server, client) = server_and_client().await;
    meetings_answer(&server, None, meetings_page(&[1, 2], "t1")).await;
    Mock::given(method("GET"))
        .and(path("/users/me/meetings"))
        .and(query_param("next_page_token", "t1"))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("x-zm-trackingid", "track-1")
                .set_body_json(json!({"code": 300, "message": "The next page token is invalid or expired."})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let mut items = client.meetings().list_meetings("me").items();
    assert_eq!(items.next().await.unwrap().unwrap().id, Some(1));
    assert_eq!(items.next().await.unwrap().unwrap().id, Some(2));
    match items.next().await {
        Some(Err(Error::PageTokenExpired(api))) => {
            assert_eq!((api.status, api.code), (400, Some(300)));
            assert_eq!(api.tracking_id.as_deref(), Some("track-1"));
        }
        other => panic!("expected PageTokenExpired, got {other:?}"),
    }
    assert!(items.next().await.is_none(), "the stream ends after an error");
}

#[tokio::test]
async fn a_code_300_answer_to_a_request_without_a_page_token_stays_what_it_is() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(path("/users/me/meetings"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"code": 300, "message": "Invalid field: from."})))
        .mount(&server)
        .await;

    let mut pages = client.meetings().list_meetings("me").pages();
    let error = pages.next().await.unwrap().unwrap_err();
    assert!(!matches!(error, Error::PageTokenExpired(_)), "{error:?}");
    assert_eq!(error.api().and_then(|api| api.code), Some(300));
    assert!(pages.next().await.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streams_can_be_spawned() {
    let (server, client) = server_and_client().await;
    meetings_answer(&server, None, meetings_page(&[1], "t1")).await;
    meetings_answer(&server, Some("t1"), meetings_page(&[2], "")).await;

    let task = tokio::spawn(async move {
        client.meetings().list_meetings("me").items().try_collect::<Vec<_>>().await.map(|items| items.len())
    });

    assert_eq!(task.await.unwrap().unwrap(), 2);
}

#[tokio::test]
async fn send_with_meta_keeps_status_tracking_id_and_headers() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(path("/users/me/meetings"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-zm-trackingid", "track-2")
                .insert_header("x-ratelimit-remaining", "41")
                .set_body_json(meetings_page(&[1], "")),
        )
        .mount(&server)
        .await;

    let answer = client.meetings().list_meetings("me").send_with_meta().await.unwrap();

    assert_eq!(answer.status, 200);
    assert_eq!(answer.tracking_id(), Some("track-2"));
    assert_eq!(answer.headers.get("x-ratelimit-remaining").unwrap(), "41");
    assert_eq!(ids(answer.value.items()), [1]);
}
