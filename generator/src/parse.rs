//! Typed parsing of a normalised document with `openapiv3`. A failure names the JSON pointer of
//! the value that did not fit, and the operation it is in.

use serde_json::Value;

use crate::error::{Error, Location, Result, pointer_push};

/// The document, or every problem it has: where the whole does not parse, its parts are parsed
/// one by one (path items, operations, parameters, bodies, answers, components), so that a
/// maintainer sees all of them at once rather than one per run.
pub fn parse_openapi(file: &str, json: &Value) -> Result<openapiv3::OpenAPI> {
    // From `&Value`: deserializing a borrowed tree is about twice as fast as consuming it.
    let whole = match parsed::<openapiv3::OpenAPI>(file, json, json, "") {
        Ok(document) => return Ok(document),
        Err(problem) => problem,
    };
    let mut problems = problems(file, json);
    if problems.is_empty() {
        problems.push(whole);
    }
    if problems.len() == 1 {
        let (location, message) = problems.remove(0);
        return Err(Error::Spec { location, message });
    }
    Err(Error::SpecProblems { file: file.to_owned(), problems })
}

type Problem = (Location, String);

/// `value` (at `at` in the document `root`) as a `T`, or where and why it is not one.
fn parsed<T: serde::de::DeserializeOwned>(file: &str, root: &Value, value: &Value, at: &str) -> Result<T, Problem> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut pointer = at.to_owned();
        for segment in e.path().iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => pointer = pointer_push(&pointer, &index.to_string()),
                serde_path_to_error::Segment::Map { key } => pointer = pointer_push(&pointer, key),
                serde_path_to_error::Segment::Enum { variant } => pointer = pointer_push(&pointer, variant),
                serde_path_to_error::Segment::Unknown => {}
            }
        }
        // openapiv3 reads path items and schemas through flattened and untagged enums, which
        // report a failure where they start (`#/paths`), not where it is: look for the value.
        if let Some((at, found)) = root.pointer(&pointer).and_then(|v| bad_type(v, &pointer, false)) {
            let message =
                format!("not a valid OpenAPI 3.0 document here: `type` must be a type name (a string), found {found}");
            return (locate(file, root, &at), message);
        }
        (locate(file, root, &pointer), format!("not a valid OpenAPI 3.0 document here: {}", e.inner()))
    })
}

/// The entries of an object, none for anything else.
fn entries(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    value.and_then(Value::as_object).into_iter().flatten()
}

/// What does not parse in a list of parameters at `at`.
fn parameters(file: &str, root: &Value, list: Option<&Value>, at: &str, out: &mut Vec<Problem>) {
    for (i, parameter) in list.and_then(Value::as_array).into_iter().flatten().enumerate() {
        let at = pointer_push(at, &i.to_string());
        out.extend(parsed::<openapiv3::ReferenceOr<openapiv3::Parameter>>(file, root, parameter, &at).err());
    }
}

/// What does not parse in a document, part by part; a part whose own parts all parse is named
/// itself.
fn problems(file: &str, root: &Value) -> Vec<Problem> {
    use openapiv3::{
        Example, Header, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema, SecurityScheme,
    };
    let mut out = Vec::new();
    let at = |parent: &str, key: &str| pointer_push(parent, key);
    for (path, item) in entries(root.get("paths")) {
        let item_at = at("/paths", path);
        let Err(whole) = parsed::<ReferenceOr<PathItem>>(file, root, item, &item_at) else { continue };
        let found = out.len();
        for (key, value) in entries(Some(item)) {
            let key_at = at(&item_at, key);
            match key.as_str() {
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                    let Err(whole) = parsed::<Operation>(file, root, value, &key_at) else { continue };
                    let found = out.len();
                    parameters(file, root, value.get("parameters"), &at(&key_at, "parameters"), &mut out);
                    if let Some(body) = value.get("requestBody") {
                        out.extend(
                            parsed::<ReferenceOr<RequestBody>>(file, root, body, &at(&key_at, "requestBody")).err(),
                        );
                    }
                    for (status, response) in entries(value.get("responses")) {
                        let at = at(&at(&key_at, "responses"), status);
                        out.extend(parsed::<ReferenceOr<Response>>(file, root, response, &at).err());
                    }
                    if out.len() == found {
                        out.push(whole);
                    }
                }
                "parameters" => parameters(file, root, Some(value), &key_at, &mut out),
                _ => {}
            }
        }
        if out.len() == found {
            out.push(whole);
        }
    }
    let components = root.get("components");
    let section = |name: &str| (at("/components", name), entries(components.and_then(|c| c.get(name))));
    macro_rules! each {
        ($name:literal, $ty:ty) => {
            let (section_at, items) = section($name);
            for (key, value) in items {
                out.extend(parsed::<ReferenceOr<$ty>>(file, root, value, &at(&section_at, key)).err());
            }
        };
    }
    each!("schemas", Schema);
    each!("parameters", Parameter);
    each!("requestBodies", RequestBody);
    each!("responses", Response);
    each!("headers", Header);
    each!("examples", Example);
    each!("securitySchemes", SecurityScheme);
    // What is left: the document without the parts looked at above.
    let mut rest = root.clone();
    if let Some(map) = rest.as_object_mut() {
        map.insert("paths".into(), Value::Object(Default::default()));
        map.remove("components");
    }
    out.extend(parsed::<openapiv3::OpenAPI>(file, root, &rest, "").err());
    out
}

/// `pointer` in the document `file`, with the operation it is in, if any.
pub fn locate(file: &str, json: &Value, pointer: &str) -> Location {
    let location = Location::new(file, pointer);
    let mut tokens = pointer.split('/').skip(1);
    let (Some("paths"), Some(path), Some(method)) = (tokens.next(), tokens.next(), tokens.next()) else {
        return location;
    };
    match json.pointer(&format!("/paths/{path}/{method}/operationId")).and_then(Value::as_str) {
        Some(id) => location.in_operation(id),
        None => location,
    }
}

/// The first `type` at or below `value` (at `pointer`) that is not a string, and its value.
/// Values that are data (examples, enums, extensions) are not looked into; `in_properties` is
/// true for a schema's `properties` map, whose keys are names, not keywords.
fn bad_type<'a>(value: &'a Value, pointer: &str, in_properties: bool) -> Option<(String, &'a Value)> {
    match value {
        Value::Object(map) => {
            if !in_properties && let Some(found) = map.get("type").filter(|t| !t.is_string()) {
                return Some((pointer_push(pointer, "type"), found));
            }
            map.iter()
                .filter(|(key, _)| {
                    in_properties
                        || !(matches!(key.as_str(), "example" | "examples" | "default" | "enum")
                            || key.starts_with("x-"))
                })
                .find_map(|(key, child)| {
                    bad_type(child, &pointer_push(pointer, key), !in_properties && key == "properties")
                })
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, child)| bad_type(child, &pointer_push(pointer, &i.to_string()), false)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_problem_of_a_document_is_reported_at_once() {
        let parameter = |name: &str, place: &str| json!({"name": name, "in": place, "schema": {"type": "string"}});
        let document = json!({
            "openapi": "3.0.0", "info": {"title": "Things", "version": "1"},
            "paths": {
                "/things": {
                    "parameters": [parameter("a", "cookie"), parameter("b", "body")],
                    "get": {"operationId": "listThings", "parameters": [parameter("c", "query"), parameter("d", "form")],
                        "responses": {"200": {"description": "OK"}}},
                    "post": {"operationId": "addThing", "responses": {"201": {"description": 7}}}
                },
                "/fine": {"get": {"operationId": "fine", "responses": {"200": {"description": "OK"}}}}
            },
            "components": {"schemas": {"Good": {"type": "string"}, "Bad": {"type": 5}}}
        });
        let err = parse_openapi("things.json", &document).unwrap_err();
        let Error::SpecProblems { file, problems } = &err else { panic!("{err}") };
        assert_eq!(file, "things.json");
        let at: Vec<String> = problems.iter().map(|(location, _)| location.to_string()).collect();
        assert_eq!(
            at,
            [
                "things.json#/paths/~1things/get/parameters/1 (operation `listThings`)",
                "things.json#/paths/~1things/parameters/1",
                "things.json#/paths/~1things/post/responses/201 (operation `addThing`)",
                "things.json#/components/schemas/Bad/type",
            ],
            "{err}"
        );
        let text = err.to_string();
        assert!(text.starts_with("things.json: 4 problems:\n  things.json#/paths/~1things/get/parameters/1"), "{text}");
        // One problem reads as before: one location.
        let mut one = document.clone();
        one["paths"]["/things"] =
            json!({"get": {"operationId": "listThings", "responses": {"200": {"description": "OK"}}}});
        one["components"]["schemas"].as_object_mut().unwrap().remove("Bad");
        one["paths"]["/fine"]["get"]["parameters"] = json!([parameter("e", "form")]);
        let err = parse_openapi("things.json", &one).unwrap_err();
        assert!(
            matches!(&err, Error::Spec { location, .. } if location.pointer == "/paths/~1fine/get/parameters/0"),
            "{err}"
        );
    }
}
