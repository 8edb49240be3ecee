//! The surface listing of a document: one line per operation, sorted. It is what reviewers diff
//! when Zoom's documents change (operations, names, scopes, rate limits, pagination).

use crate::ir::{Operation, Surface};

pub fn line(op: &Operation) -> String {
    let list = |scopes: &[crate::ir::ScopeRef]| {
        if scopes.is_empty() {
            "-".to_owned()
        } else {
            scopes.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(",")
        }
    };
    let rate = op.rate_limit.as_ref().map_or("-", |r| r.label.as_str());
    let pages = match op.pagination {
        Some(p) if p.next_page_token && p.page_number => "token+number",
        Some(p) if p.next_page_token => "token",
        Some(_) => "number",
        None => "-",
    };
    format!(
        "{} {}  {} -> {} | classic: {} | granular: {} | rate: {} | pages: {}",
        op.method.as_str(),
        op.path,
        op.id,
        op.name,
        list(&op.scopes.classic),
        list(&op.scopes.granular),
        rate,
        pages
    )
}

pub fn listing(surface: &Surface) -> String {
    let mut lines: Vec<String> = surface.operations.iter().map(line).collect();
    lines.sort();
    let mut out = lines.join("\n");
    out.push('\n');
    out
}
