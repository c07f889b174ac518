//! Speakers: from the mentions the quote stage found to one [`Actor`] per person,
//! organisation or group in an article.
//!
//! Input: article text, its [`Document`] and the quotes' speaker mentions. Output: a
//! [`Cast`]: the actors (in order of first mention) and each quote's speaker. Within an
//! article, a full name, its surname, its title forms ("the deputy minister") and the
//! pronouns that refer back to it become one actor. Two people who share a surname are
//! never merged: a bare surname goes to the most recently mentioned of them. Quotes with
//! no named source share one actor, [`UNNAMED`], listed after the named ones. A quote the
//! text gives no speaker at all falls back on the next attributed quote's speaker nearby,
//! else on the article’s main speaker (`fallback_speakers`).

pub mod aliases;
mod names;

use serde::{Deserialize, Serialize};

use crate::quotes::lexicon::{is_plural_head, LEADING_ADVERBIAL, ROLE_NOUNS, TITLES};
use crate::quotes::tokens::{tokenize, Token};
use crate::quotes::{Attribution, Quote};
use crate::segment::Document;
use crate::span::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ActorId(pub usize);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    Person,
    Organisation,
    Group,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Male,
    Female,
}

#[derive(Debug, Clone, Serialize)]
pub struct Actor {
    pub id: ActorId,
    /// Canonical name: the fullest name the article gives, or its own description.
    pub name: String,
    pub kind: ActorKind,
    /// Every surface form that was resolved to this actor, pronouns included.
    pub aliases: Vec<String>,
    /// Titles and appositives seen with the name ("Russia’s deputy foreign minister").
    pub titles: Vec<String>,
    /// Speaker mentions resolved to this actor.
    pub mentions: Vec<Span>,
    #[serde(skip)]
    gender: Option<Gender>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Cast {
    pub actors: Vec<Actor>,
    /// For each quote (same index), its speaker.
    pub speaker_of: Vec<Option<ActorId>>,
}

/// What a speaker mention is.
#[derive(Debug, Clone, PartialEq)]
enum MentionForm {
    Pronoun(String),
    /// A name (titles stripped), with the titles that stood before it.
    Name { name: Vec<String>, titles: String },
    /// A description with no name: "US officials", "the union".
    Description(String),
}

/// Resolves every quote's speaker mention to an actor.
/// The actor of quotes attributed to no named source.
pub const UNNAMED: &str = "unnamed sources";

pub fn resolve(text: &str, doc: &Document, quotes: &[Quote]) -> Cast {
    let quoted: Vec<Span> = quotes.iter().filter(|q| q.kind == crate::quotes::QuoteKind::Direct).map(|q| q.span).collect();
    let mut cast = CastBuilder { text, actors: Vec::new(), occurrences: Vec::new(), people: people_in(text, doc, &quoted), quoted };
    let mut mention_actor: std::collections::HashMap<Span, ActorId> = Default::default();

    let mut mentions: Vec<Span> = quotes
        .iter()
        .filter_map(|q| match q.attribution {
            Attribution::Mention(s) => Some(s),
            Attribution::Unknown | Attribution::Unnamed => None,
        })
        .collect();
    mentions.sort();
    mentions.dedup();

    // Names and descriptions first, so that a pronoun can refer to any of them.
    let forms: Vec<(Span, MentionForm)> = mentions.iter().map(|&m| (m, classify(text, m))).collect();
    for (span, form) in &forms {
        let id = match form {
            MentionForm::Pronoun(_) => continue,
            MentionForm::Name { name, titles } => cast.name(span.start, name, titles),
            MentionForm::Description(d) => cast.description(span.start, d),
        };
        cast.actors[id.0].mentions.push(*span);
        let surface = span.slice(text).to_string();
        push_unique(&mut cast.actors[id.0].aliases, surface);
        mention_actor.insert(*span, id);
    }
    cast.find_occurrences(doc);
    for (span, form) in &forms {
        if let MentionForm::Pronoun(p) = form {
            if let Some(id) = cast.pronoun(doc, span.start, p) {
                // A resolved pronoun stands for its actor in later sentences: "He
                // stressed …" after "“…,” he said … Charles Michel" keeps the first
                // speaker, not the last name seen.
                if let Some(occ) = cast.occurrences.get_mut(id.0) {
                    occ.push(span.start);
                }
                cast.actors[id.0].mentions.push(*span);
                push_unique(&mut cast.actors[id.0].aliases, span.slice(text).to_string());
                mention_actor.insert(*span, id);
            }
        }
    }
    // Passive and `reportedly` attributions share one actor.
    let unnamed = quotes.iter().any(|q| q.attribution == Attribution::Unnamed).then(|| cast.add(UNNAMED.to_string(), ActorKind::Group, ""));
    let speaker_of = quotes
        .iter()
        .map(|q| match q.attribution {
            Attribution::Mention(s) => mention_actor.get(&s).copied(),
            Attribution::Unnamed => unnamed,
            Attribution::Unknown => None,
        })
        .collect();
    let speaker_of = fallback_speakers(quotes, speaker_of, unnamed);
    let mut actors = cast.actors;
    for a in &mut actors {
        a.mentions.sort();
    }
    Cast { actors, speaker_of }
}

/// Quotes the text gives no speaker for (no frame, no neighbour, or a pronoun with no
/// antecedent) take the speaker of the next attributed quote in the same or the next
/// paragraph (the article names the speaker just after: "…, with the minister accusing
/// the bloc of “…”. Ragna Dalsgaard, the minister, said …"), else the article's main
/// speaker, when one speaker has most of its quotes. Never the unnamed-sources actor.
fn fallback_speakers(quotes: &[Quote], mut speaker_of: Vec<Option<ActorId>>, unnamed: Option<ActorId>) -> Vec<Option<ActorId>> {
    let named = |s: &Option<ActorId>| s.is_some_and(|id| Some(id) != unnamed);
    let mut counts: std::collections::BTreeMap<ActorId, usize> = Default::default();
    for id in speaker_of.iter().filter(|s| named(s)).flatten() {
        *counts.entry(*id).or_default() += 1;
    }
    // The article's main speaker: one who has more than half of the attributed quotes.
    let total: usize = counts.values().sum();
    let main = counts.iter().find(|(_, &n)| 2 * n > total).map(|(id, _)| *id);
    let before = speaker_of.clone();
    for (i, q) in quotes.iter().enumerate() {
        if before.get(i).is_some_and(Option::is_some) || q.attribution == Attribution::Unnamed {
            continue;
        }
        let next = (i + 1..quotes.len().min(before.len())).find(|&j| named(&before[j])).filter(|&j| quotes[j].paragraph_idx <= q.paragraph_idx + 1).and_then(|j| before[j]);
        if let Some(slot) = speaker_of.get_mut(i) {
            *slot = next.or(main);
        }
    }
    speaker_of
}

fn push_unique(v: &mut Vec<String>, s: String) {
    if !s.is_empty() && !v.contains(&s) {
        v.push(s);
    }
}

struct CastBuilder<'t> {
    text: &'t str,
    actors: Vec<Actor>,
    /// For each actor, byte offsets where its name or surname occurs in the text.
    occurrences: Vec<Vec<usize>>,
    /// People named anywhere in the text (given name + surname), speakers or not.
    people: Vec<Person>,
    /// Direct quotations: names inside them are not antecedents of a pronoun.
    quoted: Vec<Span>,
}

/// A person named in the text: where, the full name, and the given name's gender.
#[derive(Debug, Clone)]
struct Person {
    at: usize,
    name: String,
    gender: Option<Gender>,
}

fn gender_of_given_name(name: &str) -> Option<Gender> {
    let first = name.split_whitespace().next()?.to_lowercase();
    if names::MALE.contains(&first.as_str()) {
        Some(Gender::Male)
    } else if names::FEMALE.contains(&first.as_str()) {
        Some(Gender::Female)
    } else {
        None
    }
}

/// Full names in the text: a known given name (or an honorific) followed by capitalised
/// words, outside direct quotations.
fn people_in(text: &str, doc: &Document, quoted: &[Span]) -> Vec<Person> {
    let mut out = Vec::new();
    for s in &doc.sentences {
        let toks: Vec<Token> = tokenize(text, s.span, &[]).into_iter().collect();
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            let honorific = match t.lower.trim_end_matches('.') {
                "mr" | "sir" | "lord" => Some(Gender::Male),
                "mrs" | "ms" | "miss" | "dame" | "lady" => Some(Gender::Female),
                _ => None,
            };
            let given = t.is_capitalised(text) && (names::MALE.contains(&t.lower.as_str()) || names::FEMALE.contains(&t.lower.as_str()));
            // "federation head Aksel Brun": a role noun before a capitalised pair names a
            // person even when the given name is not in the lists (gender unknown).
            // Also an appositive: "the company’s spokeswoman, Petra Lindqvist".
            let role_before = i > 0 && PERSON_HEADS.contains(&toks[i - 1].lower.as_str());
            let role_appositive = i > 1 && toks[i - 1].is_punct(",") && PERSON_HEADS.contains(&toks[i - 2].lower.as_str());
            let titled = (role_before || role_appositive)
                && t.is_capitalised(text)
                && !TITLES.contains(&t.lower.trim_end_matches('.'))
                && toks.get(i + 1).is_some_and(|n| n.is_word() && n.is_capitalised(text) && !n.lower.ends_with("'s"));
            if (given || titled || honorific.is_some()) && !quoted.iter().any(|q| q.contains(t.span)) {
                let start = if honorific.is_some() { i + 1 } else { i };
                let mut j = start;
                while j < toks.len() && toks[j].is_word() && (toks[j].is_capitalised(text) || (NAME_PARTICLES.contains(&toks[j].lower.as_str()) && !matches!(toks[j].lower.as_str(), "and" | "&" | "y") && j + 1 < toks.len() && toks[j + 1].is_capitalised(text))) && j - start < 4 {
                    j += 1;
                }
                if j > start + usize::from(honorific.is_none()) {
                    let name = toks[start..j].iter().map(|t| t.span.slice(text).trim_end_matches("’s").trim_end_matches("'s")).collect::<Vec<_>>().join(" ");
                    let gender = honorific.or_else(|| gender_of_given_name(&name));
                    out.push(Person { at: t.span.start, name, gender });
                    i = j;
                    continue;
                }
            }
            i += 1;
        }
    }
    out
}

impl CastBuilder<'_> {
    fn add(&mut self, name: String, kind: ActorKind, titles: &str) -> ActorId {
        let id = ActorId(self.actors.len());
        let mut t = Vec::new();
        push_unique(&mut t, titles.to_string());
        let gender = gender_from_titles(titles).or_else(|| if kind == ActorKind::Person { gender_of_given_name(&name) } else { None });
        self.actors.push(Actor { id, name, kind, aliases: Vec::new(), titles: t, mentions: Vec::new(), gender });
        id
    }

    /// A named mention: joins the actor with the same full name, or (for a bare surname
    /// or a full name whose surname an actor already has) the one with that surname.
    fn name(&mut self, at: usize, name: &[String], titles: &str) -> ActorId {
        let full = name.join(" ");
        let surname = name.last().cloned().unwrap_or_default();
        let kind = kind_of_name(name, titles);
        if let Some(a) = self.actors.iter().find(|a| a.name.eq_ignore_ascii_case(&full)) {
            let id = a.id;
            push_unique(&mut self.actors[id.0].titles, titles.to_string());
            return id;
        }
        let same_surname: Vec<ActorId> = self
            .actors
            .iter()
            .filter(|a| a.kind != ActorKind::Group && last_word(&a.name).eq_ignore_ascii_case(&surname))
            .map(|a| a.id)
            .collect();
        if name.len() == 1 {
            // A bare surname: the person of that surname mentioned last before here.
            if let Some(&id) = same_surname.iter().max_by_key(|id| self.last_mention_before(**id, at)) {
                return id;
            }
            // "Lula" for "Luiz Inácio Lula da Silva": the short form stands before a
            // particle in the full name.
            if let Some(a) = self.actors.iter().find(|a| a.kind == ActorKind::Person && short_form_of(&a.name, &surname)) {
                return a.id;
            }
            // A full name that occurs earlier in the text, though not as a speaker.
            if let Some(full) = full_name_before(self.text, at, &surname) {
                if let Some(a) = self.actors.iter().find(|a| a.name.eq_ignore_ascii_case(&full)) {
                    return a.id;
                }
                return self.add(full, ActorKind::Person, titles);
            }
            return self.add(full, kind, titles);
        }
        // A full name: upgrade an actor known so far only by this surname, unless it is
        // already another full name (two people sharing a surname).
        if let Some(&id) = same_surname.iter().find(|id| !self.actors[id.0].name.contains(' ')) {
            if self.actors[id.0].gender.is_none() {
                self.actors[id.0].gender = gender_of_given_name(&full);
            }
            self.actors[id.0].name = full;
            self.actors[id.0].kind = kind;
            push_unique(&mut self.actors[id.0].titles, titles.to_string());
            return id;
        }
        self.add(full, kind, titles)
    }

    fn last_mention_before(&self, id: ActorId, at: usize) -> usize {
        self.actors[id.0].mentions.iter().filter(|m| m.start < at).map(|m| m.start + 1).max().unwrap_or(0)
    }

    /// A description: the actor whose name or titles contain its head word ("the union"
    /// → "Royal Nurses Union"; "the deputy minister" → the actor titled so), else a new
    /// actor named by the description itself.
    fn description(&mut self, _at: usize, desc: &str) -> ActorId {
        let words: Vec<String> = desc.split_whitespace().map(|w| w.to_lowercase().replace('’', "'")).collect();
        let determiner = matches!(words.first().map(String::as_str), Some("the" | "this" | "that"));
        let head = description_head(&words);
        if let Some(a) = self.actors.iter().find(|a| a.name.eq_ignore_ascii_case(desc)) {
            return a.id;
        }
        if determiner && words.len() <= 4 {
            // A joint actor ("the union and the company") is not "the union".
            let found = self.actors.iter().rev().filter(|a| !a.name.contains(" and ")).find(|a| {
                // "the union" is not "a spokesman for the union": the word must not sit in
                // a modifier after a preposition.
                let name_words: Vec<String> = a.name.to_lowercase().replace('’', "'").split_whitespace().map(String::from).collect();
                let in_name = name_words.iter().position(|w| *w == head).is_some_and(|k| !name_words[..k].iter().any(|w| opens_modifier(w)));
                // "the league" is not the actor titled "League chairman": a noun that
                // modifies a role noun in the title is not the title's head.
                let in_titles = a.titles.iter().any(|t| {
                    let tw: Vec<String> = t.to_lowercase().replace('’', "'").split_whitespace().map(String::from).collect();
                    let modifier = tw.iter().position(|w| *w == head).is_some_and(|k| tw.get(k + 1).is_some_and(|n| PERSON_HEADS.contains(&n.as_str())));
                    tw.contains(&head) && !modifier && words[1..].iter().all(|w| tw.contains(w) || w == "top" || w == "chief")
                });
                (in_name && a.kind != ActorKind::Group) || in_titles
            });
            if let Some(a) = found {
                return a.id;
            }
        }
        let kind = if is_plural_head(&head) { ActorKind::Group } else if ORG_HEADS.contains(&head.as_str()) { ActorKind::Organisation } else { ActorKind::Unknown };
        let kind = if kind == ActorKind::Unknown && PERSON_HEADS.contains(&head.as_str()) { ActorKind::Person } else { kind };
        self.add(desc.to_string(), kind, "")
    }

    /// Where each actor's name, surname or aliases occur in the text (for pronouns).
    fn find_occurrences(&mut self, doc: &Document) {
        let _ = doc;
        self.occurrences = self
            .actors
            .iter()
            .map(|a| {
                let mut needles: Vec<String> = vec![a.name.clone()];
                if a.kind == ActorKind::Person {
                    needles.push(last_word(&a.name).to_string());
                }
                needles.extend(a.aliases.iter().filter(|s| s.split_whitespace().count() > 1 || s.chars().next().is_some_and(char::is_uppercase)).cloned());
                let mut at: Vec<usize> = needles
                    .iter()
                    .filter(|n| n.len() >= 2 && !is_pronoun_word(n))
                    .flat_map(|n| word_occurrences(self.text, n))
                    .collect();
                at.extend(a.mentions.iter().map(|m| m.start));
                at.sort_unstable();
                at.dedup();
                at
            })
            .collect();
    }

    /// The actor a pronoun refers to. Candidates are the fitting actors' name occurrences
    /// (and, for he/she, every person named in the text), outside direct quotations.
    /// Sentences are searched backwards from the pronoun, up to four; within a sentence
    /// the earliest candidate wins (the subject is the likeliest antecedent).
    fn pronoun(&mut self, doc: &Document, at: usize, p: &str) -> Option<ActorId> {
        let gender = match p {
            "he" => Some(Gender::Male),
            "she" => Some(Gender::Female),
            _ => None,
        };
        let person = gender.is_some();
        // (offset, candidate): an actor, or a named person not yet an actor.
        let mut cands: Vec<(usize, Result<ActorId, usize>)> = Vec::new();
        for a in &self.actors {
            let fits = match p {
                "he" | "she" => matches!(a.kind, ActorKind::Person | ActorKind::Unknown) && (a.gender.is_none() || a.gender == gender),
                "they" => matches!(a.kind, ActorKind::Group | ActorKind::Organisation | ActorKind::Unknown),
                // "Lyle Carver said …. It added …": two capitalised words with no title and
                // no known given name may be a firm.
                "it" => {
                    matches!(a.kind, ActorKind::Organisation | ActorKind::Unknown)
                        || (a.kind == ActorKind::Person && a.gender.is_none() && a.titles.iter().all(String::is_empty) && a.name.contains(' ') && gender_of_given_name(&a.name).is_none())
                }
                _ => false,
            };
            if fits {
                for &o in self.occurrences.get(a.id.0).map(Vec::as_slice).unwrap_or(&[]) {
                    cands.push((o, Ok(a.id)));
                }
            }
        }
        if person {
            for (k, pr) in self.people.iter().enumerate() {
                if pr.gender.is_none() || pr.gender == gender {
                    cands.push((pr.at, Err(k)));
                    // "Brun was unmoved. “…,” he said.": the surname alone, later on,
                    // names the same person.
                    if pr.name.contains(' ') {
                        cands.extend(word_occurrences(self.text, last_word(&pr.name)).into_iter().filter(|&o| o > pr.at).map(|o| (o, Err(k))));
                    }
                }
            }
        }
        cands.retain(|(o, _)| !self.quoted.iter().any(|q| q.start <= *o && *o < q.end));
        let here = doc.sentence_at(at).unwrap_or(0);
        // Cataphora, when nothing comes before a he or she: "“…,” she said. Maria Lopez,
        // the union's negotiator, …": the first candidate later in this sentence or the
        // next one.
        if person && !cands.iter().any(|(o, _)| *o < at) {
            let until = doc.sentences.get(here + 1).or(doc.sentences.get(here)).map_or(at, |s| s.span.end);
            cands.retain(|(o, _)| *o > at && *o < until);
            let first = cands.iter().min_by_key(|(o, _)| *o).map(|c| c.1);
            return first.map(|c| self.resolve_candidate(c, gender));
        }
        cands.retain(|(o, _)| *o < at);
        let mut chosen = None;
        // "Speaking after talks with Haddad, he said": a pronoun that opens the main
        // clause after a fronted adverbial is its subject, so the names inside the
        // adverbial are not its antecedent; an earlier sentence is searched first.
        let skip_own = doc.sentences.get(here).is_some_and(|sent| self.pronoun_after_adverbial(sent.span, at));
        for s in (here.saturating_sub(4)..=here).rev() {
            if skip_own && s == here {
                continue;
            }
            let Some(sent) = doc.sentences.get(s) else { continue };
            // A name in a fronted adverbial ("In a letter to Smith, Reed said …") is not
            // the subject: it is taken only when the sentence offers no other.
            let adverbial_end = self.fronted_adverbial_end(sent.span);
            let first = cands
                .iter()
                .filter(|(o, _)| sent.span.start <= *o && *o < sent.span.end)
                .min_by_key(|(o, _)| (*o < adverbial_end, possessive_at(self.text, *o), *o));
            if let Some(c) = first {
                chosen = Some(c.1);
                break;
            }
        }
        let chosen = chosen.or_else(|| cands.iter().max_by_key(|(o, _)| *o).map(|c| c.1));
        let chosen = match chosen {
            Some(c) => c,
            // "Johnson met Democrats. They said …": a group named nearby, though not yet a speaker.
            None if p == "they" => return self.group_before(doc, at),
            None => return None,
        };
        Some(self.resolve_candidate(chosen, gender))
    }

    /// The actor for a chosen pronoun candidate (a named person becomes an actor); a he
    /// or she makes it a person of that gender.
    fn resolve_candidate(&mut self, chosen: Result<ActorId, usize>, gender: Option<Gender>) -> ActorId {
        let id = match chosen {
            Ok(id) => id,
            Err(k) => {
                let pr = self.people[k].clone();
                self.person_actor(&pr)
            }
        };
        if gender.is_some() {
            let a = &mut self.actors[id.0];
            a.gender = gender;
            if a.kind == ActorKind::Unknown {
                a.kind = ActorKind::Person;
            }
        }
        id
    }

    /// The pronoun at `at` opens the main clause of `sentence`, right after the comma of a
    /// fronted adverbial ("Speaking after the talks with Berg, he said").
    fn pronoun_after_adverbial(&self, sentence: Span, at: usize) -> bool {
        if at <= sentence.start {
            return false;
        }
        let toks = tokenize(self.text, Span::new(sentence.start, at.min(sentence.end)), &self.quoted);
        let opens = toks.first().is_some_and(|t| LEADING_ADVERBIAL.contains(&t.lower.as_str()) && !matches!(t.lower.as_str(), "but" | "and" | "so" | "yet" | "also"));
        opens && toks.len() > 2 && toks.last().is_some_and(|t| t.is_punct(","))
    }

    /// Where a fronted adverbial ("After meeting Berg on Monday,") ends in `sentence`: the
    /// offset of its comma, or the sentence start when it opens with no such adverbial.
    fn fronted_adverbial_end(&self, sentence: Span) -> usize {
        let toks = tokenize(self.text, sentence, &self.quoted);
        let opens = toks.first().is_some_and(|t| LEADING_ADVERBIAL.contains(&t.lower.as_str()) && !matches!(t.lower.as_str(), "but" | "and" | "so" | "yet" | "also"));
        if !opens {
            return sentence.start;
        }
        toks.iter().take(15).find(|t| t.is_punct(",")).map_or(sentence.start, |t| t.span.start)
    }

    /// For "they" with no actor to refer to: the first group named in the nearest of the
    /// three sentences up to the pronoun, outside quotations: a capitalised plural
    /// ("Democrats", "Palestinians") or a determined plural role noun ("the unions", "both
    /// sides"). It becomes a group actor.
    fn group_before(&mut self, doc: &Document, at: usize) -> Option<ActorId> {
        let here = doc.sentence_at(at)?;
        for s in (here.saturating_sub(2)..=here).rev() {
            let sent = doc.sentences[s].span;
            let toks = tokenize(self.text, Span::new(sent.start, sent.end.min(at)), &self.quoted);
            for (i, t) in toks.iter().enumerate() {
                if !t.is_word() {
                    continue;
                }
                let word = t.span.slice(self.text);
                let plural = is_plural_head(word) && !word.ends_with("'s") && !word.ends_with("’s");
                let capitalised = plural && i > 0 && word.chars().next().is_some_and(char::is_uppercase) && word.chars().skip(1).all(char::is_lowercase);
                let determined = plural
                    && ROLE_NOUNS.contains(&t.lower.as_str())
                    && i > 0
                    && matches!(toks[i - 1].lower.as_str(), "the" | "both" | "two" | "all");
                let name = if capitalised {
                    word.to_string()
                } else if determined {
                    Span::new(toks[i - 1].span.start, t.span.end).slice(self.text).to_string()
                } else {
                    continue;
                };
                if let Some(a) = self.actors.iter().find(|a| a.name.eq_ignore_ascii_case(&name)) {
                    return Some(a.id);
                }
                let id = self.add(name, ActorKind::Group, "");
                self.occurrences.push(vec![t.span.start]);
                return Some(id);
            }
        }
        None
    }

    /// The actor for a person named in the text: an existing actor with that full name or
    /// surname, else a new one.
    fn person_actor(&mut self, pr: &Person) -> ActorId {
        if let Some(a) = self.actors.iter().find(|a| a.name.eq_ignore_ascii_case(&pr.name) || (a.kind == ActorKind::Person && !a.name.contains(' ') && last_word(&pr.name).eq_ignore_ascii_case(&a.name))) {
            return a.id;
        }
        let id = self.add(pr.name.clone(), ActorKind::Person, "");
        self.actors[id.0].gender = pr.gender;
        let mut occ: Vec<usize> = word_occurrences(self.text, &pr.name).into_iter().chain(word_occurrences(self.text, last_word(&pr.name))).collect();
        occ.sort_unstable();
        occ.dedup();
        self.occurrences.push(occ);
        id
    }
}

const ORG_WORDS: &[&str] = &[
    "union", "ministry", "party", "council", "commission", "company", "corp", "corporation",
    "inc", "ltd", "plc", "group", "association", "federation", "league", "club", "bank",
    "agency", "department", "committee", "government", "office", "nato", "un", "eu",
    "kremlin", "house", "court", "army", "police", "organisation", "organization", "institute",
    "foundation", "authority", "board", "airlines", "airways", "motors", "holdings", "partners",
    "capital", "fund", "trust", "network", "times", "post", "news", "reuters", "press", "ria",
    "tass", "parliament", "congress", "senate", "assembly", "alliance", "coalition", "front",
    "movement", "forces", "service", "services", "university", "fc", "united", "city",
    "steel", "airline", "industries", "systems", "technologies", "energy", "oil", "media",
];

const ORG_HEADS: &[&str] = &[
    "union", "company", "government", "ministry", "administration", "firm", "group", "party",
    "council", "commission", "committee", "league", "club", "federation", "association",
    "board", "management", "alliance", "bloc", "coalition", "delegation", "employer",
    "kremlin", "agency", "authority", "regulator", "court", "department", "bank", "airline",
    "bidder", "statement", "campaign", "movement", "side", "team", "office",
];

const PERSON_HEADS: &[&str] = &[
    "minister", "president", "spokesperson", "spokesman", "spokeswoman", "negotiator",
    "leader", "chief", "executive", "secretary", "secretary-general", "chairman",
    "chairwoman", "chair", "director", "senator", "ambassador", "envoy", "mayor", "governor",
    "lawyer", "attorney", "official", "premier", "chancellor", "ceo", "head", "representative",
    "manager", "owner", "judge", "commissioner", "general", "commander", "mediator", "woman", "man",
];

/// Countries and capitals, which news uses for governments ("Moscow said").
const PLACES: &[&str] = &[
    "afghanistan", "albania", "algeria", "argentina", "armenia", "australia", "austria",
    "azerbaijan", "bahrain", "bangladesh", "belarus", "belgium", "bolivia", "bosnia", "brazil",
    "britain", "bulgaria", "cambodia", "canada", "chile", "china", "colombia", "croatia",
    "cuba", "cyprus", "czechia", "denmark", "ecuador", "egypt", "eritrea", "estonia",
    "ethiopia", "finland", "france", "georgia", "germany", "ghana", "greece", "guatemala",
    "haiti", "honduras", "hungary", "india", "indonesia", "iran", "iraq", "ireland", "israel",
    "italy", "japan", "jordan", "kazakhstan", "kenya", "kosovo", "kuwait", "latvia", "lebanon",
    "libya", "lithuania", "malaysia", "mali", "mexico", "moldova", "morocco", "myanmar",
    "nepal", "netherlands", "nicaragua", "niger", "nigeria", "norway", "oman", "pakistan",
    "palestine", "panama", "paraguay", "peru", "philippines", "poland", "portugal", "qatar",
    "romania", "russia", "rwanda", "serbia", "singapore", "slovakia", "slovenia", "somalia",
    "spain", "sudan", "sweden", "switzerland", "syria", "taiwan", "tanzania", "thailand",
    "tunisia", "turkey", "türkiye", "uganda", "ukraine", "uruguay", "us", "usa", "u.s.", "uk",
    "venezuela", "vietnam", "yemen", "zambia", "zimbabwe", "washington", "moscow", "beijing",
    "kyiv", "kiev", "london", "paris", "berlin", "brussels", "tehran", "ankara", "tokyo",
    "seoul", "pyongyang", "delhi", "islamabad", "jerusalem", "cairo", "riyadh", "baku",
    "yerevan", "belgrade", "pristina", "caracas", "havana", "ottawa", "canberra", "madrid",
    "rome", "warsaw", "minsk", "tbilisi", "khartoum", "addis", "doha", "damascus", "baghdad",
    "kabul", "taipei", "manila", "hanoi", "bogota", "brasilia", "westminster", "whitehall",
    "beirut", "amman", "kinshasa", "nairobi", "pretoria", "abuja", "dublin", "athens",
];

fn kind_of_name(name: &[String], titles: &str) -> ActorKind {
    let lower: Vec<String> = name.iter().map(|w| w.to_lowercase()).collect();
    // Two people named together ("Gail Norris and Sam Pike") are a group, which a bare
    // surname of either never joins.
    if lower.len() >= 3 && lower.iter().any(|w| w == "and") && name.iter().all(|w| w == "and" || w.chars().next().is_some_and(char::is_uppercase)) {
        return ActorKind::Group;
    }
    if lower.iter().any(|w| ORG_WORDS.contains(&w.as_str()) || w == "&") || (titles.is_empty() && lower.len() <= 2 && lower.iter().any(|w| PLACES.contains(&w.as_str()))) {
        return ActorKind::Organisation;
    }
    if !titles.is_empty() || name.len() >= 2 {
        return ActorKind::Person;
    }
    if name.len() == 1 && name[0].chars().filter(|c| c.is_uppercase()).count() >= 2 {
        // "NATO", "ELN", "UAW": an acronym is an organisation.
        return ActorKind::Organisation;
    }
    ActorKind::Unknown
}

fn gender_from_titles(titles: &str) -> Option<Gender> {
    let t = titles.to_lowercase();
    let words: Vec<&str> = t.split(|c: char| !c.is_alphanumeric()).collect();
    if words.iter().any(|w| matches!(*w, "mr" | "sir" | "lord" | "king" | "prince" | "chairman" | "spokesman" | "congressman")) {
        Some(Gender::Male)
    } else if words.iter().any(|w| matches!(*w, "mrs" | "ms" | "miss" | "dame" | "lady" | "queen" | "princess" | "chairwoman" | "spokeswoman" | "congresswoman")) {
        Some(Gender::Female)
    } else {
        None
    }
}

/// The name at `at` is a possessor ("Torres’s chief of staff, Anton Greer, said"): it
/// modifies the subject rather than being it, so a pronoun prefers another name.
fn possessive_at(text: &str, at: usize) -> bool {
    let Some(rest) = text.get(at..) else { return false };
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == ' ' || c == '-')).unwrap_or(rest.len());
    let words = &rest[..end];
    let capitalised = !words.trim().is_empty() && words.split_whitespace().all(|w| w.chars().next().is_some_and(char::is_uppercase));
    capitalised && !words.ends_with(' ') && (rest[end..].starts_with("’s") || rest[end..].starts_with("'s"))
}

fn opens_modifier(w: &str) -> bool {
    matches!(w, "for" | "of" | "at" | "from" | "with" | "in" | "on" | "to" | "close" | "familiar")
}

/// The head word of a lowercased description: the last word, or for a noun with a
/// modifier ("a spokesman for the union", "analysts at Harrow", "people familiar with
/// the talks", "officials involved in the talks") the noun before the modifier.
fn description_head(words: &[String]) -> String {
    let Some(k) = words.iter().skip(1).position(|w| opens_modifier(w)).map(|k| k + 1) else {
        return words.last().cloned().unwrap_or_default();
    };
    let mut h = k - 1;
    // A participle between the noun and its preposition: "officials involved in".
    while h > 0 && words[h].ends_with("ed") && words[h].len() > 4 {
        h -= 1;
    }
    words[h].clone()
}

fn last_word(s: &str) -> &str {
    s.split_whitespace().last().unwrap_or("")
}

fn is_pronoun_word(s: &str) -> bool {
    matches!(s.to_lowercase().as_str(), "he" | "she" | "they" | "it" | "we" | "i" | "you")
}

/// Byte offsets where `needle` occurs in `text` as whole words.
fn word_occurrences(text: &str, needle: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(needle) {
        let s = from + i;
        let e = s + needle.len();
        let before_ok = text[..s].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after_ok = text[e..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            out.push(s);
        }
        from = e;
    }
    out
}

/// A capitalised two-or-three-word name ending in `surname`, occurring before `at`
/// ("Wendy Sherman" for a later "Sherman"). Words across punctuation do not join.
fn full_name_before(text: &str, at: usize, surname: &str) -> Option<String> {
    for s in word_occurrences(&text[..at.min(text.len())], surname) {
        let mut name = vec![surname.to_string()];
        for w in text[..s].split_whitespace().rev().take(2) {
            if w.ends_with(|c: char| !c.is_alphanumeric()) {
                break;
            }
            let cap = w.chars().next().is_some_and(char::is_uppercase);
            let lower = w.to_lowercase();
            if cap && !TITLES.contains(&lower.trim_end_matches('.')) && !w.contains('’') && !w.contains('\'') {
                name.insert(0, w.to_string());
            } else {
                break;
            }
        }
        // Particles and capitalised words after it: "Lula da Silva".
        let after = &text[s + surname.len()..];
        let mut rest = after.split(' ').skip(1).peekable();
        let mut tail = Vec::new();
        while let Some(w) = rest.next().filter(|_| after.starts_with(' ')) {
            let w = w.trim_end_matches(|c: char| !c.is_alphanumeric());
            let particle = NAME_PARTICLES.contains(&w) && !matches!(w, "and" | "&" | "y") && rest.peek().is_some_and(|n| n.chars().next().is_some_and(char::is_uppercase));
            if particle {
                tail.push(w);
            } else if !tail.is_empty() && w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic) {
                // The name ends here (a comma or a full stop may follow).
                tail.push(w);
                break;
            } else {
                break;
            }
        }
        if tail.len() >= 2 && name.len() >= 2 {
            name.extend(tail.iter().map(|w| w.to_string()));
        }
        if name.len() >= 2 {
            return Some(name.join(" "));
        }
    }
    None
}

/// `short` is a word of the person's `full` name that a particle follows ("Lula" in
/// "Luiz Inácio Lula da Silva").
fn short_form_of(full: &str, short: &str) -> bool {
    let words: Vec<&str> = full.split_whitespace().collect();
    words.windows(2).any(|w| w[0].eq_ignore_ascii_case(short) && NAME_PARTICLES.contains(&w[1].to_lowercase().as_str()) && !matches!(w[1], "and" | "&" | "y"))
}

const NAME_PARTICLES: &[&str] = &["da", "de", "del", "della", "di", "do", "dos", "das", "van", "von", "der", "den", "bin", "ibn", "al", "el", "la", "le", "du", "ter", "y", "and", "&"];

/// Words for a written statement, whose author is the speaker.
const DOCUMENT_NOUNS: &[&str] = &["statement", "letter", "post", "tweet", "release", "website", "memo", "communique", "communiqué", "filing", "email", "message"];

/// "The ministry’s statement", "a letter from the board to shareholders", "a joint
/// statement by the two governments": a document speaks for its author, who is named by
/// the possessive before the document noun or after `from`/`by`.
fn author_of_document(text: &str, toks: &[Token]) -> Option<Span> {
    let d = toks.iter().position(|t| DOCUMENT_NOUNS.contains(&t.lower.as_str()))?;
    if d > 0 && (toks[d - 1].lower.ends_with("'s") || toks[d - 1].lower.ends_with("s'")) {
        let p = &toks[d - 1];
        let surface = p.span.slice(text);
        let name_end = p.span.start + surface.trim_end_matches('s').trim_end_matches(['\'', '’']).len();
        let start = toks[0].span.start;
        return (name_end > start).then(|| Span::new(start, name_end));
    }
    toks.get(d + 1).filter(|t| matches!(t.lower.as_str(), "from" | "by"))?;
    let rest = toks.get(d + 2..)?;
    let n = rest.iter().position(|t| matches!(t.lower.as_str(), "to" | "on" | "in" | "at")).unwrap_or(rest.len());
    (n > 0).then(|| Span::new(rest[0].span.start, rest[n - 1].span.end))
}

/// "the state Department of Insurance", "The Union of German Locomotive Drivers": an
/// organisation's name that runs over its `of`, to the end of the mention. Words before
/// the organisation word are titles ("the state").
fn organisation_of(text: &str, toks: &[Token]) -> Option<MentionForm> {
    let is_name_word = |t: &Token| t.is_capitalised(text) && !TITLES.contains(&t.lower.trim_end_matches('.')) && !t.lower.ends_with("'s");
    let o = toks.iter().position(|t| t.lower == "of")?;
    let head = toks.get(o.checked_sub(1)?)?;
    let tail = toks.get(o + 1..)?;
    let org_word = ORG_WORDS.contains(&head.lower.as_str()) && !matches!(head.lower.as_str(), "house" | "times" | "post" | "news" | "press" | "city" | "united");
    let tail_is_name = tail.last().is_some_and(is_name_word) && tail.iter().all(|t| is_name_word(t) || matches!(t.lower.as_str(), "the" | "and" | "&" | "for" | "of"));
    // ("Union" is also a title word: "union leader".)
    if !(org_word && head.is_capitalised(text) && tail_is_name) {
        return None;
    }
    let mut k = o - 1;
    while k > 0 && is_name_word(&toks[k - 1]) {
        k -= 1;
    }
    let name = toks[k..].iter().map(|t| t.span.slice(text).to_string()).collect();
    let titles = if k > 0 { Span::new(toks[0].span.start, toks[k - 1].span.end).slice(text).to_string() } else { String::new() };
    let titles = if titles.eq_ignore_ascii_case("the") { String::new() } else { titles };
    Some(MentionForm::Name { name, titles })
}

/// Classifies a speaker mention: pronoun, name (titles stripped) or description.
fn classify(text: &str, span: Span) -> MentionForm {
    // "&" stays: it joins the two halves of a firm's name ("Lyle & Carver").
    let toks: Vec<Token> = tokenize(text, span, &[]).into_iter().filter(|t| t.is_word() || t.lower == "&").collect();
    if toks.len() == 1 && is_pronoun_word(&toks[0].lower) {
        return MentionForm::Pronoun(toks[0].lower.clone());
    }
    // "Her reply was brief — “…”": a possessive pronoun that leads into a quotation
    // refers to the speaker as its subject pronoun would.
    if toks.len() == 1 {
        let subject = match toks[0].lower.as_str() {
            "his" => Some("he"),
            "her" => Some("she"),
            "their" => Some("they"),
            _ => None,
        };
        if let Some(p) = subject {
            return MentionForm::Pronoun(p.to_string());
        }
    }
    let surface = span.slice(text).trim().to_string();
    if let Some(author) = author_of_document(text, &toks) {
        return classify(text, author);
    }
    // "Jane Doe of the Teamsters", "Lena Holm of the dockworkers' union": a full name, then
    // an affiliation. (Not "Secretary of State Antony Blinken": a title is not a name.)
    let lead = toks.iter().take_while(|t| t.is_capitalised(text) && !TITLES.contains(&t.lower.trim_end_matches('.')) && !t.lower.ends_with("'s")).count();
    if lead >= 2 && toks.get(lead).is_some_and(|t| matches!(t.lower.as_str(), "of" | "from" | "at" | "for")) && toks.len() > lead + 1 {
        let name: Vec<String> = toks[..lead].iter().map(|t| t.span.slice(text).to_string()).collect();
        return MentionForm::Name { name, titles: String::new() };
    }
    // The name is the trailing run of capitalised tokens that are not titles.
    let is_cap = |t: &Token| t.is_capitalised(text);
    if let Some(org) = organisation_of(text, &toks) {
        return org;
    }
    let Some(last) = toks.last() else {
        return MentionForm::Description(surface);
    };
    let last_is_name = is_cap(last) && !TITLES.contains(&last.lower.trim_end_matches('.')) && !last.lower.ends_with("'s") && !ROLE_NOUNS.contains(&last.lower.as_str());
    if !last_is_name {
        return MentionForm::Description(surface);
    }
    let mut k = toks.len();
    while k > 0 {
        let t = &toks[k - 1];
        let l = t.lower.trim_end_matches('.');
        // Name particles inside a name: "Lula da Silva", "Ursula von der Leyen".
        let particle = NAME_PARTICLES.contains(&l) && k >= 2 && k < toks.len() && is_cap(&toks[k - 2]);
        if (is_cap(t) && !TITLES.contains(&l) && !t.lower.ends_with("'s")) || particle {
            k -= 1;
        } else {
            break;
        }
    }
    // "the Kremlin", "the European Commission": a determiner belongs to an org name.
    let mut name: Vec<String> = toks[k..].iter().map(|t| t.span.slice(text).to_string()).collect();
    // A joint subject: "Gail Norris and her deputy, Sam Pike" names both people.
    if let Some(and_i) = (1..k.saturating_sub(1)).rev().find(|&i| toks[i].lower == "and" && matches!(toks[i + 1].lower.as_str(), "his" | "her" | "their")) {
        let mut f = and_i;
        while f > 0 && is_cap(&toks[f - 1]) && !TITLES.contains(&toks[f - 1].lower.trim_end_matches('.')) && !toks[f - 1].lower.ends_with("'s") {
            f -= 1;
        }
        // "He and his closest ally, Senator Mila Okonjo": the pronoun is left out.
        if f < and_i && !(and_i == f + 1 && is_pronoun_word(&toks[f].lower)) {
            let first: Vec<String> = toks[f..and_i].iter().map(|t| t.span.slice(text).to_string()).collect();
            let titles = if f > 0 { Span::new(toks[0].span.start, toks[f - 1].span.end).slice(text).to_string() } else { String::new() };
            name = first.into_iter().chain(std::iter::once("and".to_string())).chain(name).collect();
            return MentionForm::Name { name, titles };
        }
    }
    let titles = if k > 0 { Span::new(toks[0].span.start, toks[k - 1].span.end).slice(text).to_string() } else { String::new() };
    let titles = if titles.eq_ignore_ascii_case("the") { String::new() } else { titles };
    MentionForm::Name { name, titles }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(text: &str) -> MentionForm {
        classify(text, Span::new(0, text.len()))
    }

    /// (quote text, speaker's canonical name) for each quote of `text`.
    fn speakers(text: &str) -> Vec<(String, String)> {
        let doc = crate::segment::segment(text);
        let ex = crate::quotes::extract(text, &doc);
        let cast = resolve(text, &doc, &ex.quotes);
        ex.quotes
            .iter()
            .zip(&cast.speaker_of)
            .map(|(q, id)| (q.span.slice(text).to_string(), id.map(|id| cast.actors[id.0].name.clone()).unwrap_or_default()))
            .collect()
    }

    fn check(text: &str, expected: &[(&str, &str)]) {
        let want: Vec<(String, String)> = expected.iter().map(|(q, s)| (q.to_string(), s.to_string())).collect();
        assert_eq!(speakers(text), want, "\ntext: {text}");
    }

    #[test]
    fn a_pronoun_keeps_the_previous_pronoun_speaker() {
        check(
            "Prime Minister Anna Kovacs said the talks were hard.\n“It was not easy,” she said after the summit hosted by Chancellor Maria Berg. She stressed that the goals were unchanged.",
            &[
                ("the talks were hard", "Anna Kovacs"),
                ("It was not easy", "Anna Kovacs"),
                ("the goals were unchanged", "Anna Kovacs"),
            ],
        );
    }

    #[test]
    fn they_with_no_speaker_to_refer_to_is_a_group_named_nearby() {
        check(
            "The mayor met Teamsters on Monday. They said the talks were useful.",
            &[("the talks were useful", "Teamsters")],
        );
        check(
            "The mayor met the unions on Monday. They said the talks were useful.",
            &[("the talks were useful", "the unions")],
        );
    }

    #[test]
    fn a_name_in_a_fronted_adverbial_is_not_the_antecedent() {
        check(
            "In a letter to Tomas Berg, Peter Lund said the offer was final. He said the firm would not budge.",
            &[("the offer was final", "Peter Lund"), ("the firm would not budge", "Peter Lund")],
        );
    }

    #[test]
    fn a_full_name_before_its_affiliation_is_the_speaker() {
        check(
            "Lena Holm of the dockworkers’ union said the strike would go on.",
            &[("the strike would go on", "Lena Holm")],
        );
    }

    #[test]
    fn a_pronoun_with_nothing_before_it_refers_forward() {
        check(
            "“We are not moving,” she said on Monday.\nMaria Lopez, the union’s negotiator, spoke after the vote.",
            &[("We are not moving", "Maria Lopez")],
        );
    }

    #[test]
    fn a_person_introduced_by_a_role_noun_is_an_antecedent_by_surname() {
        // "Odile" and "Brann" are in no list of given names: the role noun before the pair
        // makes them a person, and the bare surname later is that person.
        check(
            "Transport Minister Ilse Farkash met guild head Odile Brann and two drivers, Tomas Ruiz and Karl Moen, on Monday. The talks ran late.\nBrann was unmoved. “It is too much,” she said.",
            &[("It is too much", "Odile Brann")],
        );
        // An appositive after a role noun introduces the person too.
        check(
            "The agency’s director, Ysolde Karst, left early. Later the board met.\n“We will appeal,” she said.",
            &[("We will appeal", "Ysolde Karst")],
        );
    }

    #[test]
    fn and_does_not_join_two_people_into_one_name() {
        check(
            "Lena Osterby met Paul Herrick and Interior chief Rosa Vell on Friday.\nHerrick was gloomy. “Nothing has changed,” he said.",
            &[("Nothing has changed", "Paul Herrick")],
        );
    }

    #[test]
    fn a_pronoun_after_a_fronted_adverbial_skips_the_names_inside_it() {
        check(
            "Finance minister Piet Amwele was cautious. Speaking after talks with his counterpart, Hal Brisco, and the mediator, Sven Lagar, he said: “We are not there yet.”",
            &[("We are not there yet.", "Piet Amwele")],
        );
        // With nothing before it, a name in the adverbial is still taken.
        check("After meeting John Brisco on Monday, he said: “We are not there yet.”", &[("We are not there yet.", "John Brisco")]);
    }

    #[test]
    fn a_description_is_not_the_body_its_modifier_names() {
        // "the union" is not the person who speaks for it.
        check(
            "“It is a poor offer,” said a spokesman for the union. The union said it would ballot members.",
            &[("It is a poor offer", "a spokesman for the union"), ("it would ballot members", "The union")],
        );
        // "the league" is not the person titled "League chairman".
        check(
            "League chairman Omar Fell said the club would be fined. According to the league, the club broke the rules twice.",
            &[("the club would be fined", "Omar Fell"), ("the club broke the rules twice", "the league")],
        );
        // Still: "the minister" is the person titled so.
        check(
            "Health Minister Ada Korr said the plan was ready. The minister said it would cost less.",
            &[("the plan was ready", "Ada Korr"), ("it would cost less", "Ada Korr")],
        );
    }

    #[test]
    fn a_possessor_is_not_the_antecedent() {
        check(
            "Mayor Ines Kalb said the budget was final. Kalb’s chief of staff, Milo Trent, said later that talks could resume.\n“Nothing is ruled out,” he said.",
            &[("the budget was final", "Ines Kalb"), ("talks could resume", "Milo Trent"), ("Nothing is ruled out", "Milo Trent")],
        );
        assert!(possessive_at("Kalb’s chief", 0));
        assert!(possessive_at("Ines Kalb's chief", 0));
        assert!(!possessive_at("Kalb said it was Trent’s idea", 0));
        assert!(!possessive_at("Kalb", 9));
    }

    #[test]
    fn a_joint_subject_with_an_appositive_names_both_people() {
        check(
            "Guild chair Rhea Stanton and her deputy, Colm Bessey, told members the offer was the best on the table.",
            &[("the offer was the best on the table", "Rhea Stanton and Colm Bessey")],
        );
        // A pronoun first member is left out: the appositive names the other.
        check(
            "Senator Ruth Pell opposed the bill. She and her closest ally, Senator Ada Mirren, said they would vote against it.",
            &[("they would vote against it", "Ada Mirren")],
        );
        // A later bare surname is the person, not the pair.
        check(
            "Rhea Stanton and her deputy, Colm Bessey, said the vote was close. Bessey said he was confident.",
            &[("the vote was close", "Rhea Stanton and Colm Bessey"), ("he was confident", "Colm Bessey")],
        );
    }

    #[test]
    fn a_document_speaks_for_its_author() {
        check(
            "A statement from the Harwick Teachers Union said members would strike. The union’s letter to parents said schools would close.",
            &[("members would strike", "the Harwick Teachers Union"), ("schools would close", "the Harwick Teachers Union")],
        );
        check("Mayor Ines Kalb’s statement said the budget was final.", &[("the budget was final", "Ines Kalb")]);
        check("A joint statement by the two governments said the border would reopen.", &[("the border would reopen", "the two governments")]);
        // An office is not a document: it stays the speaker.
        check("Mayor Kalb’s office said the budget was final.", &[("the budget was final", "Mayor Kalb’s office")]);
    }

    #[test]
    fn a_description_head_comes_before_its_modifier() {
        let h = |s: &str| description_head(&s.split_whitespace().map(String::from).collect::<Vec<_>>());
        assert_eq!(h("a spokesman for the union"), "spokesman");
        assert_eq!(h("officials involved in the talks"), "officials");
        assert_eq!(h("people familiar with the matter"), "people");
        assert_eq!(h("the union"), "union");
        assert_eq!(h(""), "");
    }

    #[test]
    fn it_can_refer_to_a_firm_with_a_two_word_name() {
        check(
            "Lyle Carver said it would not raise its offer. It added that talks were over.",
            &[("it would not raise its offer", "Lyle Carver"), ("talks were over", "Lyle Carver")],
        );
    }

    #[test]
    fn a_short_form_before_a_particle_is_the_full_name() {
        check(
            "President Carlos Alberto Souza da Lima spoke in Rome.\n“We want the deal,” Souza said.",
            &[("We want the deal", "Carlos Alberto Souza da Lima")],
        );
    }

    #[test]
    fn the_union_is_not_a_joint_actor() {
        check(
            "The union and the company said talks would go on.\nThe union said it would vote on Friday.",
            &[("talks would go on", "The union and the company"), ("it would vote on Friday", "The union")],
        );
    }

    #[test]
    fn reportedly_and_firm_names() {
        check(
            "Talks have reportedly stalled again over pensions.\nHale & Moss said the offer was too low.",
            &[("Talks have reportedly stalled again over pensions", "unnamed sources"), ("the offer was too low", "Hale & Moss")],
        );
    }

    #[test]
    fn a_particle_name_merges_with_the_full_name() {
        // "al-Masri" is the surname of "Youssef Karim al-Masri", and "he" is that person.
        check(
            "The commander of the Eastern Brigades (EB), General Youssef Karim al-Masri, has said the road would reopen.\n“We can talk once the guns are quiet,” al-Masri said.\nLater, he warned that the fighting could spread.",
            &[
                ("the road would reopen", "Youssef Karim al-Masri"),
                ("We can talk once the guns are quiet", "Youssef Karim al-Masri"),
                ("the fighting could spread", "Youssef Karim al-Masri"),
            ],
        );
    }

    #[test]
    fn an_honorific_with_a_period_is_a_title() {
        check(
            "Board chair Ruwen Albright spoke first. Mr. Albright said the offer was final.",
            &[("the offer was final", "Ruwen Albright")],
        );
        assert_eq!(form("Mr. Albright"), MentionForm::Name { name: vec!["Albright".into()], titles: "Mr.".into() });
        assert_eq!(form("Mrs May"), MentionForm::Name { name: vec!["May".into()], titles: "Mrs".into() });
    }

    #[test]
    fn an_organisation_name_runs_over_its_of() {
        assert_eq!(
            form("the state Department of Insurance"),
            MentionForm::Name { name: vec!["Department".into(), "of".into(), "Insurance".into()], titles: "the state".into() }
        );
        assert_eq!(
            form("The Union of Harbour Pilots"),
            MentionForm::Name { name: vec!["Union".into(), "of".into(), "Harbour".into(), "Pilots".into()], titles: String::new() }
        );
        // A person after an organisation's title is still the person.
        assert_eq!(
            form("Department of Health spokeswoman Ana Ruiz"),
            MentionForm::Name { name: vec!["Ana".into(), "Ruiz".into()], titles: "Department of Health spokeswoman".into() }
        );
        // The organisation is not a "she".
        check(
            "Patients may stay, according to the state Department of Insurance.\nInsurance Commissioner Ruth Ellery met both sides. “I can’t force them to sign,” she said.",
            &[("Patients may stay", "Department of Insurance"), ("I can’t force them to sign", "Ruth Ellery")],
        );
    }

    #[test]
    fn a_quote_with_no_speaker_takes_the_next_named_one() {
        // The fragment has no frame; the minister is named in the next paragraph.
        check(
            "The talks broke up on Thursday amid talk of “a season the islands cannot afford to lose.”\nRagna Holm, the fisheries minister, said the islands would not accept less.",
            &[("a season the islands cannot afford to lose.", "Ragna Holm"), ("the islands would not accept less", "Ragna Holm")],
        );
    }

    #[test]
    fn a_quote_with_no_speaker_falls_back_on_the_main_speaker() {
        let quotes = |paragraphs: &[usize], attributions: &[Attribution]| -> Vec<Quote> {
            paragraphs
                .iter()
                .zip(attributions)
                .map(|(&p, &a)| Quote { span: Span::new(p, p + 1), kind: crate::quotes::QuoteKind::Direct, cue: None, attribution: a, inherited: false, paragraph_idx: p })
                .collect()
        };
        let m = Attribution::Mention(Span::new(0, 1));
        // Quote 2 has no speaker and nothing named after it: actor 0 has most quotes.
        let qs = quotes(&[0, 1, 5, 6], &[m, m, Attribution::Unknown, m]);
        let got = fallback_speakers(&qs, vec![Some(ActorId(0)), Some(ActorId(0)), None, None], None);
        assert_eq!(got, vec![Some(ActorId(0)), Some(ActorId(0)), Some(ActorId(0)), Some(ActorId(0))]);
        // No speaker has more than half the quotes: nothing to fall back on.
        let got = fallback_speakers(&qs, vec![Some(ActorId(0)), Some(ActorId(1)), None, None], None);
        assert_eq!(got, vec![Some(ActorId(0)), Some(ActorId(1)), None, None]);
        // Unnamed sources are neither a fallback nor given one.
        let qs = quotes(&[0, 1], &[Attribution::Unknown, Attribution::Unnamed]);
        let got = fallback_speakers(&qs, vec![None, Some(ActorId(3))], Some(ActorId(3)));
        assert_eq!(got, vec![None, Some(ActorId(3))]);
    }

    #[test]
    fn a_possessive_pronoun_lead_in_refers_like_its_subject_pronoun() {
        check(
            "Mayor Lina Ekdal was asked about the closure on Friday. Her reply was brief — “We will reopen the depot in May.”",
            &[("We will reopen the depot in May.", "Lina Ekdal")],
        );
        assert_eq!(form("Her"), MentionForm::Pronoun("she".into()));
        assert_eq!(form("his"), MentionForm::Pronoun("he".into()));
    }

    #[test]
    fn mentions_split_titles_from_names() {
        assert_eq!(
            form("Deputy Secretary of State Wendy Sherman"),
            MentionForm::Name { name: vec!["Wendy".into(), "Sherman".into()], titles: "Deputy Secretary of State".into() }
        );
        assert_eq!(form("Ryabkov"), MentionForm::Name { name: vec!["Ryabkov".into()], titles: String::new() });
        assert_eq!(form("Jane Doe of the Teamsters"), MentionForm::Name { name: vec!["Jane".into(), "Doe".into()], titles: String::new() });
        assert_eq!(form("US officials"), MentionForm::Description("US officials".into()));
        assert_eq!(form("Nato’s secretary-general"), MentionForm::Description("Nato’s secretary-general".into()));
        assert_eq!(form("she"), MentionForm::Pronoun("she".into()));
    }
}
