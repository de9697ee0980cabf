"""Supervision and annual-report figures (公开时效统计与年度报告第二部分), from the checked catalogue.

``python -m generator report [--year YYYY] [--scope city|benji | --unit U | --county C]
[--format text|md|csv|json]`` prints them; :func:`compute` returns them as a plain dict (the ``json``
format is that dict); :mod:`generator.supervision` puts them on the site.
Everything is computed from the same loaded and checked repository as the
site, so the figures and the site never disagree. A repository with errors
is not reported on: run ``python -m generator check`` and fix them first
(the command then exits with code 2).

Which items count (recording convention)
----------------------------------------

The report year ``Y`` is a calendar year (default: the last complete year,
today's year in Asia/Shanghai minus one). The scope (范围) is one of:

* ``--scope city`` (全市, the default): every unit, the 旗县区 included;
* ``--scope benji`` (本级): the city government and its general office
  (``city.government`` and ``city.general_office`` in categories.yml), which is
  what the 示例市人民政府's own annual report covers: each department and each
  旗县区 government publishes its own report (条例第四十九条);
* ``--unit X``: one unit (a 旗县区 government named here is that government only);
* ``--county X``: every unit of one 旗县区 (its government and departments).

All figures below are over the units of the scope.

Timeliness (公开时效, 条例第二十六条, 实施意见五(三))
    Over the items **published** (发布日期) in ``Y``. The deadline is the one
    the checker computes with the rule of categories.yml ``deadlines`` that
    applies (each late item names it): in general 20 working days from 成文日期,
    or from 变更日期 when it is filled in; 7 working days from the decision for
    行政许可 and 行政处罚 decisions, 20 for 行政强制 (in any category); 20
    calendar days from 批复日期 for budgets; 2 working days for procurement
    results and contracts. Working days follow the official holiday calendar
    (chinese_calendar plus holidays.yml; the start day is not counted). A batch
    of decisions with their 决定日期 is late when any decision is: the item's
    deadline is that of its earliest decision, and ``late_decisions`` counts
    the decisions published after their own deadline. ``on_time``: published
    no later than the deadline; ``late``: after it (``days_late`` days after
    the deadline, in the rule's unit, ``late_unit``); ``unknown``:
    the deadline could not be computed because no holiday schedule is known
    for a year it spans (checker warning ``calendar-missing``) -- such items
    are neither on time nor late. ``on_time_rate`` = on_time / items (so
    unknown items lower the rate), rounded to 4 decimals, ``null`` with no
    items. ``median_workdays``: median of the working days from formation
    (or change) to publication, over the items where it is known.

Policy interpretation (政策解读)
    ``regulations_without_interpretation``: items of the category
    行政法规、规章和规范性文件 (``regulations``) published in ``Y`` that are
    not themselves interpretations (no 解读对象, 解读形式 or 解读 in the title)
    and that no item anywhere in the repository interprets (no item's 解读对象
    is their 索引号).
    ``late_interpretations``: interpretations published in ``Y`` more than
    3 working days after the document they interpret (the same rule as the
    checker's ``late-interpretation`` warning).

Major projects (重大建设项目, 实施意见四(三))
    Every project with at least one item published up to 31 December ``Y``
    (for a selection: with at least one item of the selection). An
    information type is ``published`` when the project has an item of that
    type published up to 31 December ``Y`` (by any unit), else ``missing``.

Annual report, section 二 (国办公开办函〔2021〕30号)
    Recorded on the items themselves, with front-matter fields:

    * Art. 20(1) 规章 / 行政规范性文件 -- one item per document, with
      ``文件类型`` (doc_kind) 规章 or 行政规范性文件. ``made`` (本年制发件数):
      documents whose **成文日期 is in Y** (本年制发 = made, i.e. signed, in the
      year, even if published in January of the next year). ``abolished``
      (本年废止件数): documents whose 废止日期 (abolished_date) is in ``Y``,
      有效性 失效 and 废止 alike (the format has one column for both); the
      split is ``expired`` (失效) and ``repealed`` (废止), and the page says so
      under the table. ``in_force`` (现行有效件数): documents made on or before
      31 December ``Y`` and in force that day: 有效性 有效, or 失效/废止 with a
      废止日期 after 31 December ``Y``. A 失效/废止 document without a 废止日期
      is not counted as in force.
    * Art. 20(5) 行政许可, Art. 20(6) 行政处罚 / 行政强制 (本年处理决定数量):
      decisions **made** in ``Y`` (the format counts decisions of the year,
      not publications): each date of ``决定日期`` (decision_date) with its
      count, or, without it, the item's 成文日期 with its ``决定数量``
      (decision_count, 1 when absent). A monthly list of 12 licensing
      decisions of December published in January counts for December's year.
    * Art. 20(8) 行政事业性收费 (本年收费金额，万元): the sum of ``收费金额``
      (fee_amount, in 万元) over the items whose ``收费期间`` (fee_period) is
      exactly the calendar year ``Y`` (1 January to 31 December), whenever
      they were published. Partial periods (a quarter, "截至4月末") are never
      added up: they would count the same money twice. Items with a 收费金额
      but no full-year period are listed in ``fees_not_counted``. Rounded to
      2 decimals.

Coverage (覆盖检查, 实施意见第三、四部分)
    ``coverage``: for each category and sector whose 牵头 or 责任单位 are
    named in categories.yml (``lead``, ``responsible``), the named units of the
    scope that published no item of it in ``Y``. The lists say who must see to
    a category; they are not a rule on who may publish (谁制作、谁公开).

Applications (依申请公开, annual report sections 三 and 四)
    ``applications``: computed from the application ledgers of the units of
    the scope (applications/<unit>/<year>.yml), every row and column of the
    format with its 勾稽 checks, the fees, the late replies and a line per
    unit; :mod:`.applications` says how each figure counts.

Roll-ups
    ``counties``: one entry per 旗县区 (its government and every unit whose
    ``county`` is that government), in schema order. ``municipal``: the
    city-level units of the scope (市级单位). ``city``: every unit of the scope.
    Each carries the timeliness figures, counts of late items and
    interpretation findings, and its own ``annual_tables``.

Output is deterministic: units and categories in schema order, lists by
publication date then index number; no timestamps.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..check.timeliness import starts
from ..model.dates import is_full_year
from ..model.item import Item
from ..model.workdays import Calendar, UnknownYear
from ..problems import ConfigError
from ..rules import (
    DECISION_TABLES,
    DOC_KINDS,
    FEES_ROW,
    INTERPRETATION_DAYS,
    REGULATIONS_CATEGORY,
)
from ..site.catalogue import Catalogue, build_catalogue
from . import applications

# -- scope ---------------------------------------------------------------------

@dataclass
class Scope:
    kind: str            # "city" | "benji" | "county" | "unit"
    id: str | None
    name: str
    unit_ids: list       # schema order


SCOPE_WORDS = {"city": "city", "全市": "city", "benji": "benji", "本级": "benji"}
COUNTY_PREFIXES = ("county:", "旗县区:", "旗县区：")


def _county_names(schema) -> dict:
    """旗县区 display names from categories.yml's city.counties (东河区 rather than its government's name)."""
    return {c.get("id"): c.get("name") for c in (schema.city.get("counties") or []) if isinstance(c, dict)}


def _find_unit(schema, name):
    found = name if hasattr(name, "level") else schema.find_unit(name)
    if found is None:
        close = schema.closest("unit", name)
        raise ConfigError(f"找不到单位“{name}”。",
                          hint=(f"是不是“{close}”？" if close else "") + "填写 categories.yml 中单位的 id、全称、简称或别名。")
    return found


def resolve_scope(schema, unit=None, *, scope: str | None = None, county=None) -> Scope:
    """The units a report covers: the whole city, 本级 (市政府 + 市政府办), one 旗县区 or one unit.

    At most one of ``unit``, ``scope`` ('city' or 'benji') and ``county`` (its
    government's or its own name) may be given; none means the whole city."""
    given = [v for v in (unit, scope, county) if v is not None and str(v).strip()]
    if len(given) > 1:
        raise ConfigError("范围只能选一个。", hint="--scope、--unit 和 --county 三者选一。")
    city_name = str(schema.city.get("name") or "全市")
    if county is not None and str(county).strip():
        names = {name: cid for cid, name in _county_names(schema).items()}
        found = schema.units.get(names.get(str(county).strip(), "")) or _find_unit(schema, county)
        if not found.is_county_government:
            raise ConfigError(f"“{found.name}”不是旗县区人民政府。", hint="--county 写旗县区名称或其人民政府，例如 东河区。")
        return Scope("county", found.id, _county_names(schema).get(found.id) or found.name,
                     [u.id for u in schema.county_members(found)])
    if unit is not None and str(unit).strip():
        found = _find_unit(schema, unit)
        return Scope("unit", found.id, found.name, [found.id])
    kind = SCOPE_WORDS.get(str(scope).strip() if scope is not None else "city")
    if kind is None:
        raise ConfigError(f"未知的范围“{scope}”。", hint="--scope 写 city（全市）或 benji（本级：市政府和市政府办）。")
    if kind == "benji":
        ids = schema.benji_units
        if not ids:
            raise ConfigError("categories.yml 的 city 没有写 government 和 general_office，无法确定本级。")
        return Scope("benji", None, f"{city_name}人民政府本级", ids)
    return Scope("city", None, city_name, list(schema.units))


def scope_from_word(schema, word: str | None) -> Scope:
    """The scope an annual-report marker names: 本级/benji, 全市/city, county:<旗县区>, or a unit."""
    if word is None:
        return resolve_scope(schema)
    if word in SCOPE_WORDS:
        return resolve_scope(schema, scope=word)
    for prefix in COUNTY_PREFIXES:
        if word.startswith(prefix):
            return resolve_scope(schema, county=word[len(prefix):])
    return resolve_scope(schema, word)


# -- figures -------------------------------------------------------------------

def _number(value):
    """Median as an int when whole, else a float."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(float(value), 1)


def timeliness(items: list[Item]) -> dict:
    on_time = late = unknown = 0
    taken = []
    for item in items:
        if item.deadline is None:
            unknown += 1
        elif item.days_late > 0:
            late += 1
        else:
            on_time += 1
        if item.workdays_taken is not None:
            taken.append(item.workdays_taken)
    n = len(items)
    return {
        "items": n, "on_time": on_time, "late": late, "unknown": unknown,
        "on_time_rate": round(on_time / n, 4) if n else None,
        "median_workdays": _number(statistics.median(taken)) if taken else None,
    }


def _amount(values) -> float:
    total = sum((Decimal(str(v)) for v in values if v is not None), Decimal(0))
    return float(round(total, 2))


def annual_tables(items: list[Item], year: int) -> dict:
    """Section 二 of the annual report over ``items`` (all years; each figure picks its own items)."""
    year_end = date(year, 12, 31)
    art20_1 = {kind: {"made": 0, "abolished": 0, "in_force": 0, "expired": 0, "repealed": 0} for kind in DOC_KINDS}
    decisions = {row: 0 for _, rows in DECISION_TABLES for row in rows}
    fees = []
    for item in items:
        row = art20_1.get(item.doc_kind) if item.doc_kind else None
        if row is not None:
            row["made"] += item.formation_date.year == year
            if item.abolished_date is not None and item.abolished_date.year == year:
                row["abolished"] += 1
                row["expired" if item.validity == "失效" else "repealed"] += 1
            row["in_force"] += _in_force(item, year_end)
        if item.decision_type in decisions:
            decisions[item.decision_type] += sum(n for day, n in item.decisions if day.year == year)
        if item.fee_amount is not None and is_full_year(item.fee_period) == year:
            fees.append(item.fee_amount)
    tables: dict[str, dict] = {"art20_1": art20_1}
    for key, rows in DECISION_TABLES:
        tables[key] = {row: {"decisions": decisions[row]} for row in rows}
    tables["art20_8"] = {FEES_ROW: {"amount_wan_yuan": _amount(fees)}}
    return tables


def _fee_not_counted(item: Item, year: int) -> dict | None:
    """An item with a 收费金额 that concerns ``year`` but is not added to table 20(8), and why."""
    if item.fee_amount is None or is_full_year(item.fee_period) is not None:
        return None
    if item.fee_period is None:
        if item.publish_date.year != year:
            return None
        reason = "没有填写收费期间"
    else:
        start, end = item.fee_period
        if not start.year <= year <= end.year:
            return None
        reason = f"收费期间 {start.isoformat()} 至 {end.isoformat()} 不是整个年度"
    return {**_item_ref(item), "fee_amount": item.fee_amount, "reason": reason}


def _in_force(item: Item, year_end: date) -> bool:
    if item.formation_date > year_end:
        return False
    if item.abolished_date is not None:
        return item.abolished_date > year_end
    return item.validity == "有效"


def _item_ref(item: Item) -> dict:
    return {"index_no": item.index_no, "title": item.title, "unit": item.unit.id, "unit_name": item.unit.name,
            "category": item.category.id, "publish_date": item.publish_date.isoformat(), "url": item.url}


def _late_interpretation(item: Item, cat: Catalogue, calendar: Calendar | None) -> dict | None:
    policy = cat.by_index.get(item.interprets)
    if policy is None or calendar is None or item.publish_date <= policy.publish_date:
        return None
    try:
        gap = calendar.workdays_between(policy.publish_date, item.publish_date)
    except UnknownYear:
        return None
    if gap <= INTERPRETATION_DAYS:
        return None
    return {**_item_ref(item), "policy_index_no": policy.index_no, "policy_title": policy.title,
            "policy_publish_date": policy.publish_date.isoformat(), "workdays_after": gap}


def _source(source, calendar):
    """(catalogue, calendar) from a Repository or a Catalogue."""
    if isinstance(source, Catalogue):
        return source, calendar if calendar is not None else getattr(source, "calendar", None)
    cat = build_catalogue(source)
    return cat, calendar if calendar is not None else source.calendar


def compute(source, year: int, unit=None, *, scope: str | None = None, county=None,
            calendar: Calendar | None = None) -> dict:
    """All figures for ``year`` as a JSON-ready dict (see the module docstring for what counts).

    ``source`` is a loaded :class:`~generator.repository.Repository` (its
    calendar is used) or a :class:`~generator.catalogue.Catalogue` (pass the
    repository's ``calendar``: it is needed only to find late
    interpretations; without one the package's calendar is used).
    The scope is ``unit`` (a unit id, name, short name or alias), ``scope``
    ('city' or 'benji', also 全市/本级) or ``county`` (a 旗县区); at most one, and
    none means the whole city. A :class:`Scope` may be passed as ``unit``.
    """
    cat, calendar = _source(source, calendar)
    if calendar is None:
        calendar = Calendar.load(None)
    schema = cat.schema
    selected: Scope = unit if isinstance(unit, Scope) else resolve_scope(schema, unit, scope=scope, county=county)
    in_scope = set(selected.unit_ids)
    year_end = date(year, 12, 31)
    scope_items = [i for i in cat.items if i.unit.id in in_scope]
    published = sorted((i for i in scope_items if i.publish_date.year == year),
                       key=lambda i: (i.publish_date, i.index_no))

    by_unit: dict[str, list[Item]] = {uid: [] for uid in selected.unit_ids}
    by_category: dict[str, list[Item]] = {cid: [] for cid in schema.categories}
    for item in published:
        by_unit[item.unit.id].append(item)
        by_category[item.category.id].append(item)

    late_items = [{**_item_ref(i), "start_date": _start(i).isoformat(),
                   "deadline": i.deadline.isoformat(), "workdays_taken": i.workdays_taken,
                   "days_late": i.days_late, "late_unit": "个工作日" if i.deadline_rule.count == "workdays" else "日",
                   "late_decisions": i.late_decisions, "rule": i.deadline_rule.id, "rule_name": i.deadline_rule.name,
                   "limit": i.deadline_rule.span, "basis": i.deadline_rule.basis}
                  for i in published if i.deadline is not None and i.days_late > 0]
    unknown_items = [_item_ref(i) for i in published if i.deadline is None]
    without = [{**_item_ref(i), "doc_number": i.doc_number, "doc_kind": i.doc_kind}
               for i in published if i.category.id == REGULATIONS_CATEGORY and not i.is_interpretation
               and not cat.interpretations.get(i.index_no)]
    late_interp = [found for i in published if i.interprets
                   for found in [_late_interpretation(i, cat, calendar)] if found]

    projects = []
    for project in cat.projects.values():
        upto = [i for i in project.items if i.publish_date <= year_end]
        if not any(i.unit.id in in_scope for i in upto):
            continue
        types: list[dict] = []
        published_names: list[str] = []
        missing_names: list[str] = []
        for info_type in schema.sectors[project.sector_id].info_types:
            mine = [i for i in upto if i.info_type is not None and i.info_type.id == info_type.id]
            types.append({"info_type": info_type.id, "name": info_type.name, "items": len(mine),
                          "items_in_year": sum(1 for i in mine if i.publish_date.year == year),
                          "published": bool(mine)})
            (published_names if mine else missing_names).append(info_type.name)
        projects.append({"project": project.id, "name": project.name, "sector": project.sector_id,
                         "units": sorted({i.unit.id for i in upto}, key=list(schema.units).index),
                         "published": published_names, "missing": missing_names, "types": types})

    scope_by_unit: dict[str, list[Item]] = {uid: [] for uid in selected.unit_ids}
    for item in scope_items:
        scope_by_unit[item.unit.id].append(item)

    def rollup(unit_ids: list[str]) -> dict:
        ids = set(unit_ids)
        mine = [i for uid in unit_ids for i in by_unit[uid]]
        return {
            **timeliness(mine),
            "late_items": sum(1 for e in late_items if e["unit"] in ids),
            "regulations_without_interpretation": sum(1 for e in without if e["unit"] in ids),
            "late_interpretations": sum(1 for e in late_interp if e["unit"] in ids),
            "annual_tables": annual_tables([i for uid in unit_ids for i in scope_by_unit[uid]], year),
        }

    county_names = _county_names(schema)
    counties = []
    for gov in schema.units.values():
        if not gov.is_county_government:
            continue
        members = [uid for uid in selected.unit_ids if schema.units[uid].county == gov.id]
        if members:
            counties.append({"county": gov.id, "name": county_names.get(gov.id) or gov.name, "units": len(members), **rollup(members)})
    municipal_ids = [uid for uid in selected.unit_ids if schema.units[uid].level == "city"]

    fees_not_counted = [found for i in sorted(scope_items, key=lambda i: (i.publish_date, i.index_no))
                        for found in [_fee_not_counted(i, year)] if found]

    return {
        "year": year,
        "scope": {"kind": selected.kind, "id": selected.id, "name": selected.name, "units": len(selected.unit_ids)},
        "units": [{"unit": uid, "name": schema.units[uid].name, **timeliness(by_unit[uid])}
                  for uid in selected.unit_ids],
        "categories": [{"category": cid, "number": c.number, "name": c.name, **timeliness(by_category[cid])}
                       for cid, c in schema.categories.items()],
        "late_items": late_items,
        "unknown_items": unknown_items,
        "regulations_without_interpretation": without,
        "late_interpretations": late_interp,
        "projects": projects,
        "counties": counties,
        "municipal": {"name": "市本级", "units": len(municipal_ids), **rollup(municipal_ids)},
        "city": {"name": selected.name, "units": len(selected.unit_ids), **rollup(selected.unit_ids)},
        "annual_tables": annual_tables(scope_items, year),
        "fees_not_counted": fees_not_counted,
        "coverage": coverage(schema, selected.unit_ids, published),
        "applications": applications.figures(cat.ledgers, selected.unit_ids, year, schema),
    }


def _start(item: Item) -> date:
    """The start of the item's earliest clock (only asked of items with a deadline, hence with a rule)."""
    assert item.deadline_rule is not None
    return starts(item, item.deadline_rule)[1][0][0]


def coverage(schema, unit_ids: list[str], published: list[Item]) -> list[dict]:
    """Per category and sector with named 牵头/责任单位: those of the scope that published none of it this year."""
    in_scope = set(unit_ids)
    seen_category = {(i.unit.id, i.category.id) for i in published}
    seen_sector = set()
    for item in published:
        sector = item.sector
        while sector is not None:
            seen_sector.add((item.unit.id, sector.id))
            sector = schema.sectors.get(sector.parent) if sector.parent else None
    out = []
    owners = [("category", c.id, f"（{c.number}）{c.name}", c.lead, c.responsible, seen_category)
              for c in schema.categories.values()]
    owners += [("sector", s.id, s.name, (), s.responsible, seen_sector) for s in schema.sectors.values()]
    for kind, oid, name, lead, responsible, seen in owners:
        missing = [u for u in schema.responsible_units(lead, responsible)
                   if u.id in in_scope and (u.id, oid) not in seen]
        if missing:
            out.append({"kind": kind, "id": oid, "name": name, "units": [u.id for u in missing],
                        "unit_names": [u.name for u in missing]})
    return out


def default_year(today: date) -> int:
    """The last complete calendar year."""
    return today.year - 1
