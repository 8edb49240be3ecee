//! Any bytes as one of Zoom's REST documents: read, normalised, parsed, lowered and emitted.
//! Any error is fine; a panic, an abort, a hang or unbounded memory is the failure.
#![no_main]

use std::sync::LazyLock;

use generator::lock::NamesLock;
use generator::manifest::{Auth, DocumentEntry, Variant};
use generator::normalise::RepairSet;
use generator::pipeline::Inputs;
use libfuzzer_sys::fuzz_target;

/// The project's own repairs, as regen applies them.
static REPAIRS: LazyLock<RepairSet> = LazyLock::new(|| {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec/repairs.toml");
    RepairSet::load(std::path::Path::new(path)).expect("spec/repairs.toml")
});

fuzz_target!(|data: &[u8]| {
    let Ok(document) = generator::load::parse_json("fuzz.json", data) else { return };
    let entry = DocumentEntry {
        product: "fuzz".into(),
        variant: Variant::Rest,
        file: "fuzz.json".into(),
        url: String::new(),
        sha256: "0".repeat(64),
        auth: Auth::Oauth,
    };
    let (renames, lock, overrides) = (Default::default(), NamesLock::default(), Default::default());
    let inputs = Inputs { repairs: &REPAIRS, renames: &renames, lock: &lock, overrides: &overrides };
    if let Ok((api, _, _)) = generator::pipeline::build_api(vec![(entry, "0".repeat(64), document)], &inputs) {
        let _ = generator::emit::emit(&api, &generator::emit::Target::Standalone);
    }
});
