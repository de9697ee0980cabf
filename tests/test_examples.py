"""Example items that must pass and must fail (tests/examples/), and real texts that must pass.

Each example is placed in a fresh temporary repository (conftest.build_repository:
the real categories.yml and holidays.yml plus a few known-good items) at the
path its entry in expectations.yml names, and the problems reported for it must
be exactly the expected ones: code, field and line, no more and no fewer.
"""

from __future__ import annotations

import ast
import os
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import BASE_ITEMS, PROJECT, REAL_FILES, REALDOCS, TODAY, build_repository, real_item

from generator.check.codes import BY_CODE
from generator.check.repository import load_repository
from generator.problems import ERROR, WARNING

EXAMPLES = Path(__file__).resolve().parent / "examples"
SPEC = yaml.safe_load((EXAMPLES / "expectations.yml").read_text(encoding="utf-8"))


# -- building the repository --------------------------------------------------

def example_bytes(folder: str, name: str, spec: dict) -> bytes:
    text = (EXAMPLES / folder / name).read_text(encoding="utf-8")
    data = text.encode("utf-8")
    for step in spec.get("transform", []):
        if step == "gbk":
            data = text.encode("gbk")
        elif step == "crlf":
            data = data.replace(b"\n", b"\r\n")
        elif step == "bom":
            data = b"\xef\xbb\xbf" + data
        elif step == "empty":
            data = b""
        elif step == "whitespace":
            data = b"  \n\n\t\n"
        else:
            raise ValueError(f"unknown transform {step!r}")
    return data


def place_example(tmp_path: Path, folder: str, name: str, spec: dict) -> tuple[Path, str]:
    root = build_repository(tmp_path / "repo", holidays=spec.get("holidays", True))
    rel = spec["as"]
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(example_bytes(folder, name, spec))
    for file_name, content in (spec.get("files") or {}).items():
        path = target.parent / file_name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        elif "size" in content:
            with open(path, "wb") as handle:   # sparse: no 50 MB written to disk
                handle.truncate(content["size"])
        elif content.get("symlink_outside"):
            secret = root / "outside.pdf"
            secret.write_bytes(b"%PDF-1.4 not for publication")
            os.symlink(secret, path)
        else:
            raise ValueError(f"unknown file spec {content!r}")
    return root, rel


def check_date(spec: dict) -> date:
    value = spec.get("today", TODAY)
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def triples(problems) -> Counter:
    return Counter((p.code, p.field, p.line) for p in problems)


def expected_triples(entries) -> Counter:
    return Counter((e["code"], e["field"], e["line"]) for e in entries or [])


def show(problems) -> str:
    return "\n".join(f"  {p.code} field={p.field} line={p.line}: {p.message} | {p.hint}" for p in problems) or "  (none)"


def params(kind: str) -> list:
    out = []
    for name, spec in SPEC[kind].items():
        marks = [pytest.mark.xfail(strict=True, reason=spec["xfail"])] if spec.get("xfail") else []
        out.append(pytest.param(name, spec, id=name, marks=marks))
    return out


# -- the examples -------------------------------------------------------------

@pytest.mark.parametrize("name,spec", params("pass"))
def test_pass_example(tmp_path, name, spec):
    root, rel = place_example(tmp_path, "pass", name, spec)
    repo = load_repository(root, today=check_date(spec))
    allowed = set(spec.get("allowed_warnings") or [])
    mine = [p for p in repo.problems if p.path == rel]
    unexpected = [p for p in mine if not (p.severity == WARNING and p.code in allowed)]
    assert not unexpected, f"{name} must pass, but:\n{show(unexpected)}"
    others = [p for p in repo.problems if p.path != rel]
    assert not others, f"the base items must stay clean:\n{show(others)}"
    loaded = ({item.rel for item in repo.items} | {"content/" + page.src_uri for page in repo.pages}
              | {ledger.rel for ledger in repo.ledgers.values()})
    assert rel in loaded, f"{name} was not loaded as an item, page or ledger"


@pytest.mark.parametrize("name,spec", params("fail"))
def test_fail_example(tmp_path, name, spec):
    root, rel = place_example(tmp_path, "fail", name, spec)
    repo = load_repository(root, today=check_date(spec))
    mine = [p for p in repo.problems if p.path == rel]
    assert triples(mine) == expected_triples(spec["problems"]), \
        f"{name}: expected {sorted(expected_triples(spec['problems']).elements(), key=str)}, got\n{show(mine)}"
    for want in spec["problems"]:
        candidates = [p for p in mine if (p.code, p.field, p.line) == (want["code"], want["field"], want["line"])]
        for key, attr in (("hint_contains", "hint"), ("message_contains", "message")):
            if key in want:
                assert any(want[key] in getattr(p, attr) for p in candidates), \
                    f"{name}: no {want['code']} whose {attr} contains {want[key]!r}:\n{show(candidates)}"
        if "hint_matches" in want:
            assert any(re.search(want["hint_matches"], p.hint) for p in candidates), \
                f"{name}: no {want['code']} whose hint matches {want['hint_matches']!r}:\n{show(candidates)}"
        for p in candidates:
            assert p.severity == BY_CODE[p.code].severity
            assert p.message and p.hint, f"{name}: {p.code} needs a message and a hint"
    expected_others = spec.get("others") or {}
    for other_rel in {p.path for p in repo.problems if p.path != rel} | set(expected_others):
        got = [p for p in repo.problems if p.path == other_rel]
        assert triples(got) == expected_triples(expected_others.get(other_rel)), \
            f"{name}: unexpected problems in {other_rel}:\n{show(got)}"


def test_bad_filename_hint_is_ascii(tmp_path):
    spec = SPEC["fail"]["bad-filename-chinese.md"]
    root, rel = place_example(tmp_path, "fail", "bad-filename-chinese.md", spec)
    [problem] = [p for p in load_repository(root, today=TODAY).problems if p.path == rel]
    proposed = re.findall(r"[A-Za-z0-9-]+\.md", problem.hint)
    assert proposed and all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*\.md", name) for name in proposed), problem.hint


def test_base_repository_is_clean(tmp_path):
    root = build_repository(tmp_path / "repo")
    repo = load_repository(root, today=TODAY)
    assert repo.problems == []
    assert {item.rel for item in repo.items} == {rel for rel in BASE_ITEMS if not rel.startswith("content/pages/")}
    assert [page.src_uri for page in repo.pages] == ["pages/guide.md"]


# -- every code is documented and has a failing example ------------------------

def _module_codes(path: Path) -> set[str]:
    """Codes passed as the code argument in one module (found with ast, not by running)."""
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        first = node.args[0] if node.args else None
        if name == "error" and isinstance(first, ast.Constant) and isinstance(first.value, str) \
                and re.fullmatch(r"[a-z]+(-[a-z]+)+", first.value):
            found.add(first.value)                                       # Value.error(code, message, hint)
        if name in ("unknown", "_named") and node.args and isinstance(node.args[0], ast.Constant):
            found.add("unknown-" + node.args[0].value.replace("_", "-"))   # f"unknown-{kind}"
        index = {"error": 3, "warning": 3, "Problem": 4, "_problem": 1, "report": 1}.get(name)
        if index is None:
            continue
        position = 0
        for arg in node.args:
            width = 2 if isinstance(arg, ast.Starred) else 1     # *draft.at(key) is line and column
            if position == index and not isinstance(arg, ast.Starred):
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add(arg.value)
                elif isinstance(arg, ast.JoinedStr) and "unknown-{kind" not in ast.unparse(arg):
                    pytest.fail(f"{path.name}:{node.lineno}: code built from an f-string; list it in this test")
                break
            position += width
    return found


def emitted_codes() -> set[str]:
    """Codes reported anywhere in the generator package."""
    return set().union(*(_module_codes(p) for p in sorted((PROJECT / "generator").rglob("*.py"))))


def test_each_rule_module_lists_the_codes_it_reports():
    """The registry: every module of generator/check/ names its codes in CODES, and they are documented."""
    import importlib

    for path in sorted((PROJECT / "generator" / "check").glob("*.py")):
        codes = _module_codes(path)
        if not codes:
            continue
        module = importlib.import_module(f"generator.check.{path.stem}")
        declared = set(getattr(module, "CODES", ()))
        assert codes <= declared, f"{path.name} reports {sorted(codes - declared)} without listing them in CODES"
        assert declared <= set(BY_CODE), f"{path.name} lists undocumented codes {sorted(declared - set(BY_CODE))}"


def test_every_emitted_code_is_documented():
    codes = emitted_codes()
    assert len(codes) > 30, codes
    assert codes - set(BY_CODE) == set()


def test_every_documented_code_is_emitted_somewhere():
    assert set(BY_CODE) - emitted_codes() == set()


def _example_codes(spec: dict) -> set[str]:
    """Codes an example expects, in the item itself and in the files beside it."""
    found = {p["code"] for p in spec["problems"]}
    return found | {p["code"] for entries in (spec.get("others") or {}).values() for p in entries}


def test_every_code_has_a_fail_example():
    covered = {code for spec in SPEC["fail"].values() for code in _example_codes(spec)}
    # An example marked xfail does not count: each code needs one that passes today.
    working = {code for spec in SPEC["fail"].values() if not spec.get("xfail") for code in _example_codes(spec)}
    # A fault of the checker itself has no example; the fuzz tests assert it never happens.
    needed = {code for code, entry in BY_CODE.items() if not entry.internal}
    assert needed - covered == set()
    assert needed - working == set()
    assert covered - set(BY_CODE) == set()


def test_every_example_file_is_listed():
    for kind in ("pass", "fail"):
        on_disk = {p.name for p in (EXAMPLES / kind).iterdir() if p.suffix in (".md", ".yml")}
        assert on_disk == set(SPEC[kind]), f"{kind}: files and expectations.yml differ"


def test_documented_severities():
    assert {c.severity for c in BY_CODE.values()} == {ERROR, WARNING}


# -- real texts: no false alarms ------------------------------------------------

@pytest.mark.skipif(not REAL_FILES, reason=f"{REALDOCS} not available")
@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.stem[:12])
def test_real_text_has_no_false_alarm(tmp_path, path):
    root = build_repository(tmp_path / "repo")
    item = real_item(path, 101)
    target = root / "content/szfb/2026/real-text.md"
    target.parent.mkdir(parents=True)
    target.write_text(item, encoding="utf-8")
    repo = load_repository(root, today=TODAY)
    assert repo.problems == [], show(repo.problems)


def test_real_texts_count():
    # Without the texts the no-false-alarm tests above are skipped; say so with a failure.
    assert REALDOCS.is_dir(), f"{REALDOCS} not available (set REALDOCS)"
    assert len(REAL_FILES) == 4
