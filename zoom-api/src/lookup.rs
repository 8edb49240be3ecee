//! Finding operations in the static table: by Zoom's operationId, or by the method and path of
//! a request. Lookups scan the tables of the enabled features and allocate nothing.

use zoom_scopes::route::{literal_segments, request_path, template_matches};

use crate::generated::OPERATION_TABLES;
use crate::{Method, Operation};

impl Operation {
    /// Every operation of the enabled product features.
    pub fn all() -> impl Iterator<Item = &'static Operation> {
        OPERATION_TABLES.iter().flat_map(|table| table.iter().copied())
    }

    /// The operations with Zoom's operationId `id`: a product and its Master Account variant
    /// share ids, so there can be two.
    pub fn with_id(id: &str) -> impl Iterator<Item = &'static Operation> {
        Operation::all().filter(move |op| op.id == id)
    }

    /// The operation a request goes to. `path` is a template (`/users/{userId}/meetings`) or a
    /// concrete path (`/v2/users/abc/meetings`, `https://api.zoom.us/v2/users/abc/meetings?x=1`).
    /// Where several templates match, the one with the most literal segments wins
    /// (`/users/summary` before `/users/{userId}`), then the regular API before its Master
    /// Account variant.
    pub fn find(method: Method, path: &str) -> Option<&'static Operation> {
        let mut best: Option<(usize, &'static Operation)> = None;
        for op in Operation::matching(method, path) {
            let literal = literal_segments(op.path);
            if best.is_none_or(|(most, _)| literal > most) {
                best = Some((literal, op));
            }
        }
        best.map(|(_, op)| op)
    }

    /// Every operation whose method is `method` and whose template matches `path` (see
    /// [`Operation::find`] for the forms `path` may take).
    pub fn matching(method: Method, path: &str) -> impl Iterator<Item = &'static Operation> {
        let path = request_path(path);
        Operation::all().filter(move |op| op.method == method && template_matches(op.path, path))
    }
}
