//! Tolerant decoding on types written the way the generator writes a type Zoom sends: each class
//! of deviation Zoom's answers show decodes with exactly its deviation, is written back as it
//! came (or in the documented form, where it was converted), and fails a strict decoder at its path.

use serde_json::json;

use super::*;

/// An integer enum, as generated (`__integer_enum!`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MeetingType {
    Instant,
    Scheduled,
    UnknownValue(i64),
}

impl From<i64> for MeetingType {
    fn from(value: i64) -> Self {
        match value {
            1 => Self::Instant,
            2 => Self::Scheduled,
            other => Self::UnknownValue(other),
        }
    }
}

impl FromJson for MeetingType {
    fn decode(de: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        de.integer().map(Self::from)
    }
}

impl ToJson for MeetingType {
    fn to_json(&self) -> Value {
        Value::from(match self {
            Self::Instant => 1,
            Self::Scheduled => 2,
            Self::UnknownValue(n) => *n,
        })
    }
}

/// A string enum whose values are numbers, like the recording `type` in Zoom's document.
#[derive(Debug, Clone, PartialEq, Eq)]
enum RecordingType {
    V8,
    UnknownValue(String),
}

impl FromJson for RecordingType {
    fn decode(de: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        de.str().map(|s| if s == "8" { Self::V8 } else { Self::UnknownValue(s.to_owned()) })
    }
}

impl ToJson for RecordingType {
    fn to_json(&self) -> Value {
        Value::String(match self {
            Self::V8 => "8".to_owned(),
            Self::UnknownValue(s) => s.clone(),
        })
    }
}

/// `{ host: { email (required) } }`-like nesting: a required object in a type Zoom sends.
#[derive(Debug, Clone, Default, PartialEq)]
struct Host {
    email: Option<String>,
    extra: JsonObject,
}

impl FromJson for Host {
    fn decode(de: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let mut email = None;
        let mut extra = JsonObject::new();
        de.object()?;
        while let Some(key) = de.next_key()? {
            match key {
                "email" => email = Some(de.field("email", &mut extra)?),
                _ => {
                    let key = key.to_owned();
                    de.unknown(key, &mut extra)?
                }
            }
        }
        Ok(Host { email: de.expect(email, "email")?, extra })
    }
}

impl ToJson for Host {
    fn to_json(&self) -> Value {
        let mut json = Writer::new(&self.extra);
        json.optional("email", &self.email);
        json.finish()
    }
}

/// A meeting as Zoom sends it: `id`, `duration`, `host` required; `topic`, `type`,
/// `recording_type`, `occurrences`, `start_time` and `registration` optional; `agenda` nullable.
#[derive(Debug, Clone, Default, PartialEq)]
struct Meeting {
    id: Option<i64>,
    duration: Option<i64>,
    host: Host,
    topic: Option<String>,
    type_: Option<MeetingType>,
    recording_type: Option<RecordingType>,
    occurrences: Option<Vec<i64>>,
    start_time: Option<chrono::DateTime<chrono::FixedOffset>>,
    registration: Option<bool>,
    agenda: Option<String>,
    extra: JsonObject,
}

impl FromJson for Meeting {
    fn decode(de: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let (mut id, mut duration, mut host) = (None, None, None);
        let (mut topic, mut type_, mut recording_type, mut occurrences) = (None, None, None, None);
        let (mut start_time, mut registration, mut agenda) = (None, None, None);
        let mut extra = JsonObject::new();
        de.object()?;
        while let Some(key) = de.next_key()? {
            match key {
                "id" => id = Some(de.field("id", &mut extra)?),
                "duration" => duration = Some(de.field("duration", &mut extra)?),
                "host" => host = Some(de.field("host", &mut extra)?),
                "topic" => topic = de.field("topic", &mut extra)?,
                "type" => type_ = de.field("type", &mut extra)?,
                "recording_type" => recording_type = de.field("recording_type", &mut extra)?,
                "occurrences" => occurrences = de.field("occurrences", &mut extra)?,
                "start_time" => start_time = de.field("start_time", &mut extra)?,
                "registration" => registration = de.field("registration", &mut extra)?,
                "agenda" => agenda = de.nullable_field("agenda", &mut extra)?,
                _ => {
                    let key = key.to_owned();
                    de.unknown(key, &mut extra)?
                }
            }
        }
        Ok(Meeting {
            id: de.expect(id, "id")?,
            duration: de.expect(duration, "duration")?,
            host: de.expect_object(host, "host")?,
            topic,
            type_,
            recording_type,
            occurrences,
            start_time,
            registration,
            agenda,
            extra,
        })
    }
}

impl ToJson for Meeting {
    fn to_json(&self) -> Value {
        let mut json = Writer::new(&self.extra);
        json.optional("id", &self.id);
        json.optional("duration", &self.duration);
        json.object("host", &self.host);
        json.optional("topic", &self.topic);
        json.optional("type", &self.type_);
        json.optional("recording_type", &self.recording_type);
        json.optional("occurrences", &self.occurrences);
        json.optional("start_time", &self.start_time);
        json.optional("registration", &self.registration);
        json.optional("agenda", &self.agenda);
        json.finish()
    }
}

fn base() -> Value {
    json!({"id": 85746065, "duration": 30, "host": {"email": "a@example.com"}, "topic": "Sync"})
}

/// `base()` with `changes` merged in (a `null` change removes the field).
fn body(changes: Value) -> Value {
    let mut out = base();
    for (key, value) in changes.as_object().unwrap() {
        match value {
            Value::String(s) if s == "<remove>" => {
                out.as_object_mut().unwrap().remove(key);
            }
            _ => {
                out[key] = value.clone();
            }
        }
    }
    out
}

fn tolerant<T: FromJson>(value: &Value) -> Decoded<T> {
    from_slice_with::<T>(value.to_string().as_bytes(), Decoding::Tolerant)
        .unwrap_or_else(|e| panic!("{value} does not decode: {e}"))
}

fn deviations(decoded: &[Deviation]) -> Vec<String> {
    decoded.iter().map(ToString::to_string).collect()
}

/// One class: `changes` decode with exactly `expected` deviations, the body is written back as
/// `written` (the input itself unless a value was converted), and a strict decoder fails at
/// `strict_path`.
fn check(changes: Value, expected: &[&str], written: Option<Value>, strict_path: &str) -> Meeting {
    let input = body(changes);
    let decoded = tolerant::<Meeting>(&input);
    assert_eq!(deviations(&decoded.deviations), expected, "deviations of {input}");
    assert_eq!(decoded.value.to_json(), written.unwrap_or_else(|| input.clone()), "{input} written back");
    match from_slice::<Meeting>(input.to_string().as_bytes()) {
        Ok(_) => assert!(expected.is_empty(), "strict decoding of {input} succeeds"),
        Err(error) => assert_eq!(error.path(), strict_path, "strict error of {input}: {error}"),
    }
    decoded.value
}

#[test]
fn a_body_as_documented_has_no_deviations() {
    let decoded = tolerant::<Meeting>(&base());
    assert!(decoded.deviations.is_empty());
    assert_eq!(decoded.value.id, Some(85746065));
    assert_eq!(decoded.value.host.email.as_deref(), Some("a@example.com"));
    assert_eq!(decoded.value.to_json(), base());
    assert_eq!(from_slice::<Meeting>(base().to_string().as_bytes()).unwrap(), decoded.value);
    // A nullable field may be null.
    let input = body(json!({"agenda": null}));
    assert!(tolerant::<Meeting>(&input).deviations.is_empty());
    assert!(from_slice::<Meeting>(input.to_string().as_bytes()).is_ok());
}

#[test]
fn numeric_strings_are_read_as_numbers() {
    let m = check(
        json!({"id": "85746065"}),
        &["at `id`: expected an integer, found a string (converted)"],
        Some(base()),
        "id",
    );
    assert_eq!(m.id, Some(85746065));
    let m = check(
        json!({"type": "2"}),
        &["at `type`: expected an integer, found a string (converted)"],
        Some(body(json!({"type": 2}))),
        "type",
    );
    assert_eq!(m.type_, Some(MeetingType::Scheduled));
    // An integer enum value the document does not list, sent as a string: read, and kept as an
    // unknown value (which shows itself, so it is no deviation of its own).
    let m = check(
        json!({"type": "3"}),
        &["at `type`: expected an integer, found a string (converted)"],
        Some(body(json!({"type": 3}))),
        "type",
    );
    assert_eq!(m.type_, Some(MeetingType::UnknownValue(3)));
}

#[test]
fn numbers_are_read_as_strings() {
    let m = check(
        json!({"topic": 12345678901234567890u64}),
        &["at `topic`: expected a string, found a number (converted)"],
        Some(body(json!({"topic": "12345678901234567890"}))),
        "topic",
    );
    assert_eq!(m.topic.as_deref(), Some("12345678901234567890"), "the number's own text");
    // The recording `type`: a string enum in the document, an integer on the wire.
    let m = check(
        json!({"recording_type": 8}),
        &["at `recording_type`: expected a string, found a number (converted)"],
        Some(body(json!({"recording_type": "8"}))),
        "recording_type",
    );
    assert_eq!(m.recording_type, Some(RecordingType::V8));
}

#[test]
fn boolean_strings_are_read_as_booleans() {
    let m = check(
        json!({"registration": "true"}),
        &["at `registration`: expected a boolean, found a string (converted)"],
        Some(body(json!({"registration": true}))),
        "registration",
    );
    assert_eq!(m.registration, Some(true));
    // Anything else is not a boolean without guessing.
    let m = check(
        json!({"registration": "yes"}),
        &["at `registration`: expected a boolean, found a string (kept as sent)"],
        None,
        "registration",
    );
    assert_eq!((m.registration, &m.extra["registration"]), (None, &json!("yes")));
}

#[test]
fn empty_strings_and_nulls_are_absent() {
    let m = check(
        json!({"duration": ""}),
        &["at `duration`: expected an integer, found an empty string (read as absent)"],
        None,
        "duration",
    );
    assert_eq!(m.duration, None, "no silent 0");
    let m = check(
        json!({"start_time": ""}),
        &["at `start_time`: expected an RFC 3339 date-time, found an empty string (read as absent)"],
        None,
        "start_time",
    );
    assert_eq!(m.start_time, None);
    let m =
        check(json!({"topic": null}), &["at `topic`: expected a value, found null (read as absent)"], None, "topic");
    assert_eq!(m.topic, None);
    // An empty string is a string's real value.
    let m = check(json!({"topic": ""}), &[], None, "");
    assert_eq!(m.topic.as_deref(), Some(""));
}

#[test]
fn missing_required_fields_are_absent() {
    let m = check(
        json!({"duration": "<remove>"}),
        &["at `duration`: expected a required field, found nothing (missing)"],
        None,
        "duration",
    );
    assert_eq!(m.duration, None, "no silent 0");
    // A missing required object reads as empty (and is written as one); so does one inside.
    let m = check(
        json!({"host": "<remove>"}),
        &["at `host`: expected a required field, found nothing (missing)"],
        Some(body(json!({"host": {}}))),
        "host",
    );
    assert_eq!(m.host, Host::default());
    let m = check(
        json!({"host": {}}),
        &["at `host.email`: expected a required field, found nothing (missing)"],
        None,
        "host.email",
    );
    assert_eq!(m.host.email, None);
}

#[test]
fn values_that_do_not_fit_are_kept_and_the_rest_is_read() {
    let m = check(
        json!({"topic": {"text": "Sync"}}),
        &["at `topic`: expected a string, found an object (kept as sent)"],
        None,
        "topic",
    );
    assert_eq!((m.topic, m.id, &m.extra["topic"]), (None, Some(85746065), &json!({"text": "Sync"})));
    // One element that does not fit keeps the whole list as it came, and names the element.
    let m = check(
        json!({"occurrences": [1, {"n": 2}, 3]}),
        &["at `occurrences[1]`: expected an integer, found an object (kept as sent)"],
        None,
        "occurrences[1]",
    );
    assert_eq!((m.occurrences, &m.extra["occurrences"]), (None, &json!([1, {"n": 2}, 3])));
    // A required object that is not one: empty, and the value written back as it came.
    let m = check(
        json!({"host": "a@example.com"}),
        &["at `host`: expected an object, found a string (kept as sent)"],
        None,
        "host",
    );
    assert_eq!(m.host, Host::default());
    let m = check(
        json!({"start_time": "tomorrow"}),
        &["at `start_time`: expected an RFC 3339 date-time, found a string (kept as sent)"],
        None,
        "start_time",
    );
    assert_eq!(m.extra["start_time"], json!("tomorrow"));
}

#[test]
fn deviations_inside_lists_name_the_item() {
    let page = json!([base(), body(json!({"id": "7", "host": {"email": 5}})), body(json!({"duration": null}))]);
    let decoded = tolerant::<Vec<Meeting>>(&page);
    assert_eq!(
        deviations(&decoded.deviations),
        [
            "at `[1].host.email`: expected a string, found a number (converted)",
            "at `[1].id`: expected an integer, found a string (converted)",
            "at `[2].duration`: expected a value, found null (read as absent)",
        ]
    );
    assert_eq!(decoded.value[1].id, Some(7));
    let paths: Vec<String> = decoded.deviations.iter().map(|d| d.path.without_indexes()).collect();
    assert_eq!(paths, ["[].host.email", "[].id", "[].duration"]);
}

#[test]
fn what_is_not_json_or_not_an_object_still_fails() {
    for text in ["", "{\"id\": 1,", "<html>", "[1, 2]", "\"meeting\""] {
        assert!(from_slice_with::<Meeting>(text.as_bytes(), Decoding::Tolerant).is_err(), "{text}");
    }
    // A syntax error inside a field is not a value that does not fit: nothing after it is read.
    let err = from_slice_with::<Meeting>(br#"{"topic": {"a": tru}, "id": 1}"#, Decoding::Tolerant).unwrap_err();
    assert!(err.is_syntax() && err.path() == "topic", "{err}");
}

#[test]
fn hostile_bodies_never_panic_and_keep_what_they_send() {
    let doc = body(json!({"id": "12", "topic": 5, "type": "2", "host": {"email": null}, "occurrences": [1, "x"]}));
    let text = doc.to_string().into_bytes();
    for end in 0..text.len() {
        let _ = from_slice_with::<Meeting>(&text[..end], Decoding::Tolerant);
    }
    for at in 0..text.len() {
        for byte in [b'"', b'{', b']', b',', b'-', b'0', 0xff, b' ', b'n'] {
            let mut mangled = text.clone();
            mangled[at] = byte;
            if let Ok(decoded) = from_slice_with::<Meeting>(&mangled, Decoding::Tolerant) {
                // Whatever decodes is written back with every key it had.
                let original: Value = serde_json::from_slice(&mangled).unwrap();
                let back = decoded.value.to_json();
                for key in original.as_object().unwrap().keys() {
                    assert!(back.get(key).is_some(), "{key} lost from {original}");
                }
            }
        }
    }
}
