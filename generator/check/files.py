"""The files under content/ and which of them may be published.

MkDocs would copy every file under its docs folder and follow symbolic links
on the way, so a link to ``/proc/self/environ`` or ``/dev/zero``, or a
stray ``evil.html``, would reach the site. The rules here decide what the
site may contain: Markdown items and pages, and attachment files of the
allowed types that an item or page links to. Everything else is a problem
for the checker, and the build never copies it.

* Symbolic links (to files or folders) and special files (devices, pipes,
  sockets) are refused anywhere under content/, hidden folders included.
* A file that is not Markdown must have an attachment type
  (:data:`ATTACHMENT_TYPES`); web pages, scripts and SVG images run code in
  the browser and are refused.
* Size limits: :data:`MAX_MARKDOWN_BYTES` for a Markdown file, the
  attachment limit of categories.yml (``limits.attachment_mb``) for others.
* File and folder names must not contain control characters.
* Files and folders whose names start with a dot are not published and not
  otherwise checked.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field

from ..model.textrules import bad_character
from ..problems import ERROR, Problem
from ..rules import ATTACHMENT_TYPES, MAX_MARKDOWN_BYTES

CODES = ("unsafe-file", "bad-filename", "file-type", "file-too-large", "attachment-too-large", "unreferenced-file")


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


@dataclass
class ContentTree:
    """What a walk of content/ found: Markdown files to read, other files with their sizes, problems."""

    markdown: list[str] = field(default_factory=list)         # absolute paths, sorted
    files: dict[str, int] = field(default_factory=dict)       # src_uri -> size, publishable non-Markdown files
    problems: list[Problem] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)            # src_uris never to read or publish


def _problem(src_uri: str, code: str, message: str, hint: str) -> Problem:
    return Problem("content/" + src_uri, None, None, None, code, ERROR, message, hint)


def scan(content_dir: str, max_attachment_bytes: int, select: set[str] | None = None) -> ContentTree:
    """Walk ``content_dir`` without following links, in a stable order.

    ``select`` (paths relative to the project root) limits the problems to
    those paths; every Markdown file is still listed, since the checks of
    one file need the others' index numbers.
    """
    tree = ContentTree()
    prefix = len(content_dir) + 1

    def report(src_uri: str, code: str, message: str, hint: str) -> None:
        tree.refused.add(src_uri)
        if select is None or "content/" + src_uri in select:
            tree.problems.append(_problem(src_uri, code, message, hint))

    for dirpath, dirnames, filenames in os.walk(content_dir):     # os.walk does not follow links by default
        base = dirpath[prefix:].replace(os.sep, "/")
        hidden_dir = any(part.startswith(".") for part in base.split("/") if part)
        kept = []
        for name in sorted(dirnames):
            src_uri = f"{base}/{name}" if base else name
            if os.path.islink(os.path.join(dirpath, name)):
                report(src_uri, "unsafe-file", f"“{src_uri}”是指向别处的符号链接（文件夹）。",
                       "提交真实的文件夹和文件；符号链接可能指向服务器上的任何位置，网站不会发布它。")
                continue
            if not hidden_dir and not name.startswith(".") and bad_character(name):
                report(src_uri, "bad-filename", f"文件夹名“{src_uri}”含有控制字符或不可见字符。",
                       "重新命名文件夹，只用看得见的字符。")
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            src_uri = f"{base}/{name}" if base else name
            path = os.path.join(dirpath, name)
            try:
                info = os.lstat(path)
            except OSError:
                continue
            if stat.S_ISLNK(info.st_mode):
                report(src_uri, "unsafe-file", f"“{src_uri}”是指向别处的符号链接。",
                       "提交真实的文件；符号链接可能指向服务器上的任何文件（如系统文件），网站不会发布它。")
                continue
            if not stat.S_ISREG(info.st_mode):
                report(src_uri, "unsafe-file", f"“{src_uri}”不是普通文件（设备、管道或套接字）。", "删除它。")
                continue
            if hidden_dir or name.startswith("."):
                continue
            if bad_character(name):
                report(src_uri, "bad-filename", f"文件名“{src_uri}”含有控制字符或不可见字符。",
                       "重新命名文件，只用看得见的字符。")
                continue
            ext = extension(name)
            if ext == "md":
                if info.st_size > MAX_MARKDOWN_BYTES:
                    report(src_uri, "file-too-large",
                           f"Markdown 文件有 {info.st_size / 1048576:.1f} MB，超过 {MAX_MARKDOWN_BYTES // 1048576} MB 的上限。",
                           "正文过长的文件请拆分，表格、图表作为附件提供。")
                    continue
                tree.markdown.append(path)
                continue
            if ext not in ATTACHMENT_TYPES:
                what = "网页、脚本和 SVG 图片会在网站上运行代码，" if ext in _ACTIVE_TYPES else ""
                report(src_uri, "file-type", f"不允许提交“.{ext or '无扩展名'}”文件：{src_uri}。",
                       what + "允许的附件类型：" + "、".join(sorted(ATTACHMENT_TYPES)) + "。文件请转换为 PDF 或 OFD，图片用 PNG 或 JPG。")
                continue
            if info.st_size > max_attachment_bytes:
                report(src_uri, "attachment-too-large",
                       f"附件“{src_uri}”有 {info.st_size / 1048576:.1f} MB，超过 {max_attachment_bytes // 1048576} MB 的上限。",
                       "压缩图片或拆分文件后再提交。")
                continue
            tree.files[src_uri] = info.st_size
    return tree


_ACTIVE_TYPES = frozenset({"html", "htm", "xhtml", "shtml", "svg", "svgz", "js", "mjs", "css", "xml", "xsl", "swf",
                           "php", "asp", "aspx", "jsp", "cgi"})


def unreferenced(tree: ContentTree, referenced: set[str]) -> list[Problem]:
    """An error for every publishable file that no item or page links to (the site publishes only those)."""
    return [_problem(src_uri, "unreferenced-file", f"文件“{src_uri}”没有被任何信息或页面引用。",
                     "在信息的“附件”字段或正文链接中引用它；不需要的文件请删除。网站只发布被引用的文件。")
            for src_uri in sorted(tree.files) if src_uri not in referenced]
