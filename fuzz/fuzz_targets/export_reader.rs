#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    edgelint_fuzz::checks::export_reader(data);
});
