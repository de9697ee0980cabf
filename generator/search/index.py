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
* **Shards**: Pagefind's indexer memory grows with the number of words it is
  given, about 0.45 KB per token (measured on generated items: peak RSS of
  ``pagefind_extended`` 0.47 GB at 500 items, 0.92 GB at 1,000, 1.8 GB at
  2,000; 7.9 GB for one 10,000-item index). More exactly, memory and time
  follow the distinct words of each item (about 890 bigrams per generated
  item), not the word count or the words' spelling (measured 2026-11-27, one
  service, 1,000 items: each item's repeated words removed, half the words,
  0.81 GB and 11.3 CPU s against 0.93 GB and 11.5 s; the bigrams spelt as two
  Han characters instead of ``q`` and ten digits, a quarter of the text,
  0.88 GB and 10.2 s; one worker thread (``TOKIO_WORKER_THREADS``,
  ``RAYON_NUM_THREADS``) or no stemmer (language ``unknown``): no change).
  The peak comes while it writes the files: 0.21 GB once every record is
  added. The word count stays the budget below: it is known before indexing
  and grows with the distinct words. So the index is split into shards
  of consecutive items in publication order (a year may be split) of at most
  ``search_shard_items`` items (plugin option; ``DISCLOSURE_SEARCH_SHARD_ITEMS``
  overrides it; default 1,000; half that below twice as many items, see
  :func:`shards`) and at most ``SHARD_TOKENS`` words (more for a larger
  ``search_shard_items``: :func:`token_budget`), which keeps every
  service process under 1 GB. One shard is written to ``pagefind/``;
  several go to ``pagefind/1/`` (oldest items), ``pagefind/2/``, … and the
  browser merges them newest first with ``mergeIndex``. Two services run at a
  time (``DISCLOSURE_SEARCH_PARALLEL``, default 2: 10,000 items in 95 s instead
  of 163 s on 2 cores, each process below 0.9 GB). The shards share the newest
  shard's wasm (:func:`share_runtime`), but each shard still costs a query its
  metadata, filters and one index chunk per search term.
* **Cache** (issue 5): shards are cut from the oldest item on, so adding or
  changing an item changes one shard. Each shard's finished folder is kept
  under ``<root>/.cache/disclosure/search/<hash>/``, the hash taken over the
  records sent to Pagefind, the Pagefind version and the settings
  (:func:`shard_hash`); a rebuild puts unchanged shards in place as hard links
  to the cache (:func:`generator.trees.link_tree`; a copy where links are not
  possible) and indexes the others, with output byte-identical to a cold
  build. Unused entries are removed.
* **Determinism**: every file is byte-identical from build to build. Pagefind
  1.5.2 writes each filter's values in Rust hash-map order;
  :func:`generator.search_pagefind.make_deterministic` sorts them and renames
  the filter files, the ``.pf_meta`` and the entry accordingly.
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

import functools
import json
import os
import re
import shutil
from html import escape
from pathlib import Path

from ..model.item import Item
from ..site.catalogue import Catalogue
from ..site.output import link_tree, remove_tree, replace_text
from ..site.views import front
from .tokens import document_tokens, fast_document_text, query_tokens

SHARD_ENV = "DISCLOSURE_SEARCH_SHARD_ITEMS"       # overrides the plugin option (tests, benchmarks)
DEFAULT_SHARD_ITEMS = 1000       # peak memory of pagefind_extended: 0.47 GB at 500 generated items, 0.92 GB at 1,000, 1.8 GB at 2,000
SHARD_TOKENS = 1_800_000         # and at most this many words per shard (~0.85 GB), for items longer than the generated ones
PARALLEL_ENV = "DISCLOSURE_SEARCH_PARALLEL"
DEFAULT_PARALLEL = 2                # two services at once: 10,000 items in 95 s instead of 163 s (2 cores), each < 0.9 GB
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
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s|$)")
_BLOCK_START = re.compile(r"^\s{0,3}(?:>|[-+*]\s|\d{1,9}[.)]\s)")
_END = "。！？；：，、）)」』”’…"


def plain_text(markdown: str) -> str:
    """Running text of a Markdown body, one line per paragraph, heading or table row (cells separated by "，").

    The lines of a paragraph written over several lines (a blank line, a
    heading, a list item, a quote or a table row starts the next block) are
    joined with a line break, which does not end a run of Han characters
    (:mod:`generator.search_tokens`), so a phrase across the break is found
    as the reader sees it on the page. A block that does not end in
    punctuation gets "。", so the text decoded from the index reads as
    sentences; punctuation ends a run, as it does in the text.
    """
    text = _HTML.sub(" ", markdown)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _ATTRS.sub(" ", text)
    blocks: list[str] = []
    paragraph: list[str] = []

    def close() -> None:
        if paragraph:
            joined = "\n".join(paragraph)
            blocks.append(joined if joined[-1] in _END else joined + "。")
            paragraph.clear()

    for line in text.split("\n"):
        if _RULE.match(line):
            close()
            continue
        table = line.lstrip().startswith("|")
        alone = table or _HEADING.match(line) is not None
        clean = _INLINE.sub("", _LINE_MARK.sub("", line)).strip()
        if table:
            clean = "，".join(cell.strip() for cell in clean.strip("|").split("|") if cell.strip())
        if not clean:
            close()
            continue
        if alone or _BLOCK_START.match(line):
            close()
        paragraph.append(clean)
        if alone:
            close()
    close()
    return "\n".join(blocks)


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

def shard_limit(limit: int | None = None) -> int:
    """Items per shard: ``limit`` (the plugin option ``search_shard_items``), else the environment variable, else the default."""
    value = os.environ.get(SHARD_ENV) or limit or DEFAULT_SHARD_ITEMS
    try:
        value = int(value)
    except ValueError:
        raise RuntimeError(f"环境变量 {SHARD_ENV} 应为正整数。") from None
    if value < 1:
        raise RuntimeError("search_shard_items 应为正整数。")
    return value


def token_budget(limit: int) -> int:
    """Words per shard for ``limit`` items per shard: ``SHARD_TOKENS`` (about 0.85 GB of indexer memory)
    for the default size or less, and as many more as a larger ``search_shard_items`` asks for, so that
    the option means what it says for items of about 1,800 words (a larger shard needs more memory:
    about 0.9 GB per 1,000 generated items); items longer than that still make shards end sooner."""
    return SHARD_TOKENS * max(limit, DEFAULT_SHARD_ITEMS) // DEFAULT_SHARD_ITEMS


def shards(cat: Catalogue, limit: int | None = None, counts: dict | None = None) -> list[tuple[str, list[Item]]]:
    """(folder under the site root, items): consecutive items in publication order, newest shard first.

    Shards are cut from the OLDEST item on, so they stay stable from build to
    build: a new item only changes the newest shard (or starts a new one), and
    a changed item only its own shard (the index cache, :func:`build_pagefind`).
    A shard ends after ``limit`` items (a year may be split). A site with fewer
    items than the parallel indexers could take at ``limit`` each gets shards
    of ``limit`` divided by their number, so that every indexer has work (one
    ``pagefind_extended`` indexes on one core: 1,000 items took 13 s in one
    shard on a two-core machine whose other core waited); the size changes only
    when the site passes that count. A shard also ends, when ``counts``
    (item URL -> words, :func:`token_counts`) is given, once its word count would pass
    :func:`token_budget`: Pagefind's indexer memory grows with the number of words
    it is given (measured: about 0.45 KB per token), not with the number of items.
    One shard is written to ``pagefind/``; several to ``pagefind/1/`` (the
    oldest items), ``pagefind/2/``, …, ``pagefind/N/`` (the newest). The list
    is newest first, the order the browser merges them in (the first one is
    Pagefind's primary index and holds the runtime; equal scores, e.g. in date
    order, keep the merge order, so newest-first shards give newest-first results).
    """
    limit = shard_limit(limit)
    budget = token_budget(limit)
    parallel = parallel_services()
    if len(cat.items) < parallel * limit:
        limit = -(-limit // parallel)
    groups: list[list[Item]] = []
    tokens = 0
    for item in reversed(cat.items):
        n = counts[item.url] if counts is not None else 0
        if not groups or len(groups[-1]) >= limit or (len(groups[-1]) and tokens + n > budget):
            groups.append([])
            tokens = 0
        groups[-1].append(item)
        tokens += n
    if len(groups) <= 1:
        return [("pagefind/", groups[0][::-1] if groups else [])]
    return [(f"pagefind/{k}/", groups[k - 1][::-1]) for k in range(len(groups), 0, -1)]


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


def search_page(cat: Catalogue, engine: str, shard_items: int | None = None) -> tuple[str, str]:
    options = facet_options(cat)
    config = {"engine": engine, "pagefind": [path for path, _ in shards(cat, shard_items, token_counts(cat))]
              if engine == "pagefind" else [],
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
<script type="module" src="../assets/search/main.js"></script>
</div>
"""
    return "search/index.md", html


def search_plan_page(cat: Catalogue, engine: str, shard_items: int | None = None):
    """The search page as a page of the build plan (rendered by the runner, in the navigation)."""
    from ..site.plan import Page

    src_uri, markdown = search_page(cat, engine, shard_items)
    return Page(src_uri, "search", "检索", markdown, shelled=False, in_nav=True)


def _json_for_html(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


# -- the index -----------------------------------------------------------------

def build_search_index(engine: str, cat: Catalogue, site_dir: Path, shard_items: int | None = None,
                       cache_dir: Path | None = None) -> dict:
    """Write the search index for ``engine`` into ``site_dir``; returns figures (items, shards, peak memory,
    and for Pagefind how many shards were ``indexed`` and how many copied from ``cache_dir``)."""
    site_dir = Path(site_dir)
    if engine == "pagefind":
        return build_pagefind(cat, site_dir, shard_items, cache_dir)
    if engine == "lunr":
        return build_lunr(cat, site_dir)
    raise RuntimeError(f"未知的检索引擎“{engine}”（可选 pagefind、lunr）。")


_COUNTS: dict[int, tuple[Catalogue, tuple[dict[str, int], dict[str, str]]]] = {}
_WORD_OR_HAN = re.compile("[\u3400-\u4DBF\u4E00-\u9FFF\u3007\U00020000-\U0002E677]|[A-Za-z0-9\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]+")


def token_counts(cat: Catalogue) -> dict[str, int]:
    """item URL -> the number of words Pagefind will get for it (Han characters + letter/digit words);
    computed once per catalogue, small (the token streams themselves are made shard by shard)."""
    return text_figures(cat)[0]


def text_digests(cat: Catalogue) -> dict[str, str]:
    """item URL -> sha256 of :func:`item_text`, computed with :func:`token_counts` (one pass over the texts)."""
    return text_figures(cat)[1]


TEXT_FIGURES = "texts.json"         # in the search cache folder: item key -> [words, sha256 of item_text]


def text_figures(cat: Catalogue, cache_dir: Path | None = None) -> tuple[dict[str, int], dict[str, str]]:
    """(:func:`token_counts`, :func:`text_digests`), once per catalogue.

    Making every item's text costs about 0.3 ms (3 s at 10,000 items, every
    build). With ``cache_dir`` (the plugin passes the search cache) the two
    figures are kept in ``cache_dir/texts.json`` under a key made of the item
    file's SHA-256 (``Item.digest``), its unit names (the text ends with them)
    and this module's and the tokeniser's code, so only changed items' texts
    are made again.
    """
    import hashlib

    cached = _COUNTS.get(id(cat))
    if cached is not None and cached[0] is cat:
        return cached[1]
    _COUNTS.clear()
    path = Path(cache_dir) / TEXT_FIGURES if cache_dir is not None else None
    stored: dict = {}
    if path is not None:
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stored = {}
    code = _tokeniser_fingerprint()
    counts, digests, fresh = {}, {}, {}
    for item in cat.items:
        key = None
        if item.digest:
            units = "、".join([item.unit.name] + [u.name for u in item.co_units])
            key = hashlib.sha256(f"{item.digest}\0{units}\0{code}".encode()).hexdigest()
        figures = stored.get(key) if key else None
        if not (isinstance(figures, list) and len(figures) == 2):
            text = item_text(item)
            figures = [len(_WORD_OR_HAN.findall(text)), hashlib.sha256(text.encode("utf-8")).hexdigest()]
        if key:
            fresh[key] = figures
        counts[item.url], digests[item.url] = figures
    if path is not None and fresh != stored:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_text(path, json.dumps(fresh, sort_keys=True, separators=(",", ":")))
    cached = _COUNTS[id(cat)] = (cat, (counts, digests))
    return cached[1]


def parallel_services() -> int:
    try:
        return max(1, int(os.environ.get(PARALLEL_ENV) or DEFAULT_PARALLEL))
    except ValueError:
        raise RuntimeError(f"环境变量 {PARALLEL_ENV} 应为正整数。") from None


PAGEFIND_CONFIG = {"force_language": "en"}
CACHE_FORMAT = "shard-1"        # change when what is done to a shard's output before caching changes
_RUNTIME_EXTRAS = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                   "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
                   "wasm.unknown.pagefind")
_HASH_NAME = re.compile(r"^[0-9a-f]{64}$")


def pagefind_records(items: list[Item], cat: Catalogue):
    """Exactly what is sent to Pagefind for ``items``, one AddRecord's keywords per item."""
    for item in items:
        yield {"url": item.url, "content": fast_document_text(item_text(item)), "meta": item_meta(item),
               "filters": item_filters(item, cat), "sort": {"date": item.publish_date.isoformat()}}


@functools.cache
def _tokeniser_fingerprint() -> str:
    """The token stream is a pure function of the item (item_text, this module) and the tokeniser."""
    from ..cache import files_digest
    from . import tokens

    return files_digest([("tokens.py", Path(tokens.__file__)), ("index.py", Path(__file__))])


def shard_hash(items: list[Item], cat: Catalogue, version: str) -> str:
    """Content hash of one shard: its records in order (url, meta, filters, sort and, for the token text,
    the sha256 of the item text it is made from plus a fingerprint of the tokeniser: making the token
    streams of 10,000 items takes 20 s, hashing their texts nothing), the Pagefind version, the service
    config and the post-processing format. Equal hash -> byte-identical finished shard folder."""
    import hashlib

    digests = text_digests(cat)
    h = hashlib.sha256()
    h.update(json.dumps([CACHE_FORMAT, version, PAGEFIND_CONFIG, _tokeniser_fingerprint()],
                        sort_keys=True).encode("utf-8") + b"\n")
    for item in items:
        record = {"url": item.url, "content": digests[item.url], "meta": item_meta(item),
                  "filters": item_filters(item, cat), "sort": {"date": item.publish_date.isoformat()}}
        h.update(json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8") + b"\n")
    return h.hexdigest()


def build_pagefind(cat: Catalogue, site_dir: Path, limit: int | None = None, cache_dir: Path | None = None) -> dict:
    """One ``pagefind_extended --service`` per shard, at most ``DISCLOSURE_SEARCH_PARALLEL`` (default 2) at a time.

    With ``cache_dir`` (the plugin passes ``<root>/.cache/disclosure/search``)
    each shard's finished folder (after :func:`make_deterministic`, before
    :func:`share_runtime`) is kept in ``cache_dir/<shard_hash>/``; a shard whose
    hash is there is copied instead of indexed, so a rebuild after changing
    one item indexes one shard. Entries the build did not use are removed.
    """
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from .pagefind import PagefindService, make_deterministic, pagefind_version

    root = site_dir / "pagefind"
    remove_tree(root)
    parts = shards(cat, limit, token_counts(cat))
    cache = Path(cache_dir) if cache_dir is not None else None
    hashes: dict[str, str] = {}
    if cache is not None:
        version = pagefind_version()
        hashes = {folder: shard_hash(items, cat, version) for folder, items in parts}

    def index(part: tuple[str, list[Item]]) -> tuple[str, int, int, bool]:
        folder, items = part
        target = site_dir / folder
        key = hashes.get(folder)
        if key and (cache / key / "pagefind-entry.json").is_file():
            link_tree(cache / key, target)     # hard links: the site's copy must never be edited in place
            return folder, len(items), 0, False
        with PagefindService(PAGEFIND_CONFIG) as pf:
            for record in pagefind_records(items, cat):
                pf.add(**record)
            pf.write(target)
        # after the service has exited: its answer to WriteFiles can come before every file is written
        make_deterministic(target)        # Pagefind writes filter values in hash-map order
        for name in _RUNTIME_EXTRAS:
            (target / name).unlink(missing_ok=True)      # the site has its own UI; every record is "en"
        if key:
            tmp = cache / f"{key}.tmp-{os.getpid()}-{threading.get_ident()}"
            shutil.rmtree(tmp, ignore_errors=True)
            link_tree(target, tmp)
            shutil.rmtree(cache / key, ignore_errors=True)
            try:
                tmp.rename(cache / key)
            except OSError:             # an identical shard got there first
                shutil.rmtree(tmp, ignore_errors=True)
        return folder, len(items), pf.peak_rss_kb, True

    figures = {"items": len(cat.items), "shards": [], "peak_rss_kb": 0, "indexed": 0, "cached": 0}
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=parallel_services()) as pool:
        for folder, count, rss, indexed in pool.map(index, parts):
            figures["shards"].append((folder, count, rss))
            figures["peak_rss_kb"] = max(figures["peak_rss_kb"], rss)
            figures["indexed" if indexed else "cached"] += 1
    share_runtime(site_dir, [folder for folder, _ in parts])
    if cache is not None:
        keep = set(hashes.values())
        for entry in cache.iterdir():       # unused entries and leftovers of interrupted builds
            if entry.name not in keep and (_HASH_NAME.match(entry.name) or ".tmp-" in entry.name):
                shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)
    return figures


_WASM_URL = "const wasm_url=`${this.basePath}wasm.${language}.pagefind`"


def _shared_wasm_url(folder: str) -> str:
    return 'const wasm_url=`${this.basePath.replace(/\\/\\d+\\/$/,"/' + folder + '/")}wasm.${language}.pagefind`'


def share_runtime(site_dir: Path, folders: list[str]) -> None:
    """Several shards: every shard's instance loads the one wasm of the first (newest) shard ``pagefind/N/``.

    Pagefind's merged indexes each fetch ``wasm.en.pagefind`` (72 KB) from
    their own folder, identical bytes under another URL, so a query on ten
    shards downloaded it ten times. The first shard's ``pagefind.js`` and
    ``pagefind-worker.js`` (the only copies the page loads) get the wasm URL
    of that shard for any ``…/<digits>/`` base path; the other shards' runtime
    files are removed. When the line is not found (another Pagefind version),
    nothing is changed. Runs after the shards are written or copied from the
    cache (the cache keeps every shard's own runtime).
    """
    if len(folders) < 2:
        return
    first = site_dir / folders[0]
    number = folders[0].rstrip("/").rsplit("/", 1)[-1]
    scripts = [first / "pagefind.js", first / "pagefind-worker.js"]
    texts = [p.read_text(encoding="utf-8") for p in scripts]
    if not all(t.count(_WASM_URL) == 1 for t in texts):
        return
    for path, text in zip(scripts, texts):
        replace_text(path, text.replace(_WASM_URL, _shared_wasm_url(number)))   # a new file: the cache keeps its own
    for folder in folders[1:]:
        for name in ("pagefind.js", "pagefind-worker.js", "wasm.en.pagefind"):
            (site_dir / folder / name).unlink(missing_ok=True)


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
        tokens = [t for t in (_core(w) for w in fast_document_text(item_text(item)).split()) if t]
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
