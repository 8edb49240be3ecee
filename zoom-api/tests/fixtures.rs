//! The generated code of `spec/fixtures/*.json` (committed under `tests/fixtures/generated/`,
//! kept current by `cargo xtask regen`), compiled against this crate's runtime and called against
//! a loopback mock server: what goes on the wire and what comes back.

#[path = "fixtures/generated/mod.rs"]
#[rustfmt::skip]
#[allow(dead_code)]
mod generated;

use generated::{bodies, compositions, models, params, quirks, twin, updates};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};
use zoom_client::json::{FromJson, ToJson};
use zoom_client::{Client, Error, FilePart};

/// A mock server and a strict client for it: the fixtures' answers are as documented, so the
/// tolerance of the default client cannot hide a defect of the generated types.
async fn server_and_client() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder()
        .bearer_token("test-token")
        .base_url(server.uri())
        .decoding(zoom_client::json::Decoding::Strict)
        .build();
    (server, client)
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

fn query(request: &Request) -> Vec<(String, String)> {
    request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

#[tokio::test]
async fn path_query_and_header_parameters_reach_the_wire() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "next_page_token": "abc",
            "meetings": [{"id": 85746065432i64, "topic": "Standup", "start_time": "2024-05-01T09:00:00Z"}]
        })))
        .mount(&server)
        .await;

    let page = params::Params::new(client.clone())
        .list_meetings("user@example.com")
        .type_(params::types::ListMeetingsType::Live)
        .page_size(300)
        .ids(vec![1, 2])
        .from(zoom_client::Date::from_ymd_opt(2024, 1, 31).unwrap())
        .x_trace_id("trace-1")
        .send()
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/users/user%40example.com/meetings");
    assert_eq!(
        query(&request),
        [("type", "live"), ("page_size", "300"), ("from", "2024-01-31"), ("ids", "1"), ("ids", "2")]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
    );
    assert_eq!(request.headers.get("x-trace-id").unwrap(), "trace-1");
    assert_eq!(request.headers.get("authorization").unwrap(), "Bearer test-token");
    assert_eq!(page.next_page_token.as_deref(), Some("abc"));
    let meeting = &page.meetings.as_ref().unwrap()[0];
    assert_eq!(meeting.id, Some(85746065432));
    assert_eq!(meeting.start_time.unwrap().to_rfc3339(), "2024-05-01T09:00:00+00:00");
}

#[tokio::test]
async fn meeting_uuids_are_double_encoded_only_when_zoom_requires_it() {
    for (uuid, on_the_wire) in [
        ("/ajXp112QmuoKj4854875==", "/meetings/%252FajXp112QmuoKj4854875%253D%253D"),
        ("ab//cd==", "/meetings/ab%252F%252Fcd%253D%253D"),
        ("4444AAAiAAAAAiAiAiiAii==", "/meetings/4444AAAiAAAAAiAiAiiAii%3D%3D"),
    ] {
        let (server, client) = server_and_client().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": 1})))
            .mount(&server)
            .await;
        // Characters that end or split a query value arrive intact.
        let occurrence = "occ 1&x=y#z+ü%";
        params::Params::new(client.clone()).get_meeting(uuid, occurrence).send().await.unwrap();
        let request = only_request(&server).await;
        assert_eq!(request.url.path(), on_the_wire, "uuid {uuid}");
        assert_eq!(query(&request), [("occurrence_id".to_owned(), occurrence.to_owned())]);
    }
}

#[tokio::test]
async fn no_content_answers_return_unit() {
    let (server, client) = server_and_client().await;
    Mock::given(method("DELETE"))
        .and(path("/meetings/42"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let () = params::Params::new(client.clone()).delete_meeting(42).send().await.unwrap();
}

#[tokio::test]
async fn error_answers_carry_zooms_code_message_and_tracking_id() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-zm-trackingid", "v=2.0;clid=us05;rid=ABC")
                .set_body_json(json!({"code": 1001, "message": "User does not exist: x."})),
        )
        .mount(&server)
        .await;
    let err = params::Params::new(client.clone()).list_meetings("x").send().await.unwrap_err();
    let Error::NotFound(api) = &err else { panic!("expected a not-found error, got {err:?}") };
    assert_eq!((api.status, api.code, api.message.as_deref()), (404, Some(1001), Some("User does not exist: x.")));
    assert_eq!(api.operation.id, "meetings");
    assert_eq!(api.tracking_id.as_deref(), Some("v=2.0;clid=us05;rid=ABC"));
    assert_eq!(err.tracking_id(), Some("v=2.0;clid=us05;rid=ABC"));
    assert_eq!(
        err.to_string(),
        "params::list_meetings (Zoom's meetings): Zoom answered 404 (code 1001): User does not exist: x."
    );
}

/// An answer that differs from its document: a tolerant client (the default) reads the rest and
/// reports where; a strict one (this file's) fails naming the path.
#[tokio::test]
async fn a_body_that_does_not_fit_names_the_path() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"meetings": [{"id": 1}, {"id": "two"}, {"id": "3"}]})),
        )
        .mount(&server)
        .await;
    let tolerant = Client::builder().bearer_token("test-token").base_url(server.uri()).build();
    let answer = params::Params::new(tolerant.clone()).list_meetings("me").send_with_meta().await.unwrap();
    let meetings = answer.value.meetings.as_deref().unwrap();
    assert_eq!(meetings.iter().map(|m| m.id).collect::<Vec<_>>(), [Some(1), None, Some(3)]);
    assert_eq!(meetings[1].extra["id"], "two", "kept as it came");
    let deviations: Vec<String> = answer.deviations.iter().map(ToString::to_string).collect();
    assert_eq!(
        deviations,
        [
            "at `meetings[1].id`: expected an integer, found a string (kept as sent)",
            "at `meetings[2].id`: expected an integer, found a string (converted)",
        ]
    );

    let err = params::Params::new(client.clone()).list_meetings("me").send().await.unwrap_err();
    let Error::Decode(failure) = err else { panic!("expected a decode error") };
    assert_eq!(failure.error.path(), "meetings[1].id");
    assert_eq!(failure.status, 200);
    assert!(failure.body_snippet.contains("two"));
}

#[tokio::test]
async fn required_json_bodies_are_sent() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(path("/meetings/7/registrants"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"registrant_id": "r1"})))
        .mount(&server)
        .await;
    let mut body = params::types::CreateMeetingRegistrantRequest::new("a@b.c".into(), "Ada".into());
    body.extra.insert("language".into(), json!("en-US"));
    let created = params::Params::new(client.clone()).create_meeting_registrant(7, body).send().await.unwrap();
    assert_eq!(created.registrant_id.as_deref(), Some("r1"));
    let request = only_request(&server).await;
    assert_eq!(request.headers.get("content-type").unwrap(), "application/json");
    let sent: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(sent, json!({"email": "a@b.c", "first_name": "Ada", "language": "en-US"}));
}

#[tokio::test]
async fn optional_bodies_are_omitted_until_set() {
    let (server, client) = server_and_client().await;
    Mock::given(method("PATCH")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    bodies::Bodies::new(client.clone()).update_touch_notes().send().await.unwrap();
    let body = bodies::types::UpdateTouchNotesRequest { ids: Some(vec!["n1".into()]), ..Default::default() };
    bodies::Bodies::new(client.clone()).update_touch_notes().body(body).send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert!(requests[0].body.is_empty());
    assert_eq!(serde_json::from_slice::<Value>(&requests[1].body).unwrap(), json!({"ids": ["n1"]}));
}

#[tokio::test]
async fn multipart_bodies_send_files_and_fields() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(path("/files"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"file_id": "f1"})))
        .mount(&server)
        .await;
    let mut body = bodies::types::UploadFileRequest::new(
        FilePart::new("a.txt", b"hello".to_vec()).with_content_type("text/plain"),
    );
    body.attachments = Some(vec![FilePart::new("b.bin", vec![1, 2]), FilePart::new("c.png", vec![3])]);
    body.overwrite = Some(true);
    body.meta = Some(bodies::types::FileMeta { source: Some("test".into()), ..Default::default() });
    let uploaded = bodies::Bodies::new(client.clone()).upload_file(body).send().await.unwrap();
    assert_eq!(uploaded.file_id.as_deref(), Some("f1"));

    let request = only_request(&server).await;
    let content_type = request.headers.get("content-type").unwrap().to_str().unwrap().to_owned();
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
    let body = String::from_utf8_lossy(&request.body);
    for expected in [
        "name=\"file\"; filename=\"a.txt\"",
        "Content-Type: text/plain",
        "hello",
        // A file without a type gets its extension's, else application/octet-stream.
        "name=\"attachments\"; filename=\"b.bin\"\r\nContent-Type: application/octet-stream\r\n",
        "name=\"attachments\"; filename=\"c.png\"\r\nContent-Type: image/png\r\n",
        "name=\"overwrite\"\r\n\r\ntrue",
        // An object is JSON text, labelled as such.
        "name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"source\":\"test\"}",
    ] {
        assert!(body.contains(expected), "multipart body lacks {expected:?}:\n{body}");
    }
    assert!(!body.contains("folder_id"), "unset optional fields are not sent");
}

#[tokio::test]
async fn binary_answers_are_returned_as_bytes() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(path("/files/f%201/content"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![0u8, 159, 146, 150]))
        .mount(&server)
        .await;
    let bytes = bodies::Bodies::new(client.clone()).download_file("f 1").send().await.unwrap();
    assert_eq!(bytes, [0u8, 159, 146, 150]);
}

#[test]
fn unknown_fields_and_enum_values_survive_a_round_trip() {
    let sent = json!({
        "id": 1, "created_at": "2024-01-02T03:04:05Z", "status": "archived",
        "type": 7, "level": -1, "plan": 4, "employees": "1,001-5,000",
        "protocols": ["H.323", "TCP+Proxy", "QUIC"],
        "address": {"street": "Main", "geo": {"lat": 1.5, "lng": 2.0, "alt": 30}, "zip": "94000"},
        "added_by_zoom_next_year": {"nested": [1, 2]},
        "userId": "camel", "user_id": "snake", "self": "me", "extra": "a field called extra"
    });
    let profile = models::types::GetProfileResponse::from_json(sent.clone()).unwrap();
    use models::types::*;
    assert_eq!(profile.status, Some(ProfileStatus::UnknownValue("archived".into())));
    assert_eq!(profile.type_, Some(GetProfileResponseType::UnknownValue(7)));
    assert_eq!(profile.level, Some(Level::VMinus1));
    // Named from the description of each value; `V16` is not described.
    assert_eq!(profile.plan, Some(Plan::PaidForManySeats));
    assert_eq!(Plan::from(16), Plan::V16);
    assert_eq!(profile.employees, Some(Employees::V1001_5000));
    assert_eq!(
        profile.protocols.as_deref(),
        Some(&[Protocol::H323, Protocol::TcpPlusProxy, Protocol::UnknownValue("QUIC".into())][..])
    );
    assert_eq!(
        (profile.user_id.as_deref(), profile.user_id_2.as_deref(), profile.self_.as_deref()),
        (Some("camel"), Some("snake"), Some("me"))
    );
    assert_eq!(profile.extra.as_deref(), Some("a field called extra"));
    assert_eq!(profile.extra_["added_by_zoom_next_year"], json!({"nested": [1, 2]}));
    assert_eq!(profile.address.as_ref().unwrap().extra["zip"], json!("94000"));
    assert_eq!(profile.to_json(), sent, "read → write loses nothing");

    // The serde impls go through the same conversion.
    let text = serde_json::to_string(&profile).unwrap();
    let again: GetProfileResponse = serde_json::from_str(&text).unwrap();
    assert_eq!(again, profile);
}

#[test]
fn enums_with_labels_and_odd_values_get_stable_names() {
    use models::types::*;
    assert_eq!(GetProfileResponseType::from(2), GetProfileResponseType::Licensed);
    assert_eq!(GetProfileResponseType::OnPrem.as_i64(), 99);
    assert_eq!(Employees::Empty.as_str(), "");
    assert_eq!(Employees::from("More than 10,000"), Employees::MoreThan10000);
    assert_eq!(Protocol::H323Sip.to_string(), "H.323/SIP");
    assert_eq!("unknown".parse::<Protocol>().unwrap(), Protocol::Unknown);
}

#[test]
fn required_fields_are_required_and_nullable_ones_accept_null() {
    use models::types::GetProfileResponse;
    let err = GetProfileResponse::from_json(json!({"id": 1, "status": "active"})).unwrap_err();
    assert_eq!(err.to_string(), "at `created_at`: missing required field");
    let ok = GetProfileResponse::from_json(
        json!({"id": 1, "status": "active", "created_at": "2024-01-02T03:04:05Z", "manager_id": null}),
    )
    .unwrap();
    assert_eq!(ok.manager_id, None);
    let err =
        GetProfileResponse::from_json(json!({"id": 1, "status": "active", "created_at": "yesterday"})).unwrap_err();
    assert!(err.to_string().starts_with("at `created_at`: expected an RFC 3339 date-time"), "{err}");
}

#[test]
fn free_form_objects_and_maps_keep_their_content() {
    let sent = json!({"id": 1, "status": "active", "created_at": "2024-01-02T03:04:05Z",
        "labels": {"a": "x", "b": "y"}, "metadata": {"k": [1]}, "custom": {"z": null}, "anything": [true, "x"],
        "matrix": [[1, 2], [3]]});
    let profile = models::types::GetProfileResponse::from_json(sent.clone()).unwrap();
    assert_eq!(profile.labels.as_ref().unwrap()["b"], "y");
    assert_eq!(profile.metadata.as_ref().unwrap()["k"], json!([1]));
    assert_eq!(profile.anything, Some(json!([true, "x"])));
    assert_eq!(profile.matrix, Some(vec![vec![1, 2], vec![3]]));
    assert_eq!(profile.to_json(), sent);
}

#[test]
fn structurally_identical_schemas_share_one_type_and_empty_ones_never_do() {
    // `updateProfile`'s request `.address` is the type `getProfile` returns.
    let address = models::types::Address { street: Some("Main".into()), ..Default::default() };
    let update = models::types::UpdateProfileRequest { address: Some(address), ..Default::default() };
    // The two empty objects are free-form maps, not one shared (empty) struct.
    let _: Option<zoom_client::json::JsonObject> = update.settings;
    let _: Option<zoom_client::json::JsonObject> = update.preferences;
}

#[test]
fn one_of_objects_merge_their_properties() {
    use compositions::types::*;
    let a =
        GetSettingsResponse::from_json(json!({"in_meeting": {"chat": true}, "recording": {"cloud": false}})).unwrap();
    assert_eq!(a.in_meeting.as_ref().unwrap().chat, Some(true));
    let b =
        GetSettingsResponse::from_json(json!({"in_meeting": {"waiting_room": true}, "password_length": 8})).unwrap();
    assert_eq!(b.in_meeting.as_ref().unwrap().waiting_room, Some(true));
    assert_eq!(b.password_length, Some(8));
}

#[test]
fn all_of_merges_into_one_struct_with_required_fields() {
    use compositions::types::*;
    let page =
        ListUsersResponse::from_json(json!({"next_page_token": "t", "users": [{"id": "u1", "email": "e"}]})).unwrap();
    let users = page.users.as_deref().unwrap();
    assert_eq!(users[0].id.as_deref(), Some("u1"), "required, so an `Option` in an answer");
    assert_eq!(users[0].email.as_deref(), Some("e"));
    let err = ListUsersResponse::from_json(json!({"users": [{"email": "e"}]})).unwrap_err();
    assert_eq!(err.to_string(), "at `users[0].id`: missing required field", "strictly");
    let decoded = zoom_client::json::from_slice_with::<ListUsersResponse>(
        br#"{"users": [{"email": "e"}]}"#,
        zoom_client::json::Decoding::Tolerant,
    )
    .unwrap();
    assert_eq!(decoded.value.users.unwrap()[0].id, None);
    assert_eq!(
        decoded.deviations[0].to_string(),
        "at `users[0].id`: expected a required field, found nothing (missing)"
    );
}

#[test]
fn unions_pick_the_variant_by_json_kind() {
    use compositions::types::*;
    let v = GetValueResponse::from_json(json!({"value": "x", "limit": 3, "target": "all"})).unwrap();
    assert_eq!(v.value, Some(GetValueResponseValue::String("x".into())));
    assert_eq!(v.limit, Some(Limit::Integer(3)));
    assert_eq!(v.target, Some(Target::String(TargetString::All)));
    let v = GetValueResponse::from_json(json!({"value": 5, "limit": 2.5, "target": {"user_ids": ["a"]}})).unwrap();
    assert_eq!(v.value, Some(GetValueResponseValue::Integer(5)));
    assert_eq!(v.limit, Some(Limit::Number(2.5)));
    let Some(Target::Object(target)) = &v.target else { panic!("object variant") };
    assert_eq!(target.user_ids.as_deref(), Some(&["a".to_owned()][..]));
    assert_eq!(v.to_json(), json!({"value": 5, "limit": 2.5, "target": {"user_ids": ["a"]}}));
    let err = GetValueResponse::from_json(json!({"limit": "many"})).unwrap_err();
    assert_eq!(err.to_string(), "at `limit`: expected a boolean, an integer or a number, found a string");
}

#[test]
fn repaired_quirks_have_their_repaired_types() {
    use quirks::types::*;
    let room = GetRoomResponse::from_json(json!({
        "capacity": 10, "renewal_date": "2024-04-11", "next_page_token": null,
        "channel": "sms", "privileges": ["read", "admin"], "owner": {"channel_id": "c"}
    }))
    .unwrap();
    assert_eq!(room.capacity, Some(10), "`type: Integer` is an integer");
    assert_eq!(room.renewal_date, zoom_client::Date::from_ymd_opt(2024, 4, 11), "`type: Date` is a date");
    assert_eq!(room.next_page_token, None, "a null member makes the field nullable");
    assert_eq!(room.channel, Some(Channel::Sms));
    assert_eq!(
        room.privileges,
        Some(vec![Privilege::Read, Privilege::UnknownValue("admin".into())]),
        "an enum on an array applies to its items"
    );
    assert_eq!(room.owner.unwrap().channel_id.as_deref(), Some("c"));
}

#[tokio::test]
async fn repaired_operations_are_callable() {
    let (server, client) = server_and_client().await;
    Mock::given(wiremock::matchers::any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let api = quirks::Quirks::new(client.clone());
    // `userId` was used by the path but never declared.
    api.update_user_account("acc", "u/1").send().await.unwrap();
    // The request bodies without content (or with `undefined` media) are gone: no body argument.
    api.delete_playlist("p").send().await.unwrap();
    api.delete_division("d").send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.path(), "/accounts/acc/users/u%2F1/account");
    assert!(requests[1].body.is_empty());
    assert_eq!(
        quirks::requests::DeleteDivision::OPERATION.classic_scopes,
        ["division:write:admin"],
        "scope padding is trimmed"
    );
}

#[test]
fn operation_constants_carry_what_zoom_documents() {
    use params::requests::*;
    let op = ListMeetings::OPERATION;
    assert_eq!((op.id, op.method, op.path), ("meetings", zoom_client::Method::Get, "/users/{userId}/meetings"));
    assert_eq!(op.rust_name, "list_meetings");
    assert_eq!(op.classic_scopes, ["meeting:read", "meeting:read:admin"]);
    assert_eq!(op.granular_scopes, ["meeting:read:list_meetings", "meeting:read:list_meetings:admin"]);
    assert_eq!(op.rate_limit, Some(zoom_client::RateLimit::Medium));
    assert_eq!(op.permissions, ["Meeting:Read"]);
    assert_eq!(GetMeeting::OPERATION.rate_limit, Some(zoom_client::RateLimit::Light), "labels are case-insensitive");
    assert_eq!(GetMeeting::OPERATION.granular_scopes, ["meeting:read:meeting"], "scopes from the description alone");
    assert_eq!(DeleteMeeting::OPERATION.rate_limit, Some(zoom_client::RateLimit::Other("1")));
    assert_eq!(CreateMeetingRegistrant::OPERATION.rate_limit, Some(zoom_client::RateLimit::ResourceIntensive));
    assert_eq!(ListReportDaily::OPERATION.rate_limit, None);
    assert!(ListReportDaily::OPERATION.classic_scopes.is_empty());
    assert_eq!(params::OPERATIONS.len(), 5);
}

#[tokio::test]
async fn master_apis_share_the_regular_apis_types() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "u1", "role": "owner"})))
        .mount(&server)
        .await;
    // The master operation returns the regular module's type: one type, not two copies.
    let user: twin::types::GetUserResponse =
        twin::master::TwinMaster::new(client.clone()).get_user("acc", "u1").send().await.unwrap();
    assert_eq!(user.role, Some(twin::types::Role::Owner));
    assert_eq!(only_request(&server).await.url.path(), "/accounts/acc/users/u1");
    let summary = twin::master::types::GetUserSummaryResponse { user: Some(user), ..Default::default() };
    assert!(summary.user.is_some());
    assert!(twin::master::requests::GetUser::OPERATION.master);
    assert!(!twin::requests::GetUser::OPERATION.master);
}

/// Read → modify → update: fetch a meeting, change one setting and the recurrence, send it back.
/// What Zoom sets (`id`, `created_at`, dial-in numbers) and what the crate does not know stays
/// home; the settings and the recurrence arrive as they were, but for the change.
#[tokio::test]
async fn a_fetched_meeting_changes_one_field_and_goes_back_as_its_update() {
    use updates::types::{RecurrenceType, RegistrationType, UpdateMeetingRequest};
    let (server, client) = server_and_client().await;
    let meeting = json!({
        "id": 85746065432_i64, "uuid": "aDYlohsHRtCd4ii1uC2+hA==", "created_at": "2026-11-30T10:00:00Z",
        "topic": "Weekly sync", "type": 3,
        "recurrence": {"type": 2, "repeat_interval": 1, "end_date_time": "2027-01-31T10:00:00Z"},
        "settings": {
            "host_video": true, "join_before_host": false, "alternative_hosts": "ada@example.com",
            "registration_type": 2, "global_dial_in_numbers": [{"country": "US", "number": "+1 555 0100"}]
        },
        "tracking_fields": [{"field": "team", "value": "api", "visible": true}]
    });
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(meeting)).mount(&server).await;
    Mock::given(method("PATCH")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let api = updates::Updates::new(client.clone());

    let read = api.get_meeting(85746065432_i64).send().await.unwrap();
    let mut update = UpdateMeetingRequest::from(read);
    let settings = update.settings.as_mut().expect("the settings came along");
    settings.join_before_host = Some(true);
    let recurrence = update.recurrence.as_mut().expect("the recurrence came along");
    recurrence.repeat_interval = Some(2);
    assert_eq!(recurrence.type_, Some(RecurrenceType::Weekly));
    assert_eq!(settings.registration_type, Some(RegistrationType::AttendeesNeedToRegister));
    api.update_meeting(85746065432_i64).body(update).send().await.unwrap();

    let requests = server.received_requests().await.unwrap();
    let sent: Value = serde_json::from_slice(&requests[1].body).unwrap();
    assert_eq!(requests[1].url.path(), "/meetings/85746065432");
    assert_eq!(
        sent,
        json!({
            "topic": "Weekly sync", "type": 3,
            "recurrence": {"type": 2, "repeat_interval": 2, "end_date_time": "2027-01-31T10:00:00Z"},
            "settings": {
                "host_video": true, "join_before_host": true, "alternative_hosts": "ada@example.com",
                "registration_type": 2
            }
        }),
        "only what an update sends, changed where it was changed"
    );
}

#[test]
fn the_token_never_shows_in_debug_output() {
    let client = Client::builder().bearer_token("s3cr3t-token").base_url("http://127.0.0.1:9").build();
    let shown = format!("{client:?}");
    assert!(!shown.contains("s3cr3t"), "{shown}");
    assert!(shown.contains("redacted"));
}

#[tokio::test]
async fn the_scope_check_refuses_unauthorised_calls_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
    let token = zoom_client::scopes::ScopeSet::from_token("user:read meeting:delete:meeting");
    let client = Client::builder().bearer_token("test-token").base_url(server.uri()).scopes(token).build();
    let api = params::Params::new(client.clone());

    let err = api.get_meeting(7, "o").send().await.unwrap_err();
    let Error::MissingScope(missing) = &err else { panic!("expected a missing-scope error, got {err:?}") };
    assert_eq!(
        (missing.operation.id, missing.classic, missing.granular),
        ("meeting", &["meeting:read"][..], &["meeting:read:meeting"][..])
    );
    assert_eq!(
        err.to_string(),
        "params::get_meeting (Zoom's meeting): the token holds none of the scopes this call accepts (classic: meeting:read; granular: meeting:read:meeting)"
    );
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing reached the server");

    // A held granular scope authorises its call; an operation that lists no scope needs none.
    api.delete_meeting(7).send().await.unwrap();
    api.list_report_daily(2026).send().await.unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_missing_scope_answer_names_the_scopes() {
    let (server, client) = server_and_client().await;
    let message = "Invalid access token, does not contain scopes:[meeting:read:admin, meeting:read].";
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"code": 4711, "message": message})))
        .mount(&server)
        .await;
    let err = params::Params::new(client.clone()).list_meetings("me").send().await.unwrap_err();
    let Error::MissingScope(missing) = &err else { panic!("expected a missing-scope error, got {err:?}") };
    assert_eq!(missing.named_by_zoom(), ["meeting:read:admin", "meeting:read"]);
    let api = missing.rejected.as_ref().expect("Zoom's answer is kept");
    assert_eq!(api.code, Some(zoom_client::ApiError::MISSING_SCOPE));
    assert_eq!(api.missing_scopes(), ["meeting:read:admin", "meeting:read"]);
    // The documented alternatives come from the operation table.
    assert_eq!(missing.classic, params::requests::ListMeetings::OPERATION.classic_scopes);

    let other = zoom_client::ApiError { code: Some(300), message: Some("scopes:[meeting:read]".into()), ..api.clone() };
    assert!(other.missing_scopes().is_empty(), "only code 4711 names missing scopes");
}

/// What `spec/fixtures/overrides.toml` says of the answers: read strictly as the override says,
/// and the document's own form read tolerantly, as a deviation.
#[test]
fn overridden_fields_read_as_the_override_says() {
    use models::types::*;
    use zoom_client::json::{Decoding, from_slice, from_slice_with};
    let profile = from_slice::<GetProfileResponse>(br#"{"id": 1, "created_at": "2024-01-02T03:04:05Z"}"#).unwrap();
    assert_eq!(profile.status, None, "`status` may be missing: no error, even strictly");
    let list = from_slice::<Vec<ListProfilesResponseItem>>(br#"[{"id": "p1"}]"#).unwrap();
    assert_eq!(list[0].id.as_deref(), Some("p1"));
    let as_documented =
        from_slice_with::<Vec<ListProfilesResponseItem>>(br#"[{"id": 7}]"#, Decoding::Tolerant).unwrap();
    assert_eq!(as_documented.value[0].id.as_deref(), Some("7"));
    assert_eq!(as_documented.deviations[0].to_string(), "at `[0].id`: expected a string, found a number (converted)");
}
