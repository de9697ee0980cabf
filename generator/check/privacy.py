"""个人隐私 (条例第十五条): personal numbers in any value, the body or the file's path, and registered exemptions.

The numbers are found by :mod:`.personal_data`; this module turns them into
problems and applies the item's 隐私豁免 (privacy exemptions).
"""

from __future__ import annotations

from datetime import date

from ..model.schema import Schema
from ..model.source import Entry, Source, node_position
from . import personal_data
from .attachments import elements
from .context import Collector, Context, Draft, line_col, scalar_texts

CODES = ("personal-data", "insufficient-masking", "privacy-exempted", "unused-exemption", "bad-exemption")


def check(draft: Draft, ctx: Context, out: Collector) -> None:
    exemptions = draft.values.get("privacy_exempt") or []
    scan(draft.source, ctx.schema, exemptions, out, on=draft.values.get("publish_date") or ctx.today)


def check_path(src_uri: str, ctx: Context, out: Collector) -> None:
    """File and folder names reach URLs, the sitemap and the open data: no personal numbers in them."""
    for finding in personal_data.find_in_path(src_uri, on=ctx.today):
        out.error(None, None, None, "personal-data",
                  f"文件路径“{src_uri}”含有{finding.label}“{finding.value}”。",
                  "文件名和目录名会出现在网址、站点地图和目录数据中，不能含个人号码（类似身份证号的许可证号等也请不要用作文件名）；"
                  "改用拼音或英文缩写命名。")


def scan(source: Source, schema: Schema, exemptions: list, out: Collector, on: date | None = None) -> None:
    """Personal numbers in every front-matter value (unknown keys included) and the body; ``on`` is the document's date."""
    used: set[str] = set()

    def report(finding, line, column, field) -> None:
        if finding.insufficient:
            out.error(line, column, field, "insufficient-masking",
                      f"{finding.label}“{finding.value}”脱敏不足：{personal_data.RULE_TEXT[finding.kind]}。",
                      f"应写作 {finding.masked}（星号处的字符不公开）。")
            return
        exemption = next((e for e in exemptions if personal_data.is_exempt(finding.value, [e["value"]])), None)
        if exemption is not None:
            used.add(exemption["value"])
            out.warning(line, column, field, "privacy-exempted",
                        f"{finding.label}“{finding.value}”按隐私豁免公开，理由：{exemption['reason']}。",
                        "确认该号码确需公开；否则删除豁免并按规定脱敏。")
            return
        out.error(line, column, field, "personal-data",
                  f"发现未脱敏的{finding.label}“{finding.value}”。",
                  f"个人信息公开前须脱敏，应写作 {finding.masked}；确需公开的（如收费账户、公开热线）在“隐私豁免”中登记并说明理由。")

    # Every entry, unknown keys included: a number under a misspelt key is still published in the repository.
    for entry in source.entries:
        key = schema.field_key(entry.key)
        if key == "privacy_exempt":
            continue
        for node, text in scalar_texts(entry.node):
            for finding in personal_data.find_personal_data(text, on=on, context=str(entry.key)):
                line, column = node_position(node, 2)
                report(finding, line, column, key)
    for finding in personal_data.find_personal_data(source.body, on=on):
        line, column = line_col(source, finding.start)
        report(finding, line, column, None)
    for exemption in exemptions:
        if exemption["value"] not in used:
            out.warning(exemption["line"], None, "privacy_exempt", "unused-exemption",
                        f"隐私豁免登记的号码“{exemption['value']}”在本文件中没有出现。",
                        "删除这项豁免，或核对号码。")


def convert_exemptions(entry: Entry, out: Collector, key: str):
    result = []
    for value, e_line, e_col in elements(entry):
        if not isinstance(value, dict) or not str(value.get("value") or value.get("号码") or "").strip() \
                or not str(value.get("reason") or value.get("理由") or "").strip():
            out.error(e_line, e_col, key, "bad-exemption", "隐私豁免的每一项都要写号码（value）和理由（reason）。",
                      "例如：\n隐私豁免:\n  - value: \"6222020200001234567\"\n    reason: 收取行政事业性收费的对公账户")
            continue
        result.append({"value": str(value.get("value") or value.get("号码")).strip(),
                       "reason": str(value.get("reason") or value.get("理由")).strip(), "line": e_line})
    return result
