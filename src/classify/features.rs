//! Hand-made features a trained head may use beside the embedding: negation and modal
//! cues, the cue verb's class, and lexicon scores. Each group can be switched on or off,
//! so that `train` can measure what each adds.

use serde::{Deserialize, Serialize};

/// Which feature groups a head uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureSet {
    pub embedding: bool,
    pub negation: bool,
    pub cue: bool,
    pub lexicon: bool,
}

impl FeatureSet {
    pub const ALL: FeatureSet = FeatureSet { embedding: true, negation: true, cue: true, lexicon: true };
    pub const EMBEDDING_ONLY: FeatureSet = FeatureSet { embedding: true, negation: false, cue: false, lexicon: false };
    pub const LEXICON_ONLY: FeatureSet = FeatureSet { embedding: false, negation: true, cue: true, lexicon: true };

    /// Number of features for an embedding of width `dim`.
    pub fn width(&self, dim: usize) -> usize {
        (if self.embedding { dim } else { 0 })
            + (if self.negation { N_NEGATION } else { 0 })
            + (if self.cue { CUE_CLASSES.len() } else { 0 })
            + (if self.lexicon { N_LEXICON } else { 0 })
    }
}

/// What a head is given for one quote.
#[derive(Debug, Clone, Copy)]
pub struct HeadInput<'a> {
    pub embedding: &'a [f32],
    /// The quoted words.
    pub text: &'a str,
    /// The cue verb that introduced it ("ruled out", "offered"), if any.
    pub cue: Option<&'a str>,
}

const N_NEGATION: usize = 4;
const N_LEXICON: usize = 5;

/// Cue-verb classes: none, neutral saying, conceding, refusing, demanding/threatening.
pub const CUE_CLASSES: &[&str] = &["none", "say", "concede", "refuse", "demand"];

const CONCEDE_CUES: &[&str] = &[
    "offer", "propose", "agree", "accept", "concede", "acknowledge", "admit", "signal",
    "hint", "promise", "pledge", "welcome", "suggest", "indicate", "recommend",
];
const REFUSE_CUES: &[&str] = &["reject", "deny", "dismiss", "refuse", "rebuff", "decline", "rule", "turn", "object", "protest"];
const DEMAND_CUES: &[&str] = &[
    "demand", "urge", "insist", "warn", "threaten", "call", "vow", "caution", "accuse", "blame",
    "condemn", "criticise", "criticize", "charge", "allege", "maintain", "stress", "assert",
];

fn cue_class(cue: Option<&str>) -> usize {
    let Some(cue) = cue else { return 0 };
    let first = cue.split_whitespace().next().unwrap_or("").to_lowercase();
    let base = crate::quotes::lexicon::cue_forms().get(&first).map(|(_, b)| *b).unwrap_or(first.as_str());
    let base = if first == "ruled" || first == "rules" || first == "ruling" { "rule" } else { base };
    let base = if first == "turned" || first == "turns" { "turn" } else { base };
    if CONCEDE_CUES.contains(&base) {
        2
    } else if REFUSE_CUES.contains(&base) {
        3
    } else if DEMAND_CUES.contains(&base) {
        4
    } else {
        1
    }
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('’', "'"))
        .collect()
}

fn count(words: &[String], list: &[&str]) -> f32 {
    words.iter().filter(|w| list.contains(&w.as_str())).count() as f32
}

fn has_phrase(text: &str, phrases: &[&str]) -> f32 {
    let t = text.to_lowercase().replace('’', "'");
    phrases.iter().any(|p| t.contains(p)) as u8 as f32
}

const NEGATIONS: &[&str] = &["not", "no", "never", "nothing", "none", "neither", "nor", "without", "won't", "can't", "cannot", "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "wouldn't", "shouldn't", "couldn't", "haven't", "hasn't"];
const POSSIBILITY: &[&str] = &["could", "might", "may", "would", "possible", "possibly", "perhaps", "if", "consider", "considering"];
const NECESSITY: &[&str] = &["must", "should", "need", "needs", "have", "has", "demand", "demands", "require", "requires", "insist", "only"];
const WILLINGNESS: &[&str] = &["ready to", "prepared to", "willing to", "open to", "happy to", "keen to", "look forward", "continue to talk", "return to the table", "back to the table", "meet halfway", "compromise"];

const POSITIVE: &[&str] = &[
    "good", "great", "welcome", "welcomed", "pleased", "hope", "hopeful", "optimistic", "positive",
    "progress", "constructive", "productive", "agreement", "deal", "fair", "glad", "happy",
    "proud", "success", "successful", "historic", "breakthrough", "grateful", "thank", "thanks",
    "encouraging", "encouraged", "confident", "support", "supportive", "benefit", "win",
    "excellent", "important", "cooperation", "co-operation", "peace", "partnership", "trust",
    "delighted", "satisfied", "improve", "improvement", "solution", "together", "respect",
    "friendly", "warm", "strong", "best", "better", "opportunity", "stable", "secure",
];
const NEGATIVE: &[&str] = &[
    "bad", "unacceptable", "insult", "insulting", "outrageous", "disgrace", "disgraceful",
    "shameful", "pessimistic", "worse", "worsening", "threat", "threats", "threaten", "war",
    "attack", "aggression", "hostile", "fail", "failed", "failure", "crisis", "danger",
    "dangerous", "reckless", "lies", "lie", "lying", "betrayal", "betray", "blackmail",
    "angry", "anger", "furious", "disappointed", "disappointing", "regret", "sad", "tragic",
    "collapse", "chaos", "disaster", "catastrophic", "terrible", "absurd", "ridiculous",
    "irresponsible", "unfair", "unjust", "illegal", "violation", "violate", "punish",
    "consequences", "retaliate", "retaliation", "sanctions", "strike", "walkout", "deadlock",
    "stalemate", "refuse", "reject", "never", "non-starter", "provocation", "bully",
    "greed", "greedy", "contempt", "hypocrisy", "nonsense", "damaging", "harm", "victims",
];
const CONCESSIVE_WORDS: &[&str] = &["offer", "offered", "propose", "proposal", "proposed", "compromise", "agree", "agreed", "accept", "accepted", "concession", "concessions", "willing", "ready", "open", "flexible", "flexibility", "talks", "negotiate", "dialogue", "deal", "meet", "consider", "resume"];
const UNCOMPROMISING_WORDS: &[&str] = &["never", "refuse", "reject", "rejected", "unacceptable", "demand", "demands", "must", "insist", "ultimatum", "deadline", "red", "line", "non-negotiable", "consequences", "strike", "sanctions", "force", "ruled", "out", "nothing", "only", "immediately", "until"];

/// The extra features of one quote, in a fixed order, for the groups switched on
/// (the embedding is added by the head).
pub fn extra_features(set: &FeatureSet, text: &str, cue: Option<&str>) -> Vec<f32> {
    let w = words(text);
    let n = (w.len() as f32).max(1.0);
    let mut out = Vec::new();
    if set.negation {
        out.push((count(&w, NEGATIONS) > 0.0) as u8 as f32);
        out.push((count(&w, POSSIBILITY) > 0.0) as u8 as f32);
        out.push((count(&w, NECESSITY) > 0.0) as u8 as f32);
        out.push(has_phrase(text, WILLINGNESS));
    }
    if set.cue {
        let c = cue_class(cue);
        out.extend((0..CUE_CLASSES.len()).map(|i| (i == c) as u8 as f32));
    }
    if set.lexicon {
        let pos = count(&w, POSITIVE);
        let neg = count(&w, NEGATIVE);
        out.push((pos - neg) / n.sqrt());
        out.push((pos > 0.0) as u8 as f32);
        out.push((neg > 0.0) as u8 as f32);
        out.push(count(&w, CONCESSIVE_WORDS) / n.sqrt());
        out.push(count(&w, UNCOMPROMISING_WORDS) / n.sqrt());
    }
    out
}

/// Embedding and extra features, concatenated.
pub fn feature_vector(set: &FeatureSet, input: &HeadInput) -> Vec<f32> {
    let mut v = if set.embedding { input.embedding.to_vec() } else { Vec::new() };
    v.extend(extra_features(set, input.text, input.cue));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_match_the_vectors() {
        let emb = vec![0.0f32; 8];
        for set in [FeatureSet::ALL, FeatureSet::EMBEDDING_ONLY, FeatureSet::LEXICON_ONLY] {
            let v = feature_vector(&set, &HeadInput { embedding: &emb, text: "We will not accept it.", cue: Some("ruled out") });
            assert_eq!(v.len(), set.width(8));
        }
    }

    #[test]
    fn cue_classes() {
        assert_eq!(cue_class(Some("ruled out")), 3);
        assert_eq!(cue_class(Some("offered")), 2);
        assert_eq!(cue_class(Some("warned")), 4);
        assert_eq!(cue_class(Some("said")), 1);
        assert_eq!(cue_class(None), 0);
    }
}
