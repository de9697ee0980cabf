"""The form editor at /admin/: Decap CMS with its configuration generated from categories.yml.

Clerks fill a form instead of writing YAML; Decap commits the file on a
branch of the repository and opens a pull (merge) request (its editorial
workflow) on GitHub, GitLab or Gitea, where ``generator check`` stays the
gate. Nothing here is kept by hand: :func:`cms_config` turns the schema into
Decap's ``config.yml``, so a field, choice, unit or category added to
categories.yml is in the form at the next build.

The layout: one collection per unit (谁制作、谁公开), each in the unit's
folder ``content/<unit>/``, written to ``<publication year>/<index number>.md``
beside its attachments. One collection per unit rather than one for all:
the unit is fixed by the collection (the form cannot file an item in another
unit's folder), the index number's prefix can be checked per unit, and Decap
lists a collection nested in folders by reading every file of it, so a
unit's list stays short where one list of every item would read them all.

Which backend the form commits to comes from the MkDocs plugin options
(``admin_backend``); :func:`admin_files` gives the runner the page, the
configuration and the CMS's own files, copied from node_modules/decap-cms
as pinned in package-lock.json (no CDN).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..model.schema import FieldDef, Schema, Unit, load_schema
from ..problems import ConfigError
from ..rules import INDEX_NO
from ..site.templates import render
from .frontmatter_schema import SUBKEY_LABELS, ecma_pattern
from .guide import _required_text

BACKENDS = ("github", "gitlab", "gitea")
PACKAGE = "decap-cms"
SITE_FOLDER = "admin"
# Dates as the checker's first form (2026-03-05); the widget is then the browser's own date picker.
DATE = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}
# What the body's toolbar offers: only markup the site's HTML policy keeps (generator/model/htmlpolicy.py).
BODY_BUTTONS = ["bold", "italic", "link", "heading-two", "heading-three", "quote", "bulleted-list", "numbered-list"]
# Commit and pull-request titles, in the clerks' language.
COMMIT_MESSAGES = {
    "create": "新建信息：{{collection}}/{{slug}}",
    "update": "修改信息：{{collection}}/{{slug}}",
    "delete": "删除信息：{{collection}}/{{slug}}",
    "uploadMedia": "上传附件：{{path}}",
    "deleteMedia": "删除附件：{{path}}",
}


@dataclass(frozen=True)
class AdminOptions:
    """What the form needs besides the schema: where it commits and the site it belongs to."""

    backend: dict = field(default_factory=dict)   # Decap's backend block: name, repo, branch, login settings
    local_backend: bool | str = False             # decap-server on this machine: true (port 8081) or its URL
    site_url: str = ""
    site_name: str = ""


@dataclass(frozen=True)
class AdminFile:
    """One file of the admin page under the site: generated ``content`` or a vendored ``source`` file."""

    path: str
    content: bytes | None = None
    source: Path | None = None


def backend_block(raw: dict) -> dict:
    """Decap's ``backend`` from the plugin option, checked where a mistake would only show in the browser."""
    if not isinstance(raw, dict) or not raw:
        raise ConfigError("disclosure: admin 为 true 时需要 admin_backend（name 和 repo）。",
                          hint="例如 admin_backend: {name: github, repo: shilishi/disclosure, branch: main}")
    name = raw.get("name")
    if name not in BACKENDS:
        raise ConfigError(f"disclosure: admin_backend.name“{name}”不可用。", hint="可用：" + "、".join(BACKENDS))
    repo = raw.get("repo")
    if not isinstance(repo, str) or not re.fullmatch(r"[\w.-]+(/[\w.-]+)+", repo):
        raise ConfigError(f"disclosure: admin_backend.repo“{repo}”应写成 组织/仓库。", hint="例如 shilishi/disclosure")
    block = {"name": name, "repo": repo, "branch": str(raw.get("branch") or "main")}
    for key, value in raw.items():
        if key in block:
            continue
        if not isinstance(value, (str, bool, int)):
            raise ConfigError(f"disclosure: admin_backend.{key} 应是文字、数字或 true/false。")
        block[key] = value
    block["commit_messages"] = dict(COMMIT_MESSAGES)
    return block


# -- fields --------------------------------------------------------------------

def _hint(schema: Schema, fdef: FieldDef) -> str:
    """The help under a field: what it is, when it is required (if not always), an example."""
    parts = [fdef.description] if fdef.description else []
    if fdef.required == "conditional":
        parts.append(_required_text(schema, fdef.key) + "。")
    if not fdef.public:
        parts.append("只留在仓库里，不在网站上显示。")
    if isinstance(fdef.example, (str, int, float)) and fdef.type not in ("date", "enum", "category", "unit"):
        parts.append(f"例如：{fdef.example}")
    return " ".join(parts)


def _options(pairs) -> list[dict]:
    """Select options; the value is what the file gets (a name the checker resolves)."""
    return [{"label": label, "value": value} for label, value in pairs]


def _sector_label(schema: Schema, sector) -> str:
    return f"{schema.sectors[sector.parent].name} › {sector.name}" if sector.parent else sector.name


def _widget(schema: Schema, fdef: FieldDef) -> dict:
    """The widget of a field shared by every unit's collection (the unit and index number are per unit)."""
    kind = fdef.type
    if kind in ("string", "doc_number", "period"):
        return {"widget": "string"}
    if kind == "text":
        return {"widget": "text"}
    if kind == "date":
        return dict(DATE)
    if kind == "dates":
        return {"widget": "list", "field": {"name": "date", "label": "日期", **DATE}}
    if kind == "list":
        return {"widget": "list"}
    if kind == "mapping":
        subfields = [{"name": key, "label": SUBKEY_LABELS.get(key, key), "required": True,
                      **(dict(DATE) if key == "date" else {"widget": "string"})} for key in fdef.keys]
        return {"widget": "object", "collapsed": False, "fields": subfields}
    if kind == "enum":
        return {"widget": "select", "options": list(fdef.values)}
    if kind == "index_no":
        return {"widget": "string", "pattern": [ecma_pattern(INDEX_NO), "格式：机构代码/年份-五位流水号"]}
    if kind == "units":
        return {"widget": "select", "multiple": True, "options": [u.name for u in schema.units.values()]}
    if kind == "category":
        return {"widget": "select", "options": _options((f"{c.number}. {c.name}", c.name)
                                                        for c in schema.categories.values())}
    if kind == "sector":
        return {"widget": "select", "options": _options((_sector_label(schema, s), s.name)
                                                        for s in schema.sectors.values())}
    if kind == "info_type":
        return {"widget": "select", "options": _options((f"{s.name}：{t.name}", t.name)
                                                        for s in schema.sectors.values() for t in s.info_types)}
    if kind == "attachments":
        return {"widget": "list", "label_singular": "附件", "summary": "{{fields.title}} {{fields.path}}",
                "fields": [{"name": "path", "label": SUBKEY_LABELS["path"], "widget": "file", "required": True,
                            "choose_url": False, "hint": "上传后保存在本条信息所在的目录。"},
                           {"name": "title", "label": SUBKEY_LABELS["title"], "widget": "string", "required": False,
                            "hint": "网页上显示的附件名称，不填则显示文件名。"}]}
    if kind == "exemptions":
        return {"widget": "list", "label_singular": "豁免",
                "fields": [{"name": "value", "label": SUBKEY_LABELS["value"], "widget": "string", "required": True},
                           {"name": "reason", "label": SUBKEY_LABELS["reason"], "widget": "string",
                            "required": True}]}
    if kind == "integer":
        return {"widget": "number", "value_type": "int", "min": 0}
    if kind == "number":
        return {"widget": "number", "value_type": "float", "min": 0}
    if kind == "unit":
        raise ValueError("the unit field is made per collection")
    raise ValueError(f"no form widget for field type {kind!r}")


def _shared_field(schema: Schema, fdef: FieldDef) -> dict:
    """A field as every collection has it: its Chinese label is both the form's label and the key written."""
    entry = {"name": fdef.label, "label": fdef.label, **_widget(schema, fdef),
             "required": fdef.required == "always"}
    hint = _hint(schema, fdef)
    if hint:
        entry["hint"] = hint
    if fdef.key == "publish_date":
        entry["default"] = "{{now}}"
    return entry


def _unit_fields(schema: Schema, unit: Unit) -> dict[str, dict]:
    """The two fields that differ per collection: the unit itself, and the index number with its prefix."""
    unit_def, index_def = schema.fields["unit"], schema.fields["index_no"]
    return {
        "unit": {"name": unit_def.label, "label": unit_def.label, "widget": "select", "required": True,
                 "options": [unit.name], "default": unit.name,
                 "hint": f"谁制作、谁公开：本栏目只发布{unit.name}制作的信息；联合发文的由牵头单位发布。"},
        "index_no": {"name": index_def.label, "label": index_def.label, "widget": "string", "required": True,
                     "default": f"{unit.code}/",
                     "pattern": [f"^{re.escape(unit.code)}/\\d{{4}}-\\d{{5}}$",
                                 f"格式：{unit.code}/年份-五位流水号，例如 {unit.code}/2026-00012"],
                     "hint": f"{index_def.description} 在“{unit.code}/”后面接着写年份和流水号，例如 2026-00012；"
                             "流水号取本单位本年度已用的最大号加 1（见列表中各条信息的索引号），一经发布不再改变。"},
    }


def _body_field() -> dict:
    return {"name": "body", "label": "正文", "widget": "markdown", "required": False,
            "buttons": list(BODY_BUTTONS), "editor_components": ["image"], "modes": ["rich_text", "raw"],
            "sanitize_preview": True,
            "hint": "信息的正文。只有附件的信息可以不写正文（检查会提示）。"}


def _collection(schema: Schema, unit: Unit, shared: dict[str, dict]) -> dict:
    labels = {key: fdef.label for key, fdef in schema.fields.items()}
    own = _unit_fields(schema, unit)
    return {
        "name": unit.id,
        "label": unit.name,
        "label_singular": "信息",
        "description": (f"{unit.name}发布的信息，保存在 content/{unit.id}/<发布年份>/ 下。"
                        "谁制作、谁公开：请只在本单位的栏目中新建和修改信息。"),
        "folder": f"content/{unit.id}",
        # The folder is the publication year: the first four characters of 发布日期 (Decap's {{year}} would
        # be the year in UTC of the date read as local time, a day early east of Greenwich).
        "path": f"{{{{{labels['publish_date']} | truncate(4)}}}}/{{{{slug}}}}",
        "slug": f"{{{{{labels['index_no']}}}}}",
        "identifier_field": labels["title"],
        "summary": f"{{{{{labels['index_no']}}}}}　{{{{{labels['title']}}}}}",
        "format": "yaml-frontmatter",
        "extension": "md",
        "create": True,
        "media_folder": "",          # attachments beside the item, in content/<unit>/<year>/
        "public_folder": "",
        "sortable_fields": [labels["publish_date"], labels["index_no"], labels["title"]],
        "editor": {"preview": False},
        "fields": [own.get(key) or shared[key] for key in schema.fields] + [shared["body"]],
    }


def cms_config(schema: Schema, options: AdminOptions) -> dict:
    """Decap CMS's configuration for ``schema``: one collection per unit with every field of the schema."""
    shared = {key: _shared_field(schema, fdef) for key, fdef in schema.fields.items() if fdef.type != "unit"}
    shared["body"] = _body_field()
    config: dict = {"backend": backend_block(options.backend), "publish_mode": "editorial_workflow"}
    if options.local_backend:
        config["local_backend"] = True if options.local_backend is True else {"url": str(options.local_backend)}
    config.update({
        "locale": "zh_Hans",
        "site_url": options.site_url,
        "display_url": options.site_url,
        "show_preview_links": False,
        # Decap requires a folder for its media page; files put there are unreferenced and the checker
        # refuses them. Attachments are uploaded from the item's form into the item's folder instead.
        "media_folder": "content/pages/files",
        "public_folder": "files",
        # Unicode keeps Chinese attachment names; entry names come from the index number (ASCII).
        "slug": {"encoding": "unicode", "clean_accents": False, "sanitize_replacement": "-"},
        "collections": [_collection(schema, unit, shared) for unit in schema.units.values()],
    })
    if not options.site_url:
        del config["site_url"], config["display_url"]
    return config


class _ConfigDumper(yaml.SafeDumper):
    """Writes each shared field once (&field-title) and refers to it in the other collections (*field-title)."""

    anchor_names: dict[int, str] = {}

    def generate_anchor(self, node):
        for object_id, known in self.represented_objects.items():
            if known is node and object_id in self.anchor_names:
                return self.anchor_names[object_id]
        return super().generate_anchor(node)


def render_config(schema: Schema, options: AdminOptions, source: str = "categories.yml") -> str:
    """config.yml's text. Decap reads YAML aliases (it parses with no alias limit), which keeps it small."""
    config = cms_config(schema, options)
    names = {id(entry): f"field-{key}" for key, entry in _shared_by_key(schema, config).items()}
    dumper = type("Dumper", (_ConfigDumper,), {"anchor_names": names})
    head = (f"# 信息填报表单（Decap CMS）的配置：由生成器根据 {source} 在构建网站时生成，请勿手工修改；\n"
            "# 要改表单，改 categories.yml 或 mkdocs.yml 中 disclosure 插件的 admin_* 选项。\n")
    return head + yaml.dump(config, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000,
                            default_flow_style=False)


def _shared_by_key(schema: Schema, config: dict) -> dict[str, dict]:
    """The field objects the collections share, by field key (as cms_config made them)."""
    first = config["collections"][0]["fields"] if config["collections"] else []
    keys = [key for key in schema.fields] + ["body"]
    return {key: entry for key, entry in zip(keys, first) if key not in ("unit", "index_no")}


# -- the page and the vendored CMS ------------------------------------------------

def vendored_files(root: Path) -> list[tuple[str, Path]]:
    """Decap CMS's files as installed by ``npm ci`` at the version package-lock.json pins: (name, path)."""
    package = root / "node_modules" / PACKAGE
    pinned = _locked_version(root)
    try:
        installed = json.loads((package / "package.json").read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        installed = None
    if pinned is None:
        raise ConfigError(f"package-lock.json 中没有 {PACKAGE}。", hint="信息填报页面需要 Decap CMS：npm install 后提交 package-lock.json。")
    if installed != pinned:
        raise ConfigError(f"node_modules 中的 {PACKAGE} 是 {installed or '未安装'}，package-lock.json 要求 {pinned}。",
                          hint="在项目根目录运行 npm ci。")
    dist = package / "dist"
    wanted = sorted(p for p in dist.iterdir() if p.is_file() and (
        p.name.endswith("decap-cms.js") or p.suffix == ".wasm" or p.name.endswith(".LICENSE.txt")))
    return [(p.name, p) for p in wanted if not p.name.startswith("cms.")]


def _locked_version(root: Path) -> str | None:
    try:
        lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return (lock.get("packages", {}).get(f"node_modules/{PACKAGE}") or {}).get("version")


def admin_files(root: Path, options: AdminOptions, schema: Schema | None = None) -> list[AdminFile]:
    """Every file of /admin/: the page, its generated config.yml and the vendored CMS, in a stable order."""
    schema = schema or load_schema(root / "categories.yml", "categories.yml")
    page = render("admin.html", site_name=options.site_name or "政府信息公开", script="decap-cms.js")
    files = [AdminFile(f"{SITE_FOLDER}/index.html", content=page.encode("utf-8")),
             AdminFile(f"{SITE_FOLDER}/config.yml", content=render_config(schema, options).encode("utf-8"))]
    files += [AdminFile(f"{SITE_FOLDER}/{name}", source=path) for name, path in vendored_files(root)]
    return files


def write_admin(root: Path, out: Path, options: AdminOptions) -> list[Path]:
    """Write /admin/'s files under ``out`` (for a preview without a site build); return their paths."""
    written = []
    for entry in admin_files(root, options):
        target = out / entry.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if entry.source is not None:
            target.write_bytes(entry.source.read_bytes())
        else:
            target.write_bytes(entry.content or b"")
        written.append(target)
    return written


__all__ = ["AdminFile", "AdminOptions", "BACKENDS", "admin_files", "backend_block", "cms_config", "render_config",
           "vendored_files", "write_admin"]
