//! The intermediate representation: everything the emitter needs, as plain data. Tests assert on
//! it without generating code; later stages (scope table, changelog diff, webhooks) read it too.

use std::collections::BTreeSet;

use crate::error::Location;
pub use crate::manifest::{Auth, Variant};

/// Every product, sorted by key.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub products: Vec<Product>,
}

impl Api {
    pub fn operations(&self) -> impl Iterator<Item = (&Product, &Surface, &Operation)> {
        self.products.iter().flat_map(|p| p.surfaces().flat_map(move |s| s.operations.iter().map(move |o| (p, s, o))))
    }
}

/// One product's webhook document: the events Zoom pushes to an app's endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhooks {
    /// The document's file name, e.g. `webhooks/meetings.json`.
    pub file: String,
    /// The document's `info.title`.
    pub title: String,
    pub events: Vec<Event>,
}

/// A webhook event: a `post` in the document's `webhooks` map, named by its operationId.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The event's name as Zoom sends it in `event`, e.g. `meeting.started`.
    pub name: String,
    /// The product `Event` enum's variant for it, e.g. `MeetingStarted`.
    pub variant: String,
    /// The description without its heading and scope lines.
    pub description: Option<String>,
    /// The scopes an app needs to receive it, from the description's scope lines.
    pub scopes: Scopes,
    /// The type of the whole delivery body (`event`, `event_ts`, `payload`).
    pub payload: TypeRef,
    pub location: Location,
}

/// One Zoom product: its regular API, its Master Account API, or both, sharing one type pool.
#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    /// Key from `spec/documents.toml`, e.g. `team-chat`; also the Cargo feature.
    pub key: String,
    /// Rust module name, e.g. `team_chat`.
    pub module: String,
    /// Human name from the document's `info.title`, e.g. `Team Chat`.
    pub title: String,
    pub auth: Auth,
    pub rest: Option<Surface>,
    pub master: Option<Surface>,
    /// The events of the product's webhook document (`node` and `rtms` have nothing else).
    pub webhooks: Option<Webhooks>,
    /// All named types of the product, indexed by [`TypeId`].
    pub types: Vec<TypeDef>,
    pub warnings: Vec<Warning>,
    /// How many schema positions were folded into a type emitted elsewhere (dedup).
    pub duplicates_folded: usize,
    /// `impl From<answer> for request` conversions (read → modify → update), by type ids.
    pub conversions: Vec<Conversion>,
}

impl Product {
    pub fn surfaces(&self) -> impl Iterator<Item = &Surface> {
        self.rest.iter().chain(self.master.iter())
    }

    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// The rule for fields (README, "When Zoom's answer differs from its document"): a field is
    /// an `Option` unless it is required and cannot be null; in a type Zoom sends, a required
    /// field is an `Option` too, since Zoom leaves out fields its document requires, except a
    /// required object, which reads as empty when missing. `read`: whether Zoom sends the
    /// field's type ([`TypeDef::is_read`], looked up once per type by the callers).
    pub fn shape(&self, read: bool, f: &Field) -> Shape {
        if !f.required || f.nullable {
            return Shape::Option;
        }
        let is_struct = matches!(f.ty, TypeRef::Named(id) if matches!(self.ty(id).kind, TypeKind::Struct(_)));
        if read && !is_struct {
            return Shape::Option;
        }
        Shape::Plain
    }

    /// Whether the product has the feature named by its key: it has a regular API or webhooks
    /// (a product with only a Master Account API has only `<key>-master`).
    pub fn has_base_feature(&self) -> bool {
        self.rest.is_some() || self.webhooks.is_some()
    }

    /// Cargo feature of a surface: `meetings`, `meetings-master`.
    pub fn feature(&self, variant: Variant) -> String {
        match variant {
            Variant::Master => format!("{}-master", self.key),
            _ => self.key.clone(),
        }
    }
}

/// The operations of one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Surface {
    pub variant: Variant,
    /// The handle type that holds the surface's methods, e.g. `Meetings`, `MeetingsMaster`.
    pub handle: String,
    pub file: String,
    pub sha256: String,
    /// `info.version` of the document.
    pub version: String,
    /// Sorted by path, then method.
    pub operations: Vec<Operation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Zoom's operationId exactly as published (it may not be an identifier).
    pub id: String,
    /// Rust method name, unique within the surface.
    pub name: String,
    /// Rust name of the request builder type, unique within the surface.
    pub builder: String,
    pub method: Method,
    /// Path template as published, e.g. `/users/{userId}/meetings`.
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// Path parameters in template order, then query, then header parameters.
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub response: Response,
    pub scopes: Scopes,
    pub rate_limit: Option<RateLimit>,
    /// Account role privileges Zoom lists (`x-permissions`), e.g. `User:Read`.
    pub permissions: Vec<String>,
    pub pagination: Option<Pagination>,
    pub location: Location,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParamIn {
    Path,
    Query,
    Header,
}

impl ParamIn {
    /// Where the parameter goes, as OpenAPI's `in` says it: `path`, `query`, `header`.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamIn::Path => "path",
            ParamIn::Query => "query",
            ParamIn::Header => "header",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Name on the wire.
    pub name: String,
    /// Rust identifier (argument or builder method).
    pub ident: String,
    pub location: ParamIn,
    pub required: bool,
    pub ty: TypeRef,
    pub description: Option<String>,
    pub deprecated: bool,
    /// A meeting/webinar UUID that Zoom wants double-encoded when it starts with `/` or contains
    /// `//` (the parameter's description says so).
    pub double_encode: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub required: bool,
    pub media: BodyMedia,
    pub ty: TypeRef,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyMedia {
    Json,
    /// `multipart/form-data`: each field a part; binary fields are file parts.
    Multipart,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The documented success status (200 unless Zoom lists another 2xx).
    pub status: u16,
    pub body: ResponseBody,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    /// No content (e.g. 204).
    Empty,
    Json(TypeRef),
    /// Raw bytes of the given media type (file downloads).
    Bytes(String),
}

/// Where a scope was found on an operation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ScopeSources {
    /// `x-extensions.x-macro-scopes` / `x-granular-scopes`.
    pub extension: bool,
    /// The `**[Scopes]**` / `**[Granular Scopes]**` line of the description.
    pub description: bool,
    /// `security[].openapi_oauth`.
    pub security: bool,
    /// The scope catalogue (an override, or a granular mapping for a classic-only operation).
    pub catalogue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeRef {
    pub name: String,
    pub sources: ScopeSources,
}

/// Scopes an operation accepts: holding any one of them authorises the call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scopes {
    /// Classic ("macro") scopes, e.g. `meeting:read:admin`.
    pub classic: Vec<ScopeRef>,
    /// Granular scopes, e.g. `meeting:read:meeting:admin`.
    pub granular: Vec<ScopeRef>,
    /// Scopes only `security` lists (neither extension nor description names them).
    pub security_only: Vec<String>,
}

/// Zoom's rate-limit category for an operation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RateLimitLabel {
    Light,
    Medium,
    Heavy,
    ResourceIntensive,
    /// A label Zoom wrote that is none of the four (one operation says `1`).
    Other(String),
}

impl RateLimitLabel {
    pub fn as_str(&self) -> &str {
        match self {
            RateLimitLabel::Light => "LIGHT",
            RateLimitLabel::Medium => "MEDIUM",
            RateLimitLabel::Heavy => "HEAVY",
            RateLimitLabel::ResourceIntensive => "RESOURCE-INTENSIVE",
            RateLimitLabel::Other(s) => s,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimit {
    pub label: RateLimitLabel,
    /// The text as Zoom wrote it (`Light`, `LIGHT`, …).
    pub raw: String,
}

/// Which pagination parameters an operation takes, and how its pages are streamed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    pub next_page_token: bool,
    pub page_number: bool,
    pub page_size: PageSize,
    /// How `pages()` and `items()` walk the listing, or why the operation has neither.
    pub stream: Result<PageStream, NoStream>,
}

/// The `page_size` query parameter of a paginated operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageSize {
    /// The operation takes no `page_size`.
    Absent,
    /// Zoom documents no maximum.
    Undocumented,
    /// The schema's `maximum`.
    Maximum(i64),
    /// A maximum the parameter's description states ("the maximum is **300**", "Max - 100").
    Described(i64),
}

impl PageSize {
    /// Sent by `pages()` and `items()` when the caller sets none: the documented maximum, else
    /// 300 (the most Zoom's list endpoints return). `None` when there is no `page_size`.
    pub fn stream_default(self) -> Option<i64> {
        match self {
            PageSize::Absent => None,
            PageSize::Undocumented => Some(PageSize::DEFAULT),
            PageSize::Maximum(n) | PageSize::Described(n) => Some(n),
        }
    }

    /// The most records Zoom's list endpoints return per page.
    pub const DEFAULT: i64 = 300;
}

/// How the pages of a listing are walked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageStyle {
    /// Each answer's `next_page_token` is sent back as the `next_page_token` query parameter.
    Token,
    /// `page_number` counts up from the first page to the answer's `page_count`.
    Number,
}

/// A paginated operation whose answer is a page of items: its response type gets a `Page` impl,
/// its builder `pages()` and `items()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageStream {
    pub style: PageStyle,
    /// The response type, a struct.
    pub page: TypeId,
    /// The response field that holds the page's items (wire name).
    pub items: String,
    /// The type of one item.
    pub item: TypeRef,
}

/// Why a paginated operation gets no stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoStream {
    /// The success response is not a JSON object with fields.
    NotAnObject,
    /// The response has no `next_page_token` string field (token style) and no `page_count`
    /// integer field (number style) that the operation's parameters could use.
    NoCursor,
    /// The response has no array field, or several (not counting deprecated ones): which one holds
    /// the items is not known.
    Items(Vec<String>),
}

impl std::fmt::Display for NoStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoStream::NotAnObject => f.write_str("the response is not an object"),
            NoStream::NoCursor => f.write_str("the response has no next_page_token (or page_count) field"),
            NoStream::Items(fields) if fields.is_empty() => f.write_str("the response has no array field"),
            NoStream::Items(fields) => {
                write!(f, "the response has {} array fields ({})", fields.len(), fields.join(", "))
            }
        }
    }
}

/// Index of a [`TypeDef`] in its product's type pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// The Rust type of a value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    Bool,
    /// Any JSON integer (`i64`).
    Integer,
    /// Any JSON number (`f64`).
    Number,
    String,
    /// `format: date-time`: RFC 3339 with offset.
    DateTime,
    /// `format: date` (and Zoom's `YYYY-MM-DD`): a calendar date.
    Date,
    /// `format: binary`: bytes (multipart file parts, downloads).
    Binary,
    /// No usable schema: any JSON value.
    Any,
    /// An object that declares no properties: any JSON object.
    AnyObject,
    Named(TypeId),
    Array(Box<TypeRef>),
    /// `additionalProperties` with a schema: a map from string keys.
    Map(Box<TypeRef>),
}

/// Which module a type is emitted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Home {
    /// The product's `types` module (used by its regular API, maybe also by its master API).
    Rest,
    /// The product's `master::types` module (used only by its Master Account API).
    Master,
}

impl Home {
    /// Where what a document reaches first lives: the master module for the Master Account
    /// document, the regular one for the REST and webhook documents.
    pub fn of(variant: Variant) -> Home {
        if variant == Variant::Master { Home::Master } else { Home::Rest }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    pub description: Option<String>,
    pub kind: TypeKind,
    pub home: Home,
    /// Every schema position this type stands for, first the one its name comes from.
    pub origins: Vec<Origin>,
}

impl TypeDef {
    /// Whether Zoom sends values of this type (in an answer or an event): such types are read
    /// tolerantly, and their required fields may be missing.
    pub fn is_read(&self) -> bool {
        self.origins.iter().any(Origin::is_read)
    }

    /// Whether requests carry values of this type.
    pub fn is_sent(&self) -> bool {
        self.origins.iter().any(|o| !o.is_read())
    }

    /// Whether the generated struct is `#[non_exhaustive]`: what Zoom sends grows fields every
    /// month, and users build such values from `Default` and field assignment, so a field added
    /// is not a breaking change of the crate.
    pub fn is_non_exhaustive(&self) -> bool {
        self.is_read()
    }
}

/// A schema position: `rest listMeetings response .meetings[]`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    pub variant: Variant,
    pub operation: String,
    /// `request`, `response`, `param.<name>`, then `.field` and `[]` steps.
    pub path: String,
}

impl Origin {
    /// Whether the position is in something Zoom sends: an answer or an event.
    pub fn is_read(&self) -> bool {
        self.variant == Variant::Webhooks || self.path.starts_with("response")
    }

    /// The key recorded in the names lock file.
    pub fn key(&self) -> String {
        let variant = match self.variant {
            Variant::Master => "master",
            Variant::Webhooks => "event",
            Variant::Rest => "rest",
        };
        format!("{variant} {} {}", self.operation, self.path)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    Enum(Enum),
    /// A value that may be one of several JSON kinds (from oneOf/anyOf over different types).
    Union(Union),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Property name on the wire.
    pub name: String,
    /// Rust field name.
    pub ident: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    pub description: Option<String>,
    pub deprecated: bool,
}

/// How a field is declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `T`: a required field of a type only this crate sends, or a required object of a type
    /// Zoom sends (empty when Zoom left it out, so that `event.payload.object` needs no unwrapping).
    Plain,
    /// `Option<T>`.
    Option,
}

/// `impl From<from> for to`: an answer that converts into the request updating the same object,
/// so that a caller fetches, changes a field and sends it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversion {
    pub from: TypeId,
    pub to: TypeId,
    /// Where each field of `to` gets its value, in `to`'s field order: (Rust field, value).
    pub fields: Vec<(String, FieldValue)>,
    /// Wire names of the answer's fields the request does not send (only Zoom sets them).
    pub dropped: Vec<String>,
    /// Wire names of the request's fields the answer has nothing for.
    pub unset: Vec<String>,
}

/// A field's value in a [`Conversion`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    /// The answer's field of the same wire name (`from`: its Rust field), carried and converted.
    Moved { from: String, carry: Carry, convert: Convert },
    /// `None`.
    Unset,
    /// `Default::default()`: a required object of a type Zoom also sends, empty.
    Empty,
}

/// How a moved value crosses between the two fields' shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carry {
    /// `T` to `T`.
    Plain,
    /// `Option<T>` to `Option<U>`: the value inside, if any.
    Inside,
    /// `T` to `Option<U>`: always `Some`.
    IntoSome,
}

/// How a value of one field's type becomes one of the other's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Convert {
    /// The same type.
    Same,
    /// Another [`Conversion`].
    Into,
    /// An array's items, each so.
    Each(Box<Convert>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub repr: EnumRepr,
    pub values: Vec<EnumValue>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EnumRepr {
    String,
    Integer,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    pub ident: String,
    pub value: EnumLiteral,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EnumLiteral {
    String(String),
    Integer(i64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// At most one variant per JSON kind, in the order bool, integer, number, string, array, object.
    pub variants: Vec<UnionVariant>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub ident: String,
    pub ty: TypeRef,
}

/// Something the generator worked around or could not represent exactly.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub location: Location,
    pub message: String,
}

/// Names of named types a type refers to directly.
pub fn referenced_types(ty: &TypeRef, out: &mut BTreeSet<TypeId>) {
    match ty {
        TypeRef::Named(id) => {
            out.insert(*id);
        }
        TypeRef::Array(inner) | TypeRef::Map(inner) => referenced_types(inner, out),
        _ => {}
    }
}
