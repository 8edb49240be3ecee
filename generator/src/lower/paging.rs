//! Pagination: how many records a page may hold, and which paginated operations get `pages()` and
//! `items()` streams. Streams are decided once the product's types are final (after dedup and
//! renumbering), from the response type alone, so operations that share a response type agree.

use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr, SchemaKind, Type};

use crate::ir::{
    NoStream, PageSize, PageStream, PageStyle, Pagination, ResponseBody, Surface, TypeDef, TypeKind, TypeRef,
};

/// The `page_size` query parameter: the schema's `maximum`, else one its description states.
pub fn page_size(param: Option<&Parameter>) -> PageSize {
    let Some(param) = param else { return PageSize::Absent };
    let data = param.parameter_data_ref();
    let schema = match &data.format {
        ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) => Some(s),
        _ => None,
    };
    let maximum = schema.and_then(|s| match &s.schema_kind {
        SchemaKind::Type(Type::Integer(i)) => i.maximum,
        SchemaKind::Type(Type::Number(n)) => n.maximum.map(|m| m as i64),
        SchemaKind::Any(a) => a.maximum.map(|m| m as i64),
        _ => None,
    });
    match (maximum, data.description.as_deref().and_then(described_maximum)) {
        (Some(n), _) if n > 0 => PageSize::Maximum(n),
        (_, Some(n)) => PageSize::Described(n),
        _ => PageSize::Undocumented,
    }
}

/// A maximum stated in prose: "the maximum is **300**", "Max -100", "Maximum - 100",
/// "max value is 100". "The maximum number of events" states none.
pub fn described_maximum(text: &str) -> Option<i64> {
    let lower = text.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("max") {
        let mut after = &rest[at + 3..];
        after = after.strip_prefix("imum").unwrap_or(after);
        let mut words = after;
        loop {
            let trimmed = words.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | ':' | '*' | '='));
            let skipped = ["value", "is", "of"]
                .iter()
                .find_map(|w| trimmed.strip_prefix(w).filter(|r| r.starts_with(|c: char| !c.is_ascii_alphanumeric())));
            match skipped {
                Some(r) => words = r,
                None => {
                    words = trimmed;
                    break;
                }
            }
        }
        let digits: String = words.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse::<i64>()
            && n > 0
        {
            return Some(n);
        }
        rest = &rest[at + 3..];
    }
    None
}

/// Sets `pagination.stream` on every paginated operation of the surfaces.
pub fn decide(surfaces: &mut [Surface], types: &[TypeDef]) {
    for op in surfaces.iter_mut().flat_map(|s| s.operations.iter_mut()) {
        if let Some(p) = &mut op.pagination {
            p.stream = stream(p, &op.response.body, types);
        }
    }
}

/// Whether an operation's answer is a page of items, and which field holds them.
///
/// Token style needs a `next_page_token` parameter and a string `next_page_token` field in the
/// response; number style (used when token style is not possible) a `page_number` parameter and an
/// integer `page_count` field. The items are the response's one array field, not counting the
/// ones Zoom marks deprecated (phone's call history keeps a deprecated `call_logs` beside
/// `call_history`); with none or several, which field holds the items is a guess, so there is no
/// stream.
fn stream(p: &Pagination, body: &ResponseBody, types: &[TypeDef]) -> Result<PageStream, NoStream> {
    let ResponseBody::Json(TypeRef::Named(page)) = body else { return Err(NoStream::NotAnObject) };
    let TypeKind::Struct(s) = &types[page.0].kind else { return Err(NoStream::NotAnObject) };
    let has = |name: &str, ty: &TypeRef| s.fields.iter().any(|f| f.name == name && f.ty == *ty);
    let style = if p.next_page_token && has("next_page_token", &TypeRef::String) {
        PageStyle::Token
    } else if p.page_number && has("page_count", &TypeRef::Integer) {
        PageStyle::Number
    } else {
        return Err(NoStream::NoCursor);
    };
    let arrays: Vec<_> = s.fields.iter().filter(|f| matches!(f.ty, TypeRef::Array(_)) && !f.deprecated).collect();
    match arrays.as_slice() {
        [only] => {
            let TypeRef::Array(item) = &only.ty else { unreachable!("filtered on arrays") };
            Ok(PageStream { style, page: *page, items: only.name.clone(), item: (**item).clone() })
        }
        several => Err(NoStream::Items(several.iter().map(|f| f.name.clone()).collect())),
    }
}

#[cfg(test)]
mod tests {
    use super::described_maximum;

    #[test]
    fn maxima_stated_in_prose() {
        assert_eq!(described_maximum("The default is **30** and the maximum is **300**."), Some(300));
        assert_eq!(described_maximum("Default - 30. Max -100."), Some(100));
        assert_eq!(described_maximum("Default - 30 Maximum - 100"), Some(100));
        assert_eq!(described_maximum("Default value is 30. And max value is 100."), Some(100));
        assert_eq!(described_maximum("The maximum number of events returned on one result page."), None);
        assert_eq!(described_maximum("Default value is 30, and min value is 15."), None);
    }
}
