//! Rust method names for operations.

use std::collections::BTreeMap;

use openapiv3::{Operation, Parameter, PathItem, ReferenceOr};

use super::{ParsedDocument, Rename};
use crate::error::{Error, Location, Result};
use crate::ir::Warning;
use crate::names;

/// An operation of a document and its method name.
pub struct Named<'a> {
    pub path: &'a str,
    pub method: &'a str,
    pub item: &'a PathItem,
    pub op: &'a Operation,
    pub name: String,
    /// See [`super::operation::OperationInput::positions`].
    pub positions: String,
    pub location: Location,
}

/// Names every operation of a document. Two operations that would get one method name are an
/// error naming both: which one got it would depend on their order in Zoom's document, and
/// Zoom adding an operation could hand an existing method to it. `spec/renames.toml` names
/// operations apart, by operationId or, for operations that share one, by `"METHOD /path"`.
pub fn name_operations<'a>(
    product: &str,
    doc: &'a ParsedDocument,
    renames: Option<&BTreeMap<String, Rename>>,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Named<'a>>> {
    let mut named = Vec::new();
    // Per operation: its endpoint, operationId, and whether spec/renames.toml named it by endpoint.
    let mut keys: Vec<(String, &str, bool)> = Vec::new();
    for (path, item) in &doc.openapi.paths.paths {
        let location = Location::new(&doc.entry.file, "").child("paths").child(path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                return Err(Error::spec(&location, format!("`$ref: {reference}` path items are not supported")));
            }
        };
        for (method, op) in item.iter() {
            let location = location.child(method);
            let id =
                op.operation_id.as_deref().ok_or_else(|| Error::spec(&location, "operation has no operationId"))?;
            let location = location.in_operation(id);
            let endpoint = format!("{} {path}", method.to_ascii_uppercase());
            let by_endpoint = renames.and_then(|r| r.get(&endpoint));
            let shape = Shape { id, summary: op.summary.as_deref(), method, path, paged: paged(item, op) };
            let OperationName { name, warning } = match by_endpoint {
                Some(rename) => OperationName::renamed(rename),
                None => operation_name(&shape, renames),
            };
            if let Some(message) = warning {
                warnings.push(Warning { location: location.clone(), message });
            }
            keys.push((endpoint, id, by_endpoint.is_some()));
            named.push(Named { path, method, item, op, name, positions: id.to_owned(), location });
        }
    }
    let mut first_with: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, n) in named.iter().enumerate() {
        if let Some(&first) = first_with.get(n.name.as_str()) {
            let ((a, id_a, _), (b, id_b, _)) = (&keys[first], &keys[i]);
            let how = if id_a == id_b {
                format!("both have operationId `{id_a}`, so name one of them by method and path")
            } else {
                "name one of them by operationId or by method and path".to_owned()
            };
            let at = &n.location;
            let message = format!(
                "{a} and {b} ({}#{}) would both be the method `{}`; {how} in spec/renames.toml \
                 (`[{product}]` `\"{a}\" = \"…\"`)",
                at.file, at.pointer, n.name
            );
            return Err(Error::spec(&named[first].location, message));
        }
        first_with.insert(&n.name, i);
    }
    // Operations that share an operationId would share the type positions keyed by it: those
    // named by method and path key their positions by those instead, as `GET:/path` (one word,
    // as spec/overrides.toml writes an operation).
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, id, _) in &keys {
        *ids.entry(id).or_default() += 1;
    }
    for (n, (endpoint, id, by_endpoint)) in named.iter_mut().zip(&keys) {
        if *by_endpoint && ids[id] > 1 {
            n.positions = endpoint.replacen(' ', ":", 1);
        }
    }
    Ok(named)
}

/// Whether an operation is paginated: it takes `next_page_token` or `page_number`.
fn paged(item: &PathItem, op: &Operation) -> bool {
    let params = op.parameters.iter().chain(&item.parameters);
    params.filter_map(|p| p.as_item()).any(|p| {
        matches!(p, Parameter::Query { parameter_data, .. }
            if matches!(parameter_data.name.as_str(), "next_page_token" | "page_number"))
    })
}

/// An operation's method name, and a warning when Zoom's operationId had to be guessed at.
#[derive(Debug, PartialEq, Eq)]
pub struct OperationName {
    pub name: String,
    pub warning: Option<String>,
}

impl OperationName {
    fn renamed(rename: &Rename) -> Self {
        OperationName { name: rename.name.clone(), warning: None }
    }
}

/// The method name of an operation.
///
/// The rename map (`spec/renames.toml`) wins. Otherwise its words are the id's, when it is an
/// identifier in camelCase or snake_case (acronyms whole: `userPACs` is `user pacs`); for ids Zoom
/// ran together (`Getameetingsummary`) or that are not identifiers, the summary's words when they
/// spell the same letters (`get meeting summary`); else the id's own characters, with a warning.
/// Then the verb goes first (see [`verb_first`]).
pub fn operation_name(shape: &Shape, renames: Option<&BTreeMap<String, Rename>>) -> OperationName {
    if let Some(rename) = renames.and_then(|r| r.get(shape.id)) {
        return OperationName::renamed(rename);
    }
    let id = shape.id;
    let is_identifier =
        id.starts_with(|c: char| c.is_ascii_alphabetic()) && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let run_together =
        is_identifier && id.len() > 12 && !id.contains('_') && !id[1..].chars().any(|c| c.is_ascii_uppercase());
    let letters =
        |s: &str| s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect::<String>();
    let from_summary = shape.summary.filter(|_| !is_identifier || run_together).and_then(|summary| {
        let words: Vec<String> = names::words(summary)
            .into_iter()
            .filter(|w| !matches!(w.to_ascii_lowercase().as_str(), "a" | "an" | "the"))
            .collect();
        let matches = letters(summary) == letters(id) || letters(&words.join(" ")) == letters(id);
        (matches && words.len() > 1).then(|| names::id_words(&words.join(" ")))
    });
    let (words, why) = match from_summary {
        Some(words) => (words, None),
        None if is_identifier && !run_together => (names::id_words(id), None),
        None => (names::id_words(id), Some(if is_identifier { "runs words together" } else { "is not an identifier" })),
    };
    let name = names::snake(&verb_first(words, shape).join("_"));
    let warning =
        why.map(|why| format!("operationId `{id}` {why}; named `{name}` (give it a better name in spec/renames.toml)"));
    OperationName { name, warning }
}

/// What naming reads of an operation: its operationId and summary, its HTTP method (lower case,
/// as documents write it), path template, and whether it is paginated.
pub struct Shape<'a> {
    pub id: &'a str,
    pub summary: Option<&'a str>,
    pub method: &'a str,
    pub path: &'a str,
    pub paged: bool,
}

/// Words a method name may start with: the verbs Zoom's operationIds and summaries start with
/// (`batch` and `bulk` lead one: `batch_delete_queues`).
const VERBS: &str = "\
    accept activate add allocate apply approve archive assign associate batch block bulk cancel \
    change check claim clone close complete config confirm convert copy create deactivate decline \
    delete demote deny disable disassociate dismiss downgrade download duplicate edit enable end \
    export fetch generate get grant hide import initiate insert invite join leave list lock manage \
    mark migrate modify move mute patch pause perform pin post promote provision publish query quick \
    react reboot refresh register reject remove rename reorder replace resend reset restart restore \
    resume retrieve revoke rotate schedule search send set share star start stop submit subscribe \
    suspend switch sync transfer trash unarchive unassign unblock unhide unlink unlock unmute unpin \
    unpublish unregister unstar unsubscribe untrash update upgrade upload upsert validate verify";

fn is_verb(word: &str) -> bool {
    VERBS.split_ascii_whitespace().any(|verb| verb == word)
}

/// Verbs Zoom writes after the noun (`meetingCreate`, `contactGroupMemberAdd`), which move to the
/// front, and what they become there: `patch` and `post`, HTTP methods Zoom wrote as verbs, become
/// `update` and `create` (`byosStoragePost` → `create_byos_storage`).
const TRAILING_VERBS: &[(&str, &str)] = &[
    ("activate", "activate"),
    ("add", "add"),
    ("assign", "assign"),
    ("check", "check"),
    ("create", "create"),
    ("deactivate", "deactivate"),
    ("delete", "delete"),
    ("download", "download"),
    ("get", "get"),
    ("list", "list"),
    ("patch", "update"),
    ("post", "create"),
    ("remove", "remove"),
    ("sync", "sync"),
    ("unassign", "unassign"),
    ("update", "update"),
    ("upload", "upload"),
];

/// Plurals that name one thing: a GET of `/users/{userId}/settings` gets them, it lists nothing.
const SINGULAR_PLURALS: &[&str] = &["analytics", "details", "metrics", "qos", "settings", "sms", "statistics"];

/// The verb a method name ends in, when it does: its last word is one Zoom writes after the noun
/// and its first word is no verb (`meeting_create`; `create_call_list` starts with its verb, and
/// its `list` is a noun). [`operation_name`] moves such verbs to the front, so only a name from
/// `spec/renames.toml` can end in one, and that entry gives the reason (`verb_last`).
pub fn verb_last(name: &str) -> Option<&str> {
    let (first, last) = (name.split('_').next()?, name.rsplit('_').next()?);
    let trailing = TRAILING_VERBS.iter().any(|(verb, _)| *verb == last);
    (trailing && !is_verb(first)).then_some(last)
}

/// `words` of an operationId (lower case), verb first:
/// 1. an article goes, also one run into the verb (`GetaManagedRoom`, `getAClosureSet`); `del`
///    is `delete`, and `un` and a verb are one word (`unAssign…`);
/// 2. a name that starts with a verb keeps its order;
/// 3. else the last verb Zoom writes after the noun moves to the front (`meetingCreate` →
///    `create_meeting`, `userListReservations` → `list_user_reservations`);
/// 4. else the HTTP method gives one: GET `get`, or `list` when the path ends in a collection
///    (a literal segment) and the operation is paginated or its last word a plural
///    (`meetingRegistrants` → `list_meeting_registrants`); DELETE `delete`; PUT and PATCH `update`
///    (`meetingStatus` → `update_meeting_status`). A POST without a verb keeps its words
///    (`eventActions`): it may create or do anything.
fn verb_first(mut words: Vec<String>, shape: &Shape) -> Vec<String> {
    let unglued = |w: &str| {
        let verb = w.strip_suffix("an").filter(|v| is_verb(v)).or_else(|| w.strip_suffix('a').filter(|v| is_verb(v)));
        verb.map(str::to_owned)
    };
    if words.len() > 1
        && let Some(verb) = unglued(&words[0])
    {
        words[0] = verb;
    }
    if words.len() > 1 {
        words.retain(|w| !matches!(w.as_str(), "a" | "an" | "the"));
    }
    if words.first().is_some_and(|w| w == "del") {
        words[0] = "delete".to_owned();
    }
    let mut merged: Vec<String> = Vec::with_capacity(words.len());
    for word in words {
        match merged.last_mut() {
            Some(un) if un == "un" && is_verb(&word) => un.push_str(&word),
            _ => merged.push(word),
        }
    }
    let mut words = merged;
    if words.first().is_none_or(|w| is_verb(w)) {
        return words;
    }
    let trailing = words
        .iter()
        .enumerate()
        .skip(1)
        .rev()
        .find_map(|(i, w)| TRAILING_VERBS.iter().find(|(verb, _)| verb == w).map(|(_, front)| (i, *front)));
    if let Some((i, front)) = trailing {
        words.remove(i);
        words.insert(0, front.to_owned());
        return words;
    }
    let collection = shape.path.rsplit('/').next().is_some_and(|segment| !segment.starts_with('{'));
    let plural = words.last().is_some_and(|w| {
        w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !SINGULAR_PLURALS.contains(&w.as_str())
    });
    let verb = match shape.method {
        "get" if collection && (shape.paged || plural) => "list",
        "get" => "get",
        "delete" => "delete",
        "put" | "patch" => "update",
        _ => return words,
    };
    words.insert(0, verb.to_owned());
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(id: &str, summary: Option<&str>, method: &str, path: &str, paged: bool) -> String {
        operation_name(&Shape { id, summary, method, path, paged }, None).name
    }

    #[test]
    fn operation_names() {
        let get = |id: &str, summary: &str| {
            operation_name(&Shape { id, summary: Some(summary), method: "get", path: "/x/{id}", paged: false }, None)
        };
        assert_eq!(get("Getameetingsummary", "Get a meeting summary").name, "get_meeting_summary");
        assert_eq!(get("downloadFile.", "Download file").name, "download_file");
        assert_eq!(
            get("Deletedivision", "Delete a division"),
            OperationName { name: "delete_division".into(), warning: None }
        );
        let guessed = get("Getuser'sfaxlogs", "Get extension's fax logs");
        assert_eq!(guessed.name, "get_getuser_sfaxlogs", "a guess, which the warning asks to rename");
        assert!(guessed.warning.unwrap().contains("not an identifier"));
        let renames = BTreeMap::from([("meetings".to_owned(), Rename::from("list_all_meetings"))]);
        let shape =
            Shape { id: "meetings", summary: None, method: "get", path: "/users/{userId}/meetings", paged: true };
        assert_eq!(operation_name(&shape, Some(&renames)).name, "list_all_meetings", "a rename wins");
    }

    #[test]
    fn method_names_put_the_verb_first() {
        // Zoom's verb after the noun moves to the front.
        let create = operation_name(
            &Shape {
                id: "meetingCreate",
                summary: None,
                method: "post",
                path: "/users/{userId}/meetings",
                paged: false,
            },
            None,
        );
        assert_eq!(create.name, "create_meeting");
        assert_eq!(
            name("contactGroupMemberAdd", None, "post", "/contacts/groups/{groupId}/members", false),
            "add_contact_group_member"
        );
        assert_eq!(
            name("userListReservations", None, "get", "/workspaces/users/{userId}/reservations", false),
            "list_user_reservations"
        );
        assert_eq!(
            name("byosStoragePost", None, "post", "/videosdk/settings/storage/location", false),
            "create_byos_storage"
        );
        assert_eq!(
            name("byosStorageDetailPatch", None, "patch", "/videosdk/settings/storage/location/{id}", false),
            "update_byos_storage_detail"
        );
        // A name that starts with a verb keeps its order, nouns that look like verbs too.
        assert_eq!(name("listMeetings", None, "get", "/users/{userId}/meetings", true), "list_meetings");
        assert_eq!(name("createCallList", None, "post", "/call_lists", false), "create_call_list");
        // Without a verb, the HTTP method gives one.
        assert_eq!(name("meeting", None, "get", "/meetings/{meetingId}", false), "get_meeting");
        assert_eq!(
            name("meetingRegistrants", None, "get", "/meetings/{meetingId}/registrants", true),
            "list_meeting_registrants"
        );
        assert_eq!(
            name("webinarPanelists", None, "get", "/webinars/{webinarId}/panelists", false),
            "list_webinar_panelists"
        );
        assert_eq!(name("reportTelephone", None, "get", "/report/telephone", true), "list_report_telephone");
        assert_eq!(name("userSettings", None, "get", "/users/{userId}/settings", false), "get_user_settings");
        assert_eq!(
            name("dashboardZoomRoom", None, "get", "/metrics/zoomrooms/{zoomroomId}", true),
            "get_dashboard_zoom_room"
        );
        assert_eq!(
            name("meetingRegistrantStatus", None, "put", "/meetings/{meetingId}/registrants/status", false),
            "update_meeting_registrant_status"
        );
        assert_eq!(
            name("delVB", None, "delete", "/accounts/{accountId}/settings/virtual_backgrounds", false),
            "delete_vb"
        );
        assert_eq!(
            name("eventActions", None, "post", "/events/{eventId}/event_actions", false),
            "event_actions",
            "a POST may do anything"
        );
        // Acronyms stay whole; articles go, also one run into the verb; `un` joins its verb.
        assert_eq!(name("userPACs", None, "get", "/users/{userId}/pac", false), "list_user_pacs");
        assert_eq!(name("GetaManagedRoom", None, "get", "/crc/managed_rooms/{deviceId}", false), "get_managed_room");
        assert_eq!(
            name("updateTheAccountOwner", None, "put", "/accounts/{accountId}/owner", false),
            "update_account_owner"
        );
        assert_eq!(
            name("unAssignPhoneNumCallQueue", None, "delete", "/phone/call_queues/{id}/phone_numbers/{n}", false),
            "unassign_phone_num_call_queue"
        );
        // Still an identifier.
        assert_eq!(name("move", None, "post", "/x", false), "move_");
    }

    #[test]
    fn a_name_ends_in_a_verb_when_its_noun_comes_first() {
        assert_eq!(verb_last("meeting_create"), Some("create"));
        assert_eq!(verb_last("contact_group_member_add"), Some("add"));
        assert_eq!(verb_last("create_meeting"), None);
        assert_eq!(verb_last("create_call_list"), None, "`list` is its noun");
        assert_eq!(verb_last("single_use_link"), None);
    }
}
