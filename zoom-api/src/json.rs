//! Conversion between generated types and JSON.
//!
//! Generated models implement [`FromJson`] and [`ToJson`] with plain, non-generic functions over
//! [`serde_json::Value`], and get `serde` impls that go through them. This keeps the crate fast to
//! compile (no monomorphised serde visitor per type, in this crate or in yours) and makes unknown
//! fields easy to keep: whatever a struct does not know stays in its `extra` map and is written
//! back unchanged. Decoding errors carry the path of the value that did not fit.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Map;
pub use serde_json::Value;

/// A JSON object: the type of every generated struct's `extra` field.
pub type JsonObject = Map<String, Value>;

/// Decodes a value from JSON.
pub trait FromJson: Sized {
    fn from_json(value: Value) -> Result<Self, DecodeError>;
}

/// Encodes a value as JSON.
pub trait ToJson {
    fn to_json(&self) -> Value;
}

/// Decodes `T` from JSON text.
pub fn from_slice<T: FromJson>(bytes: &[u8]) -> Result<T, DecodeError> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| DecodeError::new(format!("invalid JSON: {e}")))?;
    T::from_json(value)
}

/// A JSON value that did not fit the type it was decoded into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Path from the top of the document, innermost last: field names and array indexes.
    path: Vec<String>,
    message: String,
}

impl DecodeError {
    pub fn new(message: impl Into<String>) -> Self {
        DecodeError { path: Vec::new(), message: message.into() }
    }

    /// The error seen from one level up: `segment` is a field name or an array index.
    pub fn within(mut self, segment: impl Into<String>) -> Self {
        self.path.push(segment.into());
        self
    }

    /// Path of the offending value, e.g. `settings.approved_or_denied_countries_or_regions[2]`.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for segment in self.path.iter().rev() {
            if segment.starts_with('[') {
                out.push_str(segment);
            } else {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(segment);
            }
        }
        out
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "at `{}`: {}", self.path(), self.message)
        }
    }
}

impl std::error::Error for DecodeError {}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The error for a value of the wrong JSON kind.
pub fn expected(what: &str, found: &Value) -> DecodeError {
    DecodeError::new(format!("expected {what}, found {}", kind(found)))
}

impl FromJson for bool {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        value.as_bool().ok_or_else(|| expected("a boolean", &value))
    }
}

impl FromJson for i64 {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        match &value {
            Value::Number(n) => n
                .as_i64()
                .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18).map(|f| f as i64))
                .ok_or_else(|| DecodeError::new(format!("expected an integer, found {n}"))),
            _ => Err(expected("an integer", &value)),
        }
    }
}

impl FromJson for f64 {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        value.as_f64().ok_or_else(|| expected("a number", &value))
    }
}

impl FromJson for String {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        match value {
            Value::String(s) => Ok(s),
            other => Err(expected("a string", &other)),
        }
    }
}

impl FromJson for Value {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        Ok(value)
    }
}

impl FromJson for JsonObject {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        object(value)
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        match value {
            Value::Null => Ok(None),
            value => T::from_json(value).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        match value {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, item)| T::from_json(item).map_err(|e| e.within(format!("[{i}]"))))
                .collect(),
            other => Err(expected("an array", &other)),
        }
    }
}

impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        object(value)?
            .into_iter()
            .map(|(k, v)| T::from_json(v).map(|v| (k.clone(), v)).map_err(|e| e.within(k)))
            .collect()
    }
}

impl FromJson for chrono::DateTime<chrono::FixedOffset> {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        match &value {
            Value::String(s) => chrono::DateTime::parse_from_rfc3339(s)
                .map_err(|e| DecodeError::new(format!("expected an RFC 3339 date-time, found {s:?} ({e})"))),
            _ => Err(expected("a date-time string", &value)),
        }
    }
}

impl FromJson for chrono::NaiveDate {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        match &value {
            Value::String(s) => {
                s.parse().map_err(|e| DecodeError::new(format!("expected a date (YYYY-MM-DD), found {s:?} ({e})")))
            }
            _ => Err(expected("a date string", &value)),
        }
    }
}

impl ToJson for bool {
    fn to_json(&self) -> Value {
        Value::Bool(*self)
    }
}

impl ToJson for i64 {
    fn to_json(&self) -> Value {
        Value::from(*self)
    }
}

impl ToJson for f64 {
    fn to_json(&self) -> Value {
        Value::from(*self)
    }
}

impl ToJson for String {
    fn to_json(&self) -> Value {
        Value::String(self.clone())
    }
}

impl ToJson for Value {
    fn to_json(&self) -> Value {
        self.clone()
    }
}

impl ToJson for JsonObject {
    fn to_json(&self) -> Value {
        Value::Object(self.clone())
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToJson::to_json)
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Value {
        Value::Array(self.iter().map(ToJson::to_json).collect())
    }
}

impl<T: ToJson> ToJson for BTreeMap<String, T> {
    fn to_json(&self) -> Value {
        Value::Object(self.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
    }
}

impl ToJson for chrono::DateTime<chrono::FixedOffset> {
    fn to_json(&self) -> Value {
        Value::String(self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

impl ToJson for chrono::NaiveDate {
    fn to_json(&self) -> Value {
        Value::String(self.format("%Y-%m-%d").to_string())
    }
}

/// Reads a struct's fields out of a JSON object; what is left over is the struct's `extra`.
#[doc(hidden)]
pub struct Fields(JsonObject);

impl Fields {
    pub fn new(value: Value) -> Result<Self, DecodeError> {
        object(value).map(Fields)
    }

    pub fn required<T: FromJson>(&mut self, key: &str) -> Result<T, DecodeError> {
        required(&mut self.0, key)
    }

    pub fn optional<T: FromJson>(&mut self, key: &str) -> Result<Option<T>, DecodeError> {
        optional(&mut self.0, key)
    }

    /// The fields nobody asked for.
    pub fn rest(self) -> JsonObject {
        self.0
    }
}

/// Writes a struct's fields over its `extra` map.
#[doc(hidden)]
pub struct Writer(JsonObject);

impl Writer {
    pub fn new(extra: &JsonObject) -> Self {
        Writer(extra.clone())
    }

    pub fn required<T: ToJson>(&mut self, key: &str, value: &T) {
        put(&mut self.0, key, value);
    }

    pub fn optional<T: ToJson>(&mut self, key: &str, value: &Option<T>) {
        put_optional(&mut self.0, key, value);
    }

    pub fn finish(self) -> Value {
        Value::Object(self.0)
    }
}

/// The object a struct decodes from.
#[doc(hidden)]
pub fn object(value: Value) -> Result<JsonObject, DecodeError> {
    match value {
        Value::Object(object) => Ok(object),
        other => Err(expected("an object", &other)),
    }
}

/// Takes a required field out of `object`.
#[doc(hidden)]
pub fn required<T: FromJson>(object: &mut JsonObject, key: &str) -> Result<T, DecodeError> {
    match object.remove(key) {
        Some(value) => T::from_json(value).map_err(|e| e.within(key)),
        None => Err(DecodeError::new("missing required field").within(key)),
    }
}

/// Takes an optional field out of `object`; absent and `null` are both `None`.
#[doc(hidden)]
pub fn optional<T: FromJson>(object: &mut JsonObject, key: &str) -> Result<Option<T>, DecodeError> {
    match object.remove(key) {
        Some(Value::Null) | None => Ok(None),
        Some(value) => T::from_json(value).map(Some).map_err(|e| e.within(key)),
    }
}

/// Writes a field.
#[doc(hidden)]
pub fn put<T: ToJson>(object: &mut JsonObject, key: &str, value: &T) {
    object.insert(key.to_owned(), value.to_json());
}

/// Writes an optional field unless it is `None`.
#[doc(hidden)]
pub fn put_optional<T: ToJson>(object: &mut JsonObject, key: &str, value: &Option<T>) {
    if let Some(value) = value {
        object.insert(key.to_owned(), value.to_json());
    }
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
                <$ty as $crate::json::FromJson>::from_json(value).map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    )*};
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn errors_carry_the_path() {
        let err = Vec::<i64>::from_json(json!([1, 2, "three"])).unwrap_err();
        assert_eq!(err.to_string(), "at `[2]`: expected an integer, found a string");
        let mut obj = object(json!({"settings": {"ids": [1, "x"]}})).unwrap();
        let err = required::<BTreeMap<String, Vec<i64>>>(&mut obj, "settings").unwrap_err();
        assert_eq!(err.path(), "settings.ids[1]");
    }

    #[test]
    fn optional_fields_treat_null_as_absent() {
        let mut obj = object(json!({"a": null})).unwrap();
        assert_eq!(optional::<String>(&mut obj, "a").unwrap(), None);
        assert_eq!(optional::<String>(&mut obj, "b").unwrap(), None);
        let err = required::<String>(&mut obj, "c").unwrap_err();
        assert_eq!(err.to_string(), "at `c`: missing required field");
    }

    #[test]
    fn integers_accept_whole_floats_only() {
        assert_eq!(i64::from_json(json!(3.0)).unwrap(), 3);
        assert!(i64::from_json(json!(3.5)).is_err());
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
    }
}
