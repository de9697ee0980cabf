"""`python -m generator check` and `new` as a department (or CI) runs them: a subprocess in a repository."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BASE_ITEMS, CZJ, PROJECT

TODAY = "2026-11-27"
KEYS = {"path", "line", "column", "field", "code", "severity", "message", "hint"}

CLEAN_WITH_WARNING = f"""---
标题: 示例市财政局2026年一季度预算执行情况
公开类别: 财政预算、决算信息
发布机构: 示例市财政局
索引号: {CZJ}/2026-00101
成文日期: 2026-03-02
发布日期: 2026-03-05
备注: 一个未知字段，只是警告
保密审查:
  reviewer: 张三
  date: 2026-03-04
---

2026年一季度，全市一般公共预算收入完成年度预算的26%。
"""

WITH_ERRORS = f"""---
标题: 示例市财政局2026年二季度预算执行情况
公开类别: 财政预算、决算信息
发布机构: 示例市财政局
索引号: {CZJ}/2026-00102
发布日期: 2026-06-05
保密审查:
  reviewer: 张三
  date: 2026-06-04
---

正文<script>alert(1)</script>
"""


def run(args: list[str], cwd: Path, **env) -> subprocess.CompletedProcess:
    environment = dict(os.environ, PYTHONPATH=str(PROJECT), DISCLOSURE_TODAY=TODAY, **env)
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=120)


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- exit codes -----------------------------------------------------------------

def test_clean_repository_exits_0(make_repo):
    root = make_repo()
    result = run(["check"], root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 个错误" in result.stdout


def test_warnings_alone_exit_0(make_repo):
    root = make_repo()
    write(root, "content/czj/2026/budget-q1.md", CLEAN_WITH_WARNING)
    result = run(["check", "--format", "json"], root)
    assert result.returncode == 0, result.stdout + result.stderr
    problems = json.loads(result.stdout)
    assert [(p["code"], p["severity"]) for p in problems] == [("unknown-field", "warning")]


def test_an_error_exits_1_and_text_groups_by_file(make_repo):
    root = make_repo()
    write(root, "content/czj/2026/budget-q2.md", WITH_ERRORS)
    write(root, "content/czj/2026/budget-q1.md", CLEAN_WITH_WARNING)
    result = run(["check"], root)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    headers = [line for line in lines if line.startswith("content/")]
    assert headers == ["content/czj/2026/budget-q1.md", "content/czj/2026/budget-q2.md"]
    assert "missing-field" in result.stdout and "unsafe-html" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("path", ["content/czj/2026/no-such-file.md", "/etc/hostname", "categories.yml"])
def test_bad_path_exits_2(make_repo, path):
    root = make_repo()
    result = run(["check", path], root)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.strip() and "Traceback" not in result.stderr


def test_unknown_format_exits_2(make_repo):
    result = run(["check", "--format", "xml"], make_repo())
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("old,new,line", [
    ("  - id: czj\n", "  - id: czj\n    id: czj2\n", None),             # duplicate key
    ("  - id: czj\n", "  - id: czj\n   name: [unclosed\n", None),      # YAML syntax
    ("    days: 20\n", "    days: twenty\n", None),                  # wrong value
])
def test_broken_categories_exits_2_with_line(make_repo, old, new, line):
    root = make_repo()
    path = root / "categories.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    changed = text[: text.index(new)].count("\n") + 1        # first line of the replacement
    result = run(["check"], root)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    match = re.search(r"categories\.yml:(\d+)", result.stderr)
    assert match, result.stderr
    assert changed <= int(match.group(1)) <= changed + new.count("\n"), result.stderr


def test_broken_holidays_exits_2_with_line(make_repo):
    root = make_repo()
    with open(root / "holidays.yml", "a", encoding="utf-8") as handle:
        handle.write("2028:\n  holidays:\n    - 2028-02-30\n")
    result = run(["check"], root)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(r"holidays\.yml:\d+", result.stderr), result.stderr


def test_missing_content_exits_2(tmp_path):
    (tmp_path / "categories.yml").write_bytes((PROJECT / "categories.yml").read_bytes())
    result = run(["check"], tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


# -- formats ----------------------------------------------------------------------

def test_json_format(make_repo, tmp_path):
    root = make_repo()
    write(root, "content/czj/2026/budget-q2.md", WITH_ERRORS)
    # run from outside the repository: paths stay relative to the project root
    result = run(["--root", str(root), "check", "--format", "json"], tmp_path)
    assert result.returncode == 1, result.stderr
    problems = json.loads(result.stdout)
    assert isinstance(problems, list) and problems
    for p in problems:
        assert set(p) == KEYS
        assert p["path"] == "content/czj/2026/budget-q2.md"
        assert p["severity"] in ("error", "warning")
        assert p["line"] is None or isinstance(p["line"], int)
    by_code = {p["code"]: p for p in problems}
    assert by_code["missing-field"]["line"] is None and by_code["missing-field"]["field"] == "formation_date"
    assert by_code["unsafe-html"]["line"] == 12 and by_code["unsafe-html"]["field"] is None
    assert by_code["unsafe-html"]["column"] == 3


def test_github_format(make_repo):
    root = make_repo()
    write(root, "content/czj/2026/budget-q2.md", WITH_ERRORS)
    write(root, "content/czj/2026/budget-q1.md", CLEAN_WITH_WARNING)
    result = run(["check", "--format", "github"], root)
    assert result.returncode == 1
    lines = result.stdout.rstrip("\n").split("\n")
    annotations = [line for line in lines if line.startswith("::")]
    assert len(annotations) == 3
    for line in annotations:
        assert line.startswith("::error file=") or line.startswith("::warning file=")
    assert any(line.startswith("::error file=content/czj/2026/budget-q2.md,line=12,") for line in annotations)
    assert any(line.startswith("::warning file=content/czj/2026/budget-q1.md,line=8,") for line in annotations)
    # anything else is the closing count, not a stray line
    assert [line for line in lines if not line.startswith("::")] == [lines[-1]]


def test_gitlab_format(make_repo):
    root = make_repo()
    write(root, "content/czj/2026/budget-q2.md", WITH_ERRORS)
    write(root, "content/czj/2026/budget-q1.md", CLEAN_WITH_WARNING)
    result = run(["check", "--format", "gitlab"], root)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert isinstance(report, list) and len(report) == 3
    for entry in report:
        assert entry["description"] and entry["check_name"]
        assert re.fullmatch(r"[0-9a-f]{64}", entry["fingerprint"])
        assert entry["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert entry["location"]["path"].startswith("content/")
        assert isinstance(entry["location"]["lines"]["begin"], int) and entry["location"]["lines"]["begin"] >= 1
    assert len({entry["fingerprint"] for entry in report}) == 3
    severities = {entry["check_name"]: entry["severity"] for entry in report}
    assert severities["unknown-field"] == "minor" and severities["unsafe-html"] == "major"


# -- one file against the whole repository -----------------------------------------

def test_one_file_still_sees_duplicates_elsewhere(make_repo):
    root = make_repo()
    copy = BASE_ITEMS["content/czj/2026/base-budget.md"].replace("2026年部门预算", "2026年部门预算（副本）")
    write(root, "content/czj/2026/copy.md", copy)
    result = run(["check", "--format", "json", "content/czj/2026/copy.md"], root)
    assert result.returncode == 1, result.stdout + result.stderr
    problems = json.loads(result.stdout)
    assert [(p["path"], p["code"], p["field"], p["line"]) for p in problems] == [
        ("content/czj/2026/copy.md", "duplicate-index-no", "index_no", 5)]
    assert "content/czj/2026/base-budget.md" in problems[0]["message"]


def test_one_file_sees_a_duplicate_written_with_a_bom_crlf_quotes_and_a_comment(make_repo):
    """The other files are only scanned (bytes, no YAML parse): the usual ways of writing the index
    number must still be read as the same number."""
    root = make_repo()
    base = BASE_ITEMS["content/czj/2026/base-budget.md"]
    assert f"\n索引号: {CZJ}/2026-00002\n" in base
    other = base.replace(f"\n索引号: {CZJ}/2026-00002\n", f"\n索引号 : '{CZJ}/2026-00002'   # 财政局\n")
    (root / "content/czj/2026/base-budget.md").write_bytes(b"\xef\xbb\xbf" + other.replace("\n", "\r\n").encode("utf-8"))
    copy = base.replace("2026年部门预算", "2026年部门预算（副本）")
    write(root, "content/czj/2026/copy.md", copy)
    result = run(["check", "--format", "json", "content/czj/2026/copy.md"], root)
    problems = json.loads(result.stdout)
    assert [(p["code"], p["line"]) for p in problems] == [("duplicate-index-no", 5)], result.stdout + result.stderr
    assert "content/czj/2026/base-budget.md" in problems[0]["message"]


def test_one_file_resolves_references_elsewhere(make_repo):
    root = make_repo()
    interpretation = CLEAN_WITH_WARNING.replace("备注: 一个未知字段，只是警告", f"解读对象: {CZJ}/2026-00001")
    write(root, "content/czj/2026/interpretation.md", interpretation.replace("2026-03-05", "2026-03-06"))
    result = run(["check", "--format", "json", "content/czj/2026/interpretation.md"], root)
    assert result.returncode == 0, result.stdout + result.stderr
    # the policy (published 2026-03-02, not checked here) is found, and the 4-day gap is seen
    assert [p["code"] for p in json.loads(result.stdout)] == ["late-interpretation"]


def test_a_folder_argument(make_repo):
    root = make_repo()
    write(root, "content/czj/2026/budget-q2.md", WITH_ERRORS)
    result = run(["check", "--format", "json", "content/czj"], root)
    assert result.returncode == 1
    assert {p["path"] for p in json.loads(result.stdout)} == {"content/czj/2026/budget-q2.md"}


def test_check_does_not_import_mkdocs(make_repo):
    root = make_repo()
    code = ("import sys, generator.cli; generator.cli.main(['--root', sys.argv[1], 'check']); "
            "print('mkdocs' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True,
                            env=dict(os.environ, PYTHONPATH=str(PROJECT), DISCLOSURE_TODAY=TODAY), timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


# -- new ----------------------------------------------------------------------------

def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=a@b", "-c", "user.name=t", "-c", "init.defaultBranch=main", *args],
                   cwd=root, check=True, capture_output=True)


@pytest.fixture
def git_repo(make_repo):
    root = make_repo()
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def new(root: Path, title: str, category: str = "财政预算、决算信息", *extra: str) -> subprocess.CompletedProcess:
    return run(["new", "--unit", "市财政局", "--category", category, "--title", title, *extra], root)


def test_new_prints_path_and_takes_next_serial(git_repo):
    result = new(git_repo, "示例市财政局2026年三季度预算执行情况")
    assert result.returncode == 0, result.stderr
    rel = result.stdout.strip()
    assert rel == "content/czj/2026/item-2026-00003.md"     # base items use 00001 and 00002
    text = (git_repo / rel).read_text(encoding="utf-8")
    assert f"{CZJ}/2026-00003" in text
    assert "示例市财政局2026年三季度预算执行情况" in text


def test_new_never_reuses_a_deleted_serial(git_repo):
    first = new(git_repo, "将被删除的信息").stdout.strip()
    assert first.endswith("item-2026-00003.md")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "add 00003")
    (git_repo / first).unlink()
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "delete 00003")
    second = new(git_repo, "新的信息")
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "content/czj/2026/item-2026-00004.md"
    text = (git_repo / second.stdout.strip()).read_text(encoding="utf-8")
    assert f"{CZJ}/2026-00004" in text and "2026-00003" not in text


def test_new_counts_uncommitted_items(git_repo):
    assert new(git_repo, "第一条").stdout.strip().endswith("00003.md")
    assert new(git_repo, "第二条", "财政预算、决算信息", "--slug", "second").stdout.strip() == \
        "content/czj/2026/second.md"
    assert f"{CZJ}/2026-00004" in (git_repo / "content/czj/2026/second.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("category", ["财政预算、决算信息", "规范性文件"])
def test_new_item_fails_only_on_placeholders(git_repo, category):
    rel = new(git_repo, "示例市财政局关于新信息的通知", category).stdout.strip()
    result = run(["check", "--format", "json", rel], git_repo)
    assert result.returncode == 1, result.stdout + result.stderr
    problems = json.loads(result.stdout)
    assert problems and {p["code"] for p in problems} == {"placeholder"}, problems
    assert all(p["path"] == rel and p["line"] for p in problems)


def test_new_with_unknown_unit_exits_2(git_repo):
    result = run(["new", "--unit", "市财政厅", "--category", "财政预算、决算信息", "--title", "x"], git_repo)
    assert result.returncode == 2
    assert "市财政局" in result.stderr and "Traceback" not in result.stderr
