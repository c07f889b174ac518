//! Paragraphs and sentences, as spans of the original text.
//!
//! Input: article text. Output: a [`Document`] whose paragraphs cover every non-blank line
//! and whose sentences tile each paragraph (minus surrounding white space). Invariant:
//! every span lies on char boundaries inside the text; sentences never cross paragraphs.

use serde::Serialize;

use crate::span::Span;

#[derive(Debug, Clone, Serialize)]
pub struct Sentence {
    pub span: Span,
    pub paragraph_idx: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub paragraphs: Vec<Span>,
    pub sentences: Vec<Sentence>,
}

impl Document {
    /// Index of the sentence that contains byte `pos`, if any.
    pub fn sentence_at(&self, pos: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= pos);
        (i < self.sentences.len() && self.sentences[i].span.start <= pos).then_some(i)
    }

}

pub fn segment(text: &str) -> Document {
    let paragraphs = paragraphs(text);
    let mut sentences = Vec::new();
    for (paragraph_idx, &p) in paragraphs.iter().enumerate() {
        for span in sentences_in(text, p) {
            sentences.push(Sentence { span, paragraph_idx });
        }
    }
    Document { paragraphs, sentences }
}

/// Every non-blank line is a paragraph (news text puts one paragraph on a line).
fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            push_trimmed(text, Span::new(start, i), &mut out);
            start = i + 1;
        }
    }
    push_trimmed(text, Span::new(start, text.len()), &mut out);
    out
}

fn push_trimmed(text: &str, span: Span, out: &mut Vec<Span>) {
    let t = span.trim(text);
    if !t.is_empty() {
        out.push(t);
    }
}

/// Words that end with a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "capt", "sgt",
    "st", "jr", "sr", "vs", "etc", "inc", "corp", "ltd", "co", "jan", "feb", "mar",
    "apr", "aug", "sept", "sep", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e",
    "adm", "maj", "cmdr", "rev", "hon", "pres", "dept", "approx", "fig", "mt", "ft", "messrs",
];

const CLOSERS: &[char] = &['"', '\'', '”', '’', ')', ']', '»'];

fn sentences_in(text: &str, para: Span) -> Vec<Span> {
    let p = para.slice(text);
    let chars: Vec<(usize, char)> = p.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (b, c) = chars[i];
        if matches!(c, '.' | '!' | '?') {
            // Run through repeated terminators and closing marks: `?!”)`.
            let mut j = i + 1;
            while j < chars.len() && (matches!(chars[j].1, '.' | '!' | '?') || CLOSERS.contains(&chars[j].1)) {
                j += 1;
            }
            let end = chars.get(j).map_or(p.len(), |&(b, _)| b);
            let next = chars[j..].iter().find(|(_, c)| !c.is_whitespace());
            let has_space = j < chars.len() && chars[j].1.is_whitespace();
            let boundary = match next {
                None => true,
                Some(&(_, n)) => {
                    has_space
                        && (n.is_uppercase() || n.is_numeric() || "“‘\"'(«[—–-".contains(n))
                        && !(c == '.' && is_abbreviation(&p[start..b]))
                        && !(c == '.' && is_ellipsis_space(&chars, i))
                }
            };
            if boundary {
                push_trimmed(text, Span::new(para.start + start, para.start + end), &mut out);
                start = end;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    if start < p.len() {
        push_trimmed(text, Span::new(para.start + start, para.end), &mut out);
    }
    out
}

fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '“' || c == '"')
        .next()
        .unwrap_or("");
    let lower = word.to_lowercase();
    // Single capital initials ("J. Smith") and listed abbreviations.
    (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
        || ABBREVIATIONS.contains(&lower.as_str())
}

/// ". . ." written with spaces is one ellipsis, not three sentence ends.
fn is_ellipsis_space(chars: &[(usize, char)], i: usize) -> bool {
    let next_dot = chars.get(i + 2).is_some_and(|&(_, c)| c == '.');
    let prev_dot = i >= 2 && chars[i - 2].1 == '.';
    next_dot || prev_dot
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let doc = segment(text);
        let got: Vec<&str> = doc.sentences.iter().map(|s| s.span.slice(text)).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn splits_sentences_and_paragraphs() {
        check(
            "Mr. Smith said no. “We will fight,” he said.\n\nThe U.S. agreed! Talks resume.",
            &["Mr. Smith said no.", "“We will fight,” he said.", "The U.S. agreed!", "Talks resume."],
        );
    }

    #[test]
    fn quote_closing_mark_stays_with_sentence() {
        check("He said: “No deal.” Then he left.", &["He said: “No deal.”", "Then he left."]);
    }

    #[test]
    fn spaced_ellipsis_is_not_a_boundary() {
        check("They want to . . . [discuss] terms.", &["They want to . . . [discuss] terms."]);
    }

    #[test]
    fn paragraphs_skip_blank_lines() {
        let text = "One.\n\n  \nTwo.\r\nThree.";
        let doc = segment(text);
        let got: Vec<&str> = doc.paragraphs.iter().map(|p| p.slice(text)).collect();
        assert_eq!(got, vec!["One.", "Two.", "Three."]);
    }

    proptest::proptest! {
        #[test]
        fn spans_are_in_order_and_on_boundaries(text in "\\PC{0,200}") {
            let doc = segment(&text);
            let mut last = 0;
            for s in &doc.sentences {
                proptest::prop_assert!(s.span.start >= last && s.span.end <= text.len());
                proptest::prop_assert!(text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end));
                proptest::prop_assert!(doc.paragraphs[s.paragraph_idx].contains(s.span));
                last = s.span.end;
            }
        }
    }
}
