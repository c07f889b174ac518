//! Matching predicted quotes to gold quotes, and speaker names to gold speakers, as the
//! labelled-data spec defines them.

use crate::quotes::lexicon::TITLES;

/// A span in code points, `[start, end)`.
pub type CharSpan = (usize, usize);

fn overlap(a: CharSpan, b: CharSpan) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// One-to-one matching, greedy by overlap: a pair qualifies when the spans overlap by at
/// least half of the shorter span. Returns `(pred_idx, gold_idx)` pairs.
pub fn match_spans(pred: &[CharSpan], gold: &[CharSpan]) -> Vec<(usize, usize)> {
    let mut candidates: Vec<(usize, usize, usize)> = Vec::new();
    for (p, &ps) in pred.iter().enumerate() {
        for (g, &gs) in gold.iter().enumerate() {
            let o = overlap(ps, gs);
            let shorter = (ps.1 - ps.0).min(gs.1 - gs.0);
            if o > 0 && 2 * o >= shorter {
                candidates.push((o, p, g));
            }
        }
    }
    // Largest overlap first; ties by position, so the result is deterministic.
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut used_p = vec![false; pred.len()];
    let mut used_g = vec![false; gold.len()];
    let mut out = Vec::new();
    for (_, p, g) in candidates {
        if !used_p[p] && !used_g[g] {
            used_p[p] = true;
            used_g[g] = true;
            out.push((p, g));
        }
    }
    out.sort();
    out
}

/// Case-folded words, without titles, honorifics, punctuation or a leading article.
pub fn normalise_name(name: &str) -> Vec<String> {
    let words: Vec<String> = name
        .split(|c: char| c.is_whitespace())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase().replace('’', "'"))
        .map(|w| w.strip_suffix("'s").map(str::to_string).unwrap_or(w))
        .filter(|w| !w.is_empty())
        .collect();
    let mut start = 0;
    // Strip leading titles, but never the last word (the name itself).
    while start + 1 < words.len() && (TITLES.contains(&words[start].trim_end_matches('.')) || words[start] == "the") {
        start += 1;
    }
    words[start..].to_vec()
}

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "him", "her", "them", "his", "its", "their", "you"];

/// The spec's speaker rule: equal after case folding and stripping titles, or equal to one
/// of the gold mentions that is not a pronoun, or sharing the gold speaker's surname.
pub fn speaker_matches(predicted: &str, gold_speaker: &str, gold_mentions: &[String]) -> bool {
    let p = normalise_name(predicted);
    if p.is_empty() {
        return false;
    }
    let g = normalise_name(gold_speaker);
    if p == g {
        return true;
    }
    let is_pronoun = |m: &str| PRONOUNS.contains(&m.trim().to_lowercase().as_str());
    if gold_mentions.iter().filter(|m| !is_pronoun(m)).any(|m| normalise_name(m) == p) {
        return true;
    }
    // Surname: the gold speaker's last word, when the gold speaker is a name.
    let gold_is_name = gold_speaker.split_whitespace().last().is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
    gold_is_name && p.last() == g.last() && g.last().is_some_and(|s| s.len() > 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_matching_edge_cases() {
        // Exactly half of the shorter span qualifies; less does not.
        assert_eq!(match_spans(&[(0, 10)], &[(5, 30)]), vec![(0, 0)]);
        assert_eq!(match_spans(&[(0, 10)], &[(6, 30)]), vec![]);
        // Touching spans do not overlap.
        assert_eq!(match_spans(&[(0, 10)], &[(10, 20)]), vec![]);
        // One-to-one: the larger overlap wins, the other prediction stays unmatched.
        assert_eq!(match_spans(&[(0, 10), (0, 20)], &[(0, 20)]), vec![(1, 0)]);
        // A long prediction covering two gold quotes matches only one.
        assert_eq!(match_spans(&[(0, 100)], &[(0, 30), (40, 100)]), vec![(0, 1)]);
        assert_eq!(match_spans(&[], &[(0, 1)]), vec![]);
    }

    #[test]
    fn speaker_names_normalise_titles_and_surnames() {
        let mentions: Vec<String> = ["Sergei Ryabkov", "Ryabkov", "he", "Russia’s deputy foreign minister"].iter().map(|s| s.to_string()).collect();
        assert!(speaker_matches("Sergei Ryabkov", "Sergei Ryabkov", &mentions));
        assert!(speaker_matches("Deputy Foreign Minister Sergei Ryabkov", "Sergei Ryabkov", &mentions));
        assert!(speaker_matches("Mr. Ryabkov", "Sergei Ryabkov", &mentions));
        assert!(speaker_matches("russia’s deputy foreign minister", "Sergei Ryabkov", &mentions));
        assert!(!speaker_matches("he", "Sergei Ryabkov", &mentions));
        assert!(!speaker_matches("Wendy Sherman", "Sergei Ryabkov", &mentions));
        assert!(speaker_matches("the union", "Nurses union", &["the union".to_string()]));
        // A description is not a surname.
        assert!(!speaker_matches("Company officials", "US officials", &["US officials".to_string()]));
        assert_eq!(normalise_name("President Joe Biden"), vec!["joe", "biden"]);
    }
}
