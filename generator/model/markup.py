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

import markdown
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
