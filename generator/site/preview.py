"""The preview (本地预览): the site built once, then kept up to date file by file, every problem on show.

A runner (the MkDocs adapter, :class:`generator.mkdocs_plugin.PreviewRunner`)
builds the whole site once, as the public build does but without stopping at
content errors, and hands over what it made (:class:`SiteBuild`): every
file's check, the plan of the items without errors, the page shells, the
converted texts and the TOC renderer. From then on :class:`Preview` does the
work of a saved file itself, without the runner:

* :meth:`Preview.update` checks the changed files again
  (:func:`generator.check.repository.recheck`), makes the catalogue again and
  writes the pages that show them: the item's page, or a page listing its
  problems when it has errors, and the pages of items linked to it. This is
  what a clerk waits for after saving (docs/performance.md).
* :meth:`Preview.refresh` then remakes what the change touched in the
  listings, the portal, the index pages, the content pages and the feeds;
  rendered pages go back to the runner. It stops early when asked to (a
  newer save comes first) and picks up where it stopped next time.
* Feeds, open data and sitemaps follow last, in a thread of their own
  (:class:`_OutputWriter`): at 10,000 items they take seconds, and a save
  coming meanwhile must not wait for them.
* :meth:`Preview.banner` is what the server puts at the top of every page:
  the problems with file, line, field and fix (``preview_banner.html``).

Files with errors are left out of the plan, so the pages, listings and feeds
are those the public build makes once the errors are fixed. No search index.
"""

from __future__ import annotations

import gzip
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from .. import urls
from ..check.repository import Repository, recheck
from ..model.item import Item
from ..model.markup import heading_text
from ..problems import ERROR, WARNING, Problem
from . import shells as shell_pages
from . import views
from .catalogue import Catalogue, build_catalogue, project_id
from .plan import (
    Page,
    Plan,
    annual_reports,
    content_pages,
    generated_page,
    item_page,
    people_sitemap,
    reports_of,
    sitemap_of,
)
from .render import BodyCache
from .templates import fragment, render

BANNER_ERRORS = 50          # problems listed in the banner; `make check` lists all
BANNER_WARNINGS = 20
PROBLEM_KIND = "problems"   # plan page kind of a file with errors


class PreviewError(Exception):
    """The site could not be built (configuration, theme): a Chinese message for the banner and the terminal."""


@dataclass
class SiteBuild:
    """What a runner's full build hands to the preview."""

    site_dir: Path
    repo: Repository                # every file checked, with its problems
    plan: Plan                      # the site of the files without errors
    shells: dict                    # (depth, TOC kind, feed) -> shells.Shell
    bodies: BodyCache
    toc: shell_pages.TocRenderer
    signature: str                  # what shapes every poured page besides its parts (shells.pour)
    keys: dict[str, str]            # site path -> key of every shelled page the build wrote
    site_name: str
    site_url: str
    feed_size: int


class Runner(Protocol):
    """The site runner's part of the preview."""

    def build(self, site_dir: Path) -> SiteBuild:
        """Build the whole site into ``site_dir``; raise :class:`PreviewError` when it cannot be built."""
        ...

    def render(self, pages: list[Page]) -> bool:
        """Render these rendered pages of the plan again; False when a full build is needed instead."""
        ...


def publishable(repo: Repository) -> Repository:
    """``repo`` without the items of files that have errors: what the public build publishes once they are fixed."""
    broken = {p.path for p in repo.problems if p.severity == ERROR}
    if not broken:
        return repo
    return replace(repo, items=[item for item in repo.items if item.rel not in broken])


@dataclass
class Changes:
    """What an update or refresh changed: the site URLs to reload, and whether the banner changed."""

    pages: set[str] = field(default_factory=set)
    banner: bool = False
    full_build: bool = False        # something only a full build can make (a new content page, a missing shell)


@dataclass
class _Stale:
    """Generated pages that no longer match the catalogue."""

    categories: set[str] = field(default_factory=set)
    sectors: set[str] = field(default_factory=set)
    projects: set[str] = field(default_factory=set)
    units: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    any: bool = False

    def add_item(self, item: Item, cat: Catalogue) -> None:
        schema = cat.schema
        self.any = True
        category = schema.categories[item.category.id]
        # A category's first page counts the items of the categories related to it.
        self.categories.add(category.id)
        self.categories.update(c.id for c in schema.categories.values()
                               if c.id in category.related or category.id in c.related)
        self.sectors.update(s.id for s in schema.sector_chain(item.sector))
        if item.sector is not None and item.project:
            self.projects.add(project_id(item.project))
        self.units.add(item.unit.id)
        self.years.add(item.year)

    def merge(self, other: _Stale) -> None:
        for name in ("categories", "sectors", "projects", "units", "years"):
            getattr(self, name).update(getattr(other, name))
        self.any = self.any or other.any


class _KeyedWriter:
    """Writes a poured page only when its key (shells.pour) changed; each file is replaced in one rename,
    so the server never sends half a page."""

    def __init__(self, site: Path, keys: dict[str, str]):
        self.site, self.keys = site, keys
        self.written: list[str] = []

    def write_keyed(self, rel: str, key: str, make: Callable[[], bytes]) -> None:
        if self.keys.get(rel) == key and (self.site / rel).is_file():
            return
        write_file(self.site / rel, make())
        self.keys[rel] = key
        self.written.append(rel)


def write_file(path: Path, data: bytes) -> None:
    """Replace a file in one step (a reader sees the old bytes or the new ones)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _url_of_rel(rel: str) -> str:
    """Site URL of a site path: a/b/index.html -> a/b/."""
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


_PAGE_N = re.compile(r"^(.*/)page/\d+/$")


def _regenerated(page: Page, stale: _Stale) -> bool:
    """Whether :meth:`Preview.refresh` makes ``page`` again for ``stale`` (then it drops the page if it did not)."""
    if page.kind in ("portal", "overview", "content", "sitemap"):
        return True
    if page.kind == "project":
        return page.url.rstrip("/").rsplit("/", 1)[-1] in stale.projects
    match = _PAGE_N.match(page.url)
    base = match.group(1) if match else page.url
    return base in ({urls.category(c) for c in stale.categories} | {urls.sector(s) for s in stale.sectors}
                    | {urls.unit(u) for u in stale.units} | {urls.year(y) for y in stale.years})


class Preview:
    """The preview's site: a runner's full build, then kept up to date by :meth:`update` and :meth:`refresh`."""

    def __init__(self, build: SiteBuild, runner: Runner, report_error: Callable[[], None] | None = None):
        """``report_error`` is called (in the outputs' thread, within ``except``) when writing the feeds,
        open data or sitemaps fails; without it the error is kept in :attr:`output_error`."""
        self.runner = runner
        self.site = build.site_dir
        self.repo = build.repo
        self.usable = publishable(build.repo)
        self.cat = build.plan.catalogue
        self.opts = build.plan.opts
        self.shells, self.bodies, self.toc, self.signature = build.shells, build.bodies, build.toc, build.signature
        self.site_name, self.site_url, self.feed_size = build.site_name, build.site_url, build.feed_size
        self.keys = dict(build.keys)
        self.pages: dict[str, Page] = {p.src_uri: p for p in build.plan.pages if p.item is None}
        self.stale = _Stale()
        self.outputs = _OutputWriter(self.site, self.site_url or "/", self.feed_size, self.site_name, report_error)
        self._banner = self._banner_data()
        self._write_problem_pages(sorted(self._broken_items()))

    # -- what a save changes at once -----------------------------------------------------------------

    def update(self, paths: set[str]) -> Changes:
        """Check the files at ``paths`` (relative to the root, under content/: saved, added or removed files
        and folders) again and write the pages that show them."""
        changed, rescan = self._to_check(paths)
        if not changed and not rescan:
            return Changes()
        old_repo, old_cat = self.repo, self.cat
        repo = recheck(old_repo, changed, rescan=rescan)
        usable = publishable(repo)
        cat = build_catalogue(usable)
        self.repo, self.usable, self.cat = repo, usable, cat

        old_items = {item.rel: item for item in old_cat.items}
        new_items = {item.rel: item for item in cat.items}
        old_problems, new_problems = _by_path(old_repo.problems), _by_path(repo.problems)
        # Changed files, and files whose item or problems changed through them (a duplicate index number).
        touched = {rel for rel in changed if rel.endswith(".md")}
        touched |= {rel for rel in old_items.keys() | new_items.keys() if old_items.get(rel) is not new_items.get(rel)}
        touched |= {path for path in old_problems.keys() | new_problems.keys()
                    if path.endswith(".md") and old_problems.get(path) != new_problems.get(path)}
        neighbours: set[str] = set()
        for rel in touched:
            for item, where in ((old_items.get(rel), old_cat), (new_items.get(rel), cat)):
                if item is not None:
                    self.stale.add_item(item, cat)
                    neighbours |= _linked(item, where) | _linked(item, cat)
            if rel.startswith("content/" + "pages/"):
                self.stale.any = True

        changes = Changes()
        items = [new_items[rel] for rel in sorted(touched | neighbours) if rel in new_items]
        changes.pages |= self._write_items(items)
        broken = self._broken_items()
        changes.pages |= self._write_problem_pages(sorted(rel for rel in touched if rel in broken))
        for rel in sorted(touched):
            if rel not in new_items and rel not in broken and not (self.repo.root / rel).is_file():
                changes.pages |= self._remove_page(urls.item_url(rel.removeprefix("content/")))
        banner = self._banner_data()
        changes.banner = banner != self._banner
        self._banner = banner
        return changes

    def _to_check(self, paths: set[str]) -> tuple[set[str], bool]:
        """The Markdown files to check again for ``paths``, and whether content/ must be walked again.

        An editor's temporary file that is gone again, and was never seen, changes nothing. An attachment
        (or a folder) that came, went or changed is checked with the files beside it that link to it or
        have errors (a missing attachment is an error)."""
        repo, root = self.repo, self.repo.root
        tree = repo.tree
        known_files = set(tree.files) | tree.refused if tree is not None else set()
        markdown: set[str] = set()
        rescan = False
        for rel in paths:
            here = os.path.lexists(root / rel)
            if rel.endswith(".md") and (here or rel in repo.results):
                markdown.add(rel)
                continue
            src_uri = rel.removeprefix("content/")
            if not (here or src_uri in known_files or any(r.startswith(rel + "/") for r in repo.results)):
                continue
            rescan = True
            folder = os.path.dirname(rel)
            for other, result in repo.results.items():
                if os.path.dirname(other) == folder and (src_uri in result.files or any(
                        p.severity == ERROR for p in result.problems)):
                    markdown.add(other)
        return markdown, rescan

    def _broken_items(self) -> set[str]:
        """Item files (not content pages) with errors: their page lists the problems."""
        return {p.path for p in self.repo.problems if p.severity == ERROR and p.path.endswith(".md")
                and p.path.startswith("content/") and not p.path.startswith("content/pages/")}

    def _write_items(self, items: list[Item]) -> set[str]:
        pages = [item_page(item) for item in items]
        return self._pour(pages)

    def _pour(self, pages: list[Page]) -> set[str]:
        """Write shelled pages whose ingredients changed; returns their URLs."""
        if not pages:
            return set()
        self.bodies.prepare({page.src_uri: page.markdown for page in pages})
        writer = _KeyedWriter(self.site, self.keys)
        shell_pages.pour(Plan(self.cat, pages, [], self.opts), self.shells, self.bodies, writer, self.toc,
                         self.signature)
        return {_url_of_rel(rel) for rel in writer.written}

    def _remove_page(self, url: str) -> set[str]:
        rel = url + "index.html"
        self.keys.pop(rel, None)
        try:
            (self.site / rel).unlink()
        except FileNotFoundError:
            return set()
        folder = (self.site / rel).parent
        while folder != self.site and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
        return {url}

    # -- pages of files with errors ------------------------------------------------------------------

    def _write_problem_pages(self, rels: list[str]) -> set[str]:
        written: set[str] = set()
        by_path = _by_path(self.repo.problems)
        for rel in rels:
            src_uri = rel.removeprefix("content/")
            problems = by_path.get(rel, [])
            result = self.repo.results.get(rel)
            title = result.item.title if result is not None and result.item is not None else src_uri.rsplit("/", 1)[-1]
            heading = f"有错误：{title}"
            content = render("preview_problems.html", self.opts.templates, path=rel, problems=self._shown(problems),
                             errors=sum(1 for p in problems if p.severity == ERROR))
            url = urls.item_url(src_uri)
            depth = shell_pages.depth_of(url)
            if (depth, "a", True) in self.shells:
                feeds = [{"href": urls.FEED, "title": f"{self.site_name} 最新信息"}]
            elif (depth, "a", False) in self.shells:
                feeds = []
            else:
                # No shell of this depth (a file in a wrong folder): a page of its own.
                write_file(self.site / (url + "index.html"), standalone_page(heading, content, self.opts.templates)
                           .encode("utf-8"))
                self.keys.pop(url + "index.html", None)
                written.add(url)
                continue
            page = Page(src_uri, PROBLEM_KIND, heading, f"# {heading_text(heading)}\n", shelled=True,
                        meta={"feeds": feeds}, after=content)
            written |= self._pour([page])
        return written

    def _shown(self, problems: list[Problem]) -> list[dict]:
        """Problems as the templates show them: the field by its Chinese label."""
        schema = self.repo.schema
        out = []
        for p in problems:
            label = schema.fields[p.field].label if p.field in schema.fields else p.field
            out.append({"path": p.path, "line": p.line, "column": p.column, "field": label, "code": p.code, "severity": p.severity,
                        "message": p.message, "hint": p.hint})
        return out

    # -- the banner ------------------------------------------------------------------------------------

    def _banner_data(self) -> dict:
        errors = [p for p in self.repo.problems if p.severity == ERROR]
        warnings = [p for p in self.repo.problems if p.severity == WARNING]
        broken = self._broken_items()
        groups: list[dict] = []
        for p, shown in zip(errors[:BANNER_ERRORS], self._shown(errors[:BANNER_ERRORS])):
            if not groups or groups[-1]["path"] != p.path:
                href = "/" + urls.item_url(p.path.removeprefix("content/")) if p.path in broken else None
                groups.append({"path": p.path, "href": href, "problems": []})
            groups[-1]["problems"].append(shown)
        return {"errors": len(errors), "error_files": len({p.path for p in errors}), "groups": groups,
                "hidden": max(0, len(errors) - BANNER_ERRORS), "warnings": len(warnings),
                "warning_list": self._shown(warnings[:BANNER_WARNINGS])}

    def banner(self, version: int, run: str) -> str:
        """The banner for a page served at ``version`` of the preview ``run`` (the reload script asks from there)."""
        return render_banner(self.opts.templates, version, run, **self._banner)

    # -- what a save changes later ---------------------------------------------------------------------

    @property
    def needs_refresh(self) -> bool:
        return self.stale.any

    def refresh(self, should_stop: Callable[[], bool] = lambda: False) -> Changes:
        """Remake the generated pages, content pages and feeds the saves since the last refresh touched.

        Stops between steps when ``should_stop()`` is true; what is left stays stale for the next call."""
        stale, self.stale = self.stale, _Stale()
        changes = Changes()
        if not stale.any:
            return changes
        cat, opts = self.cat, self.opts
        reports = reports_of(self.usable, cat)
        steps: list[Callable[[], list[views.Generated]]] = [
            lambda: [views.portal_page(cat, opts, self.site_name, annual_reports(reports))],
            lambda: views.overview_pages(cat, opts),
            lambda: views.category_pages(cat, opts, only=stale.categories),
            lambda: views.sector_pages(cat, opts, only=stale.sectors, projects=stale.projects),
            lambda: views.unit_pages(cat, opts, reports.links, only=stale.units),
            lambda: views.year_pages(cat, opts, only=stale.years),
            # 网站地图 counts the items
            lambda: [people_sitemap(self.usable, cat, opts, reports,
                                    [(page.title, page.url) for page in self.pages.values()])],
        ]
        new: dict[str, Page] = {}
        for step in steps:
            if should_stop():
                self.stale.merge(stale)
                return changes
            for g in step():
                new[g.src_uri] = generated_page(g)
        # Content pages link to the shelled generated pages by their URLs (plan.content_pages).
        shelled = {src: page.url for src, page in (self.pages | new).items() if page.shelled}
        for page in content_pages(self.usable, cat, opts, reports, shelled):
            new[page.src_uri] = page
        replaced = {src for src, page in self.pages.items() if _regenerated(page, stale)}

        rendered_now = {src for src, page in new.items() if not page.shelled}
        rendered_before = {src for src in replaced if not self.pages[src].shelled}
        if rendered_now != rendered_before:
            changes.full_build = True       # a content page or index page came or went: MkDocs' nav changes
            return changes
        changed_rendered = [page for src, page in sorted(new.items()) if not page.shelled
                            and not _same_page(page, self.pages[src])]
        if should_stop():
            self.stale.merge(stale)
            return changes
        try:
            changes.pages |= self._pour([page for _, page in sorted(new.items()) if page.shelled])
        except shell_pages.ShellError:
            changes.full_build = True
            return changes
        for src in sorted(replaced - new.keys()):
            changes.pages |= self._remove_page(self.pages[src].url)
            del self.pages[src]
        self.pages.update(new)
        if changed_rendered:
            if not self.runner.render(changed_rendered):
                changes.full_build = True
                return changes
            changes.pages |= {page.url for page in changed_rendered}
        self.outputs.want(self.cat, list(self.pages.values()), self.opts)
        return changes

    def wait_outputs(self, timeout: float | None = None) -> bool:
        """Wait until the feeds, open data and sitemaps asked for are written; False after ``timeout``."""
        return self.outputs.wait(timeout)

    def close(self) -> None:
        """Stop the outputs' thread (after the file it is writing): the site is being replaced."""
        self.outputs.close()


class _OutputWriter:
    """Writes the feeds, open data and sitemaps of the latest catalogue in a thread of its own, each file
    only when its bytes changed. Catalogues and pages are never changed once made, so the thread can read
    the ones it was given while the preview moves on; a newer request replaces one not yet started."""

    def __init__(self, site: Path, site_url: str, feed_size: int, site_name: str,
                 report_error: Callable[[], None] | None):
        self.site, self.site_url, self.feed_size, self.site_name = site, site_url, feed_size, site_name
        self.report_error = report_error
        self.output_error: BaseException | None = None
        self.changed = threading.Condition()
        self.wanted: tuple[Catalogue, list[Page], views.Options] | None = None
        self.busy = False
        self.closed = False
        self.thread: threading.Thread | None = None

    def want(self, cat: Catalogue, pages: list[Page], opts: views.Options) -> None:
        with self.changed:
            if self.closed:
                return
            self.wanted = (cat, pages, opts)
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="preview-outputs", daemon=True)
                self.thread.start()
            self.changed.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.wanted is None and not self.busy, timeout)

    def close(self) -> None:
        with self.changed:
            self.closed, self.wanted = True, None
            self.changed.notify_all()
            self.changed.wait_for(lambda: not self.busy)

    def _run(self) -> None:
        while True:
            with self.changed:
                self.changed.wait_for(lambda: self.wanted is not None or self.closed)
                if self.closed or self.wanted is None:
                    return
                (cat, pages, opts), self.wanted, self.busy = self.wanted, None, True
            try:
                self._write(Plan(cat, pages, sitemap_of(cat, pages), opts))
            except Exception as exc:        # a bug here must not end the thread, nor hide the error
                self.output_error = exc
                if self.report_error is not None:
                    self.report_error()
            finally:
                with self.changed:
                    self.busy = False
                    self.changed.notify_all()

    def _write(self, plan: Plan) -> None:
        for rel, data in plan.outputs(self.site_url, self.feed_size, self.site_name):
            target = self.site / rel
            if not target.is_file() or target.read_bytes() != data:
                write_file(target, data)
                if rel == urls.SITEMAP:
                    write_file(self.site / "sitemap.xml.gz", gzip.compress(data, mtime=0))


def render_banner(templates: tuple[str, ...], version: int, run: str, *, errors: int = 0, error_files: int = 0,
                  groups: list | None = None, hidden: int = 0, warnings: int = 0, warning_list: list | None = None,
                  fatal: str = "", building: bool = False) -> str:
    """The preview banner (``preview_banner.html``): the state of the checks, and the reload script."""
    return render("preview_banner.html", templates, version=version, run=run, errors=errors, error_files=error_files,
                  groups=groups or [], hidden=hidden, warnings=warnings, warning_list=warning_list or [],
                  fatal=fatal, building=building)


def standalone_page(title: str, content: str = "", templates: tuple[str, ...] = ()) -> str:
    """A page of its own (``preview_page.html``) where the site has none; the server adds the banner."""
    return render("preview_page.html", templates, title=title, content=fragment(content))


def _by_path(problems: list[Problem]) -> dict[str, list[Problem]]:
    out: dict[str, list[Problem]] = {}
    for p in problems:
        out.setdefault(p.path, []).append(p)
    return out


def _linked(item: Item, cat: Catalogue) -> set[str]:
    """Files of the items whose page shows ``item`` or that ``item``'s page shows (policy and interpretation,
    replacement and replaced)."""
    found = [cat.by_index.get(item.interprets) if item.interprets else None,
             cat.by_index.get(item.superseded_by) if item.superseded_by else None]
    found += cat.interpretations.get(item.index_no, []) + cat.replaces.get(item.index_no, [])
    return {other.rel for other in found if other is not None and other.rel != item.rel}


def _same_page(a: Page, b: Page) -> bool:
    return (a.markdown, a.meta, a.before, a.after, a.tables, a.title) == (b.markdown, b.meta, b.before, b.after,
                                                                          b.tables, b.title)
