//! Fuzz target `ingest_text`: the input as a `.txt` file ingested under every cleaning profile
//! (auto, none, transcript, print, web) with `lossy = true`, once more without `lossy` (decode
//! errors), and as a `.md` file (front matter, Markdown headings). Ok or Err, never a panic; every
//! document built holds the document model's invariants ([`rhetor_fuzz::check_document`]).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rhetor_ingest::{IngestError, IngestOptions, Ingested, Profile, ingest};

const PROFILES: [Profile; 5] = [Profile::Auto, Profile::None, Profile::Transcript, Profile::Print, Profile::Web];

fuzz_target!(|data: &[u8]| {
    let txt = rhetor_fuzz::write_scratch("x.txt", data);
    for profile in PROFILES {
        let options = IngestOptions { profile, lossy: true, ..IngestOptions::default() };
        check(ingest(std::slice::from_ref(&txt), &options));
    }
    let strict = IngestOptions { profile: Profile::None, lossy: false, ..IngestOptions::default() };
    check(ingest(std::slice::from_ref(&txt), &strict));
    let md = rhetor_fuzz::write_scratch("x.md", data);
    let options = IngestOptions { lossy: true, ..IngestOptions::default() };
    check(ingest(&[md], &options));
});

fn check(got: Result<Ingested, IngestError>) {
    if let Ok(ingested) = got {
        for doc in &ingested.corpus.documents {
            rhetor_fuzz::check_document(doc);
        }
    }
}
