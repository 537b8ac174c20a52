"""`python -m bench.draft_eval`: how well `draft` reads held-out news articles.

The set is tests/data/draft-eval/: for each article NAME, its text (NAME.txt),
where it comes from (NAME.yaml: url, outlet, published, language) and the
records an analyst expects of it (NAME.expected.yaml), written by hand before
`draft` was run on it; entities.yaml holds the actors, weapons and places the
articles name, as content/ would.

A draft answers an expected claim when the claim's opening words stand in the
draft's quote. Then, for each field, over every draft and every expected claim:

- sentences: the drafts that answer a claim (precision), the claims answered (recall);
- claimant: one item per sentence, the actor id or the vague wording (the vague
  wordings agree when one holds the other, case and a leading article aside);
- via: the actor the claimant spoke through, where there is one;
- figure: (value, unit) per figure; units agree on their last word, singular;
- date: every date the draft gives (made, event.date) against the sentence's dates;
- weapon: the weapon ids.

A draft that answers no claim (a headline, a byline) counts its items as wrong;
an unanswered claim counts its items as missed. Prints a Markdown table;
`--write FILE` puts it between the markers of FILE (docs/draft.md),
`--check FILE` exits 1 if FILE's table differs from a fresh one.
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.authoring.draft import ITEMS, Context, Draft, agree, drafts, items
from generator.mentions import Matcher

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "draft-eval"
START, END = "<!-- draft-eval:start -->", "<!-- draft-eval:end -->"
FIELDS = ("sentences", *ITEMS)


@dataclass
class Tally:
    tp: int = 0
    predicted: int = 0
    expected: int = 0

    def add(self, predicted: list, expected: list) -> None:
        self.tp += agree(predicted, expected)
        self.predicted += len(predicted)
        self.expected += len(expected)

    @property
    def precision(self) -> float | None:
        return self.tp / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.expected if self.expected else None


@dataclass
class Result:
    articles: list[str] = field(default_factory=list)
    tallies: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in FIELDS})
    furniture: list[str] = field(default_factory=list)  # not_claims lines that were drafted
    differences: list[str] = field(default_factory=list)  # one line per item drafted wrong or missed, for --show


def matcher_and_kinds(path: Path) -> tuple[Matcher, dict[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entities, kinds = [], {}
    for kind, plural in (("actor", "actors"), ("weapon", "weapons"), ("place", "places")):
        for entity_id, entity in sorted(data.get(plural, {}).items()):
            entities.append((kind, entity_id, entity["names"]))
            if kind == "actor":
                kinds[entity_id] = entity["kind"]
    return Matcher(entities), kinds


def evaluate(data: Path = DATA, only: list[str] | None = None) -> Result:
    """Scores every article of `data`, or those named in `only`."""
    matcher, kinds = matcher_and_kinds(data / "entities.yaml")
    result = Result()
    for expected_path in sorted(data.glob("*.expected.yaml")):
        name = expected_path.name.removesuffix(".expected.yaml")
        if only and name not in only:
            continue
        meta = yaml.safe_load((data / f"{name}.yaml").read_text(encoding="utf-8"))
        expected = yaml.safe_load(expected_path.read_text(encoding="utf-8"))
        ctx = Context(name, (data / f"{name}.txt").read_text(encoding="utf-8"), meta.get("published"),
                      matcher, kinds, meta.get("outlet"), meta.get("language"))
        result.differences.append(f"{name}:")
        _score(result, drafts(ctx), expected)
        result.articles.append(name)
    return result


def _score(result: Result, found: list[Draft], expected: dict[str, Any]) -> None:
    claims = expected.get("claims", [])
    answers: dict[int, Draft] = {}
    for n, claim in enumerate(claims):
        for draft in found:
            if _opens(claim["sentence"], draft.quote) and draft not in answers.values():
                answers[n] = draft
                break
    t = result.tallies
    answered = list(answers.values())
    t["sentences"].tp += len(answers)
    t["sentences"].predicted += len(found)
    t["sentences"].expected += len(claims)
    for draft in found:
        if draft not in answered:
            _tally(t, predicted(draft), {})
            result.differences.append(f"  not a claim: {draft.quote[:70]!r} {_shown(predicted(draft))}")
    for n, claim in enumerate(claims):
        got, want = (predicted(answers[n]) if n in answers else {}), _expected(claim)
        _tally(t, got, want)
        if n not in answers:
            result.differences.append(f"  missed: {claim['sentence'][:70]!r}")
            continue
        for name in FIELDS[1:]:
            g, w = got.get(name, []), want.get(name, [])
            if agree(g, w) != len(g) or len(g) != len(w):
                result.differences.append(f"  {name}: {claim['sentence'][:50]!r}: drafted {got.get(name)}, "
                                          f"expected {want.get(name)}")
    for line in expected.get("not_claims", []):
        if any(_opens(line, d.quote) or _opens(d.quote, line) for d in found):
            result.furniture.append(line)


def _shown(got: dict[str, list]) -> str:
    return ", ".join(f"{k}={v}" for k, v in got.items() if v)


def _tally(t: dict[str, Tally], got: dict[str, list], want: dict[str, list]) -> None:
    for name in FIELDS[1:]:
        t[name].add(got.get(name, []), want.get(name, []))


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _opens(words: str, quote: str) -> bool:
    return _squash(words) in _squash(quote)


def predicted(draft: Draft) -> dict[str, list]:
    """The items of one draft, in the eval's terms (generator.authoring.draft.items)."""
    return items(draft.fields)


def _expected(claim: dict[str, Any]) -> dict[str, list]:
    out = items({k: claim.get(k) for k in ("claimant", "claimant_vague", "via", "weapons")}
                | {"quantities": claim.get("figures", [])})
    out["date"] = [str(d) for d in claim.get("dates", [])]
    return out


def table(result: Result) -> str:
    def pct(x: float | None) -> str:
        return "n/a" if x is None else f"{x:.0%}"

    rows = ["| field | precision | recall | right | proposed | expected |",
            "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name in FIELDS:
        t = result.tallies[name]
        rows.append(f"| {name} | {pct(t.precision)} | {pct(t.recall)} | {t.tp} | {t.predicted} | {t.expected} |")
    rows.append("")
    rows.append(f"Articles: {len(result.articles)} ({', '.join(result.articles)}). "
                f"Headlines, datelines, bylines and captions proposed as claims: {len(result.furniture)}.")
    return "\n".join(rows) + "\n"


def replace_table(doc: str, new: str) -> str:
    head, sep, rest = doc.partition(START)
    _, sep2, tail = rest.partition(END)
    if not (sep and sep2):
        raise ValueError(f"the markers {START} and {END} are missing")
    return f"{head}{START}\n{new}{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.draft_eval", description=__doc__.split("\n\n")[0])
    p.add_argument("--write", type=Path, metavar="FILE", help="put the table between the markers of FILE")
    p.add_argument("--only", nargs="+", metavar="NAME", help="score these articles only (not with --write, --check)")
    p.add_argument("--show", action="store_true", help="also print, per article, each item drafted wrong or missed")
    p.add_argument("--check", type=Path, metavar="FILE", help="exit 1 if FILE's table is not a fresh one")
    args = p.parse_args(argv)
    if args.only and (args.write or args.check):
        p.error("--only scores a part of the set: the table in the docs is the whole set's")
    result = evaluate(only=args.only)
    new = table(result)
    if args.check:
        doc = args.check.read_text(encoding="utf-8")
        if replace_table(doc, new) != doc:
            print(f"{args.check}: the draft-eval table is stale: run python -m bench.draft_eval --write {args.check}",
                  file=sys.stderr)
            return 1
        return 0
    if args.write:
        args.write.write_text(replace_table(args.write.read_text(encoding="utf-8"), new), encoding="utf-8")
    sys.stdout.write(new)
    if args.show:
        print("\n".join(result.differences))
    return 0


if __name__ == "__main__":
    sys.exit(main())
