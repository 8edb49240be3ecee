//! Query and header parameter values as text.

/// A value that can be sent as query or header parameter(s).
pub trait QueryValue {
    /// Appends this value's text form(s); arrays append one per element (OpenAPI's default
    /// `form` style with `explode`), `None` appends nothing.
    fn push_to(&self, out: &mut Vec<String>);
}

impl QueryValue for String {
    fn push_to(&self, out: &mut Vec<String>) {
        out.push(self.clone());
    }
}

impl QueryValue for str {
    fn push_to(&self, out: &mut Vec<String>) {
        out.push(self.to_owned());
    }
}

impl QueryValue for bool {
    fn push_to(&self, out: &mut Vec<String>) {
        out.push(self.to_string());
    }
}

impl QueryValue for i64 {
    fn push_to(&self, out: &mut Vec<String>) {
        out.push(self.to_string());
    }
}

impl QueryValue for f64 {
    fn push_to(&self, out: &mut Vec<String>) {
        out.push(self.to_string());
    }
}

impl QueryValue for crate::Date {
    fn push_to(&self, out: &mut Vec<String>) {
        out.push(self.format("%Y-%m-%d").to_string());
    }
}

impl QueryValue for crate::DateTime {
    fn push_to(&self, out: &mut Vec<String>) {
        out.push(self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
    }
}

impl QueryValue for serde_json::Value {
    fn push_to(&self, out: &mut Vec<String>) {
        match self {
            serde_json::Value::String(s) => out.push(s.clone()),
            other => out.push(other.to_string()),
        }
    }
}

impl<T: QueryValue> QueryValue for Option<T> {
    fn push_to(&self, out: &mut Vec<String>) {
        if let Some(value) = self {
            value.push_to(out);
        }
    }
}

impl<T: QueryValue> QueryValue for Vec<T> {
    fn push_to(&self, out: &mut Vec<String>) {
        for value in self {
            value.push_to(out);
        }
    }
}
