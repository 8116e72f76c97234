"""Text normalization for matching, never for display.

``lexical_tokens`` turns any text of the corpus into the tokens the lexical
index uses:

- Chinese: Traditional -> Simplified with Taiwan vocabulary (OpenCC ``tw2sp``:
  影片 -> 视频, 使用者 -> 用户, 位元組 -> 字节), then jieba word segmentation on Han
  runs only;
- everything else: Unicode word tokens, NFKC and case folding, so Latin words
  inside Chinese text (Sora, DiT, SimilarWeb) stay matchable; English and German words are
  reduced to their dictionary form (``simplemma``: advisers -> adviser, gegründet -> gründen), so
  an inflection matches its base form and the dictionaries' headwords;
- bridge tokens ``py:<a>_<b>``: toneless pinyin syllable pairs from Han text and
  from capitalised pinyin words, so 王長虎 and "Wang Changhu" share tokens.

Example:
    >>> sorted(set(lexical_tokens("王長虎")) & set(lexical_tokens("Wang Changhu")))
    ['py:chang_hu', 'py:wang_chang']
"""

from __future__ import annotations

import itertools
import logging
import re
import unicodedata
from functools import lru_cache

from .words import HAN, STOPWORDS

HAN_RUN = re.compile(f"[{HAN}]+")
WORD = re.compile(rf"[^\W{HAN}_]+|[{HAN}]+")
LATIN_WORD = re.compile(r"[A-Za-zÀ-ÿ]+")
MAX_READINGS = 2
LEMMA_LANGUAGES = ("en", "de")
"""simplemma tries English first, then German: the same surface form gets the same lemma whatever
the language of the text around it, so a name shared by an English and a German passage still matches."""


@lru_cache(maxsize=4)
def opencc_converter(profile: str = "tw2sp"):  # type: ignore[no-untyped-def]
    """A cached OpenCC converter. Example: opencc_converter("s2t").convert("视频") -> '視頻'."""
    import opencc

    return opencc.OpenCC(profile)


@lru_cache(maxsize=1)
def jieba_segmenter():  # type: ignore[no-untyped-def]
    """jieba, initialised once and quiet (its dictionary also gives word frequencies)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def han_script(text: str) -> int:
    """1 when more of the text's Han characters are Traditional-only than Simplified-only, -1 for the
    reverse, 0 when neither (characters both scripts share, or a tie). Example: '為什麼' -> 1, '为什么' -> -1."""
    han = "".join(HAN_RUN.findall(text))
    if not han:
        return 0
    simplified = opencc_converter("t2s").convert(han)
    traditional = opencc_converter("s2t").convert(han)
    trad_only = sum(a != b for a, b in zip(han, simplified, strict=False))
    simp_only = sum(a != b for a, b in zip(han, traditional, strict=False))
    return (trad_only > simp_only) - (simp_only > trad_only)


@lru_cache(maxsize=65_536)
def _simplified_run(run: str, simplified_text: bool) -> str:
    """One Han run in Simplified: a run that is Simplified, or shares every character with both scripts
    inside a Simplified text, is kept as it is; anything else goes through ``tw2sp``."""
    script = han_script(run)
    if script < 0 or (script == 0 and simplified_text):
        return run
    return str(opencc_converter("tw2sp").convert(run))


def to_simplified(text: str) -> str:
    """Traditional to Simplified with Taiwan vocabulary, one Han run at a time; Simplified text is left
    as it is, since ``tw2sp`` is not idempotent on it (什么 -> 什幺, 核心 -> 内核).

    >>> to_simplified("影片"), to_simplified("為什麼用影片"), to_simplified("为什么用核心")
    ('视频', '为什么用视频', '为什么用核心')
    """
    simplified_text = han_script(text) < 0
    return HAN_RUN.sub(lambda m: _simplified_run(m.group(), simplified_text), text)


def fold(text: str) -> str:
    """NFKC and case folding. Example: 'ＳＯＲＡ' -> 'sora'."""
    return unicodedata.normalize("NFKC", text).casefold()


def segment(text: str) -> list[str]:
    """Word tokens: jieba on Han runs (after simplification), Unicode words elsewhere.

    Example: '騰訊混元的Sora對手' -> ['腾讯', '混元', '的', 'sora', '对手']
    """
    tokens: list[str] = []
    for match in WORD.finditer(to_simplified(fold(text))):
        piece = match.group()
        if HAN_RUN.fullmatch(piece):
            tokens.extend(w for w in jieba_segmenter().lcut(piece) if w.strip())
        else:
            tokens.append(piece)
    return tokens


@lru_cache(maxsize=1)
def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable pypinyin knows (about 410)."""
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.pinyin_dict import pinyin_dict

    syllables = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            syllables.add(to_normal(reading).replace("ü", "v"))
    return frozenset(s for s in syllables if s.isascii() and s.isalpha())


@lru_cache(maxsize=4096)
def split_pinyin(word: str) -> tuple[str, ...] | None:
    """Split a word into pinyin syllables, fewest first; None if it is not pinyin.

    Example: 'Changhu' -> ('chang', 'hu'); 'Tencent' -> None
    """
    word = word.lower()
    valid = pinyin_syllables()
    best: list[tuple[str, ...] | None] = [None] * (len(word) + 1)
    best[0] = ()
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            head = best[start]
            if head is not None and word[start:end] in valid:
                candidate = (*head, word[start:end])
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    return best[len(word)]


def _pairs(readings: list[list[str]]) -> list[str]:
    tokens = []
    for left, right in itertools.pairwise(readings):
        for a, b in itertools.product(left[:MAX_READINGS], right[:MAX_READINGS]):
            tokens.append(f"py:{a}_{b}")
    return tokens


def han_bridge_tokens(text: str) -> list[str]:
    """Pinyin syllable pairs of each Han run, all common readings. Example: '長虎' -> ['py:zhang_hu', 'py:chang_hu']."""
    from pypinyin import Style, pinyin

    tokens: list[str] = []
    for run in HAN_RUN.findall(to_simplified(text)):
        readings = pinyin(run, style=Style.NORMAL, heteronym=True, v_to_u=False)
        tokens.extend(_pairs([[r.replace("ü", "v") for r in reading] for reading in readings]))
    return tokens


def latin_bridge_tokens(text: str) -> list[str]:
    """Pinyin pairs of runs of capitalised pinyin words. Example: 'Wang Changhu' -> ['py:wang_chang', 'py:chang_hu']."""
    tokens: list[str] = []
    run: list[list[str]] = []
    for match in re.finditer(r"[A-Za-zÀ-ÿ]+|[^A-Za-zÀ-ÿ\s]+", text):
        word = match.group()
        syllables = split_pinyin(word) if word[:1].isupper() and word.isascii() else None
        if syllables:
            run.extend([s] for s in syllables)
            continue
        tokens.extend(_pairs(run))
        run = []
    tokens.extend(_pairs(run))
    return tokens


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The dictionary form of an English or German word (simplemma), case-folded; any other token
    as it is.

    >>> [lemma(w) for w in ("advisers", "gegründet", "sekunden", "videos", "视频", "sora")]
    ['adviser', 'gründen', 'sekunde', 'video', '视频', 'sora']
    """
    if not LATIN_WORD.fullmatch(word):
        return word
    import simplemma

    return str(simplemma.lemmatize(word, lang=LEMMA_LANGUAGES)).casefold()


def lexical_tokens(text: str) -> list[str]:
    """Tokens for the lexical index: lemmatised words without stopwords, plus pinyin bridge tokens."""
    lemmas = (lemma(t) for t in segment(text) if t not in STOPWORDS and not t.isspace())
    words = [w for w in lemmas if w not in STOPWORDS]
    return words + han_bridge_tokens(text) + latin_bridge_tokens(text)
