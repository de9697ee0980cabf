"""What search indexes of an item: its text, result metadata and facet values, and figures of the text.

Only items are indexed, straight from the catalogue: no HTML is parsed, no
listing or navigation page is in the index. The searchable text of an item
is its title, 内容概述 (when written), keywords, the body as plain text, the
document number, index number and unit(s); the engines get it as the token
stream of :mod:`.tokens`. Facets: category (公开类别), sector (重点领域: the
item's sector and its parents, as in the listings), unit (发布机构, with
co-publishers), year, validity (有效性); their values are ids.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..cache import digest
from ..model.item import Item
from ..site.catalogue import Catalogue
from ..site.output import replace_text

TEXT_FIGURES = "texts.json"         # in the search cache folder: item key -> [words, digest of item_text]

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
    (:mod:`.tokens`), so a phrase across the break is found
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


def item_filters(item: Item, cat: Catalogue) -> dict[str, list[str]]:
    filters = {"category": [item.category.id], "unit": [item.unit.id] + [u.id for u in item.co_units],
               "year": [str(item.year)]}
    sectors = [s.id for s in cat.schema.sector_chain(item.sector)]
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


_WORD_OR_HAN = re.compile("[\u3400-\u4DBF\u4E00-\u9FFF\u3007\U00020000-\U0002E677]|[A-Za-z0-9\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]+")


@dataclass
class TextFigures:
    """Per item URL: the number of words Pagefind gets (Han characters and letter/digit words), which cuts the
    shards, and the digest of :func:`item_text`, which keys the cached shards."""

    counts: dict[str, int]
    digests: dict[str, str]


def text_figures(cat: Catalogue, cache_dir: Path | None = None) -> TextFigures:
    """Both figures for every item, in one pass over the texts.

    With ``cache_dir`` (the plugin passes the search cache) they are kept in
    ``cache_dir/texts.json`` under a key made of the item file's digest
    (``Item.digest``), its unit names (the text ends with them) and the
    tokeniser's code, so only changed items' texts are made again.
    """
    path = Path(cache_dir) / TEXT_FIGURES if cache_dir is not None else None
    stored: dict = {}
    if path is not None:
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stored = {}
    code = tokeniser_fingerprint()
    counts, digests, fresh = {}, {}, {}
    for item in cat.items:
        key = None
        if item.digest:
            units = "、".join([item.unit.name] + [u.name for u in item.co_units])
            key = digest(item.digest, units, code)
        figures = stored.get(key) if key else None
        if not (isinstance(figures, list) and len(figures) == 2):
            text = item_text(item)
            figures = [len(_WORD_OR_HAN.findall(text)), digest(text)]
        if key:
            fresh[key] = figures
        counts[item.url], digests[item.url] = figures
    if path is not None and fresh != stored:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_text(path, json.dumps(fresh, sort_keys=True, separators=(",", ":")))
    return TextFigures(counts, digests)


@functools.cache
def tokeniser_fingerprint() -> str:
    """The token stream is a pure function of the item (item_text, this module) and the tokeniser."""
    from ..cache import files_digest
    from . import tokens

    return files_digest([("tokens.py", Path(tokens.__file__)), ("text.py", Path(__file__))])
