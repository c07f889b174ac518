"""Builds speaker-dev.jsonl: short fictional news articles written for standpoint, each
quotation labelled with its speaker. A development set for speaker rules (see README.md).

Each quote is (text, kind, speaker, mentions, stance, sentiment[, extra]); its span is the
first occurrence of the text in the article (code points), or the n-th with extra["nth"].
"""
import json
import sys

ARTICLES = []


def article(id_, title, paras, quotes):
    ARTICLES.append((id_, title, "\n".join(paras), quotes))


article("port-strike", "Dockworkers walk out at Velmar", [
    "Dockworkers at the port of Velmar walked off the job on Tuesday after talks with the terminal operator, Castlewick Terminals, broke down.",
    "Ines Marwood, president of the Velmar Dockworkers Union, said the operator had refused to move on pay. “We gave them every chance. They chose a strike,” she said.",
    "The company’s spokeswoman, Petra Solvik, said Castlewick remained ready to return to the table. “Our offer is fair and it is still on the table,” the spokeswoman said.",
    "Harbour master Colm Redding and city councillor Abel Nyquist visited the picket line on Wednesday morning. Marwood, who has led the union since 2019, told reporters the strike would last “as long as it takes”.",
    "“Nobody wants this,” she said. “But our members have been patient for three years.”",
    "According to Tomas Ekdal, a labour economist at Norrhaven University, the stoppage could cost the region millions a day.",
    "A person familiar with the talks said the two sides were about 2 percent apart.",
], [
    ("the operator had refused to move on pay", "indirect", "Ines Marwood", ["Ines Marwood", "Marwood", "she", "president of the Velmar Dockworkers Union"], "uncompromising", "negative"),
    ("We gave them every chance. They chose a strike", "direct", "Ines Marwood", None, "uncompromising", "negative"),
    ("Castlewick remained ready to return to the table", "indirect", "Petra Solvik", ["Petra Solvik", "The company’s spokeswoman", "the spokeswoman"], "concessive", "neutral"),
    ("Our offer is fair and it is still on the table", "direct", "Petra Solvik", None, "concessive", "neutral"),
    ("the strike would last “as long as it takes”", "mixed", "Ines Marwood", None, "uncompromising", "negative"),
    ("Nobody wants this", "direct", "Ines Marwood", None, "neutral", "negative"),
    ("But our members have been patient for three years.", "direct", "Ines Marwood", None, "uncompromising", "negative"),
    ("the stoppage could cost the region millions a day", "indirect", "Tomas Ekdal", ["Tomas Ekdal", "a labour economist at Norrhaven University"], "neutral", "negative"),
    ("the two sides were about 2 percent apart", "indirect", "person familiar with the talks", ["A person familiar with the talks"], "neutral", "neutral"),
])

article("coalition-talks", "Agrarians hold out for finance ministry", [
    "Coalition talks in Lendria stalled again on Thursday as the Agrarian Party held out for control of the finance ministry.",
    "“We are not going to sign a blank cheque,” he said outside parliament. Rasmus Vold, the Agrarian leader, holds the 14 seats that Prime Minister Hedda Ringstad needs for a majority.",
    "Ringstad met Vold, Green leader Otto Brekke and Liberal chair Sigrid Vikane on Wednesday evening. Afterwards she said she was “cautiously hopeful” of a deal by the end of the month.",
    "Brekke, whose party would lose two cabinet posts under the Agrarian plan, was less upbeat. “This is a ransom note, not a proposal,” he said.",
    "Vold and his deputy, Maren Lie, told reporters they would not back any budget that cut farm subsidies.",
    "“The door is open,” Vold added. “But the price has gone up.”",
], [
    ("We are not going to sign a blank cheque", "direct", "Rasmus Vold", ["Rasmus Vold", "Vold", "he", "the Agrarian leader"], "uncompromising", "negative"),
    ("she was “cautiously hopeful” of a deal by the end of the month", "mixed", "Hedda Ringstad", ["Hedda Ringstad", "Ringstad", "she", "Prime Minister Hedda Ringstad"], "neutral", "positive"),
    ("This is a ransom note, not a proposal", "direct", "Otto Brekke", ["Otto Brekke", "Brekke", "he"], "neutral", "negative"),
    ("they would not back any budget that cut farm subsidies", "indirect", "Rasmus Vold and Maren Lie", ["Vold and his deputy, Maren Lie"], "uncompromising", "neutral", {"joint_speakers": ["Rasmus Vold", "Maren Lie"]}),
    ("The door is open", "direct", "Rasmus Vold", None, "concessive", "positive"),
    ("But the price has gone up.", "direct", "Rasmus Vold", None, "uncompromising", "neutral"),
])

article("takeover-bid", "Dunholt board turns down Quillon", [
    "Dunholt Foods said on Monday that Quillon Group’s $4.1 billion takeover bid undervalued the company.",
    "“The board is unanimous: this offer is not good enough,” chairwoman Lotte Arkwright said in a letter to shareholders.",
    "Quillon chief executive Dario Fenn said his company would not raise its offer. According to Fenn, who built Quillon from a single bakery, Dunholt’s shareholders should be allowed to decide for themselves.",
    "Dunholt’s spokeswoman, Yara Osei, did not return calls on Monday. Later the company’s spokeswoman said Dunholt was “open to any serious proposal”.",
    "Analysts at Harrow Securities said a higher bid was likely. “Quillon has the money and it wants the brands,” said Nina Castell of Harrow.",
    "The food workers’ union, which represents 6,000 Dunholt staff, said it feared job cuts under either owner.",
], [
    ("Quillon Group’s $4.1 billion takeover bid undervalued the company", "indirect", "Dunholt Foods", ["Dunholt Foods"], "uncompromising", "neutral"),
    ("The board is unanimous: this offer is not good enough", "direct", "Lotte Arkwright", ["Lotte Arkwright", "chairwoman Lotte Arkwright"], "uncompromising", "negative"),
    ("his company would not raise its offer", "indirect", "Dario Fenn", ["Dario Fenn", "Fenn", "Quillon chief executive Dario Fenn"], "uncompromising", "neutral"),
    ("Dunholt’s shareholders should be allowed to decide for themselves", "indirect", "Dario Fenn", None, "uncompromising", "neutral"),
    ("Dunholt was “open to any serious proposal”", "mixed", "Yara Osei", ["Yara Osei", "Dunholt’s spokeswoman", "the company’s spokeswoman"], "concessive", "neutral"),
    ("a higher bid was likely", "indirect", "Analysts at Harrow Securities", ["Analysts at Harrow Securities"], "neutral", "neutral"),
    ("Quillon has the money and it wants the brands", "direct", "Nina Castell", ["Nina Castell", "Nina Castell of Harrow"], "neutral", "neutral"),
    ("it feared job cuts under either owner", "indirect", "food workers’ union", ["The food workers’ union"], "neutral", "negative"),
])

article("teachers-strike", "Marsh Valley teachers set strike date", [
    "Teachers in the Marsh Valley district will strike from Monday unless the school board improves its pay offer, the teachers’ association announced on Friday.",
    "Association president Gwen Tallis spoke to a packed hall of members on Thursday night.",
    "“We have bargained in good faith for eighteen months. We have accepted a longer school day and larger classes.",
    "“What we will not accept is another year of pay that falls behind prices,” she said.",
    "Board chair Howard Pike, who was not at the meeting, said the board had already offered 3 percent. “That is what the district can afford,” Pike said. “Anything more means cutting teachers’ jobs.”",
    "Superintendent Ray Pelham, asked about contingency plans, said schools would stay open with substitute staff.",
    "Parents’ group leader Abby Chen said families were “caught in the middle”.",
], [
    ("Teachers in the Marsh Valley district will strike from Monday unless the school board improves its pay offer", "indirect", "teachers’ association", ["the teachers’ association"], "uncompromising", "neutral"),
    ("We have bargained in good faith for eighteen months. We have accepted a longer school day and larger classes.", "direct", "Gwen Tallis", ["Gwen Tallis", "Association president Gwen Tallis", "she"], "concessive", "neutral"),
    ("What we will not accept is another year of pay that falls behind prices", "direct", "Gwen Tallis", None, "uncompromising", "negative"),
    ("the board had already offered 3 percent", "indirect", "Howard Pike", ["Howard Pike", "Pike", "Board chair Howard Pike"], "concessive", "neutral"),
    ("That is what the district can afford", "direct", "Howard Pike", None, "uncompromising", "neutral"),
    ("Anything more means cutting teachers’ jobs.", "direct", "Howard Pike", None, "uncompromising", "negative"),
    ("schools would stay open with substitute staff", "indirect", "Ray Pelham", ["Ray Pelham", "Superintendent Ray Pelham"], "neutral", "neutral"),
    ("families were “caught in the middle”", "mixed", "Abby Chen", ["Abby Chen", "Parents’ group leader Abby Chen"], "neutral", "negative"),
])

article("stopgap-bill", "Leaders agree stopgap bill", [
    "Senate leader Curtis Hale and House speaker Joan Merrow said on Tuesday they had agreed a stopgap bill to keep the government open until March.",
    "Opposition leader Frank Dobbs said the bill was “a surrender dressed up as a compromise”. He and his closest ally, Senator Mila Okonjo, said they would try to block the bill on the floor.",
    "Hale dismissed the threat. “They do not have the votes, and they know it,” he said.",
    "Two officials involved in the negotiations said the treasury had signed off on the spending levels.",
    "The bill is expected to pass, according to Lorna Fitch, a veteran budget analyst at the Civic Ledger Institute.",
    "“Nobody wants a shutdown in an election year,” Fitch said.",
], [
    ("they had agreed a stopgap bill to keep the government open until March", "indirect", "Curtis Hale and Joan Merrow", ["Senate leader Curtis Hale and House speaker Joan Merrow"], "concessive", "neutral", {"joint_speakers": ["Curtis Hale", "Joan Merrow"]}),
    ("the bill was “a surrender dressed up as a compromise”", "mixed", "Frank Dobbs", ["Frank Dobbs", "Opposition leader Frank Dobbs"], "neutral", "negative"),
    ("they would try to block the bill on the floor", "indirect", "Frank Dobbs and Mila Okonjo", ["He and his closest ally, Senator Mila Okonjo"], "uncompromising", "negative", {"joint_speakers": ["Frank Dobbs", "Mila Okonjo"]}),
    ("They do not have the votes, and they know it", "direct", "Curtis Hale", ["Curtis Hale", "Hale", "he", "Senate leader Curtis Hale"], "uncompromising", "negative"),
    ("the treasury had signed off on the spending levels", "indirect", "officials involved in the negotiations", ["Two officials involved in the negotiations"], "neutral", "neutral"),
    ("The bill is expected to pass", "indirect", "Lorna Fitch", ["Lorna Fitch", "Fitch", "a veteran budget analyst at the Civic Ledger Institute"], "neutral", "neutral"),
    ("Nobody wants a shutdown in an election year", "direct", "Lorna Fitch", None, "neutral", "neutral"),
])

article("diesel-tax", "Farmers threaten border blockades", [
    "The Norland Farmers’ Federation said on Wednesday it would block the main border crossings from next week unless the government scrapped a new diesel tax.",
    "Agriculture Minister Tove Lindahl met federation head Aksel Brun and two regional leaders, Pavel Ruzicka and Ondrej Kral, in the capital on Tuesday. The minister said she was willing to discuss rebates for small farms.",
    "“The tax stays. But nobody wants farms to close,” she told state radio on Wednesday.",
    "Brun was unmoved. “Rebates are crumbs,” he said. “We want the whole tax gone.”",
    "Kral, who farms 300 hectares near the border, said his members were ready to stay on the roads for weeks.",
    "The road hauliers’ association warned that blockades would cost its members dearly.",
], [
    ("it would block the main border crossings from next week unless the government scrapped a new diesel tax", "indirect", "Norland Farmers’ Federation", ["The Norland Farmers’ Federation"], "uncompromising", "negative"),
    ("she was willing to discuss rebates for small farms", "indirect", "Tove Lindahl", ["Tove Lindahl", "Agriculture Minister Tove Lindahl", "The minister", "she"], "concessive", "neutral"),
    ("The tax stays. But nobody wants farms to close", "direct", "Tove Lindahl", None, "neutral", "neutral", {"mixed": True}),
    ("Rebates are crumbs", "direct", "Aksel Brun", ["Aksel Brun", "Brun", "he", "federation head Aksel Brun"], "uncompromising", "negative"),
    ("We want the whole tax gone.", "direct", "Aksel Brun", None, "uncompromising", "neutral"),
    ("his members were ready to stay on the roads for weeks", "indirect", "Ondrej Kral", ["Ondrej Kral", "Kral"], "uncompromising", "negative"),
    ("blockades would cost its members dearly", "indirect", "road hauliers’ association", ["The road hauliers’ association"], "neutral", "negative"),
])

article("river-talks", "Oskel water deal within reach", [
    "Negotiators from Estmark and Morvania are close to a deal on sharing water from the Oskel river, according to three diplomats briefed on the talks.",
    "The draft would give Morvania a guaranteed minimum flow in dry years, one of the diplomats said.",
    "Estmark’s foreign minister, Anders Kovac, struck a cautious note. Speaking after talks with his Morvanian counterpart, Leila Qassar, and the mediator, Ruben Salo, he said: “We are close, but close is not done.”",
    "Qassar said her government had “moved a long way” since the spring.",
    "“We have made our offer. Now it is up to Estmark,” she said.",
    "Morvania’s water agency said separately that reservoir levels were at a ten-year low.",
], [
    ("Negotiators from Estmark and Morvania are close to a deal on sharing water from the Oskel river", "indirect", "diplomats briefed on the talks", ["three diplomats briefed on the talks", "one of the diplomats"], "neutral", "positive"),
    ("The draft would give Morvania a guaranteed minimum flow in dry years", "indirect", "diplomats briefed on the talks", None, "neutral", "neutral"),
    ("We are close, but close is not done.", "direct", "Anders Kovac", ["Anders Kovac", "Estmark’s foreign minister", "he"], "neutral", "neutral"),
    ("her government had “moved a long way” since the spring", "mixed", "Leila Qassar", ["Leila Qassar", "Qassar", "she"], "concessive", "neutral"),
    ("We have made our offer. Now it is up to Estmark", "direct", "Leila Qassar", None, "uncompromising", "neutral"),
    ("reservoir levels were at a ten-year low", "indirect", "Morvania’s water agency", ["Morvania’s water agency"], "neutral", "negative"),
])

article("unpaid-players", "Wrenfield players go unpaid", [
    "Players at Wrenfield Athletic have not been paid for two months, the Professional Footballers’ Guild said on Saturday.",
    "“This is a scandal,” said Declan Moyes of the guild. “Some of these lads cannot pay their rent.”",
    "The club’s owner, Viktor Salas, blamed a delayed payment from a sponsor. He said wages would be paid in full by Friday.",
    "Moyes said the guild had heard such promises before. “We will believe it when the money lands,” he said.",
    "League chairman Sam Mabry said the league would investigate. According to the league, Wrenfield has missed payments three times this season.",
    "Salas, speaking to a local radio station, admitted the club had “made mistakes” with its finances.",
], [
    ("Players at Wrenfield Athletic have not been paid for two months", "indirect", "Professional Footballers’ Guild", ["the Professional Footballers’ Guild"], "neutral", "negative"),
    ("This is a scandal", "direct", "Declan Moyes", ["Declan Moyes", "Moyes", "he", "Declan Moyes of the guild"], "neutral", "negative"),
    ("Some of these lads cannot pay their rent.", "direct", "Declan Moyes", None, "neutral", "negative"),
    ("wages would be paid in full by Friday", "indirect", "Viktor Salas", ["Viktor Salas", "Salas", "He", "The club’s owner"], "concessive", "neutral"),
    ("the guild had heard such promises before", "indirect", "Declan Moyes", None, "neutral", "negative"),
    ("We will believe it when the money lands", "direct", "Declan Moyes", None, "uncompromising", "negative"),
    ("the league would investigate", "indirect", "Sam Mabry", ["Sam Mabry", "League chairman Sam Mabry"], "neutral", "neutral"),
    ("Wrenfield has missed payments three times this season", "indirect", "the league", ["the league"], "neutral", "negative"),
    ("the club had “made mistakes” with its finances", "mixed", "Viktor Salas", None, "concessive", "neutral"),
])


# Mention trimming and fallback cases (issue 4, second round): names behind particles
# (al-, bin), acronyms in brackets, relative clauses and dates after a speaker, a relative
# `that` clause, a coordinated clause with a role-noun subject.
article("tessaly-truce", "Rebel commander rules out talks without a ceasefire", [
    "OSTRAVEL – The commander of the Southern Liberation Front (SLF), General Karim Youssef al-Hadi, has said talks with the government would be pointless without a ceasefire.",
    "Al-Hadi’s remarks on Monday came as envoys met in the port city of Tessaly for a second week.",
    "“We can sign a truce once the shelling stops,” al-Hadi said in a telephone interview.",
    "On Sept. 12, he warned that the fighting would spread to the capital.",
    "Interior Minister Farid bin Nasser on Sept. 14 said the government was ready to talk “without preconditions.”",
    "A Tessalian mediator who asked not to be named said the two sides were “still far apart”.",
    "“Neither side believes it can lose,” the mediator added.",
    "Hundreds of displaced families marched in Tessaly on Tuesday, the same day that the regional council warned that camps were running out of water.",
    "A truce would be the first in two years, and aid agencies say it could save thousands of lives.",
], [
    ("talks with the government would be pointless without a ceasefire", "indirect", "Karim Youssef al-Hadi", ["General Karim Youssef al-Hadi", "al-Hadi", "he"], "uncompromising", "negative"),
    ("We can sign a truce once the shelling stops", "direct", "Karim Youssef al-Hadi", None, "concessive", "neutral"),
    ("the fighting would spread to the capital", "indirect", "Karim Youssef al-Hadi", None, "uncompromising", "negative"),
    ("the government was ready to talk “without preconditions.”", "mixed", "Farid bin Nasser", ["Interior Minister Farid bin Nasser", "bin Nasser"], "concessive", "positive"),
    ("the two sides were “still far apart”", "mixed", "Tessalian mediator", ["A Tessalian mediator", "the mediator"], "neutral", "negative"),
    ("Neither side believes it can lose", "direct", "Tessalian mediator", None, "neutral", "negative"),
    ("camps were running out of water", "indirect", "regional council", ["the regional council"], "neutral", "negative"),
    ("it could save thousands of lives", "indirect", "aid agencies", ["aid agencies"], "neutral", "positive"),
])

# Honorifics with a period, a surname that is also a modal ("Mrs May"), an organisation
# named "X of Y", a plural possessive inside single quotation marks, a cue that frames
# the quotation before it, whom a remark was made to.
article("skarra-ferries", "Ferry crews to strike over pay", [
    "Ferry crews in the Skarra archipelago will strike on Friday after their union rejected a pay offer from the operator, Skarra Lines.",
    "Union general secretary Greta May said members had voted by nine to one to walk out.",
    "‘We have met the owners’ negotiators six times,’ Mrs May said. ‘Six times they have said no.’",
    "Dr. Henrik Aaberg, the chief executive of Skarra Lines, said the company could not pay more: “Every extra krone comes out of the timetable.”",
    "According to the regional Department of Transport, about 9,000 passengers a day use the ferries.",
    "Transport Commissioner Lise Brandt said she had invited both sides to talks on Thursday. “I can’t make them agree,” she said. “I can put them in one room.”",
    "\"We will not sail for less,\" said deckhand Ola Nymo, of Kirkby. \"Our rent has doubled. Their offer has not.\"",
    "\"The islands need their ferries,\" said Dr. Aaberg to a crowd of passengers at the Kirkby quay.",
], [
    ("rejected a pay offer from the operator, Skarra Lines", "indirect", "their union", ["their union"], "uncompromising", "negative"),
    ("members had voted by nine to one to walk out", "indirect", "Greta May", ["Union general secretary Greta May", "Mrs May", "May"], "uncompromising", "negative"),
    ("We have met the owners’ negotiators six times", "direct", "Greta May", None, "neutral", "negative"),
    ("Six times they have said no.", "direct", "Greta May", None, "neutral", "negative"),
    ("the company could not pay more", "indirect", "Henrik Aaberg", ["Dr. Henrik Aaberg", "Dr. Aaberg", "the chief executive of Skarra Lines"], "uncompromising", "neutral"),
    ("Every extra krone comes out of the timetable.", "direct", "Henrik Aaberg", None, "uncompromising", "neutral"),
    ("about 9,000 passengers a day use the ferries", "indirect", "Department of Transport", ["the regional Department of Transport"], "neutral", "neutral"),
    ("she had invited both sides to talks on Thursday", "indirect", "Lise Brandt", ["Transport Commissioner Lise Brandt", "she"], "neutral", "neutral"),
    ("I can’t make them agree", "direct", "Lise Brandt", None, "neutral", "neutral"),
    ("I can put them in one room.", "direct", "Lise Brandt", None, "neutral", "neutral"),
    ("We will not sail for less", "direct", "Ola Nymo", ["deckhand Ola Nymo", "Ola Nymo"], "uncompromising", "negative"),
    ("Our rent has doubled. Their offer has not.", "direct", "Ola Nymo", None, "uncompromising", "negative"),
    ("The islands need their ferries", "direct", "Henrik Aaberg", None, "neutral", "neutral"),
])

# A fragment whose speaker is named in the next sentence, a quotation that ends the
# clause of a far cue, two names joined by `and` inside a reported clause, a coordinated
# clause with a plain plural subject, a relative clause with `whose`.
article("brenn-mill", "No deal on Brenn paper mill", [
    "Talks on the future of the Brenn paper mill ended without agreement on Wednesday, with the mill’s works council chair accusing the owners of treating the town “like a spreadsheet.”",
    "Jonas Ekberg, the council chair, said the workers would not accept a closure date before 2027.",
    "Mayor Tilde Varn wrote on her website that the town’s lawyer, Per Ask, “will ask the court to delay the sale.”",
    "The owners said late on Tuesday that Ekberg and Varn agreed to meet them again in March.",
    "A closure would cost 400 jobs, and economists warn it could empty the town’s high street.",
    "A fund manager whose firm holds 3 percent of the owners’ shares said the company “should take its time.”",
], [
    ("the owners of treating the town “like a spreadsheet.”", "mixed", "Jonas Ekberg", ["Jonas Ekberg", "the council chair", "the mill’s works council chair"], "neutral", "negative"),
    ("the workers would not accept a closure date before 2027", "indirect", "Jonas Ekberg", None, "uncompromising", "negative"),
    ("the town’s lawyer, Per Ask, “will ask the court to delay the sale.”", "mixed", "Tilde Varn", ["Mayor Tilde Varn"], "uncompromising", "neutral"),
    ("Ekberg and Varn agreed to meet them again in March", "indirect", "The owners", ["The owners"], "concessive", "neutral"),
    ("it could empty the town’s high street", "indirect", "economists", ["economists"], "neutral", "negative"),
    ("the company “should take its time.”", "mixed", "fund manager", ["A fund manager"], "neutral", "neutral"),
])


def overall(stances, mixed):
    if mixed or ("concessive" in stances and "uncompromising" in stances):
        return "mixed"
    for s in ("concessive", "uncompromising"):
        if s in stances:
            return s
    return "neutral"


def build():
    out = []
    for id_, title, text, quotes in ARTICLES:
        mentions, labelled, actors = {}, [], {}
        for q in quotes:
            quote, kind, speaker, ments, stance, sentiment = q[:6]
            extra = q[6] if len(q) > 6 else {}
            if ments is not None:
                mentions[speaker] = ments
            start = text.find(quote)
            if start < 0:
                sys.exit(f"{id_}: not in text: {quote}")
            item = {"quote": quote, "start": start, "end": start + len(quote), "kind": kind,
                    "speaker": speaker, "speaker_mentions": mentions[speaker], "stance": stance,
                    "sentiment": sentiment, "mixed": bool(extra.get("mixed", False))}
            if "joint_speakers" in extra:
                item["joint_speakers"] = extra["joint_speakers"]
            labelled.append(item)
        for item in labelled:
            a = actors.setdefault(item["speaker"], {"stances": [], "mixed": False})
            a["stances"].append(item["stance"])
            a["mixed"] |= item["mixed"]
        out.append({"id": id_, "title": title, "text": text, "quotes": labelled,
                    "actors": {s: {"overall_stance": overall(a["stances"], a["mixed"]),
                                   "aliases": mentions[s], "n_quotes": len(a["stances"])}
                               for s, a in actors.items()}})
    return out


if __name__ == "__main__":
    with open(sys.argv[1] if len(sys.argv) > 1 else "speaker-dev.jsonl", "w", encoding="utf-8") as f:
        for a in build():
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
