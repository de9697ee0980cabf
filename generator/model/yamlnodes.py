"""YAML values that remember where they were written.

Configuration files (categories.yml, holidays.yml) are read into plain dicts
and lists that also carry the 1-based line of themselves and of each key or
item, so that a mistake in them is reported with its line instead of a
traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..problems import ConfigError
from .source import construct, yaml_limits


class LDict(dict):
    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LList(list):
    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


def _build(node: yaml.Node, path: str) -> Any:
    if isinstance(node, yaml.MappingNode):
        result = LDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = construct(key_node)
            line = key_node.start_mark.line + 1
            if key in result:
                raise ConfigError(f"键“{key}”重复出现（第 {result.key_lines[key]} 行已有）。", path, line,
                                  "删除重复的一项。")
            result[key] = _build(value_node, path)
            result.key_lines[key] = line
        return result
    if isinstance(node, yaml.SequenceNode):
        items = LList(_build(item, path) for item in node.value)
        items.line = node.start_mark.line + 1
        items.item_lines = [item.start_mark.line + 1 for item in node.value]
        return items
    return construct(node)


def build(node: yaml.Node, path: str) -> Any:
    """A composed node as :class:`LDict`/:class:`LList` values; ConfigError (with its line) for a repeated key."""
    return _build(node, path)


def load_yaml_file(path: Path, display: str | None = None) -> Any:
    """Load a YAML configuration file into :class:`LDict`/:class:`LList` values."""
    shown = display or str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ConfigError("找不到配置文件。", shown, None) from None
    except UnicodeDecodeError:
        raise ConfigError("配置文件不是 UTF-8 编码。", shown, None, "请另存为 UTF-8。") from None
    try:
        refused = yaml_limits(text, "配置文件", max_bytes=4 * 1024 * 1024, max_events=1_000_000)
        if refused is not None:
            raise ConfigError(refused[0] + "。", shown, refused[1] + 1 if refused[1] is not None else None)
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(f"YAML 格式有误：{getattr(exc, 'problem', None) or exc}。", shown,
                          mark.line + 1 if mark else None,
                          "检查冒号、缩进和引号。") from None
    if node is None:
        return None
    return _build(node, shown)
