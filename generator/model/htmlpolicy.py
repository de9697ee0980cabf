"""What HTML content may contain: one allow-list, enforced by nh3 and explained by the checker.

Departments' Markdown is untrusted. Whatever it turns into, the site only
ever publishes the result of :func:`clean` (nh3, the binding of the Rust
sanitiser ammonia), so no script, event handler, ``javascript:`` URL, frame,
form, style sheet or ``<base>`` from content/ can reach a page. The checker
reports, with :func:`findings`, everything that :func:`clean` would remove,
so that a department learns what to write instead of seeing it vanish.

Allowed: text structure (paragraphs, headings, lists, tables, quotes, code,
emphasis, line breaks, ``<details>``), links to http, https, mailto, tel or
relative addresses, images from the page's own folder, the classes of
admonitions (``!!! note``) and of fenced code (``language-…``), ``text-align`` on table cells (Markdown's column
alignment) and ``id`` values that are not the theme's own.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote

import nh3

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
    "var", "wbr",
})
GENERIC_ATTRIBUTES = frozenset({"id", "title", "lang"})
TAG_ATTRIBUTES = {
    "a": {"href"},
    "code": {"class"},          # language-xxx, from fenced code blocks
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "details": {"open"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
ADMONITION_TYPES = frozenset({
    "admonition", "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success",
    "check", "done", "question", "help", "faq", "warning", "caution", "attention", "failure", "fail", "missing",
    "danger", "error", "bug", "example", "quote", "cite",
})
CLASSES = {"div": ADMONITION_TYPES | {"toc"}, "p": frozenset({"admonition-title"}), "details": ADMONITION_TYPES}
STYLE_PROPERTIES = frozenset({"text-align"})
# Elements whose content goes with them: a <script> body is code, not text to keep.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe", "noembed", "noframes",
                                  "object", "textarea", "xmp", "math", "svg"})
RESERVED_ID = re.compile(r"^(?:md-|dc-|dcshell|__)", re.I)
GOOD_ID = re.compile(r"^[\w-]{1,80}$")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_NUMBER = re.compile(r"^\d{1,5}%?$")
_CODE_CLASS = re.compile(r"^language-[\w+#.-]{1,40}$")


def url_scheme(value: str) -> str | None:
    """The scheme of a URL as a browser reads it (tabs, line breaks and leading blanks ignored), lower case."""
    match = _SCHEME.match(_URL_NOISE.sub("", value))
    return match.group(1).lower() if match else None


def image_inside(src: str, page_url: str, folder: str) -> bool:
    """Whether an image address, relative to the page at ``page_url``, stays inside ``folder`` (site paths)."""
    cleaned = _URL_NOISE.sub("", src)
    if not cleaned or url_scheme(cleaned) is not None or cleaned.startswith(("/", "\\")) or "\\" in cleaned:
        return False
    path = cleaned.split("#", 1)[0].split("?", 1)[0]
    target = posixpath.normpath(posixpath.join(page_url or ".", path))
    base = posixpath.normpath(folder or ".")
    return not target.startswith("..") and (base == "." or target == base or target.startswith(base + "/"))


@dataclass(frozen=True)
class Context:
    """Where the HTML is shown: the page's site URL (``czj/2026/x/``) and the folder its files live in (``czj/2026``)."""

    page_url: str = ""
    folder: str = ""


def id_ok(value: str) -> bool:
    """An ``id`` a page may use: letters, digits, ``_`` and ``-``, not one the theme uses itself."""
    return bool(GOOD_ID.match(value)) and not RESERVED_ID.match(value)


def _attribute_ok(tag: str, name: str, value: str, where: Context) -> bool:
    if name == "id":
        return id_ok(value)
    if tag == "a" and name == "href":
        scheme = url_scheme(value)
        return scheme is None or scheme in URL_SCHEMES
    if tag == "img" and name == "src":
        return image_inside(value, where.page_url, where.folder)
    if name == "class":        # only <code> has class among its attributes; the others go by CLASSES
        return all(_CODE_CLASS.match(c) for c in value.split())
    if name in ("width", "height", "colspan", "rowspan", "span", "start", "value"):
        return bool(_NUMBER.match(value.strip()))
    return True


def clean(html: str, where: Context = Context()) -> str:
    """``html`` with everything outside the allow-list removed (nh3); what the site publishes."""

    def keep(tag: str, name: str, value: str) -> str | None:
        return value if _attribute_ok(tag, name, value, where) else None

    return nh3.clean(
        html, tags=set(TAGS), clean_content_tags=set(DROPPED_WITH_CONTENT - TAGS),
        attributes={"*": set(GENERIC_ATTRIBUTES), **{t: set(a) for t, a in TAG_ATTRIBUTES.items()}},
        attribute_filter=keep, strip_comments=True, link_rel=None, url_schemes=set(URL_SCHEMES),
        allowed_classes={t: set(c) for t, c in CLASSES.items()}, filter_style_properties=set(STYLE_PROPERTIES),
    )


def plain(text: str) -> str:
    """Text for a place where no markup belongs (a heading in the table of contents): tags dropped, escaped."""
    return nh3.clean(text, tags=set(), strip_comments=True)


@dataclass(frozen=True)
class Finding:
    """Something :func:`clean` removes: ``kind`` (tag, attribute, class, url, image, id, markup),
    ``name`` (the tag or attribute), ``value`` (what was written) and ``needle`` (text to find it in the source)."""

    kind: str
    name: str
    value: str
    needle: str


class _Walker(HTMLParser):
    def __init__(self, where: Context):
        super().__init__(convert_charrefs=True)
        self.where = where
        self.found: list[Finding] = []
        self.kept: Counter = Counter()
        self.targets: list[str] = []      # site paths of relative links and images

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._element(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self._element(tag, attrs)

    def _element(self, tag: str, attrs: list) -> None:
        if tag not in TAGS:
            self.found.append(Finding("tag", tag, f"<{tag}>", f"<{tag}"))
            return
        self.kept[tag] += 1
        allowed = GENERIC_ATTRIBUTES | TAG_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            value = value or ""
            if name == "class":
                bad = [c for c in value.split() if c not in CLASSES.get(tag, ()) and
                       not (tag == "code" and _CODE_CLASS.match(c))]
                if bad:
                    self.found.append(Finding("class", tag, " ".join(bad), bad[0]))
                continue
            if name not in allowed:
                self.found.append(Finding("attribute", name, f"{name}=\"{value}\"" if value else name, name))
                continue
            if name == "style" and not _style_ok(value):
                self.found.append(Finding("attribute", name, f'style="{value}"', "style"))
                continue
            if not _attribute_ok(tag, name, value, self.where):
                kind = "url" if (tag, name) == ("a", "href") else "image" if (tag, name) == ("img", "src") else \
                    "id" if name == "id" else "attribute"
                scheme = url_scheme(value)
                self.found.append(Finding(kind, name, value, scheme if kind == "url" and scheme else value))
                continue
            self.kept[(tag, name)] += 1
            if (tag, name) in (("a", "href"), ("img", "src")):
                target = _site_path(value, self.where.page_url)
                if target is not None:
                    self.targets.append(target)


def _site_path(value: str, page_url: str) -> str | None:
    """The site path a relative address on the page at ``page_url`` points to (None: absolute, outside, fragment)."""
    value = value.strip()
    if not value or value.startswith(("#", "/", "\\")) or url_scheme(value) is not None:
        return None
    path = unquote(value.split("#", 1)[0].split("?", 1)[0])
    target = posixpath.normpath(posixpath.join(page_url or ".", path))
    return None if target.startswith("..") or target == "." else target


def _style_ok(value: str) -> bool:
    for declaration in value.split(";"):
        if not declaration.strip():
            continue
        name, _, setting = declaration.partition(":")
        if name.strip().lower() not in STYLE_PROPERTIES or setting.strip().lower() not in ("left", "right", "center"):
            return False
    return True


class _Counter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.kept: Counter = Counter()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.kept[tag] += 1
        for name, _value in attrs:
            if name != "class":
                self.kept[(tag, name)] += 1

    handle_startendtag = handle_starttag


def findings(html: str, where: Context = Context()) -> list[Finding]:
    """Everything :func:`clean` removes from ``html``, in document order (one entry per distinct thing)."""
    return inspect(html, where)[0]


def inspect(html: str, where: Context = Context()) -> tuple[list[Finding], list[str]]:
    """:func:`findings`, and the site paths of the page's relative links and images that :func:`clean` keeps.

    The allow-list is walked with the standard library's HTML parser; should
    the sanitiser's own parser still drop an allowed element or attribute that
    the walk kept (malformed markup read differently), that is a finding too.
    """
    walker = _Walker(where)
    walker.feed(html)
    walker.close()
    found = walker.found
    if not found:
        counter = _Counter()
        counter.feed(clean(html, where))
        counter.close()
        lost = [key for key, count in walker.kept.items() if counter.kept[key] < count]
        if lost:
            name = lost[0] if isinstance(lost[0], str) else lost[0][1]
            found = [Finding("markup", name, name, "<")]
    unique: dict[tuple[str, str, str], Finding] = {}
    for finding in found:
        unique.setdefault((finding.kind, finding.name, finding.value), finding)
    return list(unique.values()), walker.targets
