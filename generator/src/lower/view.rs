//! One flat view of an `openapiv3` schema. `openapiv3` spreads a schema over `SchemaKind`
//! variants, with a catch-all (`Any`) for combinations it has no variant for (an object that
//! also has `oneOf`, a schema with no `type`); lowering reads every schema through this view so
//! both paths behave the same.

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};
use serde_json::Value;

use crate::error::{Error, Location, Result};

pub struct View<'a> {
    pub schema: &'a Schema,
    pub typ: Option<&'a str>,
    pub format: Option<String>,
    pub enumeration: Vec<Value>,
    pub properties: Vec<(&'a str, &'a Schema)>,
    pub required: Vec<&'a str>,
    pub additional: Option<Additional<'a>>,
    pub items: Option<&'a Schema>,
    pub all_of: Vec<&'a Schema>,
    pub one_of: Vec<&'a Schema>,
    pub any_of: Vec<&'a Schema>,
    pub has_not: bool,
    /// The description of the array whose items this schema describes, when the lowering that
    /// reads it passes it on.
    pub array_description: Option<&'a str>,
}

pub enum Additional<'a> {
    Any,
    Schema(&'a Schema),
}

impl View<'_> {
    pub fn description(&self) -> Option<&str> {
        self.schema.schema_data.description.as_deref().filter(|d| !d.trim().is_empty())
    }

    /// The text that describes each of an enum's values: its own description, else its array's
    /// (items are often described only there: "The week days: * `1` - Monday …").
    pub fn values_description(&self) -> Option<&str> {
        self.description().or(self.array_description.filter(|d| !d.trim().is_empty()))
    }

    pub fn nullable(&self) -> bool {
        self.schema.schema_data.nullable
    }

    pub fn is_composite(&self) -> bool {
        !(self.all_of.is_empty() && self.one_of.is_empty() && self.any_of.is_empty())
    }

    /// `x-enum-descriptions` (or Zoom's other spellings of it): one label per enum value.
    pub fn enum_descriptions(&self) -> Vec<String> {
        let ext = &self.schema.schema_data.extensions;
        ["x-enum-descriptions", "x-enumDescriptions", "x-enum-description"]
            .iter()
            .find_map(|k| ext.get(*k))
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|v| v.as_str().unwrap_or_default().to_owned()).collect())
            .unwrap_or_default()
    }
}

fn item<'a, T>(r: &'a ReferenceOr<T>, at: &Location) -> Result<&'a T> {
    match r {
        ReferenceOr::Item(t) => Ok(t),
        ReferenceOr::Reference { reference } => Err(Error::spec(
            at,
            format!("`$ref: {reference}`: Zoom's documents use none, and references are not supported"),
        )),
    }
}

fn boxed<'a>(r: &'a ReferenceOr<Box<Schema>>, at: &Location) -> Result<&'a Schema> {
    item(r, at).map(|b| &**b)
}

pub fn schema_item<'a>(r: &'a ReferenceOr<Schema>, at: &Location) -> Result<&'a Schema> {
    item(r, at)
}

fn format_name<T: serde::Serialize>(f: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match f {
        VariantOrUnknownOrEmpty::Item(t) => serde_json::to_value(t).ok().and_then(|v| v.as_str().map(str::to_owned)),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn list<'a>(members: &'a [ReferenceOr<Schema>], at: &Location, key: &str) -> Result<Vec<&'a Schema>> {
    members.iter().enumerate().map(|(i, m)| item(m, &at.child(key).child(i.to_string()))).collect()
}

pub fn view<'a>(schema: &'a Schema, at: &Location) -> Result<View<'a>> {
    let mut v = View {
        schema,
        typ: None,
        format: None,
        enumeration: vec![],
        properties: vec![],
        required: vec![],
        additional: None,
        items: None,
        all_of: vec![],
        one_of: vec![],
        any_of: vec![],
        has_not: false,
        array_description: None,
    };
    fn props<'a>(
        p: impl IntoIterator<Item = (&'a String, &'a ReferenceOr<Box<Schema>>)>,
        at: &Location,
    ) -> Result<Vec<(&'a str, &'a Schema)>> {
        p.into_iter().map(|(k, s)| Ok((k.as_str(), boxed(s, &at.child("properties").child(k))?))).collect()
    }
    let additional = |a: &'a Option<AdditionalProperties>, at: &Location| -> Result<Option<Additional<'a>>> {
        Ok(match a {
            None | Some(AdditionalProperties::Any(false)) => None,
            Some(AdditionalProperties::Any(true)) => Some(Additional::Any),
            Some(AdditionalProperties::Schema(s)) => {
                Some(Additional::Schema(item(s, &at.child("additionalProperties"))?))
            }
        })
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            v.typ = Some("string");
            v.format = format_name(&s.format);
            v.enumeration = s.enumeration.iter().flatten().map(|s| Value::String(s.clone())).collect();
        }
        SchemaKind::Type(Type::Integer(i)) => {
            v.typ = Some("integer");
            v.format = format_name(&i.format);
            v.enumeration = i.enumeration.iter().flatten().map(|n| Value::from(*n)).collect();
        }
        SchemaKind::Type(Type::Number(n)) => {
            v.typ = Some("number");
            v.format = format_name(&n.format);
            v.enumeration = n.enumeration.iter().flatten().map(|n| Value::from(*n)).collect();
        }
        SchemaKind::Type(Type::Boolean(_)) => v.typ = Some("boolean"),
        SchemaKind::Type(Type::Object(o)) => {
            v.typ = Some("object");
            v.properties = props(&o.properties, at)?;
            v.required = o.required.iter().map(String::as_str).collect();
            v.additional = additional(&o.additional_properties, at)?;
        }
        SchemaKind::Type(Type::Array(a)) => {
            v.typ = Some("array");
            v.items = a.items.as_ref().map(|i| boxed(i, &at.child("items"))).transpose()?;
        }
        SchemaKind::OneOf { one_of } => v.one_of = list(one_of, at, "oneOf")?,
        SchemaKind::AllOf { all_of } => v.all_of = list(all_of, at, "allOf")?,
        SchemaKind::AnyOf { any_of } => v.any_of = list(any_of, at, "anyOf")?,
        SchemaKind::Not { .. } => v.has_not = true,
        SchemaKind::Any(a) => {
            v.typ = a.typ.as_deref();
            v.format = a.format.clone();
            v.enumeration = a.enumeration.iter().filter(|e| !e.is_null()).cloned().collect();
            v.properties = props(&a.properties, at)?;
            v.required = a.required.iter().map(String::as_str).collect();
            v.additional = additional(&a.additional_properties, at)?;
            v.items = a.items.as_ref().map(|i| boxed(i, &at.child("items"))).transpose()?;
            v.all_of = list(&a.all_of, at, "allOf")?;
            v.one_of = list(&a.one_of, at, "oneOf")?;
            v.any_of = list(&a.any_of, at, "anyOf")?;
            v.has_not = a.not.is_some();
        }
    }
    Ok(v)
}
