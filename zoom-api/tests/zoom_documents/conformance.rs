//! Arguments for calling an operation from JSON values, for zoom-client's own tests that call every
//! operation against a mock server started from Zoom's document (`cargo xtask conformance`).
//! Generated `build_request` functions take each argument from here and pass it to the
//! operation's builder, so the request is the one an application's call would send.

use serde_json::{Map, Value};

use zoom_client::json::{DecodeError, Decoded, Decoding, Deviation, FromJson, ToJson, from_slice_with, from_value};
use zoom_client::webhook::EventInfo;

/// Decodes `body` as `T` and encodes it back: what the generated `decode_answer` does.
pub fn decode<T: FromJson + ToJson>(body: &[u8], decoding: Decoding) -> Result<Decoded<Value>, DecodeError> {
    let Decoded { value, deviations } = from_slice_with::<T>(body, decoding)?;
    Ok(Decoded { value: value.to_json(), deviations })
}

/// A webhook body decoded as a product's `Event`.
#[derive(Debug, Clone)]
pub struct DecodedEvent {
    /// The event's name.
    pub name: String,
    /// Whether it decoded as `Event::Unknown`.
    pub unknown: bool,
    /// The event's table entry (`None` when unknown).
    pub info: Option<&'static EventInfo>,
    /// The event encoded back.
    pub back: Value,
    pub deviations: Vec<Deviation>,
}

/// Decodes `body` as the event enum `E`; `describe` gives its name, whether it is unknown, and
/// its entry: what the generated `decode_event` does.
pub fn decode_event<E: FromJson + ToJson>(
    body: &[u8],
    decoding: Decoding,
    describe: impl FnOnce(&E) -> (String, bool, Option<&'static EventInfo>),
) -> Result<DecodedEvent, DecodeError> {
    let Decoded { value, deviations } = from_slice_with::<E>(body, decoding)?;
    let (name, unknown, info) = describe(&value);
    Ok(DecodedEvent { name, unknown, info, back: value.to_json(), deviations })
}

/// An operation's arguments: parameters by their name in Zoom's document, and the body.
#[derive(Debug, Clone, Default)]
pub struct Args {
    pub params: Map<String, Value>,
    pub body: Option<Value>,
}

impl Args {
    /// A path parameter as the text of its segment (numbers written out).
    pub fn path(&self, name: &str) -> Result<String, DecodeError> {
        match self.params.get(name) {
            Some(Value::String(text)) => Ok(text.clone()),
            Some(value @ (Value::Number(_) | Value::Bool(_))) => Ok(value.to_string()),
            Some(other) => Err(DecodeError::new(format!("expected a path segment, found {other}")).within(name)),
            None => Err(missing(name)),
        }
    }

    /// A required query or header parameter.
    pub fn required<T: FromJson>(&self, name: &str) -> Result<T, DecodeError> {
        self.optional(name)?.ok_or_else(|| missing(name))
    }

    /// An optional query or header parameter: `None` when the arguments leave it out.
    pub fn optional<T: FromJson>(&self, name: &str) -> Result<Option<T>, DecodeError> {
        self.params.get(name).map(|value| from_value(value).map_err(|e| e.within(name))).transpose()
    }

    /// A required body.
    pub fn required_body<T: FromJson>(&self) -> Result<T, DecodeError> {
        self.body()?.ok_or_else(|| missing("body"))
    }

    /// An optional body: `None` when the arguments have none.
    pub fn body<T: FromJson>(&self) -> Result<Option<T>, DecodeError> {
        self.body.as_ref().map(|value| from_value(value).map_err(|e| e.within("body"))).transpose()
    }
}

fn missing(name: &str) -> DecodeError {
    DecodeError::new("missing: the operation requires it").within(name)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn args(params: Value, body: Option<Value>) -> Args {
        Args { params: params.as_object().cloned().unwrap(), body }
    }

    #[test]
    fn path_segments_are_text_and_numbers() {
        let a = args(json!({"userId": "me", "meetingId": 85746065, "list": [1]}), None);
        assert_eq!(a.path("userId").unwrap(), "me");
        assert_eq!(a.path("meetingId").unwrap(), "85746065");
        assert_eq!(a.path("list").unwrap_err().to_string(), "at `list`: expected a path segment, found [1]");
        assert_eq!(a.path("other").unwrap_err().path(), "other");
    }

    #[test]
    fn parameters_and_bodies_decode_into_their_types() {
        let a = args(json!({"page_size": 30, "type": "scheduled"}), Some(json!({"topic": 7})));
        assert_eq!(a.required::<i64>("page_size").unwrap(), 30);
        assert_eq!(a.optional::<String>("type").unwrap().as_deref(), Some("scheduled"));
        assert_eq!(a.optional::<i64>("absent").unwrap(), None);
        assert_eq!(a.required::<i64>("absent").unwrap_err().path(), "absent");
        assert_eq!(a.optional::<i64>("type").unwrap_err().path(), "type");
        assert_eq!(a.required_body::<Value>().unwrap(), json!({"topic": 7}));
        assert_eq!(args(json!({}), None).body::<Value>().unwrap(), None);
        assert!(args(json!({}), None).required_body::<Value>().is_err());
    }
}
