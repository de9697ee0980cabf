"""The application form as a Word document (DOCX) that WPS and Word open, made with python-docx.

Drawn from the same definition as the printable page (:func:`.apply.form_data`).
A DOCX file is a ZIP archive, and python-docx stamps every member with the
time of saving; the archive is therefore rewritten with one fixed member time,
and the document's own dates and author are fixed too, so that two builds
give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

# The date the form's wording was last revised; change it together with the wording.
REVISED = datetime(2026, 1, 1, tzinfo=UTC)
ZIP_TIME = (2026, 1, 1, 0, 0, 0)
BODY_FONT, TITLE_FONT, LATIN_FONT = "宋体", "黑体", "Times New Roman"


def _font(run_or_style, east_asian: str, size: float | None = None, bold: bool | None = None) -> None:
    """Chinese text needs its East Asian font named apart from the Latin one."""
    font = run_or_style.font
    font.name = LATIN_FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    element = run_or_style.element
    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.append(fonts)
    fonts.set(qn("w:eastAsia"), east_asian)


def form_docx(form: dict, author: str = "") -> bytes:
    """The form (:func:`.apply.form_data`) as DOCX bytes, the same for the same input."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)          # A4
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.0)
    _font(document.styles["Normal"], BODY_FONT, 12)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(form["title"]), TITLE_FONT, 18, bold=True)

    for part in form["sections"]:
        heading = document.add_paragraph()
        heading.paragraph_format.space_before = Pt(8)
        _font(heading.add_run(part["title"]), TITLE_FONT, 12, bold=True)
        table = document.add_table(rows=0, cols=4)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for row in part["rows"]:
            cells = table.add_row().cells
            if len(row) == 1:
                cells[1].merge(cells[3])
            for index, field in enumerate(row):
                label, blank = cells[index * 2], cells[index * 2 + 1]
                label.width = Cm(3.6)
                label.paragraphs[0].add_run(field["label"])
                if field["choices"]:
                    blank.paragraphs[0].add_run("    ".join(f"{form['box']} {c}" for c in field["choices"]))
                for _ in range(field["lines"] - 1):
                    blank.add_paragraph()
        for row in table.rows:
            row.height = Cm(1.0)

    notes = document.add_paragraph()
    notes.paragraph_format.space_before = Pt(10)
    _font(notes.add_run("填表说明"), TITLE_FONT, 12, bold=True)
    for number, text in enumerate(form["notes"], start=1):
        paragraph = document.add_paragraph(f"{number}. {text}")
        paragraph.paragraph_format.first_line_indent = Cm(0)
        for run in paragraph.runs:
            run.font.size = Pt(10.5)

    core = document.core_properties
    core.title, core.author, core.last_modified_by = form["title"], author, author
    core.comments, core.keywords, core.subject, core.category = "", "", "", ""
    core.created = core.modified = REVISED
    core.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The archive again, every member in the same order with one fixed time and the same attributes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(member.filename))
    return out.getvalue()
