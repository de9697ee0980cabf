"""The form editor's configuration (Decap CMS config.yml), generated from categories.yml, and its vendoring."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml
from conftest import PROJECT

from generator.authoring.cms import (
    AdminOptions,
    admin_files,
    backend_block,
    cms_config,
    render_config,
    vendored_files,
)
from generator.model.schema import load_schema
from generator.problems import ConfigError

BACKEND = {"name": "gitlab", "repo": "shilishi/disclosure"}


@pytest.fixture(scope="module")
def schema():
    return load_schema(PROJECT / "categories.yml")


@pytest.fixture(scope="module")
def config(schema):
    return cms_config(schema, AdminOptions(backend=BACKEND))


def _fields(collection: dict) -> dict[str, dict]:
    return {entry["name"]: entry for entry in collection["fields"]}


def _options(entry: dict) -> list[str]:
    return [o["value"] if isinstance(o, dict) else o for o in entry["options"]]


def test_one_collection_per_unit_in_its_folder(schema, config):
    collections = {c["name"]: c for c in config["collections"]}
    assert list(collections) == list(schema.units)
    for unit in schema.units.values():
        collection = collections[unit.id]
        assert collection["folder"] == f"content/{unit.id}" and collection["label"] == unit.name
        unit_field = _fields(collection)["发布机构"]
        assert _options(unit_field) == [unit.name] and unit_field["default"] == unit.name
        index = _fields(collection)["索引号"]
        assert index["default"] == f"{unit.code}/"
        assert re.fullmatch(index["pattern"][0], f"{unit.code}/2026-00012")
        assert not re.fullmatch(index["pattern"][0], "11159900K900000251/2026-00012") or unit.id == "szfb"


def test_every_field_with_its_label_help_and_required_flag(schema, config):
    for collection in config["collections"]:
        fields = _fields(collection)
        assert list(fields) == [f.label for f in schema.fields.values()] + ["body"]
        for fdef in schema.fields.values():
            entry = fields[fdef.label]
            assert entry["label"] == fdef.label
            assert entry["required"] is (fdef.required == "always"), fdef.key
            if fdef.description and fdef.key != "unit":      # the unit field says 谁制作、谁公开 instead
                assert fdef.description in entry["hint"]


def test_choices_come_from_categories_yml(schema, config):
    fields = _fields(config["collections"][0])
    assert _options(fields["公开类别"]) == [c.name for c in schema.categories.values()]
    assert _options(fields["重点领域"]) == [s.name for s in schema.sectors.values()]
    assert any(s.parent for s in schema.sectors.values())      # children are offered too, under their parent
    assert _options(fields["信息类别"]) == [t.name for s in schema.sectors.values() for t in s.info_types]
    for fdef in schema.fields.values():
        if fdef.type == "enum":
            assert fields[fdef.label]["options"] == list(fdef.values), fdef.key
    assert fields["联合发文单位"]["multiple"] and _options(fields["联合发文单位"]) == [
        u.name for u in schema.units.values()]


def test_dates_review_block_and_attachments(schema, config):
    fields = _fields(config["collections"][0])
    for fdef in schema.fields.values():
        if fdef.type == "date":
            assert fields[fdef.label]["widget"] == "datetime" and fields[fdef.label]["time_format"] is False
    review = fields["保密审查"]
    assert review["widget"] == "object" and review["required"] is True
    assert [(f["name"], f["required"]) for f in review["fields"]] == [("reviewer", True), ("date", True)]
    attachments = fields["附件"]
    assert attachments["fields"][0]["widget"] == "file"
    assert config["collections"][0]["media_folder"] == ""       # uploaded beside the item


def test_editorial_workflow_on_the_configured_platform(config):
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"]["name"] == "gitlab" and config["backend"]["branch"] == "main"
    assert "local_backend" not in config


@pytest.mark.parametrize("raw, problem", [
    ({}, "admin_backend"), ({"name": "svn", "repo": "a/b"}, "name"), ({"name": "github"}, "repo"),
    ({"name": "github", "repo": "a/b", "auth": ["x"]}, "auth")])
def test_backend_mistakes_are_config_errors(raw, problem):
    with pytest.raises(ConfigError) as info:
        backend_block(raw)
    assert problem in str(info.value)


def test_rendered_yaml_reads_back_as_the_config(schema, config):
    text = render_config(schema, AdminOptions(backend=BACKEND))
    assert text.startswith("# ") and "请勿手工修改" in text.splitlines()[0]
    assert yaml.safe_load(text) == config
    assert text == render_config(schema, AdminOptions(backend=BACKEND))        # deterministic
    assert text.count("&field-title") == 1                                       # shared fields written once


def test_a_change_in_categories_yml_changes_the_form(tmp_path, schema):
    """A new choice, a unit renamed and a new field all reach the form without touching any form file."""
    text = (PROJECT / "categories.yml").read_text(encoding="utf-8")
    changed = text.replace("values: [文字, 图解, 音视频, 问答]", "values: [文字, 图解, 音视频, 问答, 新闻发布会]", 1)
    changed = changed.replace("    name: 示例市统计局\n", "    name: 示例市统计调查局\n", 1)
    changed = changed.replace("\n  - key: review\n", """
  - key: contact_person
    label: 联系人
    type: string
    required: optional
    public: true
    description: 就本条信息答复咨询的工作人员。

  - key: review
""", 1)
    assert changed.count("新闻发布会") == 1 and "示例市统计调查局" in changed and "contact_person" in changed
    (tmp_path / "categories.yml").write_text(changed, encoding="utf-8")
    new = cms_config(load_schema(tmp_path / "categories.yml"), AdminOptions(backend=BACKEND))
    old_fields, new_fields = _fields(cms_config(schema, AdminOptions(backend=BACKEND))["collections"][0]), \
        _fields(new["collections"][0])
    assert new_fields["解读形式"]["options"] == old_fields["解读形式"]["options"] + ["新闻发布会"]
    assert "联系人" in new_fields and "联系人" not in old_fields
    assert new_fields["联系人"]["hint"].startswith("就本条信息答复咨询的工作人员")
    tjj = next(c for c in new["collections"] if c["name"] == "tjj")
    assert tjj["label"] == "示例市统计调查局" and _options(_fields(tjj)["发布机构"]) == ["示例市统计调查局"]


def test_admin_files_vendor_the_pinned_cms(tmp_path, schema):
    if not (PROJECT / "node_modules" / "decap-cms" / "package.json").is_file():
        pytest.skip("node_modules/decap-cms missing: npm ci")
    files = {f.path: f for f in admin_files(PROJECT, AdminOptions(backend=BACKEND), schema)}
    assert {"admin/index.html", "admin/config.yml", "admin/decap-cms.js"} <= set(files)
    page = (files["admin/index.html"].content or b"").decode("utf-8")
    assert '<script src="decap-cms.js"></script>' in page and "http" not in page
    assert all(f.source is None or f.source.is_relative_to(PROJECT / "node_modules" / "decap-cms" / "dist")
               for f in files.values())


def test_a_cms_other_than_the_locked_one_is_refused(tmp_path):
    package = tmp_path / "node_modules" / "decap-cms"
    (package / "dist").mkdir(parents=True)
    (package / "package.json").write_text(json.dumps({"version": "3.0.0"}), encoding="utf-8")
    shutil.copy(PROJECT / "package-lock.json", tmp_path / "package-lock.json")
    with pytest.raises(ConfigError) as info:
        vendored_files(tmp_path)
    assert "npm ci" in info.value.hint
    (tmp_path / "package-lock.json").write_text('{"packages": {}}', encoding="utf-8")
    with pytest.raises(ConfigError):
        vendored_files(tmp_path)


def test_the_public_configuration_has_no_form():
    text = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"(?m)^\s+admin: false\s*$", text)
