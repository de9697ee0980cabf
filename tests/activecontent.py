"""An independent scanner for active content in a built site (shares no code with generator/).

Whatever a department writes, the published site must not run it: no event
handler attribute, no ``javascript:``/``vbscript:``/``data:`` address, no
script, frame, plugin, ``<base>``, refresh, form or style sheet of its own, no
external resource, no element id that takes over one of the theme's, and open
data files that parse and never start a spreadsheet formula.

The theme itself has scripts, buttons and style sheets, so those are told apart
by a baseline: a build of known benign content with the same theme
(:meth:`Baseline.of_site`). Every active element there gives a signature (tag,
attributes with addresses resolved against the page, and a digest of the text
of scripts, styles and SVG), and an element of a scanned site is a finding
when its signature is not among them. Event handlers, script addresses and
theme ids inside the content region (``<article>``) are findings whatever the
baseline says.

Usage::

    baseline = Baseline.of_site(benign_site_dir, site_url)
    findings = scan_site(site_dir, baseline)      # [] when the site is clean
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import html
import io
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html

# Elements that run code, load a document or resource, change the page's base or send data.
ACTIVE_TAGS = frozenset({
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "form", "style", "link",
    "svg", "math", "template", "input", "button", "textarea", "select", "portal", "animate", "set", "use",
    "foreignobject", "handler", "listener", "xml", "import",
})
# Attributes a browser reads as an address.
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "data", "codebase", "archive", "classid", "background", "poster",
    "cite", "longdesc", "lowsrc", "dynsrc", "usemap", "manifest", "icon", "ping", "srcset", "imagesrcset",
    "xlink:href", "xml:base", "profile", "itemtype", "values", "to", "from", "by",
})
# Of those, the ones that make the browser fetch something without a click.
RESOURCE_ATTRIBUTES = frozenset({
    "src", "srcset", "imagesrcset", "data", "codebase", "archive", "background", "poster", "lowsrc", "dynsrc",
    "manifest", "icon", "xlink:href",
})
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")
STYLE_CODE = re.compile(r"url\s*\(|expression\s*\(|javascript:|vbscript:|@import|behavior\s*:|-moz-binding", re.I)
# What a browser ignores inside a URL scheme: ASCII whitespace and C0 controls, and invisible format characters.
URL_NOISE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]+")
# Text nobody should see turn into a formula in Excel or WPS (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Files a browser may run or render as a document; the theme's come from the baseline, pages are checked one by one.
ACTIVE_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".svg", ".svgz", ".js", ".mjs", ".css", ".xml",
                             ".xsl", ".xslt", ".swf", ".php", ".asp", ".aspx", ".jsp", ".cgi", ".wasm", ".hta"})


@dataclass(frozen=True)
class Finding:
    """One piece of active content: the site file, what kind, and what was found."""

    path: str
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.path}: {self.kind}: {self.detail}"


def decoded_url(value: str) -> tuple[str, str]:
    """An address as a browser compares its scheme: entities decoded (twice, to be safe), noise removed, lower case."""
    once = html.unescape(value)
    return URL_NOISE.sub("", html.unescape(once)).lower(), URL_NOISE.sub("", once).lower()


def is_script_url(value: str) -> bool:
    return any(form.startswith(SCRIPT_SCHEMES) for form in decoded_url(value))


def url_candidates(name: str, value: str) -> list[str]:
    """The addresses in an attribute value: srcset and ping hold several."""
    if name in ("srcset", "imagesrcset"):
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    if name == "ping":
        return value.split()
    return [value]


class Site:
    """Where pages live: resolves an address on a page to ``site:<path>`` or keeps an external one."""

    def __init__(self, site_url: str):
        self.site_url = site_url.rstrip("/") + "/"
        self.origin = urlsplit(self.site_url)

    def page_url(self, rel_path: str) -> str:
        rel_path = rel_path.replace(os.sep, "/")
        if rel_path.endswith("index.html"):
            rel_path = rel_path[: -len("index.html")]
        return self.site_url + rel_path

    def resolve(self, page: str, value: str) -> str:
        """``site:<path>`` for an address on this site (``site:<self>`` for the page itself), else the absolute URL."""
        cleaned = URL_NOISE.sub("", html.unescape(value))
        absolute = urljoin(page, cleaned)
        parts = urlsplit(absolute)
        if (parts.scheme, parts.netloc) == (self.origin.scheme, self.origin.netloc):
            path = parts.path
            if absolute.split("#")[0] == page:
                path = "<self>"
            return "site:" + path
        return absolute

    def external(self, page: str, value: str) -> bool:
        resolved = self.resolve(page, value)
        return not resolved.startswith("site:") and urlsplit(resolved).scheme in ("http", "https", "ftp", "")


_RELATIVE = re.compile(r"\.\.?/|\.\.")


def _digest(text: str) -> str:
    return hashlib.sha256(_RELATIVE.sub("", text).encode("utf-8")).hexdigest()[:16]


def signature(el, page: str, site: Site) -> tuple:
    """What identifies an active element whatever page it is on: tag, attributes (addresses resolved), inner digest."""
    attrs = []
    for name, value in sorted(el.attrib.items()):
        name = name.lower()
        if name in URL_ATTRIBUTES:
            value = " ".join(site.resolve(page, v) for v in url_candidates(name, value))
        attrs.append((name, value))
    tag = el.tag.lower()
    inner = ""
    if tag in ("script", "style", "svg", "math", "template", "button", "textarea", "select", "form", "object"):
        inner = _digest(lxml.html.tostring(el, encoding="unicode", with_tail=False))
    return tag, tuple(attrs), inner


def _in_article(doc) -> set:
    inside = set()
    for article in doc.iter("article"):
        inside.update(e for e in article.iter() if e is not article)
    return inside


def _elements(doc):
    return (el for el in doc.iter() if isinstance(el.tag, str))


def _rel(site_dir: Path, path: Path) -> str:
    return path.relative_to(site_dir).as_posix()


@dataclass
class Baseline:
    """What the theme produces on its own: active element signatures, element ids outside content, files."""

    site: Site
    signatures: set = field(default_factory=set)
    chrome: set = field(default_factory=set)       # signatures the generator itself puts into the content area
    theme_ids: set = field(default_factory=set)
    files: set = field(default_factory=set)

    @classmethod
    def of_site(cls, site_dir: Path, site_url: str) -> Baseline:
        base = cls(Site(site_url))
        site_dir = Path(site_dir)
        for path in sorted(site_dir.rglob("*")):
            if path.is_file():
                base.files.add(_rel(site_dir, path))
            if path.suffix != ".html" or not path.is_file():
                continue
            page = base.site.page_url(_rel(site_dir, path))
            doc = lxml.html.document_fromstring(path.read_bytes())
            inside = _in_article(doc)
            for el in _elements(doc):
                if el.tag.lower() in ACTIVE_TAGS:
                    base.signatures.add(signature(el, page, base.site))
                    if el in inside:
                        base.chrome.add(signature(el, page, base.site))
                if el not in inside and el.get("id"):
                    base.theme_ids.add(el.get("id"))
        return base


# -- HTML pages --------------------------------------------------------------------------------

def scan_html(data: bytes | str, rel_path: str, baseline: Baseline | None) -> list[Finding]:
    """Active content on one page. Without a baseline (a fragment from a feed) every active element is a finding."""
    site = baseline.site if baseline is not None else Site("https://site.invalid/")
    page = site.page_url(rel_path)
    doc = lxml.html.document_fromstring(data) if data.strip() else None
    if doc is None:
        return []
    found: list[Finding] = []

    def report(kind: str, el, detail: str) -> None:
        found.append(Finding(rel_path, kind, f"<{el.tag}> {detail}"[:300]))

    inside = _in_article(doc)
    page_ids = {el.get("id") for el in _elements(doc) if el not in inside and el.get("id")}
    theme_ids = page_ids | (baseline.theme_ids if baseline is not None else set())
    for el in _elements(doc):
        tag = el.tag.lower()
        for raw_name, value in el.attrib.items():
            name = raw_name.lower()
            if name.startswith("on"):
                report("event-handler", el, f'{raw_name}="{value}"')
            if name in URL_ATTRIBUTES or name.endswith(":href"):
                for candidate in url_candidates(name, value):
                    if is_script_url(candidate):
                        report("script-url", el, f'{raw_name}="{value}"')
                    elif name in RESOURCE_ATTRIBUTES and site.external(page, candidate) and \
                            (baseline is None or signature(el, page, site) not in baseline.signatures):
                        report("external-resource", el, f'{raw_name}="{value}"')
            if name == "style" and STYLE_CODE.search(html.unescape(value)):
                report("style-code", el, f'style="{value}"')
            if name == "srcdoc":
                report("active-element", el, "srcdoc")
            if el in inside and name in ("id", "name") and (value in theme_ids or value.startswith("__")):
                report("theme-id", el, f'{raw_name}="{value}"')
        if tag == "meta" and not any(k.lower() == "http-equiv" for k in el.attrib):
            continue     # description, viewport, generator: data, not behaviour
        if tag in ACTIVE_TAGS:
            # Inside the content area only the generator's own elements of the benign build (the print button)
            # may appear, with the same attributes and text; outside it, the theme's.
            known = baseline is not None and signature(el, page, site) in (baseline.chrome if el in inside
                                                                           else baseline.signatures)
            if not known:
                attrs = " ".join(f'{k}="{v}"' for k, v in el.attrib.items())
                report("active-element", el, attrs)
    return found


# -- open data and feeds ---------------------------------------------------------------------

def scan_json(data: bytes, rel_path: str, site: Site) -> list[Finding]:
    """catalog.json: valid JSON, a list of records whose urls are on the site and whose text has no control character."""
    try:
        records = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        return [Finding(rel_path, "invalid-json", str(exc))]
    found = []
    if not isinstance(records, list):
        return [Finding(rel_path, "invalid-json", "not a list")]

    def walk(value, where: str) -> None:
        if isinstance(value, str):
            if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]", value):
                found.append(Finding(rel_path, "control-character", f"{where}: {value!r}"[:300]))
        elif isinstance(value, list):
            for n, child in enumerate(value):
                walk(child, f"{where}[{n}]")
        elif isinstance(value, dict):
            for key, child in value.items():
                walk(child, f"{where}.{key}")

    for n, record in enumerate(records):
        if not isinstance(record, dict):
            found.append(Finding(rel_path, "invalid-json", f"record {n} is not an object"))
            continue
        url = record.get("url")
        if not isinstance(url, str) or not url.startswith(site.site_url) or is_script_url(url):
            found.append(Finding(rel_path, "bad-url", f"record {n}: {url!r}"))
        walk(record, f"[{n}]")
    return found


def scan_xml(data: bytes, rel_path: str, site: Site) -> list[Finding]:
    """A feed or sitemap: well-formed XML without entities or DTD; links on the site; HTML in entries is clean."""
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = lxml.etree.fromstring(data, parser)
    except lxml.etree.XMLSyntaxError as exc:
        return [Finding(rel_path, "invalid-xml", str(exc))]
    found = []
    if root.getroottree().docinfo.internalDTD is not None or b"<!ENTITY" in data:
        found.append(Finding(rel_path, "xml-dtd", "a document type declaration"))
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        local = lxml.etree.QName(el).localname
        addresses = []
        if local in ("loc", "id", "uri") and el.text:
            addresses.append(el.text.strip())
        if local == "link" and el.get("href") is not None:
            addresses.append(el.get("href"))
        for address in addresses:
            if is_script_url(address) or (address.startswith(("http:", "https:")) and
                                          not address.startswith(site.site_url)):
                found.append(Finding(rel_path, "bad-url", f"<{local}> {address}"[:300]))
        if local in ("content", "summary", "title", "subtitle", "rights") and el.get("type") in ("html", "xhtml"):
            if el.get("type") == "html":
                fragment = el.text or ""
            else:
                fragment = "".join(lxml.etree.tostring(child, encoding="unicode") for child in el)
            found += [Finding(rel_path, f.kind, f"<{local}> {f.detail}") for f in scan_html(fragment, rel_path, None)]
    return found


def scan_csv(data: bytes, rel_path: str) -> list[Finding]:
    """catalog.csv: UTF-8, parses, and no cell starts like a spreadsheet formula."""
    try:
        text = data.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except (UnicodeDecodeError, csv.Error) as exc:
        return [Finding(rel_path, "invalid-csv", str(exc))]
    found = []
    for number, row in enumerate(rows, start=1):
        if number > 1 and len(row) != len(rows[0]):
            found.append(Finding(rel_path, "invalid-csv", f"row {number} has {len(row)} cells, header {len(rows[0])}"))
        for cell in row:
            if cell.startswith(FORMULA_START):
                found.append(Finding(rel_path, "csv-formula", f"row {number}: {cell[:80]!r}"))
    return found


# -- the whole site --------------------------------------------------------------------------

def scan_site(site_dir: Path, baseline: Baseline, only: set[str] | None = None) -> list[Finding]:
    """Every finding in the built site at ``site_dir``; ``only`` limits the HTML pages scanned (paths in the site)."""
    site_dir = Path(site_dir)
    site = baseline.site
    found: list[Finding] = []
    for dirpath, dirnames, filenames in os.walk(site_dir):
        for name in sorted(dirnames + filenames):
            path = Path(dirpath) / name
            rel_path = _rel(site_dir, path)
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                found.append(Finding(rel_path, "symlink", os.readlink(path)))
            elif not stat.S_ISDIR(info.st_mode) and not stat.S_ISREG(info.st_mode):
                found.append(Finding(rel_path, "special-file", oct(info.st_mode)))
            if not stat.S_ISREG(info.st_mode):
                continue
            suffix = path.suffix.lower()
            if suffix in ACTIVE_SUFFIXES and rel_path not in baseline.files and name != "index.html" \
                    and not re.fullmatch(r"(.*/)?(feed|sitemap(-\d+)?)\.xml", rel_path):
                found.append(Finding(rel_path, "foreign-file", "an active file type the benign build does not have"))
            if suffix == ".html" and (only is None or rel_path in only):
                found += scan_html(path.read_bytes(), rel_path, baseline)
            elif suffix == ".xml":
                found += scan_xml(path.read_bytes(), rel_path, site)
            elif name == "sitemap.xml.gz":
                found += scan_xml(gzip.decompress(path.read_bytes()), rel_path, site)
            elif suffix == ".json" and name.startswith("catalog"):
                found += scan_json(path.read_bytes(), rel_path, site)
            elif suffix == ".csv":
                found += scan_csv(path.read_bytes(), rel_path)
    return found
