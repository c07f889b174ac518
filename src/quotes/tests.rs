//! Unit tests: each pattern the extractor handles, checked as exact text at each span.

use super::*;
use crate::actors::UNNAMED;
use crate::segment::segment;

/// (kind, quote text, speaker mention text) for every quote found.
fn found(text: &str) -> Vec<(QuoteKind, String, String)> {
    let doc = segment(text);
    extract(text, &doc)
        .quotes
        .iter()
        .map(|q| {
            let speaker = match q.attribution {
                Attribution::Mention(m) => m.slice(text).to_string(),
                Attribution::Unknown => String::new(),
                Attribution::Unnamed => UNNAMED.to_string(),
            };
            (q.kind, q.span.slice(text).to_string(), speaker)
        })
        .collect()
}

fn check(text: &str, expected: &[(QuoteKind, &str, &str)]) {
    let got = found(text);
    let want: Vec<(QuoteKind, String, String)> = expected.iter().map(|(k, q, s)| (*k, q.to_string(), s.to_string())).collect();
    assert_eq!(got, want, "\ntext: {text}");
}

use QuoteKind::{Direct, Indirect, Mixed};

#[test]
fn direct_quote_with_trailing_attribution() {
    check("“We will not make any concessions,” Ryabkov said.", &[(Direct, "We will not make any concessions", "Ryabkov")]);
    check("\"We will strike,\" said Maria Lopez.", &[(Direct, "We will strike", "Maria Lopez")]);
    check("“This is unacceptable,” he told reporters on Monday.", &[(Direct, "This is unacceptable", "he")]);
}

#[test]
fn split_quote_shares_its_speaker() {
    check(
        "“We will not,” she said, “make concessions.”",
        &[(Direct, "We will not", "she"), (Direct, "make concessions.", "she")],
    );
}

#[test]
fn colon_and_dash_introduced_quotes() {
    check("The minister said: “There will be no deal.”", &[(Direct, "There will be no deal.", "The minister")]);
    check("Her answer was blunt — “we are not moving an inch.”", &[(Direct, "we are not moving an inch.", "")]);
}

#[test]
fn quote_over_two_paragraphs() {
    let text = "“We came here in good faith,” said Lopez. “We offered a raise.\n“But they walked out,” she added.";
    check(
        text,
        &[
            (Direct, "We came here in good faith", "Lopez"),
            (Direct, "We offered a raise.", "Lopez"),
            (Direct, "But they walked out", "she"),
        ],
    );
}

#[test]
fn unattributed_quote_paragraph_continues_previous_speaker() {
    check(
        "“We will fight,” Ryabkov said.\n“This is completely ruled out.”",
        &[(Direct, "We will fight", "Ryabkov"), (Direct, "This is completely ruled out.", "Ryabkov")],
    );
}

#[test]
fn reported_speech_with_that_and_without() {
    check(
        "Sergei Ryabkov, Russia’s deputy foreign minister, said Russia would not yield on its demand.",
        &[(Indirect, "Russia would not yield on its demand", "Sergei Ryabkov")],
    );
    check("The union said that it would strike on Friday.", &[(Indirect, "it would strike on Friday", "The union")]);
    check("But Ryabkov said Moscow would not settle for this.", &[(Indirect, "Moscow would not settle for this", "Ryabkov")]);
}

#[test]
fn reported_speech_after_the_clause() {
    check(
        "At least four soldiers have been killed in the fighting, officials said.",
        &[(Indirect, "At least four soldiers have been killed in the fighting", "officials")],
    );
    check("The talks will resume next week, said Anna Berg.", &[(Indirect, "The talks will resume next week", "Anna Berg")]);
}

#[test]
fn according_to() {
    check(
        "According to the ministry, the ceasefire held overnight.",
        &[(Indirect, "the ceasefire held overnight", "the ministry")],
    );
    check(
        "The deal is worth $2bn, according to people familiar with the talks.",
        &[(Indirect, "The deal is worth $2bn", "people familiar with the talks")],
    );
}

#[test]
fn tell_skips_the_recipient() {
    check(
        "Nato’s secretary-general has told the Financial Times that the alliance hopes for “co-operation” from Moscow.",
        &[(Mixed, "the alliance hopes for “co-operation” from Moscow", "Nato’s secretary-general")],
    );
}

#[test]
fn speech_acts_and_negative_cues() {
    check("The union threatened a strike over the summer holidays.", &[(Indirect, "a strike over the summer holidays", "The union")]);
    check("The company rejected suggestions that it would sell.", &[(Indirect, "rejected suggestions that it would sell", "The company")]);
    check("Ministers ruled out any further talks this year.", &[(Indirect, "ruled out any further talks this year", "Ministers")]);
}

#[test]
fn appositive_relative_and_while_clauses_are_skipped_for_the_subject() {
    check(
        "US officials, while ruling out any deal that would end the “open door” policy, have said they could be open to talks.",
        &[(Indirect, "they could be open to talks", "US officials")],
    );
}

#[test]
fn scare_quotes_are_not_direct_quotes() {
    check("The plan, a “poison pill” for the merger, was dropped on Monday.", &[]);
}

#[test]
fn mixed_quote_keeps_its_marks() {
    check(
        "Lopez said the offer was “an insult to every nurse” and would be rejected.",
        &[(Mixed, "the offer was “an insult to every nurse” and would be rejected", "Lopez")],
    );
}

#[test]
fn odd_input_gives_diagnostics_not_errors() {
    let text = "He said “we will never\n\nStray ” mark and ‘single and don't.";
    let doc = segment(text);
    let ex = extract(text, &doc);
    assert!(!ex.diagnostics.is_empty());
    for q in &ex.quotes {
        assert!(text.is_char_boundary(q.span.start) && text.is_char_boundary(q.span.end));
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    /// Arbitrary text: no panic; every span inside the text on char boundaries; quotes
    /// sorted and disjoint; cue and mention spans inside the text.
    #[test]
    fn spans_are_valid_and_disjoint(text in "(\\PC|[“”\"‘’', .:—\n]|said|told|he|Smith|according to|that ){0,80}") {
        let doc = segment(&text);
        let ex = extract(&text, &doc);
        let mut last_end = 0;
        for q in &ex.quotes {
            proptest::prop_assert!(q.span.start >= last_end && q.span.start < q.span.end && q.span.end <= text.len());
            proptest::prop_assert!(text.is_char_boundary(q.span.start) && text.is_char_boundary(q.span.end));
            for s in q.cue.iter().chain(match &q.attribution { Attribution::Mention(m) => Some(m), _ => None }) {
                proptest::prop_assert!(s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            }
            last_end = q.span.end;
        }
        let _ = crate::actors::resolve(&text, &doc, &ex.quotes);
    }
}

#[test]
fn reported_clause_stops_before_a_later_cue_clause() {
    check(
        "Sergei Ryabkov, Russia’s deputy foreign minister, said Russia would not yield on its demand for Nato to never make Ukraine a member, a pledge the US and the military alliance has already ruled out.",
        &[(Indirect, "Russia would not yield on its demand for Nato to never make Ukraine a member", "Sergei Ryabkov")],
    );
}

#[test]
fn a_participle_continues_the_sentence_speaker() {
    check(
        "“We fought to the end,” Tsipras said as he left, adding that the deal was fair to Greece.",
        &[(Direct, "We fought to the end", "Tsipras"), (Indirect, "the deal was fair to Greece", "Tsipras")],
    );
}

#[test]
fn a_new_clause_after_but_has_its_own_subject() {
    check(
        "The offer was rejected by Unilever, but Kraft Heinz signaled on Friday that it was prepared to continue.",
        &[(Indirect, "it was prepared to continue", "Kraft Heinz")],
    );
}

#[test]
fn infinitive_rule_out_and_pronoun_added() {
    check(
        "Omtzigt appeared to rule out taking part in a coalition.",
        &[(Indirect, "rule out taking part in a coalition", "Omtzigt")],
    );
    check("He added the meetings had gone well.", &[(Indirect, "the meetings had gone well", "He")]);
}

#[test]
fn inverted_attribution_with_appositive() {
    check(
        "“The deal is dead,” said Maria Lopez, the union’s chief negotiator.",
        &[(Direct, "The deal is dead", "Maria Lopez")],
    );
}

#[test]
fn participle_describing_after_a_direct_quote() {
    check(
        "\"We managed to avoid the worst,\" he said, describing the deal as a signal of \"dignity\" to all of Europe.",
        &[(Direct, "We managed to avoid the worst", "he"), (Mixed, "the deal as a signal of \"dignity\" to all of Europe", "he")],
    );
}

#[test]
fn subject_after_a_subordinator_and_but_coordination() {
    check(
        "The withdrawal came two days after Kraft Heinz announced that it had made an offer.",
        &[(Indirect, "it had made an offer", "Kraft Heinz")],
    );
    check(
        "Omtzigt appeared to rule out a coalition, but said that his party would cooperate.",
        &[(Indirect, "rule out a coalition", "Omtzigt"), (Indirect, "his party would cooperate", "Omtzigt")],
    );
}

#[test]
fn relative_clause_subject_is_the_antecedent() {
    check(
        "The plan has the backing of most members, led by France, which has repeatedly urged Italy to sign it.",
        &[(Indirect, "Italy to sign it", "France")],
    );
    check(
        "The move drew criticism from Greek farmers who slammed the quota as “a betrayal of rural towns”.",
        &[(Mixed, "the quota as “a betrayal of rural towns”", "Greek farmers")],
    );
    check(
        "“We are close,” said Okafor, who then stressed that the vote would go ahead.",
        &[(Direct, "We are close", "Okafor"), (Indirect, "the vote would go ahead", "Okafor")],
    );
}

#[test]
fn reportedly_goes_to_unnamed_sources() {
    check("The talks have reportedly stalled over pensions.", &[(Indirect, "The talks have reportedly stalled over pensions", "unnamed sources")]);
    check("Reportedly, the offer would have raised pay by 4%.", &[(Indirect, "the offer would have raised pay by 4%", "unnamed sources")]);
    // A named source wins over the adverb.
    check("The union reportedly said the strike would go on.", &[(Indirect, "the strike would go on", "The union")]);
}

#[test]
fn clause_then_speaker_with_a_weekday_or_a_quoted_fragment() {
    check("Flights will resume next week, the ministry said Friday.", &[(Indirect, "Flights will resume next week", "the ministry")]);
    check(
        "The two envoys will meet in May to “settle the open points,” she said in a statement.",
        &[(Mixed, "The two envoys will meet in May to “settle the open points,”", "she")],
    );
}

#[test]
fn progressive_cues_and_coordinated_participles() {
    check("Nurses have been pushing for safe staffing ratios in every ward.", &[(Indirect, "safe staffing ratios in every ward", "Nurses")]);
    check(
        "Many drivers had reacted angrily, arguing for the promised 20 per cent rise and lamenting the loss of overtime pay.",
        &[(Indirect, "for the promised 20 per cent rise", "Many drivers"), (Indirect, "the loss of overtime pay", "Many drivers")],
    );
    check(
        "The ministry replied by accusing him of “spreading lies about the border.”",
        &[(Mixed, "him of “spreading lies about the border.”", "The ministry")],
    );
}

#[test]
fn leading_participle_takes_the_main_subject() {
    check(
        "While rejecting the new terms, Halvorsen has pledged to keep talking.",
        &[(Indirect, "rejecting the new terms", "Halvorsen"), (Indirect, "to keep talking", "Halvorsen")],
    );
}

#[test]
fn subordinate_and_semicolon_clauses_keep_their_own_subject() {
    check(
        "Both carriers are restarting flights after the labour ministry announced it would order arbitration.",
        &[(Indirect, "it would order arbitration", "the labour ministry")],
    );
    check(
        "Costa said the fence would stop smugglers; the opposition said it would not.",
        &[(Indirect, "the fence would stop smugglers", "Costa"), (Indirect, "it would not", "the opposition")],
    );
    check("Trade was hurt, although Ottawa always argued the levy was fair.", &[(Indirect, "the levy was fair", "Ottawa")]);
}

#[test]
fn first_to_and_new_cue_verbs() {
    check("Council chair Mara Vidal was the first to confirm the agreement on Monday.", &[(Indirect, "the agreement on Monday", "Council chair Mara Vidal")]);
    check("A judge had ruled that the firm broke the law.", &[(Indirect, "the firm broke the law", "A judge")]);
    check("The EU draft stipulates that both armies will withdraw.", &[(Indirect, "both armies will withdraw", "The EU draft")]);
    check("The premier answered that he would not resign.", &[(Indirect, "he would not resign", "The premier")]);
    check("Deutsche Rail had submitted an offer for the first time.", &[(Indirect, "an offer for the first time", "Deutsche Rail")]);
}

#[test]
fn frames_name_the_speaker_not_a_place_or_a_description() {
    check("“Talks will go on,” the Ministry of Trade in Lisbon said.", &[(Direct, "Talks will go on", "the Ministry of Trade")]);
    check(
        "“The guns are silent,” announced the League’s (AL) envoy for the region, former Kenyan President Daniel Mwangi.",
        &[(Direct, "The guns are silent", "former Kenyan President Daniel Mwangi")],
    );
    check(
        "The envoy who has chaired the talks, former deputy minister Ronald Visser, invited the parties to a new round.",
        &[(Indirect, "the parties to a new round", "former deputy minister Ronald Visser")],
    );
}

#[test]
fn according_to_a_statement_by_the_parties() {
    check(
        "According to a joint statement released by both parties, the strike will end on Monday.",
        &[(Indirect, "the strike will end on Monday", "both parties")],
    );
}

#[test]
fn tell_with_a_long_recipient_before_a_pronoun() {
    check(
        "Garcia told opposition leaders in a tense televised meeting he would veto the bill.",
        &[(Indirect, "he would veto the bill", "Garcia")],
    );
}

#[test]
fn dateline_time_phrase_and_anonymity() {
    check(
        "OSTBURG — The board of engineering group Hale & Moss on Monday rejected a revised offer from a rival, saying it was far too low.",
        &[
            (Indirect, "rejected a revised offer from a rival", "The board of engineering group Hale & Moss"),
            (Indirect, "it was far too low", "The board of engineering group Hale & Moss"),
        ],
    );
    check(
        "A trader at one of the bank’s largest clients, who asked not to be named, said the deal was off.",
        &[(Indirect, "the deal was off", "A trader")],
    );
}

#[test]
fn coordinated_speech_acts_split() {
    check(
        "She added that the round had been “productive” and thanked the hosts for their patience.",
        &[(Mixed, "the round had been “productive”", "She"), (Indirect, "the hosts for their patience", "She")],
    );
}

#[test]
fn a_cue_with_that_after_a_quote_starts_reported_speech() {
    check(
        "Ortiz argued, “Costs will rise. Families will pay.” He noted that rents had doubled since May.",
        &[(Direct, "Costs will rise. Families will pay.", "Ortiz"), (Indirect, "rents had doubled since May", "He")],
    );
}

#[test]
fn plural_nouns_are_not_cues() {
    check(
        "The treaty depends on a text which it says contains territorial claims to the region.",
        &[(Indirect, "contains territorial claims to the region", "it")],
    );
}

#[test]
fn passive_attributions() {
    check(
        "The vote was described as rigged by the opposition.",
        &[(Indirect, "described as rigged", "the opposition")],
    );
    check("The two leaders were said to be close to a deal.", &[(Indirect, "The two leaders were said to be close to a deal", "unnamed sources")]);
}

#[test]
fn noun_cues_after_a_verb_and_a_possessive() {
    check(
        "In March, Petrov renewed his threats to close the border by force.",
        &[(Indirect, "renewed his threats to close the border by force", "Petrov")],
    );
}

#[test]
fn name_and_appositive_after_a_quote() {
    check(
        "“The truce will hold,” Marta Ruiz, the Regional Council’s special envoy, told reporters at the hotel.",
        &[(Direct, "The truce will hold", "Marta Ruiz")],
    );
}

#[test]
fn more_speech_act_verbs() {
    check("The minister expressed hope that a deal could be reached by Friday.", &[(Indirect, "a deal could be reached by Friday", "The minister")]);
    check("Officials floated the idea of a joint border commission.", &[(Indirect, "the idea of a joint border commission", "Officials")]);
    check("The premier branded the offer a provocation.", &[(Indirect, "the offer a provocation", "The premier")]);
    check("The union hit back at the board over the job cuts.", &[(Indirect, "at the board over the job cuts", "The union")]);
    check(
        "Mendes was quoted by the newspaper as saying that the strike would last weeks.",
        &[(Indirect, "the strike would last weeks", "Mendes")],
    );
    check(
        "Jones said in an interview with the BBC on Sunday that the plan was dead.",
        &[(Indirect, "the plan was dead", "Jones")],
    );
}

#[test]
fn no_quote_in_declining_to_comment_or_in_adjectives() {
    check("The company declined to comment on the talks.", &[]);
    check("The navies patrol in disputed waters of the gulf.", &[]);
}

#[test]
fn a_second_that_clause_stays_in_the_quote() {
    check(
        "Costa said the wall would work; the opposition said it would not, and that the demand was blocking a deal.",
        &[
            (Indirect, "the wall would work", "Costa"),
            (Indirect, "it would not, and that the demand was blocking a deal", "the opposition"),
        ],
    );
    // A relative "that" after an object is not the complementiser.
    check(
        "Reyes proposed on Monday a short stopgap spending bill that would keep offices open.",
        &[(Indirect, "a short stopgap spending bill that would keep offices open", "Reyes")],
    );
}

#[test]
fn told_a_recipient_after_the_clause() {
    check(
        "A deal is close, two people familiar with the matter told Reuters.",
        &[(Indirect, "A deal is close", "two people familiar with the matter")],
    );
    check("The strike will go ahead, the union told members on Friday.", &[(Indirect, "The strike will go ahead", "the union")]);
}

#[test]
fn an_occasion_before_a_clause_without_that() {
    check(
        "The White House said in a statement it was ‘disappointed’ by the vote.",
        &[(Mixed, "it was ‘disappointed’ by the vote", "The White House")],
    );
    check("Mendes said late on Monday the talks would resume.", &[(Indirect, "the talks would resume", "Mendes")]);
}

#[test]
fn a_participle_before_by_is_passive() {
    check("Low-lying states threatened by rising seas want more aid.", &[]);
}

#[test]
fn an_attribution_inside_the_clause() {
    check(
        "The proposal, officials said, would cut emissions by half.",
        &[(Indirect, "The proposal, officials said, would cut emissions by half", "officials")],
    );
    check(
        "It remains unclear, one diplomat said, whether Moscow will agree.",
        &[(Indirect, "It remains unclear, one diplomat said, whether Moscow will agree", "one diplomat")],
    );
}

#[test]
fn nothing_reported_when_nothing_was_said() {
    check("She did not say whether the union would strike.", &[]);
    check("The firm declined to say how many jobs would go.", &[]);
}

#[test]
fn context_after_a_back_reported_clause_is_not_reported() {
    check(
        "Both sides agreed on Sunday to extend the truce, the mediator said, as talks entered a second week.",
        &[(Indirect, "Both sides agreed on Sunday to extend the truce", "the mediator")],
    );
}

#[test]
fn a_straight_opening_mark_closes_with_a_curly_one() {
    check(
        "\"We will be back at the table soon,\" Holm told reporters. \"We take this one day at a time.”",
        &[(Direct, "We will be back at the table soon", "Holm"), (Direct, "We take this one day at a time.", "Holm")],
    );
}

#[test]
fn a_modal_and_a_bare_cue_verb() {
    check(
        "The government will press Beijing to lift tariffs on wine.",
        &[(Indirect, "Beijing to lift tariffs on wine", "The government")],
    );
    check(
        "The union would reject any deal that cut pensions.",
        &[(Indirect, "reject any deal that cut pensions", "The union")],
    );
    check("The company will offer a statement later.", &[]);
}

#[test]
fn a_modal_cue_inside_a_reported_clause_is_not_a_new_quote() {
    check(
        "Lopez said the union would reject any deal that cut pensions.",
        &[(Indirect, "the union would reject any deal that cut pensions", "Lopez")],
    );
    check("Critics say cheaper imports would threaten local farmers.", &[(Indirect, "cheaper imports would threaten local farmers", "Critics")]);
}

#[test]
fn a_cue_inside_a_reported_clause_stays_in_the_outer_quote() {
    check(
        "The ministry said the two parties had agreed to a ceasefire.",
        &[(Indirect, "the two parties had agreed to a ceasefire", "The ministry")],
    );
    check(
        "The union blamed the studio, saying it had refused to budge on royalties.",
        &[(Indirect, "the studio", "The union"), (Indirect, "it had refused to budge on royalties", "The union")],
    );
    // A conjunction or a subordinator starts a clause of its own.
    check(
        "The union rejected the offer after the company said it would cut jobs.",
        &[(Indirect, "rejected the offer", "The union"), (Indirect, "it would cut jobs", "the company")],
    );
    // "by accusing": the subject's own act, reported with its own cue.
    check(
        "The ministry responded the next day by accusing him of misleading voters.",
        &[(Indirect, "him of misleading voters", "The ministry")],
    );
}

#[test]
fn a_cue_with_its_own_clause_after_a_full_stop_is_not_the_frame() {
    check(
        "“The offer falls short,” Okafor said. “We will keep striking.” Varga said the ministry had made its last offer.",
        &[
            (Direct, "The offer falls short", "Okafor"),
            (Direct, "We will keep striking.", "Okafor"),
            (Indirect, "the ministry had made its last offer", "Varga"),
        ],
    );
    // An adverbial or a recipient after the cue keeps it the frame.
    check("“We will keep striking.” Varga said on Monday at a rally.", &[(Direct, "We will keep striking.", "Varga")]);
    check("“We will keep striking.” Varga told reporters outside the plant gates.", &[(Direct, "We will keep striking.", "Varga")]);
}

#[test]
fn a_participle_after_a_back_reported_frame_continues_its_speaker() {
    check(
        "The package adds a signing bonus and longer leave, union officials said on Friday, adding that members would vote next week.",
        &[
            (Indirect, "The package adds a signing bonus and longer leave", "union officials"),
            (Indirect, "members would vote next week", "union officials"),
        ],
    );
}

#[test]
fn a_reported_clause_keeps_its_own_conditional_clause() {
    check(
        "The union said it had offered to end the strike if the company agreed to arbitration.",
        &[(Indirect, "it had offered to end the strike if the company agreed to arbitration", "The union")],
    );
}

#[test]
fn a_bare_present_cue_after_a_plural_subject() {
    check("Farmers argue that the quota is too low.", &[(Indirect, "the quota is too low", "Farmers")]);
    check("Opposition lawmakers insist the budget is dead.", &[(Indirect, "the budget is dead", "Opposition lawmakers")]);
    // Forms that are as often nouns are not cues on their own.
    check("A key demand of the strikers is a shorter week.", &[]);
}

#[test]
fn told_a_recipient_then_a_clause_without_that() {
    check("Okafor told Reuters the vote had been postponed.", &[(Indirect, "the vote had been postponed", "Okafor")]);
    check(
        "Okafor told members of the union the vote had been postponed.",
        &[(Indirect, "the vote had been postponed", "Okafor")],
    );
    check(
        "Okafor told reporters in Lagos on Monday the vote had been postponed.",
        &[(Indirect, "the vote had been postponed", "Okafor")],
    );
    // No verb after the object: nothing reported.
    check("Okafor told the committee the figures.", &[]);
}

#[test]
fn a_possessive_description_before_a_name_gives_the_name() {
    check("Her spokesman, Tom Vance, said the deal was done.", &[(Indirect, "the deal was done", "Tom Vance")]);
}

#[test]
fn a_relative_that_after_an_object_is_not_the_reported_clause() {
    check(
        "Okafor has warned against any deal that would cut night shifts.",
        &[(Indirect, "against any deal that would cut night shifts", "Okafor")],
    );
    check("The union vowed to fight any plan that cuts their pensions.", &[(Indirect, "to fight any plan that cuts their pensions", "The union")]);
    // An adverbial before a complement `that` is still skipped.
    check("Okafor said late on Friday that talks would resume.", &[(Indirect, "talks would resume", "Okafor")]);
    check("Okafor warned lawmakers that the hospital would close.", &[(Indirect, "the hospital would close", "Okafor")]);
}

#[test]
fn a_bare_day_after_the_cue_is_not_reported() {
    check("Okafor said Thursday the vote had been postponed.", &[(Indirect, "the vote had been postponed", "Okafor")]);
}

#[test]
fn the_reporters_context_after_a_comma_and_a_subordinator_is_not_reported() {
    check(
        "Okafor said the hospital was open to talks, as pressure on both sides mounted.",
        &[(Indirect, "the hospital was open to talks", "Okafor")],
    );
    check(
        "The union accused the board of stalling, while the board blamed the union for the delay.",
        &[(Indirect, "the board of stalling", "The union"), (Indirect, "the union for the delay", "the board")],
    );
    // A clause that merely starts with "as" keeps its words.
    check("Okafor said the strike would go on as planned.", &[(Indirect, "the strike would go on as planned", "Okafor")]);
}

#[test]
fn a_light_verb_and_a_speech_act_noun() {
    check(
        "Okafor issued a stark warning that the wards could close.",
        &[(Indirect, "issued a stark warning that the wards could close", "Okafor")],
    );
    check("Okafor repeated her call for an independent review.", &[(Indirect, "repeated her call for an independent review", "Okafor")]);
    // Not a speech act of the subject's: "received a warning".
    check("Okafor received a warning from the board.", &[]);
}

#[test]
fn an_unframed_quotation_takes_the_subject_of_its_lead_in_sentence() {
    check("Okafor was defiant. “We are not moving.”", &[(Direct, "We are not moving.", "Okafor")]);
    check("Okafor: “We are not moving.”", &[(Direct, "We are not moving.", "Okafor")]);
    // A long narrative sentence is not a lead-in.
    check(
        "The board met in the old library on Monday to discuss the budget and the staffing plans for next year. “We are not moving.”",
        &[(Direct, "We are not moving.", "")],
    );
}

#[test]
fn a_back_reported_mixed_quote_whose_comma_sits_inside_the_mark() {
    check(
        "The accord reflects “a shared wish to turn the page,” said Okafor.",
        &[(Mixed, "The accord reflects “a shared wish to turn the page,”", "Okafor")],
    );
}

#[test]
fn on_condition_of_anonymity_is_not_reported() {
    check(
        "Two officials confirmed the deal on condition of anonymity.",
        &[(Indirect, "the deal", "Two officials")],
    );
}

#[test]
fn more_reporting_verbs() {
    check("The minister denounced the blockade as illegal.", &[(Indirect, "the blockade as illegal", "The minister")]);
    check("The minister reaffirmed that the border would stay open.", &[(Indirect, "the border would stay open", "The minister")]);
    // "recalled" needs its `that`: "recalled the ambassador" reports nothing.
    check("The ministry recalled its ambassador.", &[]);
    check("The ministry recalled that the treaty had been signed in 1995.", &[(Indirect, "the treaty had been signed in 1995", "The ministry")]);
}

#[test]
fn leftover_words_in_quotation_marks_are_direct_quotes() {
    // No cue holds the fragment: the possessor names its speaker.
    check(
        "Talks opened on Monday, the first step in President Ana Ruiz’s plan to “end the war for good.”",
        &[(Direct, "end the war for good.", "President Ana Ruiz")],
    );
    // The subject of the sentence, when it is a name.
    check(
        "Okafor struck a defiant note on “the things we will never give up.”",
        &[(Direct, "the things we will never give up.", "Okafor")],
    );
    // Single words and two-word scare quotes stay out.
    check("The crowd cheered the “win” for the “whole town”.", &[]);
}

#[test]
fn a_leftover_fragment_with_no_speaker_in_sight_takes_the_previous_quotes() {
    check(
        "Okafor said the wards were understaffed.\nOn the ward, the mood was grim, with talk of “another winter like the last one.”",
        &[(Indirect, "the wards were understaffed", "Okafor"), (Direct, "another winter like the last one.", "Okafor")],
    );
}

#[test]
fn an_unframed_direct_quote_with_no_neighbour_takes_the_previous_quotes_speaker() {
    check(
        "“We will not sign,” Okafor said.\nThe board met again on Tuesday and the mood in the room was tense from start to finish. “Nothing has changed.”",
        &[(Direct, "We will not sign", "Okafor"), (Direct, "Nothing has changed.", "Okafor")],
    );
}

#[test]
fn a_quotation_paragraph_after_a_colon_takes_the_subject_of_the_colon_sentence() {
    check(
        "“We will not sign,” Okafor said.\nMaria Berg, head of the growers association, laid out its demands at a rally in Lund on Monday:\n“We want a fair price for every litre we produce.”",
        &[(Direct, "We will not sign", "Okafor"), (Direct, "We want a fair price for every litre we produce.", "Maria Berg")],
    );
}

#[test]
fn the_second_part_of_a_split_quote_is_not_framed_by_the_first_parts_words() {
    check(
        "Okafor spoke to reporters.\n“If the board wants a pledge,” he said, “it can have one by Monday.”",
        &[(Direct, "If the board wants a pledge", "he"), (Direct, "it can have one by Monday.", "he")],
    );
}

#[test]
fn a_number_with_a_thousands_separator_does_not_split_the_subject() {
    check(
        "Unions representing about 3,800 workers have asked for written guarantees.",
        &[(Indirect, "for written guarantees", "Unions representing about 3,800 workers")],
    );
}

#[test]
fn a_participle_after_a_comma_is_not_an_inverted_frame() {
    check(
        "The union rejected the deal, saying members deserve better.",
        &[(Indirect, "rejected the deal", "The union"), (Indirect, "members deserve better", "The union")],
    );
}

#[test]
fn a_verb_that_needs_that_reports_a_clause_with_its_own_subject_and_verb() {
    check("Okafor added the board had broken its word.", &[(Indirect, "the board had broken its word", "Okafor")]);
    check("The union noted Kellerman was still hiring agency staff.", &[(Indirect, "Kellerman was still hiring agency staff", "The union")]);
    // An object with no finite verb after it is not a reported clause.
    check("The hospital added the new wing to its plans.", &[]);
    check("The union posted a video of the rally.", &[]);
}

#[test]
fn a_short_quotation_with_its_own_frame_after_a_full_stop_is_direct() {
    check("Okafor was asked whether the talks had failed. “No,” she said.", &[(Direct, "No", "she")]);
}

#[test]
fn one_noun_after_a_speech_act_that_takes_an_object() {
    check("The council called for calm.", &[(Indirect, "calm", "The council")]);
    check("The minister denied wrongdoing.", &[(Indirect, "denied wrongdoing", "The minister")]);
    check("The union said so.", &[]);
}

#[test]
fn sees_no_basis_is_a_refusal_kept_with_its_cue() {
    check(
        "The pilots’ union sees no basis for talks in the airline’s latest offer.",
        &[(Indirect, "sees no basis for talks in the airline’s latest offer", "The pilots’ union")],
    );
}

#[test]
fn declining_to_give_details_and_saying_of_a_topic_report_nothing() {
    check("A spokesman declined to provide more detail on the timing of the vote.", &[]);
    check("Okafor said of the board’s offer that it was a start.", &[(Indirect, "it was a start", "Okafor")]);
    check("Okafor said about the ward rotas that nobody would walk away.", &[(Indirect, "nobody would walk away", "Okafor")]);
}

#[test]
fn the_one_quoted_as_saying_is_the_speaker() {
    check(
        "State radio quoted Defence Minister Ilse Varga as saying the border would stay closed.",
        &[(Indirect, "the border would stay closed", "Defence Minister Ilse Varga")],
    );
    check("“We will not yield,” Varga was quoted as saying by state radio.", &[(Direct, "We will not yield", "Varga")]);
    check("“We will not yield,” state radio quoted Varga as saying.", &[(Direct, "We will not yield", "Varga")]);
}

#[test]
fn a_leading_time_adverb_is_not_part_of_the_speaker() {
    check(
        "Afterwards she said the meeting had gone well.",
        &[(Indirect, "the meeting had gone well", "she")],
    );
    check(
        "Later the bank’s spokeswoman said the branch would reopen.",
        &[(Indirect, "the branch would reopen", "the bank’s spokeswoman")],
    );
}

#[test]
fn a_joint_subject_keeps_the_appositive_that_names_its_second_member() {
    check(
        "Guild chair Rhea Stanton and her deputy, Colm Bessey, told members the offer was fair.",
        &[(Indirect, "the offer was fair", "Guild chair Rhea Stanton and her deputy, Colm Bessey")],
    );
    // A plain appositive still gives the name alone.
    check("The guild’s chair, Rhea Stanton, said the offer was fair.", &[(Indirect, "the offer was fair", "Rhea Stanton")]);
}

#[test]
fn a_name_behind_a_hyphened_particle_is_a_name() {
    check(
        "“The border stays open,” al-Masri said after the meeting.",
        &[(Direct, "The border stays open", "al-Masri")],
    );
    check(
        "Colonel Tariq bin-Hamad said the convoy would leave at dawn.",
        &[(Indirect, "the convoy would leave at dawn", "Colonel Tariq bin-Hamad")],
    );
}

#[test]
fn an_acronym_in_brackets_stays_with_the_name_before_it() {
    // The appositive after the bracketed acronym is the speaker, not the acronym.
    check(
        "The head of the Northern Defence Force (NDF), General Omar Rahal, has said the truce would hold.",
        &[(Indirect, "the truce would hold", "General Omar Rahal")],
    );
    // A bracketed acronym right before the cue leaves the name before it.
    check("The Harbour Pilots Guild (HPG) said the strike would go ahead.", &[(Indirect, "the strike would go ahead", "The Harbour Pilots Guild")]);
    // A plural possessive and a bracketed acronym inside a sentence subject.
    check(
        "Bakers' Guild (BG) chief Anna Rolf rejected the offer, and said talks were over.",
        &[(Indirect, "rejected the offer", "Bakers' Guild (BG) chief Anna Rolf"), (Indirect, "talks were over", "Bakers' Guild (BG) chief Anna Rolf")],
    );
}

#[test]
fn a_relative_clause_is_trimmed_off_the_speaker() {
    check(
        "A Norvish negotiator who asked not to be named said the draft had stalled.",
        &[(Indirect, "the draft had stalled", "A Norvish negotiator")],
    );
    check(
        "Two officials whose offices oversee the port said the cranes were idle.",
        &[(Indirect, "the cranes were idle", "Two officials")],
    );
}

#[test]
fn an_honorific_and_its_name_are_one_speaker() {
    // "Mr." keeps its period; "May" after a title or a given name is a name, not a modal.
    check(
        "Mr. Okafor confirmed that the board had met and said it was “not ready to sign.”",
        &[(Indirect, "the board had met", "Mr. Okafor"), (Mixed, "it was “not ready to sign.”", "Mr. Okafor")],
    );
    check("Mrs May said the deal was done.", &[(Indirect, "the deal was done", "Mrs May")]);
    check("Lena May agreed that the plan was fair.", &[(Indirect, "the plan was fair", "Lena May")]);
}

#[test]
fn a_date_after_the_speaker_is_not_part_of_it() {
    check(
        "Trade Minister Ilse Varga on Sept. 17 said she would return to Ostburg.",
        &[(Indirect, "she would return to Ostburg", "Trade Minister Ilse Varga")],
    );
    check(
        "Trade Minister Ilse Varga on 17 September said she would return.",
        &[(Indirect, "she would return", "Trade Minister Ilse Varga")],
    );
}

#[test]
fn whom_it_was_said_to_is_not_part_of_the_speaker() {
    check("“We will rebuild,” said Halvorsen to the crowd.", &[(Direct, "We will rebuild", "Halvorsen")]);
    // A title with "to" stays whole.
    check(
        "“We will rebuild,” said Ambassador to the Union Mara Lind.",
        &[(Direct, "We will rebuild", "Ambassador to the Union Mara Lind")],
    );
}

#[test]
fn the_subject_of_a_relative_that_clause_is_the_speaker() {
    check(
        "Hundreds of dockers marched through Ostburg on Friday, the same day that the port authority warned that jobs would go.",
        &[(Indirect, "jobs would go", "the port authority")],
    );
    // The `that` of a reported clause keeps the outer speaker.
    check(
        "Reed said late on Monday that Holt and Varga agreed to meet again in May.",
        &[(Indirect, "Holt and Varga agreed to meet again in May", "Reed")],
    );
}

#[test]
fn a_coordinated_clause_with_a_role_noun_subject_has_its_own_speaker() {
    check(
        "A port strike would have been the longest in decades, and analysts warn it could raise prices.",
        &[(Indirect, "it could raise prices", "analysts")],
    );
    check(
        "Talks broke down on Monday, and the union said it would strike.",
        &[(Indirect, "it would strike", "the union")],
    );
}

#[test]
fn a_cue_after_a_closing_mark_frames_the_quotation_before_it() {
    // The second quotation is not framed by the first one's "said …".
    check(
        "\"We walked out,\" said union leader Mara Lind, of Ostburg. \"They asked for more. We said no.\"",
        &[(Direct, "We walked out", "union leader Mara Lind"), (Direct, "They asked for more. We said no.", "union leader Mara Lind")],
    );
}

#[test]
fn a_plural_possessive_does_not_close_a_single_quoted_quotation() {
    check(
        "‘I have met the nurses’ leaders twice,’ Mr Okafor said.",
        &[(Direct, "I have met the nurses’ leaders twice", "Mr Okafor")],
    );
    // With no later mark to close it, the apostrophe closes the quotation.
    let text = "The plan was ‘a gift to the bosses’ and nothing more.";
    let doc = segment(text);
    let quoted = marks::find_quoted(text, &doc, &mut Vec::new());
    let got: Vec<&str> = quoted.iter().map(|q| q.content.slice(text)).collect();
    assert_eq!(got, vec!["a gift to the bosses"]);
}

#[test]
fn a_quotation_ending_a_reported_clause_takes_the_far_cue_speaker() {
    // After a comma, the quotation continues the clause that `wrote that` reports.
    check(
        "Halvorsen wrote on his blog that the port’s chief negotiator, Mara Lind, \"will travel to Ostburg to explore a new truce.\"",
        &[(Direct, "will travel to Ostburg to explore a new truce.", "Halvorsen")],
    );
    // After a colon, the clause is a reported quote of its own and the quotation follows it.
    check(
        "Its chief executive, Dr. Ada Korr, said the hospitals had absorbed rising costs for too long: “We are not asking to be rich.”",
        &[(Indirect, "the hospitals had absorbed rising costs for too long", "Dr. Ada Korr"), (Direct, "We are not asking to be rich.", "Dr. Ada Korr")],
    );
}

#[test]
fn a_long_lead_in_ending_in_a_colon_names_the_speaker() {
    check(
        "Mara Lind, the guild’s deputy chair and chief negotiator, set out the guild’s position on arrival: “We are here to settle.”",
        &[(Direct, "We are here to settle.", "Mara Lind")],
    );
}


#[test]
fn a_fragment_after_an_absolute_participle_takes_its_subject() {
    check(
        "The talks ended on Wednesday, with the council chair accusing the owners of treating the town “like a spreadsheet.”",
        &[(Direct, "like a spreadsheet.", "the council chair")],
    );
    // The participle after `and` has its own subject.
    check(
        "Talks broke down on Friday, with unions blaming the owners and Mayor Ilse Varga calling the offer \"a very bad joke.\"",
        &[(Direct, "a very bad joke.", "Mayor Ilse Varga")],
    );
}

#[test]
fn a_cue_with_its_own_clause_before_a_colon_keeps_it() {
    check(
        "Board chair Ada Korr said the company could not pay more: “Every extra krone comes out of the timetable.”",
        &[(Indirect, "the company could not pay more", "Board chair Ada Korr"), (Direct, "Every extra krone comes out of the timetable.", "Board chair Ada Korr")],
    );
    // A cue with only a recipient before the colon frames the quotation.
    check("Korr told reporters on Monday: “We will not pay more.”", &[(Direct, "We will not pay more.", "Korr")]);
}

#[test]
fn a_surname_that_is_also_a_modal_stays_in_a_trailing_frame() {
    check("‘Six times they have said no,’ Mrs May said.", &[(Direct, "Six times they have said no", "Mrs May")]);
    check("“We are ready,” Ella Will said.", &[(Direct, "We are ready", "Ella Will")]);
}

#[test]
fn plural_people_nouns_can_speak_after_a_conjunction() {
    check(
        "A truce would be the first in two years, and aid agencies say it could save thousands of lives.",
        &[(Indirect, "it could save thousands of lives", "aid agencies")],
    );
    check("A closure would cost 400 jobs, and economists warn it could empty the high street.", &[(Indirect, "it could empty the high street", "economists")]);
}

/// The mention `speaking_np` keeps of `mention`, as text.
fn spoken(mention: &str) -> Option<String> {
    speaking_np(mention, Span::new(0, mention.len())).map(|s| s.slice(mention).to_string())
}

#[test]
fn interjections_questions_and_imperatives_are_not_speakers() {
    assert_eq!(spoken("Hey Tomas"), None);
    assert_eq!(spoken("'Hey Tomas"), None);
    assert_eq!(spoken("Well there’s no plan for the bridge"), None);
    assert_eq!(spoken("What"), None);
    assert_eq!(spoken("Take"), None);
    assert_eq!(spoken("a lost season Let me"), None);
    assert_eq!(spoken("There"), None);
    assert_eq!(spoken("them"), None);
    // Names that spell such words stay.
    assert_eq!(spoken("WHO").as_deref(), Some("WHO"));
    assert_eq!(spoken("Stop Funding Hate").as_deref(), Some("Stop Funding Hate"));
    assert_eq!(spoken("For Women Scotland").as_deref(), Some("For Women Scotland"));
}

#[test]
fn a_clause_after_a_subject_pronoun_is_not_a_speaker() {
    assert_eq!(spoken("I mean"), None);
    assert_eq!(spoken("We just want to"), None);
    assert_eq!(spoken("I think it’s what the mayor"), None);
    assert_eq!(spoken("He and his closest ally, Senator Mila Okonjo").as_deref(), Some("He and his closest ally, Senator Mila Okonjo"));
    assert_eq!(spoken("`` I").as_deref(), Some("I"));
}

#[test]
fn a_fronted_adverbial_comes_off_the_subject() {
    assert_eq!(spoken("With a flag in her hand she").as_deref(), Some("she"));
    assert_eq!(spoken("Nevertheless he").as_deref(), Some("he"));
    assert_eq!(spoken("In the 80th minute Jonas Berg").as_deref(), Some("Jonas Berg"));
    assert_eq!(spoken("as Chief Financial Officer Nadia Brandt").as_deref(), Some("Chief Financial Officer Nadia Brandt"));
    assert_eq!(spoken("Nina Oduya and I").as_deref(), Some("Nina Oduya and I"));
    check(
        "Elena Varga met the fans after the match. With a flag in her hand she said, \"This club is my family.\"",
        &[(Direct, "This club is my family.", "she")],
    );
    check(
        "In the second half Marco Reyes conceded that the team had tired.",
        &[(Indirect, "the team had tired", "Marco Reyes")],
    );
}

#[test]
fn a_clause_date_or_participle_around_the_name_comes_off() {
    assert_eq!(spoken("The regulator occupies the old bank building but Castor Pharma").as_deref(), Some("Castor Pharma"));
    assert_eq!(spoken("Nina Oduya in March 2021").as_deref(), Some("Nina Oduya"));
    assert_eq!(spoken("a Norland official briefed").as_deref(), Some("a Norland official"));
    check(
        "According to a Norland official briefed on the talks, the deal will be signed on Monday.",
        &[(Indirect, "the deal will be signed on Monday", "a Norland official")],
    );
    check("Nina Oduya in March 2021 called the decision a mistake.", &[(Indirect, "the decision a mistake", "Nina Oduya")]);
}

#[test]
fn a_rejected_mention_leaves_the_quote_to_its_neighbours() {
    // "'Hey Tomas" is the first quotation's address, not the second one's speaker.
    check(
        "When fans stop me and say, 'Hey Tomas, my name is Ana,' I say, 'Hey Ana, my name is Tomas' and they laugh.",
        &[(Direct, "Hey Tomas, my name is Ana", "I"), (Direct, "Hey Ana, my name is Tomas", "I")],
    );
    check(
        "Take the airline, for instance. Take say the pilots' union, which has said strikes will continue.",
        &[(Indirect, "the pilots' union", ""), (Indirect, "strikes will continue", "union")],
    );
}

#[test]
fn a_conjunction_before_a_name_opens_the_subject() {
    check(
        "And Petra Holm and Jonas Berg, the two negotiators, agreed that the levy would not rise next year.",
        &[(Indirect, "the levy would not rise next year", "Petra Holm and Jonas Berg")],
    );
}
