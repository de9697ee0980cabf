"""Markdown to safe HTML, the same way for the checker and the site.

One Markdown configuration (:data:`EXTENSIONS`, the list mkdocs.yml must
name too) and one conversion: relative links and images are rewritten the
way MkDocs writes them for directory URLs (``../other.md`` becomes
``../other/``), and the result goes through :func:`generator.htmlpolicy.clean`.
The checker converts a text with :meth:`Renderer.raw` to report what the
sanitiser would remove; the site publishes :meth:`Renderer.safe`.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

import markdown
from markdown.extensions.toc import slugify
from markdown.treeprocessors import Treeprocessor

from ..urls import rel, url_of
from . import htmlpolicy

# MkDocs adds toc, tables and fenced_code itself; mkdocs.yml names the rest. The plugin refuses a
# mkdocs.yml whose list differs, so that the checker judges exactly what the site converts.
EXTENSIONS = ("toc", "tables", "fenced_code", "attr_list", "admonition", "md_in_html")
EXTENSION_CONFIGS = {"toc": {"permalink": False}}
_SCHEME = ("http:", "https:", "mailto:", "tel:", "ftp:", "data:")
# Markdown punctuation a title could use to become markup; escaped, it stays text.
_MD_SPECIAL = set("\\`*_{}[]()#+-.!|~:")


# Python-Markdown's work grows with the square of a paragraph's length (its issue #798): every inline marker
# copies the rest of the paragraph and every rule, heading or reference line the rest of its block; and with
# the square of the number of headings that share an id (all-Han headings all slug to "", then _1, _2, ...).
# The limit and its measurements: docs/performance.md (Markdown conversion cost).
MAX_WORK = 10_000_000
_INLINE_MARKER = re.compile(r"[\[`*_<&\\]|  \n")
# A line that starts a new piece of inline text: a list item, a table row, a heading, an HTML block line.
_RUN_START = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|\||#|<)")
# A line that splits its block in two: an ATX heading, a reference definition, a rule or setext underline.
_SPLITTING = re.compile(r"^ {0,3}(?:#|\[[^\]\n]*\]:|(?:[-*_][ \t]*){3,}$|=+[ \t]*$|-+[ \t]*$)")
# Quote markers: what is inside a quote is parsed again as its own document, with the same costs.
_QUOTE = re.compile(r"^(?: {0,3}>[ \t]?)+")
_FENCE = re.compile(r"^\s*(?:```|~~~)")
_ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+(.*?))?[ \t#]*$")
_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")


@dataclass(frozen=True)
class Work:
    """How much converting a text costs (:data:`MAX_WORK` units at most), and its costliest part."""

    total: int
    line: int          # 0-based line of the costliest paragraph or block
    markers: int       # its markers and splitting lines, or its headings
    headings: bool = False   # the costliest part is a group of headings with the same id


def work_bound(text: str) -> int:
    """An upper bound of ``conversion_work(text).total`` from a few counts: most texts are far below
    :data:`MAX_WORK` and need no estimate. Inline markers are at most the marker characters plus one line
    break each line, splitting lines and headings at most the lines, every paragraph or block at most the
    text and a line break long."""
    lines = text.count("\n") + 1
    markers = sum(text.count(sign) for sign in "[`*_<&\\") + lines
    return (markers + lines) * (len(text) + 1) + 3 * lines * lines // 2


def conversion_work(text: str) -> Work:
    """An estimate of Python-Markdown's work for ``text``, in linear time: for each paragraph (a run of lines
    up to a blank line, list item, table row, heading or HTML line) its markers times its length, for each
    block (up to a blank line) its splitting lines times its length, for each group of headings with the same
    id 1.5 times its size squared. Fenced code is not converted and does not count."""
    parts: list[tuple[int, int, int]] = []          # (cost, first line, markers) of each paragraph and block
    headings: dict[str, list[int]] = {}             # heading id -> [first line, count]
    run: list[str] = []
    block: list[str] = []
    run_start = block_start = 0
    fenced = False

    def close_run() -> None:
        if run:
            joined = "\n".join(run) + "\n"
            markers = len(_INLINE_MARKER.findall(joined))
            parts.append((markers * len(joined), run_start, markers))
            run.clear()

    def close_block() -> None:
        if block:
            splits = sum(1 for line in block if _SPLITTING.match(line))
            parts.append((splits * sum(len(line) + 1 for line in block), block_start, splits))
            block.clear()

    for number, line in enumerate(text.split("\n")):
        if line.lstrip().startswith(">"):
            line = _QUOTE.sub("", line)
        if _FENCE.match(line):
            fenced = not fenced
            close_run()
            continue
        if fenced:
            continue
        if not line.strip():
            close_run()
            close_block()
            continue
        heading = _ATX.match(line)
        if heading is not None or (run and _UNDERLINE.match(line)):
            title = heading.group(1) or "" if heading is not None else run[-1]
            group = headings.setdefault(slugify(title, "-"), [number, 0])
            group[1] += 1
        if _RUN_START.match(line):
            close_run()
        if not run:
            run_start = number
        if not block:
            block_start = number
        run.append(line)
        block.append(line)
    close_run()
    close_block()
    paragraphs = len(parts)
    parts += [(3 * count * count // 2, first, count) for first, count in headings.values()]
    worst = max(range(len(parts)), key=lambda i: (parts[i][0], -parts[i][1]), default=None)
    if worst is None:
        return Work(0, 0, 0)
    _cost, first, markers = parts[worst]
    return Work(sum(part[0] for part in parts), first, markers, worst >= paragraphs)


def heading_text(title: str) -> str:
    """A title as the Markdown of a heading that shows it literally: one line, markup escaped."""
    out = []
    for ch in " ".join(title.split()):
        if ch in _MD_SPECIAL:
            out.append("\\" + ch)
        elif ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        elif ch == "&":
            out.append("&amp;")
        else:
            out.append(ch)
    return "".join(out)


def context_of(src_uri: str) -> htmlpolicy.Context:
    """Where the page made from ``src_uri`` is shown, and the folder its images must come from."""
    return htmlpolicy.Context(page_url=url_of(src_uri), folder=posixpath.dirname(src_uri))


class _LinkRewriter(Treeprocessor):
    """Relative links and images as MkDocs writes them for a page at a directory URL."""

    src_uri = ""

    def run(self, root):
        page_url = url_of(self.src_uri)
        folder = posixpath.dirname(self.src_uri)
        for element in root.iter():
            attribute = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            if attribute is None:
                continue
            value = element.get(attribute)
            if not value or value.startswith(("#", "/")) or value.lower().startswith(_SCHEME) or ":" in value.split("/")[0]:
                continue
            path, hashmark, fragment = value.partition("#")
            target = posixpath.normpath(posixpath.join(folder, path))
            if target.endswith(".md"):
                target = url_of(target)
            element.set(attribute, rel(page_url, target) + (hashmark + fragment if hashmark else ""))
        return None


class _LinkExtension(markdown.Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_LinkRewriter(md), "dc_links", 1)


class Renderer:
    """One reused Markdown converter (building one costs more than converting a page)."""

    def __init__(self, extensions=EXTENSIONS, configs=None):
        configs = EXTENSION_CONFIGS if configs is None else configs
        self.md = markdown.Markdown(extensions=[*extensions, _LinkExtension()], extension_configs=configs)

    def raw(self, text: str, src_uri: str) -> tuple[str, list]:
        """HTML and table-of-contents tokens as Markdown makes them, before sanitising."""
        self.md.reset()
        self.md.treeprocessors["dc_links"].src_uri = src_uri
        html = self.md.convert(text)
        return html, getattr(self.md, "toc_tokens", [])

    def safe(self, text: str, src_uri: str) -> tuple[str, list]:
        """What the site publishes: sanitised HTML, and TOC tokens whose names are plain escaped text."""
        html, tokens = self.raw(text, src_uri)
        return htmlpolicy.clean(html, context_of(src_uri)), safe_tokens(tokens)


def safe_tokens(tokens: list) -> list:
    """TOC tokens with only what the theme shows: level, id, name (escaped text) and children."""
    return [{"level": t.get("level"), "id": t.get("id", "") if htmlpolicy.id_ok(t.get("id", "")) else "",
             "name": htmlpolicy.plain(t.get("name", "")), "children": safe_tokens(t.get("children") or [])}
            for t in tokens]


_SHARED: Renderer | None = None


def shared() -> Renderer:
    """The process's renderer with the site's configuration (the checker's and the workers')."""
    global _SHARED
    if _SHARED is None:
        _SHARED = Renderer()
    return _SHARED
