//! Reading JSON text one value at a time, for [`FromJson`] impls.
//!
//! Generated types decode straight from the response bytes: a struct opens the object, matches
//! each key against its fields and reads the value into the field's type; only values no field
//! asks for become a [`Value`] (in the struct's `extra` map). Nothing is built in between, which
//! is what makes decoding as fast as `#[derive(Deserialize)]` without its compile cost.
//!
//! A decoder is [tolerant](Decoding::Tolerant) or [strict](Decoding::Strict) about what differs
//! from Zoom's document; the tolerant one records a [`Deviation`] for each difference, and
//! nothing it reads is lost: a value it cannot read goes into the enclosing object's `extra`.

use jiter::{Jiter, JiterError, LinePosition, Peek};

use super::deviation::{Decoding, Deviation, DeviationKind};
use super::path::Segment;
use super::{DecodeError, FromJson, JsonObject, Value};

/// A cursor over JSON text, positioned before a value.
pub struct Decoder<'j> {
    /// Reads `data[base..]`: reading a value again from its start (to keep one that did not fit)
    /// starts a new parser there.
    jiter: Jiter<'j>,
    data: &'j [u8],
    base: usize,
    /// `object()` has consumed `{` and the next `next_key()` reads the object's first key.
    object_opened: bool,
    decoding: Decoding,
    deviations: Vec<Deviation>,
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
pub fn expected(what: &'static str, found: Kind) -> DecodeError {
    DecodeError::mismatch(what, format!("expected {what}, found {}", found.described())).found(found.described())
}

/// "an empty string", "an object", …: what a kept value is, for its deviation.
fn described(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(s) if s.is_empty() => "an empty string",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A syntax error at `error.index` of the parser reading `data[base..]`, with its line and column.
fn syntax(data: &[u8], base: usize, error: JiterError) -> DecodeError {
    let at = LinePosition::find(data, base + error.index);
    DecodeError::syntax(format!("invalid JSON: {} at {at}", error.error_type))
}

/// A required field's value, or the error for its absence.
#[doc(hidden)]
pub fn present<T>(value: Option<T>, key: &str) -> Result<T, DecodeError> {
    value.ok_or_else(|| DecodeError::new("missing required field").within(key))
}

/// Whether `text` is a JSON number (RFC 8259's grammar), so that a string holding it can be read
/// as one without guessing.
fn is_json_number(text: &str) -> bool {
    let bytes = text.strip_prefix('-').unwrap_or(text).as_bytes();
    let digits = |b: &[u8]| b.iter().take_while(|b| b.is_ascii_digit()).count();
    let int = digits(bytes);
    if int == 0 || (int > 1 && bytes[0] == b'0') {
        return false;
    }
    let mut rest = &bytes[int..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        let n = digits(fraction);
        if n == 0 {
            return false;
        }
        rest = &fraction[n..];
    }
    if let Some(exponent) = rest.strip_prefix(b"e").or_else(|| rest.strip_prefix(b"E")) {
        let exponent = exponent.strip_prefix(b"+").or_else(|| exponent.strip_prefix(b"-")).unwrap_or(exponent);
        let n = digits(exponent);
        if n == 0 {
            return false;
        }
        rest = &exponent[n..];
    }
    rest.is_empty()
}

/// The integer a JSON number's text stands for; a fraction or exponent only if it is whole (`3.0`).
#[inline]
fn integer_of(text: &str) -> Option<i64> {
    if let Ok(integer) = text.parse::<i64>() {
        return Some(integer);
    }
    text.parse::<f64>().ok().filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18).map(|f| f as i64)
}

impl<'j> Decoder<'j> {
    /// A strict decoder: anything that differs from the type is an error.
    pub fn new(data: &'j [u8]) -> Self {
        Decoder::with(data, Decoding::Strict)
    }

    pub fn with(data: &'j [u8], decoding: Decoding) -> Self {
        Decoder { jiter: Jiter::new(data), data, base: 0, object_opened: false, decoding, deviations: Vec::new() }
    }

    pub fn decoding(&self) -> Decoding {
        self.decoding
    }

    /// The deviations recorded so far, outermost paths complete once decoding has returned.
    pub fn deviations(&self) -> &[Deviation] {
        &self.deviations
    }

    pub fn into_deviations(self) -> Vec<Deviation> {
        self.deviations
    }

    fn position(&self) -> usize {
        self.base + self.jiter.current_index()
    }

    /// Starts reading again at `at`, which must be where a value starts.
    fn rewind(&mut self, at: usize) {
        self.jiter = Jiter::new(self.data.get(at..).unwrap_or_default());
        self.base = at;
        self.object_opened = false;
    }

    /// Records a deviation of the value just read (tolerant), or fails with it (strict).
    fn deviate(&mut self, kind: DeviationKind, expected: &'static str, found: &'static str) -> Result<(), DecodeError> {
        match self.decoding {
            Decoding::Strict => {
                Err(DecodeError::mismatch(expected, format!("expected {expected}, found {found}")).found(found))
            }
            Decoding::Tolerant => {
                self.deviations.push(Deviation::new(kind, expected, found));
                Ok(())
            }
        }
    }

    /// Puts `segment` in front of the paths of the deviations recorded since `mark`.
    fn prefix(&mut self, mark: usize, segment: impl Fn() -> Segment) {
        for deviation in self.deviations.get_mut(mark..).unwrap_or_default() {
            deviation.within(segment());
        }
    }

    /// Reads `T` one level down (at `segment`), so its deviations' paths and its error start there.
    #[inline]
    fn within<T: FromJson>(&mut self, segment: impl Fn() -> Segment) -> Result<T, DecodeError> {
        let mark = self.deviations.len();
        let value = T::decode(self).map_err(|e| e.within_segment(segment()))?;
        self.prefix(mark, segment);
        Ok(value)
    }

    /// The next value's first byte, which must start a JSON value.
    fn peek(&mut self) -> Result<Peek, DecodeError> {
        let peek = self.jiter.peek().map_err(|e| syntax(self.data, self.base, e))?;
        match peek.into_inner() {
            b'n' | b't' | b'f' | b'"' | b'[' | b'{' | b'-' | b'0'..=b'9' => Ok(peek),
            _ => {
                let at = LinePosition::find(self.data, self.position());
                Err(DecodeError::syntax(format!("invalid JSON: expected value at {at}")))
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
                let rest = self.data.get(self.position()..).unwrap_or_default();
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

    fn wrong(&self, what: &'static str, peek: Peek) -> DecodeError {
        expected(what, self.kind_of(peek))
    }

    /// Checks that the input ends after the value read.
    pub fn finish(&mut self) -> Result<(), DecodeError> {
        self.jiter.finish().map_err(|e| syntax(self.data, self.base, e))
    }

    /// Consumes `null` if it comes next.
    pub fn null(&mut self) -> Result<bool, DecodeError> {
        if self.peek()? != Peek::Null {
            return Ok(false);
        }
        self.jiter.known_null().map_err(|e| syntax(self.data, self.base, e))?;
        Ok(true)
    }

    /// A boolean; `"true"` and `"false"` are read as one (a deviation).
    pub fn bool(&mut self) -> Result<bool, DecodeError> {
        let peek = self.peek()?;
        match peek {
            Peek::True | Peek::False => self.jiter.known_bool(peek).map_err(|e| syntax(self.data, self.base, e)),
            Peek::String => {
                let value = match self.jiter.known_str() {
                    Ok("true") => true,
                    Ok("false") => false,
                    Ok(_) => return Err(expected("a boolean", Kind::String)),
                    Err(error) => return Err(syntax(self.data, self.base, error)),
                };
                self.deviate(DeviationKind::Converted, "a boolean", "a string")?;
                Ok(value)
            }
            _ => Err(self.wrong("a boolean", peek)),
        }
    }

    /// An integer; a number with a fraction or exponent is one only if it is whole (`3.0`). A
    /// string holding one is read as it (a deviation).
    pub fn integer(&mut self) -> Result<i64, DecodeError> {
        let peek = self.peek()?;
        if peek.is_num() {
            let text = match self.jiter.known_number_bytes(peek) {
                // The parser checked the number's grammar: it is ASCII.
                Ok(bytes) => std::str::from_utf8(bytes).unwrap_or_default(),
                Err(error) => return Err(syntax(self.data, self.base, error)),
            };
            return integer_of(text)
                .ok_or_else(|| DecodeError::mismatch("an integer", format!("expected an integer, found {text}")));
        }
        if peek != Peek::String {
            return Err(self.wrong("an integer", peek));
        }
        let value = match self.jiter.known_str() {
            Ok(text) if is_json_number(text) => integer_of(text),
            Ok(_) => None,
            Err(error) => return Err(syntax(self.data, self.base, error)),
        };
        let Some(value) = value else { return Err(expected("an integer", Kind::String)) };
        self.deviate(DeviationKind::Converted, "an integer", "a string")?;
        Ok(value)
    }

    /// A number; a string holding one is read as it (a deviation).
    pub fn number(&mut self) -> Result<f64, DecodeError> {
        let peek = self.peek()?;
        if peek == Peek::String {
            let value = match self.jiter.known_str() {
                Ok(text) if is_json_number(text) => text.parse::<f64>().ok().filter(|f| f.is_finite()),
                Ok(_) => None,
                Err(error) => return Err(syntax(self.data, self.base, error)),
            };
            let Some(value) = value else { return Err(expected("a number", Kind::String)) };
            self.deviate(DeviationKind::Converted, "a number", "a string")?;
            return Ok(value);
        }
        if !peek.is_num() {
            return Err(self.wrong("a number", peek));
        }
        self.jiter.known_float(peek).map_err(|e| syntax(self.data, self.base, e))
    }

    /// A string, unescaped (borrowed from the input or from the decoder's scratch buffer). A
    /// number is read as its JSON text (a deviation).
    pub fn str(&mut self) -> Result<&str, DecodeError> {
        let peek = self.peek()?;
        if peek == Peek::String {
            return match self.jiter.known_str() {
                Ok(s) => Ok(s),
                Err(error) => Err(syntax(self.data, self.base, error)),
            };
        }
        if peek.is_num() {
            let start = self.jiter.current_index();
            self.jiter.known_number_bytes(peek).map_err(|e| syntax(self.data, self.base, e))?;
            self.deviate(DeviationKind::Converted, "a string", "a number")?;
            let text = self.jiter.slice_to_current(start);
            // The parser checked the number's grammar: it is ASCII.
            return Ok(std::str::from_utf8(text).unwrap_or_default());
        }
        Err(self.wrong("a string", peek))
    }

    /// Any value, as a [`Value`].
    pub fn value(&mut self) -> Result<Value, DecodeError> {
        let text = self.skipped()?;
        // Skipping checks the structure; serde_json builds the value (and checks UTF-8).
        serde_json::from_slice(text).map_err(|e| DecodeError::syntax(format!("invalid JSON: {e}")))
    }

    /// Skips the next value, checking its syntax, and returns its text.
    pub(crate) fn skipped(&mut self) -> Result<&'j [u8], DecodeError> {
        let peek = self.peek()?;
        let start = self.jiter.current_index();
        self.jiter.known_skip(peek).map_err(|e| syntax(self.data, self.base, e))?;
        Ok(self.jiter.slice_to_current(start))
    }

    /// The next value's JSON text, checked and skipped, and the string value of its field `tag`
    /// if it is an object that has one: for types whose variant a field names (webhook events
    /// by `event`), which then decode the text as that variant with [`Self::decode_text`].
    pub fn tagged(&mut self, tag: &str) -> Result<(Option<String>, &'j [u8]), DecodeError> {
        let peek = self.peek()?;
        let text = self.skipped()?;
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

    /// Decodes `text` (a value this decoder has read, such as [`Self::tagged`]'s) as `T`, the
    /// way this decoder decodes, recording its deviations here.
    pub fn decode_text<T: FromJson>(&mut self, text: &[u8]) -> Result<T, DecodeError> {
        let mut inner = Decoder::with(text, self.decoding);
        let value = T::decode(&mut inner)?;
        inner.finish()?;
        self.deviations.append(&mut inner.deviations);
        Ok(value)
    }

    /// Skips the next value, checking its syntax.
    pub fn skip(&mut self) -> Result<(), DecodeError> {
        self.skipped().map(|_| ())
    }

    /// Opens an array; `true` when an element follows, to be read before [`Self::array_step`].
    pub fn array(&mut self) -> Result<bool, DecodeError> {
        let peek = self.peek()?;
        if peek != Peek::Array {
            return Err(self.wrong("an array", peek));
        }
        self.jiter.known_array().map(|first| first.is_some()).map_err(|e| syntax(self.data, self.base, e))
    }

    /// Moves past `,` (`true`: another element follows) or the closing `]` (`false`).
    pub fn array_step(&mut self) -> Result<bool, DecodeError> {
        self.jiter.array_step().map(|next| next.is_some()).map_err(|e| syntax(self.data, self.base, e))
    }

    /// The array element at `index`, which comes next.
    #[inline]
    pub fn element<T: FromJson>(&mut self, index: usize) -> Result<T, DecodeError> {
        self.within(|| Segment::Index(index))
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
            Err(error) => Err(syntax(self.data, self.base, error)),
        }
    }

    /// The value of entry `key` of a map, which comes next.
    pub fn entry<T: FromJson>(&mut self, key: &str) -> Result<T, DecodeError> {
        self.within(|| Segment::Key(key.into()))
    }

    /// The value of field `key`, which must not be `null`.
    pub fn required<T: FromJson>(&mut self, key: &str) -> Result<T, DecodeError> {
        self.entry(key)
    }

    /// The value of field `key`; `null` is `None`.
    pub fn optional<T: FromJson>(&mut self, key: &str) -> Result<Option<T>, DecodeError> {
        if self.null()? {
            return Ok(None);
        }
        self.entry(key).map(Some)
    }

    /// The value of field `key` of a type Zoom sends, read tolerantly: `null` is `None` (a
    /// deviation, since the document does not allow it), and a value that does not fit the type
    /// is `None` too, kept as it came in `extra` (a deviation). A strict decoder fails instead.
    #[inline]
    pub fn field<T: FromJson>(&mut self, key: &str, extra: &mut JsonObject) -> Result<Option<T>, DecodeError> {
        self.read_field(key, false, extra)
    }

    /// [`Self::field`] for a field the document allows to be `null`: `null` is `None`, and no
    /// deviation.
    #[inline]
    pub fn nullable_field<T: FromJson>(&mut self, key: &str, extra: &mut JsonObject) -> Result<Option<T>, DecodeError> {
        self.read_field(key, true, extra)
    }

    #[inline]
    fn read_field<T: FromJson>(
        &mut self,
        key: &str,
        nullable: bool,
        extra: &mut JsonObject,
    ) -> Result<Option<T>, DecodeError> {
        // `null` is not looked for first: every type refuses it, and the rare path below reads it.
        let start = self.position();
        let mark = self.deviations.len();
        match T::decode(self) {
            Ok(value) => {
                if self.deviations.len() > mark {
                    self.prefix(mark, || Segment::Key(key.into()));
                }
                Ok(Some(value))
            }
            Err(error) => self.unfit(start, mark, key, nullable, error, extra).map(|()| None),
        }
    }

    // The rare path of `read_field`, out of line and not generic: every field type's
    // instantiation shares it.

    /// A field's value at `start` did not fit its type. `null` is absent (a deviation unless the
    /// field is `nullable`); anything else is an error when strict, and when tolerant is read
    /// again as it came into `extra`, with one deviation in place of any recorded inside it.
    #[cold]
    #[inline(never)]
    fn unfit(
        &mut self,
        start: usize,
        mark: usize,
        key: &str,
        nullable: bool,
        error: DecodeError,
        extra: &mut JsonObject,
    ) -> Result<(), DecodeError> {
        if error.is_syntax() {
            return Err(error.within(key));
        }
        // The value itself is `null` (a type's first check is the value's kind, so nothing was read).
        if error.path_segments().is_empty() && error.what_came() == Some("null") {
            self.rewind(start);
            self.skip()?;
            if nullable {
                return Ok(());
            }
            self.deviate(DeviationKind::Empty, "a value", "null").map_err(|e| e.within(key))?;
            self.prefix(mark, || Segment::Key(key.into()));
            // Kept, so that the object is written back as it came.
            extra.insert(key.to_owned(), Value::Null);
            return Ok(());
        }
        if self.decoding == Decoding::Strict {
            return Err(error.within(key));
        }
        self.deviations.truncate(mark);
        self.rewind(start);
        let raw = self.value().map_err(|e| e.within(key))?;
        // What came at the path of the error (an element, for a list kept whole).
        let found = match error.what_came() {
            Some(found) if !error.path_segments().is_empty() => found,
            _ => described(&raw),
        };
        let kind = if found == "an empty string" { DeviationKind::Empty } else { DeviationKind::Mismatched };
        let mut deviation = Deviation::new(kind, error.expected().unwrap_or("a value of the documented type"), found);
        deviation.path = error.path_segments().clone();
        deviation.within(Segment::Key(key.into()));
        self.deviations.push(deviation);
        extra.insert(key.to_owned(), raw);
        Ok(())
    }

    /// A required field of a type Zoom sends, after the object was read: `None` when it never
    /// came (a deviation; a strict decoder fails), or when it came but could not be read (its
    /// deviation is recorded already).
    pub fn expect<T>(&mut self, value: Option<Option<T>>, key: &str) -> Result<Option<T>, DecodeError> {
        match value {
            Some(value) => Ok(value),
            None => {
                let mark = self.deviations.len();
                self.deviate(DeviationKind::Missing, "a required field", "nothing")
                    .map_err(|_| DecodeError::new("missing required field").within(key))?;
                self.prefix(mark, || Segment::Key(key.into()));
                Ok(None)
            }
        }
    }

    /// [`Self::expect`] for a required object: one that did not come reads as empty.
    pub fn expect_object<T: Default>(&mut self, value: Option<Option<T>>, key: &str) -> Result<T, DecodeError> {
        self.expect(value, key).map(Option::unwrap_or_default)
    }

    /// The value of a field the type does not know, kept in `extra`.
    pub fn unknown(&mut self, key: String, extra: &mut JsonObject) -> Result<(), DecodeError> {
        let value = self.value().map_err(|e| e.within(key.as_str()))?;
        extra.insert(key, value);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_number_grammar() {
        for yes in ["0", "-0", "12", "-12", "1.5", "1e3", "1E+3", "2.5e-7"] {
            assert!(is_json_number(yes), "{yes}");
        }
        for no in ["", "-", "01", "1.", ".5", "1e", "+1", " 1", "1 ", "NaN", "inf", "0x10", "1_000", "١"] {
            assert!(!is_json_number(no), "{no}");
        }
    }
}
