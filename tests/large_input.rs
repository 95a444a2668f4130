//! A 200 MB file on one line: it is analysed, and the process's peak memory stays within a small
//! multiple of the file size (6x without the whole-document analyzer `repetition`, 11x with it).
//! Alone in its test binary so that no other child process is measured.
#![allow(clippy::print_stderr)] // tests report their measured figures

mod common;
use common::{documents, rhetor_in, scratch, stderr};

fn peak_rss_of_children_bytes() -> u64 {
    // getrusage fills the struct it is given; a zeroed rusage is a valid value to start from.
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    #[allow(unsafe_code)]
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr());
        usage.assume_init()
    };
    usage.ru_maxrss as u64 * 1024
}

#[test]
fn a_200_mb_file_on_one_line() {
    let dir = scratch("large");
    let sentence = "The Party must lead the people to victory in the struggle for socialism. ";
    let size = 200 << 20;
    let text = sentence.repeat(size / sentence.len() + 1);
    std::fs::write(dir.join("big.txt"), &text).expect("write");
    drop(text);
    let o = rhetor_in(&dir, &["analyze", "--quiet", "--config", "none.toml", "big.txt"]);
    // No such config: exit 2, and nothing analysed.
    assert_eq!(o.status.code(), Some(2));
    // Ingest and the analyzers that work sentence by sentence: the document model (16 bytes a
    // token plus the text) and little more.
    let o = rhetor_in(&dir, &["analyze", "--quiet", "--analyzers", "text-stats,rhetoric", "big.txt"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let counts = &documents(&v)[0];
    assert_eq!(counts["paragraphs"], 1);
    assert!(counts["tokens"].as_u64().expect("tokens") > 30_000_000);
    let peak = peak_rss_of_children_bytes();
    eprintln!("peak RSS {} MB for a {} MB file (text-stats, rhetoric)", peak >> 20, size >> 20);
    assert!(peak < 6 * size as u64, "peak RSS {} MB is over 6x the file size", peak >> 20);
    // The default run adds `repetition`, whose repeats and diversity measures hold arrays over the
    // whole document (about 24 bytes a word at their peak; 38 million words here): memory
    // O(largest document), as its issue allows. (The children's peak is the larger of the runs.)
    let o = rhetor_in(&dir, &["analyze", "--quiet", "big.txt"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let peak = peak_rss_of_children_bytes();
    eprintln!("peak RSS {} MB for a {} MB file (default run)", peak >> 20, size >> 20);
    assert!(peak < 11 * size as u64, "peak RSS {} MB is over 11x the file size", peak >> 20);
}
