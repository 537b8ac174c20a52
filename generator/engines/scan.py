"""The safety scan of a built site: what a page may run, and where it may load from.

Record text is escaped before it reaches a page (render.py), so none of this
should ever be found; the scan is the check that it holds, run on every build
(beside it, a page as it is written: scanpool.py) before the site is swapped in
(verbs/site.py), and by the tests. It reads every
HTML page of the site, Pagefind's search index (the addresses its results link
to) and the stylesheets, and reports:

- a <script> that is not the theme's: Material's bundle and the inline scripts
  of its templates and of overrides/, its configuration (JSON), a page's
  ClaimReview (JSON-LD), and Pagefind's own scripts in the site's pagefind/
  folder (a script of that name anywhere else is a finding);
- an event-handler attribute (on...);
- a javascript:, vbscript: or data: address in an attribute that holds one;
- a resource loaded from outside the site (an address with a scheme or a
  host): scripts, stylesheets, icons, images, media, frames, objects, form
  targets, CSS url() and @import. Links (<a href>, rel=canonical) may point
  anywhere: footnotes link to their sources;
- elements that embed or redirect (iframe, frame, object, embed, applet, base,
  meta refresh), which the site never has.

Only the standard library is used; the theme's inline scripts are read from
the installed Material templates and from overrides/, so the scan follows the
pinned theme.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from posixpath import normpath
from urllib.parse import unquote, urlsplit

from .pagefind import FRAGMENT_SIGNATURE, INDEX_DIR, present
from .pagefind import SCRIPTS as PAGEFIND_SCRIPTS

OVERRIDES = Path(__file__).resolve().parents[2] / "overrides"  # mkdocs.yml's custom_dir
MAX_FINDINGS = 200  # a broken escaper would find the same thing on every page: enough to see it
PARALLEL_FROM = 500  # pages; below, starting worker processes costs more than it saves


@dataclass(frozen=True)
class Finding:
    path: str  # below the site folder, with /
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


# Attributes whose value is an address (srcset: a list of them).
URL_ATTRS = frozenset({
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite",
    "longdesc", "manifest", "ping", "profile", "codebase", "archive", "usemap", "icon", "lowsrc",
    "dynsrc", "srcset", "imagesrcset", "itemtype",
})
# Where an element loads what its attribute names (an <a href> is followed, not loaded).
LOADS = {
    "script": ("src",), "img": ("src", "srcset", "lowsrc", "dynsrc"), "iframe": ("src",), "frame": ("src",),
    "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
    "object": ("data", "codebase", "archive"), "embed": ("src",), "form": ("action",),
    "button": ("formaction",), "input": ("src", "formaction"), "image": ("href", "xlink:href", "src"),
    "use": ("href", "xlink:href"), "feimage": ("href", "xlink:href"), "body": ("background",),
    "table": ("background",), "td": ("background",), "a": ("ping",), "area": ("ping",),
    "html": ("manifest",), "applet": ("code", "codebase", "archive"),
}
# <link rel=...> that only name another address; every other rel (stylesheet, icon,
# preload, prefetch, preconnect, manifest, ...) makes the browser fetch it.
LINK_NAMES_ONLY = frozenset({"canonical", "alternate", "author", "license", "help", "next", "prev",
                             "bookmark", "me", "search", "tag", "external", "nofollow", "noopener",
                             "noreferrer", "first", "last", "up", "index"})
NEVER = {"iframe": "embeds another document", "frame": "embeds another document",
         "frameset": "embeds other documents", "object": "embeds an object", "embed": "embeds an object",
         "applet": "embeds an applet", "base": "changes where every relative link points",
         "portal": "embeds another document"}
SVG_ANIMATION = frozenset({"animate", "set", "animatemotion", "animatetransform"})
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
_PAGEFIND = frozenset(f"{INDEX_DIR}/{name}" for name in PAGEFIND_SCRIPTS)  # below the site's root, nowhere else
_STRIP = re.compile(r"[\x00-\x20\x7f]+")  # browsers drop these anywhere in a scheme
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"]*))\s*\)|@import\s*(?:"([^"]*)"|'([^']*)')""",
                      re.IGNORECASE)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def scan_site(site: Path) -> list[Finding]:
    """Every finding in the site folder: its HTML pages, its search index and its stylesheets."""
    site = Path(site)
    pages = sorted(site.rglob("*.html"))
    findings: list[Finding] = []
    for found in scan_pages(site, pages):
        findings += found
        if len(findings) >= MAX_FINDINGS:
            return findings
    return findings + scan_assets(site)


def scan_assets(site: Path) -> list[Finding]:
    """The findings in what the site has besides its pages: the search index and the stylesheets."""
    findings: list[Finding] = []
    for path in sorted(p for bundle in present(site) for p in (site / bundle / "fragment").glob("*.pf_fragment")):
        findings += scan_search_fragment(path.read_bytes(), path.relative_to(site).as_posix())
    for path in sorted(site.rglob("*.css")):
        rel = path.relative_to(site).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        findings += [Finding(rel, reason) for reason in _css_problems(text, "the stylesheet", inline=False)]
    return findings


def scan_pages(site: Path, pages: list[Path]):
    """Each page's findings, in order; a large site on every core (a page takes ~2 ms)."""
    workers = min(os.cpu_count() or 1, 8)
    if len(pages) < PARALLEL_FROM or workers < 2:
        yield from (_scan_file(site, page) for page in pages)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers) as pool:
        yield from pool.map(_scan_file, [site] * len(pages), pages, chunksize=64)


def _scan_file(site: Path, path: Path) -> list[Finding]:
    return scan_page(path.read_text(encoding="utf-8", errors="replace"), path.relative_to(site).as_posix(), site)


def scan_page(html: str, rel: str, site: Path | None = None, theme: tuple[re.Pattern, ...] | None = None
              ) -> list[Finding]:
    """The findings of one page; `rel` is its path below the site, `site` the folder (to check that a
    script's file is the theme's and exists)."""
    scanner = _Scanner(rel, site, theme_scripts() if theme is None else theme)
    scanner.run(html)
    return scanner.findings


def scan_page_before_site(html: str, rel: str) -> tuple[list[Finding], list[tuple[str, str]] | None]:
    """A page scanned while its site is still being written (scanpool.py): its findings, and the
    script files it names as (src, path below the site), whose existence is checked once the site
    is finished; None instead of that list where only the finished site can tell (a site-absolute
    script address): then the page is scanned again from the finished site."""
    scanner = _Scanner(rel, None, theme_scripts(), deferred=[])
    scanner.run(html)
    return scanner.findings, scanner.deferred


def missing_script(src: str) -> str:
    return f"a <script src={src[:80]!r}> whose file is not in the site"


def scan_search_fragment(data: bytes, rel: str) -> list[Finding]:
    """One page's entry in Pagefind's index (gzipped JSON after a signature). Pagefind's UI shows
    its title as text and its excerpt with '<' and '>' escaped; what it uses as addresses, the
    result's link (`url`, or `meta.url` where a page sets one) and image (`meta.image`), must stay
    in the site."""
    try:
        raw = gzip.decompress(data)
        entry = json.loads(raw[len(FRAGMENT_SIGNATURE):].decode("utf-8")) \
            if raw.startswith(FRAGMENT_SIGNATURE) else None
    except (OSError, EOFError, zlib.error, ValueError) as e:
        return [Finding(rel, f"is not a Pagefind fragment ({e})")]
    if not isinstance(entry, dict):
        return [Finding(rel, "is not a Pagefind fragment")]
    meta = entry.get("meta") if isinstance(entry.get("meta"), dict) else {}
    findings = []
    for what, url in (("url", entry.get("url")), ("meta.url", meta.get("url")), ("meta.image", meta.get("image"))):
        if url is None and what != "url":
            continue
        if not isinstance(url, str) or is_outside(url) or bad_scheme(url) or (what != "meta.image" and url[:1] != "/"):
            findings.append(Finding(rel, f"the search result's {what} {str(url)[:80]!r} is not an address in the site"))
    return findings


@lru_cache(maxsize=1)
def theme_scripts() -> tuple[re.Pattern, ...]:
    """The inline scripts of the installed Material theme's templates and of overrides/ (which starts
    Pagefind's UI), each as a pattern in which the template's expressions (the site's base address)
    match a relative or site-absolute path."""
    folders = [OVERRIDES / "partials" / "javascripts"]
    try:
        import material
    except ImportError:  # no theme: every inline script but those of overrides/ is a finding
        pass
    else:
        folders.insert(0, Path(material.__file__).resolve().parent / "templates" / "partials" / "javascripts")
    return script_patterns(folders)


def script_patterns(folders: list[Path]) -> tuple[re.Pattern, ...]:
    """Each inline script of the templates in `folders` as a pattern, its template expressions (the
    site's base address) matching a relative or site-absolute path: any engine's theme."""
    patterns = []
    for template in sorted(t for folder in folders for t in folder.glob("*.html")):
        for body in re.findall(r"<script>(.*?)</script>", template.read_text(encoding="utf-8"), re.DOTALL):
            parts = re.split(r"\{\{.*?\}\}", body)
            patterns.append(re.compile("".join(
                re.escape(p) + ("" if i == len(parts) - 1 else r"[A-Za-z0-9./_~%-]*") for i, p in enumerate(parts))))
    return tuple(patterns)


def bad_scheme(value: str) -> str | None:
    """'javascript:', 'vbscript:' or 'data:' where the address starts with one, as a browser reads it."""
    squeezed = _STRIP.sub("", value).lower()
    return next((s for s in BAD_SCHEMES if squeezed.startswith(s)), None)


def is_outside(value: str) -> bool:
    """An address with a host or a scheme: fetched from somewhere other than the site itself.
    (javascript:, vbscript: and data: fetch nothing; the page's check of its addresses reports them.)"""
    value = _STRIP.sub("", value).replace("\\", "/")
    if value.startswith("//"):
        return True
    try:
        parts = urlsplit(value)
    except ValueError:
        return True  # a browser may still read a host into it
    return bool(parts.netloc) or (bool(parts.scheme) and parts.scheme.lower() not in ("javascript", "vbscript", "data"))


def _srcset(value: str) -> list[str]:
    return [c.split()[0] for c in value.split(",") if c.split()]


def _css_text(text: str) -> str:
    """CSS with comments dropped and escapes decoded, as the browser reads its addresses."""
    def unescape(m: re.Match) -> str:
        if m.group(1):
            code = int(m.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
        return m.group(2)
    return _CSS_ESCAPE.sub(unescape, _CSS_COMMENT.sub("", text))


def _css_problems(text: str, where: str, *, inline: bool) -> list[str]:
    css = _css_text(text)
    out = []
    for m in _CSS_URL.finditer(css):
        url = next(g for g in m.groups() if g is not None)
        if is_outside(url):
            out.append(f"{where} loads {url[:80]!r} from outside the site")
        elif inline and bad_scheme(url):
            out.append(f"{where} holds a {bad_scheme(url)} address")
    lowered = _STRIP.sub("", css).lower()
    if inline and ("expression(" in lowered or "-moz-binding" in lowered or "behavior:" in lowered):
        out.append(f"{where} holds script (expression, binding or behavior)")
    if re.search(r"@import(?!\s*(?:url\(|[\"']))", css, re.IGNORECASE):
        out.append(f"{where} has an @import this scan cannot read")
    return out


# -- markup that cannot hold a finding, read at the speed of a regular expression --------------
#
# Most of a page is plain markup: lists of links, tables, the charts' SVG (a weapon page at 10,000
# claims carries a few hundred kilobytes of it). html.parser reads each of its tags in Python; a run
# of tags and text that this grammar accepts is skipped in one step, where the parser is between
# elements (in parse_starttag and parse_endtag, which it calls only there, never inside a <script>
# or a <style>). Every tag of the run is one this scan has nothing to say about, with only
# attributes it has nothing to say about: no script, style, embedding or loading element, no
# event handler, no style attribute but the charts' own, no address but a relative one that holds
# neither ':' nor '&' (no scheme, not even an encoded one), one that starts http(s): or mailto: (a
# link may point anywhere: footnotes link to their sources) or one that starts with '#' (a fragment
# has no scheme: a footnote's #fn:1). Text has no '<'. Anything else,
# quoted otherwise, a comment, an entity in an address, ends the run: the parser reads it as
# before. So the findings are those of the parser alone (tests/whole/test_hardening.py plants each
# kind of finding inside a chart to check it).
_PLAIN_TAG = (r"(?:a|abbr|article|aside|b|blockquote|body|br|button|caption|circle|code|dd|del|desc|details|div|dl|dt"
              r"|ellipse|em|figcaption|figure|footer|form|g|h[1-6]|header|hr|html|i|input|ins|kbd|label|li|line|main"
              r"|mark|nav|ol|p|path|polygon|polyline|q|rect|s|samp|section|small|span|strong|sub|summary|sup|svg"
              r"|table|tbody|td|text|tfoot|th|thead|time|title|tr|tspan|u|ul)(?=[\s/>])")
_PLAIN_NAME = (r"(?:class|id|title|lang|dir|role|hidden|tabindex|for|type|name|placeholder|autocomplete|autocorrect"
               r"|autocapitalize|spellcheck|required|checked|open|colspan|rowspan|scope|datetime|aria-[a-z]+"
               r"|data-[a-z0-9][a-z0-9-]*|width|height|viewbox|xmlns|d|cx|cy|r|rx|ry|x|y|x1|y1|x2|y2|points|fill"
               r"|fill-opacity|fill-rule|stroke|stroke-width|stroke-dasharray|stroke-opacity|stroke-linejoin"
               r"|stroke-linecap|font-family|font-size|font-weight|text-anchor|transform|opacity|rel|target)")
_PLAIN_ATTR = (r'(?:(?i:' + _PLAIN_NAME + r')(?:="[^"<>]*")?(?=[\s/>])'
               r'|href="(?:(?:https?://|mailto:|#)[^"<>\s\\\x00-\x1f\x7f]*|[^"<>&:\s\\\x00-\x1f\x7f]*)"'
               r'|style="max-width: 100%; height: auto")')
_PLAIN_START = r"<(?i:" + _PLAIN_TAG + r")(?:[ \t\n]+" + _PLAIN_ATTR + r")*[ \t\n]*/?>"
_PLAIN_END = r"</(?i:" + _PLAIN_TAG[:-len(r"(?=[\s/>])")] + r")>"
_PLAIN_RUN = re.compile(f"(?:{_PLAIN_START}|{_PLAIN_END})(?:{_PLAIN_START}|{_PLAIN_END}|[^<]+)*+")  # possessive: no state kept to go back


class _Scanner(HTMLParser):
    def __init__(self, rel: str, site: Path | None, theme: tuple[re.Pattern, ...],
                 deferred: list[tuple[str, str]] | None = None):
        super().__init__(convert_charrefs=True)
        self.rel = rel
        self.site = site
        self.theme = theme
        self.deferred = deferred  # a list: script files are not looked for yet (scan_page_before_site)
        self.findings: list[Finding] = []
        self._script: tuple[dict, list[str]] | None = None  # the open <script>'s attributes and text
        self._style: list[str] | None = None

    def run(self, html: str) -> None:
        self.feed(html)
        self.close()
        if self.rawdata:  # html.parser keeps the text of a <script> or <style> that never ends
            self.handle_data(self.rawdata)
            self.rawdata = ""
        if self._script is not None:  # never closed: the rest of the page was its text
            self._end_script()
        if self._style is not None:
            self.handle_endtag("style")

    def parse_starttag(self, i: int) -> int:
        return self._plain(i) or super().parse_starttag(i)

    def parse_endtag(self, i: int) -> int:
        return self._plain(i) or super().parse_endtag(i)

    def _plain(self, i: int) -> int:
        """Where the run of plain markup at i ends (see _PLAIN_RUN), or 0."""
        if self.cdata_elem is not None or self._script is not None or self._style is not None:
            return 0
        run = _PLAIN_RUN.match(self.rawdata, i)
        return run.end() if run is not None else 0

    def found(self, reason: str) -> None:
        self.findings.append(Finding(self.rel, reason))

    # -- elements ----------------------------------------------------------------

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._end_script()

    def handle_starttag(self, tag, attrs):
        a = {}
        for name, value in attrs:
            a.setdefault(name, value or "")
        self._attributes(tag, attrs)
        if tag in NEVER:
            self.found(f"<{tag}> {NEVER[tag]}; the site has none")
        if tag in SVG_ANIMATION and a.get("attributename", "").strip().lower() in ("href", "xlink:href"):
            self.found(f"<{tag}> changes a link's address")
        if tag == "meta" and a.get("http-equiv", "").strip().lower() == "refresh":
            self.found("<meta http-equiv=refresh> sends the reader elsewhere")
        for name in LOADS.get(tag, ()):
            if name in a:
                for url in (_srcset(a[name]) if name.endswith("srcset") else [a[name]]):
                    if is_outside(url):
                        self.found(f"<{tag} {name}> loads {url[:80]!r} from outside the site")
        if tag == "link" and a.get("href"):
            rels = set(a.get("rel", "").lower().split())
            if rels - LINK_NAMES_ONLY and is_outside(a["href"]):
                self.found(f"<link rel={a.get('rel')!r}> loads {a['href'][:80]!r} from outside the site")
        if tag == "link" and is_outside(a.get("imagesrcset", "")):
            self.found("<link imagesrcset> loads from outside the site")
        if tag == "script":
            self._script = (a, [])
        if tag == "style":
            self._style = []

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self._end_script()
        if tag == "style" and self._style is not None:
            css = "".join(self._style)
            for reason in _css_problems(css, "a <style> element", inline=True):
                self.found(reason)
            if re.search(r"<[A-Za-z!/?]", css):  # inside <svg> or <math>, a browser reads it as elements
                self.found("a <style> element holds markup")
            self._style = None

    # Where the browser and html.parser could disagree on where a comment or a declaration
    # ends, what one of them sees as elements the other may not see at all: reported.
    def handle_comment(self, data):
        if data.startswith((">", "->")) or "--!>" in data or "<!--" in data:
            self.found("a malformed comment, which a browser may end elsewhere")

    def unknown_decl(self, data):
        self.found(f"a <![{data[:20]}...]]> section, which a browser ends at its first '>'")

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)
        if self._style is not None:
            self._style.append(data)

    # -- attributes --------------------------------------------------------------

    def _attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found(f"<{tag}> has the event-handler attribute {name}")
                continue
            if name in URL_ATTRS:
                for url in (_srcset(value) if name.endswith("srcset") else [value]):
                    scheme = bad_scheme(url)
                    if scheme:
                        self.found(f"<{tag} {name}> is a {scheme} address")
            elif tag in SVG_ANIMATION and name in ("to", "from", "values", "by") and bad_scheme(value):
                self.found(f"<{tag} {name}> holds a {bad_scheme(value)} address")
            if name == "style":
                for reason in _css_problems(value, f"<{tag} style>", inline=True):
                    self.found(reason)
            if name == "srcdoc":
                self.found(f"<{tag} srcdoc> embeds a document")

    # -- scripts -----------------------------------------------------------------

    def _end_script(self) -> None:
        attrs, parts = self._script
        self._script = None
        text = "".join(parts)
        kind = attrs.get("type", "").strip().lower()
        if "src" in attrs:
            self._script_file(attrs["src"], text)
        elif kind == "application/ld+json":
            self._json(text, "JSON-LD", lambda d: isinstance(d, dict) and d.get("@type") == "ClaimReview",
                       "is not a ClaimReview")
        elif kind == "application/json" and attrs.get("id") == "__config":
            self._json(text, "the theme's configuration", self._config_ok,
                       "names a search worker outside assets/javascripts/workers/")
        elif kind in ("", "text/javascript", "application/javascript", "module"):
            if not any(p.fullmatch(text) for p in self.theme):
                self.found(f"an inline <script> that is not the theme's: {text.strip()[:60]!r}")
        else:
            self.found(f"a <script type={kind!r}> that is neither JSON-LD nor the theme's")

    def _script_file(self, src: str, text: str) -> None:
        if text.strip():
            self.found("a <script src> with inline text")
        if is_outside(src) or bad_scheme(src):
            return  # reported with the element's addresses
        if self.deferred is not None and unquote(urlsplit(src).path).startswith("/"):
            self.deferred = None  # which file it names depends on the finished site: scan the page then
            return
        target = self._in_site(src)
        if target is None or not (target.startswith("assets/javascripts/") or target in _PAGEFIND):
            self.found(f"a <script src={src[:80]!r}> that is not one of the theme's scripts (assets/javascripts/) "
                       f"or Pagefind's ({INDEX_DIR}/)")
        elif self.deferred is not None:
            self.deferred.append((src, target))
        elif self.site is not None and not (self.site / target).is_file():
            self.found(missing_script(src))

    def _in_site(self, url: str) -> str | None:
        """The path below the site root that a relative or site-absolute address names, or None."""
        path = unquote(urlsplit(url).path)
        if path.startswith("/"):
            # Site-absolute (the 404 page): below the site's base path, which the scan does not know;
            # the longest tail that names a file of the site (or, without the site, starts at assets/).
            parts = normpath(path).lstrip("/").split("/")
            tails = ["/".join(parts[i:]) for i in range(len(parts))]
            if self.site is not None:
                return next((t for t in tails if (self.site / t).is_file()), None)
            return next((t for t in tails if t.startswith("assets/")), None)
        joined = normpath("/".join([*self.rel.split("/")[:-1], path]))
        return None if joined.startswith("..") else joined

    def _json(self, text: str, what: str, ok, problem: str) -> None:
        if "<" in text:
            self.found(f"{what} holds '<', which could end its <script> early")
            return
        try:
            data = json.loads(text)
        except ValueError as e:
            self.found(f"{what} is not JSON ({e})")
            return
        if not ok(data):
            self.found(f"{what} {problem}")

    def _config_ok(self, data) -> bool:
        if not isinstance(data, dict):
            return False
        worker = data.get("search")
        if worker is None:
            return True
        if not isinstance(worker, str) or is_outside(worker) or bad_scheme(worker):
            return False
        target = self._in_site(worker)
        return target is not None and target.startswith("assets/javascripts/workers/")
