"""Property-based fuzzing (tests/fuzzing.py) at CI size: a few hundred mutants with a fixed seed.

Every mutant of a valid item is checked in process (a sample through the CLI):
no exception escapes, no ``check-failed``, no check over 10 s, the CLI prints
JSON and exits 0 or 1 as the in-process check decided. Every mutant check
accepts is built, all of them in one build, and the site is scanned for active
content. A failing mutant stops the run and hypothesis shrinks it. ``make fuzz
N=…`` runs the same code for long runs; FUZZ_CASES and FUZZ_SEED change the size
and seed here.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import fuzzing
import pytest
from activecontent import Baseline, Site
from conftest import BASE_ITEMS, build_repository
from fuzzing import FIRST_SERIAL, SERIAL, FuzzRun, Mutant, run_batch, usable_seeds
from sitebuild import benign_baseline, copy_repository

CASES = int(os.environ.get("FUZZ_CASES", "300"))
SEED = int(os.environ.get("FUZZ_SEED", "20261127"))


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    return benign_baseline(tmp_path_factory)


def test_the_seeds_are_valid_items_and_most_of_them_are_usable(tmp_path):
    root = copy_repository(tmp_path / "repo")
    seeds = usable_seeds(root)
    assert len(seeds) >= 12, [s.name for s in seeds]
    assert any(s.folder == "content/pages" for s in seeds) and "with-files" in [s.name for s in seeds]
    assert all(SERIAL in s.text for s in seeds if s.folder != "content/pages")


def test_mutants_never_crash_the_check_and_what_it_accepts_builds_clean(tmp_path, baseline):
    root = copy_repository(tmp_path / "repo")
    run = FuzzRun(root, strict=True)
    run_batch(run, usable_seeds(root), CASES, SEED, shrink=True)
    assert run.figures["cases"] >= CASES
    assert run.figures["cli runs"] >= CASES // run.cli_every
    # The build and the scan see enough: at least a tenth of the mutants are accepted.
    assert run.figures["accepted"] >= CASES // 10, run.figures
    run.strict = False          # the build and the scan: collect every finding, then report them
    run.build_and_scan(baseline)
    assert run.figures["builds"] == 1
    assert not run.failures, "\n".join(f"{f.kind}: {f.path}: {f.detail}" for f in run.failures[:20])


# -- the harness itself: failures are found and traced to their mutant --------------------------------

def accepted_run(root: Path, count: int) -> FuzzRun:
    """A run whose repository holds ``count`` valid items as if they were accepted mutants."""
    build_repository(root)
    run = FuzzRun(root)
    for n in range(count):
        rel = f"content/czj/2026/fuzz-{FIRST_SERIAL + n}.md"
        data = BASE_ITEMS["content/czj/2026/base-budget.md"].replace("2026-00002", f"2026-{FIRST_SERIAL + n}")
        (root / rel).write_text(data, encoding="utf-8")
        run.accepted[rel] = Mutant(rel, data.encode(), "base-budget", [])
    return run


def test_a_build_failure_is_traced_to_the_mutant_that_causes_it(tmp_path, monkeypatch):
    run = accepted_run(tmp_path / "repo", 10)
    bad = sorted(run.accepted)[7]
    builds = []

    def fake_build(root):
        builds.append(sorted(p.name for p in (root / "content/czj/2026").glob("fuzz-*.md")))
        return subprocess.CompletedProcess([], 1 if (root / bad).exists() else 0, "", "")

    monkeypatch.setattr(fuzzing, "run_build", fake_build)
    run.build_and_scan(None)
    assert [(f.kind, f.path) for f in run.failures] == [("accepted but unbuildable", bad)]
    assert len(builds) <= 2 + 2 * 4 + 1            # the first build, two per halving, the restoring one
    assert all((run.root / rel).is_file() for rel in run.accepted), "the mutants were not put back"


def test_a_finding_on_a_mutants_page_is_charged_to_it(tmp_path, monkeypatch):
    run = accepted_run(tmp_path / "repo", 3)
    rel = sorted(run.accepted)[1]
    page = '<html><body><article><p>正文</p>{}</article></body></html>'

    def fake_build(root):
        for other in run.accepted:
            path = root / "site" / other.removeprefix("content/").removesuffix(".md") / "index.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page.format('<img src=x onerror="alert(1)">' if other == rel else ""), encoding="utf-8")
        return subprocess.CompletedProcess([], 0, "", "")

    monkeypatch.setattr(fuzzing, "run_build", fake_build)
    run.build_and_scan(Baseline(Site("https://gk.example/")))
    assert [(f.kind, f.path) for f in run.failures] == [("active-content findings", rel)]
