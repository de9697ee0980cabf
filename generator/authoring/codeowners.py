"""CODEOWNERS from categories.yml: each unit's folder content/<unit>/ to the unit's team (谁制作、谁公开).

``python -m generator codeowners`` (and ``make docs``) writes ``.github/CODEOWNERS``.
On a platform with branch protection ("require review from code owners"), a
merge request that touches content/czj/ then needs an approval from the
team of 市财政局 (``team:`` in categories.yml), whoever opened it, the form
editor included. The checker still decides whether the content is right.
GitHub and GitLab read the same syntax (GitLab looks in the repository root,
``docs/`` or ``.gitlab/``, so it gets a copy there, see ``--out``).
"""

from __future__ import annotations

from pathlib import Path

from ..model.schema import Schema, load_schema

DEFAULT_PATH = ".github/CODEOWNERS"


def render_codeowners(schema: Schema, source: str = "categories.yml") -> str:
    """The CODEOWNERS text: the general office's team for the schema and the pages, then one line per unit."""
    lines = [
        f"# 本文件由 python -m generator codeowners（或 make docs）根据 {source} 生成，请勿手工修改。",
        "# 谁制作、谁公开：content/<单位 id>/ 下的改动须经该单位的审核团队（categories.yml 中单位的 team）批准。",
        "# GitHub 读取 .github/CODEOWNERS；GitLab 读取仓库根目录、docs/ 或 .gitlab/ 下的 CODEOWNERS",
        "# （python -m generator codeowners --out .gitlab/CODEOWNERS）。规则在托管平台的分支保护中",
        "# 开启“需要代码所有者审核”（Require review from Code Owners / Code owner approval）后生效。",
        "# 后出现的规则优先。",
        "",
    ]
    office = schema.units.get(str(schema.city.get("general_office") or ""))
    if office is not None and office.team:
        lines += ["# 站点结构、栏目页面：市政府办（政务公开工作牵头单位）", f"/{source} {office.team}",
                  f"/content/pages/ {office.team}", ""]
    lines.append("# 各单位的信息目录")
    for unit in schema.units.values():
        if unit.team:
            lines.append(f"/content/{unit.id}/ {unit.team}")
    missing = [unit.id for unit in schema.units.values() if not unit.team]
    if missing:
        lines += ["", "# 以下单位没有填写 team，其目录没有指定审核团队：" + "、".join(missing)]
    return "\n".join(lines) + "\n"


def write_codeowners(root: Path, out: str = DEFAULT_PATH) -> Path:
    """Write the CODEOWNERS file for ``root`` at ``out`` (relative to ``root``); return its path."""
    schema = load_schema(root / "categories.yml", "categories.yml")
    path = root / out
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(render_codeowners(schema))
    return path


__all__ = ["DEFAULT_PATH", "render_codeowners", "write_codeowners"]
