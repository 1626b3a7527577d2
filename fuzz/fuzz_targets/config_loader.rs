#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    edgelint_fuzz::checks::config_loader(text);
});
