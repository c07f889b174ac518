//! Reading labelled articles (the labelled-data spec): every bad line is an error naming
//! the file, the line and the field; the good articles are kept.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::Error;
use crate::span::{CharOffsets, Span};

#[derive(Debug, Clone)]
pub struct GoldQuote {
    /// Byte span into the article text.
    pub span: Span,
    pub kind: Option<String>,
    pub speaker: String,
    pub speaker_mentions: Vec<String>,
    pub stance: Option<String>,
    pub sentiment: Option<String>,
    pub mixed: bool,
}

#[derive(Debug, Clone)]
pub struct GoldArticle {
    pub id: String,
    pub title: Option<String>,
    pub text: String,
    pub quotes: Vec<GoldQuote>,
    /// Gold actors' overall stance, from the file's `actors` or computed by the spec's rule.
    pub actor_stance: BTreeMap<String, String>,
    /// Where it came from, for error reports: `file:line`.
    pub origin: String,
}

impl GoldArticle {
    /// The article as the pipeline reads it: id, title and text.
    pub fn article(&self) -> crate::ingest::Article {
        let mut a = crate::ingest::Article::new(self.id.clone(), self.text.clone());
        a.title = self.title.clone();
        a
    }
}

/// What a set of gold files gave: articles and one error per bad line.
#[derive(Debug, Default)]
pub struct GoldSet {
    pub articles: Vec<GoldArticle>,
    pub errors: Vec<Error>,
    /// Whether any quote carries each label (then every quote must).
    pub has_stance: bool,
    pub has_sentiment: bool,
}

#[derive(Deserialize)]
struct RawArticle {
    id: Option<serde_json::Value>,
    title: Option<String>,
    text: Option<String>,
    quotes: Option<Vec<RawQuote>>,
    #[serde(default)]
    actors: BTreeMap<String, RawActor>,
}

#[derive(Deserialize)]
struct RawQuote {
    quote: Option<String>,
    start: Option<usize>,
    end: Option<usize>,
    kind: Option<String>,
    speaker: Option<String>,
    #[serde(default)]
    speaker_mentions: Vec<String>,
    stance: Option<String>,
    sentiment: Option<String>,
    #[serde(default)]
    mixed: Option<bool>,
}

#[derive(Deserialize)]
struct RawActor {
    overall_stance: Option<String>,
}

/// The labels a gold file may use.
#[derive(Debug, Clone)]
pub struct LabelSpace {
    pub stance: Vec<String>,
    pub sentiment: Vec<String>,
}

pub const KINDS: &[&str] = &["direct", "indirect", "mixed"];

/// Reads gold files. `labels` are the label names the pipeline predicts.
pub fn read_gold(paths: &[impl AsRef<Path>], labels: &LabelSpace) -> GoldSet {
    let mut set = GoldSet::default();
    for path in paths {
        let path = path.as_ref();
        let content = match std::fs::read_to_string(path) {
            Ok(c) => c,
            Err(e) => {
                set.errors.push(Error::io(path, e));
                continue;
            }
        };
        // First pass: which labels does this file evaluate?
        let raws: Vec<(usize, std::result::Result<RawArticle, serde_json::Error>)> = content
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| (i + 1, serde_json::from_str::<RawArticle>(l)))
            .collect();
        let any = |f: &dyn Fn(&RawQuote) -> bool| {
            raws.iter().any(|(_, r)| r.as_ref().ok().and_then(|a| a.quotes.as_ref()).is_some_and(|qs| qs.iter().any(f)))
        };
        let has_stance = any(&|q| q.stance.is_some());
        let has_sentiment = any(&|q| q.sentiment.is_some());
        set.has_stance |= has_stance;
        set.has_sentiment |= has_sentiment;
        for (line, raw) in raws {
            let bad = |message: String| Error::BadLine { path: path.to_path_buf(), line, message };
            let result = raw
                .map_err(|e| bad(format!("malformed JSON: {e}")))
                .and_then(|raw| convert(raw, labels, has_stance, has_sentiment).map_err(bad));
            match result {
                Ok(mut a) => {
                    a.origin = format!("{}:{}", path.display(), line);
                    set.articles.push(a);
                }
                Err(e) => set.errors.push(e),
            }
        }
    }
    set
}

fn convert(raw: RawArticle, labels: &LabelSpace, has_stance: bool, has_sentiment: bool) -> std::result::Result<GoldArticle, String> {
    let id = match raw.id {
        Some(serde_json::Value::String(s)) if !s.is_empty() => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => return Err("missing field `id`".into()),
    };
    let text = raw.text.ok_or_else(|| format!("article `{id}`: missing field `text`"))?;
    let raw_quotes = raw.quotes.ok_or_else(|| format!("article `{id}`: missing field `quotes`"))?;
    let offsets = CharOffsets::new(&text);
    let mut quotes = Vec::with_capacity(raw_quotes.len());
    for (n, q) in raw_quotes.into_iter().enumerate() {
        let at = |field: &str, msg: &str| format!("article `{id}`, quote {n}: field `{field}`: {msg}");
        let quote = q.quote.ok_or_else(|| at("quote", "missing"))?;
        let speaker = q.speaker.ok_or_else(|| at("speaker", "missing"))?;
        let span = match (q.start, q.end) {
            (Some(s), Some(e)) => {
                let span = offsets
                    .span_of_chars(s, e)
                    .ok_or_else(|| at("start", &format!("offsets {s}..{e} lie outside the text ({} code points)", offsets.n_chars())))?;
                if span.slice(&text) != quote {
                    return Err(at("quote", &format!("text[{s}..{e}] is {:?}, not the quote", span.slice(&text))));
                }
                span
            }
            _ => {
                let b = text.find(&quote).ok_or_else(|| at("quote", "not a substring of the text"))?;
                Span::new(b, b + quote.len())
            }
        };
        if quote.trim().is_empty() {
            return Err(at("quote", "empty"));
        }
        if let Some(k) = &q.kind {
            if !KINDS.contains(&k.as_str()) {
                return Err(at("kind", &format!("unknown kind {k:?} (expected direct, indirect or mixed)")));
            }
        }
        let check = |field: &str, value: &Option<String>, allowed: &[String], required: bool| -> std::result::Result<(), String> {
            match value {
                None if required => Err(at(field, "missing (other quotes in this file are labelled)")),
                Some(v) if !allowed.contains(v) => Err(at(field, &format!("unknown label {v:?} (expected one of {})", allowed.join(", ")))),
                _ => Ok(()),
            }
        };
        check("stance", &q.stance, &labels.stance, has_stance)?;
        check("sentiment", &q.sentiment, &labels.sentiment, has_sentiment)?;
        quotes.push(GoldQuote {
            span,
            kind: q.kind,
            speaker,
            speaker_mentions: q.speaker_mentions,
            stance: q.stance,
            sentiment: q.sentiment,
            mixed: q.mixed.unwrap_or(false),
        });
    }
    let mut actor_stance: BTreeMap<String, String> = BTreeMap::new();
    if has_stance {
        for speaker in quotes.iter().map(|q| q.speaker.clone()).collect::<std::collections::BTreeSet<_>>() {
            let given = raw.actors.get(&speaker).and_then(|a| a.overall_stance.clone());
            let own: Vec<&GoldQuote> = quotes.iter().filter(|q| q.speaker == speaker).collect();
            let computed = overall_from(own.iter().map(|q| (q.stance.as_deref().unwrap_or(""), q.mixed)));
            if let Some(s) = given.or(computed) {
                actor_stance.insert(speaker, s);
            }
        }
    }
    Ok(GoldArticle { id, title: raw.title, text, quotes, actor_stance, origin: String::new() })
}

/// The spec's actor rule over (stance, mixed flag) pairs; `None` for label sets without
/// concessive and uncompromising.
pub fn overall_from<'a>(quotes: impl Iterator<Item = (&'a str, bool)>) -> Option<String> {
    let (mut c, mut u, mut m) = (false, false, false);
    for (s, mixed) in quotes {
        c |= s == "concessive";
        u |= s == "uncompromising";
        m |= mixed;
    }
    Some(
        if (c && u) || m {
            "mixed"
        } else if c {
            "concessive"
        } else if u {
            "uncompromising"
        } else {
            "neutral"
        }
        .to_string(),
    )
}
