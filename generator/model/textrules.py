"""Characters that no text from content/ may contain.

Control characters (C0 except tab, line feed and carriage return; DEL; C1),
lone surrogates, the non-characters U+FFFE and U+FFFF and the bidirectional
overrides and isolates (which make text read differently from how it is
stored) break XML feeds and sitemaps, or hide what a text says. They usually
arrive by copy and paste and are never needed in a published document.
"""

from __future__ import annotations

import re

# The fix for every control-character problem, in front matter or text.
HINT = ("删除该字符：它通常随复制粘贴而来，看不见却会破坏网页和订阅。"
        "在 WPS/Word 中打开“显示编辑标记”可以看到它，或把这段文字先粘贴到记事本再复制。")

_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")
_BAD_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")


def find_bad(text: str) -> re.Match | None:
    """The first forbidden character in ``text``, or None."""
    return _BAD.search(text)


def bad_character(name: str) -> bool:
    """Whether a file or folder name has a control, invisible-direction or non-character (tab included)."""
    return _BAD_IN_NAME.search(name) is not None


def describe(char: str) -> str:
    """How a forbidden character is named in a message: its code point."""
    return f"U+{ord(char):04X}"
