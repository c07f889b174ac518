#!/usr/bin/env python3
"""Deterministic generator of news-like sentences for the encoder speed comparison.

    python3 benches/compare/sentences.py --n 2000 --seed 1 --out target/bench-sentences.txt

Writes N distinct sentences, one per line (UTF-8, "\\n"), each 8-45 words: mostly
officials being quoted (direct quotes with curly marks, reported speech, "according to"),
plus some plain news statements. Everything comes from the templates and word lists
below and a seeded random.Random: the same --n and --seed give the same file on any
machine and Python 3 version. No external data. Standard library only.

Lengths are drawn from a spread that favours 15-30 words but covers the whole 8-45 range,
so that padding and batching behave as they do on real news text.
"""

import argparse
import random
import sys

MIN_WORDS, MAX_WORDS = 8, 45

FIRST = ("Elena Marcus Priya Daniel Fatima Oliver Grace Tomasz Aisha Henrik Sofia Kwame "
         "Laura Rafael Mei Jonas Nadia Patrick Ingrid Samuel Leila Victor Hannah Omar "
         "Claire Diego Yuki Martin Rosa Andrew Zainab Pieter Chloe Ibrahim Teresa Luca").split()
LAST = ("Okafor Lindqvist Moreau Brennan Kowalski Haddad Nakamura Alvarez Fischer Osei "
        "Delgado Whitaker Novak Rahman Castellano Byrne Jansen Adeyemi Petrov Sandoval "
        "Holloway Mbeki Quinlan Rossi Tanaka Ferreira Dubois Kaplan Achterberg Reyes").split()

OFFICIALS = [
    ("Mayor", "the mayor"), ("Governor", "the governor"), ("Senator", "the senator"),
    ("Councillor", "a city councillor"), ("Minister", "the finance minister"),
    ("Commissioner", "the police commissioner"), ("Superintendent", "the schools superintendent"),
    ("Representative", "the state representative"), ("Chancellor", "the university chancellor"),
    ("Director", "the director of public health"), ("Secretary", "the transport secretary"),
    ("Judge", "the presiding judge"), ("Chief", "the fire chief"),
]
ROLES = [
    "a spokesperson for the {org}", "the head of the {org}", "a senior adviser at the {org}",
    "the chief executive of the {org}", "an economist at the {org}", "a lawyer for the {org}",
    "the president of the {org}", "a board member of the {org}",
]
ORGS = [
    "Harbor City Tenants Union", "Regional Transit Authority", "Chamber of Commerce",
    "State Teachers Federation", "Northern Water Board", "Coalition for Clean Air",
    "Independent Fiscal Office", "Hospital Workers Alliance", "Farmers Cooperative",
    "Civil Liberties Foundation", "Port Authority", "Small Business Council",
    "Energy Regulatory Commission", "Association of Rural Councils",
]
PLACES = ["the city", "the county", "the region", "the state", "the capital", "the valley",
          "the eastern districts", "the harbour front", "the northern suburbs", "the province"]
SUBJECTS = [
    "the budget", "the housing plan", "the new tax on vacant homes", "the transit expansion",
    "the proposed wage increase", "the water rate hike", "the school closures",
    "the emissions target", "the bridge repair program", "the hospital merger",
    "the zoning reform", "the pension agreement", "the ferry contract", "the curfew",
    "the recycling mandate", "the port expansion", "the rent freeze", "the police budget",
]
GROUPS = ["families", "small businesses", "renters", "commuters", "nurses", "teachers",
          "taxpayers", "farmers", "older residents", "students", "workers", "patients"]
# (direct speech, reported speech) pairs.
VERB_GOOD = [("will protect", "would protect"), ("will support", "would support"),
             ("is going to help", "was going to help"),
             ("finally gives a voice to", "finally gave a voice to"),
             ("delivers real relief for", "delivered real relief for"),
             ("was designed with", "had been designed with"),
             ("puts money back in the pockets of", "put money back in the pockets of")]
VERB_BAD = [("will hurt", "would hurt"), ("abandons", "abandoned"), ("ignores", "ignored"),
            ("places an unfair burden on", "placed an unfair burden on"),
            ("does nothing for", "did nothing for"),
            ("was written without consulting", "had been written without consulting"),
            ("will drive away", "would drive away")]
POSITION_FOR = [
    ("we intend to move forward", "the government intended to move forward"),
    ("the council should approve it without delay", "the council should approve it without delay"),
    ("this is the right decision", "it was the right decision"),
    ("we will keep our promise", "the administration would keep its promise"),
    ("the numbers speak for themselves", "the numbers spoke for themselves"),
    ("we are confident it will work", "officials were confident it would work"),
    ("there is no reason to wait any longer", "there was no reason to wait any longer"),
]
POSITION_AGAINST = [
    ("we will not support it", "the party would not support it"),
    ("this proposal has to be withdrawn", "the proposal had to be withdrawn"),
    ("we will fight it in court", "the group would fight it in court"),
    ("it is simply not acceptable", "it was simply not acceptable"),
    ("we will keep opposing it", "the union would keep opposing it"),
    ("the vote should be postponed", "the vote should be postponed"),
    ("we are not going to back down", "they were not going to back down"),
]
CONCESSIONS = [
    ("there are legitimate concerns about the cost", "there were legitimate concerns about the cost"),
    ("mistakes were made in the first draft", "mistakes had been made in the first draft"),
    ("the consultation was too short", "the consultation had been too short"),
    ("some residents feel left out", "some residents felt left out"),
    ("the timeline is ambitious", "the timeline was ambitious"),
    ("the critics have raised fair points", "the critics had raised fair points"),
]
TIME = ["this year", "by the end of the month", "before the winter", "within five years",
        "next spring", "by 2030", "over the next decade", "as soon as possible", "this week"]
# Modifiers that read the same in direct and reported speech.
EXTRA = [
    "in {place}", "{time}", "for {group}", "despite the opposition", "after months of talks",
    "according to the latest figures", "while costs keep rising", "at a time of record inflation",
    "because {group} cannot afford to wait", "unless the state steps in",
    "even if it takes longer than planned", "with the support of {group}",
    "in a way that is fair to {group}",
]
NEWS = [
    "The {org} said on {day} that {subject} would cost {money} {time}.",
    "Officials in {place} confirmed that {subject} had been delayed {time}.",
    "{subject_cap} was approved by a vote of {a} to {b} after a {adj} debate.",
    "Protesters gathered outside city hall on {day} to demand changes to {subject}.",
    "The {org} warned that {subject} could affect as many as {count} {group}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ADJ = ["heated", "lengthy", "tense", "brief", "late-night", "bitter", "cordial"]


def pick(rng, seq):
    return seq[rng.randrange(len(seq))]


def fill(rng, text):
    """Fills {slots} one at a time so repeated slots get independent picks."""
    slots = {
        "place": PLACES, "time": TIME, "group": GROUPS, "org": ORGS, "day": DAYS,
        "subject": SUBJECTS, "adj": ADJ,
    }
    while "{" in text:
        i = text.index("{")
        j = text.index("}", i)
        key = text[i + 1:j]
        if key in slots:
            val = pick(rng, slots[key])
        elif key == "subject_cap":
            s = pick(rng, SUBJECTS)
            val = s[0].upper() + s[1:]
        elif key == "money":
            val = "${} million".format(rng.randrange(3, 900))
        elif key == "count":
            val = "{:,}".format(rng.randrange(2, 90) * 1000)
        elif key == "a":
            val = str(rng.randrange(5, 12))
        elif key == "b":
            val = str(rng.randrange(1, 5))
        else:
            raise KeyError(key)
        text = text[:i] + val + text[j + 1:]
    return text


def clause(rng, reported):
    """One opinion about a subject, for or against, sometimes concessive.

    reported picks the backshifted form used after "said that"."""
    k = 1 if reported else 0
    subject = pick(rng, SUBJECTS)
    r = rng.random()
    if r < 0.35:
        return "{} {} {}".format(subject, pick(rng, VERB_GOOD)[k], pick(rng, GROUPS)), True
    if r < 0.7:
        return "{} {} {}".format(subject, pick(rng, VERB_BAD)[k], pick(rng, GROUPS)), False
    stance = rng.random() < 0.5
    pos = pick(rng, POSITION_FOR if stance else POSITION_AGAINST)[k]
    if r < 0.85:
        return "{}, but {}".format(pick(rng, CONCESSIONS)[k], pos), stance
    return pos, stance


def grow(rng, text, target, reported):
    """Brings text to about target words: at most two modifiers, then (direct speech only)
    whole follow-up sentences, as a longer quote would have."""
    n = len(text.split())
    used = set()
    for _ in range(2):
        if n >= target:
            return text
        i = rng.randrange(len(EXTRA))
        if i in used:
            continue
        used.add(i)
        add = " " + fill(rng, EXTRA[i])
        if n + len(add.split()) > MAX_WORDS - 6:
            return text
        text += add
        n += len(add.split())
    while n < target and not reported:
        more, _ = clause(rng, False)
        if n + len(more.split()) > MAX_WORDS - 6:
            break
        text += ". " + cap(more)
        n += len(more.split())
    return text


def speaker(rng):
    name = "{} {}".format(pick(rng, FIRST), pick(rng, LAST))
    if rng.random() < 0.6:
        title, desc = pick(rng, OFFICIALS)
        return "{} {}".format(title, name), "{}, {}".format(name, desc)
    role = pick(rng, ROLES).format(org=pick(rng, ORGS))
    return name, "{}, {}".format(name, role)


def cap(s):
    return s[0].upper() + s[1:]


def sentence(rng):
    target = target_length(rng)
    form = rng.random()
    if form < 0.1:
        return fill(rng, pick(rng, NEWS))
    short, long_ = speaker(rng)
    if target < 13:
        # Short forms: a bare position, quoted or reported.
        k = 1 if form > 0.7 else 0
        pos = pick(rng, POSITION_FOR if rng.random() < 0.5 else POSITION_AGAINST)[k]
        if k:
            return "{} said that {}.".format(short.split()[-1] if form > 0.85 else short, pos)
        if form < 0.4:
            return "\u201c{},\u201d {} said.".format(cap(pos), short.split()[-1])
        return "\u201c{},\u201d said {}.".format(cap(pos), short)
    if form < 0.62:
        body, stance = clause(rng, False)
        body = cap(grow(rng, body, target - 4, False))
        if form < 0.35:
            return "\u201c{},\u201d said {}.".format(body, short)
        if form < 0.5:
            return "{}, said: \u201c{}.\u201d".format(long_, body)
        first = pick(rng, CONCESSIONS if rng.random() < 0.5 else POSITION_AGAINST)[0]
        last = short.split()[-1]
        return "\u201c{},\u201d {} said. \u201c{}.\u201d".format(cap(first), last, body)
    body, _ = clause(rng, True)
    body = grow(rng, body, target - 4, True)
    if form < 0.82:
        verb = pick(rng, ["said", "told reporters", "argued", "insisted", "warned", "conceded"])
        return "{} {} that {}.".format(short, verb, body)
    if form < 0.92:
        return "According to {}, {}.".format(long_, body)
    return "{} has said repeatedly that {}.".format(short, body)


def target_length(rng):
    # Triangular-ish spread: most sentences 15-30 words, tails to 8 and 45.
    return int(rng.triangular(MIN_WORDS, MAX_WORDS, 20))


def generate(n, seed):
    rng = random.Random(seed)
    seen = set()
    out = []
    attempts = 0
    while len(out) < n:
        attempts += 1
        if attempts > n * 50:
            raise SystemExit("sentences: could not make {} distinct sentences".format(n))
        s = sentence(rng)
        words = len(s.split())
        if words < MIN_WORDS or words > MAX_WORDS or s in seen:
            continue
        seen.add(s)
        out.append(s)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="number of sentences (default 2000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--out", default="-", help="output file, '-' for stdout (default)")
    args = ap.parse_args(argv)
    lines = generate(args.n, args.seed)
    data = "\n".join(lines) + "\n"
    if args.out == "-":
        sys.stdout.write(data)
    else:
        import os
        parent = os.path.dirname(args.out)
        if parent:
            os.makedirs(parent, exist_ok=True)
        with open(args.out, "w", encoding="utf-8", newline="\n") as f:
            f.write(data)
        lens = sorted(len(s.split()) for s in lines)
        print("sentences: wrote {} sentences to {} (words min {}, median {}, max {})".format(
            len(lines), args.out, lens[0], lens[len(lens) // 2], lens[-1]), file=sys.stderr)


if __name__ == "__main__":
    main()
