"""A saved article (HTML or text) -> a source record and its snapshot.

For HTML, trafilatura extracts the article's text (the snapshot) and its
metadata; the publication date and time are read from the page's own
metadata at the precision it gives, never converted to another zone. For
text, the snapshot is the file's bytes as they are, the title its first line,
and the dates those a "Published:" / "Updated:" label gives.

What cannot be determined is left visibly for the author: the record is
written with a commented line marked TODO for each such field, so that the
check fails until the author fills it (the reliability grade is always the
author's to give) or explains it under `unknown:` (url, published). Nothing
here writes files: `verbs/ingest.py` does, and never over an existing record.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ..load import check_id
from ..mentions import name_key
from ..model import ID_MAX
from .yamlwrite import Note, dump, modeline

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_ISO_RE = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?(?:\.\d+)?(?P<z>Z|[+-]\d{2}:?\d{2})?)?")
_DMY_RE = re.compile(
    r"(?P<d>\d{1,2})\s+(?P<mon>[A-Za-z]{3})[a-z]*\.?,?\s+(?P<y>\d{4})(?:,?\s+(?P<H>\d{1,2}):(?P<M>\d{2}))?")
_MDY_RE = re.compile(
    r"(?P<mon>[A-Za-z]{3})[a-z]*\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})(?:,?\s+(?P<H>\d{1,2}):(?P<M>\d{2}))?")
_HEADLINE_MAX = 200  # a longer first line is a paragraph, not a headline
_BYLINE_LINES = 4  # an outlet named in the last lines of a text signs it (byline, copyright)
_PUBLISHED_META = ("article:published_time", "og:published_time", "datepublished", "pubdate",
                   "publishdate", "publish-date", "dc.date.issued", "dc.date", "date",
                   "parsely-pub-date", "sailthru.date")
_UPDATED_META = ("article:modified_time", "og:updated_time", "datemodified", "dc.date.modified")


@dataclass
class Article:
    """What one saved article gives: its text and the metadata found in it."""

    snapshot: bytes
    source_name: str  # the file it came from, for the record's header
    is_html: bool
    title: str | None = None
    title_from_first_line: bool = False
    sitename: str | None = None
    authors: list[str] = field(default_factory=list)
    url: str | None = None
    language: str | None = None
    language_guessed: str | None = None  # why, where the language was read from the letters, not given
    published: str | None = None  # EDTF, at the precision the article gives
    updated: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.snapshot).hexdigest()


class IngestError(Exception):
    """The file cannot be made into a source (not UTF-8, no text found)."""


# -- reading -------------------------------------------------------------------


def looks_like_html(name: str, data: bytes) -> bool:
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def read_article(name: str, data: bytes) -> Article:
    """The article in `data` (the bytes of the file called `name`)."""
    if looks_like_html(name, data):
        return _from_html(name, data)
    return _from_text(name, data)


def _from_text(name: str, data: bytes) -> Article:
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise IngestError(f"{name} is not UTF-8 text (byte {exc.start}): save it as UTF-8") from None
    if not text.strip():
        raise IngestError(f"{name} holds no text")
    first = next(line.strip() for line in text.splitlines() if line.strip())
    headline = first if len(first) <= _HEADLINE_MAX and not first.endswith(".") else None
    language, why = guess_language(text)
    return Article(data, name, False, title=headline, title_from_first_line=headline is not None,
                   language=language, language_guessed=why,
                   published=_labelled_date(text, "Published"), updated=_labelled_date(text, "Updated"))


def _from_html(name: str, data: bytes) -> Article:
    import trafilatura  # imported here: only ingest pays for it

    document = trafilatura.bare_extraction(
        data, with_metadata=True, include_comments=False, include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True,
                                "outputformat": "%Y-%m-%d"})
    if document is None or not (document.text or "").strip():
        raise IngestError(f"no article text found in {name}")
    text = _tidy(document.text)
    meta = _page_metadata(data)
    published = _meta_date(meta, _PUBLISHED_META) or _labelled_date(text, "Published") or _day(document.date)
    given = _language(meta.get("html-lang") or document.language)
    guessed, why = guess_language(text)
    updated = _meta_date(meta, _UPDATED_META) or _labelled_date(text, "Updated")
    return Article(
        snapshot=text.encode("utf-8"), source_name=name, is_html=True,
        title=_clean(document.title), sitename=_clean(document.sitename),
        authors=[a for a in (_clean(x) for x in (document.author or "").split(";")) if a],
        url=_http_url(document.url), language=given or guessed, language_guessed=None if given else why,
        published=published, updated=updated if updated != published else None,
    )


def _tidy(text: str) -> str:
    lines = [unicodedata.normalize("NFC", line).rstrip() for line in text.splitlines()]
    return "\n".join(lines).strip("\n") + "\n"


def _clean(value: Any) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None


def _http_url(url: str | None) -> str | None:
    from urllib.parse import urlsplit

    if not url:
        return None
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.hostname and not any(
        c.isspace() for c in url) else None


# Letters that tell one language of a script from the others that share it.
_UKRAINIAN, _RUSSIAN = set("іїєґІЇЄҐ"), set("ыэъёЫЭЪЁ")


def guess_language(text: str) -> tuple[str | None, str | None]:
    """The language a text's letters show, and why; (None, None) where they do not tell.

    Only what the script shows: Hangul is Korean, kana Japanese, Han alone Chinese, Cyrillic with
    і, ї, є or ґ Ukrainian and with ы, э, ъ or ё Russian. Latin letters tell no language here: the
    record keeps its TODO."""
    counts: dict[str, int] = {}
    for ch in text[:200_000]:
        if ch.isalpha():
            script = unicodedata.name(ch, "").split(" ")[0]
            counts[script] = counts.get(script, 0) + 1
    letters = sum(counts.values())
    if not letters:
        return None, None
    kana = counts.pop("HIRAGANA", 0) + counts.pop("KATAKANA", 0)
    counts["CJK"] = counts.get("CJK", 0) + kana  # kanji and kana are one writing system
    top, n = max(counts.items(), key=lambda kv: kv[1])
    if n < letters / 2:
        return None, None
    if top == "HANGUL":
        return "ko", "its letters are Hangul"
    if top == "CJK":
        return ("ja", "its letters are Japanese kana and kanji") if kana else \
            ("zh", "its letters are Chinese characters without kana")
    if top == "CYRILLIC":
        uk = sum(text.count(c) for c in _UKRAINIAN)
        ru = sum(text.count(c) for c in _RUSSIAN)
        if uk > ru:
            return "uk", "its letters are Cyrillic with і, ї, є or ґ, which Russian does not use"
        if ru > uk:
            return "ru", "its letters are Cyrillic with ы, э, ъ or ё, which Ukrainian does not use"
    return None, None


def _language(value: str | None) -> str | None:
    if not value:
        return None
    primary = value.strip().split("-")[0].split("_")[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def _page_metadata(data: bytes) -> dict[str, str]:
    """Lowercased meta names -> content; JSON-LD dates; <time datetime>; the html lang."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(data)
    except Exception:  # noqa: BLE001 - a page lxml cannot read has no metadata to give
        return {}
    meta: dict[str, str] = {}
    lang = tree.get("lang") if tree.tag == "html" else None
    if lang:
        meta["html-lang"] = lang
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        if key and el.get("content") and key not in meta:
            meta[key] = el.get("content").strip()
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json":
            for key, value in _json_ld_dates(script.text_content()):
                meta.setdefault(key, value)
    for el in tree.iter("time"):
        if el.get("datetime") and (el.get("itemprop") or "").lower() == "datepublished":
            meta.setdefault("datepublished", el.get("datetime"))
    return meta


def _json_ld_dates(text: str) -> list[tuple[str, str]]:
    try:
        data = json.loads(text)
    except ValueError:
        return []
    found = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            for key in ("datePublished", "dateModified"):
                if isinstance(item.get(key), str):
                    found.append((key.lower(), item[key]))
            stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
    return found


# -- dates ---------------------------------------------------------------------


def iso_to_edtf(text: str) -> str | None:
    """An ISO 8601 date or date-time -> EDTF at the same precision and zone."""
    m = _ISO_RE.fullmatch(text.strip())
    if not m:
        return None
    out = f"{m['y']}-{m['m']}-{m['d']}"
    if m["H"]:
        out += f"T{m['H']}:{m['M']}:{m['S'] or '00'}"
        zone = m["z"]
        if zone and zone != "Z" and ":" not in zone:
            zone = zone[:3] + ":" + zone[3:]
        out += zone or ""
    return out if _real(out) else None


def _real(edtf: str) -> bool:
    from ..model import real_date

    return real_date(edtf)


def _meta_date(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if key in meta:
            value = iso_to_edtf(meta[key])
            if value:
                return value
    return None


def _day(value: str | None) -> str | None:
    return iso_to_edtf(value) if value else None


def _labelled_date(text: str, label: str) -> str | None:
    """The date after 'Published:' (or another label): 12 Jul. 2025, 10:35 -> 2025-07-12T10:35:00."""
    m = re.search(rf"\b{label}\s*:?\s*(.{{6,40}})", text, re.IGNORECASE)
    if not m:
        return None
    after = m.group(1)
    iso = _ISO_RE.match(after)
    if iso:
        return iso_to_edtf(iso.group())
    for pattern in (_DMY_RE, _MDY_RE):
        d = pattern.match(after)
        if d and d["mon"][:3].lower() in _MONTHS:
            out = f"{int(d['y']):04d}-{_MONTHS[d['mon'][:3].lower()]:02d}-{int(d['d']):02d}"
            if d["H"]:
                out += f"T{int(d['H']):02d}:{d['M']}:00"
            return out if _real(out) else None
    return None


# -- ids -----------------------------------------------------------------------


def slug(text: str, limit: int = ID_MAX) -> str:
    """A valid id from a headline: ascii, lowercase, hyphens, cut at a word."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    if not out and words:
        out = words[0][:limit]
    return out if out and check_id(out) is None else ""


# -- the record ----------------------------------------------------------------


def publisher_id(sitename: str | None, actors: dict[str, Any]) -> str | None:
    """The actor whose name or alias is the outlet's name (spaces, hyphens, case aside)."""
    if not sitename:
        return None
    key = name_key(sitename)
    for actor_id, actor in sorted(actors.items()):
        if any(name_key(n) == key for n in (actor.name, *actor.aliases)):
            return actor_id
    return None


def outlet_in_byline(text: str, actors: dict[str, Any]) -> str | None:
    """A media outlet named in the last lines of the text (a byline, a copyright line)."""
    from ..mentions import Matcher

    outlets = [("actor", i, [a.name, *a.aliases]) for i, a in sorted(actors.items()) if a.kind == "media-outlet"]
    tail = "\n".join([line for line in text.splitlines() if line.strip()][-_BYLINE_LINES:])
    found = Matcher(outlets).ids(tail, "actor")
    return found[-1] if found else None


def _todo(comment: str) -> Note:
    return Note(None, "TODO: " + comment, commented=True)


def source_fields(article: Article, actors: dict[str, Any]) -> dict[str, Any]:
    """The source record's fields, with a commented TODO for each one not found."""
    publisher = publisher_id(article.sitename, actors)
    outlet = f'the outlet "{article.sitename}"' if article.sitename else "the outlet"
    unknown: dict[str, str] = {}
    fields: dict[str, Any] = {"kind": Note("article", "TODO: check: article, interview, official-statement, "
                                                      "social-media, video or report")}
    if article.title:
        fields["title"] = Note(article.title, "TODO: check: the file's first line" if
                               article.title_from_first_line else "")
    else:
        fields["title"] = _todo("the article's headline; if it has none, write a descriptive one, "
                                "set title_supplied: true and say why under unknown:")
    signed = None if publisher else outlet_in_byline(article.snapshot.decode("utf-8", "replace"), actors)
    if publisher:
        fields["publisher"] = Note(publisher, f'the actor named "{article.sitename}"')
    elif signed:
        fields["publisher"] = Note(signed, "TODO: check: the outlet named in the article's last lines")
    else:
        hint = f" (no actor is named so: python -m generator new actor {slug(article.sitename)})" \
            if article.sitename and slug(article.sitename) else ""
        fields["publisher"] = _todo(f"the actor id of {outlet}{hint}")
    if article.authors:
        fields["authors"] = article.authors
    else:
        fields["authors"] = _todo('the authors, as a list ["..."], or say why under unknown:')
        unknown["authors"] = "The captured text names no author."
    if article.url:
        fields["url"] = article.url
    else:
        fields["url"] = _todo("the article's web address, or say why under unknown:")
        unknown["url"] = "The captured text gives no web address."
    if article.language_guessed:
        fields["language"] = Note(article.language, f"TODO: check: guessed because {article.language_guessed}")
    else:
        fields["language"] = article.language or Note("en", "TODO: check: the article's language")
    if article.published:
        fields["published"] = Note(article.published, "as the article gives it: check the time zone"
                                   if "T" in article.published else "")
    else:
        fields["published"] = _todo("when it appeared (2025-07-12, 2025-07-12T10:35:00+09:00), "
                                    "or say why under unknown:")
        unknown["published"] = "The captured text states no publication date."
    if article.updated:
        fields["updated"] = article.updated
    fields["accessed"] = _todo("when the article was read (2025-07-12), or say why under unknown:")
    unknown["accessed"] = "The captured text does not say when it was captured."
    fields["archive_url"] = _todo("a web-archive copy, or say why under unknown:")
    unknown["archive_url"] = "No web-archive copy is known."
    fields["sha256"] = Note(article.sha256, "of the snapshot, as ingested")
    fields["reliability"] = _todo("grade the source: A completely reliable, B usually reliable, "
                                  "C fairly reliable, D not usually reliable, E unreliable, F cannot be judged")
    fields["reliability_note"] = Note(None, "optional: why this grade", commented=True)
    fields["unknown"] = Note(unknown, "TODO: keep the lines that are true (each says why a field "
                                      "is missing), delete the others", commented=True)
    return fields


def source_record(article: Article, source_id: str, actors: dict[str, Any]) -> str:
    """The text of content/sources/<source_id>.yaml for `article`."""
    kind = "HTML page" if article.is_html else "text file"
    header = (
        f"# Ingested from the {kind} {article.source_name} by `python -m generator ingest`;\n"
        f"# the snapshot is sources/{source_id}.txt. Check every field against the article.\n"
        "# The check fails until every line marked TODO is dealt with: give the field, or\n"
        "# (url, published, authors, accessed, archive_url) say under unknown: why it is missing.\n"
    )
    return modeline("source") + header + dump(source_fields(article, actors))
