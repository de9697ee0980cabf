"""Chinese search tokens: character bigrams written as ASCII words.

Both search engines index *pre-tokenised* text, and ``theme/assets/search/tokens.js``
(``DisclosureSearch.tokens``) turns the reader's query into the same tokens, so
the index and the query can never disagree about where Chinese words begin and
end (the problem with Pagefind's own jieba/Intl.Segmenter pair, Pagefind
issue #1237). Any run of two or more characters of an item's text is findable,
dictionary word or not, as with Lucene's CJK analyzer.

The token stream of a text, one token per character or word, in text order:

* Every Han character (CJK unified ideographs, extension A, 〇, and the
  extensions B-F mapped into 41000-99999) becomes ``q`` followed by its own
  five-digit number and the next character's, when the next character is
  also Han (a bigram: ``示例`` -> ``q3140120363``); the last character of a
  run becomes ``q`` and its five digits alone (a unigram). The letter keeps
  tokens apart from real numbers (``2025`` is not a prefix of a token) and
  the final digit keeps English stemmers off them. A one-character query is
  its unigram, which both engines match as a prefix of every bigram that
  starts with that character, so single characters are found without
  indexing every unigram (only run ends carry one).
* Whitespace between two Han characters (a space, U+3000, a line break)
  does not end the run: ``第五条 行政机关`` gives the same tokens as
  ``第五条行政机关``, so a reader who types it without the space (as laws
  are often quoted) finds it, and both engines agree with the text check in
  the browser, which ignores whitespace. The decoded text loses that space.
  Punctuation, letters and digits, and letters of other scripts end the run.
* Letters and digits (after NFKC: full-width forms become ASCII) stay as
  words: ``11159900K900000769/2026-00001`` -> ``11159900K900000769 2026
  00001``. Case is kept in the stream; both engines compare lower case.
* Any other visible character (punctuation, brackets) is appended to the
  token before it (``q21457〔 2025〕 3 q21495。``). Engines strip it when
  indexing, so it takes no word position (as a word of its own it did, and
  ``〔2025〕3号`` was no longer three neighbouring words), but the stream can
  be decoded back into readable text (:func:`decode`) for snippets and for
  checking that a result really contains the query string.

A query becomes the bigrams of its Han runs (a one-character run: its
unigram, matched as a prefix; a run followed by more query text: also its
unigram, since the matching text's run ends there too) and its ASCII words; document-number brackets
(``[2024]12号``, ``（2024）12号``) are separators, so they need no mapping to
``〔〕``: ``[2024]12号`` and ``〔2024〕12号`` give the same terms and the same
:func:`match_key`.
"""

from __future__ import annotations

import re
import unicodedata

PREFIX = "q"
_ASTRAL_BASE = 0x20000
_ASTRAL_OFFSET = 41000      # extension B-F characters map to 41000..99999


def han_number(ch: str) -> int | None:
    """The five-digit number of a Han character, or None for any other character."""
    cp = ord(ch)
    if 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF or cp == 0x3007:
        return cp
    if _ASTRAL_BASE <= cp < _ASTRAL_BASE + (100000 - _ASTRAL_OFFSET):
        return cp - _ASTRAL_BASE + _ASTRAL_OFFSET
    return None


def han_char(number: int) -> str:
    return chr(number if number < _ASTRAL_OFFSET else number - _ASTRAL_OFFSET + _ASTRAL_BASE)


_NORMAL: dict[str, str] = {}


def _normal_char(ch: str) -> str:
    """NFKC of one character when that gives an ASCII letter or digit or a Han character, else the character."""
    if ch.isascii():
        return ch
    out = _NORMAL.get(ch)
    if out is None:
        nf = unicodedata.normalize("NFKC", ch)
        ok = len(nf) == 1 and ((nf.isascii() and nf.isalnum()) or han_number(nf) is not None)
        out = _NORMAL[ch] = nf if ok else ch
    return out


def normalise(text: str) -> str:
    """Full-width letters and digits become ASCII, compatibility ideographs unified; punctuation is kept."""
    return "".join(_normal_char(ch) for ch in text)


def _pieces(text: str):
    """(kind, value) in text order: 'han' runs (lists of numbers), 'word' ASCII words, 'punct' characters.

    Whitespace between two Han characters does not end a run (see the module docstring)."""
    run: list[int] = []
    word = ""
    for ch in normalise(text):
        n = han_number(ch)
        if n is not None:
            if word:
                yield "word", word
                word = ""
            run.append(n)
            continue
        if run and ch.isspace():
            continue            # the run goes on if a Han character comes next, else it ends below
        if run:
            yield "han", run
            run = []
        if ch.isascii() and ch.isalnum():
            word += ch
            continue
        if word:
            yield "word", word
            word = ""
        if not ch.isspace() and unicodedata.category(ch)[0] in "PSN":
            yield "punct", ch
    if run:
        yield "han", run
    if word:
        yield "word", word


def document_tokens(text: str) -> list[str]:
    """The token stream of a document (see the module docstring)."""
    out: list[str] = []
    lead = ""            # punctuation before the first token
    for kind, value in _pieces(text):
        if kind == "punct":
            if out:
                out[-1] += value
            else:
                lead += value
            continue
        if kind == "han":
            out.extend(f"{PREFIX}{a:05d}{b:05d}" for a, b in zip(value, value[1:]))
            out.append(f"{PREFIX}{value[-1]:05d}")
        else:
            out.append(value)
        if lead:
            out[0] = lead + out[0]
            lead = ""
    return out


def document_text(text: str) -> str:
    """The stream as one string, as it is given to the engines."""
    return " ".join(document_tokens(text))


# -- the same stream, fast ------------------------------------------------------------
#
# document_tokens() above walks the text one character at a time in Python. fast_document_text() gives the
# identical string with the per-character work done in C: one str.translate() through a table filled on first
# use (Han characters, punctuation and separators each get a marked form), str.replace() and two simple regular
# expressions (about three times faster, docs/performance.md). tests/test_search_tokens.py checks both agree.


class _Canonical(dict):
    """str.translate table: a character's canonical form, computed on first use."""

    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        nf = _normal_char(ch)
        if han_number(nf) is not None or (nf.isascii() and nf.isalnum()):
            out = nf
        elif ch.isspace() or unicodedata.category(ch)[0] not in "PSN":
            out = " "
        else:
            out = ch
        self[cp] = out
        return out


class _Marked(_Canonical):
    """_Canonical for fast_document_text(): Han character N -> ``\x02N qN\x03``, punctuation P -> ``\x05P ``,
    whitespace -> ``\x06``, any other separator (a letter of another script, a control character) -> `` ``.

    A Han run ABC becomes ``\x02A qA\x03\x02B qB\x03\x02C qC\x03``; deleting
    every ``\x03\x02`` (inside the run; also ``\x03`` and ``\x02`` with only
    whitespace between them) gives ``\x02A qAB qBC qC\x03``, and
    deleting the ``\x02A`` that starts the run leaves the bigrams and the
    final unigram. Punctuation is glued to the token before it by deleting the
    spaces before ``\x05``.
    """

    def __missing__(self, cp: int) -> str:
        out = super().__missing__(cp)
        n = han_number(out)
        if n is not None:
            out = self[cp] = f"\x02{n:05d} {PREFIX}{n:05d}\x03"
        elif out == " " and chr(cp).isspace():
            out = self[cp] = "\x06"
        elif out != " " and not (out.isascii() and out.isalnum()):
            out = self[cp] = f"\x05{out} "
        return out


_MARKED = _Marked()
_RUN_START = re.compile("\x02\\d{5}")
_IN_RUN = re.compile("\x03\x06*\x02")
_GLUE = re.compile(" *\x05")
_LEAD = re.compile(r"^([^A-Za-z0-9 ]+) ")
_ALNUM = re.compile(r"[A-Za-z0-9]")


def fast_document_text(text: str) -> str:
    """``document_text(text)`` without a Python loop over characters or tokens (str.translate, str.replace, re.sub)."""
    s = _RUN_START.sub("", _IN_RUN.sub("", text.translate(_MARKED))).replace("\x03", " ").replace("\x06", " ")
    s = " ".join(_GLUE.sub("", s).split())
    if not _ALNUM.search(s):
        return ""
    return _LEAD.sub(r"\1", s, count=1)


def query_tokens(query: str) -> list[str]:
    """Search terms of a query: bigrams of Han runs (unigram for a one-character run), ASCII words lower-cased.

    Duplicates are removed, first occurrence kept. Punctuation is dropped.
    """
    return list(dict.fromkeys(term_sequence(query)))


def term_sequence(query: str) -> list[str]:
    """The terms of a query in text order with repeats: the words a matching text has side by side.

    Each whitespace-separated part on its own: a Han run that something else
    in the same part follows (a word, a number, punctuation) ends a run in any
    text that contains the part too, so its unigram is added: in
    the document stream it sits between the run's last bigram and what follows.
    """
    out: list[str] = []
    for part in query.split():
        out += _part_sequence(part)
    return out


def _part_sequence(part: str) -> list[str]:
    out: list[str] = []
    pieces = list(_pieces(part))
    for n, (kind, value) in enumerate(pieces):
        if kind == "han":
            if len(value) == 1:
                out.append(f"{PREFIX}{value[0]:05d}")
            else:
                out.extend(f"{PREFIX}{a:05d}{b:05d}" for a, b in zip(value, value[1:]))
                if n + 1 < len(pieces):
                    out.append(f"{PREFIX}{value[-1]:05d}")
        elif kind == "word":
            out.append(value.lower())
    return out


_TOKEN = re.compile(rf"^{PREFIX}(\d{{5}})(\d{{5}})?$")


_WORD = re.compile(r"^([^A-Za-z0-9]*)([A-Za-z0-9]*)(.*)$", re.S)


def decode(stream: str) -> str:
    """Readable text from a token stream: Han runs joined back, ASCII words separated by one space."""
    out: list[str] = []
    prev = ""            # 'bigram' (inside a Han run), 'word' (after an ASCII word) or ''
    for word in stream.split():
        match = _WORD.match(word)
        assert match is not None            # the pattern matches any run of non-space characters
        lead, token, tail = match.groups()
        if lead:
            out.append(lead)
            prev = ""
        m = _TOKEN.match(token)
        if m and m.group(2) is not None:
            out.append(han_char(int(m.group(2))) if prev == "bigram" else
                       han_char(int(m.group(1))) + han_char(int(m.group(2))))
            prev = "bigram"
        elif m:
            if prev != "bigram":
                out.append(han_char(int(m.group(1))))
            prev = ""
        elif token:
            if prev == "word":
                out.append(" ")
            out.append(token)
            prev = "word"
        if tail:
            out.append(tail)
            prev = ""
    return "".join(out)


def match_key(text: str) -> str:
    """What the exact-string check compares: NFKC, lower case, letters, digits and Han characters only."""
    return "".join(ch for ch in normalise(text).lower()
                   if han_number(ch) is not None or (ch.isascii() and ch.isalnum()))
