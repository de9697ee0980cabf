"""The lunr engine (``search_engine: lunr``): the whole index in one file, for small or offline sites.

lunr.py builds the index from the same token stream as Pagefind (fields
``t``: title, document and index number, boost 5; ``b``: everything; no
stemmer or stop words), written with a compact documents table to
``search/lunr-index.json``; lunr.js is copied at build time from MkDocs'
search plugin. Every query token is required; a one-character token is a
trailing wildcard; facets are filtered in the browser. lunr keeps no word
positions here, so a run of 3-5 characters can match an item that has its
bigrams apart; snippets come from 内容概述.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from .. import urls
from ..site.catalogue import Catalogue
from .text import item_filters, item_meta, item_text
from .tokens import document_tokens, fast_document_text


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
    (site_dir / urls.LUNR_INDEX).write_text(data, encoding="utf-8")
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
