"""Supervision and annual-report figures (公开时效统计与年度报告第二部分), from the checked catalogue.

``python -m generator report [--year YYYY] [--unit U] [--format text|md|csv|json]``
prints them; :func:`compute` returns them as a plain dict (the ``json``
format is that dict); :mod:`generator.supervision` puts them on the site.
Everything is computed from the same loaded and checked repository as the
site, so the figures and the site never disagree. A repository with errors
is not reported on: run ``python -m generator check`` and fix them first
(the command then exits with code 2).

Which items count (recording convention)
----------------------------------------

The report year ``Y`` is a calendar year (default: the last complete year,
today's year in Asia/Shanghai minus one). With ``--unit`` the report covers
one unit; naming a 旗县区 government (a unit with ``level: county`` whose
``county`` is its own id) covers every unit of that 旗县区. All figures below
are over the units of that selection; without ``--unit`` over the whole city.

Timeliness (公开时效, 条例第二十六条, 实施意见五(三))
    Over the items **published** (发布日期) in ``Y``. The deadline is the one
    the checker computes: 20 working days from 成文日期, or from 变更日期 when
    it is filled in, and 7 working days for items with a 决定类型 in the
    行政许可 and 行政处罚/行政强制 categories, on the official holiday
    calendar (chinese_calendar plus holidays.yml; the day of formation is not
    counted). ``on_time``: published no later than the deadline; ``late``:
    after it (``days_late`` working days after the deadline); ``unknown``:
    the deadline could not be computed because no holiday schedule is known
    for a year it spans (checker warning ``calendar-missing``) -- such items
    are neither on time nor late. ``on_time_rate`` = on_time / items (so
    unknown items lower the rate), rounded to 4 decimals, ``null`` with no
    items. ``median_workdays``: median of the working days from formation
    (or change) to publication, over the items where it is known.

Policy interpretation (政策解读)
    ``regulations_without_interpretation``: items of the category
    行政法规、规章和规范性文件 (``regulations``) published in ``Y`` that are
    not themselves interpretations (no 解读对象) and that no item anywhere in
    the repository interprets (no item's 解读对象 is their 索引号).
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
      (本年废止件数): documents whose 废止日期 (abolished_date) is in ``Y``.
      ``in_force`` (现行有效件数): documents made on or before 31 December
      ``Y`` and in force that day: 有效性 有效, or 失效/废止 with a 废止日期
      after 31 December ``Y``. A 失效/废止 document without a 废止日期 is not
      counted as in force.
    * Art. 20(5) 行政许可, Art. 20(6) 行政处罚 / 行政强制 (本年处理决定数量):
      items with ``决定类型`` (decision_type) 行政许可 / 行政处罚 / 行政强制
      **published** in ``Y``; each item counts its ``决定数量`` (decision_count),
      1 when the field is absent. So a monthly list of 12 licensing
      decisions is one item with 决定数量: 12; a single decision notice
      needs no count.
    * Art. 20(8) 行政事业性收费 (本年收费金额，万元): the sum of ``收费金额``
      (fee_amount, in 万元) over the items of the category
      行政事业性收费项目及其依据、标准 (``fees``) **published** in ``Y``;
      items without the field add nothing. Rounded to 2 decimals.

Roll-ups
    ``counties``: one entry per 旗县区 (its government and every unit whose
    ``county`` is that government), in schema order. ``municipal``: the
    city-level units (市本级). ``city``: every unit of the selection (the
    whole city without ``--unit``). Each carries the timeliness figures,
    counts of late items and interpretation findings, and its own
    ``annual_tables``.

Output is deterministic: units and categories in schema order, lists by
publication date then index number; no timestamps.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..model.item import Item
from ..model.workdays import Calendar, UnknownYear
from ..problems import ConfigError
from ..rules import (
    DECISION_TABLES,
    DOC_KINDS,
    FEES_CATEGORY,
    FEES_ROW,
    INTERPRETATION_DAYS,
    REGULATIONS_CATEGORY,
)
from ..site.catalogue import Catalogue, build_catalogue

# -- scope ---------------------------------------------------------------------

@dataclass
class Scope:
    kind: str            # "city" | "county" | "unit"
    id: str | None
    name: str
    unit_ids: list       # schema order


def _county_names(schema) -> dict:
    """旗县区 display names from categories.yml's city.counties (东河区 rather than its government's name)."""
    return {c.get("id"): c.get("name") for c in (schema.city.get("counties") or []) if isinstance(c, dict)}


def resolve_scope(schema, unit=None) -> Scope:
    """The units a report covers: all, one 旗县区 (its government named) or one unit."""
    city_name = str(schema.city.get("name") or "全市")
    if unit is None or (isinstance(unit, str) and not unit.strip()):
        return Scope("city", None, city_name, list(schema.units))
    found = unit if hasattr(unit, "level") else schema.find_unit(unit)
    if found is None:
        close = schema.closest("unit", unit)
        raise ConfigError(f"找不到单位“{unit}”。",
                          hint=(f"是不是“{close}”？" if close else "") + "填写 categories.yml 中单位的 id、全称、简称或别名。")
    if found.is_county_government:
        members = [u.id for u in schema.units.values() if u.county == found.id]
        return Scope("county", found.id, _county_names(schema).get(found.id) or found.name, members)
    return Scope("unit", found.id, found.name, [found.id])


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
    art20_1 = {kind: {"made": 0, "abolished": 0, "in_force": 0} for kind in DOC_KINDS}
    decisions = {row: 0 for _, rows in DECISION_TABLES for row in rows}
    fees = []
    for item in items:
        row = art20_1.get(item.doc_kind) if item.doc_kind else None
        if row is not None:
            row["made"] += item.formation_date.year == year
            row["abolished"] += item.abolished_date is not None and item.abolished_date.year == year
            row["in_force"] += _in_force(item, year_end)
        if item.publish_date.year != year:
            continue
        if item.decision_type in decisions:
            decisions[item.decision_type] += _decisions(item)
        if item.category.id == FEES_CATEGORY:
            fees.append(item.fee_amount)
    tables = {"art20_1": art20_1}
    for key, rows in DECISION_TABLES:
        tables[key] = {row: {"decisions": decisions[row]} for row in rows}
    tables["art20_8"] = {FEES_ROW: {"amount_wan_yuan": _amount(fees)}}
    return tables


def _decisions(item: Item) -> int:
    return 1 if item.decision_count is None else item.decision_count


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


def compute(source, year: int, unit=None, *, calendar: Calendar | None = None) -> dict:
    """All figures for ``year`` as a JSON-ready dict (see the module docstring for what counts).

    ``source`` is a loaded :class:`~generator.repository.Repository` (its
    calendar is used) or a :class:`~generator.catalogue.Catalogue` (pass the
    repository's ``calendar``: it is needed only to find late
    interpretations; without one the package's calendar is used).
    ``unit`` is a unit id, name, short name or alias (or ``None`` for the
    whole city); a 旗县区 government selects the whole 旗县区.
    """
    cat, calendar = _source(source, calendar)
    if calendar is None:
        calendar = Calendar.load(None)
    schema = cat.schema
    scope = resolve_scope(schema, unit)
    in_scope = set(scope.unit_ids)
    year_end = date(year, 12, 31)
    scope_items = [i for i in cat.items if i.unit.id in in_scope]
    published = sorted((i for i in scope_items if i.publish_date.year == year),
                       key=lambda i: (i.publish_date, i.index_no))

    by_unit: dict[str, list[Item]] = {uid: [] for uid in scope.unit_ids}
    by_category: dict[str, list[Item]] = {cid: [] for cid in schema.categories}
    for item in published:
        by_unit[item.unit.id].append(item)
        by_category[item.category.id].append(item)

    late_items = [{**_item_ref(i), "start_date": (i.change_date or i.formation_date).isoformat(),
                   "deadline": i.deadline.isoformat(), "workdays_taken": i.workdays_taken,
                   "days_late": i.days_late}
                  for i in published if i.deadline is not None and i.days_late > 0]
    unknown_items = [_item_ref(i) for i in published if i.deadline is None]
    without = [{**_item_ref(i), "doc_number": i.doc_number, "doc_kind": i.doc_kind}
               for i in published if i.category.id == REGULATIONS_CATEGORY and not i.interprets
               and not cat.interpretations.get(i.index_no)]
    late_interp = [found for i in published if i.interprets
                   for found in [_late_interpretation(i, cat, calendar)] if found]

    projects = []
    for project in cat.projects.values():
        upto = [i for i in project.items if i.publish_date <= year_end]
        if not any(i.unit.id in in_scope for i in upto):
            continue
        types, published_names, missing_names = [], [], []
        for info_type in schema.sectors[project.sector_id].info_types:
            mine = [i for i in upto if i.info_type is not None and i.info_type.id == info_type.id]
            types.append({"info_type": info_type.id, "name": info_type.name, "items": len(mine),
                          "items_in_year": sum(1 for i in mine if i.publish_date.year == year),
                          "published": bool(mine)})
            (published_names if mine else missing_names).append(info_type.name)
        projects.append({"project": project.id, "name": project.name, "sector": project.sector_id,
                         "units": sorted({i.unit.id for i in upto}, key=list(schema.units).index),
                         "published": published_names, "missing": missing_names, "types": types})

    scope_by_unit: dict[str, list[Item]] = {uid: [] for uid in scope.unit_ids}
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
        members = [uid for uid in scope.unit_ids if schema.units[uid].county == gov.id]
        if members:
            counties.append({"county": gov.id, "name": county_names.get(gov.id) or gov.name, "units": len(members), **rollup(members)})
    municipal_ids = [uid for uid in scope.unit_ids if schema.units[uid].level == "city"]

    return {
        "year": year,
        "scope": {"kind": scope.kind, "id": scope.id, "name": scope.name, "units": len(scope.unit_ids)},
        "units": [{"unit": uid, "name": schema.units[uid].name, **timeliness(by_unit[uid])}
                  for uid in scope.unit_ids],
        "categories": [{"category": cid, "number": c.number, "name": c.name, **timeliness(by_category[cid])}
                       for cid, c in schema.categories.items()],
        "late_items": late_items,
        "unknown_items": unknown_items,
        "regulations_without_interpretation": without,
        "late_interpretations": late_interp,
        "projects": projects,
        "counties": counties,
        "municipal": {"name": "市本级", "units": len(municipal_ids), **rollup(municipal_ids)},
        "city": {"name": scope.name, "units": len(scope.unit_ids), **rollup(scope.unit_ids)},
        "annual_tables": annual_tables(scope_items, year),
    }


def default_year(today: date) -> int:
    """The last complete calendar year."""
    return today.year - 1
