"""A synthetic but realistic report of N claims, deterministic for a seed.

About N/10 sources, each with a snapshot whose sentences the claims quote
verbatim; weapons, actors and places with aliases (spelling variants that
differ by hyphens or transliteration); relations (variants, qualifications),
citations that disagree on dates and figures, and dates at mixed precision.
The result validates with `python -m generator check`.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
from pathlib import Path

STATUSES = ("reported", "reported", "reported", "corroborated", "confirmed", "disputed", "refuted")
CATEGORIES = ("artillery-ammunition", "artillery-system", "multiple-rocket-launcher",
              "ballistic-missile", "drone", "self-propelled-gun")
VERBS = ("said", "told reporters", "claimed", "stated", "noted", "revealed")
TOWNS = ("Kupiansk", "Pokrovsk", "Vovchansk", "Lyman", "Bakhmut", "Siversk", "Toretsk", "Avdiivka",
         "Kurakhove", "Orikhiv", "Huliaipole", "Chasiv Yar", "Kostiantynivka", "Druzhkivka")


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def date(rng: random.Random, year: int = 2025) -> str:
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    roll = rng.random()
    if roll < 0.1:
        return f"{year}"
    if roll < 0.3:
        return f"{year}-{month:02d}" + ("~" if rng.random() < 0.3 else "")
    return f"{year}-{month:02d}-{day:02d}"


def _coordinates(i: int, rng: random.Random) -> str:
    """Somewhere in Ukraine, mostly a settlement from a gazetteer, some geolocated spots, some without."""
    if i % 9 == 8:
        return ""
    lat, lon = round(rng.uniform(46.5, 51.5), 4), round(rng.uniform(24.0, 39.5), 4)
    how = 'precision: "exact", method: "geolocated"' if i % 5 == 4 else 'precision: "settlement", method: "gazetteer"'
    return f"coordinates: {{lat: {lat}, lon: {lon}, {how}}}\n"


def generate(out: Path, claims: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    for folder in ("claims", "sources", "weapons", "actors", "places", "pages"):
        (out / folder).mkdir(parents=True)
    n_sources = max(2, claims // 10)
    n_weapons = max(3, claims // 50)
    n_places = max(3, claims // 40)
    n_people = max(3, claims // 30)
    n_outlets = max(2, claims // 100)

    def write(rel: str, kind: str, body: str) -> None:
        depth = "../" * rel.count("/")
        (out / rel).write_text(f"# yaml-language-server: $schema={depth}../schema/{kind}.schema.json\n{body}",
                               encoding="utf-8")

    write("report.yaml", "report", "\n".join([
        f"title: {q(f'Synthetic report of {claims} claims')}",
        'authors: ["Benchmark"]', 'licence: "CC BY 4.0"',
        'summary: "A generated report for measuring the build."',
        'site_url: "https://example.org/bench/"', ""]))
    for state in ("north-korea", "russia", "ukraine"):
        write(f"actors/{state}.yaml", "actor",
              f'name: {q(state.replace("-", " ").title())}\nkind: "state"\n')
    outlets = [f"outlet-{i}" for i in range(n_outlets)]
    for i, o in enumerate(outlets):
        write(f"actors/{o}.yaml", "actor", f'name: "Outlet {i} News"\naliases: ["O{i}N"]\nkind: "media-outlet"\n')
    people = [f"person-{i}" for i in range(n_people)]
    for i, p in enumerate(people):
        write(f"actors/{p}.yaml", "actor",
              f'name: "Official {i} Kovalenko"\naliases: ["Official {i} Kovalenco"]\nkind: "person"\n'
              f'role: "spokesperson of unit {i}"\ncountry: "ukraine"\n')
    weapons = [f"weapon-{i}" for i in range(n_weapons)]
    for i, w in enumerate(weapons):
        variant = f'variant_of: "weapon-{i - 1}"\n' if i % 7 == 3 else ""
        write(f"weapons/{w}.yaml", "weapon",
              f'name: "Type {100 + i}"\naliases: ["Type-{100 + i}", "T{100 + i} launcher"]\n'
              f'category: "{CATEGORIES[i % len(CATEGORIES)]}"\norigin: "north-korea"\n{variant}'
              f'description: "A synthetic weapon number {i}."\n')
    places = [f"place-{i}" for i in range(n_places)]
    where = random.Random(seed + 1)  # a stream of its own: the rest of the report is as it was without maps
    for i, p in enumerate(places):
        town = TOWNS[i % len(TOWNS)] + ("" if i < len(TOWNS) else f" {i}")
        alias = town.replace("ia", "ya").replace("i", "y", 1)
        write(f"places/{p}.yaml", "place",
              f'name: {q(town)}\naliases: [{q(alias + " region")}]\nkind: "settlement"\ncountry: "ukraine"\n'
              + _coordinates(i, where))

    # Sources: each snapshot is a list of sentences; claims quote one sentence each.
    sentences: dict[str, list[str]] = {}
    for s in range(n_sources):
        lines = []
        for k in range(12):
            person = rng.choice(people)
            n = int(person.split("-")[1])
            weapon = 100 + rng.randrange(n_weapons)
            town = TOWNS[rng.randrange(len(TOWNS))]
            share = rng.randint(5, 95)
            lines.append(f"Official {n} Kovalenko {rng.choice(VERBS)} that about {share} percent of the "
                         f"shells fired near {town} came from Type {weapon} systems, in report {s}-{k}.")
        sentences[f"source-{s}"] = lines
        text = "Junk navigation line\n" + "\n".join(lines) + "\nCopyright line\n"
        (out / "sources" / f"source-{s}.txt").write_text(text, encoding="utf-8")
        sha = hashlib.sha256(text.encode()).hexdigest()
        write(f"sources/source-{s}.yaml", "source",
              f'kind: "article"\ntitle: "Synthetic article {s}"\npublisher: "{outlets[s % n_outlets]}"\n'
              f'url: "https://example.org/news/{s}"\npublished: "{date(rng)}"\nsha256: "{sha}"\n'
              f'reliability: "{"ABCDEF"[s % 6]}"\n')

    for c in range(claims):
        s = c % n_sources
        k = (c // n_sources) % 12
        sentence = sentences[f"source-{s}"][k]
        person = "person-" + sentence.split()[1]
        other = (s + 1) % n_sources
        cites = [f'  - source: "source-{s}"\n    quote: {q(sentence[:90].rsplit(" ", 1)[0])}\n']
        if c % 4 == 0:  # a second citation, disagreeing on the date now and then
            differs = f'    made: "{date(rng)}"\n    note: "Gives another date."\n' if c % 8 == 0 else ""
            cites.append(f'  - source: "source-{other}"\n    quote: '
                         f'{q(sentences[f"source-{other}"][k][:60].rsplit(" ", 1)[0])}\n{differs}')
        related = ""
        if c % 10 == 1:
            related = f'related:\n  - claim: "claim-{c - 1:05d}"\n    relation: "variant-of"\n    note: "Worded differently."\n'
        elif c % 10 == 2:
            related = f'related:\n  - claim: "claim-{c - 2:05d}"\n    relation: "qualifies"\n'
        weapon = rng.sample(weapons, 2)
        event = (f'event:\n  date: "{date(rng)}"\n  places: ["{rng.choice(places)}"]\n' if c % 3 == 0 else "")
        write(f"claims/claim-{c:05d}.yaml", "claim", "".join([
            f"statement: {q(sentence)}\n",
            f'claimant: "{person}"\n',
            f'via: [{{actor: "{outlets[s % n_outlets]}", kind: "interview"}}]\n',
            f'made: "{date(rng)}"\n', event,
            f'weapons: ["{weapon[0]}", "{weapon[1]}"]\nplaces: ["{rng.choice(places)}"]\n',
            f'tags: ["theme-{c % 8}"]\n',
            f'quantities: [{{value: {rng.randint(5, 95)}, unit: "percent", qualifier: "about", of: "shells fired"}}]\n',
            f'status: "{STATUSES[c % len(STATUSES)]}"\ncredibility: {1 + c % 6}\n',
            'assessment: "Synthetic assessment."\n',
            "citations:\n", *cites, related]))
    (out / "pages" / "methodology.md").write_text("# Methodology\n\nSynthetic.\n", encoding="utf-8")
    return out


def main() -> None:
    p = argparse.ArgumentParser(description="write a synthetic report of N claims")
    p.add_argument("claims", type=int)
    p.add_argument("--out", type=Path, default=Path("bench/out/content"))
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    generate(args.out, args.claims, args.seed)
    print(args.out)


if __name__ == "__main__":
    main()
