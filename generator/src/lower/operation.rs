//! One OpenAPI operation → [`Operation`]: parameters, body, success response, pagination.

use openapiv3::{Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, StatusCode};

use super::meta;
use super::schema::{Lowerer, Pos};
use super::view::schema_item;
use crate::error::{Error, Location, Result};
use crate::ir::{
    Body, BodyMedia, Method, NoStream, Operation, Pagination, Param, ParamIn, Response, ResponseBody, TypeRef, Variant,
};
use crate::names::{self, Namespace};

pub struct OperationInput<'a> {
    pub variant: Variant,
    pub path: &'a str,
    pub method: Method,
    pub item: &'a PathItem,
    pub op: &'a openapiv3::Operation,
    pub name: String,
    /// What its types' names start from where spec/names.lock has none
    /// ([`super::naming::OperationName::type_stem`]).
    pub type_stem: String,
    /// What the operation's type positions are keyed by (names.lock, overrides): its operationId,
    /// or, for one that shares its operationId and is named by method and path, `METHOD:/path`.
    pub positions: String,
    pub location: Location,
}

pub fn lower(input: OperationInput, lowerer: &mut Lowerer) -> Result<Operation> {
    let OperationInput { variant, path, method, item, op, name, type_stem, positions, location } = input;
    let id = op.operation_id.clone().ok_or_else(|| Error::spec(&location, "operation has no operationId"))?;
    let builder = names::pascal(&name);
    let pos = |path_label: String, type_name: String, location: Location| Pos {
        variant,
        operation: positions.clone(),
        path: path_label,
        name: type_name,
        location,
    };

    // Path-level parameters apply unless the operation redeclares them (same name and place).
    let mut declared: Vec<(&Parameter, Location)> = Vec::new();
    for (i, p) in op.parameters.iter().enumerate() {
        declared.push((
            param_item(p, &location.child("parameters").child(i.to_string()))?,
            location.child("parameters").child(i.to_string()),
        ));
    }
    let path_item_location = Location {
        pointer: location.pointer.rsplit_once('/').map_or(String::new(), |(p, _)| p.to_owned()),
        ..location.clone()
    };
    for (i, p) in item.parameters.iter().enumerate() {
        let at = path_item_location.child("parameters").child(i.to_string());
        let p = param_item(p, &at)?;
        let shadowed = declared
            .iter()
            .any(|(d, _)| d.parameter_data_ref().name == p.parameter_data_ref().name && same_place(d, p));
        if !shadowed {
            declared.push((p, at));
        }
    }

    let template_vars = crate::normalise::path_template_vars(path);
    let mut params = Vec::new();
    let mut idents = Namespace::new();
    // Path parameters in template order, then query, then header (cookies are not used by Zoom).
    for var in &template_vars {
        let (p, at) = declared
            .iter()
            .find(|(p, _)| matches!(p, Parameter::Path { .. }) && &p.parameter_data_ref().name == var)
            .ok_or_else(|| Error::spec(&location, format!("path parameter `{var}` is not declared")))?;
        params.push(param(p, at, ParamIn::Path, &type_stem, &pos, &mut idents, lowerer)?);
    }
    for wanted in [ParamIn::Query, ParamIn::Header] {
        for (p, at) in &declared {
            let place = match p {
                Parameter::Query { .. } => ParamIn::Query,
                Parameter::Header { .. } => ParamIn::Header,
                Parameter::Path { .. } => {
                    if !template_vars.contains(&p.parameter_data_ref().name) {
                        lowerer.warnings.push(crate::ir::Warning {
                            location: at.clone(),
                            message: format!(
                                "path parameter `{}` is not in the path template; it is ignored",
                                p.parameter_data_ref().name
                            ),
                        });
                    }
                    continue;
                }
                Parameter::Cookie { .. } => {
                    if wanted == ParamIn::Query {
                        lowerer.warnings.push(crate::ir::Warning {
                            location: at.clone(),
                            message: "cookie parameters are not supported; it is ignored".into(),
                        });
                    }
                    continue;
                }
            };
            if place == wanted {
                params.push(param(p, at, place, &type_stem, &pos, &mut idents, lowerer)?);
            }
        }
    }

    let body = match &op.request_body {
        None => None,
        Some(rb) => {
            let at = location.child("requestBody");
            let rb = match rb {
                ReferenceOr::Item(rb) => rb,
                ReferenceOr::Reference { reference } => {
                    return Err(Error::spec(&at, format!("`$ref: {reference}` is not supported")));
                }
            };
            let (media, media_type, key) = if let Some(m) = rb.content.get("application/json") {
                (BodyMedia::Json, m, "application/json")
            } else if let Some(m) = rb.content.get("multipart/form-data") {
                (BodyMedia::Multipart, m, "multipart/form-data")
            } else {
                let found: Vec<&str> = rb.content.keys().map(String::as_str).collect();
                return Err(Error::spec(
                    &at,
                    format!("request media type(s) {found:?} are not supported (JSON and multipart/form-data are)"),
                ));
            };
            let schema_at = at.child("content").child(key).child("schema");
            let ty = match &media_type.schema {
                Some(s) => {
                    let s = schema_item(s, &schema_at)?;
                    lowerer.lower(s, &pos("request".into(), format!("{type_stem}Request"), schema_at.clone()))?
                }
                None => TypeRef::Any,
            };
            if media == BodyMedia::Multipart && !matches!(ty, TypeRef::Named(_)) {
                return Err(Error::spec(&schema_at, "a multipart body must be an object with properties"));
            }
            Some(Body {
                required: rb.required,
                media,
                ty,
                description: rb.description.clone().filter(|d| !d.trim().is_empty()),
            })
        }
    };

    let response = success_response(op, &location, &type_stem, &pos, lowerer)?;
    let meta = meta::read(op, &location, lowerer.warnings);
    let has_query = |name: &str| params.iter().any(|p| p.location == ParamIn::Query && p.name == name);
    let page_size = declared
        .iter()
        .map(|(p, _)| *p)
        .find(|p| matches!(p, Parameter::Query { .. }) && p.parameter_data_ref().name == "page_size");
    let pagination = Some(Pagination {
        next_page_token: has_query("next_page_token"),
        page_number: has_query("page_number"),
        page_size: super::paging::page_size(page_size),
        // Decided once the product's types are final (`paging::decide`).
        stream: Err(NoStream::NotAnObject),
    })
    .filter(|p| p.next_page_token || p.page_number);

    Ok(Operation {
        id,
        name,
        builder,
        method,
        path: path.to_owned(),
        summary: op.summary.clone().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()),
        description: meta.description,
        deprecated: op.deprecated,
        params,
        body,
        response,
        scopes: meta.scopes,
        rate_limit: meta.rate_limit,
        permissions: meta.permissions,
        pagination,
        location,
    })
}

fn param_item<'a>(p: &'a ReferenceOr<Parameter>, at: &Location) -> Result<&'a Parameter> {
    match p {
        ReferenceOr::Item(p) => Ok(p),
        ReferenceOr::Reference { reference } => Err(Error::spec(at, format!("`$ref: {reference}` is not supported"))),
    }
}

fn same_place(a: &Parameter, b: &Parameter) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

fn param(
    p: &Parameter,
    at: &Location,
    place: ParamIn,
    type_stem: &str,
    pos: &dyn Fn(String, String, Location) -> Pos,
    idents: &mut Namespace,
    lowerer: &mut Lowerer,
) -> Result<Param> {
    let data = p.parameter_data_ref();
    let (schema, schema_at) = match &data.format {
        ParameterSchemaOrContent::Schema(s) => (Some(schema_item(s, &at.child("schema"))?), at.child("schema")),
        ParameterSchemaOrContent::Content(content) => match content.iter().next() {
            Some((media, m)) => {
                let schema_at = at.child("content").child(media).child("schema");
                (m.schema.as_ref().map(|s| schema_item(s, &schema_at)).transpose()?, schema_at)
            }
            None => (None, at.clone()),
        },
    };
    let ty = match schema {
        Some(s) => lowerer.lower(
            s,
            &pos(format!("param.{}", data.name), format!("{type_stem}{}", names::variant(&data.name)), schema_at),
        )?,
        None => TypeRef::String,
    };
    let description = data.description.clone().filter(|d| !d.trim().is_empty());
    let double_encode = place == ParamIn::Path
        && description.as_deref().is_some_and(|d| {
            let d = d.to_ascii_lowercase();
            d.contains("double encode") || d.contains("double-encode")
        });
    Ok(Param {
        name: data.name.clone(),
        ident: idents.unique(&names::snake(&data.name)),
        location: place,
        required: data.required || place == ParamIn::Path,
        ty,
        description,
        deprecated: data.deprecated.unwrap_or(false),
        double_encode,
    })
}

fn success_response(
    op: &openapiv3::Operation,
    location: &Location,
    type_stem: &str,
    pos: &dyn Fn(String, String, Location) -> Pos,
    lowerer: &mut Lowerer,
) -> Result<Response> {
    let mut success: Vec<(u16, &openapiv3::Response, Location)> = Vec::new();
    for (code, r) in &op.responses.responses {
        let StatusCode::Code(code) = code else { continue };
        if !(200..300).contains(code) {
            continue;
        }
        let at = location.child("responses").child(code.to_string());
        match r {
            ReferenceOr::Item(r) => success.push((*code, r, at)),
            ReferenceOr::Reference { reference } => {
                return Err(Error::spec(&at, format!("`$ref: {reference}` is not supported")));
            }
        }
    }
    success.sort_by_key(|(code, _, _)| *code);
    // The first 2xx with a body; else 204 (Zoom lists a bodiless 200 beside it on a few
    // operations), else the first.
    let chosen = success
        .iter()
        .find(|(_, r, _)| !r.content.is_empty())
        .or_else(|| success.iter().find(|(code, _, _)| *code == 204))
        .or(success.first());
    let Some((status, r, at)) = chosen else {
        lowerer.warnings.push(crate::ir::Warning {
            location: location.child("responses"),
            message: "no 2xx response is documented; the call returns no value".into(),
        });
        return Ok(Response { status: 200, body: ResponseBody::Empty, description: None });
    };
    let description = Some(r.description.trim().to_owned()).filter(|d| !d.is_empty());
    let body = if r.content.is_empty() {
        ResponseBody::Empty
    } else if let Some(m) = r.content.get("application/json") {
        let schema_at = at.child("content").child("application/json").child("schema");
        match &m.schema {
            Some(s) => ResponseBody::Json(lowerer.lower(
                schema_item(s, &schema_at)?,
                &pos("response".into(), format!("{type_stem}Response"), schema_at.clone()),
            )?),
            None => ResponseBody::Json(TypeRef::Any),
        }
    } else {
        let media = r.content.keys().next().cloned().unwrap_or_default();
        ResponseBody::Bytes(media)
    };
    Ok(Response { status: *status, body, description })
}
