#!/usr/bin/env python3
"""Deterministic synthetic news corpus for standpoint's speed and scale runs.

    python3 scripts/gen_corpus.py --n 1000 --seed 7 --out target/corpus-1k.jsonl

Writes N articles, one JSON object per line:
    {"id", "title", "date", "source", "text"}
"text" is 300-700 words, paragraphs separated by "\\n". Each article is about one local
or national dispute (a budget, a housing plan, a strike, ...) and quotes two to five
speakers, each with a name, a title or role, an organisation, a gender (for pronouns)
and a side. The prose uses the attribution patterns standpoint must handle:

  * direct quotes in curly marks, attribution after or before:
        \u201cWe will not back down,\u201d said Mayor Elena Ruiz.
        Ruiz, who took office in 2021, said: \u201c...\u201d
  * split quotes:  \u201cWe accept that ...,\u201d she said, \u201cbut ...\u201d
  * continuation paragraphs: a quote with no attribution right after the speaker's quote
  * reported speech:  Okafor said that ..., According to the union, ..., She added that ...
  * pronouns and descriptions for later mentions: she, he, the mayor, the union leader
  * concessive statements (We accept that ..., but ...) and uncompromising ones
    (There is no scenario in which ...), plus neutral background and numbers.

Everything comes from the templates and word lists in this file and one seeded
random.Random: the same --n and --seed give the same bytes on any machine. No external
data; standard library only. About 10,000 articles per few seconds.

The corpus is synthetic: it is for throughput, memory and robustness runs, not for
judging accuracy (there are no gold labels).
"""

import argparse
import datetime
import json
import random
import sys

LQ, RQ = "\u201c", "\u201d"  # curly double quotes
AP = "\u2019"  # curly apostrophe

# ---------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------

FIRST_F = ("Elena Priya Fatima Grace Aisha Sofia Laura Mei Nadia Ingrid Leila Hannah Claire "
           "Yuki Rosa Zainab Chloe Teresa Amara Beatriz Keiko Olga Margaret Lucia Noor "
           "Siobhan Adaeze Helena Marisol Ruth").split()
FIRST_M = ("Marcus Daniel Oliver Tomasz Henrik Kwame Rafael Jonas Patrick Samuel Victor "
           "Omar Diego Martin Andrew Ibrahim Pieter Luca Emeka Hiroshi Stefan Arjun Paul "
           "Mateo Dmitri Kofi Edward Javier Anders Thomas").split()
LAST = ("Okafor Lindqvist Moreau Brennan Kowalski Haddad Nakamura Alvarez Fischer Osei "
        "Delgado Whitaker Novak Rahman Castellano Byrne Jansen Adeyemi Petrov Sandoval "
        "Holloway Mbeki Quinlan Rossi Tanaka Ferreira Dubois Kaplan Achterberg Reyes "
        "Oyelaran Sorensen Ruiz Mahmoud Gallagher Varga Ishikawa Costa Abernathy Nwosu "
        "Lindgren Marchetti Ortega Szabo Hartmann Mensah Van der Berg O'Connell").split()
# "Van der Berg" must stay one surname; fix after the split.
LAST = [n for n in LAST if n not in ("Van", "der", "Berg")] + ["Van der Berg"]
LAST = [n.replace("'", AP) for n in LAST]

# (title before the name, description for later mentions, the kind of speaker)
# kind: official (government), opposition, union, business, expert, resident
ROLES = [
    ("Mayor", "the mayor", "official"),
    ("Deputy Mayor", "the deputy mayor", "official"),
    ("Governor", "the governor", "official"),
    ("Finance Minister", "the minister", "official"),
    ("Housing Minister", "the minister", "official"),
    ("Transport Secretary", "the secretary", "official"),
    ("Councillor", "the councillor", "opposition"),
    ("Senator", "the senator", "opposition"),
    ("State Representative", "the representative", "opposition"),
    ("Opposition Leader", "the opposition leader", "opposition"),
    ("Police Commissioner", "the commissioner", "official"),
    ("Superintendent", "the superintendent", "official"),
    ("Dr.", "the doctor", "expert"),
    ("Professor", "the professor", "expert"),
]
# Speakers without a title before the name: "Name, <role> of the <org>,"
PLAIN_ROLES = [
    ("president of the {org}", "the union leader", "union"),
    ("general secretary of the {org}", "the union leader", "union"),
    ("a spokesperson for the {org}", "the spokesperson", "union"),
    ("chief executive of the {org}", "the chief executive", "business"),
    ("chair of the {org}", "the chair", "business"),
    ("a senior economist at the {org}", "the economist", "expert"),
    ("a researcher at the {org}", "the researcher", "expert"),
    ("a lawyer representing the {org}", "the lawyer", "union"),
    ("a resident of {place} for {years} years", "the resident", "resident"),
    ("who runs a {shop} on {street}", "the owner", "resident"),
    ("a nurse who has worked in {place} for {years} years", "the nurse", "resident"),
    ("a teacher at {school}", "the teacher", "resident"),
]
ORGS_UNION = ["Harbor City Tenants Union", "State Teachers Federation", "Hospital Workers Alliance",
              "Transit Workers Local 214", "United Port Workers", "Nurses Association",
              "Residents for Fair Rent", "Coalition for Clean Air", "Civil Liberties Foundation",
              "Farmers Cooperative"]
ORGS_BUSINESS = ["Chamber of Commerce", "Small Business Council", "Regional Builders Association",
                 "Northern Energy Group", "Harborview Developments", "Metro Retail Federation",
                 "Port Logistics Company", "Valley Hospital Trust"]
ORGS_EXPERT = ["Independent Fiscal Office", "Institute for Urban Policy", "State University",
               "Centre for Public Health", "Budget Research Institute", "Transport Policy Lab"]
SHOPS = ["bakery", "hardware store", "florist", "cafe", "bookshop", "pharmacy", "barber shop",
         "corner grocery", "bike repair shop"]
STREETS = ["Elm Street", "Harbour Road", "Market Square", "Station Avenue", "King Street",
           "Mill Lane", "Riverside Drive", "Church Street"]
SCHOOLS = ["Northside Primary", "Lakeview High School", "St. Anne" + AP + "s School",
           "Eastgate Academy", "Riverbend Middle School"]

# ---------------------------------------------------------------------------------------
# Places, outlets, dates
# ---------------------------------------------------------------------------------------

CITIES = ["Harbor City", "Port Aldous", "Millbrook", "Eastfield", "New Carrow", "Lakemont",
          "Sturgeon Falls", "Redwater", "Ashby", "Kingsport", "Valmont", "Greyhaven"]
DISTRICTS = ["the east side", "the old town", "the harbour district", "the northern suburbs",
             "Riverside", "the university quarter", "the industrial zone", "Westgate"]
SOURCES = ["The Harbor City Ledger", "Northern Courier", "Valley Post", "Metro Wire",
           "The Eastfield Gazette", "Kingsport Herald", "Capital Dispatch", "Lakemont Daily",
           "The Coastal Observer", "Public Radio News"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

# ---------------------------------------------------------------------------------------
# Topics: each a dispute with a proposal, the people it affects and its own vocabulary
# ---------------------------------------------------------------------------------------

TOPICS = [
    dict(
        name="housing",
        proposal=["the {C} housing plan", "the rent stabilisation bill",
                  "the plan to rezone {district} for apartments", "the vacant homes tax"],
        short="the plan",
        action="would allow {n} new homes to be built over {years} years",
        groups=["renters", "young families", "landlords", "homeowners", "first-time buyers"],
        benefit=["bring rents down", "let young people stay in {C}",
                 "end the waiting lists for social housing", "put empty homes back to use"],
        harm=["push up property taxes", "change the character of {district}",
              "hand public land to developers", "overwhelm schools and roads"],
        fact=["The average rent in {C} has risen {pct} percent in {years} years.",
              "About {n} households are on the waiting list for social housing.",
              "The city last built public housing in {year}."],
        venue="the city council",
    ),
    dict(
        name="transit",
        proposal=["the {C} light rail extension", "the fare increase",
                  "the plan to close {n2} bus routes", "the congestion charge"],
        short="the proposal",
        action="would cost {money} and take {years} years to complete",
        groups=["commuters", "drivers", "transit workers", "students", "older residents"],
        benefit=["cut journey times in half", "take {n} cars off the road every day",
                 "connect {district} to the rest of the city", "pay for new buses"],
        harm=["leave {district} without a bus service", "price the poorest riders out",
              "cost far more than promised", "disrupt businesses for years"],
        fact=["Ridership on the network fell {pct} percent during the pandemic.",
              "The transit authority faces a deficit of {money} next year.",
              "The last major extension opened in {year}."],
        venue="the transit board",
    ),
    dict(
        name="budget",
        proposal=["the {year2} budget", "the spending cuts", "the property tax increase",
                  "the plan to borrow {money}"],
        short="the budget",
        action="would close a gap of {money} by cutting spending {pct} percent",
        groups=["taxpayers", "public employees", "library users", "parents", "pensioners"],
        benefit=["put the city" + AP + "s finances back on a sound footing",
                 "protect front-line services", "avoid a credit downgrade",
                 "keep taxes below inflation"],
        harm=["close {n2} libraries", "cut {n} jobs", "gut funding for parks and pools",
              "balance the books on the backs of the poorest residents"],
        fact=["The city" + AP + "s debt has grown to {money}.",
              "Property taxes rose {pct} percent last year.",
              "Ratings agencies warned in {month} that the outlook was negative."],
        venue="the council",
    ),
    dict(
        name="strike",
        proposal=["the pay offer", "the new contract", "the management" + AP + "s final offer",
                  "the proposed settlement"],
        short="the offer",
        action="would raise wages {pct} percent over {years} years",
        groups=["nurses", "teachers", "port workers", "bus drivers", "patients", "parents"],
        benefit=["end the strike", "keep experienced staff from leaving",
                 "make pay fair after years of cuts", "get services running again"],
        harm=["fall behind inflation", "force cuts elsewhere",
              "leave wards dangerously short of staff", "shut schools for weeks"],
        fact=["About {n} workers have been on strike since {month}.",
              "Inflation in the region reached {pct} percent this year.",
              "It is the first strike in the sector since {year}."],
        venue="the arbitration panel",
    ),
    dict(
        name="water",
        proposal=["the water rate increase", "the new reservoir", "the pipe replacement program",
                  "the plan to sell the water utility"],
        short="the proposal",
        action="would raise the average bill by {money2} a month",
        groups=["households", "farmers", "factories", "residents of {district}"],
        benefit=["replace pipes that are a century old", "secure supply through droughts",
                 "end the boil-water notices in {district}", "stop the leaks that waste {pct} percent of the water"],
        harm=["double bills for the poorest families", "flood farmland in the valley",
              "put a public service in private hands", "leave {district} paying for everyone else"],
        fact=["The utility loses about {pct} percent of its water to leaks.",
              "There were {n2} boil-water notices in {district} last year.",
              "Most of the network was laid before {year}."],
        venue="the utilities commission",
    ),
    dict(
        name="policing",
        proposal=["the police budget", "the curfew for teenagers", "the new surveillance cameras",
                  "the plan to close the {district} station"],
        short="the measure",
        action="would put {n2} more officers on the street",
        groups=["residents", "shop owners", "young people", "officers", "victims of crime"],
        benefit=["make {district} safer at night", "cut response times",
                 "give officers the tools they need", "bring crime back to {year} levels"],
        harm=["target young people who have done nothing wrong", "erode civil liberties",
              "take money from youth programs", "leave {district} without a station"],
        fact=["Reported burglaries rose {pct} percent last year.",
              "The force has {n} officers, down from {n3} in {year}.",
              "Response times in {district} average {n2} minutes."],
        venue="the police board",
    ),
    dict(
        name="energy",
        proposal=["the wind farm off {C}", "the coal plant closure", "the gas pipeline",
                  "the solar subsidy"],
        short="the project",
        action="would supply power to {n} homes",
        groups=["fishermen", "plant workers", "ratepayers", "environmental groups", "farmers"],
        benefit=["cut the region" + AP + "s emissions by {pct} percent", "create {n2} hundred jobs",
                 "lower power bills within {years} years", "end our dependence on imported gas"],
        harm=["destroy the fishing grounds", "cost {n} jobs at the plant",
              "raise power bills", "spoil the coastline for generations"],
        fact=["The plant has operated since {year} and employs {n} people.",
              "Power prices rose {pct} percent over the past year.",
              "The region gets about {pct} percent of its power from coal."],
        venue="the energy regulator",
    ),
    dict(
        name="schools",
        proposal=["the school closures", "the new funding formula", "the merger of {n2} schools",
                  "the later start time"],
        short="the plan",
        action="would affect about {n} pupils",
        groups=["parents", "teachers", "pupils", "governors", "rural families"],
        benefit=["put more money into classrooms", "end the overcrowding in {district}",
                 "give pupils more time to sleep", "keep small schools viable"],
        harm=["force children onto hour-long bus rides", "close the only school in {district}",
              "cut {n2} teaching posts", "widen the gap between rich and poor schools"],
        fact=["Enrolment has fallen {pct} percent since {year}.",
              "The district spends {perpupil} per pupil, below the state average.",
              "Some {n2} schools in the district are more than half empty."],
        venue="the school board",
    ),
]

# ---------------------------------------------------------------------------------------
# Statement templates by side and tone. {B} benefit, {H} harm, {P} proposal (short name),
# {G} affected group, {C} city. First person, present tense (direct speech).
# ---------------------------------------------------------------------------------------

SUPPORT = [
    "This is about whether we {B}, and I believe we can",
    "We have waited {years} years for this, and {G} cannot wait any longer",
    "{P_cap} will {B}. That is what people in {C} asked us for",
    "Every serious study we have seen says this will {B}",
    "I am proud of this plan, and I will defend it in every neighbourhood",
    "For {G}, this is the difference between staying in {C} and leaving",
    "The numbers are clear: {P} will {B}",
    "We are not asking anyone to take this on faith. We have done the work",
    "People in {C} are tired of waiting. This plan will {B}",
    "We listened, we consulted, and we came back with something that works",
    "This is the most important decision this {venue_short} will make in a decade",
    "I want to thank {G} who came to every meeting and made this plan better",
    "The alternative is to do nothing, and doing nothing has a cost too",
    "We have the money, we have the plan, and we have the support of {G}",
]
OPPOSE = [
    "{P_cap} will {H}, and everyone in this room knows it",
    "Nobody asked {G} what they needed before this was written",
    "This plan will {H}. We cannot let that happen",
    "They say it will {B}. It won" + AP + "t. It will {H}",
    "I have read every page of it, and it is worse than we feared",
    "This was decided behind closed doors, and {G} will pay for it",
    "It is the wrong plan at the wrong time",
    "The people who wrote this do not live in {district}",
    "Ask {G} how they feel about it. They will tell you",
    "This is a plan written for developers and consultants, not for {G}",
    "They promised to {B}. Instead they will {H}",
    "We have seen this before, and it ended badly",
    "I have had more calls about this than about anything else in my career",
]
CONCEDE_SUPPORT = [
    "I accept that it could {H} if we get it wrong, but doing nothing is not an option",
    "We know {G} have real concerns, and we are willing to change the timetable",
    "Nobody is pretending this is perfect. But it will {B}",
    "There are fair criticisms of the first draft, and we have listened to them",
    "If there is a better way to {B}, I am open to hearing it",
    "We may have moved too fast, and I take responsibility for that",
    "I hear the critics, and some of what they say is right",
    "We will phase it in so that {G} are not hit all at once",
    "It is a compromise, and nobody got everything they wanted",
    "Yes, it will cost money. But it will {B}",
]
CONCEDE_OPPOSE = [
    "I don" + AP + "t doubt that the mayor wants to {B}, but this is not the way to do it",
    "We agree there is a problem. We just don" + AP + "t agree that this is the answer",
    "Parts of {P} make sense, and we are ready to sit down and talk",
    "We would support a smaller version if it did not {H}",
    "I understand why people are tempted by it, and I was too at first",
    "The goal is a good one. The plan to get there is not",
    "We have offered amendments, and we are still waiting for an answer",
    "If they drop the part that would {H}, we can talk",
]
HARD_SUPPORT = [
    "We will not back down. {P_cap} goes ahead",
    "There will be no more delays. The vote is on {weekday}, and it will pass",
    "I was elected to {B}, and that is exactly what I am going to do",
    "Not one more year of excuses. Not one",
    "Those who want to stop this have had {years} years to offer something better",
    "The time for talking is over",
    "We have the votes, and we will use them",
    "I will not apologise for trying to {B}",
]
HARD_OPPOSE = [
    "There is no scenario in which we accept {P}",
    "We will fight this in the council, in the courts and in the streets if we have to",
    "This is non-negotiable. Withdraw it",
    "Let me be absolutely clear: we will never support a plan that will {H}",
    "If they push this through, we will see them at the ballot box",
    "Not a single vote from our side. Not one",
    "We are not going to negotiate with a gun to our heads",
    "This plan is dead. They just don" + AP + "t know it yet",
    "Under no circumstances will we allow them to {H}",
]
# Reported speech (third person, past tense, after "said that"). {pro} he/she, {pos} his/her.
REPORTED_SUPPORT = [
    "the plan would {B}",
    "{pro} had no intention of delaying the vote",
    "critics had offered no alternative",
    "{G} stood to gain the most from the change",
    "{body} had received hundreds of letters in support",
    "the plan was the result of two years of consultation",
    "{pro} expected it to pass comfortably",
    "delaying it again would only raise the cost",
]
REPORTED_OPPOSE = [
    "the plan would {H}",
    "{pro} would vote against it",
    "the figures behind it did not add up",
    "{G} had not been consulted",
    "{body} was considering a legal challenge",
    "the consultation had been a sham",
    "{pro} had seen no evidence that it would {B}",
    "the plan would {H} within a few years",
]
REPORTED_CONCEDE = [
    "there were legitimate concerns about the cost",
    "the first draft had gone too far",
    "{pro} was open to amendments",
    "the timetable could slip if more consultation was needed",
    "both sides had made mistakes",
    "{pro} understood why {G} were angry",
]

GENERIC_FACTS = [
    "More than {n2}0 people signed up to speak at the last public hearing, which ran past midnight.",
    "A poll published in {month} found {pct} percent of residents in favour and a similar share against.",
    "The proposal has been revised {n2} times since it was first presented.",
    "Protesters gathered outside city hall on {weekday} morning, some carrying hand-painted signs.",
    "An independent review commissioned last year has not yet been made public.",
    "The debate has split the governing coalition, which holds a majority of {n2} seats.",
    "Residents of {district} have been among the most vocal, packing two community meetings.",
    "Officials have not said what will happen if the vote fails.",
]

SAY_AFTER = ["said", "said", "said", "says", "added", "told reporters", "told " + "{source}",
             "said in an interview", "said in a statement", "wrote on social media",
             "said at a news conference"]
SAY_REPORTED = ["said", "said", "argued", "insisted", "warned", "told reporters", "conceded",
                "acknowledged", "maintained", "pointed out"]

TITLE_SUPPORT = ["{C} moves ahead with {P}", "{P_cap} wins backing despite protests",
                 "Officials defend {P} as critics dig in", "{C} leaders push {P} toward a vote",
                 "{P_cap} clears first hurdle"]
TITLE_OPPOSE = ["Anger grows over {P} in {C}", "{G_cap} vow to fight {P}",
                "Critics say {P} will {H}", "{P_cap} faces fierce opposition",
                "Split deepens over {P}"]


class Speaker:
    __slots__ = ("first", "last", "female", "title", "desc", "intro", "kind", "side",
                 "mentions", "org")

    def __init__(self, first, last, female, title, desc, intro, kind, side, org):
        self.first, self.last, self.female = first, last, female
        self.title, self.desc, self.intro = title, desc, intro
        self.kind, self.side, self.org = kind, side, org
        self.mentions = 0

    @property
    def full(self):
        return self.first + " " + self.last

    @property
    def pro(self):
        return "she" if self.female else "he"

    @property
    def pos(self):
        return "her" if self.female else "his"


class Gen:
    """One article's worth of state over a shared RNG."""

    def __init__(self, rng):
        self.rng = rng
        self.last_speaker = None
        self.used = set()

    # -- small helpers --------------------------------------------------------------
    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def fill(self, template, ctx):
        """Fills {name} slots from ctx; numbers are drawn fresh for each slot."""
        if "{" not in template:
            return template
        out = []
        i = 0
        rng = self.rng
        while True:
            j = template.find("{", i)
            if j < 0:
                out.append(template[i:])
                break
            out.append(template[i:j])
            k = template.index("}", j)
            key = template[j + 1:k]
            v = ctx.get(key)
            if v is None:
                if key == "n":
                    v = "{:,}".format(rng.randrange(2, 200) * 100)
                elif key == "n2":
                    v = str(rng.randrange(2, 19))
                elif key == "n3":
                    v = "{:,}".format(rng.randrange(20, 400) * 100)
                elif key == "pct":
                    v = str(rng.randrange(3, 48))
                elif key == "years":
                    v = str(rng.randrange(2, 21))
                elif key == "year":
                    v = str(rng.randrange(1962, 2016))
                elif key == "money":
                    v = "${} million".format(rng.randrange(12, 950))
                elif key == "perpupil":
                    v = "${:,}".format(rng.randrange(80, 250) * 100)
                elif key == "money2":
                    v = "${}".format(rng.randrange(4, 90))
                elif key == "month":
                    v = self.pick(MONTHS)
                elif key == "district":
                    v = self.pick(DISTRICTS)
                elif key == "street":
                    v = self.pick(STREETS)
                elif key == "shop":
                    v = self.pick(SHOPS)
                elif key == "school":
                    v = self.pick(SCHOOLS)
                elif key == "place":
                    v = self.pick(DISTRICTS + [ctx["C"]])
                else:
                    raise KeyError(key)
            out.append(v)
            i = k + 1
        return "".join(out)

    # -- people -----------------------------------------------------------------------
    def make_speaker(self, side, used_last, ctx, force_official=False):
        rng = self.rng
        female = rng.random() < 0.5
        first = self.pick(FIRST_F if female else FIRST_M)
        last = self.pick(LAST)
        while last in used_last:
            last = self.pick(LAST)
        used_last.add(last)
        if force_official or rng.random() < 0.45:
            cands = [r for r in ROLES if (force_official is False or r[2] == "official")
                     and r[0] not in self.used]
            title, desc, kind = self.pick(cands)
            self.used.add(title)
            intro = None
            org = ctx["C"]
        else:
            role, desc, kind = self.pick(PLAIN_ROLES)
            org = self.pick(ORGS_BUSINESS if kind == "business" else
                            ORGS_EXPERT if kind == "expert" else ORGS_UNION)
            intro = self.fill(role.replace("{org}", org), ctx)
            title = None
        return Speaker(first, last, female, title, desc, intro, kind, side, org)

    def first_ref(self, sp):
        """Full reference for a first mention: 'Mayor Elena Ruiz' or 'Elena Ruiz, chair of ...'."""
        if sp.title:
            return sp.title + " " + sp.full
        return sp.full + ", " + sp.intro + ","

    def later_ref(self, sp, subject_start, pronoun_ok):
        """Later mention: surname, description, or a pronoun when sp spoke last (so the
        pronoun has an unambiguous antecedent)."""
        r = self.rng.random()
        if pronoun_ok and sp is self.last_speaker and r < 0.35:
            return sp.pro if not subject_start else sp.pro.capitalize()
        if r < 0.75 or not sp.title:
            return sp.last
        return sp.desc if not subject_start else sp.desc[0].upper() + sp.desc[1:]

    def ref(self, sp, subject_start=False, pronoun_ok=True):
        sp.mentions += 1
        if sp.mentions == 1:
            out = self.first_ref(sp)
        else:
            out = self.later_ref(sp, subject_start, pronoun_ok)
        self.last_speaker = sp
        return out

    # -- statements ---------------------------------------------------------------------
    def statement(self, sp, ctx):
        """A first-person statement (no final punctuation) and its tone."""
        r = self.rng.random()
        if sp.side > 0:
            pool = SUPPORT if r < 0.5 else CONCEDE_SUPPORT if r < 0.75 else HARD_SUPPORT
        else:
            pool = OPPOSE if r < 0.5 else CONCEDE_OPPOSE if r < 0.75 else HARD_OPPOSE
        return self.fill(self.fresh(pool, sp), self.stance_ctx(ctx))

    def fresh(self, pool, sp=None):
        """A template not yet used in this article, fitting the speaker; repeats only
        when the pool is exhausted."""
        cands = [t for t in pool if t not in self.used]
        if sp is not None and sp.kind not in ("official", "opposition"):
            cands = [t for t in cands if "elected" not in t]
        if not cands:
            cands = pool
        t = self.pick(cands)
        self.used.add(t)
        return t

    def stance_ctx(self, ctx):
        c = dict(ctx)
        c["B"] = self.pick(ctx["benefits"])
        c["H"] = self.pick(ctx["harms"])
        c["G"] = self.pick(ctx["topic"]["groups"])
        return c

    def reported(self, sp, ctx, concede=True):
        r = self.rng.random()
        pool = REPORTED_CONCEDE if concede and r < 0.25 else REPORTED_SUPPORT if sp.side > 0 else REPORTED_OPPOSE
        c = self.stance_ctx(ctx)
        c["pro"], c["pos"] = sp.pro, sp.pos
        c["body"] = (sp.pos + " office") if sp.kind == "official" else \
            (sp.pos + " party") if sp.kind == "opposition" else (sp.pos + " group")
        return self.fill(self.fresh(pool), c)

    # -- paragraphs ---------------------------------------------------------------------
    def quote_paragraph(self, sp, ctx):
        rng = self.rng
        s = self.statement(sp, ctx)
        verb = self.fill(self.pick(SAY_AFTER), ctx)
        r = rng.random()
        first = sp.mentions == 0
        if r < 0.38:
            # "Quote," said Mayor X.  /  "Quote," X said.
            who = self.ref(sp)
            if first and sp.intro:
                text = "{}{},{} said {}".format(LQ, s, RQ, who[:-1]) + "."
            elif first or rng.random() < 0.4:
                text = "{}{},{} said {}.".format(LQ, s, RQ, who)
            else:
                text = "{}{},{} {} {}.".format(LQ, s, RQ, who, verb)
        elif r < 0.58:
            # Mayor X said: "Quote."  /  X, chair of ..., said: "Quote."
            who = self.ref(sp, subject_start=True)
            text = "{} said: {}{}.{}".format(who, LQ, s, RQ)
        elif r < 0.8 and not (first and sp.intro):
            # Split quote: "Part one," she said, "part two."
            a, b = self.split_pair(sp, ctx)
            who = self.ref(sp)
            text = "{}{},{} {} said, {}{}.{}".format(LQ, a, RQ, who, LQ, b, RQ)
        else:
            # "Sentence one. Sentence two," X added.
            s2 = self.statement(sp, ctx)
            who = self.ref(sp)
            text = "{}{}. {},{} {} {}.".format(LQ, s, s2, RQ, who,
                                               "added" if not first else "said")
        return text

    def split_pair(self, sp, ctx):
        """Two halves of one concessive sentence, the second in lower case."""
        c = self.stance_ctx(ctx)
        if sp.side > 0:
            pairs = [("We accept that it could {H}", "but we have built in safeguards"),
                     ("I understand the frustration of {G}", "and I promise we will keep listening"),
                     ("This will not be easy", "but it is the right thing to do"),
                     ("We are not going to stop", "whatever the opposition says")]
        else:
            pairs = [("We are not against change", "but this plan will {H}"),
                     ("I respect the mayor" + AP + "s intentions", "but good intentions do not pay the bills"),
                     ("There is room for a compromise", "but not on these terms"),
                     ("We will not accept it", "and we will say so at every meeting")]
        a, b = self.fresh(pairs)
        return self.fill(a, c), self.fill(b, c)

    def continuation(self, sp, ctx):
        """A paragraph that is only a quote, continuing the previous speaker."""
        return "{}{}.{}".format(LQ, self.statement(sp, ctx), RQ)

    def reported_paragraph(self, sp, ctx):
        rng = self.rng
        r = rng.random()
        body = self.reported(sp, ctx)
        if r < 0.55:
            who = self.ref(sp, subject_start=True)
            if sp.mentions == 1 and sp.intro:
                who = who[:-1] + ","
            verb = self.pick(SAY_REPORTED)
            text = "{} {} that {}.".format(who, verb, body)
        elif r < 0.75:
            who = self.ref(sp, pronoun_ok=False)
            if sp.mentions == 1 and sp.intro:
                who = who[:-1]
            text = "According to {}, {}.".format(who, body)
        else:
            who = self.ref(sp, subject_start=True)
            if sp.mentions == 1 and sp.intro:
                who = who[:-1] + ","
            body2 = self.reported(sp, ctx, concede=False)
            text = "{} said {} and that {}.".format(who, body, body2)
        if sp.intro and sp.kind in ("union", "business", "expert") and rng.random() < 0.3:
            text += " The {} did not respond to a request for further comment.".format(sp.org)
        return text

    def background(self, ctx):
        """One or two facts not yet used in this article (generic ones once the topic's
        are used up)."""
        facts = [f for f in ctx["topic"]["fact"] if f not in self.used]
        if not facts:
            facts = [f for f in GENERIC_FACTS if f not in self.used] or GENERIC_FACTS
        n = min(len(facts), 1 + self.rng.randrange(2))
        chosen = self.rng.sample(facts, n)
        self.used.update(chosen)
        return " ".join(self.fill(f, ctx) for f in chosen)

    # -- article --------------------------------------------------------------------------
    def article(self, idx, date):
        rng = self.rng
        topic = self.pick(TOPICS)
        city = self.pick(CITIES)
        ctx = {"C": city, "topic": topic, "weekday": self.pick(WEEKDAYS),
               "source": self.pick(SOURCES),
               "venue_short": topic["venue"].split()[-1]}
        ctx["year2"] = str(date.year + 1)
        ctx["district"] = self.pick(DISTRICTS)  # one district per article, for coherence
        proposal = self.fill(self.pick(topic["proposal"]), ctx)
        ctx["P"] = proposal
        # Claims are filled once per article so that its numbers stay consistent
        # ("close 4 libraries" every time it is said).
        ctx["benefits"] = [self.fill(t, ctx) for t in topic["benefit"]]
        ctx["harms"] = [self.fill(t, ctx) for t in topic["harm"]]
        ctx["P_cap"] = proposal[0].upper() + proposal[1:]

        self.used = set()
        self.last_speaker = None
        used = set()
        n_speakers = 2 + rng.randrange(4)
        speakers = [self.make_speaker(1, used, ctx, force_official=True)]
        for i in range(1, n_speakers):
            side = -1 if i % 2 == 1 else (1 if rng.random() < 0.5 else -1)
            speakers.append(self.make_speaker(side, used, ctx))
        if rng.random() < 0.5:
            speakers[0].side = -1  # sometimes the official is the one saying no
            for sp in speakers[1:]:
                sp.side = -sp.side

        c = self.stance_ctx(ctx)
        title_pool = TITLE_SUPPORT if speakers[0].side > 0 else TITLE_OPPOSE
        c["G_cap"] = c["G"][0].upper() + c["G"][1:]
        title = self.fill(self.pick(title_pool), c)
        title = title[0].upper() + title[1:]

        weekday = WEEKDAYS[date.weekday()]
        lede_verbs = ["unveiled", "defended", "pushed ahead with", "delayed a vote on",
                      "faced questions over", "promised changes to"]
        lead = speakers[0]
        lede = "{} {} on {} {} {}, which {}, setting up a confrontation with {}.".format(
            city, "officials" if rng.random() < 0.5 else "leaders", weekday,
            self.pick(lede_verbs), proposal, self.fill(topic["action"], ctx),
            self.pick(topic["groups"]))
        paras = [lede]
        target = rng.randrange(300, 701)
        words = len(lede.split())

        order = list(range(len(speakers)))
        turn = 0
        last_sp = None
        self.last_speaker = None
        self.used = set()
        guard = 0
        while words < target - 25 and guard < 60:
            guard += 1
            r = rng.random()
            if r < 0.14:
                p = self.background(ctx)
            elif r < 0.2:
                p = "{} is expected to vote on {} {}.".format(
                    topic["venue"][0].upper() + topic["venue"][1:], proposal,
                    self.pick(["next week", "on " + self.pick(WEEKDAYS), "later this month",
                               "before the end of " + self.pick(MONTHS)]))
            elif r < 0.3 and last_sp is not None:
                p = self.continuation(last_sp, ctx)
                last_sp = None  # at most one unattributed paragraph in a row
                paras.append(p)
                words += len(p.split())
                continue
            else:
                if rng.random() < 0.6:
                    sp = speakers[order[turn % len(order)]]
                    turn += 1
                else:
                    sp = self.pick(speakers)
                p = self.reported_paragraph(sp, ctx) if rng.random() < 0.35 else \
                    self.quote_paragraph(sp, ctx)
                last_sp = sp
                paras.append(p)
                words += len(p.split())
                continue
            last_sp = None
            self.last_speaker = None  # no pronoun right after a paragraph without a speaker
            paras.append(p)
            words += len(p.split())
        # Trim to the 700-word ceiling, keep at least the lede.
        while words > 700 and len(paras) > 1:
            words -= len(paras.pop().split())
        while words < 300:
            p = self.background(ctx)
            paras.append(p)
            words += len(p.split())
        return {
            "id": "syn-{:06d}".format(idx),
            "title": title,
            "date": date.isoformat(),
            "source": ctx["source"],
            "text": "\n".join(paras),
        }


def generate(n, seed, out):
    rng = random.Random(seed)
    gen = Gen(rng)
    start = datetime.date(2022, 1, 1).toordinal()
    span = datetime.date(2025, 12, 31).toordinal() - start
    total_words = 0
    for i in range(n):
        date = datetime.date.fromordinal(start + rng.randrange(span + 1))
        art = gen.article(i + 1, date)
        total_words += len(art["text"].split())
        out.write(json.dumps(art, ensure_ascii=False))
        out.write("\n")
    return total_words


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="number of articles (default 1000)")
    ap.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    ap.add_argument("--out", default="-", help="output .jsonl, '-' for stdout (default)")
    args = ap.parse_args(argv)
    if args.out == "-":
        words = generate(args.n, args.seed, sys.stdout)
    else:
        import os
        parent = os.path.dirname(args.out)
        if parent:
            os.makedirs(parent, exist_ok=True)
        with open(args.out, "w", encoding="utf-8", newline="\n") as f:
            words = generate(args.n, args.seed, f)
        print("gen_corpus: wrote {} articles ({} words) to {}".format(args.n, words, args.out),
              file=sys.stderr)


if __name__ == "__main__":
    main()
