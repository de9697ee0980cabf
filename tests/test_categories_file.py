"""Consistency checks for the site schema in categories.yml."""

import re
from pathlib import Path

import pytest
import yaml

from generator.model.orgcode import validate_org_code

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def schema():
    with open(ROOT / "categories.yml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _walk_sectors(sectors):
    for sector in sectors:
        yield sector
        yield from _walk_sectors(sector.get("children") or [])


def _publisher_blocks(schema):
    for cat in schema["categories"]:
        yield f"category {cat['id']}", cat["responsible"]
    for sector in _walk_sectors(schema["sectors"]):
        yield f"sector {sector['id']}", sector["responsible"]
    for rule in schema["exclusive"]:
        yield f"exclusive {rule['id']}", rule


def test_top_level_keys(schema):
    assert set(schema) == {"version", "city", "limits", "deadlines", "exclusive", "units", "categories", "sectors",
                           "fields"}
    assert schema["limits"]["attachment_mb"] == 50
    assert schema["version"] == 1
    assert schema["city"]["name"] == "示例市"


def test_fifteen_categories_in_order_and_the_interpretation_column(schema):
    cats = schema["categories"]
    assert [c["number"] for c in cats] == list(range(1, 17))
    ids = [c["id"] for c in cats]
    assert len(set(ids)) == 16
    assert ids[0] == "regulations" and ids[14] == "other" and ids[15] == "interpretations"
    numerals = "一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四 十五".split()
    for cat, numeral in zip(cats, numerals):
        assert cat["basis"].startswith(f"《条例》第二十条第（{numeral}）项"), cat["id"]
    assert cats[15]["interpretation"] is True and "interpretation_form" in cats[15]["required_fields"]


def test_time_limits_name_their_legal_basis(schema):
    rules = list(schema["deadlines"])
    for owner in list(schema["categories"]) + list(_walk_sectors(schema["sectors"])):
        rules += owner.get("deadlines") or []
    assert len({r["id"] for r in rules}) == len(rules)
    for rule in rules:
        assert rule["basis"] and rule["count"] in ("workdays", "calendar") and rule["days"] > 0, rule["id"]
    general = schema["deadlines"][-1]
    assert "when" not in general and (general["days"], general["count"]) == (20, "workdays")
    assert "第二十六条" in general["basis"]
    by_id = {r["id"]: r for r in rules}
    # 五(三) names 行政许可 and 行政处罚 only; 行政强制 keeps the 20 working days of 国办发〔2018〕118号
    assert by_id["licensing-penalty-decision"]["when"]["decision_type"] == ["行政许可", "行政处罚"]
    assert (by_id["licensing-penalty-decision"]["days"], by_id["enforcement-decision"]["days"]) == (7, 20)
    assert (by_id["budget-approved"]["days"], by_id["budget-approved"]["count"]) == (20, "calendar")
    assert "预算法" in by_id["budget-approved"]["basis"]
    assert by_id["procurement-result"]["days"] == by_id["procurement-contract"]["days"] == 2


def test_unit_codes_valid_and_unique(schema):
    codes = [u["code"] for u in schema["units"]]
    for unit in schema["units"]:
        assert validate_org_code(unit["code"]) is None, (unit["id"], validate_org_code(unit["code"]))
    assert len(set(codes)) == len(codes)
    assert any(len(c) == 9 for c in codes), "one unit should exercise the 9-character form"


def test_unit_ids(schema):
    ids = [u["id"] for u in schema["units"]]
    assert len(set(ids)) == len(ids)
    for uid in ids:
        assert re.fullmatch(r"[a-z0-9-]+", uid), uid
        assert uid != "pages"


def test_unit_county_links(schema):
    units = {u["id"]: u for u in schema["units"]}
    for unit in units.values():
        if unit["level"] == "city":
            assert unit["county"] is None, unit["id"]
        else:
            assert unit["level"] == "county"
            gov = units[unit["county"]]
            assert gov["kind"] == "government" and gov["county"] == gov["id"]


def test_referenced_units_exist(schema):
    ids = {u["id"] for u in schema["units"]}
    for cat in schema["categories"]:
        for uid in cat["lead"]:
            assert uid in ids, (cat["id"], uid)
    for where, pub in _publisher_blocks(schema):
        for uid in pub.get("units") or []:
            assert uid in ids, (where, uid)


def test_referenced_kinds_exist(schema):
    kinds = {u["kind"] for u in schema["units"]}
    for where, pub in _publisher_blocks(schema):
        for kind in pub.get("kinds") or []:
            assert kind in kinds, (where, kind)


def test_sectors(schema):
    all_sectors = list(_walk_sectors(schema["sectors"]))
    ids = [s["id"] for s in all_sectors]
    assert len(set(ids)) == len(ids)
    by_id = {s["id"]: s for s in all_sectors}
    assert len(by_id["public-resources"]["children"]) == 6
    assert len(by_id["public-welfare"]["children"]) == 7
    info_types = by_id["major-projects"]["info_types"]
    assert len(info_types) == 8
    assert len({t["id"] for t in info_types}) == 8
    cat_ids = {c["id"] for c in schema["categories"]}
    for sector in all_sectors:
        for cid in sector.get("categories") or []:
            assert cid in cat_ids, (sector["id"], cid)


def test_required_fields_are_field_keys(schema):
    keys = {f["key"] for f in schema["fields"]}
    for item in list(schema["categories"]) + list(_walk_sectors(schema["sectors"])):
        for key in item.get("required_fields") or []:
            assert key in keys, (item["id"], key)


def test_fields_well_formed(schema):
    keys = [f["key"] for f in schema["fields"]]
    assert len(set(keys)) == len(keys)
    names = {}
    for field in schema["fields"]:
        assert field["required"] in {"always", "conditional", "optional"}
        for name in [field["key"], field["label"], *field.get("aliases", [])]:
            assert names.setdefault(name, field["key"]) == field["key"], name


def _check_unique_names(items, what):
    owner = {}
    for item in items:
        names = {item["name"], *(item.get("aliases") or [])}
        if item.get("short"):
            names.add(item["short"])
        for name in names:
            assert owner.setdefault(name, item["id"]) == item["id"], \
                f"{what} name {name!r} used by {owner[name]} and {item['id']}"


def test_unit_names_do_not_collide(schema):
    _check_unique_names(schema["units"], "unit")


def test_category_and_sector_names_do_not_collide(schema):
    _check_unique_names(schema["categories"], "category")
    _check_unique_names(_walk_sectors(schema["sectors"]), "sector")
