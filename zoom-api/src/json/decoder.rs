//! Reading JSON text one value at a time, for [`FromJson`] impls.
//!
//! Generated types decode straight from the response bytes: a struct opens the object, matches
//! each key against its fields and reads the value into the field's type; only values no field
//! asks for become a [`Value`] (in the struct's `extra` map). Nothing is built in between, which
//! is what makes decoding as fast as `#[derive(Deserialize)]` without its compile cost.

use jiter::{Jiter, JiterError, LinePosition, Peek};

use super::{DecodeError, FromJson, JsonObject, Value};

/// A cursor over JSON text, positioned before a value.
pub struct Decoder<'j> {
    jiter: Jiter<'j>,
    data: &'j [u8],
    /// `object()` has consumed `{` and the next `next_key()` reads the object's first key.
    object_opened: bool,
}

/// What kind of JSON value comes next (an integer is a number without fraction or exponent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Null,
    Bool,
    Integer,
    Number,
    String,
    Array,
    Object,
}

impl Kind {
    /// "a string", "an object", …: for error messages.
    pub fn described(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool => "a boolean",
            Kind::Integer | Kind::Number => "a number",
            Kind::String => "a string",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }
}

/// The error for a value of the wrong JSON kind.
pub fn expected(what: &str, found: Kind) -> DecodeError {
    DecodeError::new(format!("expected {what}, found {}", found.described()))
}

/// A syntax error, with the line and column where it is.
fn syntax(data: &[u8], error: JiterError) -> DecodeError {
    DecodeError::new(format!("invalid JSON: {} at {}", error.error_type, LinePosition::find(data, error.index)))
}

/// A required field's value, or the error for its absence.
#[doc(hidden)]
pub fn present<T>(value: Option<T>, key: &str) -> Result<T, DecodeError> {
    value.ok_or_else(|| DecodeError::new("missing required field").within(key))
}

impl<'j> Decoder<'j> {
    pub fn new(data: &'j [u8]) -> Self {
        Decoder { jiter: Jiter::new(data), data, object_opened: false }
    }

    /// The next value's first byte, which must start a JSON value.
    fn peek(&mut self) -> Result<Peek, DecodeError> {
        let peek = self.jiter.peek().map_err(|e| syntax(self.data, e))?;
        match peek.into_inner() {
            b'n' | b't' | b'f' | b'"' | b'[' | b'{' | b'-' | b'0'..=b'9' => Ok(peek),
            _ => {
                let at = LinePosition::find(self.data, self.jiter.current_index());
                Err(DecodeError::new(format!("invalid JSON: expected value at {at}")))
            }
        }
    }

    fn kind_of(&self, peek: Peek) -> Kind {
        match peek {
            Peek::Null => Kind::Null,
            Peek::True | Peek::False => Kind::Bool,
            Peek::String => Kind::String,
            Peek::Array => Kind::Array,
            Peek::Object => Kind::Object,
            _ => {
                let rest = self.data.get(self.jiter.current_index()..).unwrap_or_default();
                let number = rest.iter().take_while(|b| matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'));
                if number.clone().any(|b| matches!(b, b'.' | b'e' | b'E')) { Kind::Number } else { Kind::Integer }
            }
        }
    }

    /// The kind of the next value, without reading it.
    pub fn kind(&mut self) -> Result<Kind, DecodeError> {
        let peek = self.peek()?;
        Ok(self.kind_of(peek))
    }

    fn wrong(&self, what: &str, peek: Peek) -> DecodeError {
        expected(what, self.kind_of(peek))
    }

    /// Checks that the input ends after the value read.
    pub fn finish(&mut self) -> Result<(), DecodeError> {
        self.jiter.finish().map_err(|e| syntax(self.data, e))
    }

    /// Consumes `null` if it comes next.
    pub fn null(&mut self) -> Result<bool, DecodeError> {
        if self.peek()? != Peek::Null {
            return Ok(false);
        }
        self.jiter.known_null().map_err(|e| syntax(self.data, e))?;
        Ok(true)
    }

    pub fn bool(&mut self) -> Result<bool, DecodeError> {
        let peek = self.peek()?;
        if !matches!(peek, Peek::True | Peek::False) {
            return Err(self.wrong("a boolean", peek));
        }
        self.jiter.known_bool(peek).map_err(|e| syntax(self.data, e))
    }

    /// An integer; a number with a fraction or exponent is one only if it is whole (`3.0`).
    pub fn integer(&mut self) -> Result<i64, DecodeError> {
        let peek = self.peek()?;
        if !peek.is_num() {
            return Err(self.wrong("an integer", peek));
        }
        let text = match self.jiter.known_number_bytes(peek) {
            // The parser checked the number's grammar: it is ASCII.
            Ok(bytes) => std::str::from_utf8(bytes).unwrap_or_default(),
            Err(error) => return Err(syntax(self.data, error)),
        };
        if let Ok(integer) = text.parse::<i64>() {
            return Ok(integer);
        }
        text.parse::<f64>()
            .ok()
            .filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18)
            .map(|f| f as i64)
            .ok_or_else(|| DecodeError::new(format!("expected an integer, found {text}")))
    }

    pub fn number(&mut self) -> Result<f64, DecodeError> {
        let peek = self.peek()?;
        if !peek.is_num() {
            return Err(self.wrong("a number", peek));
        }
        self.jiter.known_float(peek).map_err(|e| syntax(self.data, e))
    }

    /// A string, unescaped (borrowed from the input or from the decoder's scratch buffer).
    pub fn str(&mut self) -> Result<&str, DecodeError> {
        let peek = self.peek()?;
        if peek != Peek::String {
            return Err(self.wrong("a string", peek));
        }
        match self.jiter.known_str() {
            Ok(s) => Ok(s),
            Err(error) => Err(syntax(self.data, error)),
        }
    }

    /// Any value, as a [`Value`].
    pub fn value(&mut self) -> Result<Value, DecodeError> {
        let peek = self.peek()?;
        let start = self.jiter.current_index();
        self.jiter.known_skip(peek).map_err(|e| syntax(self.data, e))?;
        // Skipping checks the structure; serde_json builds the value (and checks UTF-8).
        serde_json::from_slice(self.jiter.slice_to_current(start))
            .map_err(|e| DecodeError::new(format!("invalid JSON: {e}")))
    }

    /// The next value's JSON text, checked and skipped, and the string value of its field `tag`
    /// if it is an object that has one: for types whose variant a field names (webhook events
    /// by `event`), which then decode the text as that variant.
    pub fn tagged(&mut self, tag: &str) -> Result<(Option<String>, &'j [u8]), DecodeError> {
        let peek = self.peek()?;
        let start = self.jiter.current_index();
        self.jiter.known_skip(peek).map_err(|e| syntax(self.data, e))?;
        let text = self.jiter.slice_to_current(start);
        if peek != Peek::Object {
            return Ok((None, text));
        }
        let mut inner = Decoder::new(text);
        inner.object()?;
        while let Some(key) = inner.next_key()? {
            if key == tag && inner.kind()? == Kind::String {
                return Ok((Some(inner.str()?.to_owned()), text));
            }
            inner.skip()?;
        }
        Ok((None, text))
    }

    /// Skips the next value, checking its syntax.
    pub fn skip(&mut self) -> Result<(), DecodeError> {
        let peek = self.peek()?;
        self.jiter.known_skip(peek).map_err(|e| syntax(self.data, e))
    }

    /// Opens an array; `true` when an element follows, to be read before [`Self::array_step`].
    pub fn array(&mut self) -> Result<bool, DecodeError> {
        let peek = self.peek()?;
        if peek != Peek::Array {
            return Err(self.wrong("an array", peek));
        }
        self.jiter.known_array().map(|first| first.is_some()).map_err(|e| syntax(self.data, e))
    }

    /// Moves past `,` (`true`: another element follows) or the closing `]` (`false`).
    pub fn array_step(&mut self) -> Result<bool, DecodeError> {
        self.jiter.array_step().map(|next| next.is_some()).map_err(|e| syntax(self.data, e))
    }

    /// Opens an object, whose keys [`Self::next_key`] then reads, each followed by its value.
    pub fn object(&mut self) -> Result<(), DecodeError> {
        let peek = self.peek()?;
        if peek != Peek::Object {
            return Err(self.wrong("an object", peek));
        }
        self.object_opened = true;
        Ok(())
    }

    /// The next key of the object being read, `None` after its last.
    pub fn next_key(&mut self) -> Result<Option<&str>, DecodeError> {
        let key =
            if std::mem::take(&mut self.object_opened) { self.jiter.known_object() } else { self.jiter.next_key() };
        match key {
            Ok(key) => Ok(key),
            Err(error) => Err(syntax(self.data, error)),
        }
    }

    /// The value of field `key`, which must not be `null`.
    pub fn required<T: FromJson>(&mut self, key: &str) -> Result<T, DecodeError> {
        T::decode(self).map_err(|e| e.within(key))
    }

    /// The value of field `key`; `null` is `None`.
    pub fn optional<T: FromJson>(&mut self, key: &str) -> Result<Option<T>, DecodeError> {
        if self.null()? {
            return Ok(None);
        }
        T::decode(self).map(Some).map_err(|e| e.within(key))
    }

    /// The value of a field the type does not know, kept in `extra`.
    pub fn unknown(&mut self, key: String, extra: &mut JsonObject) -> Result<(), DecodeError> {
        let value = self.value().map_err(|e| e.within(key.as_str()))?;
        extra.insert(key, value);
        Ok(())
    }
}
