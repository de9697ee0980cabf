"""The disclosure schema: units, categories (公开类别), sectors (重点领域) and fields.

Loaded from ``categories.yml`` and validated on load: every mistake in that
file raises :class:`~generator.problems.ConfigError` with its line. Lookups
accept an ``id``, the exact Chinese name, the short name or an alias.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, overload

from ..problems import ConfigError
from ..rules import SLUG
from .applications import CHANNELS
from .orgcode import validate_org_code
from .yamlnodes import LDict, LList, load_yaml_file

RESERVED_UNIT_IDS = {"pages", "categories", "sectors", "units", "years", "search", "assets",
                     "stylesheets", "javascripts", "supervision", "pagefind", "lunr", "apply", "admin"}
FIELD_TYPES = {"string", "text", "date", "dates", "period", "list", "mapping", "enum", "index_no", "doc_number",
               "unit", "units", "category", "sector", "attachments", "exemptions", "integer", "number",
               "info_type"}
REQUIRED_VALUES = {"always", "conditional", "optional"}
COUNTS = {"workdays": "个工作日", "calendar": "日"}
START_FIELDS = ("formation_date", "decision_date", "approval_date")
CONDITION_KEYS = ("decision_type", "info_type", "doc_kind", "has")
# A unit's reviewers on the hosting platform (CODEOWNERS): @organisation/team, as GitHub and GitLab write it.
TEAM = re.compile(r"^@[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)+$")


@dataclass(frozen=True)
class Responsible:
    """责任单位 named by the seed: a coverage checklist for the report, never a publishing gate."""

    units: frozenset = frozenset()
    kinds: frozenset = frozenset()

    def covers(self, unit: Unit) -> bool:
        return unit.id in self.units or unit.kind in self.kinds


@dataclass(frozen=True)
class Condition:
    """When a rule applies: the item's 决定类型, 信息类别 (id) or 文件类型 is one of those listed,
    and every field of ``has`` is filled in. An empty condition always applies."""

    decision_type: frozenset | None = None
    info_type: frozenset | None = None
    doc_kind: frozenset | None = None
    has: tuple = ()

    def matches(self, facts: dict) -> bool:
        """``facts``: canonical key -> typed value (an InfoType for info_type; None when not filled)."""
        info = facts.get("info_type")
        return ((self.decision_type is None or facts.get("decision_type") in self.decision_type)
                and (self.info_type is None or getattr(info, "id", None) in self.info_type)
                and (self.doc_kind is None or facts.get("doc_kind") in self.doc_kind)
                and all(facts.get(key) not in (None, "", [], ()) for key in self.has))


@dataclass(frozen=True)
class DeadlineRule:
    """A statutory time limit (公开时限): ``days`` working or calendar days from the ``start`` field."""

    id: str
    name: str
    days: int
    count: str              # "workdays" | "calendar"
    start: str              # formation_date | decision_date | approval_date
    basis: str
    when: Condition = Condition()

    @property
    def span(self) -> str:
        """The limit as a clerk reads it: "20 个工作日", "20 日"."""
        return f"{self.days} {COUNTS[self.count]}"


@dataclass(frozen=True)
class ExclusiveRule:
    """Information the law has published by named organs only (e.g. 规章 by the city government's order)."""

    id: str
    name: str
    units: tuple
    basis: str
    when: Condition = Condition()


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
    handles_applications: bool = False   # 受理政府信息公开申请 (applications: false in categories.yml says no)
    acceptor: str = ""                   # 受理机构
    channels: tuple = ()                 # 申请渠道, from generator.model.applications.CHANNELS
    team: str = ""              # reviewers of content/<id>/ on the hosting platform (CODEOWNERS)

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
    responsible: Responsible = Responsible()
    basis: str = ""
    deadlines: tuple = ()               # DeadlineRule, before the global ones
    required_fields: tuple = ()
    aliases: tuple = ()
    interpretation: bool = False        # the 政策解读 column
    related: tuple = ()                 # category ids linked from this category's page


@dataclass
class InfoType:
    id: str
    name: str
    aliases: tuple = ()


@dataclass
class Sector:
    id: str
    name: str
    responsible: Responsible = Responsible()
    categories: tuple = ()
    required_fields: tuple = ()
    aliases: tuple = ()
    parent: str | None = None
    children: tuple = ()
    info_types: tuple = ()
    deadlines: tuple = ()


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
    keys: tuple = ()                    # a mapping's keys (保密审查: reviewer, date)


@dataclass
class Schema:
    city: dict
    units: dict
    categories: dict
    sectors: dict
    fields: dict
    path: str = "categories.yml"
    attachment_mb: int = 50                # largest attachment file (limits.attachment_mb)
    deadlines: tuple = ()                  # DeadlineRule for every category; the last one applies to all
    exclusive: tuple = ()                  # ExclusiveRule
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
    def deadline_rule(self, category: Category | None, sector: Sector | None, facts: dict) -> DeadlineRule:
        """The time limit that applies: the first matching rule of the sector (and its parents),
        the category, then the global list (whose last rule applies to everything)."""
        for rule in self.deadline_rules(category, sector):
            if rule.when.matches(facts):
                return rule
        return self.deadlines[-1]

    def deadline_rules(self, category: Category | None, sector: Sector | None = None) -> list[DeadlineRule]:
        """Every rule that may apply to an item of ``category`` and ``sector``, in the order they are tried."""
        rules: list[DeadlineRule] = []
        while sector is not None:
            rules.extend(sector.deadlines)
            sector = self.sectors.get(sector.parent) if sector.parent else None
        if category is not None:
            rules.extend(category.deadlines)
        return rules + list(self.deadlines)

    def deadline_rules_by_id(self) -> dict[str, DeadlineRule]:
        """Every time-limit rule of the schema by its id."""
        rules = list(self.deadlines)
        for owner in (*self.categories.values(), *self.sectors.values()):
            rules.extend(owner.deadlines)
        return {rule.id: rule for rule in rules}

    def exclusive_rule(self, facts: dict) -> ExclusiveRule | None:
        """The rule naming who alone may publish information like this (None for almost everything)."""
        return next((rule for rule in self.exclusive if rule.when.matches(facts)), None)

    def responsible_units(self, lead: tuple, responsible: Responsible) -> list[Unit]:
        """牵头 and 责任单位 of a category or sector, in schema order: the report's coverage checklist."""
        return [u for u in self.units.values() if u.id in lead or responsible.covers(u)]

    def info_type_sector(self, sector: Sector | None) -> Sector | None:
        """The sector (itself or a parent) whose 信息类别 an item of ``sector`` chooses from."""
        while sector is not None:
            if sector.info_types:
                return sector
            sector = self.sectors.get(sector.parent) if sector.parent else None
        return None

    @property
    def interpretation_category(self) -> Category | None:
        """The 政策解读 column."""
        return next((c for c in self.categories.values() if c.interpretation), None)

    @property
    def benji_units(self) -> list[str]:
        """本级: the city government and its general office (市政府 + 市政府办), whose annual report the city makes."""
        ids = [self.city.get("government"), self.city.get("general_office")]
        return [uid for uid in self.units if uid in ids]

    def required_fields_for(self, category: Category | None, sector: Sector | None,
                            interpretation: bool = False) -> list[str]:
        """Fields an item must fill in. An interpretation (政策解读) filed under another category is not
        asked for that category's fields: they describe the document (发文字号, 有效性), not its解读."""
        keys = [f.key for f in self.fields.values() if f.required == "always"]
        if interpretation and category is not None and not category.interpretation:
            category = None
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


UNIT_KEYS = {"id", "name", "short", "aliases", "code", "kind", "level", "county", "contact", "applications", "team"}
# What a unit's 政府信息公开指南 must state (条例第十二条), as contact keys, with the guide's words.
GUIDE_CONTACT = (("office", "政府信息公开工作机构"), ("address", "办公地址"), ("hours", "办公时间"),
                 ("phone", "联系电话"), ("fax", "传真"), ("email", "电子邮箱"))
CATEGORY_KEYS = {"id", "number", "name", "aliases", "basis", "lead", "responsible", "deadlines", "required_fields",
                 "interpretation", "related"}
SECTOR_KEYS = {"id", "name", "aliases", "responsible", "categories", "required_fields", "children",
               "info_types", "deadlines"}
RULE_KEYS = {"id", "name", "when", "days", "count", "from", "basis"}
EXCLUSIVE_KEYS = {"id", "name", "when", "units", "basis"}
FIELD_KEYS = {"key", "label", "aliases", "type", "required", "public", "description", "example", "keys", "values_from",
              "values"}


def load_schema(path: Path, display: str = "categories.yml") -> Schema:
    """Read and validate categories.yml; raise ConfigError with the line of any mistake."""
    r = _Reader(display)
    root = load_yaml_file(path, display)
    if not isinstance(root, LDict):
        r.fail("categories.yml 的顶层应包含 units、categories、sectors 和 fields。", 1)
    r.unknown_keys(root, {"version", "city", "limits", "deadlines", "exclusive", "units", "categories", "sectors",
                          "fields"}, "categories.yml 顶层")
    for key in ("units", "categories", "sectors", "fields"):
        if key not in root:
            r.fail(f"categories.yml 缺少顶层列表“{key}”。", 1)
    city = root.get("city") or {}

    fields = _load_fields(r, root)
    units = _load_units(r, root)
    rules = _Rules(r, fields)
    categories = _load_categories(r, root, units, fields, rules)
    sectors = _load_sectors(r, root, units, categories, fields, rules)
    deadlines = rules.deadlines(root, "deadlines", "categories.yml 顶层")
    if not deadlines or deadlines[-1].when != Condition():
        r.fail("顶层 deadlines 的最后一条规则应没有 when（一般规则，适用于所有信息）。", root.line_of("deadlines"),
               "例如：- {id: general, name: 一般政府信息, days: 20, count: workdays, from: formation_date, basis: …}")
    exclusive = rules.exclusive(root, units)
    rules.check_info_types(sectors)
    limits = root.get("limits") or LDict()
    if not isinstance(limits, LDict):
        r.fail("limits 应是键值映射。", root.line_of("limits"))
    r.unknown_keys(limits, {"attachment_mb"}, "limits")
    attachment_mb = _positive_int(r, limits, "attachment_mb", "limits", required=False) or 50
    schema = Schema(city=dict(city), units=units, categories=categories, sectors=sectors, fields=fields,
                    path=display, attachment_mb=attachment_mb, deadlines=tuple(deadlines), exclusive=tuple(exclusive))
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
            example=entry.get("example"), keys=r.strings(entry, "keys", f"字段“{key}”"),
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
        team = r.text(entry, "team", f"单位“{uid}”", required=False)
        if team and not TEAM.match(team):
            r.fail(f"单位“{uid}”的 team“{team}”不合规范。", entry.line_of("team"),
                   "写成托管平台上的团队名，例如 \"@shilishi/czj\"（@组织/团队，要加引号）。")
        contact = entry.get("contact") or {}
        if not isinstance(contact, dict):
            r.fail(f"单位“{uid}”的 contact 应是键值映射。", entry.line_of("contact"))
        units[uid] = Unit(
            id=uid, name=r.text(entry, "name", f"单位“{uid}”"), code=code,
            kind=r.text(entry, "kind", f"单位“{uid}”"), level=level,
            county=r.text(entry, "county", f"单位“{uid}”", required=False) or None,
            short=r.text(entry, "short", f"单位“{uid}”", required=False),
            aliases=r.strings(entry, "aliases", f"单位“{uid}”"),
            contact={k: str(v) for k, v in contact.items() if v is not None}, team=team,
        )
        _unit_applications(r, entry, units[uid])
    for entry in entries:
        unit = units[entry["id"]]
        if unit.county and unit.county not in units:
            r.fail(f"单位“{unit.id}”的 county“{unit.county}”不是已定义的单位。", entry.line_of("county"))
    return units


def _unit_applications(r: _Reader, entry: LDict, unit: Unit) -> None:
    """依申请公开: ``applications: false``, or the 受理机构 and 申请渠道; a unit that handles applications must
    also have every contact field its guide states (条例第十二条)."""
    value = entry.get("applications")
    what = f"单位“{unit.id}”"
    if value is False:
        return
    line = entry.line_of("applications")
    hint = ("受理政府信息公开申请的单位写 applications: {acceptor: 受理机构, channels: [网上申请, 信函, 当面]}；"
            "不受理申请的单位（如党委部门）写 applications: false。")
    if value is None:
        r.fail(f"{what}受理政府信息公开申请，但没有写受理机构和申请渠道（applications）。", entry.line, hint)
    value = r.mapping(value, line, f"{what}的 applications")
    r.unknown_keys(value, {"acceptor", "channels"}, f"{what}的 applications")
    acceptor = r.text(value, "acceptor", f"{what}的 applications", required=False)
    if not acceptor:
        r.fail(f"{what}的公开指南缺少受理机构（applications.acceptor）。", value.line, hint)
    channels = r.strings(value, "channels", f"{what}的 applications")
    if not channels:
        r.fail(f"{what}的公开指南缺少申请渠道（applications.channels）。", value.line, hint)
    for channel in channels:
        if channel not in CHANNELS:
            r.fail(f"{what}的申请渠道“{channel}”不是可用的渠道。", value.line_of("channels"), "可用：" + "、".join(CHANNELS))
    for key, label in GUIDE_CONTACT:
        if not unit.contact.get(key, "").strip():
            r.fail(f"{what}受理政府信息公开申请，公开指南缺少{label}（contact.{key}）。",
                   entry.line_of("contact"), f"在 contact 下补上 {key}（《条例》第十二条）；不受理申请的单位写 applications: false。")
    unit.handles_applications, unit.acceptor, unit.channels = True, acceptor, channels


def _responsible(r: _Reader, entry: LDict, units: dict, kinds: set, what: str) -> Responsible:
    value = entry.get("responsible")
    if value is None:
        return Responsible()
    value = r.mapping(value, entry.line_of("responsible"), f"{what}的 responsible")
    r.unknown_keys(value, {"units", "kinds"}, f"{what}的 responsible")
    ids = r.strings(value, "units", f"{what}的 responsible")
    for uid in ids:
        if uid not in units:
            r.fail(f"{what}的 responsible.units 中“{uid}”不是已定义的单位 id。", value.line_of("units"))
    named_kinds = r.strings(value, "kinds", f"{what}的 responsible")
    for kind in named_kinds:
        if kind not in kinds:
            r.fail(f"{what}的 responsible.kinds 中“{kind}”不是任何单位的 kind。", value.line_of("kinds"))
    return Responsible(units=frozenset(ids), kinds=frozenset(named_kinds))


class _Rules:
    """Reads deadline and exclusive rules; remembers the info types they name to check once sectors are known."""

    def __init__(self, r: _Reader, fields: dict):
        self.r, self.fields = r, fields
        self.ids: set[str] = set()
        self.info_types: list[tuple[str, int]] = []

    def condition(self, entry: LDict, what: str) -> Condition:
        r = self.r
        value = entry.get("when")
        if value is None:
            return Condition()
        value = r.mapping(value, entry.line_of("when"), f"{what}的 when")
        r.unknown_keys(value, set(CONDITION_KEYS), f"{what}的 when")
        found = {}
        for key in ("decision_type", "doc_kind"):
            if key in value:
                names = r.strings(value, key, f"{what}的 when")
                allowed = self.fields[key].values if key in self.fields else ()
                for name in names:
                    if name not in allowed:
                        r.fail(f"{what}的 when.{key} 中“{name}”不是该字段的可选值。", value.line_of(key),
                               "可选：" + "、".join(allowed))
                found[key] = frozenset(names)
        if "info_type" in value:
            names = r.strings(value, "info_type", f"{what}的 when")
            self.info_types += [(name, value.line_of("info_type")) for name in names]
            found["info_type"] = frozenset(names)
        has = r.strings(value, "has", f"{what}的 when") if "has" in value else ()
        for key in has:
            if key not in self.fields:
                r.fail(f"{what}的 when.has 中“{key}”不是已定义的字段。", value.line_of("has"))
        return Condition(has=has, **found)

    def _ident(self, entry: LDict, what: str) -> str:
        rid = self.r.ident(entry, what)
        if rid in self.ids:
            self.r.fail(f"{what}的 id“{rid}”重复。", entry.line_of("id"), "规则的 id 在整个文件中唯一。")
        self.ids.add(rid)
        return rid

    def deadlines(self, entry: LDict, key: str, what: str) -> list[DeadlineRule]:
        r = self.r
        out = []
        entries = r.seq(entry.get(key), entry.line_of(key), f"{what}的 {key}")
        for index, item in enumerate(entries):
            item = r.mapping(item, entries.line_of(index), "公开时限规则")
            r.unknown_keys(item, RULE_KEYS, "公开时限规则")
            rid = self._ident(item, "公开时限规则")
            label = f"公开时限规则“{rid}”"
            count = r.text(item, "count", label)
            if count not in COUNTS:
                r.fail(f"{label}的 count 应为 workdays（工作日）或 calendar（自然日）。", item.line_of("count"))
            start = r.text(item, "from", label)
            if start not in START_FIELDS or start not in self.fields:
                r.fail(f"{label}的 from“{start}”不是可用的起算日期字段。", item.line_of("from"),
                       "可用：" + "、".join(k for k in START_FIELDS if k in self.fields))
            out.append(DeadlineRule(
                id=rid, name=r.text(item, "name", label), days=_positive_int(r, item, "days", label, required=True),
                count=count, start=start, basis=r.text(item, "basis", label), when=self.condition(item, label)))
        return out

    def exclusive(self, root: LDict, units: dict) -> list[ExclusiveRule]:
        r = self.r
        out = []
        entries = r.seq(root.get("exclusive"), root.line_of("exclusive"), "exclusive")
        for index, item in enumerate(entries):
            item = r.mapping(item, entries.line_of(index), "专属发布规则")
            r.unknown_keys(item, EXCLUSIVE_KEYS, "专属发布规则")
            rid = self._ident(item, "专属发布规则")
            label = f"专属发布规则“{rid}”"
            ids = r.strings(item, "units", label)
            for uid in ids:
                if uid not in units:
                    r.fail(f"{label}的 units 中“{uid}”不是已定义的单位 id。", item.line_of("units"))
            if not ids:
                r.fail(f"{label}没有列出可以发布的单位。", item.line)
            out.append(ExclusiveRule(id=rid, name=r.text(item, "name", label), units=ids,
                                     basis=r.text(item, "basis", label), when=self.condition(item, label)))
        return out

    def check_info_types(self, sectors: dict) -> None:
        known = {t.id for s in sectors.values() for t in s.info_types}
        for name, line in self.info_types:
            if name not in known:
                self.r.fail(f"规则的 when.info_type 中“{name}”不是任何重点领域的信息类别 id。", line)


def _field_list(r: _Reader, entry: LDict, fields: dict, what: str) -> tuple:
    keys = r.strings(entry, "required_fields", what)
    for key in keys:
        if key not in fields:
            r.fail(f"{what}的 required_fields 中“{key}”不是已定义的字段。", entry.line_of("required_fields"))
    return keys


@overload
def _positive_int(r: _Reader, entry: LDict, key: str, what: str, required: Literal[True]) -> int: ...
@overload
def _positive_int(r: _Reader, entry: LDict, key: str, what: str, required: bool) -> int | None: ...
def _positive_int(r: _Reader, entry: LDict, key: str, what: str, required: bool) -> int | None:
    value = entry.get(key)
    if value is None:
        if required:
            r.fail(f"{what}缺少“{key}”。", entry.line)
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        r.fail(f"{what}的“{key}”应是正整数。", entry.line_of(key))
    return value


def _load_categories(r: _Reader, root: LDict, units: dict, fields: dict, rules: _Rules) -> dict:
    kinds = {u.kind for u in units.values()}
    categories: dict[str, Category] = {}
    entry_lines: dict[str, int] = {}
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
        interpretation = entry.get("interpretation", False)
        if not isinstance(interpretation, bool):
            r.fail(f"{what}的 interpretation 应为 true 或 false。", entry.line_of("interpretation"))
        if interpretation and any(c.interpretation for c in categories.values()):
            r.fail(f"{what}：只能有一个类别是政策解读栏目（interpretation: true）。", entry.line_of("interpretation"))
        categories[cid] = Category(
            id=cid, number=number, name=r.text(entry, "name", what), lead=lead,
            responsible=_responsible(r, entry, units, kinds, what),
            basis=r.text(entry, "basis", what, required=False),
            deadlines=tuple(rules.deadlines(entry, "deadlines", what)),
            required_fields=_field_list(r, entry, fields, what),
            aliases=r.strings(entry, "aliases", what), interpretation=interpretation,
            related=r.strings(entry, "related", what),
        )
        entry_lines[cid] = entry.line_of("related")
    for category in categories.values():
        for other in category.related:
            if other not in categories:
                r.fail(f"公开类别“{category.id}”的 related 中“{other}”不是已定义的公开类别。", entry_lines[category.id])
    return dict(sorted(categories.items(), key=lambda kv: kv[1].number))


def _load_sectors(r: _Reader, root: LDict, units: dict, categories: dict, fields: dict, rules: _Rules) -> dict:
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
                id=sid, name=r.text(entry, "name", what), responsible=_responsible(r, entry, units, kinds, what),
                categories=cats, required_fields=_field_list(r, entry, fields, what),
                aliases=r.strings(entry, "aliases", what), parent=parent, info_types=tuple(info_types),
                deadlines=tuple(rules.deadlines(entry, "deadlines", what)),
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
