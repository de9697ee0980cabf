"""附件 (attachments): files beside the item, of an allowed type and size, inside content/."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import cast

import yaml

from ..model.item import Attachment
from ..model.source import Entry, node_position
from ..rules import ATTACHMENT_TYPES
from .context import Collector, Context, Draft, probe

CODES = ("wrong-type", "attachment-path", "attachment-type", "attachment-missing", "attachment-too-large",
         "attachment-only")


def elements(entry: Entry):
    """(value, line, column) of each element of a list field; a single value counts as a list of one."""
    values = entry.value if isinstance(entry.value, list) else [entry.value]
    nodes = entry.node.value if isinstance(entry.node, yaml.SequenceNode) else [entry.node]
    for value, node in zip(values, nodes):
        yield (value, *node_position(node, 2))


def convert(entry: Entry, ctx: Context, out: Collector, key: str) -> list[Attachment]:
    result = []
    item_dir = (ctx.content_dir / out.rel.split("/", 1)[1]).parent
    content_root = ctx.content_dir.resolve()
    for value, a_line, a_col in elements(entry):
        if isinstance(value, dict):
            path = value.get("path") or value.get("文件")
            title = value.get("title") or value.get("名称")
        else:
            path, title = value, None
        if not isinstance(path, str) or not path.strip():
            out.error(a_line, a_col, key, "wrong-type", "附件应写文件名，或写 path 和 title。",
                      "例如：\n附件:\n  - path: budget.pdf\n    title: 2024年部门预算表")
            continue
        path = path.strip()
        if path.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", path) or ".." in PurePosixPath(path.replace("\\", "/")).parts:
            out.error(a_line, a_col, key, "attachment-path", f"附件路径“{path}”不允许。",
                      "只写与本文件同目录（或其子目录）下的文件名，不用绝对路径，不用“..”。")
            continue
        ext = path.rsplit(".", 1)[-1].lower() if "." in path else ""
        if ext not in ATTACHMENT_TYPES:
            out.error(a_line, a_col, key, "attachment-type", f"附件“{path}”的类型“{ext or '无扩展名'}”不允许。",
                      "允许：" + "、".join(sorted(ATTACHMENT_TYPES)) + "。压缩包等请转换为 PDF 或 OFD。")
            continue
        target = item_dir / path
        try:
            resolved = cast("str | None", probe(ctx, "resolve", target))
            if resolved is None:
                raise ValueError(path)
            rel = Path(resolved).relative_to(content_root).as_posix()
        except ValueError:
            out.error(a_line, a_col, key, "attachment-path", f"附件“{path}”指向 content/ 目录之外。",
                      "把附件放在信息文件旁边。")
            continue
        if not probe(ctx, "is_file", target):
            out.error(a_line, a_col, key, "attachment-missing", f"附件“{path}”不存在。",
                      f"把文件放到 {target.parent.relative_to(ctx.content_dir.parent).as_posix()}/ 下，"
                      "或改正文件名（区分大小写）。")
            continue
        size = cast(int, probe(ctx, "size", target) or 0)
        if size > ctx.max_attachment_bytes:
            out.error(a_line, a_col, key, "attachment-too-large",
                      f"附件“{path}”有 {size / 1048576:.1f} MB，超过 {ctx.schema.attachment_mb} MB 的上限。",
                      "压缩图片或拆分文件后再提交。")
            continue
        result.append(Attachment(path=path, title=str(title or PurePosixPath(path).name), rel=rel, size=size))
    return result


def check(draft: Draft, ctx: Context, out: Collector) -> None:
    """Attachments are published files, and the text should not live only in them."""
    found = draft.values.get("attachments") or ()
    if ctx.files is not None:
        ctx.files.update(a.rel for a in found)
    body = draft.source.body
    if found and not re.sub(r"\s+", "", body):
        out.warning(draft.source.body_line if body.strip() else None, None, None, "attachment-only",
                    "正文为空，内容只在附件里。",
                    "把文件正文也写在 Markdown 中，方便用读屏软件和手机阅读；附件作为下载保留。")
