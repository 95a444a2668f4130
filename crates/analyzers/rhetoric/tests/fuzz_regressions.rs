//! The inputs the `dictionary` fuzz target found (`fuzz/regressions/dictionary/`, each kept): the
//! first byte picks the format as the target does (byte % 6: rhetor TOML, then LIWC `.dic`, LIWC-22
//! `.dicx`, Lexicoder `.lc3`, quanteda YAML, WordStat `.cat`). Each must import or fail cleanly, and
//! the TOML `rhetor dict convert` writes for it must read back as a dictionary.

use rhetor_engine::ConfigFile;
use rhetor_rhetoric::Dictionary;
use rhetor_rhetoric::{DictionaryFormat as Format, import};
use std::path::Path;

const FORMATS: [Format; 5] = [Format::Liwc, Format::Liwc22, Format::Lexicoder, Format::Yaml, Format::WordStat];

#[test]
fn every_kept_fuzz_input_imports_into_toml_that_reads_back() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../fuzz/regressions/dictionary");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("fuzz/regressions/dictionary") {
        let path = entry.expect("entry").path();
        let data = std::fs::read(&path).expect("read");
        let Some((&selector, body)) = data.split_first() else { continue };
        let text = String::from_utf8_lossy(body);
        seen += 1;
        match usize::from(selector % 6) {
            0 => drop(Dictionary::parse(&ConfigFile::new("d.toml", text.as_ref()))),
            k => {
                let Ok(imported) = import(&text, FORMATS[k - 1]) else { continue };
                let toml = imported.to_toml("fuzzed");
                let read = Dictionary::parse(&ConfigFile::new("imported.toml", toml.clone()));
                assert!(read.is_ok(), "{}: {:?}\n{toml}", path.display(), read.err().map(|e| e.to_string()));
            }
        }
    }
    assert!(seen >= 2, "the kept inputs are read");
}
