"""The department guide: generated reference pages, the hand-written guide, hook and CI files."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT, TODAY

from generator.authoring.guide import render_reference, write_reference
from generator.check.codes import CODES
from generator.check.repository import load_repository
from generator.model.schema import load_schema

DOCS = PROJECT / "docs"


def _fresh() -> dict[str, str]:
    return render_reference(PROJECT)


# -- generated reference ------------------------------------------------------------

@pytest.mark.parametrize("rel", ["docs/fields.md", "docs/errors.md"])
def test_committed_reference_is_up_to_date(rel):
    committed = (PROJECT / rel).read_text(encoding="utf-8")
    assert committed == _fresh()[rel], f"{rel} 已过期：运行 make docs（python -m generator docs）重新生成"


def test_rendering_is_deterministic():
    assert _fresh() == _fresh()


def test_every_code_has_its_anchor_and_section():
    text = (DOCS / "errors.md").read_text(encoding="utf-8")
    for code in CODES:
        assert f'<a id="{code.code}"></a>' in text, code.code
        assert f"\n## {code.code}\n" in text, code.code
        assert f"](#{code.code})" in text, code.code
        assert code.title in text
    anchors = re.findall(r'<a id="([^"]+)"></a>', text)
    assert anchors == [c.code for c in CODES]


def test_errors_page_shows_severity_in_chinese():
    text = (DOCS / "errors.md").read_text(encoding="utf-8")
    for code in CODES:
        section = text.split(f'<a id="{code.code}"></a>', 1)[1].split("<a id=", 1)[0]
        assert ("级别：错误" if code.severity == "error" else "级别：警告") in section, code.code
        assert "出错的例子：" in section and "怎样改：" in section


def test_fields_page_covers_the_schema():
    schema = load_schema(PROJECT / "categories.yml")
    text = (DOCS / "fields.md").read_text(encoding="utf-8")
    for fdef in schema.fields.values():
        assert f'<a id="{fdef.key}"></a>' in text
        assert f"### {fdef.label}（{fdef.key}）" in text
        for alias in fdef.aliases:
            assert alias in text
    for unit in schema.units.values():
        assert f"`{unit.id}`" in text and f"`{unit.code}`" in text and unit.name in text
    for category in schema.categories.values():
        assert f"`{category.id}`" in text and category.name in text
    for sector in schema.sectors.values():
        assert f"`{sector.id}`" in text
    for info_type in schema.info_types:
        assert f"`{info_type.id}`" in text and info_type.name in text
    anchors = re.findall(r'<a id="([^"]+)"></a>', text)
    assert len(anchors) == len(set(anchors)), "fields.md 的锚点重复"


def test_fields_page_explains_conditional_requirements():
    text = (DOCS / "fields.md").read_text(encoding="utf-8")
    doc_number = text.split('<a id="doc_number"></a>', 1)[1].split("<a id=", 1)[0]
    assert "行政法规、规章和规范性文件" in doc_number
    project = text.split('<a id="project"></a>', 1)[1].split("<a id=", 1)[0]
    assert "重大建设项目" in project
    review = text.split('<a id="review"></a>', 1)[1].split("<a id=", 1)[0]
    assert "不在网站上显示" in review and "必填（每条信息都要填）" in review


def test_write_reference_and_cli(make_repo):
    root = make_repo()
    paths = write_reference(root)
    assert [p.relative_to(root).as_posix() for p in paths] == ["docs/fields.md", "docs/errors.md"]
    for path in paths:
        assert path.read_text(encoding="utf-8") == _fresh()[path.relative_to(root).as_posix()]
    (root / "docs" / "errors.md").write_text("stale", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "docs"],
                            capture_output=True, text=True, cwd=PROJECT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["docs/fields.md", "docs/errors.md"]
    assert (root / "docs" / "errors.md").read_text(encoding="utf-8") == _fresh()["docs/errors.md"]


# -- hand-written guide ---------------------------------------------------------------

def _guide() -> str:
    return (DOCS / "guide.md").read_text(encoding="utf-8")


def test_guide_links_to_the_reference_pages():
    text = _guide()
    assert "](fields.md)" in text and "](errors.md)" in text
    fields = (DOCS / "fields.md").read_text(encoding="utf-8")
    for anchor in re.findall(r"\]\(fields\.md#([^)]+)\)", text):
        assert f'<a id="{anchor}"></a>' in fields, anchor


def test_guide_mentions_only_real_codes():
    schema = load_schema(PROJECT / "categories.yml")
    not_codes = set(schema.units) | set(schema.categories) | set(schema.sectors) | {"disclosure-check"}
    codes = {c.code for c in CODES}
    mentioned = {m for m in re.findall(r"`([a-z]+(?:-[a-z0-9]+)*)`", _guide())
                 if ("-" in m or m in codes) and m not in not_codes and not re.search(r"\d", m)}
    assert mentioned <= codes, f"guide.md 提到了不存在的错误代码：{sorted(mentioned - codes)}"
    assert len(mentioned) >= 20


def test_guide_example_item_passes_the_check(make_repo, monkeypatch):
    text = _guide()
    block = text.split("<!-- 完整示例开始", 1)[1].split("<!-- 完整示例结束", 1)[0]
    item = block.split("```markdown\n", 1)[1].rsplit("```", 1)[0]
    root = make_repo()
    target = root / "content" / "czj" / "2026" / "performance-rules-2026.md"
    target.write_text(item, encoding="utf-8")
    (target.parent / "performance-rules-2026.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    monkeypatch.setenv("DISCLOSURE_TODAY", TODAY.isoformat())
    repo = load_repository(root)
    assert [p for p in repo.problems if p.path.endswith("performance-rules-2026.md")] == []


def test_guide_example_ledger_passes_the_check(make_repo):
    section = _guide().split("### 每条申请一行", 1)[1]
    ledger = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    root = make_repo()
    target = root / "applications" / "czj" / "2025.yml"
    target.parent.mkdir(parents=True)
    target.write_text(ledger, encoding="utf-8")
    repo = load_repository(root, today=date(2026, 1, 5))      # the open application is not late yet
    assert [p for p in repo.problems if p.path == "applications/czj/2025.yml"] == []
    assert len(repo.ledgers[("czj", 2025)].applications) == 3


def test_guide_pre_commit_snippet_matches_the_hook():
    snippet = re.search(r"```yaml\n( *repos:.*?)```", _guide(), re.S).group(1)
    config = yaml.safe_load(textwrap.dedent(snippet))
    local = config["repos"][0]
    assert local["repo"] == "local"
    hook = local["hooks"][0]
    published = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    for key in ("id", "entry", "language", "files", "pass_filenames"):
        assert hook[key] == published[key], key


# -- hook and CI files ------------------------------------------------------------------

def test_pre_commit_hook_definition():
    hooks = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "disclosure-check")
    assert hook["entry"] == "python -m generator check"
    assert hook["language"] == "system"
    assert hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    assert files.search("content/czj/2026/budget-2026.md")
    assert not files.search("docs/guide.md")
    assert files.search("content/czj/2026/budget-2026.pdf")      # attachments are checked too (type, links)


def _github_workflow(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))   # YAML 1.1 reads the key `on` as true
    return data


def test_github_workflow():
    workflow = _github_workflow(PROJECT / ".github" / "workflows" / "check.yml")
    assert "pull_request" in workflow["on"] and "push" in workflow["on"]
    steps = workflow["jobs"]["check"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("actions/checkout@") for u in uses)
    setup = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert str(setup["with"]["python-version"]) == "3.11"
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "pip install -r requirements.txt" in runs and "pip install --no-deps -e ." in runs
    assert "python -m generator check --format github" in runs
    site = "\n".join(s.get("run", "") for s in workflow["jobs"]["site"]["steps"])
    assert "make site" in site
    template = PROJECT / "ci-templates" / "github-actions.yml"
    assert template.read_text(encoding="utf-8") == (PROJECT / ".github/workflows/check.yml").read_text(encoding="utf-8")


def _gitlab() -> dict:
    return yaml.safe_load((PROJECT / "ci-templates" / "gitlab-ci.yml").read_text(encoding="utf-8"))


def test_gitlab_template():
    job = _gitlab()["disclosure-check"]
    script = "\n".join(job["script"])
    assert "python -m generator check --format gitlab > gl-code-quality-report.json" in script
    assert job["artifacts"]["when"] == "always"
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert "make site" in "\n".join(_gitlab()["site"]["script"])


BAD_ITEM = """---
标题: 有错误的信息
公开类别: 财政预决算
发布机构: 市财政局
索引号: 11159900K900000769/2026-00009
成文日期: 2026-03-02
发布日期: 2026-03-05
---

正文。
"""


@pytest.mark.parametrize("bad", [False, True])
def test_gitlab_script_exit_code_and_report(make_repo, tmp_path, bad):
    """Run the job's script with bash -e (as the GitLab runner does): it fails exactly when check fails."""
    root = make_repo()
    if bad:
        (root / "content" / "czj" / "2026" / "bad.md").write_text(BAD_ITEM, encoding="utf-8")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    wrapper = bindir / "python"   # a wrapper, not a symlink: a symlinked venv python loses its packages
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    env = dict(os.environ, PATH=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}",
               PYTHONPATH=str(PROJECT), DISCLOSURE_TODAY=TODAY.isoformat())
    script = "\n".join(_gitlab()["disclosure-check"]["script"])
    result = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=root, env=env,
                            capture_output=True, text=True)
    assert result.returncode == (1 if bad else 0), result.stdout + result.stderr
    report = json.loads((root / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert isinstance(report, list)
    assert bool(report) == bad
    if bad:
        assert {r["check_name"] for r in report} >= {"missing-field"}
        assert all(r["location"]["path"] == "content/czj/2026/bad.md" for r in report)
    assert "检查了" in result.stdout   # the readable text is in the job log too
