#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|session: edgelint_fuzz::lsp::Session| {
    edgelint_fuzz::lsp::session(&session);
});
