//! Fuzz the auto reader: any bytes must give articles or errors, never a panic.
#![no_main]
use khaldun_ingest::{read_bytes, Format, IngestOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = IngestOptions { format: Format::Auto, max_bytes: 1 << 20, ..Default::default() };
    for r in read_bytes(data, "fuzz-input", &opts) {
        if let Ok(a) = r {
            assert!(!a.id.is_empty());
        }
    }
});
