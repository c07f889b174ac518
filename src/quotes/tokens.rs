//! A light word tokenizer over spans, for matching attribution frames. Words keep internal
//! apostrophes, hyphens and abbreviation periods ("Russia’s", "secretary-general", "U.S.").

use crate::span::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    Word,
    Punct,
    /// A whole direct quotation, opaque to frame matching.
    Quote,
}

#[derive(Debug, Clone)]
pub struct Token {
    pub span: Span,
    pub kind: TokKind,
    /// Lower-cased text, with curly apostrophes made straight.
    pub lower: String,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }

    pub fn is_punct(&self, c: &str) -> bool {
        self.kind == TokKind::Punct && self.lower == c
    }

    /// Starts with an upper-case letter, or is a name behind a lower-case particle
    /// ("al-Burhan", "el-Sisi"), which is a name all the same.
    pub fn is_capitalised(&self, text: &str) -> bool {
        let s = self.span.slice(text);
        s.chars().next().is_some_and(|c| c.is_uppercase()) || is_particle_name(s)
    }
}

/// Lower-case particles that a hyphen joins to a name: "al-Burhan", "bin-Salman".
const HYPHENED_PARTICLES: &[&str] = &["al", "el", "ul", "ad", "ash", "as", "az", "an", "ar", "at", "bin", "ibn", "abu", "ben", "bou"];

/// "al-Burhan": a lower-case particle, a hyphen, then a capitalised name.
pub fn is_particle_name(word: &str) -> bool {
    word.split_once(['-', '‑']).is_some_and(|(p, rest)| HYPHENED_PARTICLES.contains(&p) && rest.chars().next().is_some_and(char::is_uppercase))
}

/// Abbreviations whose period belongs to the word when a name or a number follows
/// ("Mr. Fernando", "Sept. 17"): titles before names, and months.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "capt", "sgt", "st",
    "adm", "maj", "cmdr", "rev", "hon", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct",
    "nov", "dec",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Tokenizes `span` of `text`, treating each of `opaque` (sorted, disjoint) as one token.
pub fn tokenize(text: &str, span: Span, opaque: &[Span]) -> Vec<Token> {
    let mut out = Vec::new();
    let s = span.slice(text);
    let chars: Vec<(usize, char)> = s.char_indices().map(|(b, c)| (b + span.start, c)).collect();
    let mut i = 0;
    let mut op = opaque.iter().peekable();
    while i < chars.len() {
        let (b, c) = chars[i];
        while op.peek().is_some_and(|o| o.end <= b) {
            op.next();
        }
        if let Some(o) = op.peek().filter(|o| o.start <= b) {
            let o = **o;
            out.push(Token { span: o, kind: TokKind::Quote, lower: String::new() });
            while i < chars.len() && chars[i].0 < o.end {
                i += 1;
            }
            continue;
        }
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if is_word_char(c) {
            let mut j = i + 1;
            while j < chars.len() {
                let cj = chars[j].1;
                // "3,800" is one number, not a clause break.
                let digit_group = cj == ',' && chars[j - 1].1.is_ascii_digit() && chars.get(j + 1).is_some_and(|&(_, n)| n.is_ascii_digit());
                let joins = (matches!(cj, '\'' | '’' | '-' | '.' | '‑') && chars.get(j + 1).is_some_and(|&(_, n)| is_word_char(n))) || digit_group;
                if is_word_char(cj) || joins {
                    j += 1;
                } else {
                    break;
                }
            }
            // "U.S." keeps its final period when the word is dotted initials.
            let mut end = chars.get(j).map_or(span.end, |&(b, _)| b);
            let word = &text[b..end];
            if word.contains('.') && chars.get(j).is_some_and(|&(_, c)| c == '.') {
                end += 1;
                j += 1;
            } else if chars.get(j).is_some_and(|&(_, c)| c == '.')
                && chars.get(j + 1).is_some_and(|&(_, c)| c == ' ')
                && chars.get(j + 2).is_some_and(|&(_, c)| c.is_uppercase() || c.is_ascii_digit())
                && ABBREVIATIONS.contains(&word.to_lowercase().as_str())
            {
                // "Mr. Fernando", "Sept. 17": the period is the abbreviation's.
                end += 1;
                j += 1;
            }
            let lower = text[b..end].to_lowercase().replace('’', "'");
            out.push(Token { span: Span::new(b, end), kind: TokKind::Word, lower });
            i = j;
            continue;
        }
        let end = b + c.len_utf8();
        out.push(Token { span: Span::new(b, end), kind: TokKind::Punct, lower: c.to_string() });
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_apostrophes_hyphens_and_initials() {
        let text = "Russia’s secretary-general, the U.S. said.";
        let toks = tokenize(text, Span::new(0, text.len()), &[]);
        let got: Vec<&str> = toks.iter().map(|t| t.span.slice(text)).collect();
        assert_eq!(got, vec!["Russia’s", "secretary-general", ",", "the", "U.S.", "said", "."]);
    }

    #[test]
    fn title_and_month_abbreviations_keep_their_period_before_a_name_or_number() {
        let text = "Mr. Fernando met Dr. Ng on Sept. 17. It was Sept.";
        let toks = tokenize(text, Span::new(0, text.len()), &[]);
        let got: Vec<&str> = toks.iter().map(|t| t.span.slice(text)).collect();
        assert_eq!(got, vec!["Mr.", "Fernando", "met", "Dr.", "Ng", "on", "Sept.", "17", ".", "It", "was", "Sept", "."]);
        assert_eq!(toks[0].lower, "mr.");
    }

    #[test]
    fn a_name_behind_a_hyphened_particle_is_capitalised() {
        let text = "al-Burhan al-qaeda de-escalation Burhan";
        let toks = tokenize(text, Span::new(0, text.len()), &[]);
        let caps: Vec<bool> = toks.iter().map(|t| t.is_capitalised(text)).collect();
        assert_eq!(caps, vec![true, false, false, true]);
    }

    #[test]
    fn thousands_separators_stay_inside_a_number() {
        let text = "about 3,800 workers, 12 sites";
        let toks = tokenize(text, Span::new(0, text.len()), &[]);
        let got: Vec<&str> = toks.iter().map(|t| t.span.slice(text)).collect();
        assert_eq!(got, vec!["about", "3,800", "workers", ",", "12", "sites"]);
    }

    #[test]
    fn opaque_spans_become_one_token() {
        let text = "“No deal,” he said.";
        let q = Span::new(0, text.find(',').unwrap() + 4);
        let toks = tokenize(text, Span::new(0, text.len()), &[q]);
        assert_eq!(toks[0].kind, TokKind::Quote);
        assert_eq!(toks[1].span.slice(text), "he");
    }
}
