"""Where an item file lives: content/<unit id>/<publication year>/<slug>.md (谁制作、谁公开)."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from ..rules import SLUG
from .context import Collector, Context, Draft

CODES = ("bad-filename", "wrong-folder")


def check_path(src_uri: str, out: Collector) -> tuple[str | None, int | None]:
    """The file name's rule; returns (unit folder, year folder) as found, None where the layout is not kept."""
    parts = PurePosixPath(src_uri).parts
    name = parts[-1]
    stem = name[:-3] if name.endswith(".md") else name
    if not SLUG.match(stem):
        out.error(None, None, None, "bad-filename",
                  f"文件名“{name}”不符合要求：只能使用小写英文字母、数字和连字符。",
                  f"改名为 {suggest_slug(stem)}.md 之类的名称（用拼音或英文缩写，不用中文和空格）。")
    if len(parts) != 3:
        return None, None
    year = int(parts[1]) if re.fullmatch(r"\d{4}", parts[1]) else None
    return parts[0], year


def suggest_slug(stem: str) -> str:
    ascii_part = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return ascii_part if ascii_part and SLUG.match(ascii_part) else "item-" + str(abs(hash_stable(stem)) % 100000)


def hash_stable(text: str) -> int:
    value = 0
    for ch in text:
        value = (value * 131 + ord(ch)) % 1_000_003
    return value


def check(draft: Draft, ctx: Context, out: Collector) -> None:
    """The unit folder is the publisher's, the year folder the publication year."""
    schema, folder_unit, folder_year = ctx.schema, draft.folder_unit, draft.folder_year
    unit, publish = draft.values.get("unit"), draft.values.get("publish_date")
    if unit is not None and folder_unit is not None and folder_unit != unit.id:
        out.error(*draft.at("unit"), "unit", "wrong-folder",
                  f"文件位于 content/{folder_unit}/ 下，但发布机构是“{unit.name}”（{unit.id}）。谁制作、谁公开：各单位只能在本单位目录下发布。",
                  f"把文件移到 content/{unit.id}/<发布年份>/ 下，或改正发布机构。")
    elif folder_unit is not None and folder_unit not in schema.units:
        out.error(None, None, None, "wrong-folder", f"目录 content/{folder_unit}/ 不是任何单位的目录。",
                  "信息文件应放在 content/<单位 id>/<发布年份>/ 下；单位 id 见 categories.yml。")
    elif folder_unit is None:
        out.error(None, None, None, "wrong-folder", "信息文件的位置不对。",
                  "信息文件应放在 content/<单位 id>/<发布年份>/<文件名>.md；非信息页面放在 content/pages/ 下。")
    if publish is not None and folder_year is not None and folder_year != publish.year:
        out.error(*draft.at("publish_date"), "publish_date", "wrong-folder",
                  f"文件在 {folder_year} 年的目录下，但发布日期是 {publish.year} 年。",
                  f"把文件移到 content/{folder_unit}/{publish.year}/ 下，或改正发布日期。")
    elif folder_unit is not None and folder_year is None and len(PurePosixPath(draft.src_uri).parts) == 3:
        out.error(None, None, None, "wrong-folder", "第二级目录应是四位发布年份。",
                  "信息文件应放在 content/<单位 id>/<发布年份>/ 下。")
