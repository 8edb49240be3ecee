//! What changed between two editions of Zoom's documents, read from the two IRs: operations,
//! parameters, request and response fields, enum values, scopes, rate-limit labels, webhook
//! events and `From` conversions, grouped by product, each with what it means for
//! `zoom-client`'s version.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;

use crate::ir::{
    Api, EnumLiteral, Event, Home, Operation, Product, ResponseBody, ScopeRef, TypeId, TypeKind, TypeRef, Variant,
};

/// What a change means for code that uses `zoom-client`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Nothing a program sees changes (scopes, rate-limit labels: data in the tables).
    None,
    /// New API; existing code keeps compiling.
    Additive,
    /// Existing code may stop compiling or behave differently.
    Breaking,
}

impl Impact {
    fn as_str(self) -> &'static str {
        match self {
            Impact::None => "none",
            Impact::Additive => "additive",
            Impact::Breaking => "breaking",
        }
    }

    /// The release a change calls for, in semver's words (before 1.0, Cargo reads a minor bump
    /// as breaking and a patch as compatible; the hint names the bump of a 1.x release).
    pub fn bump(self) -> &'static str {
        match self {
            Impact::None => "patch",
            Impact::Additive => "minor",
            Impact::Breaking => "major",
        }
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub product: String,
    /// What changed: `GET /users/{userId}/meetings (listMeetings)`, `event meeting.started`.
    pub subject: String,
    pub what: String,
    pub impact: Impact,
    /// An operation that moved from one product to another (reported on both sides).
    pub moved: bool,
    /// The change as code that uses the crate sees it; `None` where it sees nothing (a path
    /// parameter renamed in place, the arriving side of a move).
    pub note: Option<ReleaseNote>,
}

/// Where a change goes in the crate's CHANGELOG: Keep a Changelog's headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Added,
    Changed,
    Removed,
}

/// A change in Rust terms (methods, types, fields, features) for the crate's CHANGELOG:
/// `` `client.things().get_thing()` takes a new required argument `mode` ``.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReleaseNote {
    pub section: Section,
    pub text: String,
}

/// A change at one subject, before it is filed under its product and subject.
struct Line {
    what: String,
    impact: Impact,
    note: Option<ReleaseNote>,
}

impl Line {
    fn new(what: String, impact: Impact, section: Section, text: String) -> Line {
        Line { what, impact, note: Some(ReleaseNote { section, text }) }
    }

    /// A change no code that uses the crate sees.
    fn unseen(what: String, impact: Impact) -> Line {
        Line { what, impact, note: None }
    }
}

/// Every change between two IRs, sorted by product and subject.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub changes: Vec<Change>,
    /// The documents compared (`meetings.json`, `webhooks/meetings.json`), where not all were.
    pub compared: Option<Vec<String>>,
}

/// The documents a partial diff compares, by product and kind (`Webhooks` for the events).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Compared {
    pub documents: BTreeSet<(String, Variant)>,
    /// Their file names, as the report lists them.
    pub files: Vec<String>,
}

impl Compared {
    fn has(&self, product: &str, variant: Variant) -> bool {
        self.documents.contains(&(product.to_owned(), variant))
    }
}

/// Compares two generations of the API.
pub fn diff(old: &Api, new: &Api) -> Report {
    diff_some(old, new, None)
}

/// Compares only the documents `compared` names, where one side holds only some documents; an
/// operation that left one of them is still looked for in all the other side holds, so that a
/// move stays a move.
pub fn diff_some(old: &Api, new: &Api, compared: Option<&Compared>) -> Report {
    let mut out = Vec::new();
    let in_scope = |key: &str, variant: Variant| compared.is_none_or(|c| c.has(key, variant));
    let any_in_scope =
        |key: &str| [Variant::Rest, Variant::Master, Variant::Webhooks].into_iter().any(|v| in_scope(key, v));
    let old_products: BTreeMap<&str, &Product> = old.products.iter().map(|p| (p.key.as_str(), p)).collect();
    let new_products: BTreeMap<&str, &Product> = new.products.iter().map(|p| (p.key.as_str(), p)).collect();
    let moved = relocations(old, new);
    let editions = Editions { old: &old_products, new: &new_products, moved: &moved, in_scope: &in_scope };
    for (key, new_product) in new_products.iter().filter(|(k, _)| any_in_scope(k)) {
        match old_products.get(key) {
            Some(old_product) => product(old_product, new_product, &editions, &mut out),
            None => {
                let text =
                    format!("feature `{key}`: `zoom_client::{}`, Zoom's {} API", new_product.module, new_product.title);
                let line = Line::new("added (a new feature)".into(), Impact::Additive, Section::Added, text);
                push(&mut out, key, "product", line)
            }
        }
    }
    for key in old_products.keys().filter(|k| !new_products.contains_key(*k) && any_in_scope(k)) {
        let text = format!("feature `{key}` and `zoom_client::{}`", old_products[key].module);
        let line = Line::new("removed (its feature is gone)".into(), Impact::Breaking, Section::Removed, text);
        push(&mut out, key, "product", line);
    }
    out.sort();
    out.dedup();
    Report { changes: out, compared: compared.map(|c| c.files.clone()) }
}

/// Where an operation is: product key, Master Account API or not, method and path.
type Place<'a> = (&'a str, Variant, &'a str, &'a str);

fn places(api: &Api) -> BTreeMap<Place<'_>, &Operation> {
    let mut out = BTreeMap::new();
    for product in &api.products {
        for surface in product.surfaces() {
            for op in &surface.operations {
                out.insert((product.key.as_str(), surface.variant, op.method.as_str(), op.path.as_str()), op);
            }
        }
    }
    out
}

/// Where each operation that left its product or its path went (old place → new place): the
/// same method and path in another product; else the same operationId, in its own product
/// first. Only a place that is new in the other edition can be where one went.
fn relocations<'a>(old: &'a Api, new: &'a Api) -> BTreeMap<Place<'a>, Place<'a>> {
    let (before, after) = (places(old), places(new));
    let fresh: Vec<(Place, &Operation)> =
        after.iter().filter(|(p, _)| !before.contains_key(*p)).map(|(p, o)| (*p, *o)).collect();
    let mut taken: BTreeSet<Place> = BTreeSet::new();
    let mut out = BTreeMap::new();
    for (place, op) in before.iter().filter(|(p, _)| !after.contains_key(*p)) {
        let (product, variant, method, path) = *place;
        let free = fresh.iter().filter(|(p, _)| p.1 == variant && !taken.contains(p));
        let by_route = free.clone().find(|(p, _)| (p.2, p.3) == (method, path));
        let by_id = || free.filter(|(_, o)| o.id == op.id).min_by_key(|(p, _)| p.0 != product);
        if let Some((target, _)) = by_route.or_else(by_id) {
            taken.insert(*target);
            out.insert(*place, *target);
        }
    }
    out
}

/// Both editions' products, where the old one's operations went, and which documents are
/// compared.
struct Editions<'a, 'p> {
    old: &'a BTreeMap<&'p str, &'p Product>,
    new: &'a BTreeMap<&'p str, &'p Product>,
    moved: &'a BTreeMap<Place<'p>, Place<'p>>,
    in_scope: &'a dyn Fn(&str, Variant) -> bool,
}

/// How code calls an operation: `` `client.master().users().list_users()` ``.
fn call(product: &Product, variant: Variant, op: &Operation) -> String {
    let master = if variant == Variant::Master { "master()." } else { "" };
    format!("`client.{master}{}().{}()`", product.module, op.name)
}

/// The Cargo feature an operation needs: `` (feature `users-master`) ``.
fn feature(product: &Product, variant: Variant) -> String {
    let suffix = if variant == Variant::Master { "-master" } else { "" };
    format!("(feature `{}{suffix}`)", product.key)
}

/// A type's path in the crate: `meetings::types::GetMeetingResponse`.
fn type_path(product: &Product, id: TypeId) -> String {
    let ty = product.ty(id);
    let master = if ty.home == Home::Master { "master::" } else { "" };
    format!("{}::{master}types::{}", product.module, ty.name)
}

fn push(out: &mut Vec<Change>, product: &str, subject: &str, line: Line) {
    out.push(change(product, subject, line));
}

/// A side of the comparison: the product a type id belongs to.
#[derive(Clone, Copy)]
struct Side<'a> {
    product: &'a Product,
}

/// A position being compared: as the report names it (`response.meetings[].topic`), and as
/// Rust code reaches it (`` `meetings::types::ListMeetingsResponseMeetingsItem::topic` ``).
#[derive(Clone)]
struct At {
    wire: String,
    rust: String,
}

fn product<'p>(old: &'p Product, new: &'p Product, editions: &Editions<'_, 'p>, out: &mut Vec<Change>) {
    let key = new.key.as_str();
    for variant in [Variant::Rest, Variant::Master].into_iter().filter(|v| (editions.in_scope)(key, *v)) {
        let by_route = |p: &'p Product| -> BTreeMap<(&'p str, &'p str), &'p Operation> {
            p.surfaces()
                .filter(|s| s.variant == variant)
                .flat_map(|s| &s.operations)
                .map(|o| ((o.method.as_str(), o.path.as_str()), o))
                .collect()
        };
        let (before, after) = (by_route(old), by_route(new));
        let tag = if variant == Variant::Master { " (master)" } else { "" };
        // Operations that came here from another product or another path, by where they are now.
        let came: BTreeMap<(&str, &str), Place> = editions
            .moved
            .iter()
            .filter(|(_, to)| to.0 == key && to.1 == variant)
            .map(|(from, to)| ((to.2, to.3), *from))
            .collect();
        for (route, op) in &after {
            let subject = format!("{} {}{tag}", route.0, route.1);
            let new_side = Side { product: new };
            let now = call(new, variant, op);
            if let Some(was) = before.get(route) {
                operation(
                    Side { product: old },
                    was,
                    new_side,
                    op,
                    (&call(old, variant, was), &now),
                    key,
                    &subject,
                    out,
                );
                continue;
            }
            let Some(&(from_key, _, method, path)) = came.get(route) else {
                let what = format!("operation `{}` added", op.id);
                let text = format!("{now} {}: `{} {}`", feature(new, variant), route.0, route.1);
                push(out, key, &subject, Line::new(what, Impact::Additive, Section::Added, text));
                continue;
            };
            let Some(from) = editions.old.get(from_key).copied() else { continue };
            let Some(was) = by_route(from).get(&(method, path)).copied() else { continue };
            if from_key == key {
                let what = format!("path was `{method} {path}`; the method calls the new one");
                let text = format!("{now} calls `{} {}` (was `{method} {path}`)", route.0, route.1);
                push(out, key, &subject, Line::new(what, Impact::None, Section::Changed, text));
            } else {
                // The leaving side's note tells users of the move.
                let what = format!("moved here from `{from_key}` (`{method} {path}`): {now} {}", feature(new, variant));
                let line = Line::unseen(what, Impact::Additive);
                out.push(Change { moved: true, ..change(key, &subject, line) });
            }
            operation(Side { product: from }, was, new_side, op, (&call(from, variant, was), &now), key, &subject, out);
        }
        for (route, op) in before.iter().filter(|(r, _)| !after.contains_key(*r)) {
            let subject = format!("{} {}{tag}", route.0, route.1);
            let was = call(old, variant, op);
            match editions.moved.get(&(key, variant, route.0, route.1)) {
                // A new path in this product: reported there.
                Some(to) if to.0 == key => {}
                Some(&(to_key, to_variant, method, path)) => {
                    let what =
                        format!("moved to `{to_key}` (`{method} {path}`), since method `{}` went with it", op.name);
                    let arrived = editions.new.get(to_key).and_then(|p| {
                        let op = p.surfaces().filter(|s| s.variant == to_variant).flat_map(|s| &s.operations);
                        op.into_iter().find(|o| (o.method.as_str(), o.path.as_str()) == (method, path)).map(|o| (p, o))
                    });
                    let text = match arrived {
                        Some((p, o)) => format!("{was} moved to {} {}", call(p, to_variant, o), feature(p, to_variant)),
                        None => format!("{was} moved to product `{to_key}`"),
                    };
                    let line = Line::new(what, Impact::Breaking, Section::Changed, text);
                    out.push(Change { moved: true, ..change(key, &subject, line) });
                }
                None => {
                    let what = format!("operation `{}` removed", op.id);
                    let text = format!("{was} (`{} {}`)", route.0, route.1);
                    push(out, key, &subject, Line::new(what, Impact::Breaking, Section::Removed, text));
                }
            }
        }
    }
    if (editions.in_scope)(key, Variant::Webhooks) {
        events(old, new, out);
    }
    // Which conversions a product has depends on all its documents (where its types live, what
    // they merge with): they compare where every document of the product does.
    let has = |variant: Variant| {
        [old, new].iter().any(|p| match variant {
            Variant::Rest => p.rest.is_some(),
            Variant::Master => p.master.is_some(),
            Variant::Webhooks => p.webhooks.is_some(),
        })
    };
    let whole =
        [Variant::Rest, Variant::Master, Variant::Webhooks].into_iter().all(|v| !has(v) || (editions.in_scope)(key, v));
    if whole {
        conversions(old, new, out);
    }
}

fn change(product: &str, subject: &str, line: Line) -> Change {
    let Line { what, impact, note } = line;
    Change { product: product.to_owned(), subject: subject.to_owned(), what, impact, moved: false, note }
}

/// The `From` conversions (read → modify → update), by the positions of their two types in the
/// document (names can differ where one side holds fewer documents): a removed one breaks
/// `.into()` calls, an added one is new API.
fn conversions(old: &Product, new: &Product, out: &mut Vec<Change>) {
    for home in [Home::Rest, Home::Master] {
        let subject = if home == Home::Master { "conversions (master)" } else { "conversions" };
        let module = if home == Home::Master {
            format!("{}::master::types", new.module)
        } else {
            format!("{}::types", new.module)
        };
        let (before, after) = (conversions_by_position(old, home), conversions_by_position(new, home));
        for (_, line) in after.iter().filter(|(k, _)| !before.contains_key(*k)) {
            let text = format!("`impl {line}` in `{module}`");
            push(
                out,
                &new.key,
                subject,
                Line::new(format!("`impl {line}` added"), Impact::Additive, Section::Added, text),
            );
        }
        for (_, line) in before.iter().filter(|(k, _)| !after.contains_key(*k)) {
            let (what, text) = (format!("`impl {line}` removed"), format!("`impl {line}` in `{module}`"));
            push(out, &new.key, subject, Line::new(what, Impact::Breaking, Section::Removed, text));
        }
    }
}

/// A product's conversions into types of `home`, keyed by the first position (in the document
/// of that home) each of their two types stands for.
fn conversions_by_position(product: &Product, home: Home) -> BTreeMap<(String, String), String> {
    let variant = if home == Home::Master { Variant::Master } else { Variant::Rest };
    let position = |id: TypeId| {
        let ty = product.ty(id);
        let of_home = ty.origins.iter().filter(|o| o.variant == variant).map(|o| o.key()).min();
        of_home.or_else(|| ty.origins.iter().map(|o| o.key()).min()).unwrap_or_else(|| ty.name.clone())
    };
    product
        .conversions
        .iter()
        .filter(|c| product.ty(c.to).home == home)
        .map(|c| ((position(c.from), position(c.to)), crate::surface::conversion_line(product, c)))
        .collect()
}

/// One operation in both editions; `calls` are how code calls it in the old one and the new one.
#[allow(clippy::too_many_arguments)]
fn operation(
    old_side: Side,
    was: &Operation,
    new_side: Side,
    op: &Operation,
    calls: (&str, &str),
    key: &str,
    subject: &str,
    out: &mut Vec<Change>,
) {
    let (then, now) = calls;
    let mut say = |line: Line| push(out, key, subject, line);
    if was.id != op.id || was.name != op.name {
        let what = format!("renamed `{}` → `{}` (method `{}` → `{}`)", was.id, op.id, was.name, op.name);
        let text = format!("{then} is now {now}");
        say(if was.name == op.name {
            Line::unseen(what, Impact::None)
        } else {
            Line::new(what, Impact::Breaking, Section::Changed, text)
        });
    }
    // Path parameters are the method's arguments, in the path's order: one renamed in place
    // (`{WebinarUUID}` → `{webinarId}`) changes no call.
    let (path_was, path_now) = (path_parameters(&was.path), path_parameters(&op.path));
    let by_position = path_was.len() == path_now.len();
    if by_position {
        for (a, b) in path_was.iter().zip(&path_now).filter(|(a, b)| a != b) {
            say(Line::unseen(format!("path parameter `{a}` is now `{b}`"), Impact::None));
        }
    }
    // The other parameters, by place and wire name.
    let params = |o: &'_ Operation| -> BTreeMap<(String, String), (bool, String)> {
        o.params
            .iter()
            .filter(|p| !(by_position && p.location.as_str() == "path"))
            .map(|p| ((p.location.as_str().to_owned(), p.name.clone()), (p.required, p.ident.clone())))
            .collect()
    };
    let (before, after) = (params(was), params(op));
    for ((place, name), (required, ident)) in &after {
        // A required parameter is an argument of the method, an optional one a builder method.
        let line = match before.get(&(place.clone(), name.clone())) {
            None if *required => Line::new(
                format!("required {place} parameter `{name}` added"),
                Impact::Breaking,
                Section::Changed,
                format!("{now} takes a new required argument `{ident}`"),
            ),
            None => Line::new(
                format!("optional {place} parameter `{name}` added"),
                Impact::Additive,
                Section::Added,
                format!("{now}: optional parameter `.{ident}()`"),
            ),
            Some((false, _)) if *required => Line::new(
                format!("{place} parameter `{name}` is now required"),
                Impact::Breaking,
                Section::Changed,
                format!("{now} takes `{ident}` as a required argument (it was `.{ident}()`)"),
            ),
            Some((true, _)) if !*required => Line::new(
                format!("{place} parameter `{name}` is no longer required"),
                Impact::Breaking,
                Section::Changed,
                format!("{now} no longer takes the argument `{ident}`: it is optional, `.{ident}()`"),
            ),
            Some(_) => continue,
        };
        say(line);
    }
    for ((place, name), (required, ident)) in before.iter().filter(|(k, _)| !after.contains_key(*k)) {
        let how = if *required { format!("argument `{ident}`") } else { format!("optional parameter `.{ident}()`") };
        let (what, text) = (format!("{place} parameter `{name}` removed"), format!("{now}: {how}"));
        say(Line::new(what, Impact::Breaking, Section::Removed, text));
    }
    // Scopes and the rate-limit label: data in the operation table.
    scopes("classic", &was.scopes.classic, &op.scopes.classic, now, &mut say);
    scopes("granular", &was.scopes.granular, &op.scopes.granular, now, &mut say);
    // The label as read (`Light` and `LIGHT` are one label), not as written.
    let label = |o: &Operation| o.rate_limit.as_ref().map_or("none".to_owned(), |r| r.label.as_str().to_owned());
    if label(was) != label(op) {
        let what = format!("rate-limit label {} → {}", label(was), label(op));
        let text = format!("{now} is throttled as rate-limit label {} (was {})", label(op), label(was));
        say(Line::new(what, Impact::None, Section::Changed, text));
    }
    // Bodies.
    let mut changes = Vec::new();
    match (&was.body, &op.body) {
        (Some(a), Some(b)) => {
            let at = At { wire: "request".into(), rust: format!("the request body of {now}") };
            types(old_side, &a.ty, new_side, &b.ty, &at, &mut changes, &mut HashSet::new())
        }
        (None, Some(_)) => changes.push(Line::new(
            "request body added".to_owned(),
            Impact::Breaking,
            Section::Changed,
            format!("{now} takes a request body"),
        )),
        (Some(_), None) => changes.push(Line::new(
            "request body removed".to_owned(),
            Impact::Breaking,
            Section::Changed,
            format!("{now} no longer takes a request body"),
        )),
        (None, None) => {}
    }
    match (&was.response.body, &op.response.body) {
        (ResponseBody::Json(a), ResponseBody::Json(b)) => {
            let at = At { wire: "response".into(), rust: format!("the answer of {now}") };
            types(old_side, a, new_side, b, &at, &mut changes, &mut HashSet::new())
        }
        (a, b) if std::mem::discriminant(a) != std::mem::discriminant(b) => changes.push(Line::new(
            format!("response {} → {}", body_kind(a), body_kind(b)),
            Impact::Breaking,
            Section::Changed,
            format!("the answer of {now} is {} (was {})", body_kind(b), body_kind(a)),
        )),
        _ => {}
    }
    for line in changes {
        say(line);
    }
}

/// The `{names}` of a path template, in order.
fn path_parameters(path: &str) -> Vec<&str> {
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect()
}

fn events(old: &Product, new: &Product, out: &mut Vec<Change>) {
    let key = new.key.as_str();
    let (before, after) = (events_by_name(old), events_by_name(new));
    let variant =
        |product: &Product, event: &Event| format!("`{}::webhooks::Event::{}`", product.module, event.variant);
    for (name, event) in &after {
        let subject = format!("event {name}");
        let Some(was) = before.get(name) else {
            let text = format!("{} (`{name}`)", variant(new, event));
            push(out, key, &subject, Line::new("added".into(), Impact::Additive, Section::Added, text));
            continue;
        };
        let now = variant(new, event);
        let mut say = |line: Line| push(out, key, &subject, line);
        scopes("classic", &was.scopes.classic, &event.scopes.classic, &now, &mut say);
        scopes("granular", &was.scopes.granular, &event.scopes.granular, &now, &mut say);
        let mut changes = Vec::new();
        let (old_side, new_side) = (Side { product: old }, Side { product: new });
        let at = At { wire: "body".into(), rust: format!("the delivery of {now}") };
        types(old_side, &was.payload, new_side, &event.payload, &at, &mut changes, &mut HashSet::new());
        for line in changes {
            say(line);
        }
    }
    for (name, event) in before.iter().filter(|(n, _)| !after.contains_key(*n)) {
        let text = format!("{} (`{name}`)", variant(old, event));
        push(out, key, &format!("event {name}"), Line::new("removed".into(), Impact::Breaking, Section::Removed, text));
    }
}

fn events_by_name(product: &Product) -> BTreeMap<&str, &Event> {
    product.webhooks.iter().flat_map(|w| &w.events).map(|e| (e.name.as_str(), e)).collect()
}

/// The scopes of an operation or event (`of`, in Rust terms): data in the scope table.
fn scopes(model: &str, before: &[ScopeRef], after: &[ScopeRef], of: &str, say: &mut impl FnMut(Line)) {
    let names = |list: &[ScopeRef]| list.iter().map(|s| s.name.clone()).collect::<BTreeSet<_>>();
    let (before, after) = (names(before), names(after));
    for added in after.difference(&before) {
        let text = format!("{of} in the scope table: {model} scope `{added}` added");
        say(Line::new(format!("{model} scope `{added}` added"), Impact::None, Section::Changed, text));
    }
    for removed in before.difference(&after) {
        let text = format!("{of} in the scope table: {model} scope `{removed}` removed");
        say(Line::new(format!("{model} scope `{removed}` removed"), Impact::None, Section::Changed, text));
    }
}

/// Compares two type positions at `at`, recursing into structs.
fn types(
    old: Side,
    a: &TypeRef,
    new: Side,
    b: &TypeRef,
    at: &At,
    out: &mut Vec<Line>,
    seen: &mut HashSet<(TypeId, TypeId)>,
) {
    let inner = |wire: &str, rust: &str| At { wire: format!("{}{wire}", at.wire), rust: format!("{rust} {}", at.rust) };
    match (a, b) {
        (TypeRef::Array(a), TypeRef::Array(b)) => {
            return types(old, a, new, b, &inner("[]", "the items of"), out, seen);
        }
        (TypeRef::Map(a), TypeRef::Map(b)) => return types(old, a, new, b, &inner("{}", "the values of"), out, seen),
        (TypeRef::Named(x), TypeRef::Named(y)) => {
            if !seen.insert((*x, *y)) {
                return;
            }
            match (&old.product.ty(*x).kind, &new.product.ty(*y).kind) {
                (TypeKind::Struct(s), TypeKind::Struct(t)) => {
                    let grows = Growth::of(new.product.ty(*y));
                    let paths = (type_path(old.product, *x), type_path(new.product, *y));
                    return fields(old, s, new, t, grows, &at.wire, &paths, out, seen);
                }
                (TypeKind::Enum(e), TypeKind::Enum(f)) => {
                    let paths = (type_path(old.product, *x), type_path(new.product, *y));
                    return values(e, f, &at.wire, &paths, out);
                }
                // Different kinds: compared by their labels below.
                _ => {}
            }
        }
        _ => {}
    }
    let (l, r) = (label(old, a), label(new, b));
    if l != r {
        let (what, text) = (format!("`{}` type {l} → {r}", at.wire), format!("{} is {r} (was {l})", at.rust));
        out.push(Line::new(what, Impact::Breaking, Section::Changed, text));
    }
}

/// What adding a field to a struct does to users of the crate.
#[derive(Debug, Clone, Copy)]
struct Growth {
    /// The struct is `#[non_exhaustive]` (Zoom sends it): no struct literal of it compiles
    /// outside the crate, so a new field breaks no code.
    non_exhaustive: bool,
    /// The struct is also sent: a new required field is one that requests must now carry.
    sent: bool,
}

impl Growth {
    fn of(def: &crate::ir::TypeDef) -> Growth {
        Growth { non_exhaustive: def.is_non_exhaustive(), sent: def.is_sent() }
    }

    fn impact(self, required: bool) -> Impact {
        if !self.non_exhaustive || (required && self.sent) { Impact::Breaking } else { Impact::Additive }
    }
}

/// Two structs at `path`, field by field (by wire name); `paths` are the two structs' Rust paths.
#[allow(clippy::too_many_arguments)]
fn fields<'s>(
    old: Side,
    s: &'s crate::ir::Struct,
    new: Side,
    t: &'s crate::ir::Struct,
    grows: Growth,
    path: &str,
    paths: &(String, String),
    out: &mut Vec<Line>,
    seen: &mut HashSet<(TypeId, TypeId)>,
) {
    let by_name = |s: &'s crate::ir::Struct| -> BTreeMap<&'s str, &'s crate::ir::Field> {
        s.fields.iter().map(|f| (f.name.as_str(), f)).collect()
    };
    let (before, after) = (by_name(s), by_name(t));
    for (name, field) in &after {
        let at = At { wire: format!("{path}.{name}"), rust: format!("`{}::{}`", paths.1, field.ident) };
        let Some(was) = before.get(name) else {
            let kind = if field.required { "required" } else { "optional" };
            let (what, text) = (format!("{kind} field `{}` added", at.wire), format!("{} ({kind} field)", at.rust));
            out.push(Line::new(what, grows.impact(field.required), Section::Added, text));
            continue;
        };
        if was.required != field.required {
            let now = if field.required { "required" } else { "optional" };
            let (what, text) = (format!("field `{}` is now {now}", at.wire), format!("{} is now {now}", at.rust));
            out.push(Line::new(what, Impact::Breaking, Section::Changed, text));
        }
        types(old, &was.ty, new, &field.ty, &at, out, seen);
    }
    let added: Vec<&str> = after.keys().filter(|n| !before.contains_key(*n)).copied().collect();
    let mut paired: BTreeSet<&str> = BTreeSet::new();
    for (name, field) in before.iter().filter(|(n, _)| !after.contains_key(*n)) {
        // A field removed beside a near-identical added one is likely Zoom fixing its spelling.
        let likely =
            added.iter().filter(|a| !paired.contains(*a)).filter_map(|a| Some((spelling_distance(name, a)?, *a))).min();
        let removed = format!("`{}::{}` (field", paths.0, field.ident);
        let line = match likely {
            Some((_, renamed)) => {
                paired.insert(renamed);
                let ident = &after[renamed].ident;
                Line::new(
                    format!("field `{path}.{name}` removed (likely renamed `{renamed}`)"),
                    Impact::Breaking,
                    Section::Removed,
                    format!("{removed}, likely renamed `{ident}`)"),
                )
            }
            None => Line::new(
                format!("field `{path}.{name}` removed"),
                Impact::Breaking,
                Section::Removed,
                format!("{removed})"),
            ),
        };
        out.push(line);
    }
}

/// How far apart two field names are as spellings of one word, if they are near: 0 where they
/// differ only in case or separators (`userId`, `user_id`), else the edits between them (a
/// swap of two letters is one), where that is at most one in five letters.
fn spelling_distance(a: &str, b: &str) -> Option<usize> {
    let plain = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<Vec<_>>();
    let (a, b) = (plain(a), plain(b));
    if a == b {
        return Some(0);
    }
    // Optimal string alignment: insertions, deletions, substitutions and adjacent swaps.
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    (0..=a.len()).for_each(|i| d[i][0] = i);
    (0..=b.len()).for_each(|j| d[0][j] = j);
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    let distance = d[a.len()][b.len()];
    (distance * 5 <= a.len().min(b.len())).then_some(distance)
}

/// Two enums at `path`, value by value; `paths` are the two enums' Rust paths.
fn values(e: &crate::ir::Enum, f: &crate::ir::Enum, path: &str, paths: &(String, String), out: &mut Vec<Line>) {
    let literals =
        |e: &crate::ir::Enum| e.values.iter().map(|v| (v.value.clone(), v.ident.clone())).collect::<BTreeMap<_, _>>();
    let (before, after) = (literals(e), literals(f));
    for (added, ident) in after.iter().filter(|(v, _)| !before.contains_key(*v)) {
        // Generated enums are non-exhaustive: matches already have a catch-all.
        let what = format!("`{path}` value {} added", literal(added));
        let text = format!("`{}::{ident}` (value `{}`)", paths.1, literal(added));
        out.push(Line::new(what, Impact::Additive, Section::Added, text));
    }
    for (removed, ident) in before.iter().filter(|(v, _)| !after.contains_key(*v)) {
        let what = format!("`{path}` value {} removed", literal(removed));
        let text = format!("`{}::{ident}` (value `{}`)", paths.0, literal(removed));
        out.push(Line::new(what, Impact::Breaking, Section::Removed, text));
    }
}

/// A type as the report names it: its JSON shape, not its Rust name (names are stable anyway).
fn label(side: Side, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Bool => "boolean".into(),
        TypeRef::Integer => "integer".into(),
        TypeRef::Number => "number".into(),
        TypeRef::String => "string".into(),
        TypeRef::DateTime => "date-time".into(),
        TypeRef::Date => "date".into(),
        TypeRef::Binary => "binary".into(),
        TypeRef::Any => "any".into(),
        TypeRef::AnyObject => "object".into(),
        TypeRef::Array(inner) => format!("array of {}", label(side, inner)),
        TypeRef::Map(inner) => format!("map of {}", label(side, inner)),
        TypeRef::Named(id) => match &side.product.ty(*id).kind {
            TypeKind::Struct(_) => "object".into(),
            TypeKind::Enum(e) => match e.values.first().map(|v| &v.value) {
                Some(EnumLiteral::Integer(_)) => "integer enum".into(),
                _ => "string enum".into(),
            },
            TypeKind::Union(_) => "union".into(),
        },
    }
}

fn literal(value: &EnumLiteral) -> String {
    match value {
        EnumLiteral::String(s) => format!("{s:?}"),
        EnumLiteral::Integer(i) => i.to_string(),
    }
}

fn body_kind(body: &ResponseBody) -> &'static str {
    match body {
        ResponseBody::Json(_) => "JSON",
        ResponseBody::Bytes(_) => "bytes",
        ResponseBody::Empty => "no content",
    }
}

impl Report {
    /// The version bump the changes call for, and why: the first breaking change, or the first
    /// additive one.
    pub fn semver(&self) -> (Impact, String) {
        let worst = self.changes.iter().map(|c| c.impact).max().unwrap_or(Impact::None);
        // A change that is not a move says more of why: a move is Zoom reordering its documents.
        let reason = self.changes.iter().filter(|c| c.impact == worst).min_by_key(|c| c.moved);
        let why = match reason {
            Some(c) if worst != Impact::None => {
                let more = self.changes.iter().filter(|c| c.impact == worst).count() - 1;
                let more = if more > 0 { format!(" (and {more} more)") } else { String::new() };
                format!("{} {}: {}{more}", c.product, c.subject, c.what)
            }
            _ if self.changes.is_empty() => "no change".to_owned(),
            _ => "only scopes or rate-limit labels changed: data in the tables, no API".to_owned(),
        };
        (worst, why)
    }

    /// For a terminal: the summary, then per product, per subject (breaking first), one line
    /// per change.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let (impact, why) = self.semver();
        let _ = writeln!(out, "semver: {} ({}: {why})", impact.bump(), impact.as_str());
        if let Some(files) = &self.compared {
            let _ = writeln!(out, "  compared only: {}", files.join(", "));
        }
        for line in self.summary() {
            let _ = writeln!(out, "  {line}");
        }
        for (product, subjects) in self.grouped() {
            let _ = writeln!(out, "\n{product}");
            for (subject, changes) in subjects {
                let _ = writeln!(out, "  {subject}");
                for c in changes {
                    let _ = writeln!(out, "    [{}] {}", c.impact.as_str(), c.what);
                }
            }
        }
        out
    }

    /// For a pull request description.
    pub fn markdown(&self) -> String {
        let (impact, why) = self.semver();
        let mut out = format!("**semver: {}** ({}): {why}\n\n", impact.bump(), impact.as_str());
        if let Some(files) = &self.compared {
            let _ = writeln!(out, "Compared only: {}.\n", files.join(", "));
        }
        for line in self.summary() {
            let _ = writeln!(out, "- {line}");
        }
        for (product, subjects) in self.grouped() {
            let _ = write!(out, "\n### {product}\n\n");
            for (subject, changes) in subjects {
                let _ = writeln!(out, "- `{subject}`");
                for c in changes {
                    let _ = writeln!(out, "  - {} *({})*", c.what, c.impact.as_str());
                }
            }
        }
        out
    }

    /// For tools: the semver hint, the counts per product and every change, in the text's order.
    pub fn json(&self) -> serde_json::Value {
        let (impact, why) = self.semver();
        let summary: Vec<serde_json::Value> = self
            .counts()
            .into_iter()
            .map(|(product, c)| {
                serde_json::json!({"product": product, "breaking": c.breaking, "additive": c.additive,
                    "none": c.none, "moved": c.moved})
            })
            .collect();
        let changes: Vec<serde_json::Value> = self
            .grouped()
            .into_values()
            .flat_map(|subjects| subjects.into_iter().flat_map(|(_, changes)| changes))
            .map(|c| {
                serde_json::json!({"product": c.product, "subject": c.subject, "change": c.what,
                    "impact": c.impact.as_str(), "moved": c.moved})
            })
            .collect();
        serde_json::json!({
            "compared": self.compared,
            "semver": {"bump": impact.bump(), "impact": impact.as_str(), "reason": why},
            "summary": summary,
            "changes": changes,
        })
    }

    /// A line per product: `meetings: 2 breaking (1 moved), 1 additive, 3 none`.
    fn summary(&self) -> Vec<String> {
        self.counts()
            .into_iter()
            .map(|(product, c)| {
                let moved = if c.moved > 0 { format!(" ({} moved)", c.moved) } else { String::new() };
                format!("{product}: {} breaking{moved}, {} additive, {} none", c.breaking, c.additive, c.none)
            })
            .collect()
    }

    fn counts(&self) -> BTreeMap<&str, Counts> {
        let mut out: BTreeMap<&str, Counts> = BTreeMap::new();
        for c in &self.changes {
            let counts = out.entry(&c.product).or_default();
            match c.impact {
                Impact::Breaking => counts.breaking += 1,
                Impact::Additive => counts.additive += 1,
                Impact::None => counts.none += 1,
            }
            counts.moved += usize::from(c.moved && c.impact == Impact::Breaking);
        }
        out
    }

    /// Per product, its subjects with the worst first (then by name), each subject's changes
    /// with the worst first.
    fn grouped(&self) -> BTreeMap<&str, Vec<(&str, Vec<&Change>)>> {
        let mut by_subject: BTreeMap<&str, BTreeMap<&str, Vec<&Change>>> = BTreeMap::new();
        for c in &self.changes {
            by_subject.entry(&c.product).or_default().entry(&c.subject).or_default().push(c);
        }
        by_subject
            .into_iter()
            .map(|(product, subjects)| {
                let mut subjects: Vec<(&str, Vec<&Change>)> = subjects.into_iter().collect();
                for (_, changes) in &mut subjects {
                    changes.sort_by(|a, b| b.impact.cmp(&a.impact).then(a.what.cmp(&b.what)));
                }
                let worst = |changes: &[&Change]| changes.iter().map(|c| c.impact).max();
                subjects.sort_by(|a, b| worst(&b.1).cmp(&worst(&a.1)).then(a.0.cmp(b.0)));
                (product, subjects)
            })
            .collect()
    }
}

/// How many changes of each impact a product has.
#[derive(Default)]
struct Counts {
    breaking: usize,
    additive: usize,
    none: usize,
    /// Operations that moved away (among the breaking).
    moved: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_spellings_of_one_name() {
        assert_eq!(spelling_distance("assgined_to_name", "assigned_to_name"), Some(1));
        assert_eq!(spelling_distance("userId", "user_id"), Some(0));
        assert_eq!(spelling_distance("meeting_topic", "meeting_topics"), Some(1));
        // Short names are too close to tell: `id` and `ip` are two fields.
        assert_eq!(spelling_distance("id", "ip"), None);
        assert_eq!(spelling_distance("name", "game"), None);
        assert_eq!(spelling_distance("start_time", "end_time"), None);
    }
}
