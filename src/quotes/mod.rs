//! Direct, reported and mixed quotations, each with its cue verb and the mention that
//! names its speaker.
//!
//! Input: article text and its [`Document`]. Output: an [`Extraction`]: quotes sorted by
//! start, never overlapping, every span inside the text on char boundaries, plus
//! diagnostics for odd input (an unclosed quotation mark is a diagnostic, not an error).
//! Speakers are left as mentions ([`Attribution`]); the `actors` stage resolves them. A
//! quote the text attributes to no one it names (`reportedly`, `was said to`) is
//! [`Attribution::Unnamed`].

pub mod lexicon;
pub mod marks;
pub mod tokens;

use serde::{Deserialize, Serialize};

use crate::segment::Document;
use crate::span::Span;
use lexicon::{CueClass, AUXILIARIES, LEADING_ADVERBIAL, NEEDS_THAT, NOT_A_VERB_BEFORE, PHRASES, PRONOUNS, ROLE_NOUNS, TITLES};
use marks::Quoted;
use tokens::{tokenize, TokKind, Token};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    Direct,
    Indirect,
    Mixed,
}

impl QuoteKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
            QuoteKind::Mixed => "mixed",
        }
    }
}

/// Where a quote's speaker comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Attribution {
    /// A mention in the text names the speaker (a name, a description or a pronoun).
    Mention(Span),
    /// The text attributes the words to no one it names (`reportedly`): the speaker is
    /// the article's `unnamed sources`.
    Unnamed,
    /// No speaker found.
    Unknown,
}

#[derive(Debug, Clone, Serialize)]
pub struct Quote {
    /// The quoted or reported words (without the marks for direct quotes).
    pub span: Span,
    pub kind: QuoteKind,
    /// The cue verb ("said", "ruled out", "according to").
    pub cue: Option<Span>,
    pub attribution: Attribution,
    /// True when the speaker was taken from a neighbouring quote (a continuation, or a
    /// second quotation in the same paragraph) rather than from this quote's own frame.
    pub inherited: bool,
    pub paragraph_idx: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub at: Span,
    pub message: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Extraction {
    pub quotes: Vec<Quote>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Finds every quotation in an article.
pub fn extract(text: &str, doc: &Document) -> Extraction {
    let mut diagnostics = Vec::new();
    let quoted = marks::find_quoted(text, doc, &mut diagnostics);

    // Direct quotations, and the spans of quote-mark pairs that are only fragments.
    let mut direct: Vec<(Quoted, Option<Frame>)> = Vec::new();
    let mut fragments: Vec<Quoted> = Vec::new();
    for q in quoted {
        if is_direct(text, doc, &q) {
            let frame = frame_after(text, doc, &q).or_else(|| frame_before(text, doc, &q));
            direct.push((q, frame));
        } else {
            fragments.push(q);
        }
    }
    let mut quotes: Vec<Quote> = direct
        .iter()
        .map(|(q, frame)| Quote {
            span: q.content,
            kind: QuoteKind::Direct,
            cue: frame.and_then(|f| f.cue),
            attribution: frame.map_or(Attribution::Unknown, |f| speaking(text, f.speaker)),
            inherited: false,
            paragraph_idx: q.paragraph_idx,
        })
        .collect();
    inherit_speakers(text, doc, &direct, &mut quotes);
    let opaque: Vec<Span> = direct.iter().map(|(q, _)| q.outer).collect();
    for (i, (q, _)) in direct.iter().enumerate() {
        if quotes[i].attribution == Attribution::Unknown {
            if let Some(np) = lead_in_speaker(text, doc, q, &opaque).and_then(|np| speaking_np(text, np)) {
                quotes[i].attribution = Attribution::Mention(np);
            } else if let Some(prev) = quotes[..i].iter().rev().find(|p| p.attribution != Attribution::Unknown) {
                quotes[i].attribution = prev.attribution;
                quotes[i].inherited = true;
            }
        }
    }

    let used_cues: Vec<Span> = quotes.iter().filter_map(|q| q.cue).collect();
    for s in &doc.sentences {
        reported_in_sentence(text, s.span, s.paragraph_idx, &opaque, &used_cues, &mut quotes);
    }
    let mut quotes = remove_overlaps(quotes);
    quote_leftover_fragments(text, doc, &fragments, &mut quotes);
    for q in &mut quotes {
        q.attribution = speaking(text, q.attribution);
    }
    Extraction { quotes, diagnostics }
}

/// Words that open an address or an exclamation, not a noun phrase ("Hey Tomas", "Well
/// there’s …").
const INTERJECTIONS: &[&str] = &["hey", "hi", "hello", "oh", "well", "yes", "yeah", "no", "okay", "ok", "wow", "dear", "please", "thanks", "um", "uh", "ah"];

/// Question words: "What", "Why …" open a question, not a speaker's noun phrase.
const WH_WORDS: &[&str] = &["what", "who", "whom", "whose", "why", "how", "where", "when", "which", "whatever", "whoever"];

/// Verbs that open an imperative ("Take …", "Let me …", "Imagine …").
const IMPERATIVES: &[&str] = &[
    "let", "take", "look", "listen", "imagine", "consider", "remember", "forget", "suppose", "say", "tell", "ask", "see",
    "think", "thank", "go", "come", "give", "keep", "stop", "try", "wait", "note",
];

/// The nominative personal pronouns, which open a clause (not `it`, `you`).
fn nominative(t: &Token) -> bool {
    matches!(t.lower.as_str(), "he" | "she" | "they" | "we" | "i")
}

/// A mention checked once more before it names a speaker, whatever rule found it.
fn speaking(text: &str, a: Attribution) -> Attribution {
    match a {
        Attribution::Mention(m) => speaking_np(text, m).map_or(Attribution::Unknown, Attribution::Mention),
        other => other,
    }
}

/// A speaker mention as a noun phrase that can speak, or `None`. Leading quotation marks
/// come off ("`` I"); a subject pronoun after a fronted adverbial is the mention ("With a
/// flag in her hand she" → "she", "Nevertheless he" → "he"). Not a speaker: an address
/// or interjection ("Hey Tomas", "Well …"), a question word ("What"), an imperative
/// ("Take", "a lost season Let me"), a clause after a subject pronoun ("I mean", "We
/// just want to"), an object pronoun, or a bare "There". A fronted prepositional phrase
/// before a name, a clause before `but` and a name, a date after the name and a
/// participle after the noun ("a Valdorian official briefed") come off.
fn speaking_np(text: &str, mention: Span) -> Option<Span> {
    let toks = tokenize(text, mention, &[]);
    let mut np = &toks[..];
    while np.first().is_some_and(|t| t.kind == TokKind::Punct) {
        np = &np[1..];
    }
    let first = np.first()?;
    if !first.is_word() {
        return Some(mention);
    }
    let l = first.lower.as_str();
    let n = np.len();
    // An acronym is a name ("WHO"), whatever word it spells.
    let word = first.span.slice(text);
    let acronym = word.chars().count() > 1 && !word.chars().any(char::is_lowercase);
    if !acronym {
        if INTERJECTIONS.contains(&l) || WH_WORDS.contains(&l) || (n == 1 && matches!(l, "there" | "here")) {
            return None;
        }
        // An imperative; a capitalised word after it makes it part of a name ("Stop
        // Funding Hate").
        if IMPERATIVES.contains(&l) && (n == 1 || !np[1].is_capitalised(text)) {
            return None;
        }
    }
    if n > 1 && nominative(&np[n - 1]) && !matches!(np[n - 2].lower.as_str(), "and" | "or" | ",") && np[..n - 1].iter().all(Token::is_word) {
        return Some(np[n - 1].span);
    }
    if n > 1 && (nominative(first) || l == "you") && !matches!(np[1].lower.as_str(), "and" | "or" | ",") {
        return None;
    }
    // "a lost season Let me": an imperative with its object inside.
    if np.windows(2).any(|w| IMPERATIVES.contains(&w[0].lower.as_str()) && matches!(w[1].span.slice(text), "me" | "us" | "him" | "them")) {
        return None;
    }
    // An object pronoun alone ("them") names no one who speaks. (A possessive one, "Her
    // reply was brief — “…”", is left to the actors stage, which reads it as "she".)
    if n == 1 && matches!(first.span.slice(text), "Him" | "him" | "Them" | "them" | "Me" | "me" | "Us" | "us") {
        return None;
    }
    // "In the 80th minute Jonas Berg", "as Chief Financial Officer Nadia Brandt":
    // a fronted prepositional phrase before the name that is the subject.
    if n > 1 && matches!(l, "in" | "on" | "at" | "during" | "after" | "before" | "as" | "with" | "since" | "under" | "by" | "from" | "for") {
        // (All capitalised, "For Women Scotland" is a name.)
        if let Some(k) = np.iter().rposition(|t| !t.is_capitalised(text) || !t.is_word()) {
            let name = &np[k + 1..];
            if !name.is_empty() && name.iter().any(|t| !TITLES.contains(&t.lower.trim_end_matches('.'))) {
                np = name;
            }
        }
    }
    // "The regulator occupies the old bank building but Castor Pharma": a clause, then the subject
    // of the next one.
    if let Some(k) = np.iter().rposition(|t| t.lower == "but").filter(|&k| k > 0 && k + 1 < np.len()) {
        if np[k + 1..].iter().all(|t| t.is_word() && t.is_capitalised(text)) {
            np = &np[k + 1..];
        }
    }
    // "Nina Oduya in March 2021": a date after the name.
    if let Some(k) = np.windows(2).position(|w| matches!(w[0].lower.as_str(), "in" | "on" | "since") && opens_date(&w[1].lower)) {
        if k > 0 {
            np = &np[..k];
        }
    }
    // "a Valdorian official briefed (on the talks)": the participle after the noun.
    if np.len() >= 2 {
        let last = &np[np.len() - 1];
        if last.is_word() && !last.is_capitalised(text) && last.lower.ends_with("ed") && last.lower.len() > 4 && np[np.len() - 2].is_word() {
            np = &np[..np.len() - 1];
        }
    }
    Some(span_of(np))
}

/// Words in quotation marks that no quote holds (`her plan to “end the war for good”`,
/// `talk of “another winter like the last one”`) are still someone's words: each becomes
/// a direct quote, with the speaker of the nearest quote in its paragraph when there is
/// one, else a name in the possessive before it in its sentence ("Ruiz's plan to “…”").
/// Short fragments (a “win”, nicknames, two-word scare quotes) are left alone.
fn quote_leftover_fragments(text: &str, doc: &Document, fragments: &[Quoted], quotes: &mut Vec<Quote>) {
    let mut added = Vec::new();
    for f in fragments {
        if f.content.slice(text).split_whitespace().count() < 3 || quotes.iter().any(|q| q.span.overlap(f.outer) > 0) {
            continue;
        }
        let neighbour = quotes
            .iter()
            .filter(|q| q.paragraph_idx == f.paragraph_idx && q.attribution != Attribution::Unknown)
            .min_by_key(|q| if q.span.start > f.outer.start { q.span.start - f.outer.start } else { f.outer.start - q.span.end });
        let possessor = || {
            let sent = doc.sentences[doc.sentence_at(f.outer.start)?].span;
            let toks = tokenize(text, Span::new(sent.start, f.outer.start), &[]);
            let p = toks.iter().rposition(|t| t.is_capitalised(text) && (t.lower.ends_with("'s") || t.lower.ends_with("s'")))?;
            let mut a = p;
            while a > 0 && p - a < 3 && toks[a - 1].is_word() && toks[a - 1].is_capitalised(text) && a - 1 > 0 {
                a -= 1;
            }
            // The name without its possessive ending.
            let name = span_of(&toks[a..=p]);
            let word = toks[p].span.slice(text);
            let suffix = ["’s", "'s", "’", "'"].iter().find(|x| word.ends_with(**x)).map_or(0, |x| x.len());
            Some(Attribution::Mention(Span::new(name.start, name.end - suffix)))
        };
        let absolute = || absolute_speaker(text, doc, f.outer).map(Attribution::Mention);
        // The subject of the sentence, when it is a name: "Okafor struck a defiant note
        // on “the things we will never give up”".
        let subject = || {
            let sent = doc.sentences[doc.sentence_at(f.outer.start)?].span;
            let toks = tokenize(text, Span::new(sent.start, f.outer.start), &[]);
            let np = sentence_subject(text, &toks, toks.len())?;
            let quantifier = np.iter().any(|t| matches!(t.lower.as_str(), "several" | "some" | "many" | "most" | "all" | "both" | "few" | "each" | "every" | "other" | "another"));
            let named = np.len() <= 4 && np.iter().all(|t| t.is_capitalised(text)) && !quantifier && !matches!(np[0].lower.as_str(), "the" | "a" | "an" | "this" | "it" | "that");
            named.then(|| Attribution::Mention(span_of(np)))
        };
        added.push(Quote {
            span: f.content,
            kind: QuoteKind::Direct,
            cue: None,
            attribution: absolute().or_else(possessor).or_else(subject).or(neighbour.map(|q| q.attribution)).or_else(|| quotes.iter().rev().find(|q| q.span.end <= f.outer.start && q.attribution != Attribution::Unknown).map(|q| q.attribution)).unwrap_or(Attribution::Unknown),
            inherited: neighbour.is_some(),
            paragraph_idx: f.paragraph_idx,
        });
    }
    if !added.is_empty() {
        quotes.extend(added);
        quotes.sort_by_key(|q| q.span.start);
    }
}

/// A speaker mention and its cue verb.
#[derive(Debug, Clone, Copy)]
struct Frame {
    speaker: Attribution,
    /// `None` when the cue reports a clause of its own and only lends its speaker.
    cue: Option<Span>,
}

/// A quotation-mark pair is a direct quote when it stands as a quotation of its own
/// (opening a paragraph, after a colon, comma or dash, or after a cue verb); a short pair
/// inside running text is a fragment (a scare quote, or part of a mixed quote).
fn is_direct(text: &str, doc: &Document, q: &Quoted) -> bool {
    let content = q.content.slice(text);
    let n_words = content.split_whitespace().count();
    if n_words == 0 {
        return false;
    }
    let para = doc.paragraphs[q.paragraph_idx];
    let before = text[para.start..q.outer.start].trim_end();
    let after = text[q.outer.end..para.end].trim_start();
    let ends_with_punct = content.trim_end().ends_with(['.', ',', '?', '!', '…', ';', ':', '—']);
    // A quotation that is the whole paragraph, or runs on from the previous one.
    if before.is_empty() || q.continued_from_previous {
        return n_words >= 2 || after.is_empty() || ends_with_punct;
    }
    let last = before.chars().last().unwrap_or(' ');
    if matches!(last, ':' | '—' | '–' | '(') || (last == '-' && before.ends_with(" -")) {
        return true;
    }
    if matches!(last, '.' | '?' | '!' | '”' | '"' | '’' | ',' | ';') {
        // "“No,” he said.": a short quotation with a frame of its own.
        return n_words >= 4 || ends_with_punct || (last != ',' && frame_after(text, doc, q).is_some());
    }
    // `… he said “We will fight.”`
    let prev_word = before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    let starts_upper = content.chars().next().is_some_and(char::is_uppercase);
    starts_upper
        && n_words >= 3
        && lexicon::cue_forms().contains_key(&prev_word.to_lowercase())
}

/// `“…,” he said` / `“…,” said Ryabkov` / `“…,” Sherman said as the talks began.`
fn frame_after(text: &str, doc: &Document, q: &Quoted) -> Option<Frame> {
    let para = doc.paragraphs[q.paragraph_idx];
    let rest_end = text[q.outer.end..para.end]
        .find(['“', '"', '«', '‘'])
        .map_or(para.end, |i| q.outer.end + i);
    let toks = tokenize(text, Span::new(q.outer.end, rest_end), &[]);
    let mut i = 0;
    while i < toks.len() && (toks[i].is_punct(",") || toks[i].is_punct("—") || toks[i].is_punct("–")) {
        i += 1;
    }
    let toks = &toks[i..];
    // The frame ends at the first sentence break.
    let end = toks
        .iter()
        .position(|t| t.kind == TokKind::Punct && matches!(t.lower.as_str(), "." | "!" | "?" | ";"))
        .unwrap_or(toks.len());
    let toks = &toks[..end];
    let (cue_idx, cue_len, _) = find_cue(toks, 0, toks.len().min(13))?;
    // "“…” He noted that …": a new reported clause, not this quotation's frame.
    if toks.get(cue_idx + cue_len).is_some_and(|t| t.lower == "that") {
        return None;
    }
    let content = q.content.slice(text).trim_end();
    let closes_with_stop = content.ends_with('.') && !content.ends_with("..");
    if cue_idx == 0 {
        // Inverted: said Ryabkov, the deputy minister.
        let np_end = toks[cue_len..]
            .iter()
            .position(|t| t.kind != TokKind::Word)
            .map_or(toks.len(), |p| p + cue_len);
        let mut np = strip_np(text, &toks[cue_len..np_end]);
        if np.is_empty() {
            return None;
        }
        // "said the African Union’s envoy, former President Olusegun Obasanjo": a
        // description, then the name in the last appositive.
        let described = matches!(np[0].lower.as_str(), "the" | "a" | "an") || np.last().is_some_and(|t| t.lower.ends_with("'s"));
        if described {
            if let Some(comma) = toks.iter().rposition(|t| t.is_punct(",")).filter(|&p| p >= np_end) {
                let last = &toks[comma + 1..];
                let ends_in_name = last.len() >= 2 && last[last.len() - 2..].iter().all(|t| t.is_capitalised(text) && !TITLES.contains(&t.lower.trim_end_matches('.')));
                if last.len() <= 7 && last.iter().all(Token::is_word) && ends_in_name {
                    np = last;
                }
            }
        }
        return Some(Frame { speaker: Attribution::Mention(span_of(np)), cue: Some(cue_span(toks, 0, cue_len)) });
    }
    let mut np = &toks[..cue_idx];
    // "“…,” Ryabkov was quoted as saying": the one quoted speaks.
    if np.len() >= 3 && np[np.len() - 1].lower == "as" && np[np.len() - 2].lower == "quoted" {
        np = &np[..np.len() - 2];
    }
    // "“…,” Interfax quoted Ryabkov as saying": the one quoted, not the one quoting.
    if let Some(np_q) = quoted_as_saying(text, toks, cue_idx) {
        np = np_q;
    }
    while np.len() >= 2 && AUXILIARIES.contains(&np[np.len() - 1].lower.as_str()) && !part_of_name(text, np, np.len() - 1) {
        np = &np[..np.len() - 1];
    }
    while np.last().is_some_and(|t| AUXILIARIES.contains(&t.lower.as_str())) && np.len() == 1 {
        np = &np[..0];
    }
    // "“…,” Joaquim Serrano, the council’s envoy, told reporters": the name before its
    // appositive.
    if np.last().is_some_and(|t| t.is_punct(",")) {
        if let Some(first) = np.iter().position(|t| t.is_punct(",")).filter(|&p| p + 1 < np.len()).map(|p| &np[..p]) {
            let appositive = &np[first.len() + 1..np.len() - 1];
            let named = !first.is_empty() && first.len() <= 4 && first.iter().all(|t| t.is_word() && t.is_capitalised(text));
            if named && !appositive.is_empty() && appositive.len() <= 10 && appositive.iter().all(|t| t.is_word() || t.lower == "’" || t.lower == "'") {
                np = first;
            }
        }
    }
    if np.is_empty() || np.iter().any(|t| t.kind != TokKind::Word) || np.len() > 7 {
        return None;
    }
    // "the Department of Foreign Affairs in Manila said": the place is not the speaker.
    let np = strip_np(text, np);
    // After a full stop inside the marks, only a capitalised name may follow
    // (`“No deal.” Smith said.`), not a new sentence that merely contains a cue.
    if closes_with_stop && !(np.len() <= 4 && np[0].is_capitalised(text)) && !is_pronoun(np) {
        return None;
    }
    // "“…” Berg said the offer was final.": a new sentence with its own reported clause
    // (spoken next), not this quotation's frame; the quotation takes its neighbour's
    // speaker, and the clause becomes a reported quote.
    if closes_with_stop && opens_clause(text, &toks[cue_idx + cue_len..]) {
        return None;
    }
    if !plausible_speaker(text, np) {
        return None;
    }
    Some(Frame {
        speaker: Attribution::Mention(span_of(np)),
        cue: Some(cue_span(toks, cue_idx, cue_len)),
    })
}

/// `told Reuters the talks had failed`, `told members of the union the vote …`: the
/// recipient's length, where a clause with no `that` follows it. The clause opens with a
/// pronoun or a determiner that does not belong to the recipient (not after "of", "the"),
/// and has a verb.
fn recipient_len(text: &str, after: &[Token]) -> Option<usize> {
    let n_words = after.iter().take_while(|t| t.is_word()).count();
    (1..n_words.min(9)).find(|&p| {
        let t = &after[p];
        let prev = after[p - 1].lower.as_str();
        let opens = PRONOUNS.contains(&t.lower.as_str()) || matches!(t.lower.as_str(), "the" | "a" | "an" | "its" | "his" | "her" | "their");
        let clause = &after[p..n_words];
        opens
            && t.lower != "you"
            && !matches!(prev, "of" | "to" | "for" | "at" | "in" | "on" | "with" | "from" | "by" | "about" | "the" | "a" | "an" | "and" | "that" | "his" | "her" | "their" | "its")
            && clause.len() >= 3
            && clause.iter().skip(1).any(|w| VERBISH.contains(&w.lower.as_str()) || (w.lower.ends_with("ed") && !w.is_capitalised(text)))
    })
}

/// Does a clause follow a cue (`the offer was final`), rather than only an adverbial
/// (`on Monday`), a recipient (`reporters`) or nothing?
fn opens_clause(text: &str, after: &[Token]) -> bool {
    let n_words = after.iter().take_while(|t| t.is_word()).count();
    let first = match after.first() {
        Some(t) if t.is_word() => t,
        _ => return false,
    };
    if is_time_word(&first.lower) {
        return false;
    }
    let opener = PRONOUNS.contains(&first.lower.as_str()) || matches!(first.lower.as_str(), "the" | "a" | "an" | "that") || first.is_capitalised(text);
    opener && n_words >= 4 && !after[..n_words].iter().any(|t| matches!(t.lower.as_str(), "reporters" | "journalists"))
}

/// `Ryabkov said: “…”` / `He told reporters, “…”`.
fn frame_before(text: &str, doc: &Document, q: &Quoted) -> Option<Frame> {
    let s = doc.sentence_at(q.outer.start)?;
    let sent = doc.sentences[s].span;
    let region = Span::new(sent.start.min(q.outer.start), q.outer.start);
    let toks = tokenize(text, region, &[]);
    let colon = toks.last().is_some_and(|t| t.is_punct(":"));
    let toks = match toks.last() {
        Some(t) if t.kind == TokKind::Punct && matches!(t.lower.as_str(), ":" | "," | "—" | "–") => {
            &toks[..toks.len() - 1]
        }
        Some(t) if t.is_word() => &toks[..],
        _ => return None,
    };
    // The cue is the last cue in the region, within a few words of the quote
    // (`he told Reuters on Monday:`).
    let from = toks.len().saturating_sub(8);
    let mut found = None;
    let mut i = from;
    while i < toks.len() {
        if let Some((c, len, class)) = find_cue(toks, i, toks.len()) {
            found = Some((c, len, class));
            i = c + len;
        } else {
            break;
        }
    }
    // "Achebe said the hospitals had absorbed the costs: “…”", "Santos wrote that the
    // negotiator, Bell, “will travel …”": a quotation that ends the reported clause of a
    // cue further back in its sentence is that cue's speaker's (when no other quotation
    // comes between).
    let near = found.is_some();
    let found = found.or_else(|| {
        let marks = toks.iter().any(|t| t.kind == TokKind::Punct && matches!(t.lower.as_str(), "“" | "”" | "\"" | "«" | "»" | "‘"));
        if marks {
            return None;
        }
        find_cue(toks, 0, from)
    });
    let (cue_idx, cue_len, _) = found?;
    // "“…,” said Schumer. “…”": a cue right after a closing mark frames the quotation
    // before it; this one takes its neighbour's speaker.
    if cue_idx > 0 && toks[cue_idx - 1].kind == TokKind::Punct && matches!(toks[cue_idx - 1].lower.as_str(), "”" | "\"" | "»") {
        return None;
    }
    let subject = subject_before(text, toks, cue_idx)?;
    // After a colon, a cue with a clause of its own ("said the company could not pay
    // more: “…”") reports that clause: the quotation takes the speaker and leaves the cue
    // to it.
    let own_clause = colon && (!near || opens_clause(text, &toks[cue_idx + cue_len..]));
    let cue = (!own_clause).then(|| cue_span(toks, cue_idx, cue_len));
    Some(Frame { speaker: Attribution::Mention(span_of(subject)), cue })
}

/// `Okafor was defiant. “We are not moving.”`, `Okafor: “We are not moving.”`: a quotation
/// with no frame and no neighbour to inherit from takes the named subject (or a personal
/// pronoun) of the short sentence that leads into it in its paragraph, or of the sentence
/// ending in a colon that closes the paragraph before.
fn lead_in_speaker(text: &str, doc: &Document, q: &Quoted, opaque: &[Span]) -> Option<Span> {
    let para = doc.paragraphs[q.paragraph_idx];
    let mut before = text[para.start..q.outer.start].trim_end();
    let mut from = para.start;
    let mut max_words = 12;
    if before.is_empty() {
        // A paragraph that opens with the quotation, after one that ends with a colon:
        // "Solberg set out the federation’s position in a speech on Tuesday:"
        let prev = doc.paragraphs.get(q.paragraph_idx.checked_sub(1)?)?;
        before = text[prev.start..prev.end].trim_end();
        from = prev.start;
        max_words = 40;
        if !before.ends_with(':') {
            return None;
        }
    }
    let last = from + before.len();
    let prev_char = before.chars().next_back().map_or(0, char::len_utf8);
    let sent = doc.sentences[doc.sentence_at(last - prev_char)?].span;
    let toks = tokenize(text, Span::new(sent.start.max(from), last), opaque);
    // "Irena Vasić, Estrava’s deputy minister, set out her position on arrival: “…”": a
    // colon announces the quotation, so a longer lead-in is still its frame.
    if toks.last().is_some_and(|t| t.is_punct(":")) {
        max_words = max_words.max(20);
    }
    let toks = match toks.last() {
        Some(t) if t.kind == TokKind::Punct && matches!(t.lower.as_str(), ":" | "." | "!" | "—" | "–") => &toks[..toks.len() - 1],
        _ => return None,
    };
    if toks.is_empty() || toks.len() > max_words || toks.iter().any(|t| t.kind != TokKind::Word && !t.is_punct(",")) {
        return None;
    }
    let np = sentence_subject(text, toks, toks.len())?;
    let personal = is_pronoun(np) && matches!(np[0].lower.as_str(), "he" | "she" | "they" | "we");
    let named = np.len() <= 4 && np.iter().all(|t| t.is_capitalised(text)) && !matches!(np[0].lower.as_str(), "the" | "a" | "an" | "this" | "it" | "that");
    (personal || named).then(|| span_of(np))
}

/// Quotes with no frame of their own take the speaker of a neighbour: another quote in
/// the same paragraph, the previous part of a multi-paragraph quote, or the quote in the
/// previous paragraph when this paragraph opens with the quotation. Two passes, so that
/// the first part of a multi-paragraph quote can take the frame of a later part.
fn inherit_speakers(text: &str, doc: &Document, direct: &[(Quoted, Option<Frame>)], quotes: &mut [Quote]) {
    let n = quotes.len();
    for _pass in 0..2 {
        for i in 0..n {
            if quotes[i].attribution != Attribution::Unknown {
                continue;
            }
            let p = quotes[i].paragraph_idx;
            let same_par = (0..i)
                .rev()
                .chain(i + 1..n)
                .find(|&j| quotes[j].paragraph_idx == p && quotes[j].attribution != Attribution::Unknown);
            if let Some(j) = same_par {
                quotes[i].attribution = quotes[j].attribution;
                quotes[i].inherited = true;
                continue;
            }
            let (q, _) = &direct[i];
            let para = doc.paragraphs[p];
            let opens_paragraph = text[para.start..q.outer.start].trim().is_empty();
            if i > 0 && (q.continued_from_previous || opens_paragraph) {
                let j = i - 1;
                if quotes[j].paragraph_idx + 1 == p && quotes[j].attribution != Attribution::Unknown {
                    quotes[i].attribution = quotes[j].attribution;
                    quotes[i].inherited = true;
                    continue;
                }
            }
            if direct.get(i + 1).is_some_and(|(next, _)| next.continued_from_previous)
                && quotes[i + 1].attribution != Attribution::Unknown
            {
                quotes[i].attribution = quotes[i + 1].attribution;
                quotes[i].inherited = true;
            }
        }
    }
}

/// Finds the first cue at or after `from` and before `to`: `(index, n_tokens, class)`.
fn find_cue(toks: &[Token], from: usize, to: usize) -> Option<(usize, usize, CueClass)> {
    let forms = lexicon::cue_forms();
    for i in from..to.min(toks.len()) {
        if !toks[i].is_word() {
            continue;
        }
        for (phrase, class) in PHRASES {
            if i + phrase.len() <= toks.len()
                && phrase.iter().enumerate().all(|(k, w)| toks[i + k].lower == *w)
            {
                return Some((i, phrase.len(), *class));
            }
        }
        if let Some((class, _)) = forms.get(&toks[i].lower) {
            return Some((i, 1, *class));
        }
    }
    None
}

fn cue_base(tok: &Token) -> Option<&'static str> {
    lexicon::cue_forms().get(&tok.lower).map(|(_, b)| *b)
}

fn span_of(toks: &[Token]) -> Span {
    Span::new(toks[0].span.start, toks[toks.len() - 1].span.end)
}

fn cue_span(toks: &[Token], i: usize, len: usize) -> Span {
    span_of(&toks[i..i + len])
}

fn is_pronoun(np: &[Token]) -> bool {
    np.len() == 1 && PRONOUNS.contains(&np[0].lower.as_str())
}

/// Could this noun phrase say something? A pronoun, a capitalised name, or a role noun.
fn plausible_speaker(text: &str, np: &[Token]) -> bool {
    if np.is_empty() || np.iter().filter(|t| t.is_word()).count() > 10 {
        return false;
    }
    if is_pronoun(np) {
        return np[0].lower != "you";
    }
    // A clause, not a noun phrase: "Russia would not yield". (Not "Theresa May".)
    if np.iter().enumerate().any(|(k, t)| VERBISH.contains(&t.lower.as_str()) && !part_of_name(text, np, k)) {
        return false;
    }
    let first = &np[0];
    if first.is_word()
        && !first.is_capitalised(text)
        && !matches!(first.lower.as_str(), "the" | "a" | "an" | "both" | "two" | "three" | "several" | "some" | "many" | "other" | "one" | "senior" | "top" | "local" | "western" | "federal" | "state" | "party" | "union" | "company" | "government" | "former" | "acting" | "deputy")
    {
        // A lower-case first word must itself lead with a role noun ("officials said",
        // "union members say"), not a stray phrase ("dispute with the government").
        if !np.iter().take(2).any(|t| ROLE_NOUNS.contains(&t.lower.as_str())) {
            return false;
        }
    }
    np.iter().any(|t| t.is_capitalised(text) && t.lower != "the")
        || np.iter().any(|t| ROLE_NOUNS.contains(&t.lower.as_str()))
}

/// Common irregular past tenses: where one follows a name, the name's clause has begun.
const IRREGULAR_PAST: &[&str] = &[
    "gave", "took", "made", "met", "went", "came", "left", "held", "began", "sent", "set", "put",
    "got", "saw", "spoke", "stood", "ran", "won", "lost", "led", "brought", "thought", "found",
    "kept", "broke", "struck", "drew", "chose", "sought", "fought", "paid", "wrote", "told", "said",
];

/// Words that make a word sequence a clause rather than a speaker's noun phrase.
const VERBISH: &[&str] = &[
    "would", "will", "could", "should", "can", "may", "might", "must", "is", "are", "was",
    "were", "has", "have", "had", "be", "been", "not", "did", "does", "do", "won't", "can't",
    "shall", "being",
];

/// Drops leading determiners of time and trailing adverbials from a speaker NP.
fn strip_np<'t>(text: &str, np: &'t [Token]) -> &'t [Token] {
    let mut end = np.len();
    // "Ryabkov on Monday", "the union in a statement": cut at a preposition.
    for (k, t) in np.iter().enumerate().skip(1) {
        if matches!(t.lower.as_str(), "on" | "in" | "at" | "during" | "after" | "before" | "last" | "as" | "when" | "while" | "who" | "which" | "recently" | "earlier" | "later" | "yesterday" | "today" | "adding" | "saying") {
            end = k;
            break;
        }
        // "Bolden to the gathered crowd": a name, then whom it was said to. (Not a title:
        // "Ambassador to the UN Linda Greenfield".)
        if t.lower == "to" && np[k - 1].is_capitalised(text) && !TITLES.contains(&np[k - 1].lower.trim_end_matches('.')) && !ROLE_NOUNS.contains(&np[k - 1].lower.as_str()) {
            end = k;
            break;
        }
    }
    &np[..end]
}

/// "…, with Democrats accusing him of walking out and Trump calling the meeting “a waste of
/// time”": the subject of the participle that a quotation at `outer` follows in its
/// sentence.
fn absolute_speaker(text: &str, doc: &Document, outer: Span) -> Option<Span> {
    let sent = doc.sentences.get(doc.sentence_at(outer.start)?)?.span;
    let toks = tokenize(text, Span::new(sent.start.min(outer.start), outer.start), &[]);
    // The first participle of the last clause opened by `with` (or by an `and` after it).
    let with = toks.iter().rposition(|t| t.lower == "with")?;
    let from = toks[with..].iter().rposition(|t| t.lower == "and" || t.is_punct(",")).map_or(with, |p| with + p) + 1;
    let c = (from..toks.len()).find(|&i| toks[i].is_word() && toks[i].lower.ends_with("ing") && toks[i].lower.len() > 4 && !toks[i].is_capitalised(text))?;
    // The participle governs the quotation: no clause break between them.
    if toks[c..].iter().any(|t| t.kind == TokKind::Punct && matches!(t.lower.as_str(), "," | ";" | ":" | "—" | "–" | "." | "“" | "”" | "\"")) {
        return None;
    }
    absolute_subject(text, &toks, c).map(span_of)
}

/// The subject of a participle at `c` in an absolute clause: "with the minister accusing",
/// "with Democrats accusing the president …, and Trump calling". The noun phrase runs back
/// to `with` (or to an `and` after a `with` earlier in the sentence).
fn absolute_subject<'t>(text: &str, toks: &'t [Token], c: usize) -> Option<&'t [Token]> {
    let with = toks[..c].iter().rposition(|t| t.lower == "with")?;
    let from = toks[with..c].iter().rposition(|t| t.lower == "and" || t.is_punct(",")).map_or(with, |p| with + p) + 1;
    let np = &toks[from..c];
    let np_like = !np.is_empty() && np.len() <= 7 && np.iter().all(|t| (t.is_word() || t.is_punct("’") || t.is_punct("'")) && !VERBISH.contains(&t.lower.as_str()) && !t.lower.ends_with("ing"));
    // After an `and`, the participle must still be in the `with` clause: "with X doing
    // …, and Y doing" (a verb before the `and` would end it).
    let in_clause = toks[with + 1..from].iter().all(|t| t.kind != TokKind::Quote && !(t.is_word() && (VERBISH.contains(&t.lower.as_str()) || IRREGULAR_PAST.contains(&t.lower.as_str()))));
    (np_like && in_clause).then_some(np).and_then(|np| tidy_np(text, np))
}

/// `toks[i]` is an acronym in brackets: "(SAF)", "(GDL)".
fn acronym_at(text: &str, toks: &[Token], i: usize) -> bool {
    let (Some(open), Some(t), Some(close)) = (i.checked_sub(1).and_then(|p| toks.get(p)), toks.get(i), toks.get(i + 1)) else {
        return false;
    };
    let word = t.span.slice(text);
    open.is_punct("(")
        && close.is_punct(")")
        && t.is_word()
        && word.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
        && word.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// The capitalised word at `i` is part of a name, whatever else it could be, when an
/// honorific or another capitalised word comes before it ("Mrs May", "Theresa May",
/// "Mr. Will"), not a modal.
fn part_of_name(text: &str, toks: &[Token], i: usize) -> bool {
    let (Some(prev), Some(t)) = (i.checked_sub(1).and_then(|p| toks.get(p)), toks.get(i)) else {
        return false;
    };
    t.is_capitalised(text) && prev.is_word() && prev.is_capitalised(text)
}

/// The subject of a cue at `cue_idx`. The region before the cue splits at commas and
/// dashes; the subject is the last segment, except that a segment which only describes
/// (an appositive: "Russia’s deputy foreign minister"; a relative or `while` clause) is
/// passed over for the one before it, and a cue that follows a comma directly
/// (`Lopez, the union’s negotiator, said`) always looks one segment back.
fn subject_before<'t>(text: &str, toks: &'t [Token], cue_idx: usize) -> Option<&'t [Token]> {
    let mut end = cue_idx;
    if end >= 2 && toks[end - 1].lower == "to" && matches!(toks[end - 2].lower.as_str(), "appeared" | "appears" | "seemed" | "seems" | "sought" | "moved" | "hastened" | "rushed") {
        end -= 2;
    } else if first_to(toks, end) {
        end -= 3;
    }
    while end > 0 && AUXILIARIES.contains(&toks[end - 1].lower.as_str()) && !part_of_name(text, toks, end - 1) {
        end -= 1;
    }
    // "members cheered and chanted": the subject comes before the first verb.
    if end >= 3 && toks[end - 1].lower == "and" && toks[end - 2].lower.ends_with("ed") && !toks[end - 2].is_capitalised(text) {
        end -= 2;
    }
    // "the US, which has asked", "Palestinians who slammed": the relative pronoun's
    // antecedent is the subject.
    if end >= 2 && matches!(toks[end - 1].lower.as_str(), "who" | "which") {
        let mut a = end - 1;
        if toks[a - 1].is_punct(",") {
            a -= 1;
        }
        let stop = a;
        while a > 0
            && stop - a < 7
            && (toks[a - 1].is_word() || toks[a - 1].lower == "&")
            && !lexicon::cue_forms().contains_key(&toks[a - 1].lower)
            && !VERBISH.contains(&toks[a - 1].lower.as_str())
            && !matches!(toks[a - 1].lower.as_str(), "by" | "from" | "to" | "with" | "for" | "against" | "at" | "on" | "in" | "that" | "than" | "like" | "led" | "backed")
        {
            a -= 1;
        }
        if a < stop {
            return tidy_np(text, &toks[a..stop]);
        }
    }
    let acronym = end >= 3 && toks[end - 1].lower == ")" && toks[end - 3].lower == "(";
    let interrupted = !acronym && end > 0 && toks[end - 1].kind == TokKind::Punct && matches!(toks[end - 1].lower.as_str(), "," | "—" | "–" | ")");
    let is_break = |t: &Token| {
        t.kind == TokKind::Quote || (t.kind == TokKind::Punct && matches!(t.lower.as_str(), "," | "—" | "–" | "-" | "(" | ")" | ";" | ":"))
    };
    // "the Sudanese Armed Forces (SAF), General …", "Bakers' Guild (BG) chief Anna Rolf": an
    // acronym in brackets belongs to the name before it; its brackets do not split.
    let in_acronym = |k: usize| acronym_at(text, toks, k) || (k + 1 < end && acronym_at(text, toks, k + 1)) || (k > 0 && acronym_at(text, toks, k - 1));
    let mut segments: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (k, t) in toks[..end].iter().enumerate() {
        if is_break(t) && !in_acronym(k) {
            if start < k {
                segments.push((start, k));
            }
            start = k + 1;
        }
    }
    if start < end {
        segments.push((start, end));
    }
    // "… Authority (CMA) said": the name, without its acronym.
    for seg in &mut segments {
        if seg.1 >= seg.0 + 4 && acronym_at(text, toks, seg.1 - 2) {
            seg.1 -= 3;
        }
    }
    // "“If the league wants it,” he said, “…”": a closing mark after the comma belongs to
    // the quotation, not to the next segment (whose first word decides what it is).
    for seg in &mut segments {
        while seg.0 + 1 < seg.1 && toks[seg.0].kind == TokKind::Punct && matches!(toks[seg.0].lower.as_str(), "”" | "\"" | "’" | "»") {
            seg.0 += 1;
        }
    }
    // A semicolon ends the clause: "X said A; the Democrats said B".
    if let Some(semi) = toks[..end].iter().rposition(|t| t.is_punct(";")) {
        segments.retain(|&(a, _)| a > semi);
    }
    // "… after the federal government announced": the subject of a subordinate clause
    // that ends right at the cue.
    if !interrupted {
        if let Some(&(a, b)) = segments.last() {
            // "…, the same day that the steelmaker warned": a relative `that` clause's
            // subject too; not the `that` of a reported clause ("Reed said that the union
            // had offered …" stays Reed's).
            let sub = toks[a..b].iter().rposition(|t| matches!(t.lower.as_str(), "after" | "when" | "because" | "since" | "before" | "until" | "as" | "although" | "though" | "while" | "whereas" | "once" | "that"));
            let sub = sub.filter(|&p| toks[a + p].lower != "that" || !toks[..a + p].iter().any(|t| lexicon::cue_forms().contains_key(&t.lower)));
            if let Some(p) = sub.map(|p| a + p) {
                let tail = &toks[p + 1..b];
                let clause_free = tail.iter().all(|t| !VERBISH.contains(&t.lower.as_str()) && !lexicon::cue_forms().contains_key(&t.lower) && !IRREGULAR_PAST.contains(&t.lower.as_str()));
                if !tail.is_empty() && tail.len() <= 6 && clause_free && plausible_speaker(text, tail) {
                    return tidy_np(text, tail);
                }
            }
        }
    }
    let describes = |(a, b): (usize, usize)| {
        let first = &toks[a];
        let l = first.lower.as_str();
        let relative = matches!(l, "who" | "which" | "while" | "whose" | "whom" | "whilst" | "although" | "though" | "despite");
        // "but Kraft Heinz" opens a new clause with its own subject.
        // "and experts warn", "but the union said": so does a plain noun phrase with a role
        // noun.
        let rest = &toks[(a + 1).min(b)..b];
        let role_np = rest.len() <= 4 && rest.iter().all(Token::is_word) && rest.iter().any(|t| ROLE_NOUNS.contains(&t.lower.as_str())) && plausible_speaker(text, rest);
        let conjunction = matches!(l, "but" | "and" | "yet" | "so") && (toks.get(a + 1).is_some_and(|t| t.is_capitalised(text) || PRONOUNS.contains(&t.lower.as_str())) || role_np);
        let lower_start = !first.is_capitalised(text) && !matches!(l, "he" | "she" | "they" | "we" | "i" | "it") && !conjunction;
        let possessive = l.ends_with("'s") || l.ends_with("s'");
        relative || lower_start || possessive
    };
    // "And Petra Holm and Jonas Berg, the two negotiators, agreed": a conjunction before
    // a name opens a subject, not an adverbial.
    let adverbial = |(a, b): (usize, usize)| {
        let conj_name = matches!(toks[a].lower.as_str(), "and" | "but" | "yet" | "so")
            && a + 1 < b
            && toks[a + 1].is_capitalised(text)
            && !LEADING_ADVERBIAL.contains(&toks[a + 1].lower.as_str())
            && !TITLES.contains(&toks[a + 1].lower.trim_end_matches('.'))
            && !matches!(toks[a + 1].lower.as_str(), "the" | "a" | "an");
        LEADING_ADVERBIAL.contains(&toks[a].lower.as_str()) && !conj_name
    };
    // Looks like a name rather than a description: "General Viktor Halas".
    let is_name_word = |t: &Token| t.is_capitalised(text) && !TITLES.contains(&t.lower.trim_end_matches('.')) && t.lower != "the";
    // "former Labor Party minister Ronald Plasterk" ends in a full name.
    let ends_in_full_name = |(a, b): (usize, usize)| b >= a + 2 && toks[b - 2..b].iter().all(|t| is_name_word(t) && !t.lower.ends_with("'s"));
    let name_like = |(a, b): (usize, usize)| {
        (!describes((a, b)) && toks[a..b].iter().any(is_name_word)) || ends_in_full_name((a, b))
    };
    let mut idx = segments.len().checked_sub(1)?;
    // "Maria Lopez, the union’s negotiator, said" looks back to the name; "The army’s
    // commander, General Viktor Halas, said" keeps the name.
    let determined = |(a, _b): (usize, usize)| matches!(toks[a].lower.as_str(), "the" | "a" | "an" | "his" | "her" | "their" | "its" | "our");
    // "Gail Norris and her deputy, Sam Pike, told": a joint subject whose second member
    // is named in an appositive; the mention covers both.
    if interrupted && idx > 0 && ends_in_full_name(segments[idx]) {
        let (a, b) = segments[idx - 1];
        let joins = b >= a + 3 && toks[a..b].windows(2).any(|w| w[0].lower == "and" && matches!(w[1].lower.as_str(), "his" | "her" | "their"));
        if joins && toks.get(b).is_some_and(|t| t.is_punct(",")) {
            if let Some(first) = tidy_np(text, &toks[a..b]) {
                let start = toks.iter().position(|t| t.span.start == first[0].span.start).unwrap_or(a);
                return Some(&toks[start..segments[idx].1]);
            }
        }
    }
    if interrupted && idx > 0 && !adverbial(segments[idx - 1]) && !(name_like(segments[idx]) && (describes(segments[idx - 1]) || determined(segments[idx - 1]))) {
        idx -= 1;
    }
    while idx > 0 && !adverbial(segments[idx - 1]) && describes(segments[idx]) && !ends_in_full_name(segments[idx]) {
        idx -= 1;
    }
    let (s, e) = segments[idx];
    tidy_np(text, &toks[s..e])
}

/// Cleans a candidate subject: drops leading discourse words and subordinators ("But",
/// "Although"), a dateline before "The"/"A", trailing adverbs ("formally"), a nested
/// cue ("The group says it" → "The group"); `None` when no speaker-like phrase remains.
fn tidy_np<'t>(text: &str, seg: &'t [Token]) -> Option<&'t [Token]> {
    let mut seg = seg;
    while seg.len() > 1
        && matches!(
            seg[0].lower.as_str(),
            "but" | "and" | "so" | "yet" | "still" | "meanwhile" | "however" | "instead" | "now" | "then" | "also"
                | "afterwards" | "afterward" | "later" | "subsequently" | "separately"
                | "although" | "though" | "while" | "whilst" | "when" | "as" | "if" | "because" | "since" | "after" | "before" | "once" | "until"
        )
    {
        seg = &seg[1..];
    }
    // "D.C. The coalition", "Reuters A spokesman": a capitalised article starts the subject.
    if let Some(k) = seg.iter().skip(1).position(|t| matches!(t.span.slice(text), "The" | "A" | "An")) {
        seg = &seg[k + 1..];
    }
    // "… that it has reached a deal after union members": a subordinate clause's subject
    // at the end, before a nested cue earlier in the segment can claim the subject.
    if let Some(k) = seg.iter().rposition(|t| matches!(t.lower.as_str(), "after" | "because" | "since" | "before" | "until" | "which" | "who")) {
        let tail = &seg[k + 1..];
        let clause_free = tail.iter().all(|t| !VERBISH.contains(&t.lower.as_str()) && !lexicon::cue_forms().contains_key(&t.lower) && !IRREGULAR_PAST.contains(&t.lower.as_str()));
        if k > 0 && !tail.is_empty() && tail.len() <= 6 && clause_free && plausible_speaker(text, tail) {
            seg = tail;
        }
    }
    // A nested cue: "The industry group says it" → "The industry group".
    if let Some(k) = seg.iter().position(|t| lexicon::cue_forms().contains_key(&t.lower)) {
        if k > 0 {
            seg = &seg[..k];
        }
    }
    // "Activision Blizzard also took issue …": the subject ends where its verb begins.
    let subordinated = seg.iter().any(|t| matches!(t.lower.as_str(), "that" | "when" | "after" | "because" | "if" | "while" | "since" | "before" | "where"));
    if seg.first().is_some_and(|t| t.is_capitalised(text)) && !subordinated {
        if let Some(k) = seg.iter().skip(1).position(|t| !t.is_capitalised(text) && (IRREGULAR_PAST.contains(&t.lower.as_str()) || VERBISH.contains(&t.lower.as_str()) || t.lower == "also")) {
            seg = &seg[..k + 1];
        }
    }
    while seg.len() > 1 && seg[seg.len() - 1].lower.ends_with("ly") && !seg[seg.len() - 1].is_capitalised(text) {
        seg = &seg[..seg.len() - 1];
    }
    // A clause, not a noun phrase: "statement released by both parties".
    if seg.windows(2).any(|w| {
        w[0].lower.ends_with("ed")
            && !w[0].is_capitalised(text)
            && matches!(w[1].lower.as_str(), "by" | "with" | "the" | "to" | "a" | "an" | "his" | "her" | "their" | "its" | "that")
    }) {
        return None;
    }
    if seg.first().is_some_and(|t| matches!(t.lower.as_str(), "who" | "which" | "that" | "while")) {
        return None;
    }
    // "A Saudi diplomat who spoke on condition of anonymity": the noun phrase before its
    // relative clause.
    if let Some(k) = seg.iter().position(|t| matches!(t.lower.as_str(), "who" | "whose" | "whom")) {
        seg = &seg[..k];
    }
    // A subject follows a subordinating word inside its segment: "… after the union said".
    if let Some(k) = seg.iter().rposition(|t| matches!(t.lower.as_str(), "that" | "when" | "after" | "because" | "as" | "if" | "while" | "since" | "before" | "where")) {
        if k + 1 < seg.len() {
            seg = &seg[k + 1..];
        }
    }
    // "The board of Lyle & Carver on Thursday": a time phrase ends the subject.
    if let Some(k) = seg.windows(2).position(|w| matches!(w[0].lower.as_str(), "on" | "late" | "last" | "early" | "earlier" | "this") && opens_date(&w[1].lower)) {
        if k > 0 {
            seg = &seg[..k];
        }
    }
    // "A fund manager at one of the company's largest shareholders": the head noun
    // phrase, before its long modifier.
    if seg.len() > 8 && matches!(seg[0].lower.as_str(), "a" | "an" | "the") {
        if let Some(k) = seg[..6].iter().position(|t| matches!(t.lower.as_str(), "at" | "from" | "with" | "for")).filter(|&k| k >= 2) {
            seg = &seg[..k];
        }
    }
    if seg.iter().filter(|t| t.is_word()).count() > 8 {
        // The last eight words (brackets and apostrophes between them kept).
        let mut from = seg.len();
        let mut n = 0;
        while from > 0 && n < 8 {
            from -= 1;
            n += usize::from(seg[from].is_word());
        }
        seg = &seg[from..];
        // "… of Manufacturers president and chief executive Jay Timmons": start at a word
        // that can open a noun phrase.
        while seg.len() > 1 && !seg[0].is_capitalised(text) && !matches!(seg[0].lower.as_str(), "the" | "a" | "an") && !ROLE_NOUNS.contains(&seg[0].lower.as_str()) {
            seg = &seg[1..];
        }
    }
    (!seg.is_empty() && plausible_speaker(text, seg)).then_some(seg)
}

/// The subject at the head of a sentence: for participial cues (`…, saying that`).
fn sentence_subject<'t>(text: &str, toks: &'t [Token], before: usize) -> Option<&'t [Token]> {
    // With an appositive ("The army’s commander, General Viktor Halas, warned …, and
    // said"), the subject is found as for a cue right after the first verb.
    if let Some(v) = (0..before).find(|&i| toks[i].is_word() && lexicon::cue_forms().contains_key(&toks[i].lower) && i > 0 && toks[i - 1].is_punct(",")) {
        if let Some(np) = subject_before(text, &toks[..v], v) {
            return Some(np);
        }
    }
    let mut i = 0;
    // A dateline: "ALDERMOUTH — The board …".
    if let Some(d) = toks[..before.min(6)].iter().position(|t| matches!(t.lower.as_str(), "—" | "–" | "-")) {
        if d > 0 && toks[..d].iter().all(|t| !t.is_word() || !t.span.slice(text).chars().any(char::is_lowercase)) {
            i = d + 1;
        }
    }
    // Skip a leading adverbial clause up to its comma.
    if toks.get(i).is_some_and(|t| LEADING_ADVERBIAL.contains(&t.lower.as_str())) {
        i = toks[i..before].iter().position(|t| t.is_punct(","))? + i + 1;
    }
    let start = i;
    let mut end = i;
    let mut n_words = 0;
    while end < before && n_words < 10 {
        let t = &toks[end];
        // "German Train Drivers' Union (GDL) chief Claus Weselsky": a plural possessive's
        // apostrophe and an acronym in brackets stay inside the noun phrase.
        if end > start && (t.is_punct("'") || t.is_punct("’")) && toks[end - 1].lower.ends_with('s') && toks.get(end + 1).is_some_and(|n| n.is_word() && n.span.start == t.span.end + 1) {
            end += 1;
            continue;
        }
        if end > start && t.is_punct("(") && end + 2 < before && acronym_at(text, toks, end + 1) {
            end += 3;
            continue;
        }
        if !t.is_word() && t.lower != "&" {
            break;
        }
        n_words += 1;
        let l = t.lower.as_str();
        let verbish = (lexicon::cue_forms().contains_key(l)
            || AUXILIARIES.contains(&l)
            || matches!(l, "is" | "was" | "were" | "are" | "released" | "issued" | "accused" | "published" | "rejected" | "walked")
            || IRREGULAR_PAST.contains(&l)
            || (end > start && l.ends_with("ed") && !t.is_capitalised(text)))
            && !part_of_name(text, toks, end);
        if verbish {
            break;
        }
        end += 1;
    }
    let np = strip_np(text, &toks[start..end]);
    if np.is_empty() {
        return None;
    }
    tidy_np(text, np)
}

/// Reported speech in one sentence: `X said (that) …`, `…, X said.`, `according to X, …`,
/// speech acts (`threatened sanctions on …`) and their mixed forms.
fn reported_in_sentence(
    text: &str,
    sentence: Span,
    paragraph_idx: usize,
    opaque: &[Span],
    used_cues: &[Span],
    quotes: &mut Vec<Quote>,
) {
    let toks = tokenize(text, sentence, opaque);
    // Cues in use as verbs: not a noun or passive ("a warning", "was rejected"), and not
    // already the frame of a direct quotation.
    let mut cues = Vec::new();
    let mut i = 0;
    while let Some((c, len, class)) = find_cue(&toks, i, toks.len()) {
        // "appeared to rule out": a raising verb keeps the infinitive a speech act.
        let raised = c >= 2 && toks[c - 1].lower == "to" && (matches!(toks[c - 2].lower.as_str(), "appeared" | "appears" | "seemed" | "seems" | "sought" | "moved" | "hastened" | "rushed") || first_to(&toks, c));
        // "is demanding", "have been pushing for": a progressive, not a passive; "by
        // accusing": a participle of the sentence's subject.
        // "was quoted as saying": the participle reports the subject's words.
        let as_saying = c >= 1 && toks[c].lower == "saying" && toks[c - 1].lower == "as";
        let progressive = toks[c].lower.ends_with("ing") && (progressive_at(&toks, c) || (c >= 1 && toks[c - 1].lower == "by") || as_saying);
        // "the originally demanded rise": an adverb does not make a participle a verb.
        let mut before = c;
        while before > 1 && toks[before - 1].lower.ends_with("ly") && toks[before - 1].is_word() {
            before -= 1;
        }
        // "who asked not to be named": a request for anonymity, not a quotation.
        // "declined to comment": no position was stated.
        let anonymity = (toks.get(c + len).is_some_and(|t| t.lower == "not") && toks.get(c + len + 2).is_some_and(|t| t.lower == "be"))
            || (class == CueClass::Negative && toks.get(c + len).is_some_and(|t| t.lower == "to") && toks.get(c + len + 1).is_some_and(|t| matches!(t.lower.as_str(), "comment" | "elaborate" | "respond" | "say" | "specify" | "provide" | "give" | "disclose" | "discuss" | "detail" | "identify" | "name" | "answer")));
        // "did not say whether …", "without saying how long …": nothing was said.
        let unsaid = c > 0
            && matches!(toks[c - 1].lower.as_str(), "not" | "never" | "without" | "didn't" | "wouldn't" | "won't" | "couldn't")
            && toks.get(c + len).is_some_and(|t| matches!(t.lower.as_str(), "whether" | "how" | "when" | "what" | "if" | "why" | "who" | "which" | "where"));
        let anonymity = anonymity || unsaid;
        // "territorial claims to", "demands of": a plural noun, not a third-person verb.
        let plural_noun = len == 1
            && toks[c].lower.ends_with('s')
            && toks[c].lower != "says"
            && toks.get(c + 1).is_some_and(|t| matches!(t.lower.as_str(), "of" | "on" | "over" | "against" | "from") || (t.lower == "to" && toks[c].lower == "claims"));
        // "in disputed waters": after a preposition, a past form is an adjective.
        let adjective = !toks[c].lower.ends_with("ing")
            && before > 0
            && matches!(toks[before - 1].lower.as_str(), "in" | "on" | "at" | "over" | "from" | "into" | "about" | "across" | "between" | "among" | "against" | "under");
        // "islands threatened by rising seas": a passive participle, not the speaker's verb.
        let passive_participle = toks[c + len - 1].lower.ends_with("ed") && toks.get(c + len).is_some_and(|t| t.lower == "by");
        let is_verb = !anonymity && !plural_noun && !adjective && !passive_participle && (c == 0 || raised || progressive || (before > 0 && !NOT_A_VERB_BEFORE.contains(&toks[before - 1].lower.as_str())));
        if !is_verb && c > 0 && len == 1 && matches!(toks[c - 1].lower.as_str(), "was" | "were" | "is" | "are" | "been" | "being" | "be") {
            if let Some(q) = passive_with_agent(text, &toks, c, paragraph_idx) {
                quotes.push(q);
            }
        }
        if is_verb {
            cues.push((c, len, class));
        }
        i = c + len;
    }
    // "renewed his threats to …": a verb, a possessive and a speech-act noun; "issued a
    // warning that …", "repeated his call for …": a light verb, a determiner, perhaps an
    // adjective, and a speech-act noun. Spanned from the verb; the phrase replaces a cue
    // the verb is on its own.
    for v in 0..toks.len() {
        let verb = &toks[v];
        if !verb.is_word() || verb.is_capitalised(text) {
            continue;
        }
        let verb_like = verb.lower.ends_with("ed") || IRREGULAR_PAST.contains(&verb.lower.as_str());
        let light = lexicon::LIGHT_VERBS.contains(&verb.lower.as_str());
        let possessive = |t: &Token| matches!(t.lower.as_str(), "his" | "her" | "their" | "its");
        let determiner = |t: &Token| possessive(t) || matches!(t.lower.as_str(), "a" | "an" | "the" | "another");
        let Some(det) = toks.get(v + 1) else { continue };
        let noun_at = |n: usize| toks.get(n).is_some_and(|t| lexicon::NOUN_CUES.contains(&t.lower.as_str()));
        let noun = if verb_like && possessive(det) && noun_at(v + 2) {
            Some(v + 2)
        } else if light && determiner(det) {
            if noun_at(v + 2) {
                Some(v + 2)
            } else {
                // One adjective: "a stark warning", "his renewed call".
                toks.get(v + 2).filter(|t| t.is_word() && !t.is_capitalised(text) && !matches!(t.lower.as_str(), "to" | "that" | "for" | "of" | "on")).and_then(|_| noun_at(v + 3).then_some(v + 3))
            }
        } else {
            None
        };
        let Some(n) = noun else { continue };
        if !toks.get(n + 1).is_some_and(|t| matches!(t.lower.as_str(), "to" | "that" | "for" | "of" | "on")) {
            continue;
        }
        cues.retain(|&(q, l, _)| !(l == 1 && (v..=n).contains(&q)));
        if !cues.iter().any(|&(q, l, _)| q <= n && n < q + l + 2) {
            cues.push((v, n + 1 - v, CueClass::Negative));
        }
    }
    // "was the first to confirm …": an infinitive that reports the subject's own act;
    // "will press China to …", "would reject any deal": a modal and a bare cue verb.
    for c in 0..toks.len() {
        // Not inside another cue's clause ("said the union would reject …" is one quote).
        let modal = c >= 1
            && matches!(toks[c - 1].lower.as_str(), "will" | "would" | "could" | "might" | "must" | "should" | "won't" | "wouldn't")
            && !lexicon::NOT_AFTER_MODAL.contains(&toks[c].lower.as_str())
            && !cues.iter().any(|&(q, _, _)| q < c);
        if (first_to(&toks, c) || modal) && !cues.iter().any(|&(q, _, _)| q == c) {
            if let Some(class) = lexicon::base_class(&toks[c].lower) {
                cues.push((c, 1, class));
            }
        }
    }
    cues.sort_by_key(|&(c, _, _)| c);
    let cues = outer_cues(text, &toks, cues, used_cues);
    if cues.is_empty() {
        if let Some(q) = reportedly(text, &toks, paragraph_idx) {
            quotes.push(q);
        }
    }
    // "according to X"
    for k in 0..toks.len().saturating_sub(1) {
        if toks[k].lower == "according" && toks[k + 1].lower == "to" {
            if let Some(q) = according_to(text, &toks, k, paragraph_idx) {
                quotes.push(q);
            }
        }
    }
    // The speaker of the latest frame in this sentence: a participle ("…, adding that")
    // with no subject of its own continues it.
    let mut last_speaker: Option<Span> = None;
    let frame_speaker = |cue: Span, quotes: &[Quote]| quotes.iter().find(|q| q.cue == Some(cue)).and_then(|q| match q.attribution {
        Attribution::Mention(m) => Some(m),
        Attribution::Unknown | Attribution::Unnamed => None,
    });
    let mut last_participle: Option<usize> = None;
    for (n, &(c, len, class)) in cues.iter().enumerate() {
        let cue = cue_span(&toks, c, len);
        if used_cues.contains(&cue) {
            last_speaker = frame_speaker(cue, quotes).or(last_speaker);
            continue;
        }
        // A phrase ("ruled out") is its own cue, whatever its first word needs alone.
        let base = if len > 1 { "" } else { cue_base(&toks[c]).unwrap_or("") };
        let participial = toks[c].lower.ends_with("ing");
        // Where this cue's content must stop: the next cue's frame.
        let next_frame = cues.get(n + 1).map(|&(nc, _, _)| frame_start(&toks, nc)).unwrap_or(toks.len()).max(c + len);

        // Back-reported: "…, officials said." / "…, said Ryabkov."
        if let Some(q) = reported_backwards(text, &toks, c, len, paragraph_idx) {
            if let Attribution::Mention(m) = q.attribution {
                last_speaker = Some(m);
            }
            quotes.push(q);
            continue;
        }
        // A participle after a comma or a document noun ("a statement saying") takes the
        // sentence's subject.
        let after_document = c > 0 && matches!(toks[c - 1].lower.as_str(), "statement" | "letter" | "post" | "message" | "note" | "tweet" | "video" | "interview" | "speech" | "release");
        let mut v = c;
        while v > 0 && AUXILIARIES.contains(&toks[v - 1].lower.as_str()) {
            v -= 1;
        }
        let coordinated = v > 0 && matches!(toks[v - 1].lower.as_str(), "and" | "but") && (v < 2 || !toks[v - 2].is_word() || toks[v - 2].lower != "she" && toks[v - 2].lower != "he");
        // "arguing for …, and lamenting …": a second participle continues the first.
        let second_participle = participial && c > 0 && toks[c - 1].lower == "and" && last_participle.is_some_and(|p| p < c);
        // "While rejecting the offer, the union …": the participle's subject is the main
        // clause's, after the comma.
        let leading_participle = participial
            && c > 0
            && toks[..c - 1].iter().all(|t| t.kind == TokKind::Punct)
            && matches!(toks[c - 1].lower.as_str(), "while" | "after" | "before" | "despite" | "when" | "by" | "in" | "since" | "without");
        // "…, officials said on Monday, adding that …": a participle after a comma continues
        // the latest frame of its sentence.
        let continues_frame = participial && c > 0 && after_comma(&toks, c) && last_speaker.is_some();
        let speaker = if second_participle || continues_frame {
            None
        } else if leading_participle {
            toks[c..].iter().position(|t| t.is_punct(",")).and_then(|p| {
                let main = &toks[c + p + 1..];
                sentence_subject(text, main, main.len())
            })
        } else if let Some(np) = quoted_as_saying(text, &toks, c) {
            Some(np)
        } else if (participial && c > 0 && (after_comma(&toks, c) || after_document || matches!(toks[c - 1].lower.as_str(), "by" | "as"))) || (coordinated && !participial) {
            sentence_subject(text, &toks, c)
        } else if participial && !progressive_at(&toks, c) {
            None
        } else {
            subject_before(text, &toks[..c], c)
        };
        let speaker_span = match speaker {
            Some(np) => span_of(np),
            None if participial && c > 0 && (after_comma(&toks, c) || second_participle) && last_speaker.is_some() => last_speaker.unwrap_or(cue),
            None => continue,
        };
        last_speaker = Some(speaker_span);
        if participial {
            last_participle = Some(c);
        }

        // Content after the cue.
        let mut k = c + len;
        if class == CueClass::Tell {
            // Skip the recipient: up to "that", or a short noun phrase.
            match toks[k..next_frame].iter().position(|t| t.lower == "that") {
                Some(p) if p <= 10 => k += p,
                _ if recipient_len(text, &toks[k..next_frame]).is_some() => {
                    k += recipient_len(text, &toks[k..next_frame]).unwrap_or(0);
                }
                _ => {
                    let skip = toks[k..next_frame].iter().take_while(|t| t.is_word() && !PRONOUNS.contains(&t.lower.as_str())).count();
                    // "told Democratic leaders in a televised clash he would …": a longer
                    // recipient, when a pronoun subject starts the reported clause.
                    let pronoun_next = toks.get(k + skip).is_some_and(|t| PRONOUNS.contains(&t.lower.as_str()));
                    if skip > 4 && !(pronoun_next && skip <= 9) {
                        continue;
                    }
                    k += skip;
                }
            }
        }
        // Skip an adverbial between cue and clause: "said on Monday that".
        // "said in an interview with the BBC on Sunday that": a longer adverbial.
        let occasion = toks.get(k).is_some_and(|t| t.lower == "in")
            && toks[k..next_frame.min(k + 4)].iter().any(|t| matches!(t.lower.as_str(), "interview" | "statement" | "letter" | "speech" | "briefing" | "post" | "conference"));
        let window = if occasion { 10 } else { 6 };
        if let Some(p) = toks[k..next_frame.min(k + window)].iter().position(|t| t.lower == "that") {
            // Not a clause of its own: "it would not, and that …" keeps its first part.
            let adverbial = toks[k..k + p].iter().all(|t| (t.is_word() || t.is_punct(",")) && !VERBISH.contains(&t.lower.as_str()) && !matches!(t.lower.as_str(), "and" | "but"));
            // "warned against a deal that would hurt farmers", "vowed to block any bill
            // that cuts aid": a relative `that` (a verb follows it) after an object.
            let relative = !adverbial_start(text, &toks[k..]) && relative_that(text, &toks[k + p..]);
            if adverbial && p > 0 && !relative {
                k += p;
            }
        }
        // "said in a statement it was …", "said late on Monday the talks …": an
        // occasion or a time before a clause with no `that`.
        let mut j = k;
        let that_next = toks.get(k).is_some_and(|t| t.lower == "that");
        // "said Thursday the talks …": a bare day.
        if toks.get(j).is_some_and(|t| is_time_word(&t.lower) && t.is_capitalised(text) && !matches!(t.lower.as_str(), "may" | "march")) {
            j += 1;
        }
        while toks.get(j).is_some_and(|t| matches!(t.lower.as_str(), "in" | "on" | "at" | "during" | "late" | "last" | "earlier" | "this")) {
            let head = toks[(j + 1).min(next_frame)..next_frame.min(j + 5)].iter().position(|t| {
                is_time_word(&t.lower) || matches!(t.lower.as_str(), "statement" | "interview" | "letter" | "speech" | "briefing" | "post" | "conference" | "tweet" | "video" | "message")
            });
            match head {
                Some(h) => j += h + 2,
                None => break,
            }
        }
        if !that_next && j > k && j < next_frame {
            let clause_next = toks.get(j).is_some_and(|t| t.is_word() && (PRONOUNS.contains(&t.lower.as_str()) || matches!(t.lower.as_str(), "the" | "a" | "an") || t.is_capitalised(text)));
            if clause_next && toks[j..next_frame].iter().filter(|t| t.is_word()).count() >= 3 {
                k = j;
            }
        }
        let has_that = toks.get(k).is_some_and(|t| t.lower == "that");
        // "said of the deal", "said about the rotas": a topic, not what was said.
        if base == "say" && toks.get(k).is_some_and(|t| matches!(t.lower.as_str(), "of" | "about")) {
            continue;
        }
        if has_that {
            k += 1;
        } else if NEEDS_THAT.contains(&base) && !(class == CueClass::Say && base == "say") {
            // "He added (that) …": after a pronoun these verbs report speech anyway.
            let pronoun_subject = PRONOUNS.contains(&speaker_span.slice(text).to_lowercase().as_str());
            // "Okafor added the board had broken its word": a clause with a subject and
            // a finite verb follows, with any subject.
            let clause = toks.get(k).is_some_and(|t| {
                t.is_word() && (t.is_capitalised(text) || matches!(t.lower.as_str(), "the" | "its" | "his" | "her" | "their") || (PRONOUNS.contains(&t.lower.as_str()) && t.lower != "you"))
            }) && toks[(k + 1).min(next_frame)..next_frame.min(k + 6)].iter().any(|t| VERBISH.contains(&t.lower.as_str()) && t.lower != "not" && t.lower != "be" && t.lower != "being");
            if !(pronoun_subject || clause) || toks.get(k).is_some_and(|t| matches!(t.lower.as_str(), "a" | "an" | "to" | "up" | "more" | "another")) {
                continue;
            }
        }
        while k < next_frame && toks[k].is_punct(",") {
            k += 1;
        }
        if k >= next_frame {
            continue;
        }
        let mut end = next_frame;
        if leading_participle {
            if let Some(p) = toks[k..end].iter().position(|t| t.is_punct(",")) {
                end = k + p;
            }
        }
        // Stop before a direct quotation, and at a colon that introduces one.
        if let Some(p) = toks[k..end].iter().position(|t| t.kind == TokKind::Quote || t.is_punct(":")) {
            end = k + p;
        }
        end = k + reporter_context_at(&toks[k..end]);
        while end > k && toks[end - 1].kind == TokKind::Punct && !is_closing_mark(&toks[end - 1]) {
            end -= 1;
        }
        if end > k && matches!(toks[end - 1].lower.as_str(), "and" | "but") {
            end -= 1;
            while end > k && toks[end - 1].kind == TokKind::Punct && !is_closing_mark(&toks[end - 1]) {
                end -= 1;
            }
        }
        let n_words = toks[k..end].iter().filter(|t| t.is_word()).count();
        // "called for calm", "urged restraint", "denied wrongdoing": one noun is enough
        // after a speech act that takes an object.
        let one_noun = n_words == 1
            && end == k + 1
            && !has_that
            && (len > 1 || matches!(base, "urge" | "demand" | "deny" | "reject" | "threaten" | "promise" | "pledge" | "propose" | "offer"))
            && toks[k].is_word()
            && !PRONOUNS.contains(&toks[k].lower.as_str())
            && !matches!(toks[k].lower.as_str(), "it" | "them" | "him" | "her" | "this" | "that" | "so" | "yes" | "no" | "more" | "again")
            && !is_time_word(&toks[k].lower);
        if end <= k || (n_words < 2 && !one_noun) {
            continue;
        }
        // Only an adverbial follows the cue ("said in a statement"): nothing was reported.
        if n_words <= 5 && matches!(toks[k].lower.as_str(), "in" | "on" | "at" | "during" | "after" | "before" | "late" | "last" | "earlier" | "when" | "while" | "as") {
            continue;
        }
        let start = if class == CueClass::Negative { c } else { k };
        let span = Span::new(toks[start].span.start, toks[end - 1].span.end);
        quotes.push(Quote {
            span,
            kind: kind_of(span.slice(text)),
            cue: Some(cue),
            attribution: Attribution::Mention(speaker_span),
            inherited: false,
            paragraph_idx,
        });
    }
}

/// Where the reporter's own context starts after a reported clause, as an offset into
/// `content` (its length when there is none): a comma and a subordinator ("…, as tensions
/// mount", "…, while Ankara says …", "…, following a meeting …"), or how it was said
/// ("… without giving details", "… on condition of anonymity").
fn reporter_context_at(content: &[Token]) -> usize {
    // "prior to the meeting, despite …": a fronted adverbial, the clause comes after it.
    if content.first().is_some_and(|t| LEADING_ADVERBIAL.contains(&t.lower.as_str()) || t.lower == "prior") {
        return content.len();
    }
    for p in 2..content.len().saturating_sub(1) {
        let next = &content[p + 1];
        let enough = content[..p].iter().filter(|t| t.is_word()).count() >= 3;
        let subordinate = content[p].is_punct(",")
            && matches!(next.lower.as_str(), "as" | "while" | "whereas" | "although" | "following" | "where" | "after" | "amid" | "despite" | "when" | "before");
        if enough && subordinate {
            return p;
        }
        // "… without giving details", "… on condition of anonymity": how it was said.
        let anonymity = content[p].lower == "on" && next.lower == "condition" && content.get(p + 3).is_some_and(|t| t.lower == "anonymity");
        if anonymity && content[..p].iter().filter(|t| t.is_word()).count() >= 2 {
            return p;
        }
    }
    content.len()
}

/// Opens an adverbial between a cue and its `that`: "on Monday", "late on Wednesday",
/// "to reporters", "shortly after midnight".
fn adverbial_start(text: &str, toks: &[Token]) -> bool {
    let Some(t) = toks.first() else { return false };
    let l = t.lower.as_str();
    let to_someone = l == "to" && toks.get(1).is_some_and(|n| matches!(n.lower.as_str(), "reporters" | "journalists" | "the" | "a" | "an" | "his" | "her" | "their" | "its" | "parliament" | "congress" | "lawmakers"));
    to_someone
        || is_time_word(l)
        || (l.ends_with("ly") && !t.is_capitalised(text))
        || matches!(l, "on" | "in" | "at" | "during" | "late" | "last" | "earlier" | "later" | "this" | "next" | "after" | "before" | "yesterday" | "today" | "tonight" | "again" | "also" | "then" | "now" | "via" | "through" | "over" | "for")
}

/// `that` at `toks[0]` introduces a relative clause (a verb follows), not a reported one.
fn relative_that(text: &str, toks: &[Token]) -> bool {
    let (Some(w1), w2) = (toks.get(1), toks.get(2)) else { return false };
    if VERBISH.contains(&w1.lower.as_str()) {
        return true;
    }
    let verb_form = w1.is_word() && !w1.is_capitalised(text) && !PRONOUNS.contains(&w1.lower.as_str()) && (w1.lower.ends_with('s') || w1.lower.ends_with("ed"));
    verb_form
        && w2.is_some_and(|w| {
            w.is_word() && (w.is_capitalised(text) || matches!(w.lower.as_str(), "the" | "a" | "an" | "his" | "her" | "their" | "its" | "any" | "all" | "some" | "more" | "no"))
        })
}

/// A word that can follow the preposition of a time phrase after a name: a time word
/// ("Monday", "Sept.") or a number ("on 17 …", "in 2021").
fn opens_date(w: &str) -> bool {
    is_time_word(w) || w.chars().all(|c| c.is_ascii_digit())
}

fn is_time_word(w: &str) -> bool {
    // "Sept.", "Jan.": the tokenizer keeps a month abbreviation's period before a number.
    if let Some(abbr) = w.strip_suffix('.') {
        return matches!(abbr, "jan" | "feb" | "mar" | "apr" | "aug" | "sept" | "sep" | "oct" | "nov" | "dec");
    }
    matches!(
        w,
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday" | "week" | "month"
            | "year" | "morning" | "night" | "evening" | "afternoon" | "weekend" | "january" | "february" | "march"
            | "april" | "may" | "june" | "july" | "august" | "september" | "october" | "november" | "december"
    )
}

/// `were described as fraudulent by the opposition`: a passive cue with its agent. The
/// span runs from the cue to `by`.
fn passive_with_agent(text: &str, toks: &[Token], c: usize, paragraph_idx: usize) -> Option<Quote> {
    if !toks[c].lower.ends_with("ed") {
        return None;
    }
    let by = toks[c + 1..].iter().take(9).position(|t| !t.is_word() || t.lower == "by").map(|p| c + 1 + p)?;
    if toks[by].lower != "by" || by < c + 2 {
        return None;
    }
    let n = toks[by + 1..].iter().take_while(|t| t.is_word()).count();
    let agent = strip_np(text, &toks[by + 1..by + 1 + n]);
    if agent.is_empty() || agent.len() > 6 || !plausible_speaker(text, agent) {
        return None;
    }
    Some(make_reported(text, span_of(&toks[c..by]), toks[c].span, span_of(agent), paragraph_idx))
}

/// `is demanding`, `have been pushing for`: the `-ing` cue at `c` is a finite verb.
fn progressive_at(toks: &[Token], c: usize) -> bool {
    c >= 1 && matches!(toks[c - 1].lower.as_str(), "is" | "are" | "was" | "were" | "been" | "be")
}

/// The token before `c` is a comma, or a closing mark right after one (`…,” noting`).
fn after_comma(toks: &[Token], c: usize) -> bool {
    (c >= 1 && toks[c - 1].is_punct(",")) || (c >= 2 && is_closing_mark(&toks[c - 1]) && toks[c - 2].is_punct(","))
}

/// Drops cues that sit inside an earlier cue's reported clause ("The statement said the
/// sides had agreed to a truce", "…, saying it had refused to move"): quotes never
/// overlap, so reported speech is kept at its outer level, with the outer speaker. A cue
/// stays its own when punctuation, a quotation or a conjunction ("and", "while") comes
/// between, or a subordinator ("after", "because") after a rejection, or when it frames
/// a direct quotation.
fn outer_cues(text: &str, toks: &[Token], cues: Vec<(usize, usize, CueClass)>, used_cues: &[Span]) -> Vec<(usize, usize, CueClass)> {
    let mut kept: Vec<(usize, usize, CueClass)> = Vec::with_capacity(cues.len());
    for (c, len, class) in cues {
        let nested = kept.last().is_some_and(|&(c1, len1, class1)| {
            let gap = &toks[(c1 + len1).min(c)..c];
            // A clause reported after `said` holds its own subordinate clauses ("said it
            // would strike if the company refused"); after `rejected` they are the
            // reporter's ("rejected the offer after the company said …").
            let subordinator = |w: &str| {
                matches!(w, "after" | "before" | "when" | "because" | "since" | "as" | "although" | "though" | "if" | "until" | "unless" | "once")
            };
            !used_cues.contains(&cue_span(toks, c1, len1))
                && !used_cues.contains(&cue_span(toks, c, len))
                && !gap.is_empty()
                // "responded by accusing him of …": the subject's own act, not a report.
                && !(toks[c].lower.ends_with("ing") && matches!(gap[gap.len() - 1].lower.as_str(), "by" | "in" | "without"))
                && gap.iter().enumerate().all(|(k, t)| {
                    // "said that Aliyev and Pashinian agreed": an `and` inside a joint
                    // subject of names does not start a clause of its own.
                    let joins_names = t.lower == "and" && k > 0 && gap[k - 1].is_capitalised(text) && gap.get(k + 1).is_some_and(|n| n.is_capitalised(text));
                    t.is_word()
                        && (joins_names || !matches!(t.lower.as_str(), "and" | "but" | "or" | "yet" | "so" | "while" | "whereas" | "who" | "which"))
                        && !(class1 == CueClass::Negative && subordinator(&t.lower))
                })
        });
        if !nested {
            kept.push((c, len, class));
        }
    }
    kept
}

/// `Interfax quoted Ryabkov as saying …`: the noun phrase between `quoted` (or `cited`)
/// and `as saying` at `c` is the speaker.
fn quoted_as_saying<'t>(text: &str, toks: &'t [Token], c: usize) -> Option<&'t [Token]> {
    if !(toks.get(c)?.lower == "saying" && c >= 3 && toks[c - 1].lower == "as") {
        return None;
    }
    let q = (c.saturating_sub(10)..c - 1).rev().find(|&i| matches!(toks[i].lower.as_str(), "quoted" | "quotes" | "quoting" | "cited" | "cites" | "citing"))?;
    let np = &toks[q + 1..c - 1];
    // "was quoted by Interfax as saying": the subject speaks, not the agent.
    if np.is_empty() || np[0].lower == "by" || np.iter().any(|t| !t.is_word()) {
        return None;
    }
    let np = strip_np(text, np);
    (!np.is_empty() && plausible_speaker(text, np)).then_some(np)
}

/// `was the first to confirm`: the infinitive cue at `c` is the subject's own act.
fn first_to(toks: &[Token], c: usize) -> bool {
    c >= 3 && toks[c - 1].lower == "to" && matches!(toks[c - 2].lower.as_str(), "first" | "last" | "only") && toks[c - 3].lower == "the"
}

/// `The talks have reportedly stalled.` / `Reportedly, the deal …`: a sentence with no cue
/// verb of its own that the reporter attributes to unnamed sources. The span is the
/// sentence without leading connectives and final punctuation.
fn reportedly(text: &str, toks: &[Token], paragraph_idx: usize) -> Option<Quote> {
    // "The talks were said to be close": a passive report, no source named.
    let passive = |i: usize| {
        i >= 1
            && matches!(toks[i - 1].lower.as_str(), "is" | "are" | "was" | "were")
            && matches!(toks[i].lower.as_str(), "said" | "reported" | "rumoured" | "rumored")
            && toks.get(i + 1).is_some_and(|t| t.lower == "to")
    };
    let r = toks.iter().enumerate().position(|(i, t)| t.lower == "reportedly" || passive(i))?;
    if toks.iter().any(|t| t.kind == TokKind::Quote) {
        return None;
    }
    let mut start = 0;
    while start < r
        && (toks[start].kind == TokKind::Punct
            || (matches!(toks[start].lower.as_str(), "however" | "but" | "and" | "meanwhile" | "still" | "yet") && toks.get(start + 1).is_some_and(|t| t.is_punct(",") || t.is_word())))
    {
        start += 1;
    }
    if start == r && toks.get(r + 1).is_some_and(|t| t.is_punct(",")) {
        start = r + 2;
    }
    let mut end = toks.len();
    while end > start && toks[end - 1].kind == TokKind::Punct && !is_closing_mark(&toks[end - 1]) {
        end -= 1;
    }
    if toks[start.min(end)..end].iter().filter(|t| t.is_word()).count() < 4 {
        return None;
    }
    let content = span_of(&toks[start..end]);
    Some(Quote {
        span: content,
        kind: kind_of(content.slice(text)),
        cue: Some(toks[r].span),
        attribution: Attribution::Unnamed,
        inherited: false,
        paragraph_idx,
    })
}

/// A closing mark, or a sign that ends its number ("4%"): kept at the end of a span.
fn is_closing_mark(t: &Token) -> bool {
    matches!(t.lower.as_str(), "”" | "\"" | "’" | "'" | ")" | "»" | "%")
}

/// The token where a later cue's frame begins: the comma before a participle, else the
/// start of the clause that holds the later cue's subject (back to the nearest comma or
/// dash within ten words, or over at most six subject-like words).
fn frame_start(toks: &[Token], cue: usize) -> usize {
    if cue > 0 && toks[cue].lower.ends_with("ing") && (toks[cue - 1].is_punct(",") || toks[cue - 1].lower == "and") {
        return cue - 1;
    }
    let mut k = cue;
    while k > 0 && cue - k < 14 {
        let t = &toks[k - 1];
        if t.kind != TokKind::Word && !is_closing_mark(t) && !matches!(t.lower.as_str(), "“" | "‘" | "\"" | "'") {
            return k;
        }
        k -= 1;
    }
    let mut k = cue;
    let opens_clause = |w: &str| matches!(w, "and" | "but" | "while" | "after" | "before" | "because" | "when" | "since" | "although" | "though" | "until" | "whereas");
    while k > 0 && toks[k - 1].is_word() && !opens_clause(&toks[k - 1].lower) && toks[k - 1].lower != "that" && cue - k < 6 {
        k -= 1;
    }
    if k > 0 && opens_clause(&toks[k - 1].lower) {
        k -= 1;
    }
    k
}

/// "…, officials said." and "…, said Ryabkov." with nothing but adverbials after.
fn reported_backwards(text: &str, toks: &[Token], c: usize, len: usize, paragraph_idx: usize) -> Option<Quote> {
    let after = &toks[c + len..];
    let words_after = after.iter().take_while(|t| t.is_word()).count();
    let rest_is_end = |from: usize| {
        after[from..].iter().all(|t| t.kind == TokKind::Punct && !t.is_punct(","))
            || after.get(from).is_some_and(|t| t.is_punct(","))
            || after.get(from).is_some_and(|t| rest_is_end_word(&t.lower))
    };
    // "…, officials said on Monday, adding that …": a `that` after the next comma is
    // the participle's.
    if after.iter().take(6).take_while(|t| !t.is_punct(",")).any(|t| t.lower == "that") {
        return None;
    }
    let cue = cue_span(toks, c, len);
    // Inverted: "…, said Ryabkov." The name is short, has no verb of its own, and only
    // punctuation, an appositive or a time phrase follows it.
    // The comma may sit inside a closing mark: "… reflects “a wish to move on,” said Okafor."
    // A participle ("…, suggesting investors expect more") is not an inverted frame.
    if after_comma(toks, c) && words_after > 0 && !toks[c].lower.ends_with("ing") {
        let np = strip_np(text, &after[..words_after]);
        // "confirmed the deal to the AP": an object and a recipient, not a speaker.
        let verbless = np.iter().all(|t| !AUXILIARIES.contains(&t.lower.as_str()) && !matches!(t.lower.as_str(), "is" | "was" | "are" | "were" | "be" | "to" | "with" | "for" | "that"));
        if !np.is_empty() && np.len() <= 6 && verbless && rest_is_end(np.len()) && plausible_speaker(text, np) {
            let content = content_before(toks, if toks[c - 1].is_punct(",") { c - 1 } else { c })?;
            return Some(make_reported(text, content, cue, span_of(np), paragraph_idx));
        }
    }
    // "…, officials said." : a comma, a short subject, the cue, then only adverbials.
    // After `told`, the recipient comes first ("…, two officials told Reuters.").
    let tell = len == 1 && lexicon::cue_forms().get(&toks[c].lower).is_some_and(|(class, _)| *class == CueClass::Tell);
    let recipient = if tell {
        let n = after.iter().take_while(|t| t.is_word() && !rest_is_end_word(&t.lower)).count();
        if n <= 4 { n } else { 0 }
    } else {
        0
    };
    if !(rest_is_end(recipient) || after.len() == recipient) {
        return None;
    }
    let mut s = c;
    while s > 0 && AUXILIARIES.contains(&toks[s - 1].lower.as_str()) {
        s -= 1;
    }
    let subj_end = s;
    while s > 0 && toks[s - 1].is_word() && subj_end - s < 7 {
        s -= 1;
    }
    // "…,” he said": the comma may sit inside the closing mark of a quoted fragment.
    if s == 0 || s == subj_end || !after_comma(toks, s) {
        return None;
    }
    let np = &toks[s..subj_end];
    if !plausible_speaker(text, np) {
        return None;
    }
    // "The plan, officials said, would halve emissions": the attribution interrupts the
    // clause; the span runs over it to the end of the sentence.
    let rest = after.get(1..).unwrap_or(&[]);
    // Only when the clause goes on with its verb or its question ("…, would halve",
    // "…, whether"); "…, the mediator said, as talks began" adds the reporter's context.
    let interrupts = recipient == 0
        && after.first().is_some_and(|t| t.is_punct(","))
        && rest.first().is_some_and(|t| VERBISH.contains(&t.lower.as_str()) || matches!(t.lower.as_str(), "whether" | "that"))
        && rest.iter().filter(|t| t.is_word()).count() >= 2
        && rest.iter().all(|t| t.kind != TokKind::Quote && !lexicon::cue_forms().contains_key(&t.lower))
        && toks[..s - 1].iter().any(Token::is_word)
        && toks[..s - 1].iter().all(|t| t.kind != TokKind::Quote);
    if interrupts {
        let first = toks.iter().position(Token::is_word)?;
        let mut e = toks.len();
        while e > first && toks[e - 1].kind == TokKind::Punct && !is_closing_mark(&toks[e - 1]) {
            e -= 1;
        }
        return Some(make_reported(text, span_of(&toks[first..e]), cue, span_of(np), paragraph_idx));
    }
    let content = content_before(toks, if toks[s - 1].is_punct(",") { s - 1 } else { s })?;
    Some(make_reported(text, content, cue, span_of(np), paragraph_idx))
}

/// Words that open a trailing adverbial after a back-reporting cue ("…, he said on Monday").
fn rest_is_end_word(w: &str) -> bool {
    matches!(
        w,
        "on" | "in" | "at" | "last" | "this" | "late" | "earlier" | "during" | "after" | "before" | "as" | "when" | "yesterday" | "today" | "tonight" | "overnight"
    ) || (is_time_word(w) && !matches!(w, "may" | "march"))
}

/// The clause from the sentence start up to token `end` (exclusive), without trailing
/// punctuation; `None` when it is too short or holds a direct quotation.
fn content_before(toks: &[Token], end: usize) -> Option<Span> {
    let mut start = 0;
    while start < end && toks[start].kind == TokKind::Punct && !matches!(toks[start].lower.as_str(), "“" | "\"" | "‘") {
        start += 1;
    }
    let mut e = end;
    while e > start && toks[e - 1].kind == TokKind::Punct && !is_closing_mark(&toks[e - 1]) {
        e -= 1;
    }
    let body = &toks[start..e];
    if body.iter().filter(|t| t.is_word()).count() < 3 || body.iter().any(|t| t.kind == TokKind::Quote) {
        return None;
    }
    Some(span_of(body))
}

fn make_reported(text: &str, content: Span, cue: Span, speaker: Span, paragraph_idx: usize) -> Quote {
    Quote {
        span: content,
        kind: kind_of(content.slice(text)),
        cue: Some(cue),
        attribution: Attribution::Mention(speaker),
        inherited: false,
        paragraph_idx,
    }
}

/// "According to X, …" and "…, according to X."
fn according_to(text: &str, toks: &[Token], k: usize, paragraph_idx: usize) -> Option<Quote> {
    let np_start = k + 2;
    let np_len = toks[np_start..].iter().take_while(|t| t.is_word()).count();
    let mut np = strip_np(text, &toks[np_start..np_start + np_len]);
    // "according to a statement released by both parties": the parties speak.
    let document = np.iter().position(|t| matches!(t.lower.as_str(), "statement" | "release" | "letter" | "report" | "filing" | "document" | "post" | "memo"));
    if let Some(d) = document {
        if let Some(b) = np[d..].iter().position(|t| matches!(t.lower.as_str(), "by" | "from")).map(|b| d + b + 1) {
            if b < np.len() && plausible_speaker(text, &np[b..]) {
                np = &np[b..];
            }
        }
    }
    if np.is_empty() || !plausible_speaker(text, np) {
        return None;
    }
    let cue = cue_span(toks, k, 2);
    let leading = toks[..k].iter().all(|t| t.kind == TokKind::Punct || matches!(t.lower.as_str(), "but" | "and" | "yet"));
    let content = if leading {
        let after = np_start + np_len;
        let from = toks[after..].iter().position(|t| t.is_punct(","))? + after + 1;
        let mut e = toks.len();
        while e > from && toks[e - 1].kind == TokKind::Punct && !is_closing_mark(&toks[e - 1]) {
            e -= 1;
        }
        if toks[from..e].iter().filter(|t| t.is_word()).count() < 3 || toks[from..e].iter().any(|t| t.kind == TokKind::Quote) {
            return None;
        }
        span_of(&toks[from..e])
    } else {
        if k == 0 || !toks[k - 1].is_punct(",") {
            return None;
        }
        content_before(toks, k - 1)?
    };
    Some(make_reported(text, content, cue, span_of(np), paragraph_idx))
}

fn kind_of(content: &str) -> QuoteKind {
    if content.contains(['“', '”', '"', '«', '»']) || marks::has_single_quote_pair(content) {
        QuoteKind::Mixed
    } else {
        QuoteKind::Indirect
    }
}

/// Keeps quotes disjoint: on overlap, a direct quote wins, then the longer span.
fn remove_overlaps(mut quotes: Vec<Quote>) -> Vec<Quote> {
    let n = quotes.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (quotes[i].kind != QuoteKind::Direct, std::cmp::Reverse(quotes[i].span.len()), quotes[i].span.start));
    let mut kept: Vec<usize> = Vec::new();
    for i in order {
        if quotes[i].span.is_empty() {
            continue;
        }
        if kept.iter().all(|&j| quotes[j].span.overlap(quotes[i].span) == 0) {
            kept.push(i);
        }
    }
    kept.sort_by_key(|&i| quotes[i].span.start);
    let mut taken: Vec<Option<Quote>> = quotes.drain(..).map(Some).collect();
    kept.iter().filter_map(|&i| taken[i].take()).collect()
}

#[cfg(test)]
mod tests;
