//! Conversion between generated types and JSON.
//!
//! Generated models implement [`FromJson`], which reads them straight from JSON text through a
//! [`Decoder`] (a pull parser: no intermediate tree), and [`ToJson`], which builds a
//! [`serde_json::Value`]. Both are plain functions per type, not generic over a serde
//! `Deserializer`, which keeps the crate fast to compile (BENCHMARKS.md), and they keep unknown
//! fields: whatever a struct does not know stays in its `extra` map and is written back unchanged.
//! Decoding errors carry the path of the value that did not fit.
//!
//! Zoom's answers often differ from its documents. [`from_slice_with`] with
//! [`Decoding::Tolerant`] (what the client and the webhook receiver use) reads what can be read
//! without guessing and reports each difference as a [`Deviation`]; [`from_slice`] is strict.
//!
//! Generated types also implement `serde`'s traits through these (tolerantly, with deviations
//! logged), for use inside your own types; [`from_slice_with`] is the fast way in.

mod decoder;
mod deviation;
mod error;
mod impls;
mod path;
#[cfg(test)]
mod tolerant_tests;
mod writer;

use serde_json::Map;
pub use serde_json::Value;

#[doc(hidden)]
pub use decoder::present;
pub use decoder::{Decoder, Kind, expected};
pub(crate) use deviation::warn_once;
pub use deviation::{Decoded, Decoding, Deviation, DeviationKind};
pub use error::DecodeError;
#[doc(hidden)]
pub use writer::Writer;

/// A JSON object: the type of every generated struct's `extra` field.
pub type JsonObject = Map<String, Value>;

/// Decodes a value from JSON.
pub trait FromJson: Sized {
    /// Reads one value from `de`, which stands before it.
    fn decode(de: &mut Decoder<'_>) -> Result<Self, DecodeError>;

    /// Decodes from a [`Value`], strictly (written out and read back: [`from_slice`] is the way
    /// for bytes).
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        from_value(&value)
    }
}

/// Encodes a value as JSON.
pub trait ToJson {
    fn to_json(&self) -> Value;
}

/// Decodes `T` from JSON text, strictly: anything that differs from the type (a number sent as
/// a string, a required field missing) is an error naming its path. Anything but whitespace
/// after the value is an error.
pub fn from_slice<T: FromJson>(bytes: &[u8]) -> Result<T, DecodeError> {
    from_slice_with(bytes, Decoding::Strict).map(|decoded| decoded.value)
}

/// Decodes `T` from JSON text the way `decoding` says, with the deviations a tolerant decoder
/// found (a strict one finds none: it fails instead).
pub fn from_slice_with<T: FromJson>(bytes: &[u8], decoding: Decoding) -> Result<Decoded<T>, DecodeError> {
    let mut de = Decoder::with(bytes, decoding);
    let value = T::decode(&mut de)?;
    de.finish()?;
    Ok(Decoded { value, deviations: de.into_deviations() })
}

/// Decodes `T` from a [`Value`], strictly.
pub fn from_value<T: FromJson>(value: &Value) -> Result<T, DecodeError> {
    from_slice(&to_bytes(value)?)
}

fn to_bytes(value: &Value) -> Result<Vec<u8>, DecodeError> {
    serde_json::to_vec(value).map_err(|e| DecodeError::new(format!("unwritable JSON value: {e}")))
}

/// Tolerant decoding for the `serde` impls: deviations are logged under the type's name.
#[doc(hidden)]
pub fn from_value_logged<T: FromJson>(value: &Value) -> Result<T, DecodeError> {
    let decoded = from_slice_with::<T>(&to_bytes(value)?, Decoding::Tolerant)?;
    warn_once(std::any::type_name::<T>(), &decoded.deviations);
    Ok(decoded.value)
}

/// `serde` impls for generated types, through [`FromJson`] and [`ToJson`].
#[doc(hidden)]
#[macro_export]
macro_rules! __json_serde {
    ($($ty:ty),* $(,)?) => {$(
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&$crate::json::ToJson::to_json(self), serializer)
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                $crate::json::from_value_logged::<$ty>(&value).map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    )*};
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use serde_json::json;

    /// A struct decoded the way generated code decodes one.
    #[derive(Debug, PartialEq)]
    struct Meeting {
        id: i64,
        topic: Option<String>,
        tags: Option<Vec<String>>,
        extra: JsonObject,
    }

    impl FromJson for Meeting {
        fn decode(de: &mut Decoder<'_>) -> Result<Self, DecodeError> {
            let mut id = None;
            let mut topic = None;
            let mut tags = None;
            let mut extra = JsonObject::new();
            de.object()?;
            while let Some(key) = de.next_key()? {
                match key {
                    "id" => id = Some(de.required("id")?),
                    "topic" => topic = de.optional("topic")?,
                    "tags" => tags = de.optional("tags")?,
                    _ => {
                        let key = key.to_owned();
                        de.unknown(key, &mut extra)?
                    }
                }
            }
            Ok(Meeting { id: present(id, "id")?, topic, tags, extra })
        }
    }

    fn meeting(text: &str) -> Result<Meeting, DecodeError> {
        from_slice(text.as_bytes())
    }

    #[test]
    fn structs_read_known_fields_and_keep_the_rest() {
        let m =
            meeting(r#" {"topic": "Sync \"weekly\"", "id": 7, "new": {"a": [1, 2.5, null]}, "tags": ["x"]} "#).unwrap();
        assert_eq!(m.id, 7);
        assert_eq!(m.topic.as_deref(), Some("Sync \"weekly\""));
        assert_eq!(m.tags, Some(vec!["x".to_owned()]));
        assert_eq!(Value::Object(m.extra), json!({"new": {"a": [1, 2.5, null]}}));
        // Escaped keys are matched unescaped; null optional fields are absent.
        let m = meeting(r#"{"\u0069d": 1, "topic": null}"#).unwrap();
        assert_eq!((m.id, m.topic), (1, None));
        assert_eq!(meeting("{}").unwrap_err().to_string(), "at `id`: missing required field");
        assert_eq!(meeting(r#"{"id": null}"#).unwrap_err().to_string(), "at `id`: expected an integer, found null");
    }

    #[test]
    fn errors_carry_the_path() {
        let err = from_slice::<Vec<i64>>(b"[1, 2, \"three\"]").unwrap_err();
        assert_eq!(err.to_string(), "at `[2]`: expected an integer, found a string");
        let err = from_slice::<BTreeMap<String, Vec<Meeting>>>(br#"{"settings": [{"id": 1}, {"id": 2, "tags": [1]}]}"#)
            .unwrap_err();
        assert_eq!(err.path(), "settings[1].tags[0]");
        assert_eq!(err.message(), "expected a string, found a number");
        let err = meeting(r#"{"id": 1, "later": [1, }"#).unwrap_err();
        assert!(err.to_string().starts_with("at `later`: invalid JSON: "), "{err}");
    }

    #[test]
    fn syntax_errors_say_where() {
        let err = meeting("{\n  \"id\": 1,\n  \"topic\": \"unterminated").unwrap_err();
        assert_eq!(err.to_string(), "at `topic`: invalid JSON: EOF while parsing a string at line 3 column 24");
        assert!(meeting(r#"{"id": 1} trailing"#).unwrap_err().message().contains("trailing characters"));
        assert!(meeting("").unwrap_err().message().starts_with("invalid JSON: "));
        assert_eq!(meeting("[]").unwrap_err().to_string(), "expected an object, found an array");
        let err = meeting("<html>").unwrap_err().to_string();
        assert_eq!(err, "invalid JSON: expected value at line 1 column 1");
        assert_eq!(
            meeting(r#"{"id": NaN}"#).unwrap_err().to_string(),
            "at `id`: invalid JSON: expected value at line 1 column 8"
        );
    }

    #[test]
    fn integers_accept_whole_floats_only() {
        assert_eq!(from_slice::<i64>(b"3.0").unwrap(), 3);
        assert_eq!(from_slice::<i64>(b"-9223372036854775808").unwrap(), i64::MIN);
        assert_eq!(from_slice::<i64>(b"3.5").unwrap_err().to_string(), "expected an integer, found 3.5");
        assert!(from_slice::<i64>(b"18446744073709551616").is_err());
        assert_eq!(from_slice::<f64>(b"1e3").unwrap(), 1000.0);
        let kinds = |text: &str| Decoder::new(text.as_bytes()).kind().unwrap();
        assert_eq!(kinds(" -12"), Kind::Integer);
        assert_eq!(kinds("1.5"), Kind::Number);
        assert_eq!(kinds("2E3"), Kind::Number);
    }

    #[test]
    fn dates_round_trip() {
        let t = chrono::DateTime::<chrono::FixedOffset>::from_json(json!("2024-01-02T03:04:05Z")).unwrap();
        assert_eq!(t.to_json(), json!("2024-01-02T03:04:05Z"));
        let t = chrono::DateTime::<chrono::FixedOffset>::from_json(json!("2024-01-02T03:04:05.120-08:00")).unwrap();
        assert_eq!(t.to_json(), json!("2024-01-02T03:04:05.120-08:00"));
        let d = chrono::NaiveDate::from_json(json!("2024-02-29")).unwrap();
        assert_eq!(d.to_json(), json!("2024-02-29"));
        assert!(chrono::NaiveDate::from_json(json!("29/02/2024")).is_err());
        let err = chrono::NaiveDate::from_json(json!(20240229)).unwrap_err();
        assert_eq!(err.to_string(), "expected a date string, found a number");
    }

    #[test]
    fn invalid_utf8_and_deep_nesting_are_errors() {
        assert!(from_slice::<String>(b"\"\xff\"").is_err());
        assert!(from_slice::<Meeting>(b"{\"id\": 1, \"x\": \"\xff\"}").is_err());
        let deep = format!("{{\"id\": 1, \"x\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(meeting(&deep).is_err());
        let deep = "[".repeat(100_000);
        assert!(from_slice::<Value>(deep.as_bytes()).is_err());
    }

    /// Every prefix of a document, and the document with each byte replaced, decode or fail: none
    /// panics or loops.
    #[test]
    fn mangled_input_never_panics() {
        let doc = br#"{"id": -12, "topic": "a\u00e9\n", "tags": ["x", "y"], "extra": {"n": [1.5e3, true, null]}}"#;
        for end in 0..doc.len() {
            let _ = from_slice::<Meeting>(&doc[..end]);
            let _ = from_slice::<Value>(&doc[..end]);
        }
        for at in 0..doc.len() {
            for byte in [b'"', b'\\', b'{', b']', b',', b'-', b'e', b'0', 0xff, b' '] {
                let mut mangled = doc.to_vec();
                mangled[at] = byte;
                let _ = from_slice::<Meeting>(&mangled);
            }
        }
        assert_eq!(from_slice::<Meeting>(doc).unwrap().id, -12);
    }

    #[test]
    fn tagged_reads_the_tag_and_returns_the_whole_value() {
        let text = br#" {"payload":{"event":"inner"},"event":"meeting.started","n":[1,{"a":2}]} "#;
        let mut de = Decoder::new(text);
        let (tag, value) = de.tagged("event").unwrap();
        assert_eq!(tag.as_deref(), Some("meeting.started"), "the top-level field, not the nested one");
        assert_eq!(value, br#"{"payload":{"event":"inner"},"event":"meeting.started","n":[1,{"a":2}]}"#);
        de.finish().unwrap();
        for (text, expected) in [(&br#"{"event":7}"#[..], None), (br#"{"a":1}"#, None), (b"[1,2]", None)] {
            assert_eq!(Decoder::new(text).tagged("event").unwrap().0, expected);
        }
        assert!(Decoder::new(br#"{"event":"x""#).tagged("event").is_err(), "a truncated value is an error");
    }
}
