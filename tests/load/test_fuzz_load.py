"""Property-based tests: any input to the loader ends in records or diagnostics, never a traceback."""
from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.diagnostics import Diagnostic
from generator.load import parse_record
from generator.model import KINDS
from generator.pipeline import check
from generator.validate import check_record

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=40))
keys = st.one_of(st.sampled_from(["statement", "claimant", "citations", "quote", "source", "made", "via",
                                  "kind", "name", "aliases", "status", "credibility", "event", "date"]),
                 st.text(max_size=12))
documents = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=6)), max_leaves=25)


def _all_diagnostics(out: list) -> None:
    assert all(isinstance(d, Diagnostic) and d.line >= 1 and d.col >= 1 for d in out)


@SETTINGS
@given(st.text(max_size=400))
def test_any_text_is_records_or_diagnostics(text):
    for kind in KINDS:
        out: list = []
        record = parse_record(text, kind, "x.yaml", out)
        _all_diagnostics(out)
        if record is not None:
            check_record(record, out)
            _all_diagnostics(out)


@SETTINGS
@given(documents, st.sampled_from(KINDS))
def test_any_yaml_document_is_records_or_diagnostics(document, kind):
    text = yaml.safe_dump(document, allow_unicode=True, default_flow_style=None)
    out: list = []
    record = parse_record(text, kind, "x.yaml", out)
    if record is not None:
        check_record(record, out)
    _all_diagnostics(out)


@SETTINGS
@given(st.binary(max_size=300), st.sampled_from(["claims/stockpiles.yaml", "sources/src-a.txt",
                                                 "actors/outlet.yaml", "report.yaml"]))
def test_any_bytes_in_any_file_give_diagnostics(make_content_once, data, rel):
    content = make_content_once({rel: data})
    result = check(content)  # must not raise
    for d in result.checks.diagnostics:
        assert d.line >= 1 and d.col >= 1


@SETTINGS
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200))
def test_any_statement_text_loads_as_that_text_or_is_refused(make_content_once, text):
    import json
    import unicodedata
    from conftest import minimal_files
    claim = minimal_files()["claims/stockpiles.yaml"].replace(
        '"North Korea has huge stockpiles of ammunition."', json.dumps(text))
    result = check(make_content_once({"claims/stockpiles.yaml": claim}))
    if result.ok:
        assert result.checks.by_kind["claim"]["stockpiles"].model.statement == unicodedata.normalize("NFC", text)
    else:
        assert {d.code for d in result.checks.diagnostics} <= {"S003", "S009", "Y002"}, result.checks.diagnostics
