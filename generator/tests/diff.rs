//! `diff` on a pair of small editions written for it: one of every kind of change.

mod common;

use generator::diff::{Impact, diff};
use generator::ir::Api;
use generator::lock::NamesLock;
use generator::lower::Renames;
use generator::manifest::{Auth, DocumentEntry, Variant};
use generator::normalise::RepairSet;
use serde_json::{Value, json};

fn api(rest: Value, webhooks: Value) -> Api {
    build(vec![("things", Variant::Rest, rest), ("things", Variant::Webhooks, webhooks)])
}

/// The API of the given (product, kind, document) triples, each named as its kind names it.
fn build(docs: Vec<(&str, Variant, Value)>) -> Api {
    let ws = common::workspace();
    let repairs = RepairSet::load(&ws.repairs()).unwrap();
    let docs = docs
        .into_iter()
        .map(|(product, variant, doc)| {
            let file = match variant {
                Variant::Webhooks => format!("webhooks/{product}.json"),
                _ => format!("{product}.json"),
            };
            let entry = DocumentEntry {
                product: product.into(),
                variant,
                file,
                url: String::new(),
                sha256: String::new(),
                auth: Auth::Oauth,
            };
            (entry, String::new(), doc)
        })
        .collect();
    let (renames, lock, overrides) = (Renames::new(), NamesLock::default(), Default::default());
    let inputs =
        generator::pipeline::Inputs { repairs: &repairs, renames: &renames, lock: &lock, overrides: &overrides };
    generator::pipeline::build_api(docs, &inputs).unwrap().0
}

/// An operation's description with its scope and rate-limit lines.
fn described(scopes: &str, rate: &str) -> String {
    format!("Does it.\n\n**[Scopes](https://x):** {scopes}\n\n**[Rate Limit Label](https://x):** `{rate}`")
}

fn response(properties: Value, required: Value) -> Value {
    json!({"200": {"description": "OK", "content": {"application/json": {"schema": {
        "type": "object", "required": required, "properties": properties
    }}}}})
}

fn rest(edition: u8) -> Value {
    let old = edition == 1;
    let mut paths = serde_json::Map::new();
    let status = if old { json!(["active", "inactive"]) } else { json!(["active", "pending"]) };
    let mut properties = json!({
        "id": {"type": if old { "integer" } else { "string" }},
        "status": {"type": "string", "enum": status},
        "owner": {"type": "object", "properties": {"email": {"type": "string"}}}
    });
    if old {
        properties["legacy"] = json!({"type": "string"});
    } else {
        properties["created_at"] = json!({"type": "string", "format": "date-time"});
        properties["owner"]["properties"]["name"] = json!({"type": "string"});
    }
    let mut parameters = vec![
        json!({"name": "thingId", "in": "path", "required": true, "schema": {"type": "string"}}),
        json!({"name": "mode", "in": "query", "required": !old, "schema": {"type": "string"}}),
    ];
    parameters.push(if old {
        json!({"name": "legacy_flag", "in": "query", "schema": {"type": "boolean"}})
    } else {
        json!({"name": "page_size", "in": "query", "schema": {"type": "integer"}})
    });
    let scopes = if old { "`thing:read`,`thing:read:admin`" } else { "`thing:read`,`thing:write`" };
    paths.insert(
        "/things/{thingId}".into(),
        json!({"get": {
            "operationId": "getThing",
            "description": described(scopes, if old { "LIGHT" } else { "MEDIUM" }),
            "parameters": parameters,
            "responses": response(properties, if old { json!(["id"]) } else { json!(["id", "status"]) })
        }}),
    );
    let list = json!({"200": {"description": "OK"}});
    if old {
        paths.insert("/gone".into(), json!({"delete": {"operationId": "deleteGone", "responses": list}}));
        paths.insert("/renamed".into(), json!({"get": {"operationId": "listOld", "responses": list}}));
    } else {
        paths.insert("/new".into(), json!({"post": {"operationId": "createNew", "responses": list}}));
        paths.insert("/renamed".into(), json!({"get": {"operationId": "listRenamed", "responses": list}}));
    }
    json!({"openapi": "3.0.0", "info": {"title": "Things", "version": format!("{edition}")}, "paths": paths})
}

fn webhooks(edition: u8) -> Value {
    let old = edition == 1;
    let event = |name: &str, scopes: &str, extra: bool| {
        let mut object = json!({"id": {"type": "string"}});
        if extra {
            object["color"] = json!({"type": "string"});
        }
        json!({"post": {
            "operationId": name,
            "requestBody": {
                "description": format!("# {name}\n\n**[Scopes](https://x):** {scopes}\n"),
                "content": {"application/json": {"schema": {"type": "object", "properties": {
                    "event": {"type": "string"},
                    "payload": {"type": "object", "properties": {"object": {"type": "object", "properties": object}}}
                }}}}
            },
            "responses": {"200": {}}
        }})
    };
    let mut map = serde_json::Map::new();
    map.insert(
        "thing.updated".into(),
        event("thing.updated", if old { "`thing:read`" } else { "`thing:read:admin`" }, !old),
    );
    if old {
        map.insert("thing.vanished".into(), event("thing.vanished", "`thing:read`", false));
    } else {
        map.insert("thing.born".into(), event("thing.born", "`thing:read`", false));
    }
    json!({"openapi": "3.1.0", "info": {"title": "Things", "version": "1"}, "webhooks": map})
}

#[test]
fn every_kind_of_change_is_reported_with_its_impact() {
    let report = diff(&api(rest(1), webhooks(1)), &api(rest(2), webhooks(2)));
    let lines: Vec<String> =
        report.changes.iter().map(|c| format!("{} | {} | {:?}", c.subject, c.what, c.impact)).collect();
    let expected = [
        "DELETE /gone | operation `deleteGone` removed | Breaking",
        "GET /renamed | renamed `listOld` → `listRenamed` (method `list_old` → `list_renamed`) | Breaking",
        "GET /things/{thingId} | `response.id` type integer → string | Breaking",
        "GET /things/{thingId} | `response.status` value \"inactive\" removed | Breaking",
        "GET /things/{thingId} | `response.status` value \"pending\" added | Additive",
        "GET /things/{thingId} | classic scope `thing:read:admin` removed | None",
        "GET /things/{thingId} | classic scope `thing:write` added | None",
        "GET /things/{thingId} | field `response.legacy` removed | Breaking",
        "GET /things/{thingId} | field `response.status` is now required | Breaking",
        "GET /things/{thingId} | optional field `response.created_at` added | Additive",
        "GET /things/{thingId} | optional field `response.owner.name` added | Additive",
        "GET /things/{thingId} | optional query parameter `page_size` added | Additive",
        "GET /things/{thingId} | query parameter `legacy_flag` removed | Breaking",
        "GET /things/{thingId} | query parameter `mode` is now required | Breaking",
        "GET /things/{thingId} | rate-limit label LIGHT → MEDIUM | None",
        "POST /new | operation `createNew` added | Additive",
        "event thing.born | added | Additive",
        "event thing.updated | classic scope `thing:read:admin` added | None",
        "event thing.updated | classic scope `thing:read` removed | None",
        "event thing.updated | optional field `body.payload.object.color` added | Additive",
        "event thing.vanished | removed | Breaking",
    ];
    assert_eq!(lines, expected, "\n{}", lines.join("\n"));
    assert!(report.changes.iter().all(|c| c.product == "things"));

    let (impact, why) = report.semver();
    assert_eq!(impact, Impact::Breaking);
    assert!(why.starts_with("things DELETE /gone: operation `deleteGone` removed (and "), "{why}");

    // The hint and a summary per product open the report; breaking subjects and lines come first.
    let text = report.text();
    let head = format!("semver: major (breaking: {why})\n  things: 9 breaking, 7 additive, 5 none\n\nthings\n");
    assert!(text.starts_with(&head), "{text}");
    let order: Vec<&str> = text.lines().filter(|l| l.starts_with("  ") && !l.starts_with("   ")).skip(1).collect();
    assert_eq!(
        order,
        [
            "  DELETE /gone",
            "  GET /renamed",
            "  GET /things/{thingId}",
            "  event thing.vanished",
            "  POST /new",
            "  event thing.born",
            "  event thing.updated"
        ]
    );
    let thing = text.split("  GET /things/{thingId}\n").nth(1).unwrap();
    let rank = |line: &str| ["[breaking]", "[additive]", "[none]"].iter().position(|tag| line.trim().starts_with(tag));
    let ranks: Vec<Option<usize>> = thing.lines().take_while(|l| l.starts_with("    ")).map(rank).collect();
    assert_eq!(ranks.len(), 13);
    assert!(ranks.is_sorted(), "breaking, then additive, then none: {thing}");
    let markdown = report.markdown();
    assert!(markdown.starts_with("**semver: major** (breaking): "), "{markdown}");
    assert!(markdown.contains("\n- things: 9 breaking, 7 additive, 5 none\n"), "{markdown}");
    assert!(markdown.contains("\n### things\n\n- `DELETE /gone`\n"), "{markdown}");
    assert!(markdown.contains("- `POST /new`\n  - operation `createNew` added *(additive)*\n"), "{markdown}");
    let json = report.json();
    assert_eq!(json["semver"]["bump"], "major");
    assert_eq!(
        json["summary"][0],
        serde_json::json!({"product": "things", "breaking": 9, "additive": 7, "none": 5, "moved": 0})
    );
    assert_eq!(json["changes"].as_array().unwrap().len(), expected.len());
    assert_eq!(json["changes"][0]["change"], "operation `deleteGone` removed");
}

/// A document whose one answer has the given properties, `id` required.
fn answering(properties: Value) -> Value {
    json!({"openapi": "3.0.0", "info": {"title": "Things", "version": "1"}, "paths": {"/things/{thingId}": {"get": {
        "operationId": "getThing",
        "parameters": [{"name": "thingId", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": response(properties, json!(["id"]))
    }}}})
}

#[test]
fn an_answer_that_only_gains_an_optional_field_is_a_minor_release() {
    let before =
        json!({"id": {"type": "string"}, "owner": {"type": "object", "properties": {"email": {"type": "string"}}}});
    let mut after = before.clone();
    after["color"] = json!({"type": "string"});
    after["owner"]["properties"]["name"] = json!({"type": "string"});
    let report = diff(&api(answering(before.clone()), webhooks(1)), &api(answering(after), webhooks(1)));
    let lines: Vec<String> = report.changes.iter().map(|c| format!("{} | {:?}", c.what, c.impact)).collect();
    assert_eq!(
        lines,
        ["optional field `response.color` added | Additive", "optional field `response.owner.name` added | Additive"]
    );
    let (impact, _) = report.semver();
    assert_eq!(impact.bump(), "minor");
    assert!(
        report.text().contains("semver: minor (additive: things GET /things/{thingId}: optional field"),
        "{}",
        report.text()
    );

    // A field a request must now carry breaks its callers, whatever the answers do.
    let sent = |required: bool| {
        let mut doc = answering(before.clone());
        let thing = json!({"type": "object", "required": if required { json!(["name"]) } else { json!([]) }, "properties": {"name": {"type": "string"}, "size": {"type": "integer"}}});
        doc["paths"]["/things/{thingId}"]["patch"] = json!({"operationId": "updateThing", "requestBody": {"content": {"application/json": {"schema": thing}}}, "responses": {"204": {"description": "done"}}});
        doc
    };
    let mut only_name = sent(false);
    only_name["paths"]["/things/{thingId}"]["patch"]["requestBody"]["content"]["application/json"]["schema"]["properties"]
        .as_object_mut()
        .unwrap()
        .remove("size");
    let report = diff(&api(only_name, webhooks(1)), &api(sent(false), webhooks(1)));
    let lines: Vec<String> = report.changes.iter().map(|c| format!("{} | {:?}", c.what, c.impact)).collect();
    assert_eq!(lines, ["optional field `request.size` added | Breaking"], "a request body is an exhaustive struct");
}

#[test]
fn editions_that_differ_only_in_data_or_not_at_all() {
    let same = diff(&api(rest(2), webhooks(2)), &api(rest(2), webhooks(2)));
    assert!(same.changes.is_empty(), "{:?}", same.changes);
    assert_eq!(same.semver(), (Impact::None, "no change".to_owned()));

    let mut relabelled = rest(2);
    let description = described("`thing:read`,`thing:write`", "HEAVY");
    relabelled["paths"]["/things/{thingId}"]["get"]["description"] = json!(description);
    let report = diff(&api(rest(2), webhooks(2)), &api(relabelled, webhooks(2)));
    let (impact, why) = report.semver();
    assert_eq!(impact, Impact::None);
    assert!(why.contains("only scopes or rate-limit labels"), "{why}");
    assert_eq!(report.changes.len(), 1);
}

/// `rest(2)` as Zoom's 2023 editions spelled it: `in` and `style` in capitals, the scopes under
/// `**Scopes:**` and in `extensions`, the rate-limit label in another case on the scopes' line.
fn rest_in_2023_spelling() -> Value {
    let mut doc = rest(2);
    let operation = &mut doc["paths"]["/things/{thingId}"]["get"];
    operation["description"] =
        json!("Does it.\n\n**Scopes:** `thing:read`,`thing:write`<br> **Rate Limit Label:** `Medium`");
    operation["extensions"] = json!({"x-macro-scopes": ["thing:read", "thing:write"]});
    for parameter in doc["paths"]["/things/{thingId}"]["get"]["parameters"].as_array_mut().unwrap() {
        let location = parameter["in"].as_str().unwrap().to_ascii_uppercase();
        parameter["style"] = json!(if location == "PATH" { "SIMPLE" } else { "FORM" });
        parameter["in"] = json!(location);
    }
    doc
}

#[test]
fn an_older_edition_in_zoom_s_2023_conventions_reads_as_the_same_api() {
    let old = api(rest_in_2023_spelling(), webhooks(2));
    let report = diff(&old, &api(rest(2), webhooks(2)));
    assert!(report.changes.is_empty(), "{:?}", report.changes);
    let (_, _, operation) = old.operations().find(|(_, _, op)| op.id == "getThing").unwrap();
    assert_eq!(operation.params.len(), 3, "the parameters were read, not dropped");
    let classic: Vec<_> = operation.scopes.classic.iter().map(|s| (s.name.as_str(), s.sources.extension)).collect();
    assert_eq!(classic, [("thing:read", true), ("thing:write", true)], "from the description and `extensions`");
    assert_eq!(operation.rate_limit.as_ref().unwrap().raw, "Medium", "kept as Zoom wrote it");
    assert_eq!(operation.description.as_deref(), Some("Does it."), "the metadata is data, not text");
}

/// A read and an update of one thing; the update's body has `name`, and `size` when `sized`.
fn read_and_update(size_required: Option<bool>) -> Value {
    let mut doc = answering(json!({"id": {"type": "string"}, "name": {"type": "string"}}));
    let mut body = json!({"type": "object", "properties": {"name": {"type": "string"}}});
    if let Some(required) = size_required {
        body["properties"]["size"] = json!({"type": "integer"});
        body["required"] = if required { json!(["size"]) } else { json!([]) };
    }
    doc["paths"]["/things/{thingId}"]["patch"] = json!({"operationId": "updateThing",
        "requestBody": {"content": {"application/json": {"schema": body}}},
        "responses": {"204": {"description": "done"}}});
    doc
}

#[test]
fn a_conversion_that_goes_away_is_breaking_and_one_that_comes_is_additive() {
    let conversions = |report: &generator::diff::Report| -> Vec<String> {
        report
            .changes
            .iter()
            .filter(|c| c.subject == "conversions")
            .map(|c| format!("{} | {:?}", c.what, c.impact))
            .collect()
    };
    // `size` becomes required: an answer has none to give, so the read no longer converts.
    let report = diff(&api(read_and_update(Some(false)), webhooks(1)), &api(read_and_update(Some(true)), webhooks(1)));
    assert_eq!(
        conversions(&report),
        ["`impl From<GetThingResponse> for UpdateThingRequest` removed | Breaking"],
        "{:?}",
        report.changes
    );
    let report = diff(&api(read_and_update(Some(true)), webhooks(1)), &api(read_and_update(None), webhooks(1)));
    assert_eq!(conversions(&report), ["`impl From<GetThingResponse> for UpdateThingRequest` added | Additive"]);
    let same = diff(&api(read_and_update(None), webhooks(1)), &api(read_and_update(Some(false)), webhooks(1)));
    assert!(conversions(&same).is_empty(), "{:?}", same.changes);
}

/// An API of several REST documents, one per product.
fn products(docs: &[(&str, Value)]) -> Api {
    build(docs.iter().map(|(product, doc)| (*product, Variant::Rest, doc.clone())).collect())
}

/// A document of the given (method, path, operationId) operations, each answering 204.
fn operations(title: &str, ops: &[(&str, &str, &str)]) -> Value {
    let mut paths = serde_json::Map::new();
    for (method, path, id) in ops {
        let parameters: Vec<Value> = path
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}'))
            .map(|(name, _)| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        let entry = paths.entry(path.to_string()).or_insert_with(|| json!({}));
        entry[*method] =
            json!({"operationId": id, "parameters": parameters, "responses": {"204": {"description": "done"}}});
    }
    json!({"openapi": "3.0.0", "info": {"title": title, "version": "1"}, "paths": paths})
}

#[test]
fn operations_that_moved_between_documents_or_paths_are_moves_not_removals() {
    let old = products(&[
        (
            "meetings",
            operations(
                "Meetings",
                &[
                    ("get", "/meetings/{meetingId}", "getMeeting"),
                    ("get", "/users/{userId}/assistants", "listUserAssistants"),
                    ("get", "/webinars/{WebinarUUID}/tracks", "getTracks"),
                    ("post", "/meetings/things", "addThing"),
                    ("delete", "/gone", "deleteGone"),
                ],
            ),
        ),
        ("users", operations("Users", &[("get", "/users/{userId}", "getUser")])),
    ]);
    let new = products(&[
        (
            "meetings",
            operations(
                "Meetings",
                &[("get", "/meetings/{meetingId}", "getMeeting"), ("get", "/webinars/{webinarId}/tracks", "getTracks")],
            ),
        ),
        (
            "users",
            operations(
                "Users",
                &[
                    ("get", "/users/{userId}", "getUser"),
                    ("get", "/users/{userId}/assistants", "listUserAssistants"),
                    ("post", "/users/{userId}/things", "addThing"),
                ],
            ),
        ),
    ]);
    let report = diff(&old, &new);
    let lines: Vec<String> =
        report.changes.iter().map(|c| format!("{} {} | {} | {:?}", c.product, c.subject, c.what, c.impact)).collect();
    let expected = [
        "meetings DELETE /gone | operation `deleteGone` removed | Breaking",
        "meetings GET /users/{userId}/assistants | moved to `users` (`GET /users/{userId}/assistants`), since method \
         `list_user_assistants` went with it | Breaking",
        "meetings GET /webinars/{webinarId}/tracks | path parameter `WebinarUUID` is now `webinarId` | None",
        "meetings GET /webinars/{webinarId}/tracks | path was `GET /webinars/{WebinarUUID}/tracks`; the method calls \
         the new one | None",
        "meetings POST /meetings/things | moved to `users` (`POST /users/{userId}/things`), since method `add_thing` \
         went with it | Breaking",
        "users GET /users/{userId}/assistants | moved here from `meetings` (`GET /users/{userId}/assistants`): \
         `client.users().list_user_assistants()` (feature `users`) | Additive",
        "users POST /users/{userId}/things | moved here from `meetings` (`POST /meetings/things`): \
         `client.users().add_thing()` (feature `users`) | Additive",
        "users POST /users/{userId}/things | required path parameter `userId` added | Breaking",
    ];
    assert_eq!(lines, expected, "{}", report.text());
    // The release is major, and the reason given is the removal, not a move.
    let (impact, why) = report.semver();
    assert_eq!(impact, Impact::Breaking);
    assert!(why.starts_with("meetings DELETE /gone: operation `deleteGone` removed"), "{why}");

    // The release notes tell of a move once, where code must follow it, and not of a path
    // parameter renamed in place.
    let notes: Vec<String> = report.changes.iter().filter_map(|c| c.note.as_ref()).map(|n| n.text.clone()).collect();
    assert_eq!(
        notes,
        [
            "`client.meetings().delete_gone()` (`DELETE /gone`)",
            "`client.meetings().list_user_assistants()` moved to `client.users().list_user_assistants()` (feature \
             `users`)",
            "`client.meetings().get_tracks()` calls `GET /webinars/{webinarId}/tracks` (was `GET \
             /webinars/{WebinarUUID}/tracks`)",
            "`client.meetings().add_thing()` moved to `client.users().add_thing()` (feature `users`)",
            "`client.users().add_thing()` takes a new required argument `user_id`",
        ]
    );
}

#[test]
fn a_field_removed_beside_a_near_identical_added_one_is_a_likely_rename() {
    let before =
        json!({"id": {"type": "string"}, "assgined_to_name": {"type": "string"}, "legacy": {"type": "string"}});
    let after = json!({"id": {"type": "string"}, "assigned_to_name": {"type": "string"}, "color": {"type": "string"}});
    let report = diff(&api(answering(before), webhooks(1)), &api(answering(after), webhooks(1)));
    let lines: Vec<String> = report.changes.iter().map(|c| format!("{} | {:?}", c.what, c.impact)).collect();
    assert_eq!(
        lines,
        [
            "field `response.assgined_to_name` removed (likely renamed `assigned_to_name`) | Breaking",
            "field `response.legacy` removed | Breaking",
            "optional field `response.assigned_to_name` added | Additive",
            "optional field `response.color` added | Additive",
        ]
    );
    let notes: Vec<&str> = report.changes.iter().filter_map(|c| c.note.as_ref()).map(|n| n.text.as_str()).collect();
    assert!(
        notes.contains(
            &"`things::types::GetThingResponse::assgined_to_name` (field, likely renamed `assigned_to_name`)"
        ),
        "{notes:?}"
    );
}

#[test]
fn a_partial_diff_compares_only_its_documents_and_a_move_stays_a_move() {
    let meetings_then = operations(
        "Meetings",
        &[("get", "/meetings/{meetingId}", "getMeeting"), ("get", "/users/{userId}/assistants", "listUserAssistants")],
    );
    let meetings_now = operations("Meetings", &[("get", "/meetings/{meetingId}", "getMeeting")]);
    let users_now = operations(
        "Users",
        &[("get", "/users/{userId}/assistants", "listUserAssistants"), ("delete", "/users/{userId}", "deleteUser")],
    );
    // The old side holds only the meetings document; the new one is whole.
    let old = products(&[("meetings", meetings_then)]);
    let new = products(&[("meetings", meetings_now), ("users", users_now)]);
    let compared = generator::diff::Compared {
        documents: [("meetings".to_owned(), Variant::Rest)].into(),
        files: vec!["meetings.json".to_owned()],
    };
    let report = generator::diff::diff_some(&old, &new, Some(&compared));
    let lines: Vec<String> =
        report.changes.iter().map(|c| format!("{} {} | {} | {:?}", c.product, c.subject, c.what, c.impact)).collect();
    assert_eq!(
        lines,
        [
            "meetings GET /users/{userId}/assistants | moved to `users` (`GET /users/{userId}/assistants`), since method \
             `list_user_assistants` went with it | Breaking"
        ],
        "users is not compared, so neither its new operation nor the move's other side is listed"
    );
    assert!(report.text().contains("\n  compared only: meetings.json\n"), "{}", report.text());
    assert_eq!(report.json()["compared"], json!(["meetings.json"]));
    // The whole diff of the same editions would call users a new product.
    let whole = diff(&old, &new);
    assert!(whole.changes.iter().any(|c| c.product == "users" && c.subject == "product"), "{:?}", whole.changes);
}

#[test]
fn the_changelog_entry_says_every_change_in_rust_terms() {
    use generator::release::{Release, Version, entry};
    let report = diff(&api(rest(1), webhooks(1)), &api(rest(2), webhooks(2)));
    let editions = [("things.json".to_owned(), "ab".repeat(32))];
    let release = Release {
        version: Version::parse("0.1.0").unwrap().next(report.semver().0),
        date: "2026-12-02",
        editions: &editions,
    };
    let text = entry(&report, &release, "");
    let expected = "## [0.2.0] - 2026-12-02

Generated from Zoom's new editions of `things.json` (sha256 `abababababab`). A breaking release: 9 breaking changes, 7 additions, 5 changes that need no change to code.

### Added

- `client.things().create_new()` (feature `things`): `POST /new`
- `client.things().get_thing()`: optional parameter `.page_size()`
- `things::types::GetThingResponse::created_at` (optional field)
- `things::types::Owner::name` (optional field)
- `things::types::ThingStatus::Pending` (value `\"pending\"`)
- `things::types::ThingUpdatedEventObject::color` (optional field)
- `things::webhooks::Event::ThingBorn` (`thing.born`)

### Changed

- **Breaking:** `client.things().get_thing()` takes `mode` as a required argument (it was `.mode()`)
- **Breaking:** `client.things().list_old()` is now `client.things().list_renamed()`
- **Breaking:** `things::types::GetThingResponse::id` is string (was integer)
- **Breaking:** `things::types::GetThingResponse::status` is now required
- `client.things().get_thing()` in the scope table: classic scope `thing:read:admin` removed
- `client.things().get_thing()` in the scope table: classic scope `thing:write` added
- `client.things().get_thing()` is throttled as rate-limit label MEDIUM (was LIGHT)
- `things::webhooks::Event::ThingUpdated` in the scope table: classic scope `thing:read:admin` added
- `things::webhooks::Event::ThingUpdated` in the scope table: classic scope `thing:read` removed

### Removed

- **Breaking:** `client.things().delete_gone()` (`DELETE /gone`)
- **Breaking:** `client.things().get_thing()`: optional parameter `.legacy_flag()`
- **Breaking:** `things::types::GetThingResponse::legacy` (field)
- **Breaking:** `things::types::ThingStatus::Inactive` (value `\"inactive\"`)
- **Breaking:** `things::webhooks::Event::ThingVanished` (`thing.vanished`)
";
    assert_eq!(text, expected, "\n{text}");
}
