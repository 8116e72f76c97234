"""Help for reading a quote in another language, without pretending to translate it.

- ``gloss``: word-by-word dictionary glosses of a quote for a reader of another language, each
  with offsets into the document (like the quote). Chinese words get their pinyin and their
  CC-CEDICT senses; a name the dictionary lacks keeps its pinyin alone. German and English words
  get Ding's translations; English words for a Chinese reader get CC-CEDICT's headword.
  CC-CEDICT's senses are English, so a German reader of Chinese sees English glosses
  (``Gloss.language`` says which).
- ``reading``: a Chinese short answer (number, date) written for a Latin-script reader.

Example:
    >>> [(g.text, g.reading, g.meaning) for g in gloss("刘伟创立了爱诗科技", 0, "zh-Hans", "en")][:2]
    [('刘伟', 'liú wěi', '(name)'), ('创立', 'chuàng lì', 'to establish; to set up')]
    >>> reading("1.5亿", "en"), reading("5秒", "en"), reading("2024年2月", "de")
    ('150,000,000', '5 seconds', 'Februar 2024')
"""

from __future__ import annotations

import calendar
import re
from dataclasses import replace
from functools import lru_cache

from newsqa.index.dictionary import cedict, cedict_entries, ding
from newsqa.index.normalize import jieba_segmenter, opencc_converter
from newsqa.index.words import HAN, STOPWORDS

from .types import Citation, Gloss

_HAN_RUN = re.compile(f"[{HAN}]+")
_LATIN_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+(?:-[A-Za-zÄÖÜäöüß]+)*")
_SKIP = ("CL:", "surname ", "variant of", "old variant", "see ", "abbr. ", "used in", "Japanese", "Korean")
SENSES = 2
NAMES = {"nr": "(name)", "ns": "(place)", "nt": "(organisation)", "nz": "(proper noun)"}


@lru_cache(maxsize=1)
def senses() -> dict[str, str]:
    """Chinese headword (traditional and simplified) → its first senses, as CC-CEDICT writes them;
    an entry that only says "see X" takes X's senses."""
    table: dict[str, str] = {}
    pointers: dict[str, str] = {}
    for traditional, simplified, senses_text in cedict_entries():
        raw = [s for s in senses_text.split("/") if s]
        kept = [s for s in raw if not s.startswith(_SKIP)][:SENSES]
        for head in {traditional, simplified}:
            if kept:
                table.setdefault(head, _short("; ".join(kept)))
            elif raw and raw[0].startswith("see "):
                pointers.setdefault(head, raw[0][4:].split("|")[0].split("[")[0])
    for head, target in pointers.items():
        if head not in table and target in table:
            table[head] = table[target]
    return table


def _short(meaning: str, most: int = 60) -> str:
    """At most ``most`` characters, cut at a "; " boundary.

    >>> _short("to generate; to produce; to form; to be formed; to come into being", 30)
    'to generate; to produce'
    """
    while len(meaning) > most and "; " in meaning:
        meaning = meaning.rsplit("; ", 1)[0]
    return meaning


def gloss(quote: str, start: int, language: str, reader: str) -> list[Gloss]:
    """Glosses of ``quote`` (at offset ``start`` of its document, written in ``language``) for a reader
    of ``reader``; empty when both are the same language."""
    if _group(language) == _group(reader):
        return []
    if language.startswith("zh"):
        return _chinese(quote, start)
    return _latin(quote, start, language, reader)


def with_glosses(citation: Citation, reader: str) -> Citation:
    """The citation with its quote glossed for a reader of ``reader`` (none when the languages agree)."""
    return replace(citation, glosses=gloss(citation.quote, citation.start, citation.language, reader))


def _group(language: str) -> str:
    return "zh" if language.startswith("zh") else language


def _chinese(quote: str, start: int) -> list[Gloss]:
    """Segmented (and read) in Simplified script, which jieba and pypinyin know best; the words
    keep the quote's own characters and offsets."""
    from jieba import posseg
    from pypinyin import pinyin

    jieba_segmenter()  # the project's dictionary additions are loaded
    table = senses()
    simple = _simplified(quote)
    if len(simple) != len(quote):
        simple = quote
    out: list[Gloss] = []
    for run in _HAN_RUN.finditer(quote):
        at = run.start()
        for pair in posseg.cut(simple[run.start() : run.end()]):
            word, flag = quote[at : at + len(pair.word)], pair.flag
            meaning = table.get(word) or table.get(pair.word) or NAMES.get(flag) or _by_character(word, table)
            if meaning and word not in STOPWORDS and pair.word not in STOPWORDS:
                spoken = " ".join(p[0] for p in pinyin(pair.word))
                out.append(Gloss(word, start + at, start + at + len(word), meaning, "en", spoken))
            at += len(pair.word)
    return out


def _simplified(text: str) -> str:
    """Character by character (``t2s``, not the phrase-level ``tw2sp``), so offsets are kept."""
    return str(opencc_converter("t2s").convert(text))


def _by_character(word: str, table: dict[str, str]) -> str:
    """A word the dictionary lacks, glossed character by character (first sense each)."""
    parts = [table[ch].split("; ")[0] for ch in word if ch in table]
    return " + ".join(parts) if len(parts) == len(word) else ""


def _latin(quote: str, start: int, language: str, reader: str) -> list[Gloss]:
    de_en, en_de = ding()
    _, en_zh = cedict()
    out: list[Gloss] = []
    for match in _LATIN_WORD.finditer(quote):
        word = match.group().casefold()
        if word in STOPWORDS or len(word) < 3:
            continue
        english = de_en.get(word, ()) if language == "de" else (word,)
        if reader == "en":
            found, target = english, "en"
        elif reader == "de":
            found, target = en_de.get(word) or en_de.get(word.removesuffix("s"), ()), "de"
        else:
            found = tuple(dict.fromkeys(zh for en in english for zh in en_zh.get(en) or en_zh.get(en[:-1], ())))
            found, target = _script(found, reader), reader
        if found and found != (word,):
            out.append(Gloss(match.group(), start + match.start(), start + match.end(), "; ".join(found[:3]), target))
    return out


def _script(words: tuple[str, ...], reader: str) -> tuple[str, ...]:
    """CC-CEDICT's simplified headwords in the reader's script."""
    if reader != "zh-Hant":
        return words
    convert = opencc_converter("s2t").convert
    return tuple(convert(w) for w in words)


UNITS = {
    "en": {"秒": "seconds", "分钟": "minutes", "分鐘": "minutes", "小时": "hours", "小時": "hours", "天": "days",
           "个月": "months", "個月": "months", "年": "years", "倍": "times", "人": "people", "次": "times", "%": "%"},
    "de": {"秒": "Sekunden", "分钟": "Minuten", "分鐘": "Minuten", "小时": "Stunden", "小時": "Stunden",
           "天": "Tage", "个月": "Monate", "個月": "Monate", "年": "Jahre", "倍": "-mal", "人": "Personen",
           "次": "-mal", "%": "%"},
}  # fmt: skip
MONTHS = {"en": list(calendar.month_name), "de": ["", "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
          "August", "September", "Oktober", "November", "Dezember"]}  # fmt: skip
_DATE = re.compile(r"^(?:(\d{4})\s*年)?\s*(?:(\d{1,2})\s*月)?\s*(?:(\d{1,2})\s*日)?$")
_AMOUNT = re.compile(r"^([\d.,一二三四五六七八九十百千万萬亿億两兩零]+)(.*)$")


def reading(value: str, reader: str) -> str | None:
    """A Chinese number or date for a reader of English or German; None when nothing is to be done."""
    if reader not in UNITS or not _HAN_RUN.search(value):
        return None
    date = _DATE.match(value)
    if date and any(date.groups()):
        year, month, day = date.groups()
        if month and not 1 <= int(month) <= 12:
            return None
        name = MONTHS[reader][int(month)] if month else ""
        if reader == "en":
            return " ".join(p for p in (name, f"{day}," if day and year else day, year) if p)
        return " ".join(p for p in (f"{day}." if day else "", name, year) if p)
    amount = _AMOUNT.match(value)
    if not amount:
        return None
    import cn2an

    number, unit = amount.groups()
    try:
        figure = cn2an.cn2an(number.replace(",", "").replace("萬", "万").replace("億", "亿"), "smart")
    except (ValueError, KeyError):
        return None
    text = f"{figure:,.0f}" if float(figure).is_integer() else f"{figure:,}"
    if reader == "de":
        text = text.replace(",", "\u2009")
    if not unit:
        return text
    word = UNITS[reader].get(unit.strip())
    return f"{text} {word}".replace(" -", "-").replace(" %", "%") if word else None
