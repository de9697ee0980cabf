"""Reading one Markdown file: encoding, front matter and body, with positions.

MkDocs' own front-matter reader swallows YAML errors, and python-frontmatter
keeps no line numbers, so the front matter is composed here with PyYAML's node
API: every value keeps the 1-based line and column where it stands in the
file (the opening ``---`` is line 1). Each file is read exactly once; the
checker, the catalogue and the site all work from the :class:`Source`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, cast

import yaml

from ..problems import ERROR, Problem
from .textrules import HINT as CONTROL_HINT
from .textrules import describe, find_bad

# libyaml is 10x faster at composing; marks (line, column) are the same.
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Front matter is a few dozen flat fields. Anything far beyond is a mistake or an attack: libyaml's
# composer crashes the process on very deep nesting, and aliases can make a small text expand without end.
MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_DEPTH = 20
MAX_EVENTS = 20_000
_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")
# A key line written with a full-width colon (标题：…) is a common slip in
# Chinese input methods; YAML then reads the line as a plain string.
_FULLWIDTH_KEY = re.compile(r"^([^\s:：#\-\[{\"'][^:：]{0,30})：")


@dataclass
class Entry:
    """One top-level front-matter key as written, with its value and node."""

    key: str
    value: Any
    line: int
    column: int
    node: yaml.Node


@dataclass
class Source:
    """A decoded file: front-matter entries, the body and where the body starts."""

    rel: str
    text: str
    entries: list[Entry] = field(default_factory=list)
    body: str = ""
    body_line: int = 1
    has_front_matter: bool = False


def node_position(node: yaml.Node, offset: int) -> tuple[int, int]:
    """1-based file line and column of a YAML node; ``offset`` is the file line of YAML line 0."""
    return node.start_mark.line + offset, node.start_mark.column + 1


class _Constructor(yaml.constructor.SafeConstructor):
    """Turns already composed nodes into Python values (no stream of its own)."""

    def construct_yaml_timestamp(self, node):
        # An impossible date such as 2026-02-30 stays text, so the date check
        # can explain it instead of PyYAML raising ValueError.
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)  # type: ignore[type-var]

_CONSTRUCTOR = _Constructor()


def construct(node: yaml.Node) -> Any:
    """Python value of a node, with YAML's safe types (dates become ``datetime.date``)."""
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True)
    finally:
        _CONSTRUCTOR.constructed_objects.clear()
        _CONSTRUCTOR.recursive_objects.clear()
        _CONSTRUCTOR.state_generators.clear()


def yaml_limits(text: str, what: str = "头部信息", max_bytes: int = MAX_FRONT_MATTER_BYTES,
                max_events: int = MAX_EVENTS) -> tuple[str, int | None] | None:
    """Why ``text`` must not be composed (message, 0-based line), or None: too large, too deep, anchors.

    Walks libyaml's event stream, which is cheap and stops at the first
    excess, before the composer (recursive, and fatal to the process beyond
    some 30,000 levels) ever sees the text.
    """
    if len(text.encode("utf-8", errors="surrogatepass")) > max_bytes:
        return f"{what}超过 {max_bytes // 1024} KB", None
    depth = events = 0
    for event in yaml.parse(text, Loader=_COMPOSER):
        events += 1
        line = event.start_mark.line if event.start_mark is not None else None
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return f"{what}不能使用 YAML 锚点或别名（& 或 *）", line
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return f"{what}嵌套超过 {MAX_DEPTH} 层", line
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
        if events > max_events:
            return f"{what}的项目超过 {max_events} 个", line
    return None


def decode(data: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 (a BOM allowed); normalise CRLF. Anything else is an error with a fix."""
    if not data.strip():
        return None, [Problem(rel, None, None, None, "empty-file", ERROR,
                              "文件是空的。", "请按办事指南填写头部信息（front matter）和正文，或删除该文件。")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            data.decode("gb18030")
            guess = "看起来是 GBK/GB18030 编码"
        except UnicodeDecodeError:
            guess = "不是 UTF-8 编码"
        return None, [Problem(
            rel, line, None, None, "not-utf8", ERROR,
            f"文件{guess}，第 {line} 行起无法按 UTF-8 读取。",
            "请转换为 UTF-8：在记事本或 WPS 中“另存为”并选择编码 UTF-8，"
            "或执行 iconv -f GB18030 -t UTF-8 原文件 > 新文件。",
        )]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def read_source(data: bytes, rel: str, field_key=None) -> tuple[Source | None, list[Problem]]:
    """Parse a file's bytes into a :class:`Source`, or return why it cannot be read.

    ``field_key`` maps a key as written to its canonical field key (or None),
    so that problems found here name the field like the checks do.
    """
    text, problems = decode(data, rel)
    if text is None:
        return None, problems
    lines = text.split("\n")
    source = Source(rel=rel, text=text, body=text, body_line=1)
    if not lines or not _FENCE.match(lines[0]):
        return source, problems
    close = next((i for i in range(1, len(lines)) if _CLOSE.match(lines[i])), None)
    if close is None:
        problems.append(Problem(rel, 1, 1, None, "front-matter-unclosed", ERROR,
                                "头部信息以 --- 开始，但没有找到结束的 --- 行。",
                                "在最后一个字段之后单独写一行 ---，再写正文。"))
        return None, problems
    source.has_front_matter = True
    source.body = "\n".join(lines[close + 1:])
    source.body_line = close + 2
    yaml_text = "\n".join(lines[1:close])
    # Only consulted when the YAML fails: inside a block of text a full-width
    # colon is ordinary punctuation.
    fullwidth = _fullwidth_colons(lines[1:close], rel)
    try:
        refused = yaml_limits(yaml_text)
        if refused is not None:
            message, line = refused
            key = _key_at(lines[1:close], line) if line is not None else None
            problems.append(Problem(rel, line + 2 if line is not None else 2, None,
                                    field_key(key) if field_key and key else None, "yaml-limit", ERROR,
                                    message + "。", "头部信息只写“字段: 值”，每个值是文字、日期或简单的列表。"))
            return None, problems
        root = yaml.compose(yaml_text, Loader=_COMPOSER)
    except yaml.YAMLError as exc:
        # YAML refuses a raw control character or U+FFFE before reading any value: name it, its line and field.
        raw = _raw_character(lines[1:close], rel, field_key) if isinstance(exc, yaml.reader.ReaderError) else None
        if raw is not None:
            problems.append(raw)
            return None, problems
        mark = _error_mark(exc)
        line = mark.line + 2 if mark else None
        column = mark.column + 1 if mark else None
        problems.extend(fullwidth)
        if not fullwidth:
            problems.append(Problem(rel, line, column, None, "yaml-syntax", ERROR,
                                    f"头部信息的 YAML 格式有误：{getattr(exc, 'problem', None) or exc}。",
                                    "检查该行的冒号（半角“: ”，冒号后留一个空格）、缩进和引号是否成对。"))
        return None, problems
    if root is None:
        return source, problems
    if not isinstance(root, yaml.MappingNode):
        problems.extend(fullwidth)
        if not fullwidth:
            problems.append(Problem(rel, 2, 1, None, "yaml-syntax", ERROR,
                                    "头部信息应是“字段: 值”的列表。",
                                    "每行写一个字段，例如“标题: 示例市……通知”，冒号用半角并在其后留一个空格。"))
        return None, problems
    seen: dict[str, int] = {}
    for key_node, value_node in root.value:
        line, column = node_position(key_node, 2)
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem(rel, line, column, None, "yaml-syntax", ERROR,
                                    "字段名必须是文字。", "每行写成“字段: 值”。"))
            continue
        key = str(key_node.value).strip()
        if key in seen:
            problems.append(Problem(rel, line, column, field_key(key) if field_key else None, "duplicate-key", ERROR,
                                    f"字段“{key}”重复出现（第 {seen[key]} 行已有）。",
                                    "删除其中一行，只保留正确的值。"))
            continue
        seen[key] = line
        try:
            value = construct(value_node)
        except yaml.YAMLError as exc:
            vline, vcol = node_position(value_node, 2)
            problems.append(Problem(rel, vline, vcol, None, "yaml-syntax", ERROR,
                                    f"字段“{key}”的值无法读取：{exc}。", "把值用英文双引号括起来。"))
            continue
        source.entries.append(Entry(key, value, line, column, value_node))
    return source, problems


# For these, PyYAML's problem mark is where it gave up (often lines later);
# the context mark is where the broken construct starts.
_CONTEXT_FIRST = ("while scanning a simple key", "while scanning a quoted scalar",
                  "while parsing a flow sequence", "while parsing a flow mapping",
                  "while scanning a block scalar")


def _error_mark(exc: yaml.YAMLError):
    context = getattr(exc, "context", None) or ""
    if context in _CONTEXT_FIRST and getattr(exc, "context_mark", None) is not None:
        return cast(Any, exc).context_mark
    return getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)


_TOP_KEY = re.compile(r"^([^\s#:\-\[{][^:]*?)[ \t]*:(?:[ \t]|$)")


def _key_at(yaml_lines: list[str], index: int) -> str | None:
    """The top-level key whose value YAML line ``index`` (0-based) belongs to, as written."""
    return next((m.group(1).strip() for m in map(_TOP_KEY.match, reversed(yaml_lines[: index + 1])) if m), None)


def _raw_character(yaml_lines: list[str], rel: str, field_key) -> Problem | None:
    """The first forbidden character written into the front matter, with its line and the field it is in."""
    for index, line in enumerate(yaml_lines):
        bad = find_bad(line)
        if bad is None:
            continue
        key = _key_at(yaml_lines, index)
        what = f"字段“{key}”" if key else "头部信息"
        return Problem(rel, index + 2, bad.start() + 1, field_key(key) if field_key and key else None,
                       "control-character", ERROR, f"{what}含有不可见的控制字符 {describe(bad.group())}。", CONTROL_HINT)
    return None


def _fullwidth_colons(yaml_lines: list[str], rel: str) -> list[Problem]:
    found = []
    for number, line in enumerate(yaml_lines, start=2):
        match = _FULLWIDTH_KEY.match(line)
        if match and ":" not in line[: match.end()]:
            key = match.group(1).strip()
            found.append(Problem(rel, number, match.end(), None, "fullwidth-colon", ERROR,
                                 f"“{key}”后面用了全角冒号“：”，字段无法识别。",
                                 f"改为半角冒号加空格：“{key}: {line[match.end():].strip()}”。"))
    return found
