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
# What is not a Thai letter, and what is not a letter of another script (deleted to count the rest).
_NOT_THAI_LETTER = re.compile(r"[^\u0E01-\u0E30\u0E32-\u0E33\u0E40-\u0E46]+")
_NOT_OTHER_LETTER = re.compile(r"[\W\d_\u0E00-\u0E7F]+")


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
    thai = len(_NOT_THAI_LETTER.sub("", text))
    letters = thai + len(_NOT_OTHER_LETTER.sub("", text))
    return thai / letters if letters else 0.0


def squeeze(text: str) -> str:
    """Runs of white space as one space, ends trimmed (for values, never for offsets)."""
    return " ".join(text.split())
