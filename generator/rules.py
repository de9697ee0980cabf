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
FEES_CATEGORY = "fees"
REGULATIONS_CATEGORY = "regulations"
FEES_ROW = "行政事业性收费"
