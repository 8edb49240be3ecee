//! Writing a struct's fields over its `extra` map, for generated [`ToJson`] impls.

use super::{JsonObject, ToJson, Value};

#[doc(hidden)]
pub struct Writer(JsonObject);

impl Writer {
    pub fn new(extra: &JsonObject) -> Self {
        Writer(extra.clone())
    }

    pub fn required<T: ToJson>(&mut self, key: &str, value: &T) {
        self.0.insert(key.to_owned(), value.to_json());
    }

    /// Writes the field unless it is `None`.
    pub fn optional<T: ToJson>(&mut self, key: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.0.insert(key.to_owned(), value.to_json());
        }
    }

    /// Writes a required object of a type Zoom sends, unless it is empty and `extra` holds what
    /// Zoom sent in its place (a value that was not an object): that is written back instead.
    pub fn object<T: ToJson + Default + PartialEq>(&mut self, key: &str, value: &T) {
        if self.0.contains_key(key) && *value == T::default() {
            return;
        }
        self.0.insert(key.to_owned(), value.to_json());
    }

    pub fn finish(self) -> Value {
        Value::Object(self.0)
    }
}
