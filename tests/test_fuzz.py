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

import pytest

from fuzzing import SERIAL, FuzzRun, run_batch, usable_seeds
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
    assert any(s.folder == "content/pages" for s in seeds)
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
