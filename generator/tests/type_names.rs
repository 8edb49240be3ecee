//! Public type names over Zoom's real documents: one name per shape, of a bounded length.

mod common;

use std::collections::BTreeMap;

use generator::ir::{Product, TypeKind, TypeRef};
use generator::load::HashPolicy;
use generator::pipeline::{self, Generation};

/// The longest public type name regen may give (the note of issue 15 has the distribution).
const MAX_TYPE_NAME: usize = 80;

fn generate() -> &'static Generation {
    static GENERATION: std::sync::OnceLock<Generation> = std::sync::OnceLock::new();
    GENERATION.get_or_init(|| {
        pipeline::generate(&common::workspace(), &common::zoom_spec_dir(), HashPolicy::Strict)
            .expect("Zoom's documents generate")
    })
}

/// A type as Rust sees it, documentation left out, with the types it refers to spelled out in
/// turn: two types with one shape have one string, whatever their ids.
fn shape(product: &Product, ty: &TypeRef, memo: &mut BTreeMap<usize, String>) -> String {
    match ty {
        TypeRef::Named(id) => {
            if let Some(known) = memo.get(&id.0) {
                return known.clone();
            }
            // A type that contains itself is spelled by name the second time.
            memo.insert(id.0, format!("#{}", id.0));
            let spelled = match &product.types[id.0].kind {
                TypeKind::Struct(s) => {
                    let fields: Vec<String> = s
                        .fields
                        .iter()
                        .map(|f| {
                            format!(
                                "{}/{}:{}:{}:{}",
                                f.name,
                                f.ident,
                                shape(product, &f.ty, memo),
                                f.required,
                                f.nullable
                            )
                        })
                        .collect();
                    format!("struct{{{}}}", fields.join(","))
                }
                TypeKind::Enum(e) => {
                    let values: Vec<String> = e.values.iter().map(|v| format!("{}={:?}", v.ident, v.value)).collect();
                    format!("enum {:?}{{{}}}", e.repr, values.join(","))
                }
                TypeKind::Union(u) => {
                    let variants: Vec<String> =
                        u.variants.iter().map(|v| format!("{}({})", v.ident, shape(product, &v.ty, memo))).collect();
                    format!("union{{{}}}", variants.join(","))
                }
            };
            memo.insert(id.0, spelled.clone());
            spelled
        }
        TypeRef::Array(inner) => format!("[{}]", shape(product, inner, memo)),
        TypeRef::Map(inner) => format!("{{{}}}", shape(product, inner, memo)),
        other => format!("{other:?}"),
    }
}

#[test]
fn no_two_types_of_a_product_have_one_shape() {
    let mut repeated = Vec::new();
    for product in &generate().api.products {
        let mut memo = BTreeMap::new();
        let mut by_shape: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for (i, ty) in product.types.iter().enumerate() {
            let spelled = shape(product, &TypeRef::Named(generator::ir::TypeId(i)), &mut memo);
            by_shape.entry(spelled).or_default().push(&ty.name);
        }
        for names in by_shape.values().filter(|names| names.len() > 1) {
            repeated.push(format!("{}: {}", product.key, names.join(", ")));
        }
    }
    assert!(repeated.is_empty(), "one shape under several names:\n{}", repeated.join("\n"));
}

#[test]
fn type_names_are_bounded_in_length() {
    let mut lengths: Vec<(usize, String)> = Vec::new();
    for product in &generate().api.products {
        lengths.extend(product.types.iter().map(|t| (t.name.len(), format!("{}::{}", product.module, t.name))));
    }
    lengths.sort();
    let median = lengths[lengths.len() / 2].0;
    let (longest, name) = lengths.last().expect("Zoom's documents have types");
    eprintln!("{} type names: median {median} characters, longest {longest} ({name})", lengths.len());
    let over: Vec<&String> = lengths.iter().filter(|(n, _)| *n > MAX_TYPE_NAME).map(|(_, name)| name).collect();
    assert!(
        over.is_empty(),
        "{} type names are longer than {MAX_TYPE_NAME} characters, e.g. {:?}",
        over.len(),
        &over[..over.len().min(5)]
    );
}
