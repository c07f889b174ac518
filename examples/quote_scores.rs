//! Quote extraction and speaker scores without the encoder, for iterating on the quote
//! rules: `eval::evaluate_quotes` (the scoring of `standpoint evaluate --quotes-only`),
//! printed on one line per gold file, with every error on stdout when asked.
//!
//! Usage: `cargo run --release --example quote_scores -- GOLD.jsonl... [--errors]`
//! `--errors` prints every miss, false alarm, inexact span and wrong speaker (the data's
//! text: keep the output out of the repository).

use standpoint::eval::{evaluate_quotes, read_gold, ErrorItem, LabelSpace};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show = args.iter().any(|a| a == "--errors");
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let labels = LabelSpace {
        stance: ["concessive", "neutral", "uncompromising"].map(String::from).to_vec(),
        sentiment: ["negative", "neutral", "positive"].map(String::from).to_vec(),
    };
    let gold = read_gold(&paths, &labels);
    for e in &gold.errors {
        eprintln!("error: {e}");
    }
    let (r, log) = evaluate_quotes(&gold);
    if show {
        let print = |tag: &str, items: &[ErrorItem]| {
            for it in items {
                println!("{tag} [{}] {:?} gold={:?} pred={:?} {}\n   {}", it.article_id, it.kind, it.gold, it.predicted, it.note.as_deref().unwrap_or(""), it.text);
                if tag == "MISS" {
                    println!("   ctx: {}", it.context.replace('\n', " ¶ "));
                }
            }
        };
        print("SPEAKER", &log.wrong_speakers);
        print("INEXACT", &log.inexact_quotes);
        print("MISS", &log.missed_quotes);
        print("FALSE", &log.false_alarms);
    }
    let q = &r.quotes;
    let kinds: Vec<String> = q.by_kind.iter().map(|(k, v)| format!("{k} {:.2} ({}/{})", v.recall, v.n_found, v.n_gold)).collect();
    println!(
        "P {:.3} R {:.3} F1 {:.3} exact {:.3} | {} | speakers {:.3} ({}/{})",
        q.precision,
        q.recall,
        q.f1,
        q.exact_f1,
        kinds.join(" "),
        r.speakers.accuracy,
        r.speakers.correct,
        r.speakers.n
    );
}
