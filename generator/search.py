"""Site search: the /search/ page and the index, for Pagefind (default) or lunr.

Design (issue 4; figures in the module docstrings and the lead's notes)
------------------------------------------------------------------------
* **Only items are indexed**, straight from the catalogue: no HTML is parsed,
  no listing or navigation page is in the index. One record per item: its URL
  (site-relative, no leading slash, so the site works under any base path),
  the searchable text as a token stream (:mod:`generator.search_tokens`:
  Han character bigrams as ASCII words, the same tokeniser runs on the query
  in ``theme/assets/search.js``), metadata for the result list, filters for
  the five facets and the publication date for sorting.
* The searchable text of an item: title, document number, index number,
  unit(s), 内容概述, keywords and the body as plain text. Facets: category
  (公开类别), sector (重点领域: the item's sector and its parents, as in the
  listings), unit (发布机构, with co-publishers), year, validity (有效性).
  Facet values are ids; their Chinese labels and order come from the
  catalogue (schema order) and are written into the page, so the option lists
  never depend on the index.
* **Pagefind** (``pagefind[extended]``): custom records with
  ``language="en"`` (no segmentation, no stemming effect on the tokens), sent
  to ``pagefind_extended --service`` by :mod:`generator.search_pagefind`
  (Pagefind's Python wrapper reads one answer per 0.1 s). In the browser the
  query's tokens go to ``pagefind.search`` (terms are ANDed; a one-character
  unigram matches as a prefix of the bigrams starting with that character).
  Pagefind returns every match's word positions; a result whose positions
  have no run as long as each query part is dropped before any fragment is
  loaded (neighbouring characters must be neighbouring words); the shown
  results' fragments are decoded back into text, checked to contain each
  query part, and used for the snippet with ``<mark>``.
* **Shards**: the index is split into consecutive publication years of at
  most ``DISCLOSURE_SEARCH_SHARD_ITEMS`` items (environment variable, default
  10,000; a year is never split) because Pagefind's indexer memory grows with
  the site (measured with bigram tokens: 0.85 GB peak at 1,000 generated
  items; SEARCH-NOTES: 3.1 GB at 5,000). One shard is written to
  ``pagefind/``; several go to ``pagefind/<newest>-<oldest>/`` and the
  browser merges them with ``mergeIndex``. Shards are indexed one after the
  other, one service process each, so peak memory is that of the largest.
  Each extra shard costs a query its own metadata, wasm and word chunks, so
  the limit is as high as memory allows.
* **Determinism**: index chunks, fragments and lunr's file are byte-identical
  from build to build. Pagefind 1.5.2 writes each filter's values in Rust
  hash-map order, which changes per run: the filter files, their names, the
  ``.pf_meta`` that lists them and ``pagefind-entry.json`` differ (same
  sizes). ``tests/test_search_build.py`` compares everything else.
* **lunr** (``search_engine: lunr``): lunr.py builds the index from the same
  token stream (fields ``t`` title, document and index number, boost 5, and ``b`` everything, no
  stemmer or stop words: empty pipelines), written with a compact documents
  table to ``search/lunr-index.json``; lunr.js is copied at build time from
  MkDocs' search plugin. Every query token is REQUIRED; a one-character token
  is a trailing wildcard. Facets are filtered in the browser. Run-across-word
  precision: lunr keeps no positions here, so a 3-5 character run can match an
  item that has its bigrams apart; snippets come from 内容概述.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from html import escape
from pathlib import Path

from .catalogue import Catalogue
from .item import Item
from .pages import front
from .search_tokens import document_tokens, query_tokens

SHARD_ENV = "DISCLOSURE_SEARCH_SHARD_ITEMS"
DEFAULT_SHARD_ITEMS = 10000
FACETS = (("category", "公开类别"), ("sector", "重点领域"), ("unit", "发布机构"), ("year", "发布年份"),
          ("validity", "有效性"))
VALIDITY = ("有效", "失效", "废止")


# -- what is indexed -------------------------------------------------------------

_HTML = re.compile(r"<[^>]+>")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_ATTRS = re.compile(r"\{:?\s*[#.][^}]*\}")
_LINE_MARK = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-+*]\s+)")
_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$|^\s*([-*_]\s*){3,}$")
_INLINE = re.compile(r"[*_`~]+")
_END = "。！？；：，、）)」』”’…"


def plain_text(markdown: str) -> str:
    """Running text of a Markdown body, one line per paragraph, table cells separated by "，".

    A line that does not end in punctuation (a heading, a table row) gets "。",
    so the text decoded from the index reads as sentences; punctuation does not
    change the search tokens (line breaks already end a run of characters).
    """
    text = _HTML.sub(" ", markdown)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _ATTRS.sub(" ", text)
    lines = []
    for line in text.split("\n"):
        if _RULE.match(line):
            continue
        line = _INLINE.sub("", _LINE_MARK.sub("", line)).strip()
        if line.startswith("|"):
            line = "，".join(cell.strip() for cell in line.strip("|").split("|") if cell.strip())
        if not line:
            continue
        lines.append(line if line[-1] in _END else line + "。")
    return "\n".join(lines)


def item_text(item: Item) -> str:
    """What is searchable: title, 内容概述 (when written; a derived one repeats the body), keywords, body, then document number, index number and unit(s)."""
    units = "、".join([item.unit.name] + [u.name for u in item.co_units])
    parts = [item.title, item.summary or "", "、".join(item.keywords), plain_text(item.body),
             "；".join(p for p in (item.doc_number, item.index_no, units) if p)]
    return "\n".join(p if p[-1] in _END else p + "。" for p in parts if p)


def item_sectors(item: Item, cat: Catalogue) -> list[str]:
    out = []
    sector = item.sector
    while sector is not None:
        out.append(sector.id)
        sector = cat.schema.sectors.get(sector.parent) if sector.parent else None
    return out


def item_filters(item: Item, cat: Catalogue) -> dict[str, list[str]]:
    filters = {"category": [item.category.id], "unit": [item.unit.id] + [u.id for u in item.co_units],
               "year": [str(item.year)]}
    sectors = item_sectors(item, cat)
    if sectors:
        filters["sector"] = sectors
    if item.validity:
        filters["validity"] = [item.validity]
    return filters


def item_meta(item: Item) -> dict[str, str]:
    meta = {"title": item.title, "unit": "、".join([item.unit.name] + [u.name for u in item.co_units]),
            "date": item.publish_date.isoformat(), "no": item.index_no}
    if item.doc_number:
        meta["doc"] = item.doc_number
    if item.validity:
        meta["validity"] = item.validity
    return meta


# -- shards --------------------------------------------------------------------

def shard_limit() -> int:
    try:
        return max(1, int(os.environ.get(SHARD_ENV, DEFAULT_SHARD_ITEMS)))
    except ValueError:
        raise RuntimeError(f"环境变量 {SHARD_ENV} 应为正整数。") from None


def shards(cat: Catalogue, limit: int | None = None) -> list[tuple[str, list[Item]]]:
    """(folder under the site root, items): consecutive years, newest first, at most ``limit`` items each."""
    limit = limit or shard_limit()
    groups: list[tuple[list[int], list[Item]]] = []
    for year, items in cat.by_year.items():          # newest first
        if groups and len(groups[-1][1]) + len(items) <= limit:
            groups[-1][0].append(year)
            groups[-1][1].extend(items)
        else:
            groups.append(([year], list(items)))
    if len(groups) <= 1:
        return [("pagefind/", groups[0][1] if groups else [])]
    return [(f"pagefind/{years[0]}-{years[-1]}/" if len(years) > 1 else f"pagefind/{years[0]}/", items)
            for years, items in groups]


# -- the page ------------------------------------------------------------------

def facet_options(cat: Catalogue) -> dict[str, list[tuple[str, str]]]:
    schema = cat.schema
    sectors = []
    for sector in schema.sectors.values():
        if sector.parent:
            continue
        sectors.append((sector.id, sector.name))
        sectors += [(c, "　" + schema.sectors[c].name) for c in sector.children]
    return {
        "category": [(c.id, c.name) for c in schema.categories.values()],
        "sector": sectors,
        "unit": [(u.id, u.name) for u in schema.units.values()],
        "year": [(str(y), f"{y}年") for y in cat.years],
        "validity": [(v, v) for v in VALIDITY],
    }


def search_page(cat: Catalogue, engine: str) -> tuple[str, str]:
    options = facet_options(cat)
    config = {"engine": engine, "pagefind": [path for path, _ in shards(cat)] if engine == "pagefind" else [],
              "lunr": "search/lunr-index.json" if engine == "lunr" else None,
              "labels": {key: dict(values) for key, values in options.items()}, "pageSize": 10}
    fieldsets = []
    for key, legend in FACETS:
        boxes = "".join(
            f'<li><label><input type="checkbox" name="{key}" value="{escape(value)}"> '
            f'<span class="dc-facet-label">{escape(label.strip())}</span> <span class="dc-facet-count"></span></label></li>'
            for value, label in options[key])
        fieldsets.append(f'<details class="dc-facet" data-facet="{key}"{" open" if key in ("year", "validity") else ""}>'
                         f'<summary>{legend}</summary><fieldset><legend class="md-visually-hidden">{legend}</legend>'
                         f'<ul>{boxes}</ul></fieldset></details>')
    html = f"""{front({"title": "检索", "hide": ["navigation", "toc"], "feeds": []})}
# 检索

<div class="dc-search" markdown="0">
<link rel="stylesheet" href="../assets/search.css">
<form class="dc-search__form" id="dc-search-form" role="search" action="./" method="get">
<div class="dc-search__bar">
<label for="dc-search-q">检索词</label>
<input id="dc-search-q" name="q" type="search" autocomplete="off" aria-describedby="dc-search-hint">
<button type="submit">检索</button>
</div>
<p id="dc-search-hint" class="dc-search__hint">可输入标题、正文中的任意词句、发文字号（如〔2026〕9号）或索引号；多个词用空格分开，须同时包含。</p>
<div class="dc-search__sort"><label for="dc-search-sort">排序</label>
<select id="dc-search-sort" name="sort"><option value="">按相关度</option><option value="date">按发布日期（新到旧）</option></select></div>
<div class="dc-search__facets" role="group" aria-label="筛选条件">
{"".join(fieldsets)}
<p class="dc-search__clear"><button type="button" id="dc-search-clear">清除筛选条件</button> <button type="submit" class="dc-search__apply">应用筛选</button></p>
</div>
</form>
<div id="dc-search-status" class="dc-search__status" role="status" aria-live="polite" aria-atomic="true"></div>
<ol id="dc-search-results" class="dc-search__results" aria-label="检索结果"></ol>
<p class="dc-search__more"><button type="button" id="dc-search-more" hidden>加载更多结果</button></p>
<noscript><p>检索需要浏览器启用 JavaScript。也可按<a href="../categories/">公开类别</a>、<a href="../units/">发布机构</a>或<a href="../years/">年度</a>浏览全部信息。</p></noscript>
<script type="application/json" id="dc-search-config">{_json_for_html(config)}</script>
<script src="../assets/search.js"></script>
</div>
"""
    return "search/index.md", html


def _json_for_html(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


# -- the index -----------------------------------------------------------------

def build_search_index(engine: str, cat: Catalogue, site_dir: Path) -> dict:
    """Write the search index for ``engine`` into ``site_dir``; returns figures (items, shards, peak memory)."""
    site_dir = Path(site_dir)
    if engine == "pagefind":
        return build_pagefind(cat, site_dir)
    if engine == "lunr":
        return build_lunr(cat, site_dir)
    raise RuntimeError(f"未知的检索引擎“{engine}”（可选 pagefind、lunr）。")


def build_pagefind(cat: Catalogue, site_dir: Path, limit: int | None = None) -> dict:
    from .search_pagefind import PagefindService

    root = site_dir / "pagefind"
    shutil.rmtree(root, ignore_errors=True)
    figures = {"items": len(cat.items), "shards": [], "peak_rss_kb": 0}
    for folder, items in shards(cat, limit):
        with PagefindService({"force_language": "en"}) as pf:
            for item in items:
                pf.add(url=item.url, content=" ".join(document_tokens(item_text(item))), meta=item_meta(item),
                       filters=item_filters(item, cat), sort={"date": item.publish_date.isoformat()})
            pf.write(site_dir / folder)
        figures["shards"].append((folder, len(items), pf.peak_rss_kb))
        figures["peak_rss_kb"] = max(figures["peak_rss_kb"], pf.peak_rss_kb)
        for name in ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                     "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js"):
            (site_dir / folder / name).unlink(missing_ok=True)      # the site has its own UI
    return figures


def lunr_js_source() -> Path:
    import mkdocs.contrib.search as mkdocs_search

    return Path(mkdocs_search.__file__).parent / "templates" / "search" / "lunr.js"


def build_lunr(cat: Catalogue, site_dir: Path) -> dict:
    try:
        from lunr.builder import Builder
    except ImportError as exc:
        raise RuntimeError("未安装 lunr.py（pip install lunr）。") from exc
    source = lunr_js_source()
    if not source.exists():
        raise RuntimeError(f"找不到 MkDocs 自带的 lunr.js：{source}")
    builder = Builder()            # empty pipelines: the tokens are final
    builder.ref("i")
    builder.field("t", boost=5)
    builder.field("b")
    docs = []
    for n, item in enumerate(cat.items):
        tokens = [t for t in (_core(w) for w in document_tokens(item_text(item))) if t]
        title = [t for t in (_core(w) for w in document_tokens(
            " ".join(p for p in (item.title, item.doc_number, item.index_no) if p))) if t]
        builder.add({"i": str(n), "t": title, "b": tokens})
        filters = item_filters(item, cat)
        docs.append([item.url, item.title, item_meta(item)["unit"], item.publish_date.isoformat(),
                     item.doc_number or "", item.index_no, item.description,
                     {k: v for k, v in filters.items()}])
    index = builder.build().serialize()
    _round_vectors(index)
    target = site_dir / "search"
    target.mkdir(parents=True, exist_ok=True)
    data = json.dumps({"fields": ["url", "title", "unit", "date", "doc", "no", "summary", "filters"],
                       "docs": docs, "index": index}, ensure_ascii=False, separators=(",", ":"))
    (target / "lunr-index.json").write_text(data, encoding="utf-8")
    shutil.copyfile(source, target / "lunr.js")
    return {"items": len(cat.items), "bytes": len(data.encode("utf-8"))}


_CORE = re.compile(r"[A-Za-z0-9]+")


def _core(word: str) -> str:
    m = _CORE.search(word)
    return m.group(0).lower() if m else ""


def _round_vectors(index: dict) -> None:
    """lunr.js keeps three decimals of each term weight; lunr.py writes seventeen."""
    for entry in index.get("fieldVectors", []):
        entry[1] = [round(x, 3) if isinstance(x, float) else x for x in entry[1]]


__all__ = ["search_page", "build_search_index", "shards", "item_text", "query_tokens"]
