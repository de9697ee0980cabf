"""The whole repository, loaded and checked once: schema, calendar, items, pages.

:func:`load_repository` reads every file under ``content/`` exactly once,
checks each item (:mod:`.items`) and then the rules that span files:
unique index numbers (索引号) and references between items (替代文件,
解读对象). The checker CLI, the MkDocs plugin and the reports all start here.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from ..model.item import Item
from ..model.schema import Schema, load_schema
from ..model.source import Source, decode, read_source
from ..model.workdays import Calendar, UnknownYear
from ..problems import ERROR, WARNING, ConfigError, Problem, sort_key
from ..rules import INTERPRETATION_DAYS, MAX_MARKDOWN_BYTES
from . import files, ledgers
from .cache import CheckCache, file_digest, fingerprint
from .context import Context
from .items import check_item, check_page

CODES = ("duplicate-index-no", "unknown-reference", "late-interpretation", "check-failed")
PAGES_DIR = "pages"
TODAY_ENV = "DISCLOSURE_TODAY"
# on the file's bytes, so that only the two values are decoded (a one-file check scans every other file)
_LIGHT_KEY = re.compile(r"^(index_no|索引号|publish_date|发布日期)[ \t]*:[ \t]*[\"']?([^\"'#\n]*?)[\"']?[ \t\r]*(#.*)?$"
                        .encode(), re.M)
_INDEX_KEYS = (b"index_no", "索引号".encode())
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def today_in_china() -> date:
    """'Today' is the date in Asia/Shanghai; DISCLOSURE_TODAY=YYYY-MM-DD overrides it (tests, rebuilds)."""
    forced = os.environ.get(TODAY_ENV)
    if forced:
        return date.fromisoformat(forced)
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


@dataclass
class Page:
    """A non-item page under content/pages/ (guide, rules, annual reports)."""

    src_uri: str
    source: Source


@dataclass
class Repository:
    root: Path
    schema: Schema
    calendar: Calendar
    today: date
    items: list[Item] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files_checked: int = 0
    checks_cached: int = 0          # of files_checked, how many results came from the check cache
    referenced: set = field(default_factory=set)     # src_uris of the files items and pages link to
    publishable: dict = field(default_factory=dict)  # src_uri -> size of every attachment file the site may copy
    ledgers: dict = field(default_factory=dict)      # (unit id, year) -> Ledger (依申请公开台账, applications/)

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]


def load_schema_and_calendar(root: Path) -> tuple[Schema, Calendar]:
    schema = load_schema(root / "categories.yml", "categories.yml")
    holidays = root / "holidays.yml"
    calendar = Calendar.load(holidays if holidays.exists() else None)
    return schema, calendar


def load_repository(root: Path, *, today: date | None = None, select: set[str] | None = None,
                    cache_dir: Path | None = None) -> Repository:
    """Load and check the repository at ``root``.

    ``select`` (paths relative to root, forward slashes) limits the full checks
    to those files; the other items are only scanned for their index numbers
    and publication dates so that the cross-file rules still see the whole
    repository. Raises ConfigError for a broken categories.yml or holidays.yml.

    With ``cache_dir`` (the plugin passes ``<root>/.cache/disclosure``) item
    check results are kept in ``cache_dir/checks.jsonl`` and reused for files
    whose bytes did not change (:mod:`.cache`).
    """
    root = root.resolve()
    schema, calendar = load_schema_and_calendar(root)
    repo = Repository(root=root, schema=schema, calendar=calendar, today=today or today_in_china())
    content_dir = root / "content"
    if not content_dir.is_dir():
        raise ConfigError("找不到 content/ 目录。", str(content_dir))
    ctx = Context(schema=schema, calendar=calendar, today=repo.today, content_dir=content_dir)
    cache = None
    if cache_dir is not None:
        cache = CheckCache(Path(cache_dir) / "checks.jsonl", fingerprint(root, repo.today), schema)
    tree = files.scan(str(content_dir), ctx.max_attachment_bytes, select)
    repo.problems.extend(tree.problems)
    others: dict[str, list[tuple[str, int | None]]] = {}
    holders: dict[str, list[tuple[str, int | None]]] = {}
    other_dates: dict[str, date] = {}
    prefix = len(str(content_dir)) + 1
    for path in tree.markdown:
        # String slicing rather than pathlib or relpath: this loop runs once per file (100,000 at scale).
        src_uri = path[prefix:].replace(os.sep, "/")
        rel = "content/" + src_uri
        is_page = src_uri.startswith(PAGES_DIR + "/")
        if select is not None and rel not in select:
            if not is_page:
                _light_scan(path, rel, others, other_dates)
            continue
        repo.files_checked += 1
        try:
            _check_file(repo, path, rel, src_uri, is_page, ctx, cache, holders)
        except Exception as exc:        # a bug must cost one file a clear error, never the whole check
            repo.problems.append(Problem(rel, None, None, None, "check-failed", ERROR,
                                         f"检查程序无法处理这个文件（{type(exc).__name__}）。",
                                         "请把该文件发给网站管理员；同时检查头部信息是否有异常内容。"))
    ctx.probes = ctx.files = None
    if cache is not None:
        cache.save()
        repo.checks_cached = cache.hits
    repo.publishable = dict(tree.files)
    if select is None:      # a path-limited check does not know every link, see .files
        repo.problems.extend(files.unreferenced(tree, repo.referenced))
    _cross_check(repo, holders, others, other_dates)
    _load_ledgers(repo, ctx, select)
    repo.items.sort(key=lambda item: item.sort_key)
    repo.problems.sort(key=sort_key)
    return repo


def _check_file(repo: Repository, path: str, rel: str, src_uri: str, is_page: bool, ctx: Context,
                cache: CheckCache | None, holders: dict) -> None:
    """Read and check one Markdown file, or take its result from the cache; add what it found to ``repo``."""
    with open(path, "rb") as handle:
        data = handle.read(MAX_MARKDOWN_BYTES + 1)
    digest = file_digest(data) if cache is not None and not is_page else ""
    if cache is not None and not is_page and cache.has(rel, digest):
        text, _ = decode(data, rel)
        hit = cache.get(rel, digest, text) if text is not None else None
        if hit is not None:
            item, problems, holder, files = hit
            repo.problems.extend(problems)
            repo.referenced.update(files)
            if item is not None:
                item.digest = digest
                repo.items.append(item)
            if holder is not None:
                holders.setdefault(holder[0], []).append((rel, holder[1]))
            return
    source, problems = read_source(data, rel, repo.schema.field_key)
    repo.problems.extend(problems)
    if source is None:
        return
    ctx.files = set()
    if is_page:
        repo.problems.extend(check_page(source, ctx))
        repo.pages.append(Page(src_uri=src_uri, source=source))
        repo.referenced.update(ctx.files)
        return
    ctx.probes = [] if cache is not None else None
    item, item_problems = check_item(source, ctx)
    repo.problems.extend(item_problems)
    repo.referenced.update(ctx.files)
    if item is not None:
        item.digest = digest
        repo.items.append(item)
    holder = _note_index_no(source, repo.schema, holders)
    if cache is not None:
        cache.put(rel, digest, item, problems + item_problems, holder, ctx.probes or [], sorted(ctx.files))


def _load_ledgers(repo: Repository, ctx: Context, select: set[str] | None) -> None:
    """Every application ledger under applications/; a path-limited check reports only the selected ones'
    problems (the reports need them all)."""
    found, problems = ledgers.scan(repo.root, repo.schema, repo.today)
    mine = [p for p in problems if select is None or p.path in select]
    for file in found:
        try:
            with open(file.path, "rb") as handle:
                data = handle.read(ledgers.MAX_LEDGER_BYTES + 1)
            ledger, file_problems = ledgers.check(data, file, ctx)
        except Exception as exc:      # as for items: one clear error for the file, never a traceback
            ledger, file_problems = None, [Problem(file.rel, None, None, None, "check-failed", ERROR,
                                                   f"检查程序无法处理这个台账（{type(exc).__name__}）。",
                                                   "请把该文件发给网站管理员。")]
        if select is None or file.rel in select:
            mine += file_problems
            repo.files_checked += 1
        if ledger is not None:
            repo.ledgers[(ledger.unit_id, ledger.year)] = ledger
    repo.problems.extend(mine)


def _light_scan(path: str, rel: str, others: dict, other_dates: dict) -> None:
    """Index number and publication date of a file outside the selection, without a YAML parse.

    Reads the first 4 KB (the front matter is at the top) with ``os.read`` and
    matches the keys on bytes: at scale this scan is most of a one-file check."""
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            data = os.read(fd, 4096)
        finally:
            os.close(fd)
    except OSError:
        return
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.startswith(b"---"):
        return
    end = data.find(b"\n---", 3)
    head = data[: end if end > 0 else len(data)]
    index_no, published = None, None
    for match in _LIGHT_KEY.finditer(head):
        value = match.group(2).decode("utf-8", errors="ignore").strip()
        if match.group(1) in _INDEX_KEYS:
            index_no = value
        else:
            published = value
    if index_no:
        others.setdefault(index_no, []).append((rel, None))
        if published and _ISO_DATE.fullmatch(published):
            try:
                other_dates[index_no] = date.fromisoformat(published)
            except ValueError:      # an impossible date is that file's own error, reported when it is checked
                pass


def _note_index_no(source: Source, schema: Schema, holders: dict) -> list | None:
    """Record the index number as written, even when the item could not be built,
    so that a duplicate is reported whether or not the other file has other errors.
    Returns [index number, line] or None."""
    for entry in source.entries:
        if schema.field_key(entry.key) == "index_no" and isinstance(entry.value, str) and entry.value.strip():
            holders.setdefault(entry.value.strip(), []).append((source.rel, entry.line))
            return [entry.value.strip(), entry.line]
    return None


def _cross_check(repo: Repository, holders: dict, others: dict, other_dates: dict) -> None:
    for index_no, holding in holders.items():
        everyone = holding + others.get(index_no, [])
        if len(everyone) < 2:
            continue
        for rel, line in holding:
            elsewhere = "、".join(r for r, _ in everyone if r != rel)
            repo.problems.append(Problem(
                rel, line, None, "index_no", "duplicate-index-no", ERROR,
                f"索引号“{index_no}”重复，也用于：{elsewhere}。",
                "索引号全库唯一且永不改变；新信息请用 python -m generator new 取得下一个编号。"))
    known = {index_no: item for item in repo.items for index_no in [item.index_no]}
    for item in repo.items:
        for key, label in (("superseded_by", "替代文件"), ("interprets", "解读对象")):
            target = getattr(item, key)
            if target is None:
                continue
            if target == item.index_no:
                repo.problems.append(Problem(item.rel, item.lines.get(key), None, key, "unknown-reference", ERROR,
                                             f"{label}不能是本文件自己。", "填写另一份信息的索引号。"))
            elif target not in known and target not in others:
                repo.problems.append(Problem(item.rel, item.lines.get(key), None, key, "unknown-reference", ERROR,
                                             f"{label}“{target}”不是库中任何信息的索引号。",
                                             "核对索引号；被引用的信息须已在本网站发布。"))
        if item.interprets:
            policy_date = known[item.interprets].publish_date if item.interprets in known else \
                other_dates.get(item.interprets)
            if policy_date is not None and item.publish_date > policy_date:
                try:
                    gap = repo.calendar.workdays_between(policy_date, item.publish_date)
                except UnknownYear:
                    continue
                if gap > INTERPRETATION_DAYS:
                    repo.problems.append(Problem(
                        item.rel, item.lines.get("publish_date"), None, "publish_date", "late-interpretation",
                        WARNING,
                        f"解读在政策文件发布后第 {gap} 个工作日才发布，超过 {INTERPRETATION_DAYS} 个工作日。",
                        "政策文件与解读应同步组织、同步审签、同步部署（三同步）。"))
