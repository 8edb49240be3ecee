//! Webhook documents: each event with its payload type and the scopes its description lists.
//! The pipeline has turned the 3.1 `webhooks` map into `paths` keyed by event name
//! ([`normalise::webhooks`](crate::normalise::webhooks)); locations here point back into the
//! `webhooks` map of the file as Zoom publishes it.

use openapiv3::ReferenceOr;

use super::ParsedDocument;
use super::meta::{MetaLine, description_lines, line_items};
use super::schema::{Lowerer, Pos};
use super::type_names::{Base, Seed};
use super::view::schema_item;
use crate::error::{Error, Location, Result};
use crate::ir::{Event, ScopeRef, ScopeSources, Scopes, TypeRef, Variant, Webhooks};
use crate::names;

/// The events of one webhook document, in the document's order, their payload types registered
/// in the product's pool.
pub fn lower_webhooks(doc: &ParsedDocument, lowerer: &mut Lowerer) -> Result<Webhooks> {
    let file = &doc.entry.file;
    let mut events = Vec::with_capacity(doc.openapi.paths.paths.len());
    for (path, item) in &doc.openapi.paths.paths {
        let name = path.strip_prefix('/').unwrap_or(path);
        let location = Location::new(file, "").child("webhooks").child(name).child("post").in_operation(name);
        let post = match item {
            ReferenceOr::Item(item) => item.post.as_ref(),
            ReferenceOr::Reference { .. } => None,
        };
        let post = post.ok_or_else(|| Error::spec(&location, "a webhook event needs a `post` operation"))?;
        let body = match &post.request_body {
            Some(ReferenceOr::Item(body)) => Some(body),
            Some(ReferenceOr::Reference { reference }) => {
                let message = format!("`$ref: {reference}` request bodies are not supported");
                return Err(Error::spec(&location.child("requestBody"), message));
            }
            None => None,
        };
        let (scopes, description) = read_description(name, body.and_then(|b| b.description.as_deref()).unwrap_or(""));
        let schema_at = location.child("requestBody").child("content").child("application/json").child("schema");
        let payload = match body.and_then(|b| b.content.get("application/json")).and_then(|m| m.schema.as_ref()) {
            Some(schema) => {
                let pos = Pos {
                    variant: Variant::Webhooks,
                    operation: name.to_owned(),
                    path: "event".to_owned(),
                    seed: Seed::new(names::pascal(name), Base::Event),
                    location: schema_at.clone(),
                };
                lowerer.lower(schema_item(schema, &schema_at)?, &pos)?
            }
            None => TypeRef::Any,
        };
        // Named for good once the lock is read ([`super::item_names`]).
        let variant = names::variant(name);
        events.push(Event { name: name.to_owned(), variant, description, scopes, payload, location });
    }
    Ok(Webhooks { file: file.clone(), title: doc.openapi.info.title.trim().to_owned(), events })
}

/// The scope lines as data, and the rest of the description without its `# <event>` heading
/// and `**Event type**` line (the event's name says both).
fn read_description(name: &str, text: &str) -> (Scopes, Option<String>) {
    let mut classic = Vec::new();
    let mut granular = Vec::new();
    let mut kept = Vec::new();
    for (kind, line) in description_lines(text) {
        let trimmed = line.trim_start();
        match kind {
            Some(MetaLine::Classic) => classic = scope_refs(line_items(trimmed)),
            Some(MetaLine::Granular) => granular = scope_refs(line_items(trimmed)),
            // Events have no rate limit: such a line stays text.
            Some(MetaLine::RateLimit) => kept.push(line),
            None if trimmed == format!("# {name}") || trimmed.starts_with("**Event type**") => {}
            None => kept.push(line),
        }
    }
    let description = Some(kept.join("\n").trim().to_owned()).filter(|d| !d.is_empty());
    (Scopes { classic, granular, security_only: Vec::new() }, description)
}

fn scope_refs(names: Vec<String>) -> Vec<ScopeRef> {
    let mut refs: Vec<ScopeRef> = Vec::with_capacity(names.len());
    for name in names {
        if !refs.iter().any(|r| r.name == name) {
            let sources = ScopeSources { description: true, ..ScopeSources::default() };
            refs.push(ScopeRef { name, sources });
        }
    }
    refs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::pool::Pool;
    use crate::manifest::{Auth, DocumentEntry};

    fn parsed(json: serde_json::Value) -> ParsedDocument {
        let file = "webhooks/meetings.json";
        let converted = crate::normalise::webhooks::as_paths(file, &json).unwrap();
        let entry = DocumentEntry {
            product: "meetings".into(),
            variant: Variant::Webhooks,
            file: file.into(),
            url: String::new(),
            sha256: String::new(),
            auth: Auth::Oauth,
        };
        ParsedDocument { entry, sha256: String::new(), openapi: crate::parse::parse_openapi(file, &converted).unwrap() }
    }

    #[test]
    fn events_carry_their_payload_scopes_and_description() {
        let doc = parsed(serde_json::json!({
            "openapi": "3.1.0",
            "info": {"title": "Meetings", "version": "1"},
            "webhooks": {"meeting.started": {"post": {
                "operationId": "meeting.started",
                "requestBody": {
                    "description": "# meeting.started\n\nA meeting started.\n\n**[Scopes](https://x):** `meeting:read:admin`,`meeting:read`\n\n**[Granular Scopes](https://x):** `meeting:read:meeting`\n\n**Event type**: `meeting.started`\n",
                    "content": {"application/json": {"schema": {"type": "object", "properties": {
                        "event": {"type": "string"}, "event_ts": {"type": "integer"}
                    }}}}
                },
                "responses": {"200": {}}
            }}}
        }));
        let (mut pool, mut warnings) = (Pool::default(), Vec::new());
        let webhooks = lower_webhooks(
            &doc,
            &mut Lowerer {
                pool: &mut pool,
                warnings: &mut warnings,
                overrides: &Default::default(),
                hits: &mut Default::default(),
            },
        )
        .unwrap();
        assert_eq!(webhooks.title, "Meetings");
        let event = &webhooks.events[0];
        assert_eq!(event.name, "meeting.started");
        assert_eq!(event.description.as_deref(), Some("A meeting started."));
        let names = |refs: &[ScopeRef]| refs.iter().map(|r| r.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&event.scopes.classic), ["meeting:read:admin", "meeting:read"]);
        assert_eq!(names(&event.scopes.granular), ["meeting:read:meeting"]);
        assert_eq!(event.location.pointer, "/webhooks/meeting.started/post");
        let TypeRef::Named(id) = event.payload else { panic!("payload {:?}", event.payload) };
        assert_eq!(pool.seeds[id.0][0].full(), "MeetingStartedEvent");
    }
}
