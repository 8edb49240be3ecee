//! `cargo xtask scopes for|least|migrate|report`: the scope table, asked from the command line.
//! It answers from the generator's operations (after the catalogue's corrections, as the
//! generated table has them), so it needs Zoom's documents but not a build of zoom-client.

use std::fmt::Write as _;

use generator::ir::{Api, Auth, Operation, Product, Surface};
use generator::scopes::Drift;
use serde_json::{Value, json};
use zoom_scopes::route::{literal_segments, request_path, template_matches};
use zoom_scopes::{Model, Requirement, ScopeSet, Tier, least_privilege, migrate};

/// An operation with where it lives.
pub struct Found<'a> {
    pub product: &'a Product,
    pub surface: &'a Surface,
    pub op: &'a Operation,
    /// `surface/operationId`, the name reports use.
    pub key: String,
    classic: Vec<&'a str>,
    granular: Vec<&'a str>,
}

impl<'a> Found<'a> {
    fn new(product: &'a Product, surface: &'a Surface, op: &'a Operation) -> Self {
        let key = generator::scopes::catalogue::operation_key(&product.feature(surface.variant), &op.id);
        let names = |list: &'a [generator::ir::ScopeRef]| list.iter().map(|s| s.name.as_str()).collect();
        Found { product, surface, op, key, classic: names(&op.scopes.classic), granular: names(&op.scopes.granular) }
    }

    fn json(&self) -> Value {
        json!({
            "operation_id": self.op.id,
            "surface": self.product.feature(self.surface.variant),
            "product": self.product.key,
            "master": self.surface.variant == generator::manifest::Variant::Master,
            "method": self.op.method.as_str(),
            "path": self.op.path,
            "classic": self.classic,
            "granular": self.granular,
            "rate_limit": self.op.rate_limit.as_ref().map(|r| r.raw.as_str()),
            "permissions": self.op.permissions,
        })
    }
}

impl Requirement for Found<'_> {
    fn name(&self) -> &str {
        &self.key
    }
    fn classic(&self) -> &[&str] {
        &self.classic
    }
    fn granular(&self) -> &[&str] {
        &self.granular
    }
}

/// Every operation, in product and path order.
pub fn all(api: &Api) -> Vec<Found<'_>> {
    api.operations().map(|(product, surface, op)| Found::new(product, surface, op)).collect()
}

/// The operations an argument names: an operationId (both surfaces that share it),
/// `surface/operationId`, or `METHOD /path` with a template or a concrete path
/// (`GET /v2/users/abc/meetings`). A path matches the template with the most literal segments.
pub fn resolve<'a>(ops: &'a [Found<'a>], spec: &str) -> Result<Vec<&'a Found<'a>>, String> {
    let found: Vec<&Found> = if let Some((method, path)) = spec.trim().split_once(' ') {
        let method = method.to_ascii_uppercase();
        let path = request_path(path.trim());
        let fits: Vec<&Found> =
            ops.iter().filter(|f| f.op.method.as_str() == method && template_matches(&f.op.path, path)).collect();
        let most = fits.iter().map(|f| literal_segments(&f.op.path)).max();
        fits.into_iter().filter(|f| Some(literal_segments(&f.op.path)) == most).collect()
    } else if spec.contains('/') {
        ops.iter().filter(|f| f.key == spec).collect()
    } else {
        ops.iter().filter(|f| f.op.id == spec).collect()
    };
    if found.is_empty() {
        return Err(format!("no operation is `{spec}` (give an operationId, surface/operationId or `METHOD /path`)"));
    }
    Ok(found)
}

/// `scopes for`: each operation's alternatives by model and tier.
pub fn for_ops(found: &[&Found], as_json: bool) -> String {
    if as_json {
        return pretty(&Value::Array(found.iter().map(|f| f.json()).collect()));
    }
    found.iter().map(|f| generator::scopes::table::entry(f.op, &f.key)).collect::<Vec<_>>().join("\n")
}

pub fn least(found: &[&Found], tier: Tier, model: Model, as_json: bool) -> String {
    let plan = least_privilege(found, tier, model);
    if as_json {
        let uncovered: Vec<Value> = plan
            .uncovered
            .iter()
            .map(|u| json!({"operation": u.operation, "available": u.available.iter().map(|t| t.as_str()).collect::<Vec<_>>()}))
            .collect();
        return pretty(&json!({
            "tier": tier.as_str(),
            "model": model.as_str(),
            "scopes": plan.scopes,
            "uncovered": uncovered,
            "unscoped": plan.unscoped,
        }));
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} scopes for {} operations at {} tier:",
        plan.scopes.len(),
        model.as_str(),
        found.len(),
        tier.as_str()
    );
    for scope in &plan.scopes {
        let _ = writeln!(out, "  {scope}");
    }
    for u in &plan.uncovered {
        let tiers: Vec<&str> = u.available.iter().map(|t| t.as_str()).collect();
        let available = if tiers.is_empty() { "none".to_owned() } else { tiers.join(", ") };
        let _ = writeln!(
            out,
            "not covered: {} has no {} scope at {} tier (tiers listed: {available})",
            u.operation,
            model.as_str(),
            tier.as_str()
        );
    }
    for op in &plan.unscoped {
        let _ = writeln!(out, "no scope needed: {op} lists none");
    }
    out
}

/// `scopes migrate`: granular scopes replacing `classic` for `found` (every OAuth operation a
/// given classic scope grants, when no `--ops`).
pub fn migration(ops: &[Found], classic: &[String], found: Option<Vec<&Found>>, as_json: bool) -> String {
    let held: ScopeSet = classic.iter().collect();
    let found = found.unwrap_or_else(|| {
        ops.iter().filter(|f| f.product.auth == Auth::Oauth && f.classic.iter().any(|s| held.contains(s))).collect()
    });
    let m = migrate(&held, &found);
    if as_json {
        let unmapped: Vec<Value> = m
            .unmapped
            .iter()
            .map(|u| json!({"operation": u.operation, "tier": u.tier.as_str(), "granular": u.granular}))
            .collect();
        return pretty(&json!({
            "classic": classic,
            "operations": found.len(),
            "granular": m.granular,
            "not_granted": m.not_granted,
            "unmapped": unmapped,
            "unscoped": m.unscoped,
        }));
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} granular scopes replace {} for {} operations:",
        m.granular.len(),
        classic.join(" "),
        found.len()
    );
    for scope in &m.granular {
        let _ = writeln!(out, "  {scope}");
    }
    for op in &m.not_granted {
        let _ = writeln!(out, "not granted today: {op} (none of these classic scopes authorises it)");
    }
    for u in &m.unmapped {
        let listed = if u.granular.is_empty() { "none".to_owned() } else { u.granular.join(", ") };
        let _ = writeln!(
            out,
            "no granular equivalent: {} at {} tier (granular scopes listed: {listed})",
            u.operation,
            u.tier.as_str()
        );
    }
    out
}

/// `scopes report`: coverage per surface.
pub fn report(drift: &Drift, as_json: bool) -> String {
    let total = drift.total();
    if as_json {
        let row = |c: &generator::scopes::drift::Coverage| {
            json!({
                "operations": c.operations(),
                "granular": c.both + c.granular_only,
                "classic_only": c.classic_only,
                "none": c.none,
                "both": c.both,
                "granular_only": c.granular_only,
            })
        };
        let surfaces: serde_json::Map<String, Value> =
            drift.coverage.iter().map(|(s, c)| (s.clone(), row(c))).collect();
        return pretty(&json!({ "surfaces": surfaces, "total": row(&total) }));
    }
    let mut out = String::new();
    let _ = writeln!(out, "{:<26} {:>5} {:>9} {:>13} {:>5}", "surface", "ops", "granular", "classic only", "none");
    for (surface, c) in drift.coverage.iter().map(|(s, c)| (s.as_str(), c)).chain([("total", &total)]) {
        let ops = c.operations();
        let _ = writeln!(
            out,
            "{surface:<26} {ops:>5} {:>9} {:>13} {:>5}",
            c.both + c.granular_only,
            c.classic_only,
            c.none
        );
    }
    out
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use super::*;

    /// Zoom's documents lowered once for all tests (ZOOM_SPEC_DIR or ../shared/zoom-openapi).
    fn api() -> &'static (Api, Drift) {
        static DATA: OnceLock<(Api, Drift)> = OnceLock::new();
        DATA.get_or_init(|| {
            let ws = generator::pipeline::Workspace::of_this_build();
            let spec_dir = generator::load::resolve_spec_dir(None, &ws.root);
            let (api, _, drift) = generator::pipeline::scope_data(&ws, &spec_dir).expect("Zoom's documents load");
            (api, drift)
        })
    }

    fn json_of(text: &str) -> Value {
        serde_json::from_str(text).expect("valid JSON")
    }

    #[test]
    fn for_json_names_each_operation_with_its_scopes() {
        let ops = all(&api().0);
        let found = resolve(&ops, "GET /v2/users/abc/meetings").unwrap();
        let out = json_of(&for_ops(&found, true));
        let [entry] = out.as_array().unwrap().as_slice() else { panic!("one operation: {out}") };
        assert_eq!(entry["operation_id"], "meetings");
        assert_eq!(entry["method"], "GET");
        assert_eq!(entry["path"], "/users/{userId}/meetings");
        assert_eq!(entry["product"], "meetings");
        assert_eq!(entry["rate_limit"], "MEDIUM");
        let classic: Vec<&str> = entry["classic"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        assert!(classic.contains(&"meeting:read:admin") && classic.contains(&"meeting:read"), "{classic:?}");
        assert!(entry["granular"].as_array().unwrap().iter().any(|v| v == "meeting:read:list_meetings:admin"));
    }

    #[test]
    fn operations_are_named_by_id_key_or_request() {
        let ops = all(&api().0);
        let keys = |spec| resolve(&ops, spec).unwrap().iter().map(|f| f.key.clone()).collect::<Vec<_>>();
        assert_eq!(keys("meetingCreate"), ["meetings/meetingCreate", "meetings-master/meetingCreate"]);
        assert_eq!(keys("meetings-master/meetingCreate"), ["meetings-master/meetingCreate"]);
        assert_eq!(keys("get /v2/users/summary"), ["users/userSummary"]);
        assert_eq!(keys("GET /accounts/42/users/summary"), ["users-master/userSummary"]);
        assert!(resolve(&ops, "GET /no/such/path").err().is_some_and(|e| e.contains("no operation")));
    }

    #[test]
    fn least_and_migrate_for_a_webinar_app() {
        let ops = all(&api().0);
        let names = ["meetings/webinars", "meetings/webinarCreate", "meetings/webinarPanelistCreate"];
        let found: Vec<&Found> = names.iter().flat_map(|n| resolve(&ops, n).unwrap()).collect();
        let plan = json_of(&least(&found, Tier::Admin, Model::Granular, true));
        assert_eq!(
            plan["scopes"],
            json!(["webinar:read:list_webinars:admin", "webinar:write:panelist:admin", "webinar:write:webinar:admin"])
        );
        let classic = vec!["webinar:read:admin".to_owned(), "webinar:write:admin".to_owned()];
        let moved = json_of(&migration(&ops, &classic, Some(found), true));
        assert_eq!(moved["granular"], plan["scopes"]);
        assert_eq!(moved["not_granted"], json!([]));
    }

    #[test]
    fn migrate_without_ops_takes_every_operation_the_scope_grants() {
        let ops = all(&api().0);
        let moved = json_of(&migration(&ops, &["h323:master".to_owned()], None, true));
        // The master documents list no granular scope for H.323 devices: all unknown, none invented.
        assert_eq!(moved["granular"], json!([]));
        let unmapped = moved["unmapped"].as_array().unwrap();
        assert_eq!(unmapped.len() as u64, moved["operations"].as_u64().unwrap());
        assert!(unmapped.iter().all(|u| u["tier"] == "master" && u["granular"] == json!([])));
    }

    #[test]
    fn report_counts_every_operation() {
        let (api, drift) = api();
        let report = json_of(&report(drift, true));
        assert_eq!(report["total"]["operations"].as_u64(), Some(api.operations().count() as u64));
        let meetings = &report["surfaces"]["meetings"];
        let parts = ["granular", "classic_only", "none"].map(|k| meetings[k].as_u64().unwrap());
        assert_eq!(parts.iter().sum::<u64>(), meetings["operations"].as_u64().unwrap());
    }
}
