//! The operation table and scope API on Zoom's real Meetings and Users operations: lookup by
//! request, what a token allows, least privilege and migration for a webinar-management app.
//! Run with `--features meetings,users` (`cargo xtask ci` does).
#![cfg(all(feature = "meetings", feature = "users"))]

use zoom_client::meetings::requests::{
    CreateMeeting, CreateWebinar, CreateWebinarPanelist, CreateWebinarRegistrant, DeleteWebinar, DeleteWebinarPanelist,
    DeleteWebinarPanelists, DeleteWebinarRegistrant, GetWebinar, ListWebinarPanelists, ListWebinarRegistrants,
    ListWebinars, UpdateWebinar, UpdateWebinarRegistrantStatus,
};
use zoom_client::scopes::{Access, Model, ScopeSet, Tier, least_privilege, migrate};
use zoom_client::{Method, Operation};

/// What a webinar-management app calls: webinars, their panelists and their registrants.
const WEBINAR_APP: [&Operation; 13] = [
    ListWebinars::OPERATION,
    CreateWebinar::OPERATION,
    GetWebinar::OPERATION,
    UpdateWebinar::OPERATION,
    DeleteWebinar::OPERATION,
    ListWebinarPanelists::OPERATION,
    CreateWebinarPanelist::OPERATION,
    DeleteWebinarPanelist::OPERATION,
    ListWebinarRegistrants::OPERATION,
    CreateWebinarRegistrant::OPERATION,
    UpdateWebinarRegistrantStatus::OPERATION,
    DeleteWebinarRegistrant::OPERATION,
    DeleteWebinarPanelists::OPERATION,
];

#[test]
fn a_request_finds_its_operation() {
    let by_template = Operation::find(Method::Get, "/users/{userId}/meetings").expect("list meetings");
    assert_eq!((by_template.id, by_template.product), ("meetings", "meetings"));
    for concrete in
        ["/v2/users/abc/meetings", "/users/abc/meetings", "https://api.zoom.us/v2/users/me/meetings?page_size=30"]
    {
        assert_eq!(Operation::find(Method::Get, concrete), Some(by_template), "{concrete}");
    }
    assert_eq!(Operation::find(Method::Post, "/v2/users/abc/meetings").map(|op| op.id), Some("meetingCreate"));
    assert_eq!(Operation::find(Method::Put, "/v2/users/abc/meetings"), None);
    assert_eq!(Operation::find(Method::Get, "/v2/users/abc/meetings/extra/segments"), None);
}

#[test]
fn literal_segments_win_over_parameters() {
    // `/users/summary` also fits `/users/{userId}`.
    assert_eq!(Operation::matching(Method::Get, "/v2/users/summary").count(), 2);
    assert_eq!(Operation::find(Method::Get, "/v2/users/summary").map(|op| op.id), Some("userSummary"));
    assert_eq!(Operation::find(Method::Get, "/v2/users/jane@example.com").map(|op| op.id), Some("user"));
}

#[test]
fn every_operation_is_found_by_its_template_and_by_a_concrete_path() {
    let mut checked = 0;
    for op in Operation::all() {
        let found = Operation::find(op.method, op.path).expect(op.path);
        assert_eq!((found.method, found.path), (op.method, op.path), "{} {}", op.method, op.path);
        // Values no literal segment uses, so the operation's own template must be the best fit.
        let concrete: Vec<String> =
            op.path.split('/').map(|s| if s.starts_with('{') { "x1y2".to_owned() } else { s.to_owned() }).collect();
        let concrete = format!("/v2{}", concrete.join("/"));
        let found = Operation::find(op.method, &concrete).expect(&concrete);
        assert_eq!(found.path, op.path, "{} {concrete}", op.method);
        checked += 1;
    }
    let tables = zoom_client::meetings::OPERATIONS.len() + zoom_client::users::OPERATIONS.len();
    assert_eq!(checked, tables);
}

#[test]
fn operation_ids_and_methods_parse() {
    let ops: Vec<_> = Operation::with_id("meetingCreate").collect();
    assert_eq!(ops, [CreateMeeting::OPERATION]);
    assert_eq!("post".parse::<Method>(), Ok(Method::Post));
    assert!("FETCH".parse::<Method>().is_err());
}

#[test]
fn a_token_allows_what_its_scopes_grant() {
    let token = ScopeSet::from_token("user:read:user webinar:read:list_webinars:admin");
    match token.allows(ListWebinars::OPERATION) {
        Access::Granted { scope, model, tier } => {
            assert_eq!((scope, model, tier), ("webinar:read:list_webinars:admin", Model::Granular, Tier::Admin));
        }
        other => panic!("expected granted, got {other:?}"),
    }
    match token.allows(CreateWebinar::OPERATION) {
        Access::Missing { classic, granular } => {
            assert_eq!(classic, CreateWebinar::OPERATION.classic_scopes);
            assert_eq!(granular, CreateWebinar::OPERATION.granular_scopes);
            assert!(granular.contains(&"webinar:write:webinar:admin"));
        }
        other => panic!("expected missing, got {other:?}"),
    }
    // A write scope does not stand in for a read one: Zoom lists every scope an operation takes.
    assert!(!ScopeSet::from_token("webinar:write:webinar:admin").allows(ListWebinars::OPERATION).is_granted());
}

#[test]
fn scopes_at_a_tier() {
    let admin: Vec<_> = ListWebinars::OPERATION.scopes_at(Model::Granular, Tier::Admin).collect();
    assert_eq!(admin, ["webinar:read:list_webinars:admin"]);
    let user: Vec<_> = ListWebinars::OPERATION.scopes_at(Model::Classic, Tier::User).collect();
    assert_eq!(user, ["webinar:read"]);
    assert_eq!(ListWebinars::OPERATION.scopes_at(Model::Granular, Tier::Master).count(), 0);
}

#[test]
fn least_privilege_for_a_webinar_app_at_admin_tier() {
    let granular = least_privilege(&WEBINAR_APP, Tier::Admin, Model::Granular);
    assert_eq!(
        granular.scopes,
        [
            "webinar:delete:panelist:admin",
            "webinar:delete:registrant:admin",
            "webinar:delete:webinar:admin",
            "webinar:read:list_panelists:admin",
            "webinar:read:list_registrants:admin",
            "webinar:read:list_webinars:admin",
            "webinar:read:webinar:admin",
            "webinar:update:registrant_status:admin",
            "webinar:update:webinar:admin",
            "webinar:write:panelist:admin",
            "webinar:write:registrant:admin",
            "webinar:write:webinar:admin",
        ]
    );
    assert!(granular.uncovered.is_empty() && granular.unscoped.is_empty());
    // The result authorises every call, at admin tier.
    let token: ScopeSet = granular.scopes.iter().collect();
    for op in WEBINAR_APP {
        match token.allows(op) {
            Access::Granted { tier, .. } => assert_eq!(tier, Tier::Admin, "{}", op.id),
            other => panic!("{}: {other:?}", op.id),
        }
    }

    let classic = least_privilege(&WEBINAR_APP, Tier::Admin, Model::Classic);
    assert_eq!(classic.scopes, ["webinar:read:admin", "webinar:write:admin"]);

    // Zoom lists no master-tier scope for these: every call is uncovered, with the tiers there are.
    let master = least_privilege(&WEBINAR_APP, Tier::Master, Model::Granular);
    assert!(master.scopes.is_empty());
    assert_eq!(master.uncovered.len(), WEBINAR_APP.len(), "{:?}", master.uncovered);
    assert!(master.uncovered.iter().all(|u| u.available == [Tier::User, Tier::Admin]));
}

#[test]
fn migrating_a_webinar_app_off_classic_scopes() {
    let admin = migrate(&ScopeSet::from_token("webinar:read:admin webinar:write:admin"), &WEBINAR_APP);
    assert_eq!(admin.granular, least_privilege(&WEBINAR_APP, Tier::Admin, Model::Granular).scopes);
    assert!(admin.not_granted.is_empty() && admin.unmapped.is_empty());

    // With only the user-tier read scope, the app could not write before either; its reads move
    // to the user-tier granular scopes.
    let reader = migrate(&ScopeSet::from_token("webinar:read"), &WEBINAR_APP);
    assert_eq!(
        reader.granular,
        [
            "webinar:read:list_panelists",
            "webinar:read:list_registrants",
            "webinar:read:list_webinars",
            "webinar:read:webinar",
        ]
    );
    assert_eq!(reader.not_granted.len(), 9, "{:?}", reader.not_granted);
    assert!(reader.not_granted.contains(&"webinarCreate".to_owned()));
}
