//! `multipart/form-data` request bodies.

use serde_json::Value;

use crate::json::{JsonObject, ToJson};

/// A file to upload.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    pub file_name: String,
    /// The part's `Content-Type`; `None` sends the type the file name's extension implies, else
    /// `application/octet-stream` (RFC 7578 asks for a type on every file).
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

impl FilePart {
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        FilePart { file_name: file_name.into(), content_type: None, bytes: bytes.into() }
    }

    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl std::fmt::Debug for FilePart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("bytes", &format_args!("{} bytes", self.bytes.len()))
            .finish()
    }
}

/// File parts exist only in multipart bodies, so JSON has no file of its own: a JSON string
/// decodes as a file named `file` holding the string's UTF-8 bytes (so a multipart body can be
/// read from JSON, as zoom-client's tests build them from Zoom's examples), and anything else is
/// an error. A file part encodes as `null`.
impl crate::json::FromJson for FilePart {
    fn decode(de: &mut crate::json::Decoder<'_>) -> Result<Self, crate::json::DecodeError> {
        if de.kind()? == crate::json::Kind::String {
            return Ok(FilePart::new("file", String::decode(de)?));
        }
        Err(crate::json::expected("a file (a string of its text)", de.kind()?))
    }
}

impl ToJson for FilePart {
    fn to_json(&self) -> Value {
        Value::Null
    }
}

/// One part of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Text {
        name: String,
        value: String,
    },
    /// An object or array as JSON text, labelled `application/json` (OpenAPI's default encoding
    /// for them in a form).
    Json {
        name: String,
        value: String,
    },
    File {
        name: String,
        file: FilePart,
    },
}

/// A `multipart/form-data` body, built by generated code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Multipart {
    pub parts: Vec<Part>,
}

/// A type sent as a `multipart/form-data` body.
pub trait ToMultipart {
    fn to_multipart(&self) -> Multipart;
}

impl Multipart {
    pub fn new() -> Self {
        Self::default()
    }

    /// A part for a field: strings as they are, numbers and booleans as JSON literals (text
    /// parts), objects and arrays as JSON text (`application/json` parts); nothing for `null`.
    pub fn field<T: ToJson + ?Sized>(&mut self, name: &str, value: &T) {
        let name = name.to_owned();
        self.parts.push(match value.to_json() {
            Value::String(value) => Part::Text { name, value },
            Value::Null => return,
            value @ (Value::Array(_) | Value::Object(_)) => Part::Json { name, value: value.to_string() },
            value => Part::Text { name, value: value.to_string() },
        });
    }

    pub fn file(&mut self, name: &str, file: &FilePart) {
        self.parts.push(Part::File { name: name.to_owned(), file: file.clone() });
    }

    /// Fields the generated type does not know, as text parts.
    pub fn extra(&mut self, extra: &JsonObject) {
        for (name, value) in extra {
            self.field(name, value);
        }
    }

    pub(crate) fn into_form(self) -> Result<reqwest::multipart::Form, reqwest::Error> {
        let mut form = reqwest::multipart::Form::new();
        for part in self.parts {
            form = match part {
                Part::Text { name, value } => form.text(name, value),
                Part::Json { name, value } => {
                    form.part(name, reqwest::multipart::Part::text(value).mime_str("application/json")?)
                }
                Part::File { name, file } => {
                    let content_type = file.content_type.unwrap_or_else(|| {
                        mime_guess::from_path(&file.file_name).first_or_octet_stream().essence_str().to_owned()
                    });
                    let part = reqwest::multipart::Part::bytes(file.bytes).file_name(file.file_name);
                    form.part(name, part.mime_str(&content_type)?)
                }
            };
        }
        Ok(form)
    }
}
