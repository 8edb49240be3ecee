//! Rust identifiers from Zoom's names: deterministic, keyword-safe, collision-free within a scope.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be identifiers (strict and reserved keywords of every edition).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names generated code must not shadow (the prelude and what generated code names).
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Self",
    "Client",
    "Error",
    "Value",
    "Map",
    "DateTime",
    "NaiveDate",
    "Utc",
    "FixedOffset",
    "Bytes",
    "Send",
    "Sync",
    "Sized",
    "Default",
    "Clone",
    "Debug",
    "PartialEq",
    "Eq",
    "Iterator",
    "ToString",
    "From",
    "Into",
];

/// Splits `text` into words: runs of ASCII letters and digits. Thousands separators between
/// digits are dropped (`1,001` is one word) and `+` becomes the word `plus`, so values such as
/// `TCP+Proxy` and `TCP Proxy` stay distinct.
pub fn words(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let between_digits =
            |i: usize| i > 0 && i + 1 < chars.len() && chars[i - 1].is_ascii_digit() && chars[i + 1].is_ascii_digit();
        if c.is_ascii_alphanumeric() {
            current.push(c);
        } else if c == ',' && between_digits(i) {
            continue;
        } else {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            if c == '+' {
                words.push("plus".to_owned());
            }
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// The lower-case words of an operationId, as [`snake`] splits them, except that an acronym
/// keeps its plural `s`: `userPACs` is `user`, `pacs` (`snake` gives `user_pa_cs`).
pub fn id_words(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut kept = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..].iter().take_while(|c| c.is_ascii_uppercase()).count();
        if run == 0 {
            kept.push(chars[i]);
            i += 1;
            continue;
        }
        // Two capitals or more, `s`, then no lower-case letter: lower-cased after the first
        // capital (`PACs` → `Pacs`), heck sees one word.
        let plural = run >= 2
            && chars.get(i + run) == Some(&'s')
            && !chars.get(i + run + 1).is_some_and(char::is_ascii_lowercase);
        kept.push(chars[i]);
        for c in &chars[i + 1..i + run] {
            kept.push(if plural { c.to_ascii_lowercase() } else { *c });
        }
        i += run;
    }
    words(&kept).join("_").to_snake_case().split('_').filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// `snake_case` identifier for a field, parameter or function.
pub fn snake(text: &str) -> String {
    let joined = words(text).join("_");
    let mut out = joined.to_snake_case();
    if out.is_empty() {
        out.push_str("value");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'n');
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// Whether generated code relies on a type of this name (`Option`, `Client`, …).
pub fn is_reserved_type_name(name: &str) -> bool {
    RESERVED_TYPE_NAMES.contains(&name)
}

/// `UpperCamelCase` identifier for a type: like [`variant`], and never a name generated code
/// relies on (`Option`, `Result`, `Client`, …).
pub fn pascal(text: &str) -> String {
    let mut out = variant(text);
    if RESERVED_TYPE_NAMES.contains(&out.as_str()) {
        out.push_str("Type");
    }
    out
}

/// `UpperCamelCase` identifier for an enum variant. Adjacent numbers are kept apart with `_`
/// (`1-20` → `V1_20`); a leading digit gets a `V` prefix.
pub fn variant(text: &str) -> String {
    let mut out = String::new();
    for word in words(text) {
        let camel = word.to_upper_camel_case();
        let ends_digit = out.ends_with(|c: char| c.is_ascii_digit());
        if ends_digit && camel.starts_with(|c: char| c.is_ascii_digit()) {
            out.push('_');
        }
        out.push_str(&camel);
    }
    if out.is_empty() {
        out.push_str("Empty");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.push_str("Type");
    }
    out
}

/// Hands out names unique within one scope: a name already taken gets `2`, `3`, … appended
/// (after `_` for snake_case names), in the order names are asked for.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks `name` as taken without asking for it (e.g. a name from the lock file).
    pub fn reserve(&mut self, name: &str) -> bool {
        self.taken.insert(name.to_owned())
    }

    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    pub fn unique(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_owned()) {
            return wanted.to_owned();
        }
        let separator =
            if wanted.contains('_') || wanted.starts_with(|c: char| c.is_ascii_lowercase()) { "_" } else { "" };
        let base = wanted.trim_end_matches('_');
        (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded counter always finds a free name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names() {
        assert_eq!(snake("userId"), "user_id");
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("3rd_party"), "n3rd_party");
        assert_eq!(snake("@odata.type"), "odata_type");
        assert_eq!(
            snake("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"),
            "urn_ietf_params_scim_schemas_extension_enterprise_2_0_user"
        );
        assert_eq!(snake(""), "value");
        assert_eq!(snake("linkedIn_url"), "linked_in_url");
    }

    #[test]
    fn id_words_keep_acronyms_whole() {
        assert_eq!(id_words("userPACs"), ["user", "pacs"]);
        assert_eq!(id_words("userTSPs"), ["user", "tsps"]);
        assert_eq!(id_words("listIDsByName"), ["list", "ids", "by", "name"]);
        // Otherwise as `snake` splits.
        assert_eq!(id_words("userADSCIM2Deactivate"), ["user", "adscim2", "deactivate"]);
        assert_eq!(id_words("GETListdigitalsignagecontentitems"), ["get", "listdigitalsignagecontentitems"]);
        assert_eq!(id_words("SMSsession"), snake("SMSsession").split('_').collect::<Vec<_>>());
        assert_eq!(id_words("delVB"), ["del", "vb"]);
        assert_eq!(id_words("Enable/Disableuserappsubscription"), ["enable", "disableuserappsubscription"]);
    }

    #[test]
    fn pascal_names() {
        assert_eq!(pascal("1,001-5,000"), "V1001_5000");
        assert_eq!(pascal("H.323"), "H323");
        assert_eq!(pascal("H.323/SIP"), "H323Sip");
        assert_eq!(pascal("TCP+Proxy"), "TcpPlusProxy");
        assert_eq!(pascal("Evaluator/Recommender"), "EvaluatorRecommender");
        assert_eq!(pascal("1"), "V1");
        assert_eq!(pascal("-1"), "V1", "the sign is the caller's business");
        assert_eq!(pascal(""), "Empty");
        assert_eq!(pascal("es-ES;"), "EsEs");
        assert_eq!(pascal("More than 10,000"), "MoreThan10000");
        assert_eq!(pascal("self"), "SelfType");
        assert_eq!(pascal("option"), "OptionType");
        assert_eq!(variant("None"), "None");
        assert_eq!(variant("self"), "SelfType");
    }

    #[test]
    fn namespace_suffixes_deterministically() {
        let mut ns = Namespace::new();
        assert_eq!(ns.unique("user_id"), "user_id");
        assert_eq!(ns.unique("user_id"), "user_id_2");
        assert_eq!(ns.unique("Settings"), "Settings");
        assert_eq!(ns.unique("Settings"), "Settings2");
        assert_eq!(ns.unique("type_"), "type_");
        assert_eq!(ns.unique("type_"), "type_2");
    }
}
