#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|tree: edgelint_fuzz::terraform::Tree| {
    edgelint_fuzz::terraform::terraform_tree(&tree);
});
