"""``python -m bench`` end to end on a few generated items (Hugo and plain MkDocs left out: not installed by make test)."""

from __future__ import annotations

import json
import os
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
