"""Hostile content trees, as a pull request could bring them: links out of the tree, pipes,
names the site needs for itself, dates and addresses the output formats cannot hold.

Every case is one exact input; each says what `check` reports, or that `site` builds it.
"""
from __future__ import annotations

import os
import signal
import textwrap
from pathlib import Path

import pytest
from conftest import minimal_files

from generator import cli
from generator.load import RESERVED_PAGE_NAMES, read_regular
from generator.gather import read_authored
from generator.pages import FOLDER, site_pages
from generator.pipeline import check

SOURCE = minimal_files()["sources/src-a.yaml"]
CLAIM = minimal_files()["claims/stockpiles.yaml"]
REPORT = minimal_files()["report.yaml"]
ACTOR_TEXT = 'name: "Outsider"\nkind: "person"\n'


def plus(record: str, line: str) -> str:
    """A record's text with one more line."""
    return textwrap.dedent(record).strip("\n") + "\n" + line + "\n"


def found(content: Path) -> list[str]:
    return [str(d) for d in check(content).checks.diagnostics]


# -- 1. only regular files inside the content folder are read ------------------------


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the content folder, holding what a link could lead to."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "actor.yaml").write_text(ACTOR_TEXT, encoding="utf-8")
    (folder / "secret.md").write_text("# Secret\n\nroot:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    return folder


LINK = ("is a symbolic link: content is read only from regular files inside the content folder "
        "(put the file itself here, not a link to it)")


def test_a_record_linked_to_a_valid_record_outside_is_refused(make_content, outside):
    content = make_content()
    (content / "actors" / "x.yaml").symlink_to(outside / "actor.yaml")
    assert found(content) == [f"actors/x.yaml:1:1: I005 {LINK}"]


def test_a_record_linked_inside_the_tree_is_refused_too(make_content):
    content = make_content()
    (content / "actors" / "x.yaml").symlink_to(content / "actors" / "budanov.yaml")
    assert found(content) == [f"actors/x.yaml:1:1: I005 {LINK}"]


def test_an_authored_page_linked_to_a_file_outside_is_refused_and_never_read(make_content, outside):
    content = make_content({"pages/about.md": "# About\n"})
    (content / "pages" / "leak.md").symlink_to(outside / "secret.md")
    assert found(content) == [f"pages/leak.md:1:1: I005 {LINK}"]
    with pytest.raises(OSError, match="symbolic link"):
        read_authored(content)


def test_a_snapshot_and_the_report_linked_are_refused(make_content, outside):
    content = make_content()
    snapshot = content / "sources" / "src-a.txt"
    (outside / "src-a.txt").write_bytes(snapshot.read_bytes())
    snapshot.unlink()
    snapshot.symlink_to(outside / "src-a.txt")
    report = content / "report.yaml"
    (outside / "report.yaml").write_bytes(report.read_bytes())
    report.unlink()
    report.symlink_to(outside / "report.yaml")
    assert f"report.yaml:1:1: I005 {LINK}" in found(content)
    assert f"sources/src-a.txt:1:1: I005 {LINK}" in found(content)


def test_a_linked_record_folder_is_refused_and_not_listed(make_content, outside):
    content = make_content()
    (outside / "places").mkdir()
    (outside / "places" / "kupiansk.yaml").write_bytes((content / "places" / "kupiansk.yaml").read_bytes())
    (content / "places" / "kupiansk.yaml").unlink()
    (content / "places").rmdir()
    (content / "places").symlink_to(outside / "places")
    problems = found(content)
    assert problems == ["claims/stockpiles.yaml:6:10: R001 no place 'kupiansk'", "places:1:1: I005 the folder places is a symbolic link: content is read only from "
                           "regular files inside the content folder (put the file itself here, not a link to it)"]  # nothing in it read


def test_a_linked_pages_folder_is_refused(make_content, outside):
    content = make_content()
    (content / "pages").symlink_to(outside)
    assert found(content) == [
        f"pages:1:1: I005 the folder pages {LINK}"]


@pytest.fixture
def hang_guard():
    """Fails a test that blocks (a pipe opened to read waits for a writer) instead of hanging the run."""
    def stop(signum, frame):
        raise TimeoutError("blocked for 120 s")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("name", ["claims/x.yaml", "sources/x.txt", "pages/x.md", "report.yaml"])
def test_a_named_pipe_is_refused_without_opening_it(make_content, name, hang_guard):
    content = make_content({"report.yaml": None} if name == "report.yaml" else {})
    (content / name).parent.mkdir(exist_ok=True)
    os.mkfifo(content / name)  # no writer: opening it to read would wait for ever
    message = ("is a named pipe (FIFO): content is read only from regular files inside the content folder")
    assert f"{name}:1:1: I005 {message}" in found(content)
    with pytest.raises(OSError, match="named pipe"):
        read_regular(content / name, 1 << 20)


def test_a_folder_named_like_a_page_is_refused(make_content):
    content = make_content()
    (content / "pages" / "x.md").mkdir(parents=True)
    assert found(content) == [
        "pages/x.md:1:1: I005 is a folder: content is read only from regular files inside the content folder"]


def test_an_authored_page_that_is_not_utf8_is_refused_at_check(make_content):
    content = make_content({"pages/x.md": b"# Title\n\ncaf\xe9\n"})
    assert found(content) == ["pages/x.md:3:4: Y001 invalid UTF-8 (byte 0xE9): save the file as UTF-8"]


def test_an_authored_page_too_large_is_refused_at_check(make_content):
    content = make_content({"pages/x.md": b"a" * ((4 << 20) + 1)})
    assert found(content) == ["pages/x.md:1:1: Y009 file is 4.0 MiB; the limit is 4 MiB"]


def test_hidden_links_that_are_never_read_are_left_alone(make_content, outside):
    content = make_content()
    (content / "claims" / ".editor-link").symlink_to(outside / "secret.md")
    assert found(content) == []


def test_the_content_folder_itself_may_be_a_link(make_content, tmp_path):
    content = make_content()
    (tmp_path / "named").symlink_to(content)
    assert found(tmp_path / "named") == []


def test_a_linked_page_fails_the_site_verb_before_anything_is_built(make_content, outside, tmp_path, capsys):
    content = make_content()
    (content / "pages").mkdir()
    (content / "pages" / "leak.md").symlink_to(outside / "secret.md")
    out = tmp_path / "site"
    assert cli.main(["site", "--content", str(content), "--out", str(out)]) == 1
    assert f"pages/leak.md:1:1: I005 {LINK}" in capsys.readouterr().out
    assert not out.exists()


# -- 2. content that check accepts never crashes site ------------------------------------


@pytest.mark.parametrize("folder, changes", [
    ("claims", {"claims/stockpiles.yaml": None, "claims/index.yaml": CLAIM,
                "report.yaml": REPORT.replace('["stockpiles"]', '["index"]')}),
    ("sources", {"sources/src-a.yaml": None, "sources/src-a.txt": None, "sources/index.yaml": SOURCE,
                 "sources/index.txt": minimal_files()["sources/src-a.txt"],
                 "claims/stockpiles.yaml": CLAIM.replace('source: "src-a"', 'source: "index"')}),
    ("weapons", {"weapons/index.yaml": minimal_files()["weapons/type-75.yaml"].replace("Type 75", "Index")
                 .replace("Type-75", "Index-1")}),
    ("actors", {"actors/index.yaml": ACTOR_TEXT}),
    ("places", {"places/index.yaml": 'name: "Index"\nkind: "settlement"\n'}),
])
def test_the_id_index_is_refused_in_every_folder(make_content, folder, changes):
    content = make_content(changes)
    assert (f"{folder}/index.yaml:1:1: I001 'index' is the name of the site's own page in each folder "
            "(the list of its records): choose another id") in found(content)


def test_the_reserved_names_are_every_page_the_site_writes_into_a_record_folder(make_content):
    from site_helpers import resolved_of

    pages = site_pages(resolved_of(make_content()))
    records = {f"{folder}/{i}.md" for folder in FOLDER.values() for i in ("stockpiles", "src-a", "type-75",
                                                                           "budanov", "outlet", "kupiansk")}
    own = {p.path for p in pages if p.path.split("/")[0] in FOLDER.values() and p.path not in records}
    # No events in this report: no events index (one is written where the report has events).
    assert own == {f"{folder}/index.md" for folder in FOLDER.values() if folder != "events"}
    assert {Path(p).stem for p in own} == RESERVED_PAGE_NAMES
    events = {p.path for p in site_pages(resolved_of(make_content({"events/strike.yaml": 'name: "A strike"\nkind: "strike"\n'})))}
    assert "events/index.md" in events and "events/strike.md" in events


def test_a_record_named_index_fails_the_site_verb_at_check_not_in_mkdocs(make_content, tmp_path, capsys):
    content = make_content({"places/kupiansk.yaml": None, "places/index.yaml": 'name: "Kupiansk"\nkind: "settlement"\n',
                            "claims/stockpiles.yaml": CLAIM.replace('"kupiansk"', '"index"')})
    out = tmp_path / "site"
    assert cli.main(["site", "--content", str(content), "--out", str(out), "--no-pdf"]) == 1
    printed = capsys.readouterr().out
    assert "places/index.yaml:1:1: I001 'index' is the name of the site's own page" in printed
    assert not out.exists()


def test_the_verb_new_refuses_the_id_index(capsys, make_content):
    content = make_content()
    assert cli.main(["new", "claim", "index", "--content", str(content)]) == 1
    assert "'index' is the name of the site's own page in each folder" in capsys.readouterr().err
    assert not (content / "claims" / "index.yaml").exists()


def _dated(day: str) -> dict[str, str]:
    return {"sources/src-a.yaml": SOURCE.replace("2025-07-12", day),
            "claims/stockpiles.yaml": CLAIM.replace("2025-07-11", day)}


@pytest.mark.parametrize("day", ["2107-01-01", "9999-12-31", "0001-01-01", "0999-12-31", "2101"])
def test_dates_outside_the_years_the_formats_hold_are_refused(make_content, day):
    problems = found(make_content(_dated(day)))
    assert problems == [
        f"claims/stockpiles.yaml:4:7: S005 'made': '{day}' is outside the years 1000 to 2100 that dates may have here",
        f"sources/src-a.yaml:5:12: S005 'published': '{day}' is outside the years 1000 to 2100 that dates may have here",
    ]


@pytest.mark.parametrize("day", ["1000-01-01", "2100-12-31~"])
def test_the_first_and_last_years_are_accepted(make_content, day):
    assert found(make_content(_dated(day))) == []


@pytest.fixture(scope="module")
def old_site(tmp_path_factory):
    """A report whose newest date is before 1970 (a negative time for gzip), titled with an &."""
    from site_helpers import build_fixture

    files = {**minimal_files(), **_dated("1950-06-25")}
    files["report.yaml"] = REPORT.replace('"Test report"', '"Arms & claims"')
    return build_fixture(tmp_path_factory.mktemp("old"), files)


def test_a_report_dated_before_1970_builds(old_site):
    import gzip

    with gzip.open(old_site / "sitemap.xml.gz") as f:
        assert b"<urlset" in f.read()
    assert (old_site / "places" / "kupiansk" / "index.html").is_file()


def test_the_site_name_is_escaped_once_in_the_logo_tooltip(old_site):
    page = (old_site / "index.html").read_text(encoding="utf-8")
    assert 'title="Arms &amp; claims" class="md-header__button md-logo"' in page
    assert "&amp;amp;" not in page


def test_the_build_date_is_clamped_to_what_gzip_holds():
    from generator.clock import GZIP_MTIME_MAX, build_epoch
    from generator.clock import content_epoch as _content_epoch

    class Report:  # the fields the content's date is read from
        def __init__(self, day):
            self.claims = {}
            self.sources = {"s": type("S", (), {"published": day, "updated": None, "accessed": None})()}

    assert _content_epoch(Report("1950-06-25")) == 0
    assert _content_epoch(Report("2100-12-31")) == 4133894400  # within 32 bits: no clamp needed
    assert _content_epoch(Report("9999-12-31")) == GZIP_MTIME_MAX  # check refuses it; the verb holds anyway
    # SOURCE_DATE_EPOCH, where it is set, dates the build instead; it too is held within 32 bits.
    assert build_epoch(Report("2025-07-11"), {"SOURCE_DATE_EPOCH": "1752192000"}) == 1752192000
    assert build_epoch(Report("2025-07-11"), {"SOURCE_DATE_EPOCH": str(2**40)}) == GZIP_MTIME_MAX
    assert build_epoch(Report("2025-07-11"), {}) == _content_epoch(Report("2025-07-11"))


# -- 3. addresses and languages ------------------------------------------------------------

URL_CASES = [
    ("HTTPS://e.org/x", "'HTTPS://e.org/x': write the scheme in lowercase (https://e.org/x)"),
    ("Http://e.org/x", "'Http://e.org/x': write the scheme in lowercase (http://e.org/x)"),
    ("https://[::1/x", "'https://[::1/x' is not a web address: its host has an unclosed '[' or ']' "
                       "(an IPv6 address is written in brackets: https://[::1]/)"),
    ("https://e.org:70000/x", "'https://e.org:70000/x' is not a web address: its port must be a number "
                              "from 1 to 65535"),
    ("https://e.org:0/x", "'https://e.org:0/x' is not a web address: its port must be a number from 1 to 65535"),
    ("https://e.org:http/x", "'https://e.org:http/x' is not a web address: its port must be a number "
                             "from 1 to 65535"),
    ("https://u:p@e.org/x", "'https://u:p@e.org/x' holds a user name or password before '@': "
                            "give the address without them"),
    ("https://user@e.org/x", "'https://user@e.org/x' holds a user name or password before '@': "
                             "give the address without them"),
    ("https://e.org/\u202ex", "a web address may hold only visible characters; it holds U+202E "
                              "(RIGHT-TO-LEFT OVERRIDE)"),
    ("https://e.org/\u2066x", "a web address may hold only visible characters; it holds U+2066 (LEFT-TO-RIGHT ISOLATE)"),
    ("https://e\u200b.org/x", "a web address may hold only visible characters; it holds U+200B (ZERO WIDTH SPACE)"),
    ("\ufeffhttps://e.org/x", "a web address may hold only visible characters; it holds U+FEFF "
                              "(ZERO WIDTH NO-BREAK SPACE)"),
    ("https://e.org/\u00adx", "a web address may hold only visible characters; it holds U+00AD (SOFT HYPHEN)"),
    ("https://e.org/\tx", "a web address may hold only visible characters; it holds U+0009 (a control character)"),
    ("https://e.org/\u2028x", "a web address may hold only visible characters; it holds U+2028 (LINE SEPARATOR)"),
    ("https://e.org/\u2029x", "a web address may hold only visible characters; it holds U+2029 "
                              "(PARAGRAPH SEPARATOR)"),
    ("https://e.org/\u00a0x", "a web address may hold only visible characters; it holds U+00A0 (NO-BREAK SPACE)"),
    ("https://e.org/a b", "a web address may not hold white space"),
    ("https://e.org/x ", "a web address may not hold white space"),
    ("https:e.org/x", "'https:e.org/x' is not a web address: only http:// or https:// addresses with a host "
                      "are allowed"),
]


@pytest.mark.parametrize("url, message", URL_CASES)
def test_bad_addresses_get_a_clear_s007(make_content, url, message):
    content = make_content({"sources/src-a.yaml": SOURCE.replace("https://example.org/a", url)})
    assert found(content) == [f"sources/src-a.yaml:4:6: S007 'url': {message}"]


@pytest.mark.parametrize("url", ["https://e.org:8443/x", "http://[::1]/x", "https://例え.jp/パス?q=1#f",
                                 "https://e.org/a%20b"])
def test_good_addresses_are_accepted(make_content, url):
    content = make_content({"sources/src-a.yaml": SOURCE.replace("https://example.org/a", url)})
    assert found(content) == []


@pytest.mark.parametrize("tag, message", [
    ("hello world", "'hello world' is not a BCP 47 language tag: write one such as en, ko, uk, en-GB or zh-Hant"),
    ("xx", "'xx' is not a BCP 47 language tag: write one such as en, ko, uk, en-GB or zh-Hant"),
    ("en_GB", "'en_GB' is not a BCP 47 language tag: write one such as en, ko, uk, en-GB or zh-Hant"),
    ("en-", "'en-' is not a BCP 47 language tag: write one such as en, ko, uk, en-GB or zh-Hant"),
    ("English", "'English' is not a BCP 47 language tag: write one such as en, ko, uk, en-GB or zh-Hant"),
    ("EN", "'EN': write the language tag as 'en'"),
    ("en-gb", "'en-gb': write the language tag as 'en-GB'"),
    ("zh-hant-tw", "'zh-hant-tw': write the language tag as 'zh-Hant-TW'"),
])
def test_the_report_language_is_a_bcp47_tag(make_content, tag, message):
    content = make_content({"report.yaml": plus(REPORT, f'language: "{tag}"')})
    assert found(content) == [f"report.yaml:7:11: S009 'language': {message}"]


@pytest.mark.parametrize("tag", ["en", "ko", "uk", "en-GB", "zh-Hant-TW", "sr-Latn", "de-CH-1996", "x-private"])
def test_well_formed_registered_tags_are_accepted(make_content, tag):
    content = make_content({"report.yaml": plus(REPORT, f'language: "{tag}"'),
                            "sources/src-a.yaml": plus(SOURCE, f'language: "{tag}"')})
    assert found(content) == []


def test_a_source_language_is_checked_the_same_way(make_content):
    content = make_content({"sources/src-a.yaml": plus(SOURCE, 'language: "Korean"')})
    assert found(content) == ["sources/src-a.yaml:8:11: S009 'language': 'Korean' is not a BCP 47 language tag: "
                              "write one such as en, ko, uk, en-GB or zh-Hant"]


def test_a_file_where_a_record_folder_belongs_is_refused(make_content):
    content = make_content({"places/kupiansk.yaml": None,
                            "claims/stockpiles.yaml": CLAIM.replace('places: ["kupiansk"]', "places: []")})
    (content / "places").rmdir()
    (content / "places").write_text("not a folder\n", encoding="utf-8")
    assert found(content) == ["places:1:1: I005 the folder places is a file, not a folder: content is read only "
                              "from regular files inside the content folder"]
