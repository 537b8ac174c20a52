"""The docs agree with the code they describe."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import yaml

from conftest import CONTENT, ROOT
from generator.diagnostics import CODES, codes_markdown
from generator.load import load_content


def test_diagnostics_reference_is_current():
    assert (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8") == codes_markdown(), (
        "docs/diagnostics.md is stale: run `python -m generator codes > docs/diagnostics.md`")


def test_every_code_is_used_by_the_code():
    source = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "generator").rglob("*.py")
                     if p.name != "diagnostics.py")
    unused = [c.code for c in CODES if f'"{c.code}"' not in source]
    assert unused == []


def test_readme_starts_with_the_two_commands():
    head = (ROOT / "README.md").read_text(encoding="utf-8")[:1500]
    assert head.index("make site") < head.index("make test")


def test_the_readme_is_short_and_its_links_lead_somewhere():
    """A newcomer's page: under 6 KB, the reference in docs/, and every relative link and picture there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode("utf-8")) < 6 * 1024
    for doc in ("README.md", *(p.relative_to(ROOT).as_posix() for p in sorted((ROOT / "docs").glob("*.md")))):
        text = (ROOT / doc).read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if not re.match(r"[a-z]+:", target):
                assert ((ROOT / doc).parent / target).exists(), f"{doc} links to {target}, which is not there"
    for part in ("docs/tutorial.md", "docs/reference.md", "docs/guarantees.md", "docs/diagnostics.md"):
        assert f"]({part})" in readme


def _readme_commands() -> list[str]:
    """The commands of the README's first sh block, without their comments."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]


def test_the_fresh_machine_workflow_runs_the_readme_commands_as_written():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "fresh-machine.yml").read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    assert job["container"].startswith("python:3.11-")
    runs = [step["run"].strip() for step in job["steps"] if "run" in step]
    assert runs == _readme_commands() == ["make site", "make test"]
    assert {"push", "pull_request"} <= set(workflow[True])  # YAML 1.1 reads the key `on` as true


def test_schemas_validate_every_record(tmp_path):
    """An independent validator (jsonschema) accepts every record with the generated schemas."""
    import jsonschema

    subprocess.run([sys.executable, "-m", "generator", "schema", "--out", str(tmp_path)], check=True, cwd=ROOT)
    content = load_content(CONTENT)
    assert content.records
    for record in content.records:
        schema = json.loads((tmp_path / f"{record.kind.name}.schema.json").read_text())
        jsonschema.Draft202012Validator(schema).validate(record.data)


def test_schema_rejects_what_the_checker_rejects(tmp_path):
    import jsonschema

    subprocess.run([sys.executable, "-m", "generator", "schema", "--out", str(tmp_path)], check=True, cwd=ROOT)
    schema = json.loads((tmp_path / "claim.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    assert not validator.is_valid({"statement": "x", "claimnat": "y"})
    assert not validator.is_valid({"statement": "x", "status": "confirmd"})


def test_committed_schemas_are_current():
    """schema/ is committed so editors find it straight after a clone; it must match the model."""
    from generator.outputs.schema import schemas

    for name, text in schemas().items():
        assert (ROOT / "schema" / name).read_text(encoding="utf-8") == text, (
            f"schema/{name} is stale: run `make schema`")
