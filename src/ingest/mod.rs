//! Reading corpora: `.txt`/`.md` files (one article each), `.jsonl` files (one article a
//! line), folders (recursively, in sorted order) and `-` for standard input.
//!
//! Output: the articles in input order, plus one [`Error`] per file or line that could not
//! be read. A bad input never stops the others. Article text is kept exactly as read (no
//! normalisation), so that every offset the pipeline reports indexes the user's own text.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// One article as read from disk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub text: String,
}

impl Article {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Article {
        Article {
            id: id.into(),
            title: None,
            date: None,
            source: None,
            url: None,
            text: text.into(),
        }
    }
}

/// What reading a set of inputs gave: the good articles and the errors, each in order.
#[derive(Debug, Default)]
pub struct Corpus {
    pub articles: Vec<Article>,
    pub errors: Vec<Error>,
}

/// Reads every path (files, folders or `-`) into one corpus.
pub fn read_inputs(paths: &[PathBuf]) -> Corpus {
    let mut corpus = Corpus::default();
    for path in paths {
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            match std::io::stdin().read_to_end(&mut bytes) {
                Ok(_) => read_bytes(Path::new("<stdin>"), &bytes, Format::Sniff, &mut corpus),
                Err(e) => corpus.errors.push(Error::io("<stdin>", e)),
            }
        } else if path.is_dir() {
            match files_under(path) {
                Ok(files) => {
                    for file in files {
                        read_file(&file, &mut corpus);
                    }
                }
                Err(e) => corpus.errors.push(e),
            }
        } else {
            read_file(path, &mut corpus);
        }
    }
    dedupe_ids(&mut corpus.articles);
    corpus
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Format {
    Text,
    Jsonl,
    Sniff,
}

fn format_of(path: &Path) -> Option<Format> {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase) {
        Some(ext) if ext == "txt" || ext == "md" || ext == "markdown" => Some(Format::Text),
        Some(ext) if ext == "jsonl" || ext == "ndjson" => Some(Format::Jsonl),
        _ => None,
    }
}

/// Article files below a folder, sorted by path so runs are reproducible. README files are
/// documentation, not articles.
fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| Error::io(&d, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&d, e))?;
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if format_of(&path).is_some() && !is_readme(&path) {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn is_readme(path: &Path) -> bool {
    path.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.eq_ignore_ascii_case("readme"))
}

fn read_file(path: &Path, corpus: &mut Corpus) {
    let Some(format) = format_of(path) else {
        corpus.errors.push(Error::Unsupported { path: path.to_path_buf() });
        return;
    };
    match std::fs::read(path) {
        Ok(bytes) => read_bytes(path, &bytes, format, corpus),
        Err(e) => corpus.errors.push(Error::io(path, e)),
    }
}

fn read_bytes(path: &Path, bytes: &[u8], format: Format, corpus: &mut Corpus) {
    let text = match decode(path, bytes) {
        Ok(t) => t,
        Err(e) => {
            corpus.errors.push(e);
            return;
        }
    };
    let format = match format {
        Format::Sniff if text.trim_start().starts_with('{') => Format::Jsonl,
        Format::Sniff => Format::Text,
        f => f,
    };
    match format {
        Format::Jsonl => read_jsonl(path, text, corpus),
        _ => match text_article(path, text) {
            Ok(a) => corpus.articles.push(a),
            Err(e) => corpus.errors.push(e),
        },
    }
}

/// UTF-8 text, or an error naming why not. A NUL byte marks a binary file.
fn decode<'b>(path: &Path, bytes: &'b [u8]) -> Result<&'b str> {
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(Error::Binary { path: path.to_path_buf(), offset });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
        path: path.to_path_buf(),
        offset: e.valid_up_to(),
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// A `.txt`/`.md` article: the first line is the title when a blank line follows it.
pub fn text_article(path: &Path, content: &str) -> Result<Article> {
    let id = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("article")
        .to_string();
    let (title, body) = split_title(content);
    let body = body.trim_end();
    if body.trim().is_empty() {
        return Err(Error::Empty { path: path.to_path_buf() });
    }
    let mut article = Article::new(id, body);
    article.title = title;
    Ok(article)
}

fn split_title(content: &str) -> (Option<String>, &str) {
    let content = content.trim_start_matches(['\n', '\r']);
    for sep in ["\r\n\r\n", "\n\n"] {
        if let Some(i) = content.find(sep) {
            let first = &content[..i];
            if !first.contains('\n') && !first.trim().is_empty() {
                let title = first.trim().trim_start_matches('#').trim();
                return (Some(title.to_string()), &content[i + sep.len()..]);
            }
        }
    }
    (None, content)
}

#[derive(Deserialize)]
struct JsonArticle {
    id: Option<serde_json::Value>,
    text: Option<String>,
    title: Option<String>,
    date: Option<String>,
    source: Option<String>,
    url: Option<String>,
}

fn read_jsonl(path: &Path, content: &str, corpus: &mut Corpus) {
    let mut n_articles = 0;
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match jsonl_article(path, i + 1, line) {
            Ok(a) => {
                n_articles += 1;
                corpus.articles.push(a);
            }
            Err(e) => corpus.errors.push(e),
        }
    }
    if n_articles == 0 && content.trim().is_empty() {
        corpus.errors.push(Error::Empty { path: path.to_path_buf() });
    }
}

fn jsonl_article(path: &Path, line: usize, json: &str) -> Result<Article> {
    let bad = |message: String| Error::BadLine { path: path.to_path_buf(), line, message };
    let raw: JsonArticle =
        serde_json::from_str(json).map_err(|e| bad(format!("malformed JSON: {e}")))?;
    let id = match raw.id {
        Some(serde_json::Value::String(s)) if !s.is_empty() => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => return Err(bad("missing field `id` (a non-empty string)".into())),
    };
    let text = raw.text.ok_or_else(|| bad("missing field `text`".into()))?;
    if text.trim().is_empty() {
        return Err(bad(format!("article `{id}` has empty `text`")));
    }
    Ok(Article {
        id,
        title: raw.title,
        date: raw.date,
        source: raw.source,
        url: raw.url,
        text,
    })
}

/// Two files with the same stem in different folders must not share an id.
fn dedupe_ids(articles: &mut [Article]) {
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for a in articles.iter_mut() {
        let n = seen.entry(a.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            a.id = format!("{}#{}", a.id, n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_is_first_line_before_blank_line() {
        let a = text_article(Path::new("x/talks.txt"), "# Talks fail\n\nBody one.\nBody two.\n")
            .unwrap();
        assert_eq!(a.id, "talks");
        assert_eq!(a.title.as_deref(), Some("Talks fail"));
        assert_eq!(a.text, "Body one.\nBody two.");
    }

    #[test]
    fn no_title_without_blank_line() {
        let a = text_article(Path::new("a.txt"), "Line one.\nLine two.").unwrap();
        assert_eq!(a.title, None);
        assert_eq!(a.text, "Line one.\nLine two.");
    }

    #[test]
    fn bad_inputs_are_named_errors() {
        let mut c = Corpus::default();
        read_bytes(Path::new("b.txt"), b"ab\0cd", Format::Text, &mut c);
        read_bytes(Path::new("u.txt"), b"ok \xff no", Format::Text, &mut c);
        read_bytes(Path::new("e.txt"), b"  \n ", Format::Text, &mut c);
        read_bytes(
            Path::new("c.jsonl"),
            b"{\"id\":\"a\",\"text\":\"fine\"}\n{broken\n{\"id\":\"c\"}\n",
            Format::Jsonl,
            &mut c,
        );
        assert_eq!(c.articles.len(), 1);
        let msgs: Vec<String> = c.errors.iter().map(|e| e.to_string()).collect();
        assert!(msgs[0].starts_with("b.txt: looks like a binary file"), "{}", msgs[0]);
        assert!(msgs[1].starts_with("u.txt: not valid UTF-8"), "{}", msgs[1]);
        assert!(msgs[2].starts_with("e.txt: empty article"), "{}", msgs[2]);
        assert!(msgs[3].starts_with("c.jsonl:2: malformed JSON"), "{}", msgs[3]);
        assert!(msgs[4].starts_with("c.jsonl:3: missing field `text`"), "{}", msgs[4]);
    }
}
