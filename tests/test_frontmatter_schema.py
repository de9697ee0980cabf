"""The JSON Schema of the front matter (docs/front-matter.schema.json), generated from categories.yml.

Every sample item the checker accepts (content/, tests/examples/pass,
tests/heldback/pass) must validate, since an editor underlining a valid item
would teach clerks to ignore it; failing examples whose mistakes a schema can
see (unknown field, choice or type, a missing always-required field) must not.
The front matter is read as a YAML language server reads it (YAML 1.2: a date
is text), with the ``jsonschema`` package pinned in requirements-test.txt.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import PROJECT

from generator.authoring.frontmatter_schema import front_matter_schema, render_schema
from generator.model.schema import load_schema

TESTS = Path(__file__).resolve().parent
EXPECT = yaml.safe_load((TESTS / "examples" / "expectations.yml").read_text(encoding="utf-8"))
# Problems a schema of single fields can see; the others (time limits, folders, body) stay with the checker.
SCHEMA_CODES = {"unknown-field", "wrong-type", "unknown-category", "unknown-unit", "unknown-sector",
                "unknown-info-type", "bad-index-no"}


class _Yaml12Loader(yaml.SafeLoader):
    """Safe YAML without the 1.1 timestamp type: 2026-03-05 stays text, as in a YAML language server."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    match = re.match(r"---\n(.*?)\n---\s*(\n|$)", text, re.S)
    assert match, f"{path}: no front matter"
    return yaml.load(match.group(1), Loader=_Yaml12Loader)


@pytest.fixture(scope="module")
def schema():
    return load_schema(PROJECT / "categories.yml")


@pytest.fixture(scope="module")
def validator(schema):
    document = front_matter_schema(schema)
    jsonschema.Draft7Validator.check_schema(document)
    return jsonschema.Draft7Validator(document)


def _errors(validator, data) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message[:200]}"
            for e in validator.iter_errors(data)]


def test_committed_file_is_up_to_date(schema):
    committed = (PROJECT / "docs" / "front-matter.schema.json").read_text(encoding="utf-8")
    assert committed == render_schema(schema), "docs/front-matter.schema.json 已过期：运行 make docs 重新生成"


def test_deterministic(schema):
    assert render_schema(schema) == render_schema(load_schema(PROJECT / "categories.yml"))


SAMPLES = sorted(p for p in (PROJECT / "content").glob("*/**/*.md") if not p.relative_to(PROJECT / "content")
                 .parts[0] == "pages")
SAMPLES += sorted((TESTS / "examples" / "pass").glob("*.md")) + sorted((TESTS / "heldback" / "pass").glob("*.md"))


def test_samples_found():
    assert len([p for p in SAMPLES if "content" in p.parts]) >= 90


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.relative_to(PROJECT).as_posix())
def test_sample_items_validate(validator, path):
    assert _errors(validator, front_matter(path)) == []


def _schema_visible(schema, spec: dict) -> bool:
    """The example's every problem is one a schema sees (a missing field only if it is always required)."""
    problems = spec.get("problems") or []
    if not problems or spec.get("transform"):
        return False
    for problem in problems:
        if problem["code"] == "missing-field":
            if schema.fields.get(problem["field"]) is None or schema.fields[problem["field"]].required != "always":
                return False
        elif problem["code"] not in SCHEMA_CODES:
            return False
    return True


FAILING = sorted(name for name, spec in EXPECT["fail"].items()
                 if _schema_visible(load_schema(PROJECT / "categories.yml"), spec))


def test_enough_failing_examples():
    assert len(FAILING) >= 6, FAILING


@pytest.mark.parametrize("name", FAILING)
def test_failing_examples_are_rejected(validator, name):
    assert _errors(validator, front_matter(TESTS / "examples" / "fail" / name))


def test_keys_in_any_spelling_but_once(validator):
    data = front_matter(TESTS / "examples" / "pass" / "minimal.md")
    assert not _errors(validator, data)
    data["title"] = data["标题"]                          # the same field twice (duplicate-key in the checker)
    assert _errors(validator, data)
    del data["标题"]
    assert not _errors(validator, data)                   # the English key alone is fine
    data["保密审查"] = {"审查人": "陈立新"}                  # the review's date missing
    assert _errors(validator, data)


def test_choices_come_from_categories_yml(tmp_path):
    text = (PROJECT / "categories.yml").read_text(encoding="utf-8")
    changed = text.replace("    short: 市统计局\n", "    short: 市统计局\n    aliases: [市统计调查局]\n", 1)
    changed = re.sub(r"(    short: 市统计局\n    aliases: \[市统计调查局\]\n)    aliases: \[\]\n", r"\1", changed)
    assert changed != text
    (tmp_path / "categories.yml").write_text(changed, encoding="utf-8")
    new = front_matter_schema(load_schema(tmp_path / "categories.yml"))
    old = front_matter_schema(load_schema(PROJECT / "categories.yml"))
    assert "市统计调查局" in new["definitions"]["unit"]["enum"]
    assert "市统计调查局" not in old["definitions"]["unit"]["enum"]


def test_cli_writes_the_schema(tmp_path):
    shutil.copy(PROJECT / "categories.yml", tmp_path / "categories.yml")
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(tmp_path), "schema"],
                            capture_output=True, text=True, cwd=PROJECT)
    assert result.returncode == 0, result.stderr
    written = tmp_path / result.stdout.strip()
    assert written == tmp_path / "docs" / "front-matter.schema.json"
    assert json.loads(written.read_text(encoding="utf-8")) == front_matter_schema(
        load_schema(tmp_path / "categories.yml"))
