"""Language tags for text of this corpus: ``en``, ``de``, ``zh-Hant``, ``zh-Hans``.

Decided by script first (Han characters against Latin letters), then, for
Chinese, by which characters OpenCC would change in each direction, and for
Latin text by German versus English function words and German letters. Text with
neither (numbers, punctuation) is tagged ``und``.
"""

from __future__ import annotations

import re

from .normalize import han_script
from .words import ENGLISH_VOTES, GERMAN_VOTES, HAN

_HAN = re.compile(f"[{HAN}]")
_LATIN = re.compile(r"[A-Za-zÀ-ÿ]")
_WORDS = re.compile(r"[a-zäöüß]+")
LANGUAGES = ("en", "de", "zh-Hant", "zh-Hans")


def chinese_variant(text: str) -> str:
    """'zh-Hant' when more characters are Traditional-only than Simplified-only. Example: '騰訊' -> 'zh-Hant'."""
    return "zh-Hant" if han_script(text) > 0 else "zh-Hans"


def detect_language(text: str) -> str:
    """Tag a passage. Example: 'Das ist gut.' -> 'de'; '腾讯版视频' -> 'zh-Hans'."""
    han = len(_HAN.findall(text))
    latin = len(_LATIN.findall(text))
    if han == 0 and latin == 0:
        return "und"
    # A Han character carries about as much as a four-letter Latin word.
    if han * 4 >= latin:
        return chinese_variant(text)
    words = _WORDS.findall(text.lower())
    german = sum(w in GERMAN_VOTES for w in words) + 2 * sum(ch in "äöüß" for ch in text.lower())
    english = sum(w in ENGLISH_VOTES for w in words)
    return "de" if german > english else "en"
