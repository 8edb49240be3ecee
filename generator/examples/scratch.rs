use generator::*;
fn main() {
    let ws = pipeline::Workspace::of_this_build();
    let dir = load::resolve_spec_dir(None, &ws.root);
    let g = pipeline::generate(&ws, &dir, load::HashPolicy::Strict).unwrap();
    eprintln!("{:?}", g.timings);
    let mut rows = vec![];
    let t0 = std::time::Instant::now();
    for p in &g.api.products {
        let t = std::time::Instant::now();
        let api = ir::Api { products: vec![p.clone()] };
        let files = emit::emit(&api, &emit::Target::ZoomApi).unwrap();
        let bytes: usize = files.iter().map(|f| f.contents.len()).sum();
        rows.push((t.elapsed(), p.key.clone(), bytes));
    }
    eprintln!("sequential emit total {:?}", t0.elapsed());
    rows.sort(); rows.reverse();
    for r in rows.iter().take(8) { eprintln!("{:?} {} {}", r.0, r.1, r.2); }
}
