"""The Pagefind index in shards: cut from the oldest item on, indexed two at a time, cached by content.

Pagefind's indexer memory grows with the distinct words it is given
(docs/performance.md), so the index is split into shards of consecutive
items in publication order of at most ``search_shard_items`` items (plugin
option; ``DISCLOSURE_SEARCH_SHARD_ITEMS`` overrides it; default 1,000; half
that below twice as many items) and at most :func:`token_budget` words, which
keeps every indexer under 1 GB. One shard is written to ``pagefind/``;
several go to ``pagefind/1/`` (oldest items), ``pagefind/2/``, … and the
browser merges them newest first. The shards share the newest shard's wasm
(:func:`share_runtime`).

Shards are cut from the oldest item on, so adding or changing an item
changes one shard. Each finished shard is kept under
``<root>/.cache/disclosure/search/<hash>/`` (:func:`shard_hash`); a rebuild
links unchanged shards from the cache and indexes the others, with output
byte-identical to a cold build. Pagefind 1.5.2 writes filter values in
hash-map order; :func:`generator.search.pagefind.make_deterministic` sorts them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from ..cache import digest
from ..model.item import Item
from ..site.catalogue import Catalogue
from ..site.output import link_tree, remove_tree, replace_text
from .text import TextFigures, item_filters, item_meta, item_text, text_figures, tokeniser_fingerprint
from .tokens import fast_document_text

SHARD_ENV = "DISCLOSURE_SEARCH_SHARD_ITEMS"       # overrides the plugin option (tests, benchmarks)
DEFAULT_SHARD_ITEMS = 1000       # about 0.9 GB of indexer memory for generated items (docs/performance.md)
SHARD_TOKENS = 1_800_000         # and at most this many words per shard, for items longer than the generated ones
PARALLEL_ENV = "DISCLOSURE_SEARCH_PARALLEL"
DEFAULT_PARALLEL = 2             # two indexers at once on two cores


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




def shard_hash(items: list[Item], cat: Catalogue, version: str, digests: dict[str, str]) -> str:
    """Content hash of one shard: its records in order (url, meta, filters, sort and, for the token text,
    the digest of the item text it is made from, with the tokeniser's fingerprint: making the token streams
    is slow, hashing the texts is not), the Pagefind version, the service config and the post-processing
    format. Equal hash -> byte-identical finished shard folder."""
    head = json.dumps([CACHE_FORMAT, version, PAGEFIND_CONFIG, tokeniser_fingerprint()], sort_keys=True)
    records = (json.dumps({"url": item.url, "content": digests[item.url], "meta": item_meta(item),
                           "filters": item_filters(item, cat), "sort": {"date": item.publish_date.isoformat()}},
                          ensure_ascii=False, sort_keys=True, separators=(",", ":")) for item in items)
    return digest(head, *records)


def build_pagefind(cat: Catalogue, site_dir: Path, limit: int | None = None, cache_dir: Path | None = None,
                   figures: TextFigures | None = None) -> dict:
    """One ``pagefind_extended --service`` per shard, at most ``DISCLOSURE_SEARCH_PARALLEL`` (default 2) at a time.

    With ``cache_dir`` (the plugin passes ``<root>/.cache/disclosure/search``)
    each shard's finished folder (after :func:`make_deterministic`, before
    :func:`share_runtime`) is kept in ``cache_dir/<shard_hash>/``; a shard whose
    hash is there is copied instead of indexed, so a rebuild after changing
    one item indexes one shard. Entries the build did not use are removed.
    ``figures`` are the items' :func:`text_figures` (made here when not given).
    """
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from .pagefind import PagefindService, make_deterministic, pagefind_version

    root = site_dir / "pagefind"
    remove_tree(root)
    figures = figures or text_figures(cat)
    parts = shards(cat, limit, figures.counts)
    cache = Path(cache_dir) if cache_dir is not None else None
    hashes: dict[str, str] = {}
    if cache is not None:
        version = pagefind_version()
        hashes = {folder: shard_hash(items, cat, version, figures.digests) for folder, items in parts}

    def index(part: tuple[str, list[Item]]) -> tuple[str, int, int, bool]:
        folder, items = part
        target = site_dir / folder
        key = hashes.get(folder) if cache is not None else None
        if cache is not None and key and (cache / key / "pagefind-entry.json").is_file():
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
        if cache is not None and key:
            tmp = cache / f"{key}.tmp-{os.getpid()}-{threading.get_ident()}"
            shutil.rmtree(tmp, ignore_errors=True)
            link_tree(target, tmp)
            shutil.rmtree(cache / key, ignore_errors=True)
            try:
                tmp.rename(cache / key)
            except OSError:             # an identical shard got there first
                shutil.rmtree(tmp, ignore_errors=True)
        return folder, len(items), pf.peak_rss_kb, True

    done: list[tuple[str, int, int]] = []
    peak, counted = 0, {"indexed": 0, "cached": 0}
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=parallel_services()) as pool:
        for folder, count, rss, indexed in pool.map(index, parts):
            done.append((folder, count, rss))
            peak = max(peak, rss)
            counted["indexed" if indexed else "cached"] += 1
    share_runtime(site_dir, [folder for folder, _ in parts])
    if cache is not None:
        keep = set(hashes.values())
        for entry in cache.iterdir():       # unused entries and leftovers of interrupted builds
            if entry.name not in keep and (_HASH_NAME.match(entry.name) or ".tmp-" in entry.name):
                shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)
    return {"items": len(cat.items), "shards": done, "peak_rss_kb": peak, **counted}


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
