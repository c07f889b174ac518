#!/usr/bin/env python3
"""Check labelled-article JSONL files against the spec (labelled-data format).

Usage: python3 scripts/check_gold.py FILE.jsonl [FILE.jsonl ...]

For every line it checks that the line parses as a JSON object; that the required
fields exist (id, text, quotes; in each quote: quote, speaker, kind, stance,
sentiment); that `quote` is a substring of `text` and, where start/end are given,
that text[start:end] == quote (code point offsets, end exclusive); that labels are
in the allowed sets; and that each actor's overall_stance (and n_quotes) agrees with
the actor's quotes. Errors name the file and line number. Counts are printed over
the valid lines of all the files given, together. Exit status: 0 if every line is valid, 1 otherwise, 2 on usage or
I/O errors. Standard library only.
"""

import json
import sys
from collections import Counter

KINDS = {"direct", "indirect", "mixed"}
STANCES = {"concessive", "uncompromising", "neutral"}
SENTIMENTS = {"positive", "negative", "neutral"}
OVERALL = STANCES | {"mixed"}
REQUIRED_ARTICLE = ("id", "text", "quotes")
REQUIRED_QUOTE = ("quote", "speaker", "kind", "stance", "sentiment")


def overall_stance(quotes):
    """The spec's rule for an actor's overall stance, from the actor's quotes."""
    stances = {q.get("stance") for q in quotes}
    if any(q.get("mixed") is True for q in quotes):
        return "mixed"
    if "concessive" in stances and "uncompromising" in stances:
        return "mixed"
    if "concessive" in stances:
        return "concessive"
    if "uncompromising" in stances:
        return "uncompromising"
    return "neutral"


def is_str_list(value):
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def check_quote(i, q, text):
    """Errors for quote number i (0-based) of an article."""
    where = f"quotes[{i}]"
    if not isinstance(q, dict):
        return [f"{where}: not a JSON object"]
    errors = [f"{where}: missing required field {f!r}" for f in REQUIRED_QUOTE if f not in q]
    quote = q.get("quote")
    if "quote" in q and not isinstance(quote, str):
        errors.append(f"{where}: 'quote' is not a string")
        quote = None
    if "speaker" in q and not (isinstance(q["speaker"], str) and q["speaker"].strip()):
        errors.append(f"{where}: 'speaker' is not a non-empty string")
    if "kind" in q and q["kind"] not in KINDS:
        errors.append(f"{where}: unknown kind {q['kind']!r} (allowed: {sorted(KINDS)})")
    if "stance" in q and q["stance"] not in STANCES:
        errors.append(f"{where}: unknown stance {q['stance']!r} (allowed: {sorted(STANCES)})")
    if "sentiment" in q and q["sentiment"] not in SENTIMENTS:
        errors.append(f"{where}: unknown sentiment {q['sentiment']!r} (allowed: {sorted(SENTIMENTS)})")
    if "mixed" in q and not isinstance(q["mixed"], bool):
        errors.append(f"{where}: 'mixed' is not a boolean")
    for field in ("speaker_mentions", "joint_speakers"):
        if field in q and not is_str_list(q[field]):
            errors.append(f"{where}: {field!r} is not a list of strings")
    if quote is not None and isinstance(text, str):
        if quote == "":
            errors.append(f"{where}: empty quote")
        elif quote not in text:
            errors.append(f"{where}: quote is not a substring of text: {quote[:60]!r}")
        has_start, has_end = "start" in q, "end" in q
        if has_start != has_end:
            errors.append(f"{where}: only one of start/end is given")
        elif has_start:
            start, end = q["start"], q["end"]
            ints = all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end))
            if not ints:
                errors.append(f"{where}: start/end are not integers")
            elif not 0 <= start <= end <= len(text):
                errors.append(f"{where}: start/end {start}..{end} out of range (text has {len(text)} code points)")
            elif text[start:end] != quote:
                errors.append(f"{where}: text[{start}:{end}] = {text[start:end][:60]!r} != quote {quote[:60]!r}")
    return errors


def check_actors(actors, quotes):
    if not isinstance(actors, dict):
        return ["'actors' is not a JSON object"]
    errors = []
    by_speaker = {}
    for q in quotes:
        if isinstance(q, dict) and isinstance(q.get("speaker"), str):
            by_speaker.setdefault(q["speaker"], []).append(q)
    for name, actor in actors.items():
        where = f"actors[{name!r}]"
        if not isinstance(actor, dict):
            errors.append(f"{where}: not a JSON object")
            continue
        if "aliases" in actor and not is_str_list(actor["aliases"]):
            errors.append(f"{where}: 'aliases' is not a list of strings")
        own = by_speaker.get(name, [])
        if "n_quotes" in actor and actor["n_quotes"] != len(own):
            errors.append(f"{where}: n_quotes is {actor['n_quotes']!r} but {len(own)} quotes have this speaker")
        stance = actor.get("overall_stance")
        if stance is None:
            continue
        if stance not in OVERALL:
            errors.append(f"{where}: unknown overall_stance {stance!r} (allowed: {sorted(OVERALL)})")
        elif own and stance != overall_stance(own):
            errors.append(f"{where}: overall_stance is {stance!r} but its quotes give {overall_stance(own)!r}")
    return errors


def check_line(line):
    """(article or None, errors) for one line of JSONL."""
    try:
        article = json.loads(line)
    except json.JSONDecodeError as e:
        return None, [f"not valid JSON: {e}"]
    if not isinstance(article, dict):
        return None, ["not a JSON object"]
    errors = [f"missing required field {f!r}" for f in REQUIRED_ARTICLE if f not in article]
    if "id" in article and not isinstance(article["id"], (str, int)):
        errors.append("'id' is not a string")
    text = article.get("text")
    if "text" in article and not isinstance(text, str):
        errors.append("'text' is not a string")
        text = None
    quotes = article.get("quotes", [])
    if not isinstance(quotes, list):
        errors.append("'quotes' is not a list")
        quotes = []
    for i, q in enumerate(quotes):
        errors.extend(check_quote(i, q, text))
    if "actors" in article:
        errors.extend(check_actors(article["actors"], quotes))
    return (article if not errors else None), errors


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 2
    counts = {k: Counter() for k in ("kind", "stance", "sentiment", "overall_stance")}
    n_articles = n_quotes = n_mixed = n_bad = 0
    ids = Counter()
    for path in argv[1:]:
        try:
            f = open(path, encoding="utf-8")
        except OSError as e:
            print(f"{path}: cannot open: {e}", file=sys.stderr)
            return 2
        with f:
            n_lines = bad_here = 0
            for lineno, line in enumerate(f, 1):
                if not line.strip():
                    continue
                n_lines += 1
                article, errors = check_line(line)
                if errors:
                    bad_here += 1
                    for e in errors:
                        print(f"{path}:{lineno}: {e}")
                    continue
                ids[(path, str(article["id"]))] += 1
                n_articles += 1
                for q in article["quotes"]:
                    n_quotes += 1
                    n_mixed += q.get("mixed") is True
                    for k in ("kind", "stance", "sentiment"):
                        counts[k][q[k]] += 1
                for actor in (article.get("actors") or {}).values():
                    if "overall_stance" in actor:
                        counts["overall_stance"][actor["overall_stance"]] += 1
            n_bad += bad_here
            print(f"{path}: {n_lines} lines, {n_lines - bad_here} valid, {bad_here} bad")
    for (path, article_id), n in ids.items():
        if n > 1:
            print(f"{path}: warning: id {article_id!r} appears {n} times")

    def fmt(c):
        return ", ".join(f"{k} {v}" for k, v in sorted(c.items())) or "-"

    print(f"valid articles: {n_articles}; quotes: {n_quotes} (mixed: true on {n_mixed})")
    print(f"  kind:      {fmt(counts['kind'])}")
    print(f"  stance:    {fmt(counts['stance'])}")
    print(f"  sentiment: {fmt(counts['sentiment'])}")
    print(f"  actors:    {sum(counts['overall_stance'].values())} ({fmt(counts['overall_stance'])})")
    print(f"bad lines: {n_bad}")
    return 1 if n_bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
