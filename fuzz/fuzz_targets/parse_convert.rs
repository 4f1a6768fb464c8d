//! Any bytes through parse + model + convert + emit: errors are fine, panics are bugs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).to_string();
    let file = cfn2tf::source::SourceFile::new("fuzz.yaml", text);
    let _ = cfn2tf::cfn_to_tf(&file);
});
