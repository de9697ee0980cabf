"""Shared fixtures: a throw-away repository with the real schema and a few known-good items."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 27)

# Real published texts nobody here wrote (beside the project; REALDOCS overrides the folder).
REALDOCS = Path(os.environ.get("REALDOCS", PROJECT.parent / "shared" / "realdocs"))
REAL_FILES = sorted(p for p in REALDOCS.glob("*.md") if p.name != "README.md") if REALDOCS.is_dir() else []


def real_item(path: Path, number: int) -> str:
    """A real text as it stands, made an item of 市政府办 (其他政府信息) titled by its file name,
    with index number 11159900K900000251/2026-<number>."""
    return f"""---
标题: {path.stem.split("(")[0]}
公开类别: 其他政府信息
发布机构: 市政府办
索引号: 11159900K900000251/2026-{number:05d}
成文日期: 2026-06-01
发布日期: 2026-06-03
保密审查:
  reviewer: 张三
  date: 2026-06-02
---

""" + path.read_text(encoding="utf-8")

CZJ = "11159900K900000769"   # 示例市财政局

# Known-good items every temporary repository starts with (path -> text).
# Examples refer to them: base-policy is the policy that interpretations
# interpret and superseded_by points to; base-budget's index number is the one
# the duplicate example reuses. Their index_no is on line 5.
BASE_ITEMS = {
    "content/czj/2026/base-policy.md": f"""---
标题: 示例市财政局关于规范财政资金管理的通知
公开类别: 规范性文件
发布机构: 示例市财政局
索引号: {CZJ}/2026-00001
成文日期: 2026-02-27
发布日期: 2026-03-02
发文字号: 示例财发〔2026〕3号
有效性: 有效
保密审查:
  reviewer: 李四
  date: 2026-03-02
---

各县区财政局：为规范财政资金管理，现将有关事项通知如下。
""",
    "content/czj/2026/base-budget.md": f"""---
标题: 示例市财政局2026年部门预算
公开类别: 财政预算、决算信息
发布机构: 示例市财政局
索引号: {CZJ}/2026-00002
成文日期: 2026-03-02
发布日期: 2026-03-05
保密审查:
  reviewer: 李四
  date: 2026-03-04
---

示例市财政局2026年部门预算公开如下。
""",
    "content/pages/guide.md": """---
title: 政府信息公开指南
---

# 政府信息公开指南

本指南说明如何申请政府信息公开。
""",
}


def build_repository(root: Path, *, holidays: bool = True, base: bool = True) -> Path:
    """Create a repository at ``root``: categories.yml, holidays.yml (optional), content/ with the base items."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT / "categories.yml", root / "categories.yml")
    if holidays:
        shutil.copy(PROJECT / "holidays.yml", root / "holidays.yml")
    (root / "content").mkdir(exist_ok=True)
    if base:
        for rel, text in BASE_ITEMS.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def make_repo(tmp_path):
    """``make_repo(name="repo", holidays=True, base=True)`` -> path of a fresh repository."""

    def make(name: str = "repo", **kwargs) -> Path:
        return build_repository(tmp_path / name, **kwargs)

    return make
