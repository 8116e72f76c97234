"""Clean a decoded article while keeping its meaning and its script.

What it does, in order: Unicode NFC; drop markup remnants (``</p>``); repair mojibake a library can repair (ftfy:
``gegrÃ¼ndet`` -> ``gegründet``) and drop fragments nobody can (UTF-8 read as GBK with
the lost bytes turned into ``?``: ``發展?jié)摿薮蟆?`` -> ``發展``), counting both; strip
inline pinyin annotations after Han characters (``設(shè)備`` -> ``設備``) but
never real parentheses (``(00700.HK)``, ``(已做精編刪減)``); drop page chrome and
navigation lines; drop verbatim repeats of a paragraph; join paragraphs with a
blank line. What it does not do: convert Traditional to Simplified Chinese
(that is for matching only, see ``normalize``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
# After a Han character, any one lowercase syllable; after anything else (a mis-encoded
# character such as the 'J' in 'J(rèn)'), only a syllable that carries a tone mark.
PINYIN_ANNOTATION = re.compile(
    rf"(?<=[\u3400-\u9fff\uf900-\ufaff])\([a-z{_TONED}]{{1,7}}\)"
    rf"|(?<=\S)\((?=[a-z{_TONED}]*[{_TONED}])[a-z{_TONED}]{{1,7}}\)"
)
MARKUP_REMNANT = re.compile(
    r"(?:<|(?<=\?))/?(?:p|div|span|br|li|ul|ol|strong|em|b|i|h[1-6])(?:\s[^<>]*)?/?>", re.IGNORECASE
)

# Whole lines that are page chrome, not article text (navigation, share and comment widgets).
CHROME_LINES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^share_log$",
        r"^write a comment$",
        r"^(?:上一篇|上一篇文章)\s*[:：].*",
        r"^(?:猜你喜歡|猜你喜欢|熱門閱讀|热门阅读|同類推薦|同类推荐|相關閱讀|相关阅读|推薦閱讀|推荐阅读)$",
        r"^(?:首頁|首页)\s*[>›].*",
        r"^startseite\s*artikel$",
        r"^(?:home|startseite)\s*[>›/].*",
        r"^willkommen zum austausch!?$",
        r"^welcome to communicate!?$",
        r"^(?:share|teilen|分享)(?:\s+(?:this|on))?\s*[:：]?$",
    )
]
MIN_REPEAT_CHARS = 8

_HAN = r"[\u3400-\u9fff\uf900-\ufaff]"
_SYLLABLE = rf"[a-z{_TONED}]{{1,7}}\)"
# UTF-8 Chinese decoded as GBK, the undecodable bytes replaced by '?' and pinyin annotations caught
# in the middle: a '?' followed by '!' or a broken annotation ('?jié)'), then runs of up to four
# characters that each end in a stray Latin letter or another '?'. The bytes are gone; drop it all.
LOSSY_GBK = re.compile(rf"(?<=\S)\?(?:!|{_SYLLABLE})(?:{_HAN}{{0,4}}(?:\?(?:{_SYLLABLE})?|[A-Za-z](?![a-z])))+")


@dataclass(frozen=True)
class CleanResult:
    """Clean text plus what cleaning removed, for the build summary."""

    text: str
    duplicates_dropped: int
    chrome_dropped: int
    pinyin_stripped: int
    mojibake_repaired: int = 0
    """Lines a library repaired (ftfy)."""
    mojibake_dropped: int = 0
    """Mis-decoded fragments that could not be repaired and were removed."""


def strip_pinyin(text: str) -> tuple[str, int]:
    """Remove pinyin annotations after Han characters. Example: '設(shè)備' -> ('設備', 1)."""
    return PINYIN_ANNOTATION.subn("", text)


def repair_mojibake(text: str) -> tuple[str, int, int]:
    """Repair what ftfy can, drop lossy GBK fragments; returns (text, lines repaired, fragments dropped).

    >>> repair_mojibake("Startup gegrÃ¼ndet. 當前,百?!凹?zhàn)正酣")
    ('Startup gegründet. 當前,百正酣', 1, 1)
    """
    import ftfy

    config = ftfy.TextFixerConfig(
        unescape_html=False,
        uncurl_quotes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        fix_line_breaks=False,
        normalization="NFC",
        explain=False,
    )
    lines = text.split("\n")
    fixed = [ftfy.fix_text(line, config) for line in lines]
    repaired = sum(a != b for a, b in zip(lines, fixed, strict=True))
    text, dropped = LOSSY_GBK.subn("", "\n".join(fixed))
    return text, repaired, dropped


def strip_markup(text: str) -> str:
    """Remove tag remnants. Example: '巨大。</p>' -> '巨大。'."""
    return MARKUP_REMNANT.sub("", text)


def is_chrome(line: str) -> bool:
    """True for navigation and widget lines. Example: '猜你喜歡' -> True."""
    return any(pattern.match(line) for pattern in CHROME_LINES)


def clean_text(text: str) -> CleanResult:
    """Clean a whole document; paragraphs in the result are separated by one blank line."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = strip_markup(text)
    text, repaired, dropped = repair_mojibake(text)
    text, pinyin = strip_pinyin(text)
    kept: list[str] = []
    seen: set[str] = set()
    duplicates = chrome = 0
    for raw_line in text.split("\n"):
        line = " ".join(raw_line.split())
        if not line:
            continue
        if is_chrome(line):
            chrome += 1
            continue
        if len(line) >= MIN_REPEAT_CHARS:
            if line in seen:
                duplicates += 1
                continue
            seen.add(line)
        kept.append(line)
    return CleanResult("\n\n".join(kept), duplicates, chrome, pinyin, repaired, dropped)
