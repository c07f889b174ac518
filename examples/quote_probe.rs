//! Prints the quotes, kinds, cues and resolved speakers the CPU stages find in each
//! paragraph-separated text on stdin (texts are separated by a line `---`).
//!
//! Usage: `cargo run --release --example quote_probe < texts.txt`

use std::io::Read;

use standpoint::ingest::Article;
use standpoint::pipeline::find_quotes;

fn main() -> anyhow::Result<()> {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    for (n, text) in input.split("\n---\n").enumerate() {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        println!("## {}", text.replace('\n', " ¶ "));
        let a = find_quotes(Article::new(format!("t{n}"), text.to_string()));
        for (p, q) in a.extraction.quotes.iter().enumerate() {
            let who = a.cast.speaker_of.get(p).copied().flatten().map(|id| a.cast.actors[id.0].name.clone()).unwrap_or_default();
            let mention = match q.attribution {
                standpoint::quotes::Attribution::Mention(m) => m.slice(text).to_string(),
                other => format!("{other:?}"),
            };
            println!("   {:<8} [{}] cue={:?} mention={:?} by {:?}", q.kind.as_str(), q.span.slice(text), q.cue.map(|c| c.slice(text)), mention, who);
        }
    }
    Ok(())
}
