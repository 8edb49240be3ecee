//! Webhook documents: each event of the OpenAPI 3.1 `webhooks` map, with the scopes its
//! description lists. Read from the JSON directly: `openapiv3` reads OpenAPI 3.0 only, and these
//! documents have no `paths`.

use serde_json::Value;

use super::meta::{GRANULAR_LINE, SCOPES_LINE, line_items};
use crate::error::{Error, Location, Result};
use crate::ir::{Event, ScopeRef, ScopeSources, Scopes, Webhooks};
use crate::manifest::DocumentEntry;

/// The events of one webhook document, in the document's order.
pub fn lower_webhooks(entry: &DocumentEntry, json: &Value) -> Result<Webhooks> {
    let at = |pointer: String| Location::new(&entry.file, pointer);
    let map = json
        .get("webhooks")
        .and_then(Value::as_object)
        .ok_or_else(|| Error::spec(&at("/webhooks".into()), "a webhook document needs a `webhooks` object"))?;
    let title = json.pointer("/info/title").and_then(Value::as_str).unwrap_or(&entry.product).to_owned();
    let mut events = Vec::with_capacity(map.len());
    for (key, item) in map {
        let pointer = format!("/webhooks/{}/post", escape(key));
        let location = Location { operation: Some(key.clone()), ..at(pointer.clone()) };
        let post =
            item.get("post").ok_or_else(|| Error::spec(&location, "a webhook event needs a `post` operation"))?;
        let name = post.get("operationId").and_then(Value::as_str).unwrap_or(key);
        if name != key {
            let message = format!("the event's operationId `{name}` is not its key in `webhooks`");
            return Err(Error::spec(&location, message));
        }
        let description = post.pointer("/requestBody/description").and_then(Value::as_str).unwrap_or_default();
        let (scopes, description) = read_description(name, description);
        events.push(Event { name: name.to_owned(), description, scopes, location });
    }
    Ok(Webhooks { product: entry.product.clone(), title, events })
}

/// RFC 6901 escaping of one pointer segment.
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// The scope lines as data, and the rest of the description without its `# <event>` heading
/// and `**Event type**` line (the event's name says both).
fn read_description(name: &str, text: &str) -> (Scopes, Option<String>) {
    let mut classic = Vec::new();
    let mut granular = Vec::new();
    let mut kept = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with(SCOPES_LINE) {
            classic = scope_refs(line_items(trimmed));
        } else if trimmed.starts_with(GRANULAR_LINE) {
            granular = scope_refs(line_items(trimmed));
        } else if trimmed == format!("# {name}") || trimmed.starts_with("**Event type**") {
            continue;
        } else {
            kept.push(line);
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
    use crate::manifest::{Auth, Variant};

    fn entry() -> DocumentEntry {
        DocumentEntry {
            product: "meetings".into(),
            variant: Variant::Webhooks,
            file: "webhooks/meetings.json".into(),
            url: String::new(),
            sha256: String::new(),
            auth: Auth::Oauth,
        }
    }

    #[test]
    fn events_carry_their_scopes_and_description() {
        let doc = serde_json::json!({
            "info": {"title": "Meetings"},
            "webhooks": {"meeting.started": {"post": {
                "operationId": "meeting.started",
                "requestBody": {"description": "# meeting.started\n\nA meeting started.\n\n**[Scopes](https://x):** `meeting:read:admin`,`meeting:read`\n\n**[Granular Scopes](https://x):** `meeting:read:meeting`\n\n**Event type**: `meeting.started`\n"}
            }}}
        });
        let webhooks = lower_webhooks(&entry(), &doc).unwrap();
        assert_eq!(webhooks.title, "Meetings");
        let event = &webhooks.events[0];
        assert_eq!(event.name, "meeting.started");
        assert_eq!(event.description.as_deref(), Some("A meeting started."));
        let names = |refs: &[ScopeRef]| refs.iter().map(|r| r.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&event.scopes.classic), ["meeting:read:admin", "meeting:read"]);
        assert_eq!(names(&event.scopes.granular), ["meeting:read:meeting"]);
        assert_eq!(event.location.pointer, "/webhooks/meeting.started/post");
    }

    #[test]
    fn malformed_documents_are_errors_naming_the_place() {
        let err = lower_webhooks(&entry(), &serde_json::json!({"paths": {}})).unwrap_err().to_string();
        assert!(err.contains("webhooks/meetings.json") && err.contains("/webhooks"), "{err}");
        let doc = serde_json::json!({"webhooks": {"a/b": {"post": {"operationId": "other"}}}});
        let err = lower_webhooks(&entry(), &doc).unwrap_err().to_string();
        assert!(err.contains("/webhooks/a~1b/post") && err.contains("`other`"), "{err}");
        let doc = serde_json::json!({"webhooks": {"a": {"get": {}}}});
        assert!(lower_webhooks(&entry(), &doc).unwrap_err().to_string().contains("needs a `post`"));
    }
}
