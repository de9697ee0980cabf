"""Control, direction-override and non-characters (:mod:`generator.model.textrules`) in any value or the body."""

from __future__ import annotations

from ..model.schema import Schema
from ..model.source import Source, node_position
from ..model.textrules import HINT, describe, find_bad
from .context import Collector, Context, Draft, line_col, scalar_texts

CODES = ("control-character",)


def check(draft: Draft, ctx: Context, out: Collector) -> None:
    scan(draft.source, ctx.schema, out)


def scan(source: Source, schema: Schema, out: Collector) -> None:
    """Control, direction-override and non-characters (:mod:`generator.textrules`) in any value or the body."""
    for entry in source.entries:
        key = schema.field_key(entry.key) if schema is not None else None
        for node, text in scalar_texts(entry.node):
            bad = find_bad(text)
            if bad is not None:
                line, column = node_position(node, 2)
                what = f"“{schema.fields[key].label}”" if key else f"字段“{entry.key}”"
                out.error(line, column, key, "control-character",
                          f"{what}含有不可见的控制字符 {describe(bad.group())}。", HINT)
                break
    bad = find_bad(source.body)
    if bad is not None:
        line, column = line_col(source, bad.start())
        out.error(line, column, None, "control-character", f"正文含有不可见的控制字符 {describe(bad.group())}。",
                  HINT)

