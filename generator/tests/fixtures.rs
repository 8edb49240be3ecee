//! The fixture documents of `spec/fixtures/`: snapshots of their generated code (what reviewers
//! diff when the emitter changes) and assertions on their IR.

mod common;

use generator::ir::{
    Api, BodyMedia, Home, Operation, PageSize, PageStyle, ParamIn, Product, RateLimitLabel, ResponseBody, TypeKind,
    TypeRef, Variant,
};
use generator::pipeline;

fn fixtures() -> (Api, Vec<generator::emit::GeneratedFile>) {
    pipeline::generate_fixtures(&common::workspace()).expect("fixtures generate")
}

fn product<'a>(api: &'a Api, key: &str) -> &'a Product {
    api.products.iter().find(|p| p.key == key).unwrap_or_else(|| panic!("no fixture {key}"))
}

fn op<'a>(p: &'a Product, id: &str) -> &'a Operation {
    p.surfaces().flat_map(|s| &s.operations).find(|o| o.id == id).unwrap_or_else(|| panic!("no operation {id}"))
}

fn named<'a>(p: &'a Product, ty: &TypeRef) -> &'a generator::ir::TypeDef {
    match ty {
        TypeRef::Named(id) => p.ty(*id),
        other => panic!("expected a named type, got {other:?}"),
    }
}

#[test]
fn generated_code_snapshots() {
    let (api, files) = fixtures();
    for p in &api.products {
        let mut text = String::new();
        for f in files.iter().filter(|f| f.path.starts_with(&format!("{}/", p.module))) {
            text.push_str(&format!("==> {} <==\n{}\n", f.path, f.contents));
        }
        common::snapshots().bind(|| insta::assert_snapshot!(format!("fixture-{}", p.key), text));
    }
}

#[test]
fn parameters_are_typed_and_placed() {
    let (api, _) = fixtures();
    let p = product(&api, "params");
    let meetings = op(p, "meetings");
    let placed: Vec<(&str, ParamIn, bool)> =
        meetings.params.iter().map(|p| (p.name.as_str(), p.location, p.required)).collect();
    assert_eq!(
        placed,
        [
            ("userId", ParamIn::Path, true),
            ("type", ParamIn::Query, false),
            ("page_size", ParamIn::Query, false),
            ("next_page_token", ParamIn::Query, false),
            ("page_number", ParamIn::Query, false),
            ("from", ParamIn::Query, false),
            ("changed_since", ParamIn::Query, false),
            ("ids", ParamIn::Query, false),
            ("x-trace-id", ParamIn::Header, false),
        ]
    );
    let ty = |name: &str| &meetings.params.iter().find(|p| p.name == name).unwrap().ty;
    assert_eq!(*ty("from"), TypeRef::Date);
    assert_eq!(*ty("changed_since"), TypeRef::DateTime);
    assert_eq!(*ty("ids"), TypeRef::Array(Box::new(TypeRef::Integer)));
    assert!(matches!(named(p, ty("type")).kind, TypeKind::Enum(_)));
    assert_eq!(named(p, ty("type")).name, "ListMeetingsType");
    assert_eq!(meetings.params.iter().find(|p| p.name == "x-trace-id").unwrap().ident, "x_trace_id");
    assert_eq!(meetings.name, "list_meetings");
}

#[test]
fn pagination_is_detected_from_parameters() {
    let (api, _) = fixtures();
    let p = product(&api, "params");
    let pages = |id: &str| op(p, id).pagination.as_ref().map(|p| (p.next_page_token, p.page_number));
    assert_eq!(pages("meetings"), Some((true, true)));
    assert_eq!(pages("reportDaily"), Some((false, true)));
    assert_eq!(pages("meeting"), None);
}

#[test]
fn listings_whose_answer_is_a_page_of_items_get_streams() {
    let (api, _) = fixtures();
    let p = product(&api, "pages");
    let pagination = |id: &str| op(p, id).pagination.clone().unwrap_or_else(|| panic!("{id} is paginated"));
    let stream = |id: &str| {
        let s = pagination(id).stream.unwrap_or_else(|why| panic!("{id} has no stream: {why}"));
        (s.style, s.items)
    };
    assert_eq!(stream("users"), (PageStyle::Token, "users".to_owned()));
    assert_eq!(stream("groupMembers"), (PageStyle::Token, "members".to_owned()));
    assert_eq!(stream("webinars"), (PageStyle::Number, "webinars".to_owned()));
    // `page_count` alone is enough: the stream counts the pages it asks for.
    assert_eq!(stream("accounts"), (PageStyle::Number, "account_list".to_owned()));
    // A deprecated array does not count.
    assert_eq!(stream("callHistory"), (PageStyle::Token, "call_history".to_owned()));
    let no_stream = |id: &str| pagination(id).stream.err().map(|why| why.to_string());
    assert_eq!(
        no_stream("callElements").as_deref(),
        Some("the response has 2 array fields (call_elements, call_logs)")
    );
    assert_eq!(no_stream("room").as_deref(), Some("the response has no next_page_token (or page_count) field"));
    // What `page_size` the streams ask for by default.
    let size = |id: &str| pagination(id).page_size;
    assert_eq!(size("users"), PageSize::Maximum(300));
    assert_eq!(size("groupMembers"), PageSize::Described(100));
    assert_eq!(size("roleMembers"), PageSize::Undocumented);
    assert_eq!(size("invoices"), PageSize::Absent);
    assert_eq!(PageSize::Undocumented.stream_default(), Some(300));
    // Operations that share a response type share its page type.
    assert_eq!(pagination("groupMembers").stream.unwrap().page, pagination("roleMembers").stream.unwrap().page);
}

#[test]
fn only_uuid_parameters_zoom_documents_as_such_are_double_encoded() {
    let (api, _) = fixtures();
    let p = product(&api, "params");
    assert!(op(p, "meeting").params[0].double_encode);
    assert!(!op(p, "meetingDelete").params[0].double_encode);
    assert!(!op(p, "meetings").params[0].double_encode);
}

#[test]
fn scopes_keep_where_they_came_from() {
    let (api, _) = fixtures();
    let p = product(&api, "params");
    let listed = op(p, "meetings");
    assert!(listed.scopes.classic.iter().all(|s| s.sources.extension && s.sources.description && s.sources.security));
    assert_eq!(listed.permissions, ["Meeting:Read"]);
    let described = op(p, "meeting");
    assert_eq!(described.scopes.granular.len(), 1);
    let s = &described.scopes.granular[0].sources;
    assert!(s.description && !s.extension && !s.security);
    // The description lines are data now, not prose.
    assert!(!described.description.as_deref().unwrap_or_default().contains("**[Scopes]"));
    // Disagreements between the sources are warnings.
    let disagreement =
        p.warnings.iter().find(|w| w.location.operation.as_deref() == Some("meetingRegistrantCreate")).unwrap();
    assert_eq!(
        disagreement.message,
        "classic scope `meeting:write:admin` is listed in the description but not in x-extensions"
    );
}

#[test]
fn rate_limit_labels_are_normalised_and_kept_as_written() {
    let (api, _) = fixtures();
    let p = product(&api, "params");
    let rate = |id: &str| op(p, id).rate_limit.as_ref().map(|r| (r.label.clone(), r.raw.clone()));
    assert_eq!(rate("meeting"), Some((RateLimitLabel::Light, "Light".into())));
    assert_eq!(rate("meetings"), Some((RateLimitLabel::Medium, "MEDIUM".into())));
    assert_eq!(rate("meetingRegistrantCreate"), Some((RateLimitLabel::ResourceIntensive, "RESOURCE-INTENSIVE".into())));
    assert_eq!(rate("meetingDelete"), Some((RateLimitLabel::Other("1".into()), "1".into())));
    assert_eq!(rate("reportDaily"), None);
}

#[test]
fn success_responses_and_bodies() {
    let (api, _) = fixtures();
    let params = product(&api, "params");
    let deleted = op(params, "meetingDelete");
    assert_eq!((deleted.response.status, &deleted.response.body), (204, &ResponseBody::Empty));
    assert_eq!(op(params, "meetingRegistrantCreate").response.status, 201);
    let bodies = product(&api, "bodies");
    let upload = op(bodies, "uploadFile").body.as_ref().unwrap();
    assert_eq!((upload.media.clone(), upload.required), (BodyMedia::Multipart, true));
    let TypeKind::Struct(form) = &named(bodies, &upload.ty).kind else { panic!("struct") };
    let file = form.fields.iter().find(|f| f.name == "file").unwrap();
    assert_eq!((file.ty.clone(), file.required), (TypeRef::Binary, true));
    assert_eq!(op(bodies, "downloadFile").response.body, ResponseBody::Bytes("application/octet-stream".into()));
    assert!(!op(bodies, "touchNotes").body.as_ref().unwrap().required);
}

#[test]
fn identical_shapes_fold_into_one_type_but_empty_objects_never_do() {
    let (api, _) = fixtures();
    let p = product(&api, "models");
    let address = p.types.iter().find(|t| t.name == "Address").unwrap();
    let origins: Vec<String> = address.origins.iter().map(|o| o.key()).collect();
    assert_eq!(origins, ["rest getProfile response.address", "rest updateProfile request.address"]);
    let update = named(p, &op(p, "updateProfile").body.as_ref().unwrap().ty);
    let TypeKind::Struct(s) = &update.kind else { panic!("struct") };
    let field = |name: &str| s.fields.iter().find(|f| f.name == name).unwrap().ty.clone();
    assert_eq!(field("settings"), TypeRef::AnyObject);
    assert_eq!(field("preferences"), TypeRef::AnyObject);
}

#[test]
fn master_operations_reuse_the_regular_types() {
    let (api, _) = fixtures();
    let p = product(&api, "twin");
    assert_eq!(p.master.as_ref().unwrap().variant, Variant::Master);
    let rest = op(p, "user");
    let master = p.master.as_ref().unwrap().operations.iter().find(|o| o.id == "user").unwrap();
    assert_eq!(rest.response.body, master.response.body, "the same type id");
    let only_master = p.types.iter().find(|t| t.name == "GetUserSummaryResponse").unwrap();
    assert_eq!(only_master.home, Home::Master);
    let shared = named(
        p,
        match &rest.response.body {
            ResponseBody::Json(t) => t,
            _ => panic!("json"),
        },
    );
    assert_eq!(shared.home, Home::Rest);
}

#[test]
fn odd_operation_ids_get_readable_names() {
    let (api, _) = fixtures();
    let p = product(&api, "quirks");
    assert_eq!(op(p, "Deletedivision").name, "delete_division");
    assert_eq!(op(p, "Quickaddevent").name, "quick_add_event");
    assert_eq!(op(p, "downloadFile.").name, "download_file");
    assert_eq!(op(p, "Getuser'sfaxlogs").name, "list_getuser_sfaxlogs");
    let warned =
        p.warnings.iter().any(|w| w.message.starts_with("operationId `Getuser'sfaxlogs` is not an identifier"));
    assert!(warned, "a name that had to be guessed is reported");
}

#[test]
fn every_repair_kind_fires_on_the_quirks_fixture() {
    let ws = common::workspace();
    let repairs = generator::normalise::RepairSet::load(&ws.repairs()).unwrap();
    let bytes = std::fs::read(ws.fixtures().join("quirks.json")).unwrap();
    let mut doc = generator::load::parse_json("quirks.json", &bytes).unwrap();
    let applied = generator::normalise::normalise("quirks.json", &mut doc, &repairs).unwrap();
    let lines: Vec<String> = applied.iter().map(|r| format!("{} {} {}", r.rule, r.pointer, r.change)).collect();
    common::snapshots().bind(|| insta::assert_snapshot!("fixture-quirks-repairs", lines.join("\n")));
    for rule in &repairs.rules {
        assert!(applied.iter().any(|r| r.rule == rule.id), "repair `{}` has no case in quirks.json", rule.id);
    }
    // Repaired, the document parses.
    generator::parse::parse_openapi("quirks.json", &doc).unwrap();
}

/// `spec/fixtures/overrides.toml` changes the types of the positions it names, and only those.
#[test]
fn overrides_change_what_they_name() {
    let (api, _) = fixtures();
    let models = product(&api, "models");
    let ResponseBody::Json(profile) = &op(models, "getProfile").response.body else { panic!("JSON answer") };
    let TypeKind::Struct(profile) = &named(models, profile).kind else { panic!("a struct") };
    let field = |name: &str| profile.fields.iter().find(|f| f.name == name).unwrap();
    assert!(!field("status").required, "overridden");
    assert!(field("created_at").required && field("id").required, "the others as documented");
    let ResponseBody::Json(TypeRef::Array(item)) = &op(models, "listProfiles").response.body else { panic!("a list") };
    let TypeKind::Struct(item) = &named(models, item).kind else { panic!("a struct") };
    assert_eq!(item.fields.iter().find(|f| f.name == "id").unwrap().ty, TypeRef::String);
}
