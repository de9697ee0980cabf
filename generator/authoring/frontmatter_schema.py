"""A JSON Schema (draft-07) of an item's front matter, generated from categories.yml.

``python -m generator schema`` (and ``make docs``) writes it to
``docs/front-matter.schema.json``, so that an editor with a YAML language
server completes field names and choices and underlines mistakes while a
clerk types. It describes what the checker reads, not every rule: every key
may be written as its English key, its Chinese label or an alias; always
required fields must be there once; values have their field's type, and
units, categories, sectors, info types and fixed choices come from
categories.yml. Rules that depend on other fields (a category's extra
required fields, time limits, the folder) stay with ``generator check``,
which remains the gate.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

from ..model.schema import FieldDef, Schema, load_schema
from ..rules import INDEX_NO
from .guide import TYPE_CN, _required_text

DEFAULT_PATH = "docs/front-matter.schema.json"

# The keys inside structured values, as the checker reads them (check/review.py, attachments.py,
# privacy.py, convert.py::_dates): English first, then the Chinese spellings it also accepts.
SUBKEYS: dict[str, dict[str, tuple[str, ...]]] = {
    "mapping": {"reviewer": ("reviewer", "审查人"), "date": ("date", "审查日期", "日期")},
    "attachments": {"path": ("path", "文件"), "title": ("title", "名称")},
    "exemptions": {"value": ("value", "号码"), "reason": ("reason", "理由")},
    "dates": {"date": ("date", "日期"), "count": ("count", "数量", "件数")},
}
SUBKEY_LABELS = {"reviewer": "审查人", "date": "日期", "path": "文件名", "title": "显示名称", "value": "号码或文字",
                 "reason": "理由", "count": "件数"}

_DIGIT = "[0-9０-９]"
# The two forms parse_date accepts (generator/model/dates.py), with the full-width digits it folds.
DATE_PATTERN = (f"^({_DIGIT}{{4}}[-－]{_DIGIT}{{1,2}}[-－]{_DIGIT}{{1,2}}"
                f"|{_DIGIT}{{4}}\\s*年\\s*{_DIGIT}{{1,2}}\\s*月\\s*{_DIGIT}{{1,2}}\\s*日)$")
TEXT = {"type": ["string", "number"]}


def ecma_pattern(regex: re.Pattern) -> str:
    """A Python pattern as JSON Schema writes it (ECMA 262 has no ``(?P<name>``)."""
    return re.sub(r"\(\?P<\w+>", "(", regex.pattern)


def _spellings(*names: object) -> list[str]:
    """Distinct names in order (ids, names, short names and aliases)."""
    out: list[str] = []
    for name in names:
        if name and str(name) not in out:
            out.append(str(name))
    return out


def _object(keys: dict[str, tuple[str, ...]], value_of: dict[str, dict], required: tuple[str, ...]) -> dict:
    """An object whose keys may be written in any accepted spelling; each ``required`` key once."""
    props = {}
    for key, names in keys.items():
        for name in names:
            props[name] = {"title": SUBKEY_LABELS.get(key, key), **value_of[key]}
    schema: dict = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        schema["allOf"] = [{"anyOf": [{"required": [name]} for name in keys[key]]} for key in required]
    return schema


def _value_schema(schema: Schema, fdef: FieldDef) -> dict:
    """The JSON Schema of one field's value."""
    date = {"type": "string", "pattern": DATE_PATTERN}
    units = sorted({name for u in schema.units.values() for name in _spellings(u.id, u.name, u.short, *u.aliases)},
                   key=_unit_order(schema))
    kind = fdef.type
    if kind in ("string", "text", "doc_number"):
        return dict(TEXT)
    if kind == "date":
        return date
    if kind == "dates":
        sub = SUBKEYS["dates"]
        counted = _object(sub, {"date": date, "count": {"type": "integer", "minimum": 1}}, ("date",))
        return {"anyOf": [date, {"type": "array", "minItems": 1, "items": {"anyOf": [date, counted]}},
                          {"type": "object", "propertyNames": {"pattern": DATE_PATTERN},
                           "additionalProperties": {"type": "integer", "minimum": 1}}]}
    if kind == "period":
        return {"type": ["string", "integer"]}
    if kind == "list":
        return {"anyOf": [TEXT, {"type": "array", "items": TEXT}]}
    if kind == "mapping":
        keys = {k: SUBKEYS["mapping"].get(k, (k,)) for k in fdef.keys}
        values = {k: date if k == "date" else dict(TEXT) for k in keys}
        return _object(keys, values, tuple(keys))
    if kind == "enum":
        return {"enum": list(fdef.values)}
    if kind == "index_no":
        return {"type": "string", "pattern": ecma_pattern(INDEX_NO)}
    if kind == "unit":
        return {"enum": units}
    if kind == "units":
        return {"anyOf": [{"enum": units}, {"type": "array", "items": {"enum": units}}]}
    if kind == "category":
        return {"enum": _spellings(*(n for c in schema.categories.values() for n in (c.id, c.name, *c.aliases)))}
    if kind == "sector":
        return {"enum": _spellings(*(n for s in schema.sectors.values() for n in (s.id, s.name, *s.aliases)))}
    if kind == "info_type":
        return {"enum": _spellings(*(n for t in schema.info_types for n in (t.id, t.name, *t.aliases)))}
    if kind == "attachments":
        entry = _object(SUBKEYS["attachments"], {"path": {"type": "string", "minLength": 1}, "title": dict(TEXT)},
                        ("path",))
        return {"anyOf": [{"type": "string"}, {"type": "array", "items": {"anyOf": [{"type": "string"}, entry]}}]}
    if kind == "exemptions":
        entry = _object(SUBKEYS["exemptions"], {"value": dict(TEXT), "reason": dict(TEXT)}, ("value", "reason"))
        return {"type": "array", "items": entry}
    if kind == "integer":
        return {"type": "integer", "minimum": 0}
    if kind == "number":
        return {"type": "number", "minimum": 0}
    raise ValueError(f"no JSON Schema for field type {kind!r}")


def _unit_order(schema: Schema):
    """Units' names in schema order, each unit's id first."""
    order: dict[str, tuple[int, int]] = {}
    for index, unit in enumerate(schema.units.values()):
        for rank, name in enumerate(_spellings(unit.id, unit.name, unit.short, *unit.aliases)):
            order.setdefault(name, (index, rank))
    return lambda name: order[name]


def _jsonable(value):
    """An example from categories.yml as JSON (YAML dates become ISO text)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def front_matter_schema(schema: Schema, source: str = "categories.yml") -> dict:
    """The JSON Schema of an item's front matter."""
    definitions: dict[str, dict] = {}
    properties: dict[str, dict] = {}
    required: list[dict] = []
    for fdef in schema.fields.values():
        about = fdef.description
        needed = _required_text(schema, fdef.key)
        text = f"{fdef.label}（{fdef.key}）：{about}" if about else f"{fdef.label}（{fdef.key}）"
        text += f"\n\n{TYPE_CN.get(fdef.type, fdef.type)}。{needed}。"
        if not fdef.public:
            text += "不在网站上显示。"
        definition = {"title": fdef.label, "description": text, **_value_schema(schema, fdef)}
        if fdef.example is not None:
            definition["examples"] = [_jsonable(fdef.example)]
        definitions[fdef.key] = definition
        names = _spellings(fdef.key, fdef.label, *fdef.aliases)
        for name in names:
            properties[name] = {"$ref": f"#/definitions/{fdef.key}"}
        if fdef.required == "always":
            # Exactly one spelling: the checker reports a field written twice (duplicate-key).
            required.append({"oneOf": [{"required": [name]} for name in names]})
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "政府信息公开：信息文件的头部信息",
        "description": (f"由 python -m generator schema（或 make docs）根据 {source} 生成，请勿手工修改。"
                        "字段名可以写英文键名、中文标签或其他写法；是否通过以 python -m generator check 为准"
                        "（类别和领域要求的字段、公开时限、目录等规则只由检查程序判断）。"),
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "allOf": required,
        "definitions": definitions,
    }


def render_schema(schema: Schema, source: str = "categories.yml") -> str:
    """The schema as the committed file's text (stable order, two-space indent, final newline)."""
    return json.dumps(front_matter_schema(schema, source), ensure_ascii=False, indent=2) + "\n"


def write_schema(root: Path, out: str = DEFAULT_PATH) -> Path:
    """Write the front-matter schema for ``root`` at ``out`` (relative to ``root``); return its path."""
    text = render_schema(load_schema(root / "categories.yml", "categories.yml"))
    path = root / out
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    return path


__all__ = ["DEFAULT_PATH", "front_matter_schema", "render_schema", "write_schema", "ecma_pattern"]
