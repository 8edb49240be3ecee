//! `least_privilege` and `migrate` on operations shaped like Zoom's documents.

use zoom_scopes::{
    Access, Migration, Model, Needs, Plan, Requirement, ScopeSet, Tier, Uncovered, Unmapped, least_privilege, migrate,
};

const READ: &[&str] = &["webinar:read:admin", "webinar:read"];
const WRITE: &[&str] = &["webinar:write:admin", "webinar:write"];

/// A webinar-management app, with the scope lists Zoom's Meetings document gives these operations.
const WEBINAR_APP: [Needs<'static>; 8] = [
    Needs {
        name: "webinars",
        classic: READ,
        granular: &["webinar:read:list_webinars", "webinar:read:list_webinars:admin"],
    },
    Needs {
        name: "webinarCreate",
        classic: WRITE,
        granular: &["webinar:write:webinar", "webinar:write:webinar:admin"],
    },
    Needs {
        name: "webinarUpdate",
        classic: WRITE,
        granular: &["webinar:update:webinar", "webinar:update:webinar:admin"],
    },
    Needs {
        name: "webinarDelete",
        classic: WRITE,
        granular: &["webinar:delete:webinar", "webinar:delete:webinar:admin"],
    },
    Needs {
        name: "webinarPanelistCreate",
        classic: WRITE,
        granular: &["webinar:write:panelist", "webinar:write:panelist:admin"],
    },
    Needs {
        name: "webinarPanelistDelete",
        classic: WRITE,
        granular: &["webinar:delete:panelist", "webinar:delete:panelist:admin"],
    },
    Needs {
        name: "webinarRegistrants",
        classic: READ,
        granular: &["webinar:read:list_registrants", "webinar:read:list_registrants:admin"],
    },
    Needs {
        name: "webinarRegistrantCreate",
        classic: WRITE,
        granular: &["webinar:write:registrant", "webinar:write:registrant:admin"],
    },
];

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn admin_granular_needs_one_scope_per_operation() {
    let plan = least_privilege(&WEBINAR_APP, Tier::Admin, Model::Granular);
    assert_eq!(
        plan,
        Plan {
            scopes: strings(&[
                "webinar:delete:panelist:admin",
                "webinar:delete:webinar:admin",
                "webinar:read:list_registrants:admin",
                "webinar:read:list_webinars:admin",
                "webinar:update:webinar:admin",
                "webinar:write:panelist:admin",
                "webinar:write:registrant:admin",
                "webinar:write:webinar:admin",
            ]),
            uncovered: vec![],
            unscoped: vec![],
        }
    );
}

#[test]
fn classic_scopes_cover_many_operations_each() {
    let plan = least_privilege(&WEBINAR_APP, Tier::Admin, Model::Classic);
    assert_eq!(plan.scopes, ["webinar:read:admin", "webinar:write:admin"]);
    assert!(plan.uncovered.is_empty() && plan.unscoped.is_empty());

    let plan = least_privilege(&WEBINAR_APP, Tier::User, Model::Classic);
    assert_eq!(plan.scopes, ["webinar:read", "webinar:write"]);

    // Were every operation to accept the write scope, it alone would do.
    let all_write: Vec<Needs> = WEBINAR_APP.iter().map(|op| Needs { classic: WRITE, ..*op }).collect();
    assert_eq!(least_privilege(&all_write, Tier::Admin, Model::Classic).scopes, ["webinar:write:admin"]);
}

#[test]
fn the_exact_cover_beats_greedy() {
    // `report:read:admin`-like breadth: one scope is accepted by four operations, but two
    // operations accept only one scope each, and those two scopes between them cover everything.
    let meeting = "meeting:read:meeting:admin";
    let webinar = "webinar:read:webinar:admin";
    let both = "report:read:list_history_meetings:admin";
    let ops = [
        Needs { name: "a1", classic: &[], granular: &[meeting, both] },
        Needs { name: "a2", classic: &[], granular: &[both, meeting] },
        Needs { name: "a3", classic: &[], granular: &[meeting] },
        Needs { name: "b1", classic: &[], granular: &[webinar, both] },
        Needs { name: "b2", classic: &[], granular: &[both, webinar] },
        Needs { name: "b3", classic: &[], granular: &[webinar] },
    ];
    let plan = least_privilege(&ops, Tier::Admin, Model::Granular);
    assert_eq!(plan.scopes, [meeting, webinar]);
}

#[test]
fn operations_without_a_scope_at_the_tier_are_reported_with_the_tiers_there_are() {
    let ops = [
        WEBINAR_APP[0],
        Needs {
            name: "meetingSummaries",
            classic: &["meeting_summary:read:admin"],
            granular: &["meeting:read:list_summaries:admin"],
        },
        Needs { name: "masterOnly", classic: &["account:read:master"], granular: &["account:read:account:master"] },
        Needs { name: "classicOnly", classic: &["meeting:read"], granular: &[] },
        Needs { name: "refused", classic: &[], granular: &["Meeting:Read"] },
    ];
    let plan = least_privilege(&ops, Tier::User, Model::Granular);
    assert_eq!(
        plan,
        Plan {
            scopes: strings(&["webinar:read:list_webinars"]),
            uncovered: vec![
                Uncovered { operation: "meetingSummaries".into(), available: vec![Tier::Admin] },
                Uncovered { operation: "masterOnly".into(), available: vec![Tier::Master] },
                Uncovered { operation: "classicOnly".into(), available: vec![] },
                Uncovered { operation: "refused".into(), available: vec![] },
            ],
            unscoped: vec![],
        }
    );
    let plan = least_privilege(&ops, Tier::Admin, Model::Granular);
    assert_eq!(plan.scopes, ["meeting:read:list_summaries:admin", "webinar:read:list_webinars:admin"]);
    assert_eq!(
        plan.uncovered.iter().map(|u| (u.operation.as_str(), u.available.clone())).collect::<Vec<_>>(),
        [("masterOnly", vec![Tier::Master]), ("classicOnly", vec![]), ("refused", vec![])]
    );
}

#[test]
fn operations_without_scopes_need_none() {
    let ops = [
        Needs { name: "sdkJwt", classic: &[], granular: &[] },
        WEBINAR_APP[1],
        Needs { name: "blank", classic: &[" "], granular: &[""] },
    ];
    let plan = least_privilege(&ops, Tier::Admin, Model::Granular);
    assert_eq!(plan.scopes, ["webinar:write:webinar:admin"]);
    assert_eq!(plan.unscoped, ["sdkJwt", "blank"]);
    assert!(plan.uncovered.is_empty());
    assert_eq!(least_privilege::<Needs>(&[], Tier::User, Model::Classic), Plan::default());
}

#[test]
fn equally_small_covers_resolve_to_the_first_sorted_list_whatever_the_order() {
    // {a, b} and {a, c} both cover; {a, b} sorts first. Stray whitespace is trimmed.
    let a = "meeting:read:meeting:admin";
    let b = "meeting:read:participant:admin";
    let c = "meeting:read:poll:admin";
    let ops = [
        Needs { name: "one", classic: &[], granular: &[a] },
        Needs { name: "two", classic: &[], granular: &[c, b] },
        Needs {
            name: "three",
            classic: &[],
            granular: &[" meeting:read:poll:admin", "meeting:read:participant:admin "],
        },
    ];
    let expected = [a, b];
    let mut permuted = ops.to_vec();
    for _ in 0..3 {
        permuted.rotate_left(1);
        assert_eq!(least_privilege(&permuted, Tier::Admin, Model::Granular).scopes, expected);
        permuted.reverse();
        assert_eq!(least_privilege(&permuted, Tier::Admin, Model::Granular).scopes, expected);
    }
}

#[test]
fn works_through_references_and_trait_objects() {
    let refs: Vec<&Needs> = WEBINAR_APP.iter().collect();
    assert_eq!(least_privilege(&refs, Tier::Admin, Model::Classic).scopes.len(), 2);
    let dyns: Vec<&dyn Requirement> = WEBINAR_APP.iter().map(|op| op as &dyn Requirement).collect();
    assert_eq!(least_privilege(&dyns, Tier::User, Model::Classic).scopes, ["webinar:read", "webinar:write"]);
}

#[test]
fn migrating_keeps_the_tier_each_operation_has_today() {
    let held = ScopeSet::from_token("meeting:read:admin webinar:write webinar:read");
    let ops = [
        Needs {
            name: "meetings",
            classic: &["meeting:read:admin", "meeting:read"],
            granular: &["meeting:read:list_meetings", "meeting:read:list_meetings:admin"],
        },
        WEBINAR_APP[0],
        WEBINAR_APP[1],
        WEBINAR_APP[4],
        Needs {
            name: "meetingCreate",
            classic: &["meeting:write:admin", "meeting:write"],
            granular: &["meeting:write:meeting", "meeting:write:meeting:admin"],
        },
        Needs { name: "meetingSummaries", classic: &["meeting:read:admin"], granular: &[] },
        Needs {
            name: "webinarTemplates",
            classic: &["webinar:read:admin", "webinar:read"],
            granular: &["webinar:read:list_templates:admin"],
        },
        Needs { name: "sdkJwt", classic: &[], granular: &[] },
        Needs { name: "granularOnly", classic: &[], granular: &["webinar:read:webinar"] },
    ];
    assert_eq!(
        migrate(&held, &ops),
        Migration {
            granular: strings(&[
                "meeting:read:list_meetings:admin",
                "webinar:read:list_webinars",
                "webinar:write:panelist",
                "webinar:write:webinar",
            ]),
            not_granted: strings(&["meetingCreate", "granularOnly"]),
            unmapped: vec![
                Unmapped { operation: "meetingSummaries".into(), tier: Tier::Admin, granular: vec![] },
                Unmapped {
                    operation: "webinarTemplates".into(),
                    tier: Tier::User,
                    granular: strings(&["webinar:read:list_templates:admin"]),
                },
            ],
            unscoped: strings(&["sdkJwt"]),
        }
    );
}

#[test]
fn migrating_uses_the_highest_held_tier_and_shares_scopes() {
    // Both held; the operation is called at admin tier today, so it needs the admin granular scope.
    let held = ScopeSet::from_token("webinar:read webinar:read:admin");
    let ops = [
        WEBINAR_APP[0],
        Needs {
            name: "webinarList2",
            classic: READ,
            granular: &["webinar:read:webinar:admin", " webinar:read:list_webinars:admin"],
        },
    ];
    let migration = migrate(&held, &ops);
    assert_eq!(migration.granular, ["webinar:read:list_webinars:admin"]);
    assert!(migration.not_granted.is_empty() && migration.unmapped.is_empty() && migration.unscoped.is_empty());
    // Granular scopes held do not count as classic ones.
    let migration = migrate(&ScopeSet::from_token("webinar:read:list_webinars:admin"), &ops);
    assert_eq!(migration.not_granted, ["webinars", "webinarList2"]);
    assert!(migration.granular.is_empty());
}

#[test]
fn the_migrated_scopes_grant_what_the_classic_ones_did() {
    let held = ScopeSet::from_token("webinar:read:admin webinar:write:admin");
    let migration = migrate(&held, &WEBINAR_APP);
    assert_eq!(migration.granular, least_privilege(&WEBINAR_APP, Tier::Admin, Model::Granular).scopes);
    let granular: ScopeSet = migration.granular.iter().collect();
    for op in &WEBINAR_APP {
        let (Access::Granted { tier: before, .. }, Access::Granted { tier: after, model, .. }) =
            (held.allows(op), granular.allows(op))
        else {
            panic!("{} lost", op.name);
        };
        assert_eq!((before, after, model), (Tier::Admin, Tier::Admin, Model::Granular));
    }
}
