"""Helpers for the render, site and browser tests: a richer tiny report, hostile
text, built sites (the real one once per test session) and an HTML inspector."""
from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import http.server
import json
import shutil
import sys
import tempfile
import threading
from html.parser import HTMLParser
from pathlib import Path

from conftest import CONTENT, ROOT, minimal_files, write_content

from generator.pipeline import build
from generator.verbs.site import build_site

# Cases 8, 10 and 11 of bad-input.md in one statement.
HOSTILE = (
    "# Heading !!! danger \"x\" [^1]: forged 1984. year *a*_b_ | {: onclick=\"alert(1)\" } "
    "{{ 7*7 }} {% include 'x' %} <script>alert(1)</script><img src=x onerror=alert(1)> "
    "</title><svg onload=alert(1)> [x](javascript:alert(1)) & &amp; `code` \\*"
)
# Each case alone, as the statement of a claim.
HOSTILE_CASES = (
    "# Heading", '!!! danger "x"', "[^1]: forged", "1984. year", "*a*_b_", "|", "a | b | c",
    "{: onclick=\"alert(1)\" }", "{{ 7*7 }}", "{% include 'x' %}",
    "<script>alert(1)</script><img src=x onerror=alert(1)>", "- item", "> quote", "    code",
    "[link](javascript:alert(1))", "<https://evil.example/>", "***", "Term\n: definition",
    "line one\nline two", "&lt;b&gt; &#60;", "A\\*b\\*", "*[HTML]: Hyper", ":smile:",
    "+ item", "1) item", "= x", "---", "___", "~~~", "```", "<!-- c -->", "[x]: https://evil.example/",
    "Heading ##", "x {#id .cls onclick=alert(1)}", "![img](x.png)", "&copy; &#169;", "2025-07-11. Date",
)
SCRIPTS = {
    "ko": "북한은 막대한 비축량을 보유하고 있다",
    "ru": "У Северной Кореи огромные запасы",
    "he": "לצפון קוריאה יש מאגרים עצומים",
    "ar": "لدى كوريا الشمالية مخزونات ضخمة",
}

SNAPSHOT_B = (
    "Budanov said on Saturday that North Korea supplies about 40 percent of the ammunition.\n"
    "Bloomberg could not independently verify the claims.\n"
    "Some Western officials say a Type-75 launcher was hit near Kupyansk in June.\n"
)


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def rich_files() -> dict[str, str]:
    """The minimal report plus what every page template can show: two sources that differ,
    a vague claimant, an event at month precision, a rated claim, a relation, an undated claim."""
    files = minimal_files()
    files["sources/src-b.txt"] = SNAPSHOT_B
    files["sources/src-b.yaml"] = f"""
        kind: "article"
        title: "Another article"
        publisher: "paper"
        authors: ["A. Writer"]
        url: "https://example.com/b?x=1&y=(2)"
        archive_url: "https://archive.example/b"
        published: "2025-07-13"
        accessed: "2025-07-14"
        sha256: "{hashlib.sha256(SNAPSHOT_B.encode()).hexdigest()}"
        reliability: "C"
        reliability_note: "A regional outlet."
    """
    files["actors/paper.yaml"] = """
        name: "Daily Paper"
        kind: "media-outlet"
    """
    files["claims/forty-percent.yaml"] = """
        statement: "North Korea supplies about 40 percent of Russia's ammunition."
        claimant: "budanov"
        via: [{actor: "outlet", kind: "interview"}]
        made: "2025-07-11"
        weapons: ["type-75"]
        quantities: [{value: 40, unit: "percent", qualifier: "up-to", of: "Russia's ammunition"}]
        status: "corroborated"
        credibility: 2
        assessment: "Two outlets.\\n\\nA second paragraph."
        citations:
          - source: "src-a"
            quote: "North Korea has huge stockpiles"
          - source: "src-b"
            quote: "North Korea supplies about 40 percent of the ammunition"
            made: "2025-07-12"
            quantities: [{value: 40, unit: "percent", qualifier: "about"}]
            note: "Dates the interview to Saturday."
    """
    files["claims/not-verified.yaml"] = """
        statement: "Bloomberg could not independently verify the claims."
        claimant: "paper"
        made: "2025-07-13"
        status: "confirmed"
        credibility: 1
        assessment: "The outlet says so itself."
        citations:
          - source: "src-b"
            quote: "Bloomberg could not independently verify the claims."
        related:
          - claim: "forty-percent"
            relation: "qualifies"
    """
    files["claims/strike.yaml"] = """
        statement: "A Type-75 launcher was hit near Kupyansk in June 2025."
        claimant_vague: "Some Western officials"
        made: "2025-07-13"
        event: {date: "2025-06", places: ["kupiansk"], date_reasoning: "'in June'"}
        weapons: ["type-75"]
        places: ["kupiansk"]
        status: "refuted"
        credibility: 5
        assessment: "Unnamed officials."
        citations:
          - source: "src-b"
            quote: "Some Western officials say a Type-75 launcher was hit near Kupyansk in June."
    """
    files["claims/undated.yaml"] = """
        statement: "North Korean production goes on around the clock."
        claimant: "budanov"
        status: "reported"
        credibility: 3
        assessment: "Undated."
        citations:
          - source: "src-a"
            quote: "production goes on around the clock"
    """
    files["places/kupiansk.yaml"] = """
        name: "Kupiansk"
        aliases: ["Kupyansk"]
        kind: "settlement"
        coordinates: {lat: 49.7106, lon: 37.6156}
    """
    files["places/crater.yaml"] = """
        name: "Crater by the <b>rail</b> yard & \\"depot\\""
        kind: "settlement"
        coordinates: {lat: 49.7, lon: 37.6, precision: "exact", method: "geolocated", reasoning: "The video's rail yard."}
    """
    files["places/front.yaml"] = """
        name: "Front line"
        kind: "front"
    """
    files["pages/methodology.md"] = "# Methodology\n\nHow we work, with *emphasis*.\n"
    return files


def with_statement(files: dict[str, str], statement: str) -> dict[str, str]:
    """`files` with the key finding's statement replaced."""
    claim = files["claims/stockpiles.yaml"].replace(
        'statement: "North Korea has huge stockpiles of ammunition."', "statement: " + _quoted(statement))
    return {**files, "claims/stockpiles.yaml": claim}


def resolved_of(content: Path):
    checked, resolved = build(content)
    assert resolved is not None, "\n".join(map(str, checked.diagnostics()))
    return resolved


def build_fixture(root: Path, files: dict[str, str], *, pdf: bool = False) -> Path:
    """Write `files` under root/content and build its site into root/site; returns the site."""
    content = write_content(root, files)
    build_site(resolved_of(content), content, root / "site", ROOT / "mkdocs.yml", pdf=pdf)
    return root / "site"


def mkdocs_yml() -> dict:
    """mkdocs.yml as MkDocs reads it (with its !ENV tags resolved)."""
    from mkdocs.utils.yaml import yaml_load

    return yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


@functools.cache
def real_site() -> Path:
    """The real content's site, built once per test session (without the PDF: its own tests cover it)."""
    root = Path(tempfile.mkdtemp(prefix="claimsite-real-"))
    atexit.register(shutil.rmtree, root, True)
    resolved = resolved_of(CONTENT)
    build_site(resolved, CONTENT, root / "site", ROOT / "mkdocs.yml", pdf=False)
    return root / "site"


def pages_of(site: Path) -> dict[str, Path]:
    """Every HTML page by its URL path below the site: 'claims/x/' -> file."""
    def url(p: Path) -> str:
        if p.name != "index.html":
            return p.relative_to(site).as_posix()
        folder = p.parent.relative_to(site).as_posix()
        return "" if folder == "." else folder + "/"
    return {url(p): p for p in sorted(site.rglob("*.html"))}


class Html(HTMLParser):
    """Elements of a page as (tag, attrs, text) with the text of each element, entities decoded."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self._open: list[dict] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        el = {"tag": tag, "attrs": dict(attrs), "text": "", "parents": [e["tag"] for e in self._open],
              "classes": [c for e in self._open for c in (e["attrs"].get("class") or "").split()]}
        self.elements.append(el)
        if tag not in self.VOID:
            self._open.append(el)

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i]["tag"] == tag:
                del self._open[i:]
                break

    def handle_data(self, data):
        for el in self._open:
            el["text"] += data

    def find(self, tag: str, **attrs) -> list[dict]:
        return [e for e in self.elements if e["tag"] == tag
                and all(e["attrs"].get(k) == v for k, v in attrs.items())]

    def article(self) -> list[dict]:
        """The elements inside the page's content (not the theme's header, nav and footer)."""
        return [e for e in self.elements if "article" in e["parents"]]


def parse(path: Path) -> Html:
    return Html(path.read_text(encoding="utf-8"))


def text_of(element: dict) -> str:
    """An element's visible text (entities decoded by the parser), white space collapsed as a browser
    does, without the heading's permalink mark."""
    return " ".join(element["text"].split()).removesuffix("\u00b6").rstrip()


# -- a built site over http ---------------------------------------------------------------------


class _Site(http.server.SimpleHTTPRequestHandler):
    """The site at its base path (the 404 page links from the site's root, /nk-munitions/...)."""

    base = "/"

    def translate_path(self, path):
        if not path.startswith(self.base):
            return str(Path(self.directory) / ".outside-the-base")
        return super().translate_path("/" + path[len(self.base):])

    def end_headers(self):
        # LinkChecker waits between requests to a host unless the host answers with this header.
        self.send_header("LinkChecker", "1")
        super().end_headers()

    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)  # LinkChecker may stop reading a file early


@contextlib.contextmanager
def served(site: Path, base: str = "/"):
    """`site` on 127.0.0.1 at the path `base`, as it is published; yields the site's address."""
    handler = type("Handler", (_Site,), {"base": base})
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{base}"
    finally:
        server.shutdown()
        thread.join()
