"""Domain constants that more than one part of the generator uses, each defined once.

Rules that belong to a schema object (who is a 旗县区 government, a sector's
parents) are methods of :mod:`generator.model.schema`; URLs and feed paths
live in :mod:`generator.urls`.
"""

from __future__ import annotations

import re

# 索引号: organisation code (9 or 18 characters) / year - five-digit serial.
INDEX_NO = re.compile(r"^(?P<code>[0-9A-Z]{9}|[0-9A-Z]{18})/(?P<year>\d{4})-(?P<serial>\d{5})$")
# File names of items, and ids in categories.yml: lower-case ASCII words joined by hyphens.
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
VALIDITY = ("有效", "失效", "废止")
VALIDITY_CLASS = {"有效": "valid", "失效": "expired", "废止": "abolished"}
# Interpretations follow their policy within this many working days (三同步).
INTERPRETATION_DAYS = 3
PLACEHOLDER = "待填写"   # what `generator new` writes where a person must fill in

DOCUMENT_TYPES = frozenset({"pdf", "ofd", "doc", "docx", "xls", "xlsx", "wps", "et"})
MEDIA_TYPES = frozenset({"png", "jpg", "jpeg", "gif", "webp", "mp3", "mp4"})
ATTACHMENT_TYPES = DOCUMENT_TYPES | MEDIA_TYPES
MEDIA_LABEL = {"pdf": "PDF", "ofd": "OFD", "doc": "Word", "docx": "Word", "xls": "Excel", "xlsx": "Excel",
               "wps": "WPS 文字", "et": "WPS 表格", "png": "图片", "jpg": "图片", "jpeg": "图片", "gif": "图片",
               "webp": "图片", "mp3": "音频", "mp4": "视频"}
MAX_MARKDOWN_BYTES = 2 * 1024 * 1024
DEFAULT_ATTACHMENT_MB = 50

# The annual report's section 二 (国办公开办函〔2021〕30号).
DOC_KINDS = ("规章", "行政规范性文件")
DECISION_TABLES = (("art20_5", ("行政许可",)), ("art20_6", ("行政处罚", "行政强制")))
REGULATIONS_CATEGORY = "regulations"
FEES_ROW = "行政事业性收费"

# Titles that name administrative decisions (行政处罚决定书, 准予行政许可决定, 查封扣押决定, 处罚结果公示 …):
# the word tells the 决定类型. Titles of documents *about* decisions (关于…的通知, …办法, …基准) are not decisions.
DECISION_TITLE = re.compile(r"(处罚|许可|强制措施|强制执行|强制|查封|扣押)[^，。；、,;（）()]{0,4}?(决定|结果)")
DECISION_WORDS = (("处罚", "行政处罚"), ("许可", "行政许可"), ("强制", "行政强制"), ("查封", "行政强制"),
                  ("扣押", "行政强制"))
POLICY_TITLE = re.compile(r"关于|办法|规定|细则|制度|意见|指南|方案|规则|基准|清单|目录|流程|样式|范本|格式|标准|解读|问答")
# Titles of policy interpretations (政策解读, 图解, 一图读懂, 答记者问, 问答).
INTERPRETATION_TITLE = re.compile(r"解读|图解|一图读懂|答记者问|问答")


def decision_type_in_title(title: str) -> str | None:
    """The 决定类型 a title names (行政处罚, 行政许可, 行政强制), or None when it names no decision."""
    if not title or POLICY_TITLE.search(title):
        return None
    match = DECISION_TITLE.search(title)
    if match is None:
        return None
    return next(kind for word, kind in DECISION_WORDS if match.group(1).startswith(word))
