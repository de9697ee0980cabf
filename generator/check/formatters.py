"""Pure functions that turn problems into text, JSON or CI annotations."""

from __future__ import annotations

import hashlib
import json
from itertools import groupby

from ..problems import ERROR, Problem

FORMATS = ("text", "json", "github", "gitlab")
_SEVERITY_CN = {"error": "错误", "warning": "警告"}


def format_text(problems: list[Problem], files_checked: int) -> str:
    """Human text, grouped by file, with a closing count."""
    lines = []
    for path, group in groupby(problems, key=lambda p: p.path):
        lines.append(path)
        for p in group:
            where = f"{p.line}" if p.line else "-"
            if p.column:
                where += f":{p.column}"
            field = f"[{p.field}] " if p.field else ""
            lines.append(f"  {where:>7}  {_SEVERITY_CN[p.severity]} {p.code}  {field}{p.message}")
            if p.hint:
                for n, hint_line in enumerate(p.hint.split("\n")):
                    lines.append(("           修改：" if n == 0 else "                 ") + hint_line)
        lines.append("")
    errors = sum(1 for p in problems if p.severity == ERROR)
    warnings = len(problems) - errors
    lines.append(f"检查了 {files_checked} 个文件：{errors} 个错误，{warnings} 个警告。")
    return "\n".join(lines) + "\n"


def format_json(problems: list[Problem], files_checked: int) -> str:
    return json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2) + "\n"


def _escape_github(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(problems: list[Problem], files_checked: int) -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on its line."""
    out = []
    for p in problems:
        props = [f"file={_escape_github(p.path, True)}"]
        if p.line:
            props.append(f"line={p.line}")
        if p.column:
            props.append(f"col={p.column}")
        props.append(f"title={_escape_github(p.code + (' ' + p.field if p.field else ''), True)}")
        body = p.message + (f"\n修改：{p.hint}" if p.hint else "")
        out.append(f"::{p.severity} {','.join(props)}::{_escape_github(body)}")
    out.append(format_text(problems, files_checked).rstrip("\n").split("\n")[-1])
    return "\n".join(out) + "\n"


def format_gitlab(problems: list[Problem], files_checked: int) -> str:
    """GitLab Code Quality report (a JSON array shown in merge requests)."""
    report = []
    for p in problems:
        fingerprint = hashlib.sha256(
            f"{p.path}|{p.line}|{p.field}|{p.code}|{p.message}".encode()).hexdigest()
        report.append({
            "description": p.message + (f" 修改：{p.hint}" if p.hint else ""),
            "check_name": p.code,
            "fingerprint": fingerprint,
            "severity": "major" if p.severity == ERROR else "minor",
            "location": {"path": p.path, "lines": {"begin": p.line or 1}},
        })
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


FORMATTERS = {"text": format_text, "json": format_json, "github": format_github, "gitlab": format_gitlab}
