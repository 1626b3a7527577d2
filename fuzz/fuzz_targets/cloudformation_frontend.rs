#![no_main]

use libfuzzer_sys::fuzz_target;

use edgelint_fuzz::{checks, template};

fuzz_target!(|data: &[u8]| {
    let Some(t) = template::from_bytes(data) else {
        return;
    };
    let (text, doc) = template::render(&t);
    // the tree as built, through the front-end and the rules
    checks::cloudformation_tree("template.yaml", &text, &doc);
    // and the same template read back from its text
    checks::cloudformation_text("template.yaml", &text);
});
