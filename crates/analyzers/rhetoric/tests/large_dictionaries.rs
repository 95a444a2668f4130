//! Dictionaries of hundreds of thousands of entries read in time proportional to their size: the
//! duplicate checks of the TOML reader and of the importers were a search entry by entry (a
//! 200,000-entry file took tens of minutes; a run with it never ended). The check is the result, on
//! a file whose one duplicate is its last entry.

use rhetor_engine::ConfigFile;
use rhetor_rhetoric::Dictionary;
use rhetor_rhetoric::{DictionaryFormat as Format, import};

const N: usize = 200_000;

fn words() -> Vec<String> {
    (0..N).map(|i| format!("w{i:06}x")).collect()
}

#[test]
fn a_200k_entry_dictionary_finds_its_one_duplicate() {
    let mut entries: Vec<String> = words().iter().map(|w| format!("{w:?}")).collect();
    entries.push("\"w000007x\"".into());
    let toml = format!("[dictionary]\nname = \"big\"\n[[category]]\nid = \"c\"\nentries = [{}]\n", entries.join(", "));
    let e = Dictionary::parse(&ConfigFile::new("big.toml", toml)).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(e.contains(&format!("entries[{N}]")) && e.contains("first as entries[7]"), "{e}");
}

#[test]
fn a_200k_entry_liwc_file_imports_each_entry_once() {
    let mut dic = String::from("%\n1\tc\n2\td\n%\n");
    for w in words() {
        dic.push_str(&format!("{w}\t1\t2\n{w}\t1\n"));
    }
    let imported = import(&dic, Format::Liwc).unwrap_or_default();
    let sizes: Vec<usize> = imported.categories.iter().map(|(_, e)| e.len()).collect();
    assert_eq!(sizes, [N, N], "every entry once per category, repeats dropped");
}
