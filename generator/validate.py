"""Raw records -> checked records and diagnostics. Never raises on bad content.

Stage one checks each record against its model (shape, types, vocabularies);
stage two checks what needs several records: references, aliases, snapshots
and quotes.
"""
from __future__ import annotations

import hashlib
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from pydantic import BaseModel, ValidationError

from . import quotes, suggest, unicode_rules
from .diagnostics import Diagnostic
from .load import Content, Pos, RawRecord, Reuse, Unquoted
from .memo import same
from .model import Claim, Record, Ref, Report, Source, Weapon

# -- stage one: one record against its model ---------------------------------


@dataclass
class CheckedRecord:
    """A record that passed its model, with where its values stand."""

    raw: RawRecord
    model: Record

    @property
    def id(self) -> str:
        return self.raw.id

    @property
    def kind(self) -> str:
        return self.raw.kind.name


def _unwrap(annotation: Any) -> list[Any]:
    """The types inside Optional, list, dict and Annotated."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, dict):
        return [t for a in typing.get_args(annotation) for t in _unwrap(a)]
    return [annotation]


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        if info is None:
            return None
        inner = [t for t in _unwrap(info.annotation) if isinstance(t, type) and issubclass(t, BaseModel)]
        if not inner:
            return None
        model = inner[0]
    return model


def field_label(loc: tuple) -> str:
    label = ""
    for part in loc:
        if isinstance(part, int):
            label += f"[{part}]"
        else:
            label += ("." if label else "") + str(part)
    return label or "record"


_TYPE_WORDS = {
    "string_type": "text", "int_type": "a whole number", "float_type": "a number",
    "bool_type": "true or false", "list_type": "a list", "dict_type": "a mapping",
    "model_type": "a mapping of fields", "model_attributes_type": "a mapping of fields",
}


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_RANGE_HINT = {"lat": " (degrees north; south is negative)", "lon": " (degrees east; west is negative)"}


def _diagnostic(raw: RawRecord, model: type[BaseModel], err: dict) -> Diagnostic:
    loc = tuple(p for p in err["loc"] if p != "[key]")
    is_key = "[key]" in err["loc"]
    kind, value = err["type"], err.get("input")
    name = field_label(loc)
    ctx = err.get("ctx") or {}

    def at(pos: Pos, code: str, message: str) -> Diagnostic:
        return Diagnostic(raw.path, pos.line, pos.col, code, message)

    if kind == "extra_forbidden" or is_key:
        parent = _model_at(model, loc[:-1])
        known = list(parent.model_fields) if parent else []
        if is_key:  # a key of a mapping field whose keys are a vocabulary
            known = list(ctx.get("expected", "").replace("'", "").replace(" or ", ", ").split(", "))
        guess = suggest.field_name(known, str(loc[-1]))
        hint = f" ({guess})" if guess else (f"; known: {', '.join(known)}" if known else "")
        return at(raw.pos(loc, key=True), "S001", f"unknown field '{name}'{hint}")
    pos = raw.pos(loc)
    if kind == "missing":
        return at(raw.pos(loc[:-1]) if loc[:-1] else Pos(1, 1), "S002", f"missing required field '{name}'")
    if isinstance(value, Unquoted):
        return at(pos, "Y008",
                  f"'{name}': {value.text} unquoted is read by YAML as {value.reads_as}: "
                  f"quote it (\"{value.text}\")")
    if value is None and kind in _TYPE_WORDS or kind == "empty":
        return at(pos, "S003", f"'{name}' is empty")
    if kind in _TYPE_WORDS:
        return at(pos, "S004", f"'{name}' must be {_TYPE_WORDS[kind]}, found {_describe(value)}")
    if kind == "literal_error" and value is None:  # `kind:` with nothing after it
        return at(pos, "S003", f"'{name}' is empty: choose one of {ctx.get('expected', '')}")
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(", ")]
        guess = suggest.term(options, value)
        hint = f" ({guess})" if guess else ""
        return at(pos, "S006", f"'{name}': '{value}' is not one of {expected}{hint}")
    if kind in ("string_too_long", "too_long"):
        size = len(value) if hasattr(value, "__len__") else "?"
        unit = "characters" if kind == "string_too_long" else "items"
        return at(pos, "S008", f"'{name}' is {size} {unit} long; the limit is {ctx.get('max_length')}")
    if kind == "too_short":
        return at(pos, "S002", f"'{name}' needs at least {ctx.get('min_length')} item")
    if kind in ("less_than_equal", "greater_than_equal"):
        limit = f"at most {ctx.get('le'):g}" if kind == "less_than_equal" else f"at least {ctx.get('ge'):g}"
        return at(pos, "S009", f"'{name}': {value} is out of range: it must be {limit}{_RANGE_HINT.get(loc[-1], '')}")
    if kind == "invalid_date":
        return at(pos, "S005", f"'{name}': {err['msg']}")
    if kind == "invalid_url":
        return at(pos, "S007", f"'{name}': {err['msg']}")
    if kind == "string_pattern_mismatch":
        what = "64 lowercase hex digits" if name.endswith("sha256") else (
            "a Wikidata id such as Q42" if name.endswith("wikidata") else
            "an id: lowercase ASCII letters, digits and single hyphens")
        message = f"'{name}': '{str(value)[:80]}' must be {what}"
        ref = _ref_kind_at(model, loc)
        if ref and isinstance(value, str):  # what it may name is known once every record is read
            return _NotAnId(raw.path, pos.line, pos.col, "S009", message, ref, value, name)
        return at(pos, "S009", message)
    return at(pos, "S009", f"'{name}': {err['msg']}")


@dataclass(frozen=True, order=True)
class _NotAnId(Diagnostic):
    """An S009 for a reference that is not an id; validate() adds the record it may name."""

    kind: str = field(default="", compare=False)
    value: str = field(default="", compare=False)
    label: str = field(default="", compare=False)

    def suggested(self, references: suggest.References) -> Diagnostic:
        hint = references.hint(self.kind, self.value)
        message = self.message if hint is None else (
            f"'{self.label}': {hint.text}" if hint.exact else f"{self.message} ({hint.text})")
        return Diagnostic(self.path, self.line, self.col, self.code, message)


def _ref_kind_at(model: type[BaseModel], loc: tuple) -> str | None:
    """The kind a field at `loc` refers to, if it holds references."""
    names = [i for i, part in enumerate(loc) if isinstance(part, str)]
    parent = _model_at(model, loc[: names[-1]]) if names else None
    info = parent.model_fields.get(loc[names[-1]]) if parent else None
    return _ref_kind(info.annotation, info.metadata) if info else None


def check_record(raw: RawRecord, out: list[Diagnostic]) -> CheckedRecord | None:
    """Check one record against its model; a record read from the loader's cache is checked once."""
    # The record keeps its model, not its CheckedRecord (which points back at the record): a reference
    # cycle per record would outlive the build, since the generator's objects are frozen (bulk.py).
    done = raw.__dict__.get("_checked")
    if done is None:
        found: list[Diagnostic] = []
        model = raw.kind.model
        try:
            validated = model.model_validate(raw.data)
        except ValidationError as exc:
            found.extend(_diagnostic(raw, model, e) for e in exc.errors(include_url=False))
            validated = None
        done = raw.__dict__["_checked"] = (validated, tuple(found))
    out.extend(done[1])
    return CheckedRecord(raw, done[0]) if done[0] is not None else None


# -- stage two: across records -----------------------------------------------


@dataclass
class Checks:
    """Everything that passed, by kind and id, plus every problem found."""

    report: CheckedRecord | None = None
    by_kind: dict[str, dict[str, CheckedRecord]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    quotes_checked: int = 0
    snapshot_texts: dict[str, str] = field(default_factory=dict)  # source id -> snapshot text

    def kind_of(self, record_id: str) -> str | None:
        for kind, records in self.by_kind.items():
            if record_id in records:
                return kind
        return None


def _refs_of(model: type[BaseModel]) -> list[tuple[str, str | None, type[BaseModel] | None]]:
    """For each field of `model`: (name, referenced kind, nested model)."""
    found = []
    for name, info in model.model_fields.items():
        ref = _ref_kind(info.annotation, info.metadata)
        nested = [t for t in _unwrap(info.annotation) if isinstance(t, type) and issubclass(t, BaseModel)]
        if ref or nested:
            found.append((name, ref, nested[0] if nested else None))
    return found


def _ref_kind(annotation: Any, metadata: list) -> str | None:
    for m in metadata:
        if isinstance(m, Ref):
            return m.kind
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        args = typing.get_args(annotation)
        return _ref_kind(args[0], list(args[1:]))
    if origin in (typing.Union, types.UnionType, list):
        for arg in typing.get_args(annotation):
            kind = _ref_kind(arg, [])
            if kind:
                return kind
    return None


_REF_CACHE: dict[type, list] = {}


def iter_refs(obj: BaseModel, path: tuple = ()) -> Iterator[tuple[tuple, str, str]]:
    """Every (path, kind, id) reference held by `obj`, nested models included."""
    fields = _REF_CACHE.get(type(obj))
    if fields is None:
        fields = _REF_CACHE[type(obj)] = _refs_of(type(obj))
    for name, ref, nested in fields:
        value = getattr(obj, name)
        if value is None:
            continue
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for i, item in items:
            sub = path + ((name,) if i is None else (name, i))
            if ref and isinstance(item, str):
                yield sub, ref, item
            elif isinstance(item, BaseModel):
                yield from iter_refs(item, sub)


def _error(checked: CheckedRecord, path: tuple, code: str, message: str, *, key: bool = False) -> Diagnostic:
    pos = checked.raw.pos(path, key=key)
    return Diagnostic(checked.raw.path, pos.line, pos.col, code, message)


def _refs_held(checked: CheckedRecord) -> tuple[tuple[tuple, str, str], ...]:
    """iter_refs of the record's model, found once per reading of the record (live preview reads
    an unchanged file once, load.Reuse)."""
    done = checked.raw.__dict__.get("_refs")
    if done is None or done[0] is not checked.model:
        done = checked.raw.__dict__["_refs"] = (checked.model, tuple(iter_refs(checked.model)))
    return done[1]


def _check_references(checks: Checks, everything: list[CheckedRecord], ids: dict[str, str],
                      references: suggest.References) -> None:
    for checked in everything:
        for path, kind, ref in _refs_held(checked):
            # A record that exists but failed its own checks is reported there, not here.
            if ref in checks.by_kind.get(kind, {}) or ids.get(ref) == kind:
                if checked.kind == kind and ref == checked.id:
                    checks.diagnostics.append(_error(checked, path, "R004",
                                                     f"a {kind} cannot refer to itself"))
                continue
            actual = checks.kind_of(ref)
            if actual:
                msg = f"'{ref}' is a {actual}, not a {kind}"
                checks.diagnostics.append(_error(checked, path, "R002", msg))
                continue
            hint = references.hint(kind, ref)
            more = "" if hint is None else f"; {hint.text}" if hint.exact else f" ({hint.text})"
            checks.diagnostics.append(_error(checked, path, "R001", f"no {kind} '{ref}'{more}"))


def _entries(checks: Checks, ids: dict[str, str]) -> Callable[[str], list[suggest.Entry]]:
    """kind -> every record of that kind a reference may mean, with its name and aliases."""
    def of(kind: str) -> list[suggest.Entry]:
        records = checks.by_kind.get(kind, {})
        every = sorted(set(records) | {i for i, k in ids.items() if k == kind})
        return [suggest.Entry(i, _names_of(records[i].model) if i in records else ()) for i in every]
    return of


def _names_of(model: Record) -> tuple[str, ...]:
    name = getattr(model, "name", None)
    return ((name,) if name else ()) + tuple(getattr(model, "aliases", ()))


def _check_claim(checked: CheckedRecord, out: list[Diagnostic]) -> None:
    claim: Claim = checked.model  # type: ignore[assignment]
    if not claim.claimant and not claim.claimant_vague:
        out.append(_error(checked, (), "S002",
                          "missing 'claimant': name the actor who asserts it, or give "
                          "'claimant_vague' as the source puts it ('security experts'), or both for an "
                          "unnamed person of a named body ('an official' of the ministry)"))


def _check_translations(checks: Checks) -> None:
    """A quote in another language than the report's needs its translation; one in the report's
    language needs none (a translation of English into English is a mistake)."""
    if checks.report is None:
        return
    sources = checks.by_kind.get("source", {})
    for checked in checks.by_kind.get("claim", {}).values():
        cited = tuple(sources[c.source].model if c.source in sources else None for c in checked.model.citations)
        inputs = (checked.model, checks.report.model.language, *cited)
        done = checked.raw.__dict__.get("_translations")  # once per reading of the claim (load.Reuse)
        if done is None or not same(done[0], inputs):
            done = checked.raw.__dict__["_translations"] = (inputs, tuple(_translation_problems(
                checked, cited, checks.report.model.language)))
        checks.diagnostics.extend(done[1])


def _translation_problems(checked: CheckedRecord, cited: tuple[Source | None, ...], report: str
                          ) -> Iterator[Diagnostic]:
    report_language = report.split("-")[0].lower()
    for i, (citation, source) in enumerate(zip(checked.model.citations, cited)):
        if source is None:
            continue
        language = citation.language or source.language
        foreign = language.split("-")[0].lower() != report_language
        if foreign and citation.translation is None:
            yield _error(
                checked, ("citations", i), "S002",
                f"missing 'translation': the quote is in '{language}' and the report in "
                f"'{report}'; give the quote's translation and who made it "
                "(translation: {text: ..., by: analyst})")
        elif not foreign and citation.translation is not None:
            yield _error(
                checked, ("citations", i, "translation"), "S010",
                f"a translation of a quote already in the report's language ('{language}'): remove it, "
                "or give the quote's own language as the citation's 'language'", key=True)


def _check_weapon(checked: CheckedRecord, out: list[Diagnostic]) -> None:
    weapon = checked.model
    if weapon.category == "other" and not weapon.category_note:
        out.append(_error(checked, ("category",), "S002",
                          "missing 'category_note': a weapon of category 'other' says what it is"))
    elif weapon.category != "other" and weapon.category_note:
        out.append(_error(checked, ("category_note",), "S010",
                          "'category_note' is for a weapon of category 'other'", key=True))


# Metadata a source must give, or explain under `unknown:`.
_EXPLAIN = ("url", "published")


def _check_source(checked: CheckedRecord, out: list[Diagnostic]) -> None:
    source: Source = checked.model  # type: ignore[assignment]
    for name in source.unknown:
        value = getattr(source, name)
        if value not in (None, [], False) and not (name == "title" and source.title_supplied):
            out.append(_error(checked, ("unknown", name), "S010",
                              f"'{name}' is given and also listed under 'unknown'", key=True))
    for name in _EXPLAIN:
        if getattr(source, name) is None and name not in source.unknown:
            out.append(_error(checked, (), "S002",
                              f"missing '{name}': give it, or say under 'unknown:' why the "
                              "source does not give it"))
    if source.title_supplied and "title" not in source.unknown:
        out.append(_error(checked, ("title_supplied",), "S002",
                          "a supplied title needs a word under 'unknown: {title: ...}' on why "
                          "the original has none", key=True))


def _alias_key(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def _names(entity: Record) -> Iterator[tuple[tuple, str]]:
    yield ("name",), entity.name
    for i, alias in enumerate(entity.aliases):
        yield ("aliases", i), alias


def _check_aliases(checks: Checks) -> None:
    for kind in ("weapon", "actor", "place"):
        owner: dict[str, str] = {}
        looks: dict[str, tuple[str, str]] = {}  # skeleton -> the first (record id, name) with it
        for record_id, checked in sorted(checks.by_kind.get(kind, {}).items()):
            for path, text in _names(checked.model):
                _check_mixed_script(checked, path, text, checks.diagnostics)
                other = owner.setdefault(_alias_key(text), record_id)
                if other != record_id:
                    checks.diagnostics.append(_error(
                        checked, path, "R003",
                        f"'{text}' also names {kind} '{other}': a name or alias must lead to one {kind}"
                        + (" (a name the sources use for several variants belongs on a family record, which "
                           "the variants name in variant_of)" if kind == "weapon" else "")))
                    continue
                first = looks.setdefault(unicode_rules.skeleton(text), (record_id, text))
                if first[0] != record_id:
                    checks.diagnostics.append(_error(
                        checked, path, "R003",
                        f"'{text}' ({_scripts(text)}) looks like '{first[1]}' ({_scripts(first[1])}), "
                        f"which names {kind} '{first[0]}': a name or alias must lead to one {kind}"))


def _scripts(text: str) -> str:
    return " and ".join(unicode_rules.scripts(text)) or "no letters"


def _check_mixed_script(checked: CheckedRecord, path: tuple, text: str, out: list[Diagnostic]) -> None:
    mixed = unicode_rules.mixed_script(text)
    if mixed:
        word, scripts = mixed
        out.append(_error(checked, path, "R005",
                          f"'{word}' mixes {' and '.join(s.title() for s in scripts)} letters that look "
                          "alike: write the word in one script"))


def _check_snapshots(checks: Checks, content: Content, reuse: Reuse | None) -> dict[str, quotes.Normalised]:
    normalised: dict[str, quotes.Normalised] = {}
    sources = checks.by_kind.get("source", {})
    for source_id, checked in sorted(sources.items()):
        snap = content.snapshots.get(source_id)
        if snap is None:
            # A snapshot that exists but could not be read (too large) is reported as such already.
            if not (content.root / "sources" / f"{source_id}.txt").is_file():
                checks.diagnostics.append(_error(checked, (), "Q003",
                                                 f"snapshot sources/{source_id}.txt is missing"))
            continue
        digest = hashlib.sha256(snap.data).hexdigest()
        if digest != checked.model.sha256:
            checks.diagnostics.append(_error(
                checked, ("sha256",), "Q002",
                f"{snap.path} has sha256 {digest}; the record says {checked.model.sha256}: "
                "the snapshot changed since it was recorded"))
            continue
        try:
            checks.snapshot_texts[source_id] = snap.data.decode("utf-8")
            normalised[source_id] = _normalised(digest, checks.snapshot_texts[source_id], reuse)
        except UnicodeDecodeError as exc:
            line = snap.data[: exc.start].count(b"\n") + 1
            checks.diagnostics.append(Diagnostic(snap.path, line, 1, "Y001",
                                                 "invalid UTF-8: snapshots are stored as UTF-8 text"))
    for source_id, snap in sorted(content.snapshots.items()):
        if content.ids.get(source_id) != "source":
            checks.diagnostics.append(Diagnostic(snap.path, 1, 1, "Q003",
                                                 f"snapshot without a source record sources/{source_id}.yaml"))
    return normalised


def _normalised(digest: str, text: str, reuse: Reuse | None) -> quotes.Normalised:
    """The snapshot's normalised text; under live preview, kept by digest from the last build."""
    if reuse is None:
        return quotes.normalise(text)
    if digest not in reuse.normalised:
        reuse.normalised[digest] = quotes.normalise(text)
    return reuse.normalised[digest]


def _misses(checked: CheckedRecord, snapshots: dict[str, quotes.Normalised]) -> tuple[quotes.Miss | None, ...]:
    """quotes.find for each citation of the claim; found again only when the claim or a snapshot
    it cites is not the one of the last check (live preview keeps both, load.Reuse)."""
    cited = tuple(snapshots.get(c.source) for c in checked.model.citations)
    done = checked.raw.__dict__.get("_misses")
    if done is None or done[0] is not checked.model or len(done[1]) != len(cited) or \
            any(a is not b for a, b in zip(done[1], cited)):
        misses = tuple(quotes.find(c.quote, s) if s is not None else None
                       for c, s in zip(checked.model.citations, cited))
        done = checked.raw.__dict__["_misses"] = (checked.model, cited, misses)
    return done[2]


def _check_quotes(checks: Checks, snapshots: dict[str, quotes.Normalised]) -> None:
    for checked in checks.by_kind.get("claim", {}).values():
        misses = _misses(checked, snapshots)
        for i, citation in enumerate(checked.model.citations):
            snapshot = snapshots.get(citation.source)
            if snapshot is None:
                continue  # the missing source or snapshot is reported already
            checks.quotes_checked += 1
            miss = misses[i]
            if miss:
                frag = "" if miss.fragment == quotes.normalise(citation.quote).text else (
                    f" (the fragment \"{miss.fragment[:80]}\")")
                hint = (f"closest passage (line {miss.line}): \"{miss.closest}\"" if miss.closest else
                        "no passage of the snapshot shares a run of its words")
                checks.diagnostics.append(_error(
                    checked, ("citations", i, "quote"), "Q001",
                    f"quote{frag} not found in sources/{citation.source}.txt; {hint}"))


def validate(content: Content, reuse: Reuse | None = None) -> Checks:
    """Check every record of `content`; the diagnostics include the loader's. `reuse`: live preview's
    snapshots normalised at the last build (load.Reuse), kept for the snapshots still there."""
    checks = Checks(diagnostics=list(content.diagnostics))
    everything: list[CheckedRecord] = []
    for raw in content.records:
        checked = check_record(raw, checks.diagnostics)
        if checked is None:
            continue
        if isinstance(checked.model, Report):
            checks.report = checked
        else:
            checks.by_kind.setdefault(checked.kind, {})[checked.id] = checked
        everything.append(checked)
        if isinstance(checked.model, Claim):
            _check_claim(checked, checks.diagnostics)
        elif isinstance(checked.model, Source):
            _check_source(checked, checks.diagnostics)
        elif isinstance(checked.model, Weapon):
            _check_weapon(checked, checks.diagnostics)
    references = suggest.References(_entries(checks, content.ids))
    _check_references(checks, everything, content.ids, references)
    checks.diagnostics = [d.suggested(references) if isinstance(d, _NotAnId) else d for d in checks.diagnostics]
    _check_translations(checks)
    _check_aliases(checks)
    snapshots = _check_snapshots(checks, content, reuse)
    if reuse is not None:
        kept = {checks.by_kind["source"][s].model.sha256 for s in snapshots}
        reuse.normalised = {d: n for d, n in reuse.normalised.items() if d in kept}
    _check_quotes(checks, snapshots)
    checks.diagnostics.sort(key=lambda d: (d.path, d.line, d.col, d.code))
    return checks


