"""Language tags for text of this corpus: ``en``, ``de``, ``zh-Hant``, ``zh-Hans``.

Decided by script first (Han characters against Latin letters), then, for
Chinese, by which characters OpenCC would change in each direction, and for
Latin text by German versus English function words and German letters. Text with
neither (numbers, punctuation) is tagged ``und``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .normalize import HAN

_HAN = re.compile(f"[{HAN}]")
_LATIN = re.compile(r"[A-Za-zÀ-ÿ]")
_WORDS = re.compile(r"[a-zäöüß]+")
GERMAN = frozenset(
    [
        "der",
        "die",
        "das",
        "und",
        "ist",
        "nicht",
        "ein",
        "eine",
        "einer",
        "mit",
        "von",
        "zu",
        "den",
        "dem",
        "des",
        "sich",
        "auf",
        "für",
        "dass",
        "auch",
        "wurde",
        "hat",
        "sind",
        "werden",
        "bei",
        "als",
        "noch",
        "nach",
        "über",
        "wie",
        "oder",
        "wer",
        "was",
        "wo",
        "wann",
        "warum",
        "welche",
        "welcher",
        "welches",
        "hat",
        "seine",
        "sein",
        "ihr",
        "ihre",
        "gibt",
        "viele",
    ]
)
ENGLISH = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "is",
        "in",
        "that",
        "with",
        "for",
        "has",
        "was",
        "are",
        "as",
        "by",
        "on",
        "it",
        "its",
        "this",
        "from",
        "which",
        "have",
        "be",
        "been",
        "were",
        "not",
        "or",
        "but",
        "at",
        "an",
        "who",
        "what",
        "where",
        "when",
        "why",
        "how",
        "which",
        "did",
        "does",
        "do",
        "his",
        "her",
        "their",
        "many",
        "much",
    ]
)
LANGUAGES = ("en", "de", "zh-Hant", "zh-Hans")


@lru_cache(maxsize=2)
def _opencc(profile: str):  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC(profile)


def chinese_variant(text: str) -> str:
    """'zh-Hant' when more characters are Traditional-only than Simplified-only. Example: '騰訊' -> 'zh-Hant'."""
    han = "".join(_HAN.findall(text))
    simplified = _opencc("t2s").convert(han)
    traditional = _opencc("s2t").convert(han)
    trad_only = sum(1 for a, b in zip(han, simplified, strict=False) if a != b)
    simp_only = sum(1 for a, b in zip(han, traditional, strict=False) if a != b)
    return "zh-Hant" if trad_only > simp_only else "zh-Hans"


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
    german = sum(w in GERMAN for w in words) + 2 * sum(ch in "äöüß" for ch in text.lower())
    english = sum(w in ENGLISH for w in words)
    return "de" if german > english else "en"
