"""Site search: Pagefind (default, a chunked index in shards) or lunr (one file), and the /search/ page.

* :mod:`.text`: what is indexed of an item, and the figures that cut shards;
* :mod:`.tokens`: the tokeniser (Han character bigrams as ASCII words); the
  browser turns a query into the same tokens (``theme/assets/search/tokens.js``);
* :mod:`.shards` and :mod:`.pagefind`: the sharded Pagefind index and the
  client of Pagefind's indexing service;
* :mod:`.lunr`: the single-file engine;
* :mod:`.page`: the search page.

In the browser the query's tokens go to the engine (terms are ANDed; a
one-character unigram matches as a prefix of the bigrams starting with that
character); with Pagefind, a result whose word positions have no run as long
as each query part is dropped before any fragment is loaded.
"""

from __future__ import annotations

from pathlib import Path

from ..site.catalogue import Catalogue
from .text import TextFigures


def build_search_index(engine: str, cat: Catalogue, site_dir: Path, shard_items: int | None = None,
                       cache_dir: Path | None = None, figures: TextFigures | None = None) -> dict:
    """Write the search index for ``engine`` into ``site_dir``; returns figures (items, shards, peak memory,
    and for Pagefind how many shards were ``indexed`` and how many copied from ``cache_dir``)."""
    site_dir = Path(site_dir)
    if engine == "pagefind":
        from .shards import build_pagefind
        return build_pagefind(cat, site_dir, shard_items, cache_dir, figures)
    if engine == "lunr":
        from .lunr import build_lunr
        return build_lunr(cat, site_dir)
    raise RuntimeError(f"未知的检索引擎“{engine}”（可选 pagefind、lunr）。")
