"""The body of an item or page: HTML the site's policy allows, links that resolve, images with alt text.

What :func:`generator.model.htmlpolicy.clean` would remove is an error here
(``unsafe-html``), at the line where it is written, so that a department
learns what to write instead; the site publishes the cleaned HTML whatever
the checker said.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from .. import urls
from ..model import htmlpolicy, markup
from ..model.source import Source
from .context import Collector, Context, Draft, line_col, probe

CODES = ("unsafe-html", "image-no-alt", "broken-link", "file-too-large")

_LINK = re.compile(r"!?\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_IMAGE_HTML = re.compile(r"<img\b[^>]*>", re.I)
_FENCED = re.compile(r"^(```|~~~)")


def check(draft: Draft, ctx: Context, out: Collector) -> None:
    scan(draft.source, ctx, out, ctx.files)


_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1")


def _code_spans(body: str) -> list[tuple[int, int]]:
    """Offsets of fenced code blocks and inline code, where HTML-looking text is shown, not run."""
    spans = [(m.start(), m.end()) for m in _INLINE_CODE.finditer(body)]
    start, offset = None, 0
    for line in body.split("\n"):
        if _FENCED.match(line.strip()):
            if start is None:
                start = offset
            else:
                spans.append((start, offset + len(line)))
                start = None
        offset += len(line) + 1
    return spans


# A body without any of these converts to nothing but Markdown's own tags: no HTML, links, entities
# or attributes, so there is nothing for the HTML policy to find.
_MARKUP_SIGNS = ("<", "[", "{", "&", "](")


def scan(source: Source, ctx: Context, out: Collector, files: set[str] | None = None) -> None:
    """Links, images and HTML of the body. ``files`` collects the site paths the body links to."""
    body = source.body
    spans: list[tuple[int, int]] | None = None

    def in_code(offset: int) -> bool:
        nonlocal spans
        if spans is None:   # only bodies with something HTML- or link-like pay for this
            spans = _code_spans(body)
        return any(a <= offset <= b for a, b in spans)

    work = markup.conversion_work(body) if markup.work_bound(body) > markup.MAX_WORK else None
    if work is not None and work.total > markup.MAX_WORK:
        # Converting it would take minutes, here and in every build: refused before conversion.
        first = source.body_line + work.line
        if work.headings:
            out.error(first, None, None, "file-too-large",
                      f"正文从第 {first} 行起有 {work.markers} 个标题的网页锚点相同（只有汉字的标题都是这样），"
                      "网站生成时处理它们要很长时间。",
                      "把大部分小标题改成普通段落（例如把“第一条”加粗写在段首），标题保留在几百个以内；"
                      "很长的文件请作为附件（PDF、OFD）提供。")
        else:
            out.error(first, None, None, "file-too-large",
                      f"正文第 {first} 行起的一段文字有 {work.markers} 个链接、强调、代码等标记或分隔行，中间没有空行，"
                      "网站生成时处理它要很长时间。",
                      "在段落之间空一行，把它分成较短的几段；很长的清单或表格请作为附件（Excel、PDF）提供。")
        return
    src_uri = source.rel.split("/", 1)[1] if "/" in source.rel else source.rel
    if any(sign in body for sign in _MARKUP_SIGNS):
        html, _tokens = markup.shared().raw(body, src_uri)
        found, targets = htmlpolicy.inspect(html, markup.context_of(src_uri))
        if files is not None:
            files.update(targets)
        for finding in found:
            line, column = _locate(source, finding.needle, in_code)
            message, hint = _unsafe_message(finding)
            out.error(line, column, None, "unsafe-html", message, hint)
    has_html = "<" in body
    item_dir = PurePosixPath(src_uri).parent
    for match in (_LINK.finditer(body) if "](" in body else ()):
        if in_code(match.start()):
            continue
        target = match.group(2)
        line, column = line_col(source, match.start())
        if match.group(0).startswith("!") and not match.group(1).strip():
            out.warning(line, column, None, "image-no-alt", "图片没有替代文字。",
                        "在 ![ ] 的方括号中写明图片内容，例如 ![2024年财政收入构成图](chart.png)，读屏软件会读出它。")
        _check_link(target, item_dir, ctx, line, column, out)
    for match in (_IMAGE_HTML.finditer(body) if has_html else ()):
        if in_code(match.start()):
            continue
        if not re.search(r"\balt\s*=\s*[\"'][^\"']+[\"']", match.group(0), re.I):
            line, column = line_col(source, match.start())
            out.warning(line, column, None, "image-no-alt", "图片没有替代文字（alt）。",
                        "为 <img> 加上 alt=\"图片内容\"。")


def _locate(source: Source, needle: str, in_code) -> tuple[int | None, int | None]:
    """Line and column of the first place outside code where ``needle`` is written (case ignored)."""
    lowered, wanted = source.body.lower(), needle.lower()
    start = lowered.find(wanted)
    first = start
    while start >= 0 and in_code(start):
        start = lowered.find(wanted, start + 1)
    start = start if start >= 0 else first
    if start < 0:
        return source.body_line, None
    return line_col(source, start)


_TAG_HINTS = {
    "script": "政府网站正文不能嵌入脚本；删除它。", "iframe": "不能嵌入其他网页；需要引用时写成链接。",
    "object": "不能嵌入插件；视频、音频请作为附件（MP4、MP3）提供。", "embed": "不能嵌入插件；视频、音频请作为附件提供。",
    "svg": "不能直接写 SVG 图形；图表请存为 PNG 或 JPG 图片，用 ![说明](图片.png) 引用。",
    "form": "正文中不能放表单；申请表请作为附件（Word、PDF）提供。", "input": "正文中不能放输入框；删除它。",
    "style": "不能改变网页样式；删除它，格式用 Markdown 表达。", "link": "不能加载外部样式或资源；删除它。",
    "meta": "不能改变网页设置（如自动跳转）；删除它。", "base": "不能改变网页的基础地址；删除它。",
}


def _unsafe_message(finding: htmlpolicy.Finding) -> tuple[str, str]:
    allowed = "正文可用的写法：段落、标题、列表、表格、引用、链接（http、https、mailto、tel 或站内地址）、本目录中的图片、提示框（!!! note）。"
    if finding.kind == "tag":
        return (f"正文含有不允许的 HTML 标签 {finding.value}。",
                _TAG_HINTS.get(finding.name, "删除该标签。") + allowed)
    if finding.kind == "attribute":
        return (f"正文含有不允许的 HTML 属性“{finding.value}”。",
                "删除该属性：事件代码（on…）、样式（style）和其他属性都不能写在正文里。" + allowed)
    if finding.kind == "class":
        return f"正文使用了不允许的样式类“{finding.value}”。", "只能使用提示框（!!! note 等）的类名；删除它。"
    if finding.kind == "url":
        return (f"链接地址“{finding.value}”不允许。",
                "链接只能是 http、https、mailto、tel 地址或网站内的相对地址；删除该链接。")
    if finding.kind == "image":
        return (f"图片地址“{finding.value}”不在本信息的目录中。",
                "把图片文件放在信息文件旁边（或其子目录），用 ![图片说明](文件名.png) 引用；不引用其他网站的图片。")
    if finding.kind == "id":
        return (f"HTML id“{finding.value}”不允许。",
                "id 只能用字母、数字、下划线和连字符，不以 md-、dc-、__ 开头；或删除它。")
    return ("正文中的 HTML 写法有误，部分内容无法安全显示。",
            "检查尖括号和引号是否成对；表格和列表尽量用 Markdown 书写。")


def _check_link(target: str, item_dir: PurePosixPath, ctx: Context, line: int, column: int, out: Collector) -> None:
    if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith(("#", "//")):
        return
    path = target.split("#", 1)[0].split("?", 1)[0]
    if not path:
        return
    if path.startswith("/"):
        # A site path: an item (/unit/year/slug/) or a generated listing.
        site = path.strip("/")
        if site.split("/", 1)[0] in urls.GENERATED_FOLDERS or not site:
            return
        candidates = [ctx.content_dir / (site + ".md"), ctx.content_dir / site, ctx.content_dir / site / "index.md"]
    else:
        joined = _normalise(item_dir / path)
        if joined is None:
            out.error(line, column, None, "broken-link", f"链接“{target}”指向 content/ 之外。", "只链接网站内的信息或附件。")
            return
        if joined.split("/", 1)[0] in urls.GENERATED_FOLDERS:
            return      # a generated page (../apply/index.md); the site build resolves or refuses it
        candidates = [ctx.content_dir / joined]
        if not joined.endswith(".md") and "." not in PurePosixPath(joined).name:
            # directory-style link to another item: ../other-item/
            candidates.append(ctx.content_dir / (joined.rstrip("/") + ".md"))
            candidates.append(ctx.content_dir / item_dir / (path.rstrip("/") + ".md"))
    if not any(probe(ctx, "exists", c) for c in candidates):
        out.error(line, column, None, "broken-link", f"链接“{target}”指向的文件不存在。",
                  "核对文件名和路径（相对于本文件所在目录），或删除链接。")


def _normalise(path: PurePosixPath) -> str | None:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    return "/".join(parts)
