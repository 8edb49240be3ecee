//! Schemas → [`TypeRef`]s, registering named types (structs, enums, unions) in the pool.
//!
//! Zoom's documents have no `components.schemas`: every schema is inline, so every type is named
//! after its position (operation, request/response/parameter, property path).

use openapiv3::Schema;
use serde_json::Value;

use super::pool::Pool;
use super::type_names::{Seed, Step};
use super::value_docs::{self, ValueList};
use super::view::{Additional, View, view};
use crate::error::{Error, Location, Result};
use crate::ir::{
    Enum, EnumLiteral, EnumRepr, EnumValue, Field, Origin, Struct, TypeKind, TypeRef, Union, UnionVariant, Variant,
    Warning,
};
use crate::names::{self, Namespace};
use crate::overrides::{Change, Hits, Overrides};

/// A schema position: where it is in the document and what it means.
#[derive(Debug, Clone)]
pub struct Pos {
    pub variant: Variant,
    pub operation: String,
    pub path: String,
    /// What the position means, for naming its type.
    pub seed: Seed,
    pub location: Location,
}

impl Pos {
    pub fn field(&self, property: &str) -> Pos {
        Pos {
            path: format!("{}.{property}", self.path),
            seed: self.seed.then(Step::Field(names::variant(property))),
            location: self.location.child("properties").child(property),
            ..self.clone()
        }
    }

    pub fn item(&self) -> Pos {
        Pos {
            path: format!("{}[]", self.path),
            seed: self.seed.then(Step::Item),
            location: self.location.child("items"),
            ..self.clone()
        }
    }

    fn map_value(&self) -> Pos {
        Pos {
            path: format!("{}{{}}", self.path),
            seed: self.seed.then(Step::Value),
            location: self.location.child("additionalProperties"),
            ..self.clone()
        }
    }

    fn member(&self, kind: &'static str, location: Location) -> Pos {
        Pos {
            path: format!("{}<{kind}>", self.path),
            seed: self.seed.then(Step::Member(kind)),
            location,
            ..self.clone()
        }
    }

    fn origin(&self) -> Origin {
        Origin { variant: self.variant, operation: self.operation.clone(), path: self.path.clone() }
    }
}

/// The JSON kind a schema describes, for grouping oneOf/anyOf members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Bool,
    Integer,
    Number,
    String,
    Array,
    Object,
}

impl Kind {
    fn ident(self) -> &'static str {
        match self {
            Kind::Bool => "Bool",
            Kind::Integer => "Integer",
            Kind::Number => "Number",
            Kind::String => "String",
            Kind::Array => "Array",
            Kind::Object => "Object",
        }
    }
}

pub struct Lowerer<'a> {
    pub pool: &'a mut Pool,
    pub warnings: &'a mut Vec<Warning>,
    /// `spec/overrides.toml`, and where lowering applied it.
    pub overrides: &'a Overrides,
    pub hits: &'a mut Hits,
}

/// An object-like member's properties, for merging (allOf, oneOf, anyOf).
struct Part<'s> {
    name: &'s str,
    schema: &'s Schema,
    required: bool,
    location: Location,
}

impl<'a> Lowerer<'a> {
    fn warn(&mut self, location: &Location, message: impl Into<String>) {
        self.warnings.push(Warning { location: location.clone(), message: message.into() });
    }

    pub fn lower(&mut self, schema: &Schema, pos: &Pos) -> Result<TypeRef> {
        self.lower_described(schema, pos, None)
    }

    /// [`Self::lower`] for the items of an array described by `array_description`.
    fn lower_described(&mut self, schema: &Schema, pos: &Pos, array_description: Option<&str>) -> Result<TypeRef> {
        let mut v = view(schema, &pos.location)?;
        v.array_description = array_description;
        self.override_type(&mut v, pos)?;
        if v.has_not {
            self.warn(&pos.location, "`not` schemas cannot be expressed as a Rust type; any JSON value is accepted");
            return Ok(TypeRef::Any);
        }
        if v.is_composite() {
            return self.composite(&v, pos);
        }
        match v.typ {
            Some("string") => Ok(self.string(&v, pos)),
            Some("integer") => Ok(self.integer(&v, pos)),
            Some("number") => Ok(self.number(&v, pos)),
            Some("boolean") => Ok(TypeRef::Bool),
            Some("array") => self.array(&v, pos),
            Some("object") => self.object(&v, pos),
            None if !v.properties.is_empty() || v.additional.is_some() => self.object(&v, pos),
            None if v.items.is_some() => self.array(&v, pos),
            None => Ok(TypeRef::Any),
            Some(other) => {
                self.warn(&pos.location, format!("unknown type `{other}`; any JSON value is accepted"));
                Ok(TypeRef::Any)
            }
        }
    }

    /// Applies a `type` override to the value at `pos`: its JSON type, and its enum values
    /// written in that type (`"8"` → `8`).
    fn override_type(&mut self, v: &mut View, pos: &Pos) -> Result<()> {
        let changes: Vec<(usize, &'static str)> = self
            .overrides
            .at(pos.variant, &pos.operation, &pos.path)
            .filter_map(|(i, change)| match change {
                Change::Type(t) => Some((i, t)),
                Change::Optional => None,
            })
            .collect();
        for (index, target) in changes {
            let changed = v.typ != Some(target);
            self.hits.record(index, pos.origin().key(), changed);
            if !changed {
                continue;
            }
            let id = &self.overrides.entries[index].id;
            v.enumeration = std::mem::take(&mut v.enumeration)
                .into_iter()
                .map(|value| {
                    retyped(&value, target).ok_or_else(|| {
                        Error::spec(&pos.location, format!("override `{id}`: enum value {value} is not a {target}"))
                    })
                })
                .collect::<Result<_>>()?;
            v.typ = Some(target);
            // A format belongs to the documented type (`date-time` to a string).
            v.format = None;
        }
        Ok(())
    }

    /// Whether the field at `pos` is required, after the overrides.
    fn required(&mut self, documented: bool, pos: &Pos) -> bool {
        let optional: Vec<usize> = self
            .overrides
            .at(pos.variant, &pos.operation, &pos.path)
            .filter(|(_, c)| *c == Change::Optional)
            .map(|(i, _)| i)
            .collect();
        for &index in &optional {
            self.hits.record(index, pos.origin().key(), documented);
        }
        documented && optional.is_empty()
    }

    fn string(&mut self, v: &View, pos: &Pos) -> TypeRef {
        let values: Vec<EnumLiteral> =
            v.enumeration.iter().filter_map(|e| e.as_str().map(|s| EnumLiteral::String(s.to_owned()))).collect();
        if !values.is_empty() {
            return self.enumeration(v, pos, EnumRepr::String, values);
        }
        match v.format.as_deref() {
            Some("date-time" | "datetime") => TypeRef::DateTime,
            Some("date" | "YYYY-MM-DD") => TypeRef::Date,
            Some("binary") => TypeRef::Binary,
            _ => TypeRef::String,
        }
    }

    fn integer(&mut self, v: &View, pos: &Pos) -> TypeRef {
        let values: Vec<EnumLiteral> =
            v.enumeration.iter().filter_map(Value::as_i64).map(EnumLiteral::Integer).collect();
        if !values.is_empty() && values.len() == v.enumeration.len() {
            return self.enumeration(v, pos, EnumRepr::Integer, values);
        }
        TypeRef::Integer
    }

    fn number(&mut self, v: &View, pos: &Pos) -> TypeRef {
        // Zoom lists whole numbers as the values of some `number` enums.
        let values: Vec<EnumLiteral> = v
            .enumeration
            .iter()
            .filter_map(|e| {
                e.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9e15).map(|f| EnumLiteral::Integer(f as i64))
            })
            .collect();
        if !values.is_empty() && values.len() == v.enumeration.len() {
            return self.enumeration(v, pos, EnumRepr::Integer, values);
        }
        TypeRef::Number
    }

    fn enumeration(&mut self, v: &View, pos: &Pos, repr: EnumRepr, values: Vec<EnumLiteral>) -> TypeRef {
        let labels = v.enum_descriptions();
        let labels = if labels.len() == values.len() { labels } else { vec![] };
        let numbers: Option<Vec<i64>> = values.iter().map(integer).collect();
        let list = match (&numbers, v.values_description()) {
            (Some(_), Some(description)) => value_docs::parse(description),
            _ => ValueList::default(),
        };
        let idents = enum_idents(&values, &labels, &list);
        let values = values
            .into_iter()
            .zip(idents)
            .enumerate()
            .map(|(i, (value, ident))| {
                let label = labels.get(i).filter(|l| !l.trim().is_empty()).cloned();
                let described = numbers.as_ref().and_then(|n| list.get(n[i])).map(str::to_owned);
                // The schema's description of the value says more than a label, and is what
                // names the variant unless the labels do.
                EnumValue { ident, value, description: described.or(label) }
            })
            .collect();
        let kind = TypeKind::Enum(Enum { repr, values });
        TypeRef::Named(self.pool.intern(kind, v.description().map(str::to_owned), pos.origin(), pos.seed.clone()))
    }

    fn array(&mut self, v: &View, pos: &Pos) -> Result<TypeRef> {
        let item = match v.items {
            Some(items) => self.lower_described(items, &pos.item(), v.description())?,
            None => TypeRef::Any,
        };
        Ok(TypeRef::Array(Box::new(item)))
    }

    fn object(&mut self, v: &View, pos: &Pos) -> Result<TypeRef> {
        if v.properties.is_empty() {
            return match &v.additional {
                Some(Additional::Schema(s)) => Ok(TypeRef::Map(Box::new(self.lower(s, &pos.map_value())?))),
                _ => Ok(TypeRef::AnyObject),
            };
        }
        let parts = v
            .properties
            .iter()
            .map(|(name, schema)| Part {
                name,
                schema,
                required: v.required.contains(name),
                location: pos.location.child("properties").child(name),
            })
            .collect();
        self.structure(parts, v.description(), pos)
    }

    /// A struct from properties, possibly gathered from several schemas (allOf/oneOf/anyOf).
    /// Fields are sorted by name; a property several schemas declare is merged.
    fn structure(&mut self, parts: Vec<Part>, description: Option<&str>, pos: &Pos) -> Result<TypeRef> {
        let mut groups: std::collections::BTreeMap<&str, Vec<Part>> = std::collections::BTreeMap::new();
        for part in parts {
            groups.entry(part.name).or_default().push(part);
        }
        let mut fields: Vec<Field> = Vec::new();
        let mut idents = Namespace::new();
        for (name, group) in groups {
            let first = &group[0];
            let field_pos = Pos { location: first.location.clone(), ..pos.field(name) };
            let ty = if group.len() == 1 {
                self.lower(first.schema, &field_pos)?
            } else {
                self.merge_property(&group, &field_pos)?
            };
            let views = group.iter().map(|p| view(p.schema, &p.location)).collect::<Result<Vec<_>>>()?;
            let required = self.required(group.iter().any(|p| p.required), &field_pos);
            fields.push(Field {
                name: name.to_owned(),
                ident: idents.unique(&names::snake(name)),
                ty,
                required,
                nullable: views.iter().any(View::nullable),
                description: views.iter().find_map(View::description).map(str::to_owned),
                deprecated: group.iter().all(|p| p.schema.schema_data.deprecated),
            });
        }
        let kind = TypeKind::Struct(Struct { fields });
        Ok(TypeRef::Named(self.pool.intern(kind, description.map(str::to_owned), pos.origin(), pos.seed.clone())))
    }

    /// One property that several schemas declare (the members of a composition). Objects merge
    /// their properties (all optional: a member's required property may be absent when another
    /// member applies), arrays of objects merge their items, same-kind scalars that differ widen
    /// to the plain scalar (an enum and a string → string). Anything else accepts any JSON value.
    fn merge_property(&mut self, group: &[Part], pos: &Pos) -> Result<TypeRef> {
        if group.iter().all(|p| p.schema == group[0].schema) {
            return self.lower(group[0].schema, pos);
        }
        let kinds = group.iter().map(|p| self.kind_of(p.schema, &p.location)).collect::<Result<Vec<_>>>()?;
        let same_kind = kinds.iter().all(|k| *k == kinds[0]);
        match kinds[0] {
            Some(Kind::Object) if same_kind => {
                let mut parts = Vec::new();
                for p in group {
                    self.collect_parts(p.schema, &p.location, true, &mut parts)?;
                }
                if parts.is_empty() {
                    return Ok(TypeRef::AnyObject);
                }
                let description = group.iter().find_map(|p| p.schema.schema_data.description.as_deref());
                self.structure(parts, description, pos)
            }
            Some(Kind::Array) if same_kind => {
                let items: Vec<Part> = group
                    .iter()
                    .filter_map(|p| {
                        let at = p.location.child("items");
                        let v = view(p.schema, &p.location).ok()?;
                        v.items.map(|schema| Part { name: p.name, schema, required: false, location: at })
                    })
                    .collect();
                if items.len() != group.len() {
                    return Ok(TypeRef::Array(Box::new(TypeRef::Any)));
                }
                Ok(TypeRef::Array(Box::new(self.merge_property(&items, &pos.item())?)))
            }
            Some(kind) if same_kind => {
                let lowered = group
                    .iter()
                    .map(|p| self.lower(p.schema, &Pos { location: p.location.clone(), ..pos.clone() }))
                    .collect::<Result<Vec<_>>>()?;
                if lowered.iter().all(|t| *t == lowered[0]) {
                    return Ok(lowered[0].clone());
                }
                Ok(match kind {
                    Kind::String => TypeRef::String,
                    Kind::Integer => TypeRef::Integer,
                    Kind::Number => TypeRef::Number,
                    _ => TypeRef::Bool,
                })
            }
            _ => {
                let location = &group[0].location;
                self.warn(
                    location,
                    format!(
                        "property `{}` is declared with different JSON kinds; any JSON value is accepted",
                        group[0].name
                    ),
                );
                Ok(TypeRef::Any)
            }
        }
    }

    /// The JSON kind of a schema, looking through nested compositions; `None` for a schema that
    /// only annotates (a description, no type).
    fn kind_of(&self, schema: &Schema, at: &Location) -> Result<Option<Kind>> {
        let v = view(schema, at)?;
        Ok(match v.typ {
            Some("string") => Some(Kind::String),
            Some("integer") => Some(Kind::Integer),
            Some("number") => Some(Kind::Number),
            Some("boolean") => Some(Kind::Bool),
            Some("array") => Some(Kind::Array),
            Some("object") => Some(Kind::Object),
            _ if !v.properties.is_empty() || v.additional.is_some() => Some(Kind::Object),
            _ if v.items.is_some() => Some(Kind::Array),
            _ => {
                let mut kinds = Vec::new();
                for (i, m) in v.all_of.iter().chain(&v.one_of).chain(&v.any_of).enumerate() {
                    if let Some(k) = self.kind_of(m, &at.child(i.to_string()))? {
                        kinds.push(k);
                    }
                }
                kinds.sort();
                kinds.dedup();
                // A nested composition of mixed kinds has no single kind; like an annotation, it
                // does not shape the outer composition.
                match kinds.as_slice() {
                    [k] => Some(*k),
                    _ => None,
                }
            }
        })
    }

    /// Collects the properties of an object-like schema, flattening nested compositions.
    /// `optional` marks every property optional (members of oneOf/anyOf may be absent).
    fn collect_parts<'s>(
        &self,
        schema: &'s Schema,
        at: &Location,
        optional: bool,
        out: &mut Vec<Part<'s>>,
    ) -> Result<()> {
        let v = view(schema, at)?;
        for (name, s) in &v.properties {
            out.push(Part {
                name,
                schema: s,
                required: !optional && v.required.contains(name),
                location: at.child("properties").child(name),
            });
        }
        for (i, m) in v.all_of.iter().enumerate() {
            self.collect_parts(m, &at.child("allOf").child(i.to_string()), optional, out)?;
        }
        for (key, members) in [("oneOf", &v.one_of), ("anyOf", &v.any_of)] {
            for (i, m) in members.iter().enumerate() {
                self.collect_parts(m, &at.child(key).child(i.to_string()), true, out)?;
            }
        }
        Ok(())
    }

    fn composite(&mut self, v: &View, pos: &Pos) -> Result<TypeRef> {
        // Members with their JSON kind; the schema's own properties count as an object member.
        let mut members: Vec<(Kind, &Schema, Location)> = Vec::new();
        for (key, list) in [("allOf", &v.all_of), ("oneOf", &v.one_of), ("anyOf", &v.any_of)] {
            for (i, m) in list.iter().enumerate() {
                let at = pos.location.child(key).child(i.to_string());
                // Members without a kind only annotate (a description, an example).
                if let Some(kind) = self.kind_of(m, &at)? {
                    members.push((kind, m, at));
                }
            }
        }
        let own_object = !v.properties.is_empty() || v.typ == Some("object");
        let mut kinds: Vec<Kind> = members.iter().map(|m| m.0).collect();
        if own_object {
            kinds.push(Kind::Object);
        }
        kinds.sort();
        kinds.dedup();
        if kinds.is_empty() {
            return Ok(TypeRef::Any);
        }
        let is_all_of = v.one_of.is_empty() && v.any_of.is_empty();
        if is_all_of && kinds.len() > 1 {
            self.warn(&pos.location, "allOf combines values of different JSON kinds; any JSON value is accepted");
            return Ok(TypeRef::Any);
        }
        let mut variants = Vec::new();
        for kind in &kinds {
            let member_pos =
                if kinds.len() == 1 { pos.clone() } else { pos.member(kind.ident(), pos.location.clone()) };
            let of_kind: Vec<&(Kind, &Schema, Location)> = members.iter().filter(|m| m.0 == *kind).collect();
            let ty = if *kind == Kind::Object {
                let mut parts = Vec::new();
                if own_object {
                    for (name, s) in &v.properties {
                        parts.push(Part {
                            name,
                            schema: s,
                            required: v.required.contains(name),
                            location: pos.location.child("properties").child(name),
                        });
                    }
                }
                for (_, m, at) in &of_kind {
                    self.collect_parts(m, at, !is_all_of, &mut parts)?;
                }
                if parts.is_empty() { TypeRef::AnyObject } else { self.structure(parts, v.description(), &member_pos)? }
            } else {
                let first = self.lower(of_kind[0].1, &member_pos)?;
                for (_, m, at) in &of_kind[1..] {
                    let other = self.lower(m, &Pos { location: at.clone(), ..member_pos.clone() })?;
                    if other != first {
                        self.warn(at, "alternatives of the same JSON kind differ; the first one is used");
                    }
                }
                first
            };
            variants.push(UnionVariant { ident: kind.ident().to_owned(), ty });
        }
        if variants.len() == 1 {
            return Ok(variants.remove(0).ty);
        }
        let kind = TypeKind::Union(Union { variants });
        Ok(TypeRef::Named(self.pool.intern(kind, v.description().map(str::to_owned), pos.origin(), pos.seed.clone())))
    }
}

/// An enum value written as a value of JSON type `target`, if it can be without guessing.
fn retyped(value: &Value, target: &str) -> Option<Value> {
    match (target, value) {
        ("string", Value::Number(n)) => Some(Value::String(n.to_string())),
        ("integer" | "number", Value::String(s)) => serde_json::from_str::<serde_json::Number>(s)
            .ok()
            .filter(|n| target == "number" || n.is_i64())
            .map(Value::Number),
        ("boolean", Value::String(s)) => s.parse::<bool>().ok().map(Value::Bool),
        (_, value) => Some(value.clone()),
    }
}

/// An integer value, or a string of an integer's digits.
fn integer(value: &EnumLiteral) -> Option<i64> {
    match value {
        EnumLiteral::Integer(n) => Some(*n),
        EnumLiteral::String(s) => numbered_ident(value).and_then(|_| s.parse().ok()),
    }
}

/// Variant names for enum values. Strings name themselves. Integer values (and strings of
/// digits) are named by their labels (`x-enum-descriptions`) when every label is short and the
/// names come out unique; else by the schema's description of each value (see
/// [`value_docs::names`]), a value it does not describe being `V8`, `VMinus1`; else, when those
/// names would collide, all `V<n>`.
fn enum_idents(values: &[EnumLiteral], labels: &[String], list: &ValueList) -> Vec<String> {
    let numeric = values.iter().all(|v| numbered_ident(v).is_some());
    if numeric && !labels.is_empty() {
        let from_labels: Vec<String> = labels.iter().map(|l| names::variant(l)).collect();
        let short = labels.iter().all(|l| {
            let n = names::words(l).len();
            (1..=6).contains(&n)
        });
        let unique = from_labels.iter().collect::<std::collections::BTreeSet<_>>().len() == from_labels.len();
        if short && unique && !from_labels.iter().any(|n| n == UNKNOWN_VARIANT) {
            return from_labels;
        }
    }
    let numbers: Option<Vec<i64>> = values.iter().map(integer).collect();
    if let Some(numbers) = numbers.filter(|_| numeric && !list.values.is_empty()) {
        let named: Vec<String> = value_docs::names(&numbers, list)
            .into_iter()
            .zip(values)
            .map(|(name, value)| name.or_else(|| numbered_ident(value)).unwrap_or_default())
            .collect();
        let unique = named.iter().collect::<std::collections::BTreeSet<_>>().len() == named.len();
        if unique && !named.iter().any(|n| n == UNKNOWN_VARIANT) {
            return named;
        }
    }
    let mut ns = Namespace::new();
    ns.reserve(UNKNOWN_VARIANT);
    values
        .iter()
        .map(|v| {
            let wanted = match v {
                EnumLiteral::String(s) if numbered_ident(v).is_none() => names::variant(s),
                _ => numbered_ident(v).unwrap_or_default(),
            };
            ns.unique(&wanted)
        })
        .collect()
}

/// The name of an integer (or integer string) value that has no better one: `V8`, `VMinus1`.
/// `None` for other strings.
pub fn numbered_ident(value: &EnumLiteral) -> Option<String> {
    let digits = match value {
        EnumLiteral::Integer(n) if *n < 0 => return Some(format!("VMinus{}", n.unsigned_abs())),
        EnumLiteral::Integer(n) => return Some(format!("V{n}")),
        EnumLiteral::String(s) => s,
    };
    let (minus, magnitude) = match digits.strip_prefix('-') {
        Some(rest) => ("Minus", rest),
        None => ("", digits.as_str()),
    };
    (!magnitude.is_empty() && magnitude.bytes().all(|b| b.is_ascii_digit())).then(|| format!("V{minus}{magnitude}"))
}

/// The variant that holds a value the document does not list.
pub const UNKNOWN_VARIANT: &str = "UnknownValue";

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> EnumLiteral {
        EnumLiteral::String(v.to_owned())
    }

    fn idents(values: &[EnumLiteral], labels: &[String]) -> Vec<String> {
        enum_idents(values, labels, &ValueList::default())
    }

    #[test]
    fn enum_variant_names() {
        assert_eq!(idents(&[s("scheduled"), s("live")], &[]), ["Scheduled", "Live"]);
        assert_eq!(idents(&[s("Enabled"), s("enabled")], &[]), ["Enabled", "Enabled2"]);
        assert_eq!(idents(&[s("UnknownValue")], &[]), ["UnknownValue2"]);
        assert_eq!(idents(&[EnumLiteral::Integer(-1), EnumLiteral::Integer(0)], &[]), ["VMinus1", "V0"]);
        let labels = ["Instant Meeting".to_owned(), "Scheduled Meeting".to_owned()];
        assert_eq!(
            idents(&[EnumLiteral::Integer(1), EnumLiteral::Integer(2)], &labels),
            ["InstantMeeting", "ScheduledMeeting"]
        );
        assert_eq!(idents(&[s("1"), s("2")], &labels), ["InstantMeeting", "ScheduledMeeting"]);
        let long =
            ["Registrants can watch the recording directly after registration".to_owned(), "Disabled".to_owned()];
        assert_eq!(idents(&[EnumLiteral::Integer(0), EnumLiteral::Integer(2)], &long), ["V0", "V2"]);
        // Labels name numeric values only: string values name themselves.
        assert_eq!(idents(&[s("short"), s("single")], &labels), ["Short", "Single"]);
    }

    #[test]
    fn integer_variants_named_from_the_description() {
        let int = |values: &[i64]| values.iter().map(|&n| EnumLiteral::Integer(n)).collect::<Vec<_>>();
        let list = value_docs::parse("Lights:\n* `0` - Off.\n* `1` - Dimmed.\n* `3` - Bright.");
        assert_eq!(enum_idents(&int(&[0, 1, 2, 3]), &[], &list), ["Off", "Dimmed", "V2", "Bright"]);
        assert_eq!(enum_idents(&[s("0"), s("1"), s("3")], &[], &list), ["Off", "Dimmed", "Bright"]);
        // Short labels come first.
        let labels = ["Dark".to_owned(), "Dim".to_owned(), "Light".to_owned()];
        assert_eq!(enum_idents(&int(&[0, 1, 3]), &labels, &list), ["Dark", "Dim", "Light"]);
        // A name that is another value's `V<n>`, or the unknown value's, leaves every value `V<n>`.
        let list = value_docs::parse("* `1` - V2\n* `3` - Bright.");
        assert_eq!(enum_idents(&int(&[1, 2, 3]), &[], &list), ["V1", "V2", "V3"]);
        let list = value_docs::parse("* `1` - Unknown value.\n* `3` - Bright.");
        assert_eq!(enum_idents(&int(&[1, 3]), &[], &list), ["V1", "V3"]);
    }
}
