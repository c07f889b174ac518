//! A time-boxed random fuzzer for the CPU stages (segment → quotes → actors): it builds
//! random texts from quote marks, cue verbs, names, pronouns, punctuation and arbitrary
//! Unicode, runs the stages, checks the span invariants, and stops at the first panic or
//! broken invariant.
//!
//! cargo run --release --example fuzz_quotes -- SECONDS [SEED]

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use standpoint::ingest::Article;
use standpoint::pipeline::find_quotes;

const PIECES: &[&str] = &[
    "“", "”", "\"", "‘", "’", "'", "«", "»", ",", ".", ":", "—", "-", "\n", "\n\n", " ", " ", " ",
    "said", "told", "says", "according to", "ruled out", "added", "warned", "that", "he", "she",
    "they", "it", "Ryabkov", "Sergei Ryabkov", "Mr.", "Dr", "the union", "US officials", "who",
    "while", ", said", "rejected", "offered", "saying", "and", "We will not", "é", "ß", "😀", "\t",
    "\u{200b}", "\u{feff}", "(", ")", "[", "]", "U.S.", "?", "!", "…", "the", "a", "Nato’s",
    "al-Hadi", "bin", "(SAF)", "SAF", "with", "calling", "accusing", "Mrs", "May", "Sept.", "17",
    "of", "Department", "Union", "whose", "to the crowd", "doctors’ leaders", ";", "economists",
    "Hey", "Take", "What", "I", "I mean", "Let me", "With a flag in her hand", "In", "but", "Her",
    "them", "in September 2010", "briefed", "And", "WHO", "``",
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let secs: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(10);
    let mut state: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < Duration::from_secs(secs) {
        let len = (next() % 120) as usize;
        let mut text = String::new();
        for _ in 0..len {
            if next() % 5 == 0 {
                // An arbitrary scalar value.
                if let Some(c) = char::from_u32((next() % 0x11_0000) as u32) {
                    text.push(c);
                }
            } else {
                text.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
            }
        }
        let t = text.clone();
        let result = catch_unwind(AssertUnwindSafe(|| {
            let a = find_quotes(Article::new("fuzz", t.clone()));
            let mut last = 0;
            for q in &a.extraction.quotes {
                assert!(q.span.start >= last && q.span.start < q.span.end && q.span.end <= t.len(), "bad span");
                assert!(t.is_char_boundary(q.span.start) && t.is_char_boundary(q.span.end), "not on a char boundary");
                last = q.span.end;
            }
            assert_eq!(a.cast.speaker_of.len(), a.extraction.quotes.len());
        }));
        n += 1;
        if result.is_err() {
            eprintln!("FAILED after {n} inputs on: {text:?}");
            std::process::exit(1);
        }
    }
    println!("fuzz_quotes: {n} inputs in {secs}s, no panic, all span invariants held");
}
