"""Command line: ``python -m generator check|new|docs|schema|codeowners|report|supervision``.

Exit codes of ``check``: 0 no error (warnings allowed), 1 at least one error,
2 usage or configuration problem. This module must not import MkDocs.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from .check.formatters import FORMATS, FORMATTERS
from .problems import ConfigError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors exit 2 with a Chinese line too
        self.print_usage(sys.stderr)
        print(f"用法错误：{message}", file=sys.stderr)
        sys.exit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m generator", description="政府信息公开网站：检查、新建信息、统计报表。")
    parser.add_argument("--root", default=".", help="项目根目录（含 categories.yml 和 content/），默认当前目录")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="检查信息文件（不写路径则检查 content/ 全部）")
    check.add_argument("paths", nargs="*", help="要检查的文件或目录")
    check.add_argument("--format", choices=FORMATS, default="text", help="输出格式")

    new = sub.add_parser("new", help="新建一条信息，自动取下一个索引号")
    new.add_argument("--unit", required=True, help="发布机构（id、全称或简称）")
    new.add_argument("--category", required=True, help="公开类别（id、名称或简称）")
    new.add_argument("--title", required=True, help="标题")
    new.add_argument("--sector", help="重点领域（可选）")
    new.add_argument("--slug", help="文件名（小写英文、数字、连字符），默认 item-年份-流水号")

    sub.add_parser("docs", help="由 categories.yml 和错误代码表生成办事指南的参考部分")

    schema = sub.add_parser("schema", help="由 categories.yml 生成头部信息的 JSON Schema（编辑器的字段提示和校验）")
    schema.add_argument("--out", default="docs/front-matter.schema.json", help="输出文件（相对项目根目录）")

    owners = sub.add_parser("codeowners", help="由 categories.yml 生成 CODEOWNERS（各单位目录的审核团队）")
    owners.add_argument("--out", default=".github/CODEOWNERS",
                        help="输出文件（相对项目根目录）；GitLab 用 .gitlab/CODEOWNERS")

    report = sub.add_parser("report", help="公开时效与年报统计")
    report.add_argument("--year", type=int, help="统计年份，默认上一个完整年度")
    where = report.add_mutually_exclusive_group()
    where.add_argument("--scope", choices=("city", "benji"),
                       help="范围：city 全市（默认，含旗县区），benji 本级（市政府和市政府办）")
    where.add_argument("--unit", help="只看一个单位")
    where.add_argument("--county", help="一个旗县区的全部单位（写旗县区名称或其人民政府）")
    report.add_argument("--format", choices=("text", "md", "csv", "json"), default="text")

    supervision = sub.add_parser("supervision", help="生成公开工作监督页（内部材料，不进入公开网站）")
    supervision.add_argument("--out", default="supervision-site", help="输出目录，默认 supervision-site")
    supervision.add_argument("--year", type=int, help="当前年份，默认今天所在年份")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    root = Path(args.root).resolve()
    try:
        if args.command == "check":
            return _check(root, args)
        if args.command == "new":
            from .authoring.new import new_item
            path = new_item(root, args.unit, args.category, args.title, args.sector, args.slug)
            print(path.relative_to(root).as_posix())
            return 0
        if args.command == "docs":
            from .authoring.guide import write_reference
            for path in write_reference(root):
                print(path.relative_to(root).as_posix())
            return 0
        if args.command == "schema":
            from .authoring.frontmatter_schema import write_schema
            print(write_schema(root, args.out).relative_to(root).as_posix())
            return 0
        if args.command == "codeowners":
            from .authoring.codeowners import write_codeowners
            print(write_codeowners(root, args.out).relative_to(root).as_posix())
            return 0
        if args.command == "supervision":
            print(_supervision(root, args))
            return 0
        if args.command == "report":
            from .report.formats import run_report
            sys.stdout.write(run_report(root, year=args.year, unit=args.unit, fmt=args.format, scope=args.scope,
                                        county=args.county))
            return 0
    except ConfigError as exc:
        print(f"配置错误：{exc}", file=sys.stderr)
        return 2
    return 2


def _supervision(root: Path, args) -> str:
    from .check.repository import load_repository
    from .report.supervision import supervision_document
    from .site.catalogue import build_catalogue

    repo = load_repository(root)
    if repo.errors:
        raise ConfigError(f"信息检查发现 {len(repo.errors)} 个错误，监督页没有生成。",
                          hint="先运行 python -m generator check，改正全部错误后再生成")
    site = _site_settings(root / "mkdocs.yml")
    html = supervision_document(build_catalogue(repo), repo.calendar, args.year or repo.today.year,
                                site_url=site.get("site_url", ""), site_name=site.get("site_name", ""))
    out = Path(args.out)
    out = out if out.is_absolute() else Path.cwd() / out
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text(html, encoding="utf-8")
    return str(out / "index.html")


def _site_settings(path: Path) -> dict:
    """site_url and site_name from mkdocs.yml, read as plain lines (this module must not import MkDocs)."""
    found: dict[str, str] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return found
    for key in ("site_url", "site_name"):
        match = re.search(rf"^{key}:[ \t]*[\"']?([^\"'#\n]+?)[\"']?[ \t]*(?:#.*)?$", text, re.M)
        if match:
            found[key] = match.group(1).strip()
    return found


def _check(root: Path, args) -> int:
    from .check.repository import load_repository

    select: set[str] | None = None
    if args.paths:
        select = set()
        for raw in args.paths:
            # Not resolved: a symbolic link under content/ is checked (and refused) as the link it is.
            path = Path(os.path.abspath(raw))
            if not path.exists() and not path.is_symlink():
                print(f"用法错误：找不到 {raw}", file=sys.stderr)
                return 2
            try:
                path.relative_to(root / "content")
            except ValueError:
                print(f"用法错误：{raw} 不在 {root / 'content'} 之下", file=sys.stderr)
                return 2
            if path.is_dir() and not path.is_symlink():
                files = [Path(d) / f for d, _, names in os.walk(path) for f in names]
            else:
                files = [path]
            select.update(f.relative_to(root).as_posix() for f in files)
    repo = load_repository(root, select=select)
    sys.stdout.write(FORMATTERS[args.format](repo.problems, repo.files_checked))
    return 1 if repo.errors else 0
