//! [`FromJson`] and [`ToJson`] for the types generated fields are made of.

use std::collections::BTreeMap;

use super::{DecodeError, Decoder, FromJson, JsonObject, Kind, ToJson, Value, expected};

impl FromJson for bool {
    fn decode(de: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        de.bool()
    }
}

impl FromJson for i64 {
    fn decode(de: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        de.integer()
    }
}

impl FromJson for f64 {
    fn decode(de: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        de.number()
    }
}

impl FromJson for String {
    fn decode(de: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        de.str().map(str::to_owned)
    }
}

impl FromJson for Value {
    fn decode(de: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        de.value()
    }
}

impl FromJson for JsonObject {
    fn decode(de: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        match de.kind()? {
            Kind::Object => match de.value()? {
                Value::Object(object) => Ok(object),
                _ => Err(expected("an object", Kind::Array)),
            },
            kind => Err(expected("an object", kind)),
        }
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn decode(de: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        if de.null()? { Ok(None) } else { T::decode(de).map(Some) }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn decode(de: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let mut items = Vec::new();
        let mut more = de.array()?;
        while more {
            items.push(de.element(items.len())?);
            more = de.array_step()?;
        }
        Ok(items)
    }
}

impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn decode(de: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let mut map = BTreeMap::new();
        de.object()?;
        while let Some(key) = de.next_key()? {
            let key = key.to_owned();
            let value = de.entry(&key)?;
            map.insert(key, value);
        }
        Ok(map)
    }
}

impl FromJson for chrono::DateTime<chrono::FixedOffset> {
    fn decode(de: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let text = string(de, "a date-time string")?;
        chrono::DateTime::parse_from_rfc3339(text).map_err(|e| {
            DecodeError::mismatch(
                "an RFC 3339 date-time",
                format!("expected an RFC 3339 date-time, found {text:?} ({e})"),
            )
        })
    }
}

impl FromJson for chrono::NaiveDate {
    fn decode(de: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let text = string(de, "a date string")?;
        text.parse().map_err(|e| {
            DecodeError::mismatch("a date (YYYY-MM-DD)", format!("expected a date (YYYY-MM-DD), found {text:?} ({e})"))
        })
    }
}

/// A string that stands for `what` (a date, …): its error names `what`.
fn string<'d>(de: &'d mut Decoder<'_>, what: &'static str) -> Result<&'d str, DecodeError> {
    match de.kind()? {
        Kind::String => de.str(),
        kind => Err(expected(what, kind)),
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
