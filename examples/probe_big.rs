fn main() {
    use std::time::Instant;
    let path = std::env::args().nth(1).unwrap();
    eprintln!(
        "sizes: Value {} Slot {} Node {} Object {}",
        std::mem::size_of::<edgelint::model::Value>(),
        std::mem::size_of::<edgelint::model::Slot>(),
        std::mem::size_of::<edgelint::document::Node>(),
        std::mem::size_of::<edgelint::model::Object>()
    );
    let limits = edgelint::document::Limits::default();
    let t = Instant::now();
    let file = edgelint::lint::read_file(std::path::Path::new(&path), &limits).unwrap();
    eprintln!("read {:?}", t.elapsed());
    let t = Instant::now();
    let doc = edgelint::lint::parse_document(&file, &limits).unwrap();
    eprintln!("parse {:?} nodes {}", t.elapsed(), doc.count());
    if std::env::var_os("PARSE_ONLY").is_some() {
        return;
    }
    let t = Instant::now();
    let s = edgelint::frontend::cloudformation::load(
        edgelint::source::FileId(0),
        &doc,
        &Default::default(),
    )
    .unwrap();
    eprintln!("frontend {:?} objects {}", t.elapsed(), s[0].model.len());
    let mut m = s.into_iter().next().unwrap().model;
    let t = Instant::now();
    edgelint::model::derive::derive(&mut m);
    eprintln!("derive {:?}", t.elapsed());
}
