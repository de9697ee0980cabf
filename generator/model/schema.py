"""The disclosure schema: units, categories (公开类别), sectors (重点领域) and fields.

Loaded from ``categories.yml`` and validated on load: every mistake in that
file raises :class:`~generator.problems.ConfigError` with its line. Lookups
accept an ``id``, the exact Chinese name, the short name or an alias.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import ConfigError
from ..rules import SLUG
from .orgcode import validate_org_code
from .yamlnodes import LDict, LList, load_yaml_file

RESERVED_UNIT_IDS = {"pages", "categories", "sectors", "units", "years", "search", "assets",
                     "stylesheets", "javascripts", "supervision", "pagefind", "lunr"}
FIELD_TYPES = {"string", "text", "date", "list", "mapping", "enum", "index_no", "doc_number", "unit",
               "units", "category", "sector", "attachments", "exemptions", "integer", "number",
               "info_type"}
REQUIRED_VALUES = {"always", "conditional", "optional"}


@dataclass(frozen=True)
class Publishers:
    """Who may publish: anybody, named units, or every unit of some kinds (city and county)."""

    any: bool = False
    units: frozenset = frozenset()
    kinds: frozenset = frozenset()

    def admits(self, unit: Unit) -> bool:
        return self.any or unit.id in self.units or unit.kind in self.kinds


@dataclass
class Unit:
    id: str
    name: str
    code: str
    kind: str
    level: str = "city"
    county: str | None = None
    short: str = ""
    aliases: tuple = ()
    contact: dict = field(default_factory=dict)

    @property
    def is_county_government(self) -> bool:
        """A 旗县区 government: a county-level unit whose county is itself."""
        return self.level == "county" and self.county == self.id


@dataclass
class Category:
    id: str
    number: int
    name: str
    lead: tuple
    publishers: Publishers
    deadline_days: int
    decision_deadline_days: int | None = None
    required_fields: tuple = ()
    aliases: tuple = ()


@dataclass
class InfoType:
    id: str
    name: str
    aliases: tuple = ()


@dataclass
class Sector:
    id: str
    name: str
    publishers: Publishers
    categories: tuple = ()
    required_fields: tuple = ()
    aliases: tuple = ()
    parent: str | None = None
    children: tuple = ()
    info_types: tuple = ()


@dataclass
class FieldDef:
    key: str
    label: str
    type: str
    required: str = "optional"
    public: bool = True
    aliases: tuple = ()
    values: tuple = ()
    description: str = ""
    example: object = None


@dataclass
class Schema:
    city: dict
    units: dict
    categories: dict
    sectors: dict
    fields: dict
    path: str = "categories.yml"
    attachment_mb: int = 50                # largest attachment file (limits.attachment_mb)
    _names: dict = field(default_factory=dict, repr=False)
    _field_keys: dict = field(default_factory=dict, repr=False)

    # -- lookups -----------------------------------------------------------
    def find_unit(self, text: object) -> Unit | None:
        return self._names["unit"].get(_norm(text))

    def find_category(self, text: object) -> Category | None:
        return self._names["category"].get(_norm(text))

    def find_sector(self, text: object) -> Sector | None:
        return self._names["sector"].get(_norm(text))

    def find_info_type(self, text: object) -> InfoType | None:
        return self._names["info_type"].get(_norm(text))

    def field_key(self, text: str) -> str | None:
        """Canonical key for a key as written: the key, its Chinese label or an alias."""
        known = self._field_keys.get(text, _UNSEEN)       # about 20 calls per item: remembered per key
        if known is _UNSEEN:
            table = self._names["field"]
            known = self._field_keys[text] = table.get(text) or table.get(_norm(text))
        return known

    def resolve(self, kind: str, text: object, label: str):
        """The unit, category or sector a name stands for; ConfigError with the closest name when none does."""
        found = getattr(self, f"find_{kind}")(text)
        if found is None:
            near = self.closest(kind, text)
            raise ConfigError(f"{label}“{text}”不存在。", hint=f"是否想写“{near}”？" if near else "")
        return found

    def closest(self, kind: str, text: object) -> str | None:
        """The closest known name of that kind, for a hint ('unit', 'category', 'sector', 'field', 'info_type')."""
        names = list(self._names[kind])
        match = difflib.get_close_matches(_norm(text), names, n=1, cutoff=0.4)
        return match[0] if match else None

    @property
    def info_types(self) -> list[InfoType]:
        found = []
        for sector in self.sectors.values():
            found.extend(sector.info_types)
        return found

    # -- rules --------------------------------------------------------------
    def may_publish_in_category(self, unit: Unit, category: Category) -> bool:
        """三: the category's publishers, or a unit named for a key area matching this category."""
        if category.publishers.admits(unit) or unit.id in category.lead:
            return True
        return any(category.id in sector.categories and sector.publishers.admits(unit)
                   for sector in self.sectors.values())

    def may_publish_in_sector(self, unit: Unit, sector: Sector) -> bool:
        return sector.publishers.admits(unit)

    def required_fields_for(self, category: Category | None, sector: Sector | None) -> list[str]:
        keys = [f.key for f in self.fields.values() if f.required == "always"]
        extra = list(category.required_fields) if category else []
        for level in self.sector_chain(sector):
            extra.extend(level.required_fields)
        for key in extra:
            if key not in keys:
                keys.append(key)
        return keys

    def county_governments(self) -> list[Unit]:
        """The 旗县区 governments, in schema order."""
        return [u for u in self.units.values() if u.is_county_government]

    def county_members(self, government: Unit) -> list[Unit]:
        """Every unit of a 旗县区, its government included, in schema order."""
        return [u for u in self.units.values() if u.county == government.id]

    def county_of(self, unit: Unit) -> Unit | None:
        """The 旗县区 government a county-level unit belongs to (None for city units)."""
        if unit.level != "county" or not unit.county:
            return None
        return self.units.get(unit.county)

    def sector_chain(self, sector: Sector | None) -> list[Sector]:
        """A key area and the areas it belongs to, innermost first (an item counts in each)."""
        chain = []
        while sector is not None:
            chain.append(sector)
            sector = self.sectors.get(sector.parent) if sector.parent else None
        return chain

    def sector_root(self, sector: Sector) -> Sector:
        """The top-level key area a sub-area belongs to."""
        return self.sector_chain(sector)[-1]


_UNSEEN = object()


def _norm(text: object) -> str:
    """A name without any whitespace (people type 市 财政局 or a trailing space)."""
    return "".join(str(text).split()) if text is not None else ""


# -- loading -----------------------------------------------------------------

class _Reader:
    """Small helpers that read typed values out of LDicts and complain with lines."""

    def __init__(self, path: str):
        self.path = path

    def fail(self, message: str, line: int | None, hint: str = "") -> None:
        raise ConfigError(message, self.path, line, hint)

    def mapping(self, value, line: int, what: str) -> LDict:
        if not isinstance(value, LDict):
            self.fail(f"{what}应是键值映射。", getattr(value, "line", line))
        return value

    def seq(self, value, line: int, what: str) -> LList:
        if value is None:
            empty = LList()
            empty.line, empty.item_lines = line, []
            return empty
        if not isinstance(value, LList):
            self.fail(f"{what}应是列表（每项以“- ”开头）。", line)
        return value

    def text(self, entry: LDict, key: str, what: str, required: bool = True) -> str:
        value = entry.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(f"{what}缺少“{key}”。", entry.line, f"为这一项补上 {key}。")
            return ""
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            self.fail(f"{what}的“{key}”应是文字。", entry.line_of(key))
        return str(value).strip()

    def strings(self, entry: LDict, key: str, what: str) -> tuple:
        value = self.seq(entry.get(key), entry.line_of(key), f"{what}的“{key}”")
        out = []
        for index, item in enumerate(value):
            if not isinstance(item, (str, int)) or isinstance(item, bool):
                self.fail(f"{what}的“{key}”应是文字列表。", value.line_of(index))
            out.append(str(item).strip())
        return tuple(out)

    def ident(self, entry: LDict, what: str) -> str:
        value = self.text(entry, "id", what)
        if not SLUG.match(value):
            self.fail(f"{what}的 id“{value}”不合规范。", entry.line_of("id"),
                      "id 只能用小写英文字母、数字和连字符，例如 czj 或 dhq-czj。")
        return value

    def unknown_keys(self, entry: LDict, allowed: set, what: str) -> None:
        for key in entry:
            if key not in allowed:
                self.fail(f"{what}有未知的键“{key}”。", entry.line_of(key),
                          "可用的键：" + "、".join(sorted(allowed)))


UNIT_KEYS = {"id", "name", "short", "aliases", "code", "kind", "level", "county", "contact"}
CATEGORY_KEYS = {"id", "number", "name", "aliases", "lead", "publishers", "deadline_days",
                 "decision_deadline_days", "required_fields"}
SECTOR_KEYS = {"id", "name", "aliases", "publishers", "categories", "required_fields", "children",
               "info_types"}
FIELD_KEYS = {"key", "label", "aliases", "type", "required", "public", "description", "example", "keys", "values_from",
              "values"}


def load_schema(path: Path, display: str = "categories.yml") -> Schema:
    """Read and validate categories.yml; raise ConfigError with the line of any mistake."""
    r = _Reader(display)
    root = load_yaml_file(path, display)
    if not isinstance(root, LDict):
        r.fail("categories.yml 的顶层应包含 units、categories、sectors 和 fields。", 1)
    r.unknown_keys(root, {"version", "city", "limits", "units", "categories", "sectors", "fields"}, "categories.yml 顶层")
    for key in ("units", "categories", "sectors", "fields"):
        if key not in root:
            r.fail(f"categories.yml 缺少顶层列表“{key}”。", 1)
    city = root.get("city") or {}

    fields = _load_fields(r, root)
    units = _load_units(r, root)
    categories = _load_categories(r, root, units, fields)
    sectors = _load_sectors(r, root, units, categories, fields)
    limits = root.get("limits") or LDict()
    if not isinstance(limits, LDict):
        r.fail("limits 应是键值映射。", root.line_of("limits"))
    r.unknown_keys(limits, {"attachment_mb"}, "limits")
    attachment_mb = _positive_int(r, limits, "attachment_mb", "limits", required=False) or 50
    schema = Schema(city=dict(city), units=units, categories=categories, sectors=sectors, fields=fields,
                    path=display, attachment_mb=attachment_mb)
    schema._names = _name_tables(r, root, schema)
    return schema


def _load_fields(r: _Reader, root: LDict) -> dict:
    fields: dict[str, FieldDef] = {}
    entries = r.seq(root["fields"], root.line_of("fields"), "fields")
    for index, entry in enumerate(entries):
        entry = r.mapping(entry, entries.line_of(index), "fields 的每一项")
        r.unknown_keys(entry, FIELD_KEYS, "字段定义")
        key = r.text(entry, "key", "字段定义")
        if key in fields:
            r.fail(f"字段“{key}”定义了两次。", entry.line_of("key"))
        ftype = r.text(entry, "type", f"字段“{key}”")
        if ftype not in FIELD_TYPES:
            r.fail(f"字段“{key}”的类型“{ftype}”未知。", entry.line_of("type"),
                   "可用类型：" + "、".join(sorted(FIELD_TYPES)))
        required = r.text(entry, "required", f"字段“{key}”", required=False) or "optional"
        if required not in REQUIRED_VALUES:
            r.fail(f"字段“{key}”的 required 应为 always、conditional 或 optional。", entry.line_of("required"))
        public = entry.get("public", True)
        if not isinstance(public, bool):
            r.fail(f"字段“{key}”的 public 应为 true 或 false。", entry.line_of("public"))
        fields[key] = FieldDef(
            key=key, label=r.text(entry, "label", f"字段“{key}”"), type=ftype, required=required,
            public=public, aliases=r.strings(entry, "aliases", f"字段“{key}”"),
            values=r.strings(entry, "values", f"字段“{key}”"),
            description=r.text(entry, "description", f"字段“{key}”", required=False),
            example=entry.get("example"),
        )
    for must in ("title", "category", "unit", "formation_date", "publish_date", "index_no", "review"):
        if must not in fields:
            r.fail(f"fields 缺少必需的字段定义“{must}”。", root.line_of("fields"))
    return fields


def _load_units(r: _Reader, root: LDict) -> dict:
    units: dict[str, Unit] = {}
    codes: dict[str, str] = {}
    entries = r.seq(root["units"], root.line_of("units"), "units")
    for index, entry in enumerate(entries):
        entry = r.mapping(entry, entries.line_of(index), "units 的每一项")
        r.unknown_keys(entry, UNIT_KEYS, "单位")
        uid = r.ident(entry, "单位")
        if uid in units:
            r.fail(f"单位 id“{uid}”重复。", entry.line_of("id"))
        if uid in RESERVED_UNIT_IDS:
            r.fail(f"单位 id 不能用“{uid}”，它是网站保留的路径。", entry.line_of("id"), "换一个 id。")
        code = r.text(entry, "code", f"单位“{uid}”")
        problem = validate_org_code(code)
        if problem:
            r.fail(f"单位“{uid}”的机构代码“{code}”有误：{problem}", entry.line_of("code"))
        if code in codes:
            r.fail(f"单位“{uid}”与“{codes[code]}”的机构代码相同。", entry.line_of("code"))
        codes[code] = uid
        level = r.text(entry, "level", f"单位“{uid}”", required=False) or "city"
        if level not in ("city", "county"):
            r.fail(f"单位“{uid}”的 level 应为 city 或 county。", entry.line_of("level"))
        contact = entry.get("contact") or {}
        if not isinstance(contact, dict):
            r.fail(f"单位“{uid}”的 contact 应是键值映射。", entry.line_of("contact"))
        units[uid] = Unit(
            id=uid, name=r.text(entry, "name", f"单位“{uid}”"), code=code,
            kind=r.text(entry, "kind", f"单位“{uid}”"), level=level,
            county=r.text(entry, "county", f"单位“{uid}”", required=False) or None,
            short=r.text(entry, "short", f"单位“{uid}”", required=False),
            aliases=r.strings(entry, "aliases", f"单位“{uid}”"),
            contact={k: str(v) for k, v in contact.items() if v is not None},
        )
    for entry in entries:
        unit = units[entry["id"]]
        if unit.county and unit.county not in units:
            r.fail(f"单位“{unit.id}”的 county“{unit.county}”不是已定义的单位。", entry.line_of("county"))
    return units


def _publishers(r: _Reader, entry: LDict, units: dict, kinds: set, what: str) -> Publishers:
    value = entry.get("publishers")
    if value is None:
        return Publishers()
    value = r.mapping(value, entry.line_of("publishers"), f"{what}的 publishers")
    r.unknown_keys(value, {"any", "units", "kinds"}, f"{what}的 publishers")
    anyone = value.get("any", False)
    if not isinstance(anyone, bool):
        r.fail(f"{what}的 publishers.any 应为 true 或 false。", value.line_of("any"))
    ids = r.strings(value, "units", f"{what}的 publishers")
    for uid in ids:
        if uid not in units:
            r.fail(f"{what}的 publishers.units 中“{uid}”不是已定义的单位 id。", value.line_of("units"))
    named_kinds = r.strings(value, "kinds", f"{what}的 publishers")
    for kind in named_kinds:
        if kind not in kinds:
            r.fail(f"{what}的 publishers.kinds 中“{kind}”不是任何单位的 kind。", value.line_of("kinds"))
    return Publishers(any=anyone, units=frozenset(ids), kinds=frozenset(named_kinds))


def _field_list(r: _Reader, entry: LDict, fields: dict, what: str) -> tuple:
    keys = r.strings(entry, "required_fields", what)
    for key in keys:
        if key not in fields:
            r.fail(f"{what}的 required_fields 中“{key}”不是已定义的字段。", entry.line_of("required_fields"))
    return keys


def _positive_int(r: _Reader, entry: LDict, key: str, what: str, required: bool) -> int | None:
    value = entry.get(key)
    if value is None:
        if required:
            r.fail(f"{what}缺少“{key}”。", entry.line)
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        r.fail(f"{what}的“{key}”应是正整数。", entry.line_of(key))
    return value


def _load_categories(r: _Reader, root: LDict, units: dict, fields: dict) -> dict:
    kinds = {u.kind for u in units.values()}
    categories: dict[str, Category] = {}
    entries = r.seq(root["categories"], root.line_of("categories"), "categories")
    numbers: set[int] = set()
    for index, entry in enumerate(entries):
        entry = r.mapping(entry, entries.line_of(index), "categories 的每一项")
        r.unknown_keys(entry, CATEGORY_KEYS, "公开类别")
        cid = r.ident(entry, "公开类别")
        what = f"公开类别“{cid}”"
        if cid in categories:
            r.fail(f"公开类别 id“{cid}”重复。", entry.line_of("id"))
        number = _positive_int(r, entry, "number", what, required=True)
        if number in numbers:
            r.fail(f"{what}的序号 {number} 重复。", entry.line_of("number"))
        numbers.add(number)
        lead = r.strings(entry, "lead", what)
        for uid in lead:
            if uid not in units:
                r.fail(f"{what}的牵头单位“{uid}”不是已定义的单位 id。", entry.line_of("lead"))
        categories[cid] = Category(
            id=cid, number=number, name=r.text(entry, "name", what), lead=lead,
            publishers=_publishers(r, entry, units, kinds, what),
            deadline_days=_positive_int(r, entry, "deadline_days", what, required=True),
            decision_deadline_days=_positive_int(r, entry, "decision_deadline_days", what, required=False),
            required_fields=_field_list(r, entry, fields, what),
            aliases=r.strings(entry, "aliases", what),
        )
    return dict(sorted(categories.items(), key=lambda kv: kv[1].number))


def _load_sectors(r: _Reader, root: LDict, units: dict, categories: dict, fields: dict) -> dict:
    kinds = {u.kind for u in units.values()}
    sectors: dict[str, Sector] = {}

    def visit(entries: LList, parent: str | None) -> list[str]:
        ids = []
        for index, entry in enumerate(entries):
            entry = r.mapping(entry, entries.line_of(index), "sectors 的每一项")
            r.unknown_keys(entry, SECTOR_KEYS, "重点领域")
            sid = r.ident(entry, "重点领域")
            what = f"重点领域“{sid}”"
            if sid in sectors:
                r.fail(f"重点领域 id“{sid}”重复。", entry.line_of("id"))
            cats = r.strings(entry, "categories", what)
            for cid in cats:
                if cid not in categories:
                    r.fail(f"{what}的 categories 中“{cid}”不是已定义的公开类别。", entry.line_of("categories"))
            info_types = []
            raw_types = r.seq(entry.get("info_types"), entry.line_of("info_types"), f"{what}的 info_types")
            for t_index, item in enumerate(raw_types):
                item = r.mapping(item, raw_types.line_of(t_index), "信息类别")
                info_types.append(InfoType(id=r.ident(item, "信息类别"), name=r.text(item, "name", "信息类别"),
                                           aliases=r.strings(item, "aliases", "信息类别")))
            sectors[sid] = Sector(
                id=sid, name=r.text(entry, "name", what), publishers=_publishers(r, entry, units, kinds, what),
                categories=cats, required_fields=_field_list(r, entry, fields, what),
                aliases=r.strings(entry, "aliases", what), parent=parent, info_types=tuple(info_types),
            )
            ids.append(sid)
            children = r.seq(entry.get("children"), entry.line_of("children"), f"{what}的 children")
            sectors[sid].children = tuple(visit(children, sid))
        return ids

    visit(r.seq(root["sectors"], root.line_of("sectors"), "sectors"), None)
    return sectors


def _name_tables(r: _Reader, root: LDict, schema: Schema) -> dict:
    tables: dict[str, dict] = {"unit": {}, "category": {}, "sector": {}, "field": {}, "info_type": {}}

    def add(kind: str, names, target, label: str) -> None:
        for name in names:
            key = _norm(name)
            if not key:
                continue
            other = tables[kind].get(key)
            if other is not None and _ident(other) != _ident(target):
                r.fail(f"名称“{name}”同时指向两个{label}（{_ident(other)} 和 {_ident(target)}）。", None,
                       "别名必须唯一，删除其中一个。")
            tables[kind][key] = target

    for unit in schema.units.values():
        add("unit", (unit.id, unit.name, unit.short, *unit.aliases), unit, "单位")
    for category in schema.categories.values():
        add("category", (category.id, category.name, *category.aliases), category, "公开类别")
    for sector in schema.sectors.values():
        add("sector", (sector.id, sector.name, *sector.aliases), sector, "重点领域")
        for info_type in sector.info_types:
            add("info_type", (info_type.id, info_type.name, *info_type.aliases), info_type, "信息类别")
    for fdef in schema.fields.values():
        add("field", (fdef.key, fdef.label, *fdef.aliases), fdef.key, "字段")
    return tables


def _ident(target) -> str:
    return getattr(target, "id", target)
