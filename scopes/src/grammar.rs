//! The shape of a Zoom scope string.
//!
//! Classic ("macro") scopes: `resource[:action][:tier][:qualifier]`, e.g. `meeting:read`,
//! `meeting:read:admin`, `account:master`, `meeting:write:admin:sip_dialing`, tier-less
//! specials such as `scim2` or `imchat:bot`, and a few with a two-part resource
//! (`app:deeplink:write:admin`, `app:notification:read`).
//!
//! Granular scopes: `product[:action[:object]][:tier]`, e.g. `meeting:read:list_meetings:admin`,
//! `cloud_recording:read:list_user_recordings`, and off-pattern ones Zoom really uses such as
//! `scim2:admin` or `contact_center:write:queue disposition:admin` (a space inside the object).
//!
//! A few classic scopes have the granular shape (`chat_channel:read:member`,
//! `meeting:write:sip_dialing`), so the model cannot always be read off the string:
//! [`Scope::parse_as`] takes it from where the string was found, [`Scope::parse`] guesses from the
//! shape alone.

use std::fmt;

/// Which of Zoom's two scope models a scope belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Model {
    /// The older, coarse scopes (`meeting:read:admin`), called "macro" scopes in Zoom's documents.
    Classic,
    /// One operation on one object (`meeting:read:list_meetings:admin`).
    Granular,
}

impl Model {
    pub fn as_str(self) -> &'static str {
        match self {
            Model::Classic => "classic",
            Model::Granular => "granular",
        }
    }
}

/// How far a scope reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// No suffix: the user the token represents.
    User,
    /// `:admin`: any user on the account.
    Admin,
    /// `:master`: sub-accounts of a master (partner) account.
    Master,
}

impl Tier {
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::User => "user",
            Tier::Admin => "admin",
            Tier::Master => "master",
        }
    }

    fn from_segment(segment: &str) -> Option<Tier> {
        match segment {
            "admin" => Some(Tier::Admin),
            "master" => Some(Tier::Master),
            _ => None,
        }
    }
}

/// A scope string taken apart. Borrowed from the string it was parsed from; parsing allocates
/// nothing, and [`fmt::Display`] writes the parts back as the same string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Scope<'a> {
    model: Model,
    resource: &'a str,
    action: Option<&'a str>,
    object: Option<&'a str>,
    tier: Tier,
    qualifier: Option<&'a str>,
}

/// A string that is not a scope, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub input: String,
    pub reason: &'static str,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a Zoom scope: {}", self.input, self.reason)
    }
}

impl std::error::Error for ParseError {}

impl<'a> Scope<'a> {
    /// Parses `text` as a scope of the given model. Surrounding whitespace is ignored (Zoom's
    /// documents have `' division:read:admin'`); the scope is the trimmed string.
    pub fn parse_as(text: &'a str, model: Model) -> Result<Scope<'a>, ParseError> {
        let (trimmed, segments) = segments(text)?;
        match model {
            Model::Classic => classic(trimmed, &segments),
            Model::Granular => granular(&segments),
        }
        .ok_or_else(|| ParseError {
            input: text.to_owned(),
            reason: match model {
                Model::Classic => "a classic scope is resource[:action][:admin|:master][:qualifier]",
                Model::Granular => "a granular scope is product[:action[:object]][:admin|:master]",
            },
        })
    }

    /// Parses `text`, guessing the model from its shape: fewer than three parts, a tier in third
    /// place or an action in third place (`app:deeplink:write`) is classic, anything else
    /// granular. Where the model is known (the list it came from), use [`Scope::parse_as`]: a
    /// few classic scopes look granular.
    pub fn parse(text: &'a str) -> Result<Scope<'a>, ParseError> {
        let (_, segments) = segments(text)?;
        let classic_third =
            segments.get(2).is_some_and(|s| Tier::from_segment(s).is_some() || CLASSIC_ACTIONS.contains(s));
        let model = if segments.len() < 3 || classic_third { Model::Classic } else { Model::Granular };
        Scope::parse_as(text, model)
    }

    pub fn model(&self) -> Model {
        self.model
    }

    /// The resource of a classic scope (`meeting`, `meeting_token`, `app:deeplink`), the product of
    /// a granular one (`meeting`, `cloud_recording`).
    pub fn resource(&self) -> &'a str {
        self.resource
    }

    /// `read`, `write`, `update`, `delete`, … (also Zoom's typo `wirte`); `None` for `scim2` or
    /// `account:master`.
    pub fn action(&self) -> Option<&'a str> {
        self.action
    }

    /// What a granular scope acts on (`list_meetings`); always `None` for classic scopes.
    pub fn object(&self) -> Option<&'a str> {
        self.object
    }

    pub fn tier(&self) -> Tier {
        self.tier
    }

    /// What follows the tier in a classic scope (`sip_dialing` in `meeting:write:admin:sip_dialing`),
    /// or the third part of a tier-less one (`member` in `chat_channel:read:member`).
    pub fn qualifier(&self) -> Option<&'a str> {
        self.qualifier
    }
}

impl fmt::Display for Scope<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.resource)?;
        for part in [self.action, self.object].into_iter().flatten() {
            write!(f, ":{part}")?;
        }
        if self.tier != Tier::User {
            write!(f, ":{}", self.tier.as_str())?;
        }
        if let Some(qualifier) = self.qualifier {
            write!(f, ":{qualifier}")?;
        }
        Ok(())
    }
}

/// Trims a scope and splits it into at most four non-empty parts of lowercase ASCII letters,
/// digits and `_` (a space is allowed inside a part, as in one real granular scope).
fn segments(text: &str) -> Result<(&str, Vec<&str>), ParseError> {
    let error = |reason| ParseError { input: text.to_owned(), reason };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(error("it is empty"));
    }
    let segments: Vec<&str> = trimmed.split(':').collect();
    if segments.len() > 4 {
        return Err(error("it has more than four `:`-separated parts"));
    }
    for segment in &segments {
        if segment.is_empty() || segment.starts_with(' ') || segment.ends_with(' ') {
            return Err(error("a part is empty or padded with spaces"));
        }
        if !segment.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b' ') {
            return Err(error("a part holds a character other than a-z, 0-9, `_` or an inner space"));
        }
    }
    Ok((trimmed, segments))
}

/// The actions that, in third place, show a classic scope's resource has two parts
/// (`app:notification:read`), where otherwise the third part would be a qualifier
/// (`chat_channel:read:member`).
const CLASSIC_ACTIONS: [&str; 4] = ["read", "write", "update", "delete"];

fn classic<'a>(trimmed: &'a str, segments: &[&'a str]) -> Option<Scope<'a>> {
    let mut scope = Scope {
        model: Model::Classic,
        resource: segments[0],
        action: None,
        object: None,
        tier: Tier::User,
        qualifier: None,
    };
    let is_action = |s: &str| CLASSIC_ACTIONS.contains(&s);
    let two_part_resource = segments.len() >= 3 && is_action(segments[2]) && !is_action(segments[1]);
    if two_part_resource {
        // `app:deeplink:write[:tier]`: the resource is the first two parts.
        scope.resource = &trimmed[..segments[0].len() + 1 + segments[1].len()];
        scope.action = Some(segments[2]);
        match segments.get(3) {
            None => {}
            Some(tier) => scope.tier = Tier::from_segment(tier)?,
        }
        return Some(scope);
    }
    match *segments {
        [_] => {}
        [_, second] => match Tier::from_segment(second) {
            Some(tier) => scope.tier = tier,
            None => scope.action = Some(second),
        },
        [_, action, third] => {
            scope.action = Some(action);
            match Tier::from_segment(third) {
                Some(tier) => scope.tier = tier,
                None => scope.qualifier = Some(third),
            }
        }
        [_, action, tier, qualifier] => {
            scope.action = Some(action);
            scope.tier = Tier::from_segment(tier)?;
            scope.qualifier = Some(qualifier);
        }
        _ => return None,
    }
    (Tier::from_segment(scope.resource).is_none() && scope.action.is_none_or(|a| Tier::from_segment(a).is_none()))
        .then_some(scope)
}

fn granular<'a>(segments: &[&'a str]) -> Option<Scope<'a>> {
    let (tier, rest) = match segments.split_last() {
        Some((last, rest)) if !rest.is_empty() => match Tier::from_segment(last) {
            Some(tier) => (tier, rest),
            None => (Tier::User, segments),
        },
        _ => (Tier::User, segments),
    };
    if rest.iter().any(|s| Tier::from_segment(s).is_some()) {
        return None;
    }
    let scope = Scope { model: Model::Granular, resource: rest[0], action: None, object: None, tier, qualifier: None };
    match *rest {
        [_] => Some(scope),
        [_, action] => Some(Scope { action: Some(action), ..scope }),
        [_, action, object] => Some(Scope { action: Some(action), object: Some(object), ..scope }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(scope: &Scope<'a>) -> (Model, &'a str, Option<&'a str>, Option<&'a str>, Tier, Option<&'a str>) {
        (scope.model(), scope.resource(), scope.action(), scope.object(), scope.tier(), scope.qualifier())
    }

    #[track_caller]
    fn round_trips(text: &str, model: Model) -> Scope<'_> {
        let scope = Scope::parse_as(text, model).unwrap();
        assert_eq!(scope.to_string(), text.trim());
        scope
    }

    #[test]
    fn classic_scopes_of_every_shape() {
        use Model::Classic;
        let cases = [
            ("meeting:read", (Classic, "meeting", Some("read"), None, Tier::User, None)),
            ("meeting:read:admin", (Classic, "meeting", Some("read"), None, Tier::Admin, None)),
            ("account:master", (Classic, "account", None, None, Tier::Master, None)),
            ("scim2", (Classic, "scim2", None, None, Tier::User, None)),
            ("imchat:bot", (Classic, "imchat", Some("bot"), None, Tier::User, None)),
            ("division:wirte:admin", (Classic, "division", Some("wirte"), None, Tier::Admin, None)),
            (
                "meeting:write:admin:sip_dialing",
                (Classic, "meeting", Some("write"), None, Tier::Admin, Some("sip_dialing")),
            ),
            ("chat_channel:read:member", (Classic, "chat_channel", Some("read"), None, Tier::User, Some("member"))),
            ("docs:delete:admin", (Classic, "docs", Some("delete"), None, Tier::Admin, None)),
            ("account:read:master", (Classic, "account", Some("read"), None, Tier::Master, None)),
            ("app:notification:read", (Classic, "app:notification", Some("read"), None, Tier::User, None)),
            ("app:deeplink:write:admin", (Classic, "app:deeplink", Some("write"), None, Tier::Admin, None)),
        ];
        for (text, expected) in cases {
            assert_eq!(parts(&round_trips(text, Classic)), expected, "{text}");
        }
    }

    #[test]
    fn granular_scopes_of_every_shape() {
        use Model::Granular;
        let cases = [
            (
                "meeting:read:list_meetings:admin",
                (Granular, "meeting", Some("read"), Some("list_meetings"), Tier::Admin, None),
            ),
            (
                "cloud_recording:read:list_user_recordings",
                (Granular, "cloud_recording", Some("read"), Some("list_user_recordings"), Tier::User, None),
            ),
            ("meeting:read:meeting:master", (Granular, "meeting", Some("read"), Some("meeting"), Tier::Master, None)),
            ("scim2:admin", (Granular, "scim2", None, None, Tier::Admin, None)),
            (
                "contact_center:write:queue disposition:admin",
                (Granular, "contact_center", Some("write"), Some("queue disposition"), Tier::Admin, None),
            ),
            ("report:read:user:admin", (Granular, "report", Some("read"), Some("user"), Tier::Admin, None)),
        ];
        for (text, expected) in cases {
            assert_eq!(parts(&round_trips(text, Granular)), expected, "{text}");
        }
    }

    #[test]
    fn surrounding_whitespace_is_not_part_of_the_scope() {
        let scope = round_trips(" division:read:admin", Model::Classic);
        assert_eq!((scope.resource(), scope.tier()), ("division", Tier::Admin));
    }

    #[test]
    fn the_model_is_guessed_from_the_shape() {
        let guess = |text| Scope::parse(text).unwrap().model();
        assert_eq!(guess("meeting:read:admin"), Model::Classic);
        assert_eq!(guess("meeting:write:admin:sip_dialing"), Model::Classic);
        assert_eq!(guess("user_profile"), Model::Classic);
        assert_eq!(guess("app:deeplink:write:admin"), Model::Classic);
        assert_eq!(guess("meeting:read:meeting"), Model::Granular);
        assert_eq!(guess("meeting:read:list_meetings:admin"), Model::Granular);
    }

    #[test]
    fn malformed_strings_are_refused_with_a_reason() {
        for (text, model) in [
            ("", Model::Classic),
            ("meeting::read", Model::Classic),
            ("Meeting:read", Model::Classic),
            ("meeting:read:admin:x:y", Model::Granular),
            ("meeting:read: admin", Model::Classic),
            ("meeting:read:list:admin:extra", Model::Granular),
            ("admin", Model::Classic),
            ("meeting:admin:read", Model::Granular),
            ("meeting:read:list_meetings:admin", Model::Classic),
            ("a:b:c:d", Model::Granular),
        ] {
            let error = Scope::parse_as(text, model).unwrap_err();
            assert_eq!(error.input, text);
            assert!(error.to_string().contains("is not a Zoom scope"), "{error}");
        }
    }
}
