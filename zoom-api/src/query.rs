//! Query and header parameter values as text.

/// Query or header parameters: each a name and a value's text form.
pub type Params = Vec<(&'static str, String)>;

/// A value that can be sent as query or header parameter(s).
pub trait QueryValue {
    /// Appends `(name, text)` for this value; arrays append one pair per element (OpenAPI's
    /// default `form` style with `explode`), `None` appends nothing.
    fn push_to(&self, name: &'static str, out: &mut Params);
}

impl QueryValue for String {
    fn push_to(&self, name: &'static str, out: &mut Params) {
        out.push((name, self.clone()));
    }
}

impl QueryValue for str {
    fn push_to(&self, name: &'static str, out: &mut Params) {
        out.push((name, self.to_owned()));
    }
}

impl QueryValue for bool {
    fn push_to(&self, name: &'static str, out: &mut Params) {
        out.push((name, self.to_string()));
    }
}

impl QueryValue for i64 {
    fn push_to(&self, name: &'static str, out: &mut Params) {
        out.push((name, self.to_string()));
    }
}

impl QueryValue for f64 {
    fn push_to(&self, name: &'static str, out: &mut Params) {
        out.push((name, self.to_string()));
    }
}

impl QueryValue for crate::Date {
    fn push_to(&self, name: &'static str, out: &mut Params) {
        out.push((name, self.format("%Y-%m-%d").to_string()));
    }
}

impl QueryValue for crate::DateTime {
    fn push_to(&self, name: &'static str, out: &mut Params) {
        out.push((name, self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)));
    }
}

impl QueryValue for serde_json::Value {
    fn push_to(&self, name: &'static str, out: &mut Params) {
        match self {
            serde_json::Value::String(s) => out.push((name, s.clone())),
            other => out.push((name, other.to_string())),
        }
    }
}

impl<T: QueryValue> QueryValue for Option<T> {
    fn push_to(&self, name: &'static str, out: &mut Params) {
        if let Some(value) = self {
            value.push_to(name, out);
        }
    }
}

impl<T: QueryValue> QueryValue for Vec<T> {
    fn push_to(&self, name: &'static str, out: &mut Params) {
        for value in self {
            value.push_to(name, out);
        }
    }
}
