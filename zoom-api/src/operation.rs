//! What Zoom documents about each operation, as data: every request builder has an
//! `OPERATION` constant, and every product module an `OPERATIONS` table.

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
    Trace,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Trace => "TRACE",
        }
    }

    /// Whether repeating the request has the same effect as sending it once.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that is not an HTTP method Zoom uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownMethod(pub String);

impl std::fmt::Display for UnknownMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}` is not an HTTP method", self.0)
    }
}

impl std::error::Error for UnknownMethod {}

impl std::str::FromStr for Method {
    type Err = UnknownMethod;

    /// `GET`, `get`, `Get`, …
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        const ALL: [Method; 8] = [
            Method::Get,
            Method::Post,
            Method::Put,
            Method::Patch,
            Method::Delete,
            Method::Head,
            Method::Options,
            Method::Trace,
        ];
        ALL.into_iter().find(|m| m.as_str().eq_ignore_ascii_case(s)).ok_or_else(|| UnknownMethod(s.to_owned()))
    }
}

/// Zoom's rate-limit category of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RateLimit {
    Light,
    Medium,
    Heavy,
    ResourceIntensive,
    /// A label outside Zoom's four categories, as the document writes it.
    Other(&'static str),
}

/// How an operation is authorised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthKind {
    /// An OAuth access token with one of the operation's scopes.
    OAuth,
    /// A JWT signed with a Video SDK or Cobrowse SDK key and secret.
    SdkJwt,
}

/// One Zoom operation. Displayed, it is the Rust method that calls it, then Zoom's operationId
/// when that differs: `meetings::create_meeting (Zoom's meetingCreate)`, as errors name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// Zoom's operationId, exactly as published (it is not always an identifier).
    pub id: &'static str,
    /// The method that calls it on its product's API handle, e.g. `create_meeting` for
    /// `client.meetings().create_meeting(..)` (Zoom's `meetingCreate`).
    pub rust_name: &'static str,
    /// Product key, e.g. `meetings`.
    pub product: &'static str,
    /// Whether this is the Master Account variant.
    pub master: bool,
    pub method: Method,
    /// Path template relative to the API base URL, e.g. `/users/{userId}/meetings`.
    pub path: &'static str,
    pub auth: AuthKind,
    /// `None` where Zoom documents no label.
    pub rate_limit: Option<RateLimit>,
    /// Classic scopes; holding any one authorises the call.
    pub classic_scopes: &'static [&'static str],
    /// Granular scopes; holding any one authorises the call.
    pub granular_scopes: &'static [&'static str],
    /// Account role privileges Zoom lists, e.g. `User:Read`.
    pub permissions: &'static [&'static str],
}

impl std::fmt::Display for Operation {
    /// `meetings::create_meeting (Zoom's meetingCreate)`, `meetings::master::…` for the Master
    /// Account variant. The module is the product key with `_` for `-`, as the generator names it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, part) in self.product.split('-').enumerate() {
            if i > 0 {
                f.write_str("_")?;
            }
            f.write_str(part)?;
        }
        if self.master {
            f.write_str("::master")?;
        }
        write!(f, "::{}", self.rust_name)?;
        if self.id != self.rust_name {
            write!(f, " (Zoom's {})", self.id)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CREATE: Operation = Operation {
        id: "meetingCreate",
        rust_name: "create_meeting",
        product: "team-chat",
        master: false,
        method: Method::Post,
        path: "/users/{userId}/meetings",
        auth: AuthKind::OAuth,
        rate_limit: None,
        classic_scopes: &[],
        granular_scopes: &[],
        permissions: &[],
    };

    #[test]
    fn an_operation_is_shown_as_its_method_and_zooms_id() {
        assert_eq!(CREATE.to_string(), "team_chat::create_meeting (Zoom's meetingCreate)");
        let master = Operation { master: true, ..CREATE };
        assert_eq!(master.to_string(), "team_chat::master::create_meeting (Zoom's meetingCreate)");
        let same = Operation { id: "create_meeting", ..CREATE };
        assert_eq!(same.to_string(), "team_chat::create_meeting", "no id when it is the method's name");
    }
}
