"""Checking one file: the item rules in order, and the rules a page under content/pages/ shares with items.

:func:`check_item` reads the fields, converts their values
(:mod:`.convert`), runs every rule of :data:`ITEM_RULES` on the draft and
builds the :class:`~generator.model.item.Item` when its core facts are
usable; the deadline rule (:mod:`.timeliness`) then runs on the item. Rules
that need the whole repository live in :mod:`.repository`. Each rule module
lists the codes it reports in ``CODES``; :mod:`.codes` documents every code.
"""

from __future__ import annotations

from ..model.item import Item
from ..model.source import Source
from ..problems import Problem
from . import (
    annual_texts,
    attachments,
    body,
    characters,
    chronology,
    decisions,
    fees,
    fields,
    folders,
    index_no,
    privacy,
    publishers,
    review,
    timeliness,
)
from .context import Collector, Context, Draft, is_empty
from .convert import convert

CODES = ("missing-front-matter",)
# Each: check(draft, ctx, out). The order does not matter: the repository sorts problems by position.
ITEM_RULES = (folders, fields, publishers, decisions, fees, chronology, index_no, review, characters, privacy, body,
              attachments)
CORE_FIELDS = ("title", "category", "unit", "formation_date", "publish_date", "index_no")


def check_item(source: Source, ctx: Context) -> tuple[Item | None, list[Problem]]:
    """Check one item file; return the item (None when required facts are unusable) and its problems."""
    out = Collector(source.rel)
    src_uri = source.rel.split("/", 1)[1] if "/" in source.rel else source.rel
    draft = Draft(source=source, src_uri=src_uri)
    draft.folder_unit, draft.folder_year = folders.check_path(src_uri, out)
    privacy.check_path(src_uri, ctx, out)
    if not source.has_front_matter:
        out.error(1, 1, None, "missing-front-matter", "文件没有头部信息（front matter）。",
                  "在文件第一行写 ---，其后逐行写“字段: 值”（标题、公开类别、发布机构等），再写一行 --- 后接正文。")
        return None, out.problems
    fields.read(draft, ctx, out)
    for key, entry in draft.fields.items():
        if not is_empty(entry.value):
            value = convert(key, entry, ctx, out, draft)
            if value is not None:
                draft.values[key] = value
    for rule in ITEM_RULES:
        rule.check(draft, ctx, out)
    values = draft.values
    if any(values.get(key) is None for key in CORE_FIELDS):
        return None, out.problems
    item = Item(
        rel=source.rel, src_uri=src_uri, title=values["title"], category=values["category"], unit=values["unit"],
        formation_date=values["formation_date"], publish_date=values["publish_date"], index_no=values["index_no"],
        body=source.body, body_line=source.body_line, co_units=tuple(values.get("co_units") or ()),
        change_date=values.get("change_date"), doc_number=values.get("doc_number"), validity=values.get("validity"),
        abolished_date=values.get("abolished_date"), sector=values.get("sector"), project=values.get("project"),
        info_type=values.get("info_type"), decision_type=values.get("decision_type"),
        decision_count=values.get("decision_count"), decision_dates=tuple(values.get("decision_date") or ()),
        approval_date=values.get("approval_date"), fee_amount=values.get("fee_amount"),
        fee_period=values.get("fee_period"), interpretation_form=values.get("interpretation_form"),
        doc_kind=values.get("doc_kind"), topic=values.get("topic"), keywords=tuple(values.get("keywords") or ()),
        summary=values.get("summary"), interprets=values.get("interprets"),
        superseded_by=values.get("superseded_by"), attachments=tuple(values.get("attachments") or ()),
        lines={key: entry.line for key, entry in draft.fields.items()},
    )
    timeliness.check_item(item, ctx, draft.fields, out)
    return item, out.problems


def check_page(source: Source, ctx: Context) -> list[Problem]:
    """A page under content/pages/: what an item's text must satisfy (characters, privacy, HTML, links)."""
    out = Collector(source.rel)
    exemptions: list = []
    for entry in source.entries:
        if ctx.schema.field_key(entry.key) == "privacy_exempt":
            exemptions = privacy.convert_exemptions(entry, out, "privacy_exempt") or []
    characters.scan(source, ctx.schema, out)
    privacy.scan(source, ctx.schema, exemptions, out, on=ctx.today)
    body.scan(source, ctx, out, ctx.files)
    src_uri = source.rel.split("/", 1)[1]
    if annual_texts.is_unit_report(src_uri):
        annual_texts.check(source, src_uri, ctx, out)
    return out.problems
