"""CODEOWNERS generated from categories.yml: each unit's folder to the team named in its data (谁制作、谁公开)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
from conftest import PROJECT

from generator.authoring.codeowners import render_codeowners, write_codeowners
from generator.model.schema import load_schema
from generator.problems import ConfigError


@pytest.fixture(scope="module")
def schema():
    return load_schema(PROJECT / "categories.yml")


def _rules(text: str) -> dict[str, list[str]]:
    """The rules of a CODEOWNERS text as GitHub reads them: pattern -> owners (comments and blanks skipped)."""
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, *owners = line.split()
            out[pattern] = owners
    return out


def test_committed_file_is_up_to_date(schema):
    committed = (PROJECT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert committed == render_codeowners(schema), ".github/CODEOWNERS 已过期：运行 make docs 重新生成"


def test_every_unit_folder_belongs_to_its_team(schema):
    rules = _rules(render_codeowners(schema))
    for unit in schema.units.values():
        assert unit.team, f"单位 {unit.id} 没有 team"
        assert rules[f"/content/{unit.id}/"] == [unit.team]
    # One team per unit: no two units share reviewers, so 谁制作、谁公开 holds on the platform.
    teams = [unit.team for unit in schema.units.values()]
    assert len(teams) == len(set(teams))


def test_unit_rules_come_after_the_general_ones(schema):
    """Later rules win on GitHub and GitLab: a unit's folder must not be overridden by a broader pattern."""
    patterns = list(_rules(render_codeowners(schema)))
    office = schema.units[schema.city["general_office"]]
    assert _rules(render_codeowners(schema))["/categories.yml"] == [office.team]
    last_general = max(patterns.index("/categories.yml"), patterns.index("/content/pages/"))
    assert all(patterns.index(f"/content/{u}/") > last_general for u in schema.units)


def test_a_change_in_categories_yml_changes_the_owners(tmp_path):
    text = (PROJECT / "categories.yml").read_text(encoding="utf-8")
    changed, n = re.subn(r'team: "@shilishi/czj"', 'team: "@shilishi/finance-reviewers"', text)
    assert n == 1
    (tmp_path / "categories.yml").write_text(changed, encoding="utf-8")
    path = write_codeowners(tmp_path)
    rules = _rules(path.read_text(encoding="utf-8"))
    assert rules["/content/czj/"] == ["@shilishi/finance-reviewers"]
    assert rules["/content/dhq-czj/"] == ["@shilishi/dhq-czj"]


def test_a_unit_without_team_is_listed_not_guessed(tmp_path):
    text = (PROJECT / "categories.yml").read_text(encoding="utf-8")
    (tmp_path / "categories.yml").write_text(text.replace('    team: "@shilishi/tjj"\n', "", 1), encoding="utf-8")
    out = render_codeowners(load_schema(tmp_path / "categories.yml"))
    assert "/content/tjj/" not in _rules(out)
    assert re.search(r"^# .*没有填写 team.*tjj", out, re.M)


@pytest.mark.parametrize("team", ["shilishi/czj", "@shilishi", "@shi lishi/czj", "@/czj"])
def test_malformed_team_is_a_config_error_with_its_line(tmp_path, team):
    text = (PROJECT / "categories.yml").read_text(encoding="utf-8")
    (tmp_path / "categories.yml").write_text(text.replace('"@shilishi/czj"', f'"{team}"', 1), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_schema(tmp_path / "categories.yml")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if '"@shilishi/czj"' in row)
    assert info.value.line == line


def test_cli_writes_the_gitlab_copy(tmp_path):
    shutil.copy(PROJECT / "categories.yml", tmp_path / "categories.yml")
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(tmp_path), "codeowners",
                             "--out", ".gitlab/CODEOWNERS"], capture_output=True, text=True, cwd=PROJECT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ".gitlab/CODEOWNERS"
    written = (tmp_path / ".gitlab" / "CODEOWNERS").read_text(encoding="utf-8")
    assert written == render_codeowners(load_schema(tmp_path / "categories.yml"))
