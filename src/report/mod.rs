//! Writers: `quotes.jsonl` (one line per quote), `actors.json` (per-actor summaries per
//! article and corpus-wide), `report.md` (for people) and the terminal summary table.
//! Only this module and `cli` choose output formats. Offsets in every output are Unicode
//! code points into the article text, as in the labelled-data spec.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::aggregate::{self, Summary};
use crate::classify::Prediction;
use crate::error::{Error, Result};
use crate::pipeline::ArticleAnalysis;
use crate::quotes::Attribution;
use crate::span::CharOffsets;

/// One line of `quotes.jsonl`.
#[derive(Debug, Serialize)]
pub struct QuoteRecord<'a> {
    pub article_id: &'a str,
    pub quote_idx: usize,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub kind: &'static str,
    pub cue: Option<&'a str>,
    pub speaker: Option<&'a str>,
    pub speaker_mention: Option<&'a str>,
    pub speaker_kind: Option<crate::actors::ActorKind>,
    pub speaker_inherited: bool,
    pub stance: &'a Prediction,
    pub sentiment: &'a Prediction,
}

pub fn quote_records(a: &ArticleAnalysis) -> Vec<QuoteRecord<'_>> {
    let text = &a.article.text;
    let offsets = CharOffsets::new(text);
    a.extraction
        .quotes
        .iter()
        .zip(&a.judgments)
        .enumerate()
        .map(|(i, (q, j))| {
            let (start, end) = offsets.chars(q.span);
            let speaker = a.cast.speaker_of.get(i).copied().flatten().map(|id| &a.cast.actors[id.0]);
            QuoteRecord {
                article_id: &a.article.id,
                quote_idx: i,
                start,
                end,
                text: q.span.slice(text),
                kind: q.kind.as_str(),
                cue: q.cue.map(|c| c.slice(text)),
                speaker: speaker.map(|s| s.name.as_str()),
                speaker_mention: match q.attribution {
                    Attribution::Mention(m) => Some(m.slice(text)),
                    Attribution::Unknown | Attribution::Unnamed => None,
                },
                speaker_kind: speaker.map(|s| s.kind),
                speaker_inherited: q.inherited,
                stance: &j.stance,
                sentiment: &j.sentiment,
            }
        })
        .collect()
}

#[derive(Debug, Serialize)]
struct ArticleActors {
    id: String,
    title: Option<String>,
    n_quotes: usize,
    actors: Vec<Summary>,
}

#[derive(Debug, Serialize)]
struct ActorsFile<'a> {
    articles: &'a [ArticleActors],
    corpus: &'a [Summary],
}

/// The three output files, written into `dir`.
pub struct Outputs {
    pub corpus: Vec<Summary>,
    pub n_articles: usize,
    pub n_quotes: usize,
}

/// Writes the outputs of a corpus analysed in chunks: quote lines go to disk as each
/// chunk arrives; per-article summaries and the corpus tally are kept (a few hundred
/// bytes per actor), the analysed articles are not. `actors.json` and `report.md` are
/// written by [`CorpusWriter::finish`].
pub struct CorpusWriter {
    dir: std::path::PathBuf,
    quotes: std::io::BufWriter<std::fs::File>,
    articles: Vec<ArticleActors>,
    /// report.md's per-article sections, in input order.
    sections: String,
    tally: aggregate::CorpusTally,
    n_quotes: usize,
}

impl CorpusWriter {
    pub fn create(dir: &Path) -> Result<CorpusWriter> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        Ok(CorpusWriter {
            dir: dir.to_path_buf(),
            quotes: create(&dir.join("quotes.jsonl"))?,
            articles: Vec::new(),
            sections: String::new(),
            tally: aggregate::CorpusTally::default(),
            n_quotes: 0,
        })
    }

    /// Writes one chunk's quotes and keeps its summaries.
    pub fn add(&mut self, analyses: &[ArticleAnalysis]) -> Result<()> {
        let path = self.dir.join("quotes.jsonl");
        for a in analyses {
            for r in quote_records(a) {
                let line = serde_json::to_string(&r).map_err(|e| Error::Json { what: path.display().to_string(), source: e })?;
                writeln!(self.quotes, "{line}").map_err(|e| Error::io(&path, e))?;
            }
            let actors = aggregate::per_article(a);
            self.sections += &article_section(a, &actors);
            self.articles.push(ArticleActors {
                id: a.article.id.clone(),
                title: a.article.title.clone(),
                n_quotes: a.extraction.quotes.len(),
                actors,
            });
            self.tally.add(a);
            self.n_quotes += a.extraction.quotes.len();
        }
        Ok(())
    }

    /// Writes `actors.json` and `report.md`.
    pub fn finish(mut self) -> Result<Outputs> {
        let path = self.dir.join("quotes.jsonl");
        self.quotes.flush().map_err(|e| Error::io(&path, e))?;
        let corpus = self.tally.finish();
        let path = self.dir.join("actors.json");
        let file = ActorsFile { articles: &self.articles, corpus: &corpus };
        let json = serde_json::to_string_pretty(&file).map_err(|e| Error::Json { what: path.display().to_string(), source: e })?;
        std::fs::write(&path, json + "\n").map_err(|e| Error::io(&path, e))?;
        let path = self.dir.join("report.md");
        let md = corpus_section(self.articles.len(), self.n_quotes, &corpus) + &self.sections;
        std::fs::write(&path, md).map_err(|e| Error::io(&path, e))?;
        Ok(Outputs { corpus, n_articles: self.articles.len(), n_quotes: self.n_quotes })
    }
}

fn create(path: &Path) -> Result<std::io::BufWriter<std::fs::File>> {
    Ok(std::io::BufWriter::new(std::fs::File::create(path).map_err(|e| Error::io(path, e))?))
}

fn stance_of(s: &Summary) -> &str {
    s.overall_stance.as_deref().unwrap_or(&s.dominant_stance)
}

fn distribution(s: &Summary) -> String {
    s.stance_counts.iter().map(|(l, n)| format!("{l} {n}")).collect::<Vec<_>>().join(", ")
}

/// The head of the per-speaker report: corpus counts and the corpus table.
fn corpus_section(n_articles: usize, n_quotes: usize, corpus: &[Summary]) -> String {
    let mut md = String::from("# standpoint report\n\n");
    md += &format!("{n_articles} articles, {n_quotes} quotes, {} actors across the corpus.\n\n", corpus.len());
    md += "## Corpus\n\n| actor | kind | quotes | stance | distribution | sentiment |\n|---|---|---|---|---|---|\n";
    for s in corpus {
        md += &format!("| {} | {:?} | {} | {} | {} | {:+.2} |\n", s.actor, s.kind, s.n_quotes, stance_of(s), distribution(s), s.mean_sentiment);
    }
    md
}

/// One article's part of the per-speaker report.
fn article_section(a: &ArticleAnalysis, summaries: &[Summary]) -> String {
    let mut md = format!("\n## {}\n\n", a.article.title.as_deref().unwrap_or(&a.article.id));
    md += &format!("Article `{}`: {} quotes.\n", a.article.id, a.extraction.quotes.len());
    let n_unattributed = a.cast.speaker_of.iter().filter(|s| s.is_none()).count();
    if n_unattributed > 0 {
        md += &format!("{n_unattributed} quotes have no speaker.\n");
    }
    for s in summaries {
        md += &format!(
            "\n### {} ({}): {}\n\n{} quotes ({}); mean sentiment {:+.2}.\n\n",
            s.actor,
            format!("{:?}", s.kind).to_lowercase(),
            stance_of(s),
            s.n_quotes,
            distribution(s),
            s.mean_sentiment
        );
        for e in &s.evidence {
            md += &format!("- “{}” ({} {:.2})\n", e.text.replace('\n', " "), e.stance, e.confidence);
        }
    }
    md
}

/// The short table printed after `analyze`.
pub fn terminal_summary(corpus: &[Summary], max_rows: usize) -> String {
    let mut out = format!("{:<32} {:>6}  {:<15} {:>9}\n", "actor", "quotes", "stance", "sentiment");
    for s in corpus.iter().take(max_rows) {
        let name: String = s.actor.chars().take(32).collect();
        out += &format!("{:<32} {:>6}  {:<15} {:>+9.2}\n", name, s.n_quotes, stance_of(s), s.mean_sentiment);
    }
    if corpus.len() > max_rows {
        out += &format!("… and {} more actors (see actors.json)\n", corpus.len() - max_rows);
    }
    out
}
