"""The attack corpus (tests/attacks/): check rejects each attack with a Chinese message and exact positions,
or the site shows it harmless; nothing active reaches site/, not even with the checker's errors ignored.

Each file is one attack class (expectations.yml says what check must report).
The in-process check, the CLI and three real builds of the sample content with
the attacks added are looked at: the normal build of everything fails; the
build of what check accepts is clean; a build that ignores the checker's
errors is clean too, because the sanitiser and the file rules stand behind
the checker. "Clean" is decided by tests/activecontent.py, which shares no
code with generator/.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import lxml.html
import pytest
import yaml
from activecontent import scan_site
from conftest import TODAY, build_repository
from sitebuild import benign_baseline, build_env, copy_repository, output_of, run_build, run_unchecked_build

from generator.check.repository import load_repository

ATTACKS = Path(__file__).resolve().parent / "attacks"
SPEC = yaml.safe_load((ATTACKS / "expectations.yml").read_text(encoding="utf-8"))
ACCEPTED = sorted(name for name, spec in SPEC.items() if not spec["problems"] and not spec.get("others"))
CJK = re.compile(r"[\u4e00-\u9fff]")


def expand(text: str) -> str:
    """The placeholders of the attack files: ⟪U+XXXX⟫ is that character, ⟪NEST n⟫ n nested flow lists,
    ⟪n×text⟫ the text n times (\\n in it a line break)."""
    text = re.sub(r"⟪U\+([0-9A-F]{4})⟫", lambda m: chr(int(m.group(1), 16)), text)
    text = re.sub(r"⟪(\d+)×([^⟫]+)⟫", lambda m: m.group(2).replace("\\n", "\n") * int(m.group(1)), text)
    return re.sub(r"⟪NEST (\d+)⟫", lambda m: "[" * int(m.group(1)) + "]" * int(m.group(1)), text)


def place(root: Path, name: str, spec: dict) -> Path:
    """Write the attack ``name`` and the files beside it into the repository at ``root``."""
    target = root / spec["as"]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(expand((ATTACKS / name).read_text(encoding="utf-8")), encoding="utf-8")
    for file_name, content in (spec.get("files") or {}).items():
        path = target.parent / file_name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            os.symlink(content["symlink"], path)
    for link, points_to in (spec.get("symlinks") or {}).items():
        os.symlink(points_to, root / "content" / link)
    return target


def triples(problems) -> Counter:
    return Counter((p.code, p.field, p.line) for p in problems)


def expected(entries) -> Counter:
    return Counter((e["code"], e["field"], e["line"]) for e in entries or [])


def show(problems) -> str:
    return "\n".join(f"  {p.path}:{p.line} {p.code} field={p.field}: {p.message}" for p in problems) or "  (none)"


def test_every_attack_file_is_listed():
    assert {p.name for p in ATTACKS.glob("*.md")} == set(SPEC)
    assert len({spec["as"] for spec in SPEC.values()}) == len(SPEC)
    assert ACCEPTED == ["csv-formula-title.md", "title-block-script.md", "title-img-onerror.md"]


# -- check -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [n for n, s in SPEC.items() if not s.get("subprocess")])
def test_check_reports_exactly_the_expected_problems(tmp_path, name):
    spec = SPEC[name]
    root = build_repository(tmp_path / "repo")
    place(root, name, spec)
    started = time.perf_counter()
    repo = load_repository(root, today=TODAY)
    assert time.perf_counter() - started < 10, f"{name}: the check took {time.perf_counter() - started:.1f} s"
    assert not [p for p in repo.problems if p.code == "check-failed"], show(repo.problems)
    wanted = {spec["as"]: spec["problems"], **(spec.get("others") or {})}
    for path in {p.path for p in repo.problems} | set(wanted):
        got = [p for p in repo.problems if p.path == path]
        assert triples(got) == expected(wanted.get(path)), f"{name}: {path}\n{show(got)}"
    for problem in repo.problems:      # said in Chinese, with a fix
        assert CJK.search(problem.message) and CJK.search(problem.hint), show([problem])


def run_check(root: Path, *paths: str, timeout: int = 60) -> tuple[subprocess.CompletedProcess, float]:
    cmd = [sys.executable, "-m", "generator", "check", "--format", "json", *paths]
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=root, env=build_env(), capture_output=True, text=True, timeout=timeout)
    return result, time.perf_counter() - started


def test_the_cli_reports_every_attack_at_once(tmp_path):
    root = build_repository(tmp_path / "repo")
    for name, spec in SPEC.items():
        place(root, name, spec)
    result, _ = run_check(root)
    assert result.returncode == 1 and "Traceback" not in result.stderr, output_of(result)
    problems = json.loads(result.stdout)
    found = Counter((p["path"], p["code"], p["field"], p["line"]) for p in problems)
    wanted = Counter()
    for spec in SPEC.values():
        for path, entries in {spec["as"]: spec["problems"], **(spec.get("others") or {})}.items():
            wanted.update((path, e["code"], e["field"], e["line"]) for e in entries)
    assert found == wanted, f"missing {wanted - found}, unexpected {found - wanted}"


def test_deep_nesting_is_refused_quickly_in_a_subprocess(tmp_path):
    # A failing guard would let libyaml's composer crash the process: a subprocess turns that into a failure here.
    root = build_repository(tmp_path / "repo")
    spec = SPEC["yaml-deep-nesting.md"]
    target = place(root, "yaml-deep-nesting.md", spec)
    assert target.read_text(encoding="utf-8").count("[") >= 20_000
    result, seconds = run_check(root, spec["as"])
    assert result.returncode == 1, f"exit {result.returncode}:\n{output_of(result)}"
    assert "Traceback" not in result.stderr
    assert [(p["code"], p["field"], p["line"]) for p in json.loads(result.stdout)] == [("yaml-limit", "keywords", 11)]
    assert seconds < 10, f"the check took {seconds:.1f} s"


def test_an_impossible_date_does_not_break_a_path_limited_check_of_another_file(tmp_path):
    # The other file's date is read by a light scan (no YAML) when only this one is checked.
    root = build_repository(tmp_path / "repo")
    place(root, "date-impossible.md", SPEC["date-impossible.md"])
    result, _ = run_check(root, "content/czj/2026/base-budget.md")
    assert (result.returncode, result.stderr) == (0, ""), output_of(result)
    assert json.loads(result.stdout) == []
    result, _ = run_check(root, SPEC["date-impossible.md"]["as"])
    assert result.returncode == 1 and "Traceback" not in result.stderr, output_of(result)
    assert [(p["code"], p["field"], p["line"]) for p in json.loads(result.stdout)] == [("bad-date", "publish_date", 7)]


# -- the site ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    return benign_baseline(tmp_path_factory)


def findings_text(found) -> str:
    return "\n".join(str(f) for f in found[:40])


def test_what_check_accepts_is_shown_as_text(tmp_path, baseline):
    root = copy_repository(tmp_path / "repo")
    for name in ACCEPTED:
        place(root, name, SPEC[name])
    result = run_build(root)
    assert result.returncode == 0, output_of(result)
    found = scan_site(root / "site", baseline)
    assert not found, findings_text(found)
    for name in ACCEPTED:
        spec = SPEC[name]
        page = root / "site" / spec["as"].removeprefix("content/").removesuffix(".md") / "index.html"
        doc = lxml.html.fromstring(page.read_bytes())
        if "shows" in spec:
            assert spec["shows"] in doc.xpath("string(//article//h1)"), name
            assert spec["shows"] in " ".join(doc.xpath("string(//title)").split()), name
    rows = list(csv.DictReader(io.StringIO((root / "site" / "catalog.csv").read_text(encoding="utf-8-sig"))))
    titles = {row["网址"].rsplit("/", 2)[-2]: row["标题"] for row in rows}      # the columns are named in Chinese
    assert titles["attack-csv-formula-title"] == SPEC["csv-formula-title.md"]["csv_title"]


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    """The sample content with every attack added."""
    root = copy_repository(tmp_path_factory.mktemp("attacked") / "repo")
    for name, spec in SPEC.items():
        place(root, name, spec)
    return root


def test_the_build_of_every_attack_fails_and_publishes_nothing(attacked):
    result = run_build(attacked)
    out = output_of(result)
    assert result.returncode != 0, out
    assert not (attacked / "site").exists()
    assert "Traceback" not in out, out
    for name, spec in SPEC.items():
        for path in [spec["as"]] * bool(spec["problems"]) + list(spec.get("others") or {}):
            assert path in out, f"{name}: {path} is not in the build's message"


def test_without_the_checker_nothing_active_reaches_the_site(attacked, tmp_path, baseline):
    root = tmp_path / "repo"
    shutil.copytree(attacked, root, symlinks=True)
    for spec in SPEC.values():
        if spec.get("unchecked") is False:
            (root / spec["as"]).unlink()
            for link in spec.get("symlinks") or {}:
                (root / "content" / link).unlink()
    result = run_unchecked_build(root)
    assert result.returncode == 0, output_of(result)
    site = root / "site"
    # Control characters are the checker's alone to refuse: without it they reach catalog.json, escaped and inert.
    found = [f for f in scan_site(site, baseline) if f.kind != "control-character"]
    assert not found, findings_text(found)
    for spec in SPEC.values():
        for file_name in spec.get("files") or {}:
            published = site / Path(spec["as"]).parent.relative_to("content") / file_name
            assert not published.exists() and not published.is_symlink(), published
    # the attack pages were built, so the scan saw them
    assert (site / "czj/2026/attack-iframe/index.html").is_file()
    assert (site / "pages/attack-page-script/index.html").is_file()
