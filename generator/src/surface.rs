//! The surface listing of a document: one line per operation, sorted, then the `From`
//! conversions between its types. It is what reviewers diff when Zoom's documents change
//! (operations, names, pagination, conversions); scopes and rate limits are in the scope table
//! (`scopes::table`).

use crate::ir::{
    Conversion, Home, Operation, PageSize, PageStyle, Pagination, Product, ScopeRef, Surface, TypeRef, Webhooks,
};

pub fn line(op: &Operation) -> String {
    let pages = match &op.pagination {
        Some(p) => {
            let params = match (p.next_page_token, p.page_number) {
                (true, true) => "token+number",
                (true, false) => "token",
                _ => "number",
            };
            format!("{params}; {}", stream(p))
        }
        None => "-".to_owned(),
    };
    format!("{} {}  {} -> {} | pages: {}", op.method.as_str(), op.path, op.id, op.name, pages)
}

/// `stream .meetings (token, page_size max 300)`, or why there is none.
fn stream(p: &Pagination) -> String {
    let s = match &p.stream {
        Ok(s) => s,
        Err(why) => return format!("no stream: {why}"),
    };
    let style = match s.style {
        PageStyle::Token => "token",
        PageStyle::Number => "number",
    };
    let size = match p.page_size {
        PageSize::Absent => "no page_size".to_owned(),
        PageSize::Undocumented => format!("page_size {} (no documented maximum)", PageSize::DEFAULT),
        PageSize::Maximum(n) => format!("page_size max {n}"),
        PageSize::Described(n) => format!("page_size max {n} (from its description)"),
    };
    format!("stream .{} ({style}, {size})", s.items)
}

/// The operations, then the `From` conversions of the surface's types module (read → modify →
/// update), each sorted.
pub fn listing(product: &Product, surface: &Surface) -> String {
    let mut lines: Vec<String> = surface.operations.iter().map(line).collect();
    lines.sort();
    let mut conversions = conversion_lines(product, Home::of(surface.variant));
    if !conversions.is_empty() {
        lines.push(String::new());
        lines.append(&mut conversions);
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// `From<GetMeetingResponse> for UpdateMeetingRequest`, for each conversion into a type of
/// `home`, sorted.
pub fn conversion_lines(product: &Product, home: Home) -> Vec<String> {
    let mut lines: Vec<String> = product
        .conversions
        .iter()
        .filter(|c| product.ty(c.to).home == home)
        .map(|c| conversion_line(product, c))
        .collect();
    lines.sort();
    lines
}

/// `From<GetMeetingResponse> for UpdateMeetingRequest`.
pub fn conversion_line(product: &Product, conversion: &Conversion) -> String {
    format!("From<{}> for {}", product.ty(conversion.from).name, product.ty(conversion.to).name)
}

/// The event listing of a product's webhook document: one line per event, sorted, with its
/// `Event` variant, payload type and the scopes Zoom lists for it (classic | granular; `-` for none).
pub fn events_listing(product: &Product, webhooks: &Webhooks) -> String {
    let names = |refs: &[ScopeRef]| {
        if refs.is_empty() {
            "-".to_owned()
        } else {
            refs.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(" ")
        }
    };
    let mut lines: Vec<String> = webhooks
        .events
        .iter()
        .map(|e| {
            let payload = type_label(product, &e.payload);
            let (classic, granular) = (names(&e.scopes.classic), names(&e.scopes.granular));
            format!("{} -> {}({payload}) | {classic} | {granular}", e.name, e.variant)
        })
        .collect();
    lines.sort();
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// A payload's Rust type as the listing shows it: the type's name, or `any JSON` for a body
/// Zoom does not describe.
fn type_label(product: &Product, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => product.types[id.0].name.clone(),
        TypeRef::Any => "any JSON".to_owned(),
        other => format!("{other:?}"),
    }
}
