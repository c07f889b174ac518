//! Word lists the quote extractor and the speaker finder share: cue verbs, titles, role
//! nouns, pronouns. Kept in one place so that a new cue needs one edit.

/// How a cue verb introduces what was said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueClass {
    /// `said (that) CLAUSE`.
    Say,
    /// `told RECIPIENT (that) CLAUSE`: skip the recipient.
    Tell,
    /// A speech act whose content reads inverted without it (`rejected`, `denied`): the
    /// reported span keeps the cue.
    Negative,
}

/// Base forms of cue verbs. Inflections come from [`inflect`].
const SAY: &[&str] = &[
    "say", "add", "warn", "insist", "argue", "claim", "state", "declare", "note", "explain",
    "acknowledge", "admit", "concede", "maintain", "stress", "emphasize", "emphasise",
    "suggest", "signal", "indicate", "announce", "confirm", "reiterate", "repeat", "predict",
    "complain", "counter", "reply", "respond", "write", "tweet", "post", "vow", "pledge",
    "threaten", "demand", "urge", "propose", "offer", "agree", "accept", "hint", "caution",
    "allege", "contend", "assert", "charge", "accuse", "call", "appeal", "plead", "promise",
    "signify", "recommend", "concur", "object", "protest", "proclaim", "remark", "observe",
    "underline", "underscore", "affirm", "believe", "estimate", "predict", "acknowledge",
    "ask", "request", "demand", "threaten", "comment", "describe", "welcome", "hail", "praise",
    "criticise", "criticize", "condemn", "blame", "accuse", "invite", "applaud", "slam",
    "cite", "question", "voice", "lament", "decry", "answer", "stipulate", "report", "rule",
    "submit", "chant", "thank", "express", "unveil", "float", "outline", "retort", "quip",
    "dispute", "label", "brand", "press", "disclose", "mention", "reaffirm",
    "recall", "highlight", "regret", "denounce", "lambast",
];
const TELL: &[&str] = &["tell", "assure", "inform", "remind", "advise", "brief"];
const NEGATIVE: &[&str] = &["reject", "deny", "dismiss", "refuse", "rebuff", "decline"];

/// Multi-word cues, matched on lower-cased words.
pub const PHRASES: &[(&[&str], CueClass)] = &[
    (&["ruled", "out"], CueClass::Negative),
    (&["rules", "out"], CueClass::Negative),
    (&["ruling", "out"], CueClass::Negative),
    (&["rule", "out"], CueClass::Negative),
    (&["called", "for"], CueClass::Say),
    (&["calls", "for"], CueClass::Say),
    (&["calling", "for"], CueClass::Say),
    (&["called", "on"], CueClass::Say),
    (&["calls", "on"], CueClass::Say),
    (&["calling", "on"], CueClass::Say),
    (&["pointed", "out"], CueClass::Say),
    (&["points", "out"], CueClass::Say),
    (&["made", "clear"], CueClass::Say),
    (&["made", "it", "clear"], CueClass::Say),
    (&["makes", "clear"], CueClass::Say),
    (&["turned", "down"], CueClass::Negative),
    (&["turns", "down"], CueClass::Negative),
    (&["held", "out"], CueClass::Say),
    (&["went", "on", "to", "say"], CueClass::Say),
    (&["pushing", "for"], CueClass::Say),
    (&["pushed", "for"], CueClass::Say),
    (&["pushes", "for"], CueClass::Say),
    (&["hit", "back"], CueClass::Say),
    (&["hits", "back"], CueClass::Say),
    (&["hitting", "back"], CueClass::Say),
    (&["lashed", "out"], CueClass::Say),
    (&["lashes", "out"], CueClass::Say),
    (&["lashing", "out"], CueClass::Say),
    (&["pushed", "back"], CueClass::Say),
    // "sees no basis for talks", "saw no reason to …": a refusal, kept with its cue.
    (&["sees", "no"], CueClass::Negative),
    (&["saw", "no"], CueClass::Negative),
    (&["see", "no"], CueClass::Negative),
    (&["pushing", "back"], CueClass::Say),
];

const IRREGULAR: &[(&str, &[&str])] = &[
    ("say", &["said", "says", "saying", "say"]),
    ("tell", &["told", "tells", "telling"]),
    ("write", &["wrote", "writes", "writing", "written"]),
    ("signal", &["signalled", "signaled", "signals", "signalling", "signaling"]),
    ("admit", &["admitted", "admits", "admitting"]),
    ("plead", &["pleaded", "pled", "pleads", "pleading"]),
    ("object", &["objected", "objecting"]),
    ("post", &["posted"]),
    ("call", &["called", "calls"]),
    ("comment", &["commented", "commenting"]),
    ("describe", &["described", "describes", "describing"]),
    ("counter", &["countered", "counters", "countering"]),
    ("charge", &["charged", "charging"]),
    ("state", &["stated", "stating"]),
    ("offer", &["offered", "offers", "offering"]),
    ("welcome", &["welcomed", "welcomes", "welcoming"]),
    ("reply", &["replied", "replies", "replying"]),
    ("believe", &["believes", "believed"]),
    ("slam", &["slammed", "slams", "slamming"]),
    ("question", &["questioned", "questioning"]),
    ("voice", &["voiced", "voicing"]),
    // "reports", "rules" and "ruling" are mostly nouns ("media reports said").
    ("report", &["reported"]),
    ("answer", &["answered"]),
    ("thank", &["thanked", "thanking"]),
    // Nouns in their other forms ("floats", "disputes", "labels", "brands").
    ("float", &["floated"]),
    ("quip", &["quipped"]),
    ("dispute", &["disputed"]),
    ("label", &["labelled", "labeled"]),
    ("brand", &["branded"]),
    ("press", &["pressed"]),
    ("rule", &["ruled"]),
    ("submit", &["submitted", "submits", "submitting"]),

];

/// Cue-verb forms: past, third person, `-ing`. Nouns that share a form ("post", "call",
/// "offer") are restricted above to their verb-only forms.
fn inflect(base: &str) -> Vec<String> {
    if let Some((_, forms)) = IRREGULAR.iter().find(|(b, _)| *b == base) {
        return forms.iter().map(|s| s.to_string()).collect();
    }
    let b = base;
    if let Some(stem) = b.strip_suffix('e') {
        vec![format!("{b}d"), format!("{b}s"), format!("{stem}ing")]
    } else if let Some(stem) = b.strip_suffix('y').filter(|s| !s.ends_with(['a', 'e', 'o'])) {
        vec![format!("{stem}ied"), format!("{stem}ies"), format!("{b}ing")]
    } else if b.ends_with("sh") || b.ends_with("ss") {
        vec![format!("{b}ed"), format!("{b}es"), format!("{b}ing")]
    } else {
        vec![format!("{b}ed"), format!("{b}s"), format!("{b}ing")]
    }
}

/// The class of a cue verb's base form ("confirm"), for infinitives that only a frame
/// makes a cue (`was the first to confirm`). Not in [`cue_forms`]: bare base forms are too
/// often nouns ("a call", "the offer").
pub fn base_class(word: &str) -> Option<CueClass> {
    [(SAY, CueClass::Say), (TELL, CueClass::Tell), (NEGATIVE, CueClass::Negative)]
        .iter()
        .find(|(list, _)| list.contains(&word))
        .map(|(_, class)| *class)
}

/// Every single-word cue form, with its class and base form.
pub fn cue_forms() -> &'static std::collections::HashMap<String, (CueClass, &'static str)> {
    static FORMS: std::sync::OnceLock<std::collections::HashMap<String, (CueClass, &'static str)>> =
        std::sync::OnceLock::new();
    FORMS.get_or_init(|| {
        let mut m = std::collections::HashMap::new();
        for (list, class) in [(SAY, CueClass::Say), (TELL, CueClass::Tell), (NEGATIVE, CueClass::Negative)] {
            for base in list {
                for form in inflect(base) {
                    m.insert(form, (class, *base));
                }
            }
        }
        // Bare present forms that are mostly verbs in news ("we say", "officials say",
        // "critics argue that"). Forms that are as often nouns ("demand", "claim",
        // "stress", "offer") stay out.
        m.insert("say".into(), (CueClass::Say, "say"));
        for base in BARE_PRESENT {
            if let Some(class) = base_class(base) {
                m.insert((*base).into(), (class, *base));
            }
        }
        m
    })
}

/// Base forms that are cues on their own, as the present tense of a plural or a pronoun
/// subject ("Democrats argue that …", "they insist the bill is dead").
const BARE_PRESENT: &[&str] = &[
    "argue", "insist", "warn", "contend", "acknowledge", "admit", "concede", "allege",
    "assert", "deny", "reject", "refuse", "dismiss", "urge", "complain", "predict", "believe",
];

/// Verbs that only take a content clause after `that` or a quote; on their own they are
/// too often something else ("added troops", "posted a photo", "believes in").
pub const NEEDS_THAT: &[&str] = &[
    "add", "note", "post", "believe", "estimate", "comment", "write", "counter", "state",
    "explain", "concur", "protest", "observe", "remark", "repeat", "tweet", "respond",
    "reply", "predict", "caution", "underline", "object", "charge", "answer", "stipulate",
    "report", "rule", "chant", "mention", "recall", "highlight", "regret",
];

pub const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "you"];

/// Words that, before a cue, sit between the speaker and the verb.
pub const AUXILIARIES: &[&str] = &[
    "has", "have", "had", "also", "later", "again", "then", "previously", "repeatedly",
    "already", "would", "will", "did", "does", "do", "publicly", "privately", "separately",
    "earlier", "recently", "reportedly", "once", "subsequently", "further", "ultimately",
    "initially", "quickly", "flatly", "firmly", "bluntly", "openly", "explicitly", "has",
    "may", "might", "could", "must", "should", "not", "never", "always", "still", "too",
    "himself", "herself", "themselves", "itself", "simply", "only", "just", "first",
    "finally", "immediately", "clearly", "angrily", "defiantly", "insistently", "been",
    "being", "is", "are", "was", "were", "be",
];

/// Base forms that a modal ("will press", "would reject") does not make a cue: mostly
/// nouns or verbs of other senses in their bare form.
pub const NOT_AFTER_MODAL: &[&str] = &[
    "call", "charge", "voice", "question", "float", "label", "brand", "submit", "outline",
    "post", "write", "rule", "report", "object", "signal", "comment", "cite", "state", "note",
    "add", "answer", "offer", "agree", "accept", "believe", "estimate", "hail", "welcome",
    // Hedges and effects, not speech: "would threaten jobs", "would suggest that".
    "threaten", "suggest", "indicate", "signify", "predict", "describe",
];

/// Nouns of speech acts: `renewed his threats to …`, `repeated its call for …`.
pub const NOUN_CUES: &[&str] = &[
    "threat", "threats", "call", "calls", "demand", "demands", "pledge", "pledges", "promise",
    "promises", "offer", "warning", "warnings", "vow", "appeal", "claim", "claims",
    "accusation", "accusations", "proposal", "insistence", "refusal", "rejection",
    "assurance", "assurances", "ultimatum", "plea", "proposals", "offers", "vows", "appeals",
    "pledges", "guarantee", "guarantees",
];

/// Verbs that make a speech act of a speech-act noun: `issued a warning that …`,
/// `repeated his call for …`.
pub const LIGHT_VERBS: &[&str] = &[
    "issued", "issues", "gave", "gives", "made", "makes", "sent", "delivered", "repeated",
    "renewed", "reiterated", "reaffirmed", "restated",
];

/// Words before a cue form that make it a noun or a passive, not a speaker's verb.
pub const NOT_A_VERB_BEFORE: &[&str] = &[
    "a", "an", "the", "its", "his", "her", "their", "our", "my", "your", "this", "that",
    "these", "those", "such", "any", "no", "was", "were", "been", "being", "is", "are", "be",
    "so", "of", "to", "for", "by", "with", "whose",
];

/// Titles and honorifics that may stand before a name.
pub const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "president", "vice", "prime", "minister", "secretary", "deputy", "foreign", "defence",
    "defense", "finance", "trade", "state", "senator", "sen", "rep", "representative",
    "congressman", "congresswoman", "gov", "governor", "mayor", "gen", "general", "lt",
    "col", "colonel", "capt", "captain", "adm", "admiral", "chancellor", "ambassador",
    "envoy", "special", "chief", "executive", "ceo", "cfo", "chairman", "chairwoman", "chair",
    "director", "leader", "speaker", "king", "queen", "prince", "princess", "sheikh", "emir",
    "judge", "justice", "commissioner", "spokesperson", "spokesman", "spokeswoman", "pope",
    "cardinal", "rev", "reverend", "sgt", "maj", "major", "former", "acting", "interim",
    "senior", "assistant", "under", "undersecretary", "attorney", "labor", "labour",
    "economy", "interior", "home", "health", "education", "energy", "negotiator", "lead",
    "union", "party", "opposition", "majority", "minority", "house", "senate", "us", "u.s.",
    "uk", "eu", "un", "nato", "top", "new", "incoming", "outgoing", "premier", "mp",
    "mep", "lawmaker", "whip", "treasurer", "first", "of", "the", "and", "for", "to",
    "president-elect", "secretary-general", "director-general", "head", "founder",
    "co-founder", "owner", "manager", "coach", "boss", "vp", "spokesperson", "pastor",
    "bishop", "archbishop", "imam", "rabbi", "premier", "chief-executive", "official",
    "affairs",
];

/// Nouns that name a speaking role or a collective: evidence that a noun phrase can speak.
pub const ROLE_NOUNS: &[&str] = &[
    "official", "officials", "spokesperson", "spokesman", "spokeswoman", "spokespeople",
    "minister", "ministers", "ministry", "president", "leader", "leaders", "union", "unions",
    "company", "companies", "government", "governments", "negotiator", "negotiators",
    "sources", "source", "lawyer", "lawyers", "attorney", "attorneys", "analyst",
    "analysts", "diplomat", "diplomats", "lawmaker", "lawmakers", "senator", "senators",
    "chief", "executive", "executives", "ceo", "chairman", "chairwoman", "chair",
    "director", "directors", "board", "management", "firm", "group", "groups", "members",
    "member", "secretary", "secretary-general", "statement", "representative",
    "representatives", "delegation", "delegates", "delegate", "administration", "agency",
    "council", "commission", "committee", "party", "parties", "side", "sides", "team",
    "workers", "employees", "staff", "nurses", "teachers", "doctors", "residents",
    "tenants", "strikers", "organisers", "organizers", "campaigners", "activists",
    "protesters", "rebels", "militants", "insurgents", "movement", "alliance", "bloc",
    "coalition", "opposition", "critics", "supporters", "experts", "observers", "mediators",
    "mediator", "envoy", "ambassador", "mayor", "governor", "premier", "chancellor",
    "manager", "managers", "owner", "owners", "investors", "investor", "shareholders",
    "shareholder", "bidder", "buyer", "seller", "league", "club", "federation",
    "association", "authority", "authorities", "regulator", "regulators", "court",
    "judge", "prosecutors", "prosecutor", "police", "army", "military", "forces",
    "commander", "commanders", "general", "kremlin", "white", "palace", "office",
    "department", "treasury", "bank", "employer", "employers", "airline", "carrier",
    "operator", "insurer", "lender", "bank", "minister’s", "officer", "officers",
    "chancellery", "parliament", "congress", "senate", "house", "speaker", "host", "hosts",
    "people", "person", "woman", "man", "report", "reports", "newspaper", "paper",
    "agency", "media", "broadcaster", "poll", "survey", "study", "documents", "letter",
    "filing", "memo", "aides", "aide", "adviser", "advisers", "advisor", "advisors",
    "insiders", "insider", "figures", "figure", "participants", "mediators", "sponsor",
    "sponsors", "backers", "donors", "partners", "allies", "neighbours", "neighbors",
    "agencies", "economists", "scientists", "researchers", "academics", "charities",
    "organisations", "organizations", "groups", "campaigners", "unionists", "farmers",
    "residents", "families", "parents", "voters", "citizens", "locals",
];

/// Words that start a leading adverbial, never a subject (`On Monday, …`).
pub const LEADING_ADVERBIAL: &[&str] = &[
    "on", "in", "at", "after", "before", "during", "since", "speaking", "asked", "earlier",
    "later", "however", "meanwhile", "still", "yet", "but", "and", "so", "also", "instead",
    "separately", "last", "this", "late", "when", "while", "as", "although", "though",
    "if", "until", "despite", "following", "under", "with", "without", "for", "from",
    "by", "over", "amid", "writing", "responding", "addressing", "in a", "privately",
    "publicly", "overnight", "today", "yesterday", "tomorrow", "now", "then", "once", "to",
];

/// Heads that make a description plural (it is resolved by "they").
pub fn is_plural_head(word: &str) -> bool {
    let w = word.to_lowercase();
    (w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && w.len() > 3)
        || matches!(w.as_str(), "people" | "police" | "staff" | "management")
}
