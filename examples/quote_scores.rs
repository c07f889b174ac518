//! Quote extraction and speaker scores without the encoder: the CPU stages only, scored
//! as `evaluate` scores them (spec matching). For iterating on the quote rules.
//!
//! Usage: `cargo run --release --example quote_scores -- GOLD.jsonl... [--errors]`
//! `--errors` prints every miss, false alarm and wrong speaker (the data's text: keep the
//! output out of the repository).

use std::collections::BTreeMap;

use standpoint::eval::matching::{match_spans, speaker_matches};
use standpoint::eval::{read_gold, LabelSpace};
use standpoint::ingest::Article;
use standpoint::pipeline::find_quotes;
use standpoint::span::CharOffsets;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show = args.iter().any(|a| a == "--errors");
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let labels = LabelSpace {
        stance: ["concessive", "neutral", "uncompromising"].map(String::from).to_vec(),
        sentiment: ["negative", "neutral", "positive"].map(String::from).to_vec(),
    };
    let gold = read_gold(&paths, &labels);
    let (mut n_gold, mut n_pred, mut n_match, mut n_exact, mut sp_ok, mut sp_n) = (0, 0, 0, 0, 0, 0);
    let mut kinds: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for g in &gold.articles {
        let a = find_quotes(Article::new(g.id.clone(), g.text.clone()));
        let off = CharOffsets::new(&g.text);
        let pred: Vec<_> = a.extraction.quotes.iter().map(|q| off.chars(q.span)).collect();
        let golds: Vec<_> = g.quotes.iter().map(|q| off.chars(q.span)).collect();
        let pairs = match_spans(&pred, &golds);
        n_gold += golds.len();
        n_pred += pred.len();
        n_match += pairs.len();
        n_exact += golds.iter().filter(|s| pred.contains(s)).count();
        let name = |p: usize| a.cast.speaker_of.get(p).copied().flatten().map(|id| a.cast.actors[id.0].name.clone()).unwrap_or_default();
        for (gi, gq) in g.quotes.iter().enumerate() {
            let e = kinds.entry(gq.kind.clone().unwrap_or_default()).or_default();
            e.0 += 1;
            match pairs.iter().find(|&&(_, x)| x == gi) {
                Some(&(p, _)) => {
                    e.1 += 1;
                    sp_n += 1;
                    let q = &a.extraction.quotes[p];
                    if speaker_matches(&name(p), &gq.speaker, &gq.speaker_mentions) {
                        sp_ok += 1;
                    } else if show {
                        println!("SPEAKER [{}] gold={:?} pred={:?} cue={:?}\n   {}", g.id, gq.speaker, name(p), q.cue.map(|c| c.slice(&g.text)), gq.span.slice(&g.text));
                    }
                    if show && q.span != gq.span {
                        println!("INEXACT [{}] {:?}\n   gold: {}\n   pred: {}", g.id, gq.kind, gq.span.slice(&g.text), q.span.slice(&g.text));
                    }
                }
                None if show => println!("MISS [{}] {:?} speaker={:?}\n   {}\n   ctx: {}", g.id, gq.kind, gq.speaker, gq.span.slice(&g.text), context(&g.text, gq.span)),
                None => {}
            }
        }
        for (p, q) in a.extraction.quotes.iter().enumerate() {
            if show && !pairs.iter().any(|&(x, _)| x == p) {
                println!("FALSE [{}] {:?} speaker={:?}\n   {}", g.id, q.kind, name(p), q.span.slice(&g.text));
            }
        }
    }
    let f = |m: usize, p: usize, g: usize| {
        let (pr, rc) = (m as f64 / p.max(1) as f64, m as f64 / g.max(1) as f64);
        (pr, rc, if pr + rc > 0.0 { 2.0 * pr * rc / (pr + rc) } else { 0.0 })
    };
    let (p, r, f1) = f(n_match, n_pred, n_gold);
    let (_, _, fe) = f(n_exact, n_pred, n_gold);
    let k: Vec<String> = kinds.iter().map(|(k, (n, m))| format!("{k} {:.2} ({m}/{n})", *m as f64 / (*n).max(1) as f64)).collect();
    println!("P {p:.3} R {r:.3} F1 {f1:.3} exact {fe:.3} | {} | speakers {:.3} ({sp_ok}/{sp_n})", k.join(" "), sp_ok as f64 / sp_n.max(1) as f64);
}

fn context(text: &str, span: standpoint::span::Span) -> String {
    let mut a = span.start.saturating_sub(200);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (span.end + 80).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    text[a..b].replace('\n', " ¶ ")
}
