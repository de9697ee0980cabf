"""``python -m bench`` end to end on a few generated items (Hugo and plain MkDocs left out: not installed by make test)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def test_bench_times_a_build_and_a_rebuild_and_reports_the_builds_own_phases(tmp_path):
    out = tmp_path / "out"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "bench", "--items", "40", "--rebuild", "--skip-hugo",
                             "--skip-plain", "--workdir", str(tmp_path / "work"), "--out", str(out)],
                            cwd=PROJECT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ours: mkdocs build (full)" in result.stdout and "ours: rebuild, 1 item changed" in result.stdout
    assert "ratio ours/(hugo+pagefind): n/a" in result.stdout.splitlines()[-1]
    data = json.loads((out / "results-40.json").read_text(encoding="utf-8"))
    phases = data["ours_phases"]
    for name in ("full", "rebuild"):
        assert "检查" in phases[name] and "替换旧网站" in phases[name], phases
        assert f"ours, {name}: {phases[name]}" in result.stdout
    steps = {row["step"]: row for row in data["rows"]}
    assert steps["ours: mkdocs build (full)"]["ok"] and steps["ours: mkdocs build (full)"]["wall_s"] > 0
    assert steps["check: all 40 items"]["ok"]


def test_bench_on_a_project_root_uses_its_own_catalogue(tmp_path):
    """``--content ROOT`` with ``ROOT/categories.yml``: the items are checked and built against that
    catalogue (here it gives a unit a name ours does not know, and an item uses it)."""
    given = tmp_path / "given"
    shutil.copytree(PROJECT / "content" / "byq-wjw", given / "content" / "byq-wjw")
    alias = "示例市北原旗卫生健康委员会"
    catalogue = (PROJECT / "categories.yml").read_text(encoding="utf-8")
    assert catalogue.count(f"aliases: [{alias}]") == 1
    (given / "categories.yml").write_text(catalogue.replace(f"aliases: [{alias}]", f"aliases: [{alias}, 北原旗卫健局]"),
                                          encoding="utf-8")
    item = sorted((given / "content" / "byq-wjw").rglob("*.md"))[0]
    text = item.read_text(encoding="utf-8")
    assert "\n发布机构: 北原旗卫健委\n" in text
    item.write_text(text.replace("\n发布机构: 北原旗卫健委\n", "\n发布机构: 北原旗卫健局\n"), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "bench", "--content", str(given), "--skip-hugo", "--skip-plain",
                             "--workdir", str(tmp_path / "work"), "--out", str(tmp_path / "out")],
                            cwd=PROJECT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "its categories.yml" in result.stderr
    assert (tmp_path / "work" / "ours" / "categories.yml").read_text(encoding="utf-8") == \
        (given / "categories.yml").read_text(encoding="utf-8")
