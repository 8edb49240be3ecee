//! Zoom's WebSocket frames: a JSON object with a `module` (`heartbeat`, `build_connection`,
//! `message`), a `success` flag on answers, and a `content`. An event arrives as
//! `{"module":"message","content":"<the webhook body, as a JSON string>"}`; `content` as an
//! object is read too.

use serde_json::Value;

/// The heartbeat this client sends: Zoom's keep-alive, in place of WebSocket pings.
pub(crate) const HEARTBEAT: &str = r#"{"module":"heartbeat"}"#;

/// What one text frame from Zoom says.
#[derive(Debug, PartialEq)]
pub(crate) enum Frame {
    /// An answer that the connection works: a heartbeat's, or the connection's first.
    Alive,
    /// An event: the webhook body's bytes.
    Event(Vec<u8>),
    /// Zoom refused the access token (`success: false` with a message about the token).
    InvalidToken(String),
    /// Zoom refused something else (`success: false`).
    Refused { module: String, content: String },
    /// Not a frame this client knows: not a JSON object, another module, a message without
    /// content. The text is reported as sent.
    Unknown(String),
}

/// Reads one text frame.
pub(crate) fn read(text: &str) -> Frame {
    let Ok(Value::Object(frame)) = serde_json::from_str::<Value>(text) else {
        return Frame::Unknown("not a JSON object".to_owned());
    };
    let module = frame.get("module").and_then(Value::as_str).unwrap_or_default();
    let content = frame.get("content");
    let content_text = || match content {
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    if frame.get("success") == Some(&Value::Bool(false)) {
        let said = content_text();
        if is_about_the_token(&said) {
            return Frame::InvalidToken(said);
        }
        return Frame::Refused { module: module.to_owned(), content: said };
    }
    match (module, content) {
        ("heartbeat" | "build_connection", _) => Frame::Alive,
        ("message", Some(Value::String(body))) => Frame::Event(body.clone().into_bytes()),
        ("message", Some(body @ Value::Object(_))) => Frame::Event(body.to_string().into_bytes()),
        ("message", _) => Frame::Unknown("a message without an event in its content".to_owned()),
        (other, _) => Frame::Unknown(format!("module {other:?}")),
    }
}

/// Whether a refusal is about the access token: Zoom has said `Invalid Token`, `Token is
/// invalid` and `token is empty`, and may say it expired.
fn is_about_the_token(content: &str) -> bool {
    let content = content.to_ascii_lowercase();
    content.contains("token") && ["invalid", "expired", "empty"].iter().any(|word| content.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_zoom_sends() {
        assert_eq!(read(r#"{"module":"heartbeat","success":true,"content":"live","header":{}}"#), Frame::Alive);
        assert_eq!(read(r#"{"module":"build_connection","success":true,"content":"ok"}"#), Frame::Alive);
        let event = r#"{"event":"meeting.started","event_ts":1,"payload":{}}"#;
        let frame = serde_json::json!({"module": "message", "content": event, "header": {}}).to_string();
        assert_eq!(read(&frame), Frame::Event(event.as_bytes().to_vec()));
        let object = r#"{"module":"message","content":{"event":"x","payload":{}}}"#;
        assert_eq!(read(object), Frame::Event(br#"{"event":"x","payload":{}}"#.to_vec()));
    }

    #[test]
    fn token_refusals_and_other_refusals() {
        for said in ["Invalid Token", "Token is invalid", "token is empty", "Access token has expired"] {
            let frame = serde_json::json!({"module": "build_connection", "success": false, "content": said});
            assert_eq!(read(&frame.to_string()), Frame::InvalidToken(said.to_owned()), "{said}");
        }
        let other = r#"{"module":"build_connection","success":false,"content":"subscription not found"}"#;
        let refused = Frame::Refused { module: "build_connection".into(), content: "subscription not found".into() };
        assert_eq!(read(other), refused);
    }

    #[test]
    fn what_is_not_a_known_frame_is_unknown() {
        for text in ["", "[]", "not json", r#"{"module":"message"}"#, r#"{"module":"news","content":"x"}"#, "{}"] {
            assert!(matches!(read(text), Frame::Unknown(_)), "{text}");
        }
    }
}
