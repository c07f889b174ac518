//! Pairs quotation marks within paragraphs: curly and straight double quotes, guillemets,
//! and single quotes where they are used as quotation marks rather than apostrophes.
//! A quotation left open at a paragraph's end continues when the next paragraph opens
//! with a mark (the news convention for multi-paragraph quotes); otherwise the mark is
//! reported as a diagnostic and, when it opened the paragraph, the quote runs to the
//! paragraph's end.

use crate::segment::Document;
use crate::span::Span;

use super::Diagnostic;

/// One pair of quotation marks (or one paragraph's part of a multi-paragraph quotation).
#[derive(Debug, Clone)]
pub struct Quoted {
    /// From the opening mark to the closing mark, both included.
    pub outer: Span,
    /// The words inside, trimmed of white space and a trailing comma.
    pub content: Span,
    pub paragraph_idx: usize,
    /// This part continues a quotation opened in the previous paragraph.
    pub continued_from_previous: bool,
}

fn is_open_double(c: char) -> bool {
    matches!(c, '“' | '«' | '„')
}

fn is_close_double(c: char) -> bool {
    matches!(c, '”' | '»')
}

/// Top-level quotation-mark pairs of the whole text, in order.
pub fn find_quoted(text: &str, doc: &Document, diagnostics: &mut Vec<Diagnostic>) -> Vec<Quoted> {
    let mut out = Vec::new();
    let mut carried = false;
    for (p_idx, &para) in doc.paragraphs.iter().enumerate() {
        let next_opens = doc
            .paragraphs
            .get(p_idx + 1)
            .and_then(|n| n.slice(text).chars().next())
            .is_some_and(|c| is_open_double(c) || c == '"' || c == '‘');
        carried = pairs_in_paragraph(text, para, p_idx, carried, next_opens, &mut out, diagnostics);
    }
    out
}

/// Returns whether a quotation stays open into the next paragraph.
fn pairs_in_paragraph(
    text: &str,
    para: Span,
    p_idx: usize,
    carried_in: bool,
    next_opens: bool,
    out: &mut Vec<Quoted>,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let chars: Vec<(usize, char)> = para.slice(text).char_indices().map(|(b, c)| (b + para.start, c)).collect();
    let mut open: Option<(usize, char)> = None;
    let mut continued = false;
    let mut i = 0;
    // A carried-over quotation reopens with this paragraph's first mark.
    if carried_in {
        if let Some(&(b, c)) = chars.first() {
            if is_open_double(c) || c == '"' || c == '‘' {
                open = Some((b, c));
                continued = true;
                i = 1;
            }
        }
    }
    while i < chars.len() {
        let (b, c) = chars[i];
        let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
        let next = chars.get(i + 1).map(|&(_, c)| c);
        match open {
            None => {
                let single_opens = c == '‘' || (c == '\'' && prev.is_none_or(|p| p.is_whitespace() || "([—–“".contains(p)) && next.is_some_and(|n| n.is_alphanumeric()));
                if is_open_double(c) || c == '"' || single_opens {
                    open = Some((b, c));
                } else if is_close_double(c) {
                    diagnostics.push(Diagnostic {
                        at: Span::new(b, b + c.len_utf8()),
                        message: "closing quotation mark with no opening mark".into(),
                    });
                }
            }
            Some((ob, oc)) => {
                let closes = match oc {
                    // A straight opening mark may close with a curly one (mixed sources).
                    '"' => c == '"' || (c == '”' && prev.is_some_and(|p| !p.is_whitespace())),
                    '‘' | '\'' => {
                        (c == '’' || c == '\'')
                            && prev.is_some_and(|p| !p.is_whitespace())
                            && next.is_none_or(|n| !n.is_alphanumeric())
                            && !plural_possessive(&chars, i)
                    }
                    // Sources mix marks: a straight quote may close a curly one.
                    _ => is_close_double(c) || (c == '"' && next.is_none_or(|n| !n.is_alphanumeric()) && prev.is_some_and(|p| !p.is_whitespace())),
                };
                if closes {
                    let outer = Span::new(ob, b + c.len_utf8());
                    let content = trim_content(text, Span::new(ob + oc.len_utf8(), b));
                    if !content.is_empty() {
                        out.push(Quoted { outer, content, paragraph_idx: p_idx, continued_from_previous: continued });
                    }
                    open = None;
                    continued = false;
                }
            }
        }
        i += 1;
    }
    let Some((ob, oc)) = open else { return false };
    let outer = Span::new(ob, para.end);
    let content = trim_content(text, Span::new(ob + oc.len_utf8(), para.end));
    let is_double = is_open_double(oc) || oc == '"';
    let opens_paragraph = ob == para.start;
    if is_double && next_opens && !content.is_empty() {
        out.push(Quoted { outer, content, paragraph_idx: p_idx, continued_from_previous: continued });
        return true;
    }
    diagnostics.push(Diagnostic {
        at: Span::new(ob, ob + oc.len_utf8()),
        message: "quotation mark left open at the end of the paragraph".into(),
    });
    if is_double && (opens_paragraph || continued) && !content.is_empty() {
        out.push(Quoted { outer, content, paragraph_idx: p_idx, continued_from_previous: continued });
    }
    false
}

/// The apostrophe at `i` is a plural possessive inside a single-quoted quotation ("‘I
/// have met the doctors’ leaders five times,’ he said"): it follows an `s`, a lower-case
/// word follows it, and a later mark in the paragraph can still close the quotation.
fn plural_possessive(chars: &[(usize, char)], i: usize) -> bool {
    let after_s = i > 0 && chars[i - 1].1 == 's';
    let word_next = chars.get(i + 1).is_some_and(|&(_, c)| c == ' ') && chars.get(i + 2).is_some_and(|&(_, c)| c.is_lowercase());
    let closes_later = (i + 1..chars.len()).any(|k| matches!(chars[k].1, '’' | '\'') && chars[k - 1].1 != ' ' && chars.get(k + 1).is_none_or(|&(_, n)| !n.is_alphanumeric()));
    after_s && word_next && closes_later
}

/// Drops surrounding white space and a trailing comma (the guidelines' direct-quote span).
fn trim_content(text: &str, span: Span) -> Span {
    let mut s = span.trim(text);
    let t = s.slice(text);
    if let Some(stripped) = t.strip_suffix(',') {
        s = Span::new(s.start, s.start + stripped.len()).trim(text);
    }
    s
}

/// True when `s` holds a pair of single quotation marks used as quotes ('x' or ‘x’).
pub fn has_single_quote_pair(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let mut open = false;
    for (i, &c) in chars.iter().enumerate() {
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        let next = chars.get(i + 1).copied();
        if !open && (c == '‘' || (c == '\'' && prev.is_none_or(char::is_whitespace))) {
            open = true;
        } else if open && (c == '’' || c == '\'') && next.is_none_or(|n| !n.is_alphanumeric()) {
            return true;
        }
    }
    false
}
