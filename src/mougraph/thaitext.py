"""Thai text as data: one normalization, applied once, at reading time.

NFC (never NFKC, which splits SARA AM), the decomposed ``\\u0E4D\\u0E32`` joined back into SARA AM,
invisible format characters removed, line ends unified. Every offset mougraph stores counts
characters of the text this returns.
"""

from __future__ import annotations

import re
import unicodedata

#: Invisible characters that survive NFC and would break matching, keys and IRIs.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_THAI = re.compile(r"[\u0E01-\u0E5B]")


def normalize(text: str) -> str:
    """The canonical form of a text read from outside.

    >>> normalize("ค\\u0e4d\\u0e32\\u200bว่า\\r\\n") == "คำว่า\\n"
    True
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    return text.replace("\u0e4d\u0e32", "\u0e33")


def arabic_digits(text: str) -> str:
    """Thai digits as ASCII digits, same length (offsets stay valid).

    >>> arabic_digits("๒๕๖๕")
    '2565'
    """
    return text.translate(_THAI_DIGITS)


def thai_share(text: str) -> float:
    """The share of letters in ``text`` that are Thai (0.0 for a text without letters)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if _THAI.match(c)) / len(letters)


def squeeze(text: str) -> str:
    """Runs of white space as one space, ends trimmed (for values, never for offsets)."""
    return " ".join(text.split())
