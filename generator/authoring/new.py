"""``generator new``: write a new item with the next free index number (索引号).

The serial is the next one after every serial the unit has used in that year,
in the working tree *and* in the repository's git history, so a number that
belonged to a deleted item is never handed out again.
"""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

from ..check.files import scan
from ..check.repository import load_schema_and_calendar, today_in_china
from ..problems import ConfigError
from ..rules import DEFAULT_ATTACHMENT_MB, PLACEHOLDER

_INDEX_LINE = re.compile(r"^[+-]?\s*(?:index_no|索引号|interprets|解读对象|superseded_by|替代文件)\s*:\s*[\"']?"
                         r"([0-9A-Z]{9}|[0-9A-Z]{18})/(\d{4})-(\d{5})", re.M)


def used_serials(root: Path, code: str, year: int) -> set[int]:
    """Serials of ``code``/``year`` found in content/ now and anywhere in git history."""
    texts = []
    for path in scan(str(root / "content"), DEFAULT_ATTACHMENT_MB * 1048576).markdown:
        try:
            texts.append(Path(path).read_text(encoding="utf-8-sig", errors="replace"))
        except OSError:
            continue
    try:
        log = subprocess.run(["git", "log", "--all", "-p", "--format=", "-G", re.escape(code), "--", "content"],
                             cwd=root, capture_output=True, text=True, check=False, errors="replace")
        if log.returncode == 0:
            texts.append(log.stdout)
    except FileNotFoundError:
        pass  # no git: the working tree is all we know
    serials = set()
    for text in texts:
        for match in _INDEX_LINE.finditer(text):
            if match.group(1) == code and int(match.group(2)) == year:
                serials.add(int(match.group(3)))
    return serials


def new_item(root: Path, unit_name: str, category_name: str, title: str, sector_name: str | None = None,
             slug: str | None = None, today: date | None = None) -> Path:
    """Create the item file and return its path. Raises ConfigError on unknown names or clashes."""
    schema, _calendar = load_schema_and_calendar(root)
    unit = schema.resolve("unit", unit_name, "单位")
    category = schema.resolve("category", category_name, "公开类别")
    sector = schema.resolve("sector", sector_name, "重点领域") if sector_name else None
    today = today or today_in_china()
    serial = max(used_serials(root, unit.code, today.year), default=0) + 1
    index_no = f"{unit.code}/{today.year}-{serial:05d}"
    slug = slug or f"item-{today.year}-{serial:05d}"
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
        raise ConfigError(f"文件名“{slug}”只能用小写英文字母、数字和连字符。")
    path = root / "content" / unit.id / str(today.year) / f"{slug}.md"
    if path.exists():
        raise ConfigError(f"文件已存在：{path.relative_to(root).as_posix()}", hint="用 --slug 另取一个文件名。")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_render(schema, unit, category, sector, title, index_no, today), encoding="utf-8")
    return path


def _render(schema, unit, category, sector, title, index_no, today) -> str:
    f = schema.fields
    lines = [
        "---",
        f"{f['title'].label}: {_quote(title)}",
        f"{f['category'].label}: {category.name}",
        f"{f['unit'].label}: {unit.name}",
        f"{f['index_no'].label}: {index_no}",
        f"{f['formation_date'].label}: {today.isoformat()}   # 文件形成（签发）的日期，请核对",
        f"{f['publish_date'].label}: {today.isoformat()}",
    ]
    required = schema.required_fields_for(category, sector)
    if sector is not None:
        lines.append(f"{f['sector'].label}: {sector.name}")
    for key in required:
        if key in ("title", "category", "unit", "index_no", "formation_date", "publish_date", "review", "sector"):
            continue
        fdef = f[key]
        hint = f"   # {'、'.join(fdef.values)}" if fdef.values else (f"   # 例如 {fdef.example}" if fdef.example else "")
        lines.append(f"{fdef.label}: {PLACEHOLDER}{hint}")
    lines += [
        f"{f['summary'].label}: {PLACEHOLDER}   # 一两句话概述内容",
        f"{f['review'].label}:",
        f"  reviewer: {PLACEHOLDER}   # 保密审查人",
        f"  date: {today.isoformat()}",
        "---",
        "",
        f"（{PLACEHOLDER}：正文）",
        "",
    ]
    return "\n".join(lines)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
