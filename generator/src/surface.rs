//! The surface listing of a document: one line per operation, sorted. It is what reviewers diff
//! when Zoom's documents change (operations, names, pagination); scopes and rate limits are in
//! the scope table (`scopes::table`).

use crate::ir::{Operation, Surface};

pub fn line(op: &Operation) -> String {
    let pages = match op.pagination {
        Some(p) if p.next_page_token && p.page_number => "token+number",
        Some(p) if p.next_page_token => "token",
        Some(_) => "number",
        None => "-",
    };
    format!("{} {}  {} -> {} | pages: {}", op.method.as_str(), op.path, op.id, op.name, pages)
}

pub fn listing(surface: &Surface) -> String {
    let mut lines: Vec<String> = surface.operations.iter().map(line).collect();
    lines.sort();
    let mut out = lines.join("\n");
    out.push('\n');
    out
}
