#!/usr/bin/env python3
"""Convert GUM news documents (RST attribution + coreference + UD) into
standpoint's labelled-data JSON Lines (quote extraction and speaker
attribution only; no stance/sentiment labels).

Usage:
    python3 scripts/gum_to_gold.py --gum /path/to/gum_news_attribution \
        --out target/gum_news_gold.jsonl

Stdlib only (Python 3.11).  See scripts/README-gum.md for the rules and
limitations.  The converted text is CC BY 2.5 (Wikinews) / CC BY 4.0
(GUM annotations) and must not be committed to the repository.
"""
from __future__ import annotations

import argparse
import collections
import glob
import json
import os
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ET

# --------------------------------------------------------------------------
# Cue-verb lexicon.  The RST relation names (attribution-positive /
# attribution-negative) do not separate speech from cognition or evidence,
# so the cue word of the attribution source decides.
# --------------------------------------------------------------------------
SPEECH_LEMMAS = {
    "say", "tell", "state", "announce", "add", "claim", "assert", "write",
    "explain", "comment", "note", "observe", "report", "reply", "respond",
    "answer", "confirm", "deny", "admit", "acknowledge", "declare", "insist",
    "warn", "urge", "ask", "argue", "reason", "tweet", "post", "mention",
    "describe", "recommend", "reveal", "rule", "read", "quote", "cite",
    "stress", "emphasize", "emphasise", "maintain", "contend", "allege",
    "promise", "pledge", "vow", "threaten", "demand", "predict",
    "disclose", "indicate", "remark", "testify", "concede", "complain",
    "criticise", "criticize", "accuse", "caution", "advise", "inform",
    "publish", "speak", "email", "blog", "defend", "agree", "propose",
    "suggest", "call", "reiterate", "repeat", "point", "recall", "joke",
    "continue", "lie",
}
# Cues of thought, belief and inference: not speech (kept only with
# --include-cognition).
COGNITION_LEMMAS = {
    "think", "believe", "feel", "suspect", "know", "expect", "hope", "fear",
    "consider", "conclude", "learn", "theorize", "theorise", "guess",
    "assume", "doubt", "realize", "realise", "suppose", "understand",
    "worry", "wonder", "imagine", "concern", "disappoint", "sensation",
    "conclusion", "estimate", "reckon", "decide", "convince",
    "disappointed", "concerned", "aware", "sure", "confident",
}
# Speech only when a person or organisation is the subject ("the ministry
# confirmed" vs "estimates suggest", "reports revealed": evidence).
WEAK_SPEECH = {"suggest", "reveal", "indicate", "confirm"}
EVIDENCE_LEMMAS = {"show", "find", "suggest", "indicate", "demonstrate",
                   "reveal", "confirm", "prove"}
STATEMENT_NOUNS = {"statement", "remark", "comment", "letter", "tweet", "post",
                   "blog", "word", "speech", "announcement", "message"}
SPEECH_NOUNS = {"word", "words", "statement", "remarks"}

PRONOUN_UPOS = {"PRON"}
TITLE_WORDS = {
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof.",
    "professor", "president", "prime", "minister", "ambassador", "governor",
    "senator", "secretary", "general", "major", "emeritus", "director",
    "chairman", "chairwoman", "undersecretary", "administrator", "coach",
    "judge", "justice", "sir", "lord", "lady", "king", "queen", "pope",
    "chancellor", "mayor", "senior", "researcher", "councillor", "mp",
    "sc", "qc", "home", "foreign", "state", "deputy", "vice", "chief",
    "executive", "officer", "spokesman", "spokeswoman", "spokesperson",
    "member", "team", "curator", "associate", "assistant", "captain",
    "colonel", "lieutenant", "sergeant", "commander", "inspector",
    "detective", "father", "reverend", "rev", "rev.", "bishop", "cardinal",
    "crown", "prosecutor", "emperor", "prince", "princess", "sheikh",
}
QUOTE_XPOS_OPEN = "``"
QUOTE_XPOS_CLOSE = "''"
QUOTE_CHARS = set("\"'“”‘’«»")
STRIP_PUNCT = {",", ";", ":", ".", "—", "–", "-", "|", "..."}
SENT_FINAL = {".", "?", "!", "...", "…"}


# --------------------------------------------------------------------------
# Reading the three layers
# --------------------------------------------------------------------------
class Word:
    __slots__ = ("i", "form", "lemma", "upos", "xpos", "head", "deprel",
                 "misc", "sent", "par", "start", "end", "deps")

    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)


def read_conllu(path):
    """Return (words, sentences, paragraphs).

    words: list of Word with global index i and global head index (or -1).
    paragraphs: list of dicts {block, sents: [sent indices]}.
    sentences: list of dicts {text, words: [i...], par}.
    Words inside a multi-word token get the MWT's spacing.
    """
    words, sents, pars = [], [], []
    cur = None  # sentence being read
    cur_block = None
    pending_newpar = False
    mwt_end = -1
    mwt_space = True
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    for line in lines + [""]:
        if not line.strip():
            if cur is not None:
                sents.append(cur)
                cur = None
            continue
        if line.startswith("#"):
            if line.startswith("# newpar_block") or line.strip() == "# newpar":
                if line.strip() == "# newpar":
                    cur_block = "p"
                if line.startswith("# newpar_block"):
                    cur_block = line.split("=", 1)[1].strip()
                pending_newpar = True
            if cur is None:
                cur = {"text": None, "words": [], "par": None, "base": len(words),
                       "meta": []}
            cur["meta"].append(line)
            if line.startswith("# text ="):
                cur["text"] = line.split("=", 1)[1].strip()
            continue
        cols = line.split("\t")
        if cur is None:
            cur = {"text": None, "words": [], "par": None, "base": len(words), "meta": []}
        if cur["par"] is None:
            if pending_newpar or not pars:
                pars.append({"block": cur_block or "p", "sents": []})
                pending_newpar = False
            cur["par"] = len(pars) - 1
            pars[-1]["sents"].append(len(sents))
        tid = cols[0]
        if "-" in tid:
            a, b = tid.split("-")
            mwt_end = cur["base"] + int(b) - 1
            mwt_space = "SpaceAfter=No" not in cols[9]
            continue
        if "." in tid:
            continue
        gi = cur["base"] + int(tid) - 1
        head = int(cols[6])
        w = Word(i=gi, form=cols[1], lemma=cols[2], upos=cols[3], xpos=cols[4],
                 head=(cur["base"] + head - 1) if head > 0 else -1,
                 deprel=cols[7], misc=cols[9], sent=len(sents), par=cur["par"],
                 start=None, end=None, deps=[])
        assert len(words) == gi, (path, tid)
        # spacing: inside an MWT no space; the MWT's last word takes the MWT's SpaceAfter
        if gi < mwt_end:
            w.misc = w.misc + "|_inMWT"
        elif gi == mwt_end:
            w.misc = w.misc + ("|_mwtSpace" if mwt_space else "|_mwtNoSpace")
        words.append(w)
        cur["words"].append(gi)
    for w in words:
        if w.head >= 0:
            words[w.head].deps.append(w.i)
    return words, sents, pars


def space_after(w):
    if "_inMWT" in w.misc:
        return False
    if "_mwtNoSpace" in w.misc:
        return False
    if "_mwtSpace" in w.misc:
        return True
    return "SpaceAfter=No" not in w.misc.split("|")


def build_text(words, sents, pars):
    """Rebuild title and text; set word char offsets (None for title words)."""
    title = None
    first = 0
    if pars and pars[0]["block"].startswith("head"):
        # title: first paragraph if it is a heading
        ws = [i for s in pars[0]["sents"] for i in sents[s]["words"]]
        title = join_words(words, ws)
        first = 1
    text_parts = []
    pos = 0
    for pi in range(first, len(pars)):
        if text_parts:
            text_parts.append("\n")
            pos += 1
        for k, si in enumerate(pars[pi]["sents"]):
            if k:
                text_parts.append(" ")
                pos += 1
            ws = sents[si]["words"]
            for j, wi in enumerate(ws):
                w = words[wi]
                w.start = pos
                text_parts.append(w.form)
                pos += len(w.form)
                w.end = pos
                if j + 1 < len(ws) and space_after(w):
                    text_parts.append(" ")
                    pos += 1
    text = "".join(text_parts)
    return title, text, first


def join_words(words, ws):
    out = []
    for j, wi in enumerate(ws):
        out.append(words[wi].form)
        if j + 1 < len(ws) and space_after(words[wi]):
            out.append(" ")
    return "".join(out)


def sentence_string(words, sent):
    return join_words(words, sent["words"])


LABEL_RE = re.compile(r"\(|\)|[^()]+")


def read_coref(path, n_words):
    """Return entities {eid: {"type", "identity", "mentions": [(s, e)]}}
    where s..e are inclusive word indices."""
    toks = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            toks.append(cols[2] if len(cols) > 2 else "_")
    assert len(toks) == n_words, (path, len(toks), n_words)
    ents = {}
    open_stack = collections.defaultdict(list)
    for i, col in enumerate(toks):
        if col == "_":
            continue
        parts = LABEL_RE.findall(col)
        j = 0
        while j < len(parts):
            p = parts[j]
            if p == "(":
                label = parts[j + 1]
                if j + 2 < len(parts) and parts[j + 2] == ")":
                    add_mention(ents, label, i, i)
                    j += 3
                else:
                    open_stack[label].append(i)
                    j += 2
            elif p == ")":
                j += 1
            else:
                # "label)" closes
                label = p
                if j + 1 < len(parts) and parts[j + 1] == ")":
                    s = open_stack[label].pop()
                    add_mention(ents, label, s, i)
                    j += 2
                else:
                    j += 1
    for label, st in open_stack.items():
        assert not st, (path, label, st)
    return ents


def add_mention(ents, label, s, e):
    bits = label.split("-", 2)
    etype, eid = bits[0], bits[1]
    ident = bits[2] if len(bits) > 2 else None
    ent = ents.setdefault(eid, {"type": etype, "identity": None, "mentions": []})
    if ident and not ent["identity"]:
        ent["identity"] = ident
    ent["mentions"].append((s, e))


def read_rst(path):
    root = ET.parse(path).getroot()
    multinuc = {r.get("name") for r in root.iter("rel") if r.get("type") == "multinuc"}
    nodes = {}
    forms = []
    tok = 0
    for s in root.iter("segment"):
        n = len((s.text or "").split())
        nodes[s.get("id")] = {"id": s.get("id"), "seg": True, "parent": s.get("parent"),
                              "rel": s.get("relname"), "toks": (tok, tok + n),
                              "text": s.text or ""}
        forms.extend((s.text or "").split())
        tok += n
    for g in root.iter("group"):
        nodes[g.get("id")] = {"id": g.get("id"), "seg": False, "parent": g.get("parent"),
                              "rel": g.get("relname"), "type": g.get("type")}
    children = collections.defaultdict(list)
    for n in nodes.values():
        if n["parent"]:
            children[n["parent"]].append(n["id"])
    return nodes, children, multinuc, forms


def desc_nodes(children, x):
    out, stack = set(), [x]
    while stack:
        y = stack.pop()
        out.add(y)
        stack.extend(children[y])
    return out


# --------------------------------------------------------------------------
# Attribution -> content and source
# --------------------------------------------------------------------------
def is_attr(rel):
    return bool(rel) and rel.startswith("attribution")


def content_and_source(nodes, children, attr_id, max_climb=3, quoted=None):
    """Word-index sets for the reported content and the source of one
    attribution relation (satellite attr_id).

    rs4 attaches a satellite either to its nucleus node directly or to a
    span group whose 'span' child is the nucleus; in both cases the content
    is the parent's subtree minus the satellite."""
    a = nodes[attr_id]
    n_id = a["parent"]
    a_nodes = desc_nodes(children, attr_id)
    all_nodes = desc_nodes(children, n_id)
    same_unit = False
    # climb through 'span' wrappers (at most max_climb levels)
    x, k = n_id, 0
    while nodes[x]["rel"] == "span" and nodes[x]["parent"] and k < max_climb:
        x = nodes[x]["parent"]
        k += 1
    if nodes[x]["rel"] == "same-unit" and nodes[x]["parent"]:
        # content interrupted by the source inside a same-unit ("Institutional
        # recipients, said Mauer, are required to ..."): take the unit's members
        su = nodes[x]["parent"]
        same_unit = True
        all_nodes = set()
        for c in children[su]:
            if nodes[c]["rel"] == "same-unit":
                all_nodes |= desc_nodes(children, c)
    elif is_attr(nodes[x]["rel"]) and nodes[x]["parent"]:
        # nested: the nucleus is itself the source of another attribution
        # ("According to ABC News, [Basya also believes] [X]"): the content is
        # the whole inner relation
        all_nodes = desc_nodes(children, nodes[x]["parent"])
    excl = set(a_nodes)
    # sister attribution satellites not lying between the source and the content
    sisters = [c for c in children[n_id] if c != attr_id and is_attr(nodes[c]["rel"])]
    sister_sets = {s: desc_nodes(children, s) for s in sisters}
    core_excl = set(excl)
    for s in sisters:
        core_excl |= sister_sets[s]
    core = [s for s in all_nodes - core_excl if nodes[s]["seg"]]
    if not core:
        return None, None, False
    span = lambda ids: (min(nodes[i]["toks"][0] for i in ids if nodes[i]["seg"]),
                        max(nodes[i]["toks"][1] for i in ids if nodes[i]["seg"]))
    a_segs = [i for i in a_nodes if nodes[i]["seg"]]
    a_lo, a_hi = span(a_segs)
    c_lo, c_hi = span(core)
    content_segs = set(core)
    for s in sisters:
        ss = [i for i in sister_sets[s] if nodes[i]["seg"]]
        if not ss:
            continue
        s_lo, s_hi = span(ss)
        between = (a_hi <= s_lo and s_hi <= c_lo) or (c_hi <= s_lo and s_hi <= a_lo)
        # '"I think [X]", said Gustafon': an inner cue inside the quotation
        # marks is part of the quoted words
        inner = quoted is not None and quoted(s_lo, s_hi) and \
            (s_hi == c_lo or c_hi == s_lo)
        if between or inner:
            content_segs |= set(ss)
    content = set()
    for s in content_segs:
        content.update(range(*nodes[s]["toks"]))
    # source: the satellite's own segments minus attributions nested inside it
    src_excl = set()
    for i in a_nodes:
        if i != attr_id and is_attr(nodes[i]["rel"]) and nodes[i]["parent"] in a_nodes:
            src_excl |= desc_nodes(children, i)
    source = set()
    for i in a_nodes - src_excl:
        if nodes[i]["seg"]:
            source.update(range(*nodes[i]["toks"]))
    return content, source, same_unit


# --------------------------------------------------------------------------
# Speaker
# --------------------------------------------------------------------------
def find_cue(words, source, depth, content=frozenset()):
    """Return (category, cue word index, speaker head index or None).
    Words inside quotation marks (titles, nested quotes) are not cues."""
    base = min(depth[i] for i in source)
    src = sorted(i for i in source if depth[i] == base)
    srcset = set(src)
    cands = []
    for i in src:
        w = words[i]
        low = w.form.lower()
        lem = w.lemma.lower()
        if low == "according" or lem == "accord":
            # "according to X": X is the head of "according" (case)
            h = w.head
            if w.deprel in ("case", "fixed") and h >= 0:
                cands.append(("speech", i, h))
            else:
                for d in w.deps:
                    if words[d].deprel in ("obj", "obl"):
                        cands.append(("speech", i, d))
            continue
        if w.upos in ("VERB",) or (w.upos == "ADJ" and lem in COGNITION_LEMMAS) \
                or (w.upos == "NOUN" and lem in COGNITION_LEMMAS):
            if lem in SPEECH_LEMMAS or lem in COGNITION_LEMMAS or lem in EVIDENCE_LEMMAS:
                cat = ("speech" if lem in SPEECH_LEMMAS else
                       "cognition" if lem in COGNITION_LEMMAS else "evidence")
                cands.append((cat, i, None))
        if w.upos == "NOUN" and low in SPEECH_NOUNS:
            # "in the words of X" / "in a statement, X said"
            for d in w.deps:
                if words[d].deprel.startswith("nmod") and d in srcset:
                    cands.append(("speech", i, d))
    if not cands:
        return None
    # prefer the cue linked to the content, then the syntactically highest,
    # then speech over cognition over evidence
    def dep_depth(i):
        k = 0
        while words[i].head >= 0 and k < 100:
            i = words[i].head
            k += 1
        return k
    order = {"speech": 0, "cognition": 1, "evidence": 2}
    resolved = []
    for cat, i, h in cands:
        if h is None and words[i].lemma.lower() in ("quote", "cite"):
            objs = [d for d in words[i].deps if words[d].deprel == "obj"]
            h = objs[0] if objs else None
        if h is None:
            h = subject_of(words, i)
        # the cue that governs the content (or hangs off it, as in '"...,"
        # he said') is the real one: "Figures to be published today show"
        linked = any(words[c].head == i for c in content) or words[i].head in content
        resolved.append((not linked, dep_depth(i), order[cat], h is None, cat, i, h))
    resolved.sort(key=lambda t: t[:4])
    _, _, _, _, cat, i, h = resolved[0]
    return cat, i, h


def subject_of(words, v, seen=None):
    seen = seen or set()
    if v in seen or v < 0:
        return None
    seen.add(v)
    w = words[v]
    for d in w.deps:
        dr = words[d].deprel
        if dr in ("nsubj", "nsubj:outer"):
            if words[d].xpos in ("WP", "WDT"):
                # relative pronoun: the modified noun
                if w.deprel.startswith("acl") and w.head >= 0:
                    return w.head
            return d
    for d in w.deps:
        dr = words[d].deprel
        if dr == "obl:agent":
            return d
        if dr == "obl" and any(words[c].lemma == "by" and words[c].deprel == "case"
                               for c in words[d].deps):
            if any(words[c].deprel.startswith("aux:pass") for c in w.deps):
                return d
    if w.deprel in ("conj", "advcl", "xcomp", "ccomp", "parataxis", "dep") and w.head >= 0:
        return subject_of(words, w.head, seen)
    if w.deprel.startswith("acl") and w.head >= 0 and w.deprel != "acl:relcl":
        return w.head
    if w.deprel == "acl:relcl" and w.head >= 0:
        return w.head
    return None


def mention_head(words, s, e):
    for i in range(s, e + 1):
        h = words[i].head
        if h < s or h > e:
            return i
    return s


def find_entity(words, ents, h):
    """Smallest coreference mention containing word h (preferring mentions
    whose head is h)."""
    best = None
    for eid, ent in ents.items():
        for (s, e) in ent["mentions"]:
            if s <= h <= e:
                key = (mention_head(words, s, e) != h, e - s)
                if best is None or key < best[0]:
                    best = (key, eid)
    return best[1] if best else None


def surface(words, text, s, e):
    return text[words[s].start:words[e].end]


NAME_DEPRELS = ("flat", "compound", "amod")
NAME_GLUE = ("-", ".", "&", "of")


def name_span(words, h, lo, hi):
    """h plus its flat/compound/amod dependents (and PROPN "of" modifiers:
    "Church of Scientology"), as the contiguous block around h."""
    toks = {h}
    stack = [h]
    while stack:
        x = stack.pop()
        for d in words[x].deps:
            rel = words[d].deprel.split(":")[0]
            ok = rel in NAME_DEPRELS or (
                rel == "nmod" and words[d].upos == "PROPN" and d > x and
                any(words[c].lemma == "of" for c in words[d].deps))
            if lo <= d <= hi and ok and d not in toks:
                toks.add(d)
                stack.append(d)
    glue = lambda i: words[i].form in NAME_GLUE
    a = h
    while a - 1 >= lo and (a - 1 in toks or (glue(a - 1) and a - 2 in toks)):
        a -= 1
    b = h
    while b + 1 <= hi and (b + 1 in toks or (glue(b + 1) and b + 2 in toks)):
        b += 1
    return list(range(a, b + 1))


def strip_titles(words, run, is_person):
    r = list(run)
    if is_person:
        # persons: the name proper (drop "Afghan Ambassador", "Professor",
        # "US President", trailing "MP"/"QC")
        while r and (words[r[0]].form.lower() in TITLE_WORDS or
                     words[r[0]].upos != "PROPN" or words[r[0]].form in ("US", "U.S.", "UK")):
            r = r[1:]
        while r and (words[r[-1]].upos != "PROPN" or words[r[-1]].form.lower() in TITLE_WORDS):
            r = r[:-1]
        if any(words[i].form.lower() in TITLE_WORDS for i in r):
            return []  # "State Department Spokesperson" is no personal name
    else:
        while r and words[r[0]].upos in ("DET", "PUNCT"):
            r = r[1:]
    if not any(words[i].upos == "PROPN" for i in r):
        return []
    return r


def mention_name(words, text, s, e, is_person):
    """Proper name inside one mention: the name headed by the mention's head
    if that is a PROPN, else a PROPN flat/appositive dependent of the head
    ("Senior researcher Mu Li", "the Afghan team's coach, Alireza Mehraban")."""
    head = mention_head(words, s, e)
    spans = []
    if words[head].upos == "PROPN":
        spans.append(name_span(words, head, s, e))
    if words[head].upos != "PROPN":
        # "spokeswoman Sujata Raisinghani": the name hangs off the noun by flat
        flats, stack = set(), [head]
        while stack:
            x = stack.pop()
            for d in words[x].deps:
                if s <= d <= e and words[d].deprel.startswith("flat") and d not in flats:
                    flats.add(d)
                    stack.append(d)
        if flats:
            rng = list(range(min(flats), max(flats) + 1))
            if all(i in flats or words[i].form in NAME_GLUE for i in rng):
                spans.append(rng)
    for d in words[head].deps:
        if s <= d <= e and words[d].deprel.startswith("appos") and words[d].upos == "PROPN":
            spans.append(name_span(words, d, s, e))
    for rng in spans:
        rr = strip_titles(words, rng, is_person)
        if rr:
            return text[words[rr[0]].start:words[rr[-1]].end]
    return None


def decode_identity(ident):
    s = urllib.parse.unquote(ident).replace("_", " ")
    s = re.sub(r"\s*\([^)]*\)$", "", s)
    return s.strip()


def is_pronoun_mention(words, s, e):
    return s == e and (words[s].upos == "PRON" or
                       words[s].xpos in ("PRP", "PRP$", "WP", "WP$"))


def np_core(words, text, s, e):
    """The mention up to and including its head noun ("a message stating,
    ..." -> "a message") when the mention is long."""
    if e - s + 1 <= 8:
        return surface(words, text, s, e)
    h = mention_head(words, s, e)
    return surface(words, text, s, max(h, s))


def speaker_info(words, text, ents, eid):
    ent = ents[eid]
    mentions = sorted(set(ent["mentions"]))
    mentions = [(s, e) for (s, e) in mentions if words[s].start is not None]
    if not mentions:
        return None
    is_person = ent["type"] == "person"
    forms = []
    for (s, e) in mentions:
        if not any(words[i].upos not in ("NUM", "PUNCT") for i in range(s, e + 1)):
            continue  # "42" (an age apposition) is no name for the speaker
        f = surface(words, text, s, e)
        if f not in forms:
            forms.append(f)
    names = []
    for (s, e) in mentions:
        n = mention_name(words, text, s, e, is_person)
        if n:
            names.append(n)
    canonical = None
    ident = decode_identity(ent["identity"]) if ent["identity"] else None
    if ident and ident in text:
        # the linked name as the article writes it ("Barack Obama")
        canonical = ident
    elif names:
        # prefer the name whose last word recurs in the chain ("Jeff Rathke"
        # over "the State Department Spokesperson"), then the longest
        # support = how many name mentions are contained in this one
        # ("Thomas Sam" covers "Thomas"; "Paul Dewar" covers "Dewar")
        toksets = [set(n.lower().split()) for n in names]
        def support(n):
            t = set(n.lower().split())
            return sum(1 for o in toksets if o <= t)
        canonical = max(names, key=lambda n: (support(n), len(n.split()), len(n)))
    elif ent["identity"]:
        canonical = decode_identity(ent["identity"])
    else:
        nominal = [(s, e) for (s, e) in mentions
                   if words[mention_head(words, s, e)].upos in ("NOUN", "PROPN")]
        if not nominal:
            nominal = [(s, e) for (s, e) in mentions if not is_pronoun_mention(words, s, e)]
        if not nominal:
            return None
        cores = [np_core(words, text, s, e) for (s, e) in nominal]
        canonical = max(cores, key=lambda c: (len(c.split()), len(c)))
        canonical = re.sub(r"^(the|The|a|A|an|An)\s+", "", canonical)
    return canonical, forms, ent["type"]


def fallback_speaker(words, text, h):
    """No coreference mention: the head's noun phrase."""
    if words[h].upos in PRONOUN_UPOS:
        return None
    sub = {h}
    stack = [h]
    while stack:
        x = stack.pop()
        for d in words[x].deps:
            if words[d].deprel.split(":")[0] in ("det", "amod", "compound", "flat",
                                                 "nmod", "case", "appos", "nummod"):
                if d not in sub:
                    sub.add(d)
                    stack.append(d)
    s, e = min(sub), max(sub)
    if words[s].start is None:
        return None
    f = surface(words, text, s, e)
    can = re.sub(r"^(the|The)\s+", "", f)
    return can, [f], None


# --------------------------------------------------------------------------
# Quote spans
# --------------------------------------------------------------------------
def is_open(w):
    return w.upos == "PUNCT" and w.xpos == QUOTE_XPOS_OPEN and w.form in QUOTE_CHARS


def is_close(w):
    return w.upos == "PUNCT" and w.xpos == QUOTE_XPOS_CLOSE and w.form in QUOTE_CHARS


def is_mark(w):
    return is_open(w) or is_close(w)


def quote_depths(words, sents, pars):
    """Per word: quotation depth (>0 inside marks), paragraph by paragraph.
    Mark direction comes from the PTB tag (`` or '').  A closing mark with no
    open quotation is read as an opening mark when another closing mark
    follows in the paragraph (a mis-typed mark in the source), else as the
    end of a quotation that began before the paragraph (multi-paragraph
    quotes).  Marks get the depth of the region they delimit."""
    depth = [0] * len(words)
    for p in pars:
        ws = [i for s in p["sents"] for i in sents[s]["words"]]
        marks = [i for i in ws if is_mark(words[i])]
        d = 0
        for k, i in enumerate(ws):
            w = words[i]
            if is_open(w):
                d += 1
                depth[i] = d
            elif is_close(w):
                if d > 0:
                    depth[i] = d
                    d -= 1
                else:
                    later = [m for m in marks if m > i]
                    if later and is_close(words[later[0]]):
                        d += 1          # mis-tagged opening mark
                        depth[i] = d
                    else:
                        # the paragraph started inside a quotation
                        for j in ws[:k]:
                            depth[j] += 1
                        depth[i] = 1
            else:
                depth[i] = d
    return depth


def quote_block_sents(sents, pars):
    """Sentence indices inside a <quote> block (from # newpar_block)."""
    out = set()
    for p in pars:
        elems = [e.strip() for e in p["block"].split("|")]
        for e in elems:
            m = re.match(r"quote\b.*\((\d+) s\)", e)
            if m:
                out.update(p["sents"][:int(m.group(1))])
    return out


def restrict_content(words, sents, depth, qsents, content, source, same_unit):
    """Keep the part of the RST content that is plausibly the reported
    material: the source's own sentence(s), extended to neighbouring
    sentences only while a quotation runs on (open marks across the sentence
    boundary, consecutive fully quoted sentences, or a block quote).  RST
    content subtrees otherwise drag in elaborations and evidence several
    sentences away."""
    by_sent = collections.defaultdict(list)
    for i in content:
        by_sent[words[i].sent].append(i)
    if not by_sent:
        return set()
    src_sents = {words[i].sent for i in source}
    keep = {s for s in by_sent if s in src_sents}
    if not keep:
        after = [s for s in by_sent if s > max(src_sents)]
        before = [s for s in by_sent if s < min(src_sents)]
        if after:
            keep = {min(after)}
        elif before:
            keep = {max(before)}
        else:
            return set()

    def open_after(si):
        # a quotation is still open after the last word of sentence si
        last = sents[si]["words"][-1]
        w = words[last]
        d = depth[last]
        if is_close(w):
            d -= 1
        return d > 0

    def all_quoted(si):
        ws = [i for i in by_sent[si] if is_word(words[i]) and not is_mark(words[i])]
        return bool(ws) and all(depth[i] > 0 for i in ws)

    colon = words[max(source)].form == ":"
    s = max(keep)
    while s + 1 in by_sent and s + 1 not in src_sents:
        nxt = s + 1
        if open_after(s) or (all_quoted(s) and all_quoted(nxt)) or \
                (nxt in qsents and (s in qsents or colon)):
            keep.add(nxt)
            s = nxt
        else:
            break
    s = min(keep)
    while s - 1 in by_sent and s - 1 not in src_sents:
        prv = s - 1
        if open_after(prv) or (all_quoted(s) and all_quoted(prv)) or \
                (prv in qsents and s in qsents):
            keep.add(prv)
            s = prv
        else:
            break
    out = {i for s in keep for i in by_sent[s]}
    if not same_unit:
        # content on both sides of the source within the source's sentence
        # ("However, when ..., the government then says it wasn't ..."):
        # keep the larger side unless the material is quoted
        lo, hi = min(source), max(source)
        bef = [i for i in out if i < lo and words[i].sent in src_sents]
        aft = [i for i in out if i > hi and words[i].sent in src_sents]
        nw = lambda ids: sum(1 for i in ids if is_word(words[i]) and not is_mark(words[i]))
        if bef and aft and not (all(depth[i] > 0 for i in bef if is_word(words[i])) and
                                all(depth[i] > 0 for i in aft if is_word(words[i]))):
            drop = bef if nw(bef) < nw(aft) else aft
            out -= set(drop)
    return out


def runs_of(words, idxs):
    """Contiguous runs of word indices, split at paragraph boundaries."""
    runs, cur = [], []
    for i in sorted(idxs):
        if cur and (i != cur[-1] + 1 or words[i].par != words[cur[-1]].par):
            runs.append(cur)
            cur = []
        cur.append(i)
    if cur:
        runs.append(cur)
    return runs


def is_word(w):
    return w.upos != "PUNCT" and w.upos != "SYM" or (w.upos == "SYM" and w.form not in "|")


def trim(words, run, keep_marks=True):
    r = list(run)
    changed = True
    while r and changed:
        changed = False
        while r and words[r[0]].form in STRIP_PUNCT:
            r = r[1:]
            changed = True
        if r and words[r[0]].deprel == "mark" and words[r[0]].lemma.lower() == "that":
            r = r[1:]
            changed = True
        if len(r) > 2 and words[r[0]].deprel == "cc" and words[r[0]].upos == "CCONJ":
            # a reported conjunct: "... and [this year the city expects ...]"
            r = r[1:]
            changed = True
        while r and words[r[-1]].form in STRIP_PUNCT:
            r = r[:-1]
            changed = True
    return r


def extend_quotation(words, depth, run, source, base):
    """A run whose words all stand inside quotation marks is widened to the
    whole quotation in its paragraph ('"I think [America's obsession ...]",
    said Gustafon'), without crossing the source."""
    wds = [i for i in run if is_word(words[i]) and not is_mark(words[i])]
    if not wds or not all(depth[i] > base for i in wds):
        return run
    par = words[run[0]].par
    lo, hi = run[0], run[-1]
    n = len(words)
    while lo - 1 >= 0 and lo - 1 not in source and words[lo - 1].par == par:
        w = words[lo - 1]
        if depth[lo - 1] <= base or (is_open(w) and depth[lo - 1] == base + 1):
            break
        lo -= 1
    while hi + 1 < n and hi + 1 not in source and words[hi + 1].par == par:
        w = words[hi + 1]
        if depth[hi + 1] <= base or (is_close(w) and depth[hi + 1] == base + 1):
            break
        hi += 1
    return list(range(lo, hi + 1))


def make_quotes(words, depth, pars, run, block_quote, base=0):
    """Turn one content run into 0..n (start_word, end_word, kind, note).

    direct: the words inside the marks, without the marks, split where a
    quotation closes and another opens; a trailing comma/colon is dropped,
    a sentence-final . ? ! inside the marks is kept.
    mixed: reported clause with a quoted fragment; the span keeps the marks.
    indirect: the reported clause without a leading complementiser "that"
    and without trailing punctuation."""
    r = trim(words, run)
    # marks of an enclosing quotation (at or above the source's level) at
    # the edges belong to the outer speaker
    while r and is_mark(words[r[-1]]) and depth[r[-1]] <= base:
        r = trim(words, r[:-1])
    while r and is_mark(words[r[0]]) and depth[r[0]] <= base:
        r = trim(words, r[1:])
    if not r:
        return []
    wds = [i for i in r if is_word(words[i]) and not is_mark(words[i])]
    if not wds:
        return []
    if block_quote and not any(is_mark(words[i]) and words[i].form in '"“”'
                               for i in r):
        # a block quote (or a signed pull quote) without quotation marks;
        # single marks inside are scare quotes
        return [(r[0], r[-1], "direct",
                 "quotation without quotation marks in the source "
                 "(block quote or signed pull quote)")]
    # base > 0: the source itself stands inside a quotation (a quote nested in
    # a quote); only marks deeper than the source count for this speaker
    inside = [depth[i] > base for i in wds]
    if all(inside):
        pieces, cur = [], []
        for i in run:  # untrimmed: keep a final period inside the marks
            w = words[i]
            if is_mark(w):
                if is_close(w) and depth[i] == base + 1:
                    if cur:
                        pieces.append(cur)
                    cur = []
                continue
            if depth[i] > base:
                cur.append(i)
        if cur:
            pieces.append(cur)
        out = []
        for p in pieces:
            while p and words[p[0]].form in STRIP_PUNCT and not is_word(words[p[0]]):
                p = p[1:]
            while p and words[p[-1]].form in STRIP_PUNCT - SENT_FINAL:
                p = p[:-1]
            if p and any(is_word(words[i]) and not is_mark(words[i]) for i in p):
                out.append((p[0], p[-1], "direct", None))
        return out
    if len(wds) < 2:
        return []  # a stray fragment such as the relative pronoun "which"
    if not any(inside):
        return [(r[0], r[-1], "indirect", None)]
    # mixed: keep the marks; a period after the closing mark is dropped by
    # trim(), one inside the marks is kept with them
    if is_close(words[r[-1]]) is False and r[-1] + 1 <= run[-1] and \
            is_close(words[r[-1] + 1]):
        r = r + [r[-1] + 1]
    return [(r[0], r[-1], "mixed", None)]


# --------------------------------------------------------------------------
# Per document
# --------------------------------------------------------------------------
def convert_doc(gum, doc, stats, include_cognition=False, verbose=False):
    words, sents, pars = read_conllu(os.path.join(gum, "dep", doc + ".conllu"))
    # self-check: rebuilt sentence strings equal the "# text =" lines
    for s in sents:
        if s["text"] is not None and sentence_string(words, s) != s["text"]:
            stats["text_mismatch"] += 1
            if verbose:
                print(f"[warn] {doc}: sentence text differs:\n  {s['text']}\n  "
                      f"{sentence_string(words, s)}", file=sys.stderr)
    title, text, first_par = build_text(words, sents, pars)
    ents = read_coref(os.path.join(gum, "coref_conll", doc + ".conll"), len(words))
    nodes, children, multinuc, rst_forms = read_rst(os.path.join(gum, "rst", doc + ".rs4"))
    # EDUs are located by token position: the rs4 tokens must be the conllu words
    if rst_forms != [w.form for w in words]:
        raise SystemExit(f"{doc}: rs4 tokens differ from the conllu words")
    depth = quote_depths(words, sents, pars)
    qsents = quote_block_sents(sents, pars)

    quotes = []
    seen = set()
    attr_ids = sorted((n["id"] for n in nodes.values() if is_attr(n["rel"])),
                      key=lambda x: int(x))
    for aid in attr_ids:
        rel = nodes[aid]["rel"]
        stats["relations"] += 1
        if rel != "attribution-positive":
            stats["skip_negative"] += 1
            continue
        content, source, same_unit = content_and_source(
            nodes, children, aid,
            quoted=lambda lo, hi: all(depth[i] > 0 for i in range(lo, hi)
                                      if is_word(words[i]) and not is_mark(words[i])))
        if not content or not source:
            stats["skip_no_content"] += 1
            continue
        if any(words[i].start is None for i in content | source):
            stats["skip_in_title"] += 1
            continue
        if any("item" in pars[words[i].par]["block"] for i in source):
            # "Related news" / "Sources" lists citing headlines
            stats["skip_list_item"] += 1
            continue
        content = restrict_content(words, sents, depth, qsents, content, source,
                                   same_unit)
        if not content:
            stats["skip_no_content"] += 1
            continue
        src_par_block = pars[words[min(source)].par]["block"]
        cue = find_cue(words, source, depth, content)
        signoff = False
        verbless = cue is None
        if cue is None:
            # no cue word: photo credits, citations of headlines, or a name
            # signing a pull quote / block quote ("- Matthew Ingram")
            src_text = " ".join(words[i].form for i in sorted(source))
            content_marked = any(is_mark(words[i]) for i in content) or any(
                "quote" in pars[words[i].par]["block"] for i in content)
            root = next((i for i in sorted(source)
                         if words[i].head not in source and words[i].upos != "PUNCT"), None)
            if src_text.startswith(("Image", "Video", "Audio")) or (
                    ("figure" in src_par_block or "caption" in src_par_block)
                    and not content_marked):
                stats["skip_credit"] += 1
                continue
            if "item" in src_par_block or root is None or \
                    words[root].upos not in ("PROPN", "NOUN"):
                stats["skip_no_cue"] += 1
                if verbose:
                    print(f"[skip no cue] {doc}: {src_text!r}", file=sys.stderr)
                continue
            signoff = min(source) > max(content)
            cue = ("speech", root, root)
            stats["verbless_source"] += 1
        cat, cue_i, h = cue
        stats["cue_" + cat] += 1
        stats["lemma_" + cat + ":" + words[cue_i].lemma.lower()] += 1
        if cat == "evidence" or (cat == "cognition" and not include_cognition):
            stats["skip_" + cat] += 1
            continue
        if h is None:
            stats["skip_no_speaker"] += 1
            if verbose:
                print(f"[skip no speaker] {doc}: "
                      f"{' '.join(words[i].form for i in sorted(source))!r}", file=sys.stderr)
            continue
        if words[h].upos == "NOUN" and words[h].lemma.lower() in STATEMENT_NOUNS:
            # "Cornyn's statement added": the possessor speaks
            poss = [d for d in words[h].deps if words[d].deprel == "nmod:poss"]
            if poss:
                h = poss[0]
        eid = find_entity(words, ents, h)
        info = speaker_info(words, text, ents, eid) if eid else None
        if info is None:
            info = fallback_speaker(words, text, h)
            if info is not None:
                stats["speaker_without_coref"] += 1
        if info is None:
            stats["skip_no_speaker"] += 1
            continue
        speaker, mentions, etype = info
        if cat == "speech" and words[cue_i].lemma.lower() in WEAK_SPEECH and \
                etype not in ("person", "organization"):
            # "estimates suggest", "reports revealed": evidence, not speech
            stats["skip_evidence"] += 1
            stats["cue_speech"] -= 1
            stats["cue_evidence"] += 1
            continue
        src_depth = min(depth[i] for i in source)
        produced = 0
        for run in runs_of(words, content):
            run = extend_quotation(words, depth, run, source, src_depth)
            blockq = all(words[i].sent in qsents for i in run)
            colon_block = (words[run[0]].par != words[min(source)].par and
                           words[max(source)].form == ":" and
                           max(source) < run[0])
            for (s, e, kind, note) in make_quotes(words, depth, pars, run,
                                                  blockq or signoff or colon_block,
                                                  base=src_depth):
                st, en = words[s].start, words[e].end
                key = (st, en, speaker)
                if key in seen:
                    stats["duplicate"] += 1
                    continue
                seen.add(key)
                q = {"quote": text[st:en], "start": st, "end": en, "kind": kind,
                     "speaker": speaker, "speaker_mentions": mentions}
                notes = []
                if note:
                    notes.append(note)
                if cat == "cognition":
                    notes.append("cognition attribution (" + words[cue_i].form + ")")
                if verbless:
                    notes.append("source has no cue verb (name only: "
                                 + " ".join(words[i].form for i in sorted(source)) + ")")
                if src_depth > 0:
                    notes.append("reported inside another speaker's quotation")
                if notes:
                    q["note"] = "; ".join(notes)
                q["_cue"] = words[cue_i].form
                q["_rel"] = aid
                quotes.append(q)
                produced += 1
        if produced == 0:
            stats["skip_empty_span"] += 1
        else:
            stats["relations_used"] += 1
    quotes.sort(key=lambda q: (q["start"], q["end"]))
    actors = collections.OrderedDict()
    for q in quotes:
        a = actors.setdefault(q["speaker"], {"aliases": list(q["speaker_mentions"]),
                                             "n_quotes": 0})
        for m in q["speaker_mentions"]:
            if m not in a["aliases"]:
                a["aliases"].append(m)
        a["n_quotes"] += 1
    for q in quotes:
        assert text[q["start"]:q["end"]] == q["quote"], (doc, q)
    rec = {"id": doc}
    if title:
        rec["title"] = title
    rec["text"] = text
    rec["quotes"] = quotes
    rec["actors"] = actors
    return rec


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gum", required=True,
                    help="folder with rst/, coref_conll/, dep/ (gum_news_attribution)")
    ap.add_argument("--out", required=True, help="output JSON Lines file")
    ap.add_argument("--include-cognition", action="store_true",
                    help="also keep cognition attributions (think, believe, ...)")
    ap.add_argument("--debug-fields", action="store_true",
                    help="keep _cue/_rel fields in the output")
    ap.add_argument("--show", type=int, default=0,
                    help="print N quotes per article to stderr for spot checks")
    ap.add_argument("--genre", choices=["news", "interview"], default="news",
                    help="which GUM genre to convert (default news)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)

    docs = sorted(os.path.basename(p)[:-4]
                  for p in glob.glob(os.path.join(args.gum, "rst", f"GUM_{args.genre}_*.rs4")))
    if not docs:
        ap.error(f"no GUM_{args.genre}_*.rs4 under {args.gum}/rst")
    stats = collections.Counter()
    kinds = collections.Counter()
    out_dir = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(out_dir, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        for doc in docs:
            rec = convert_doc(args.gum, doc, stats, args.include_cognition, args.verbose)
            for q in rec["quotes"]:
                kinds[q["kind"]] += 1
                # self-check: offsets are code-point offsets into text
                assert rec["text"][q["start"]:q["end"]] == q["quote"], (doc, q)
                stats["checked"] += 1
                if "cognition" in q.get("note", ""):
                    stats["quotes_cognition"] += 1
                else:
                    stats["quotes_speech"] += 1
            if args.show:
                print(f"== {doc} ({len(rec['quotes'])} quotes)", file=sys.stderr)
                for q in rec["quotes"][:args.show]:
                    print(f"  [{q['kind']}] {q['speaker']!r} (cue {q['_cue']!r}): "
                          f"{q['quote'][:160]!r}", file=sys.stderr)
            if not args.debug_fields:
                for q in rec["quotes"]:
                    q.pop("_cue", None)
                    q.pop("_rel", None)
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            stats["articles"] += 1
            stats["quotes"] += len(rec["quotes"])
    p = lambda *a: print(*a, file=sys.stderr)
    p(f"articles: {stats['articles']}")
    p(f"quotes: {stats['quotes']}  " + "  ".join(f"{k}: {kinds[k]}" for k in
                                                 ("direct", "indirect", "mixed")))
    p(f"attribution relations: {stats['relations']} "
      f"(used {stats['relations_used']})")
    p(f"cue categories: speech {stats['cue_speech']}, cognition {stats['cue_cognition']}, "
      f"evidence {stats['cue_evidence']} (verbless name-only sources: "
      f"{stats['verbless_source']})")
    p(f"quotes kept from speech cues: {stats['quotes_speech']}, from cognition cues: "
      f"{stats['quotes_cognition']}")
    skips = {k: v for k, v in stats.items() if k.startswith("skip_")}
    p(f"skipped: {sum(skips.values())}  " +
      "  ".join(f"{k[5:]}: {v}" for k, v in sorted(skips.items())))
    p(f"duplicates dropped: {stats['duplicate']}  speakers without coref chain: "
      f"{stats['speaker_without_coref']}  sentence text mismatches: {stats['text_mismatch']}")
    p(f"self-check: text[start:end] == quote for all {stats['checked']} quotes")
    if args.verbose:
        for k, v in sorted(stats.items()):
            if k.startswith("lemma_"):
                p(f"  {k[6:]}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
