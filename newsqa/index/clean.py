"""Clean a decoded article while keeping its meaning and its script.

What it does, in order: Unicode NFC; drop markup remnants (``</p>``); strip
inline pinyin annotations after Han characters (``設(shè)備`` -> ``設備``) but
never real parentheses (``(00700.HK)``, ``(已做精編刪減)``); drop page chrome and
navigation lines; drop verbatim repeats of a paragraph; join paragraphs with a
blank line. What it does not do: convert Traditional to Simplified Chinese
(that is for matching only, see ``normalize``), or repair mis-encoded bytes.
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


@dataclass(frozen=True)
class CleanResult:
    """Clean text plus what cleaning removed, for the build summary."""

    text: str
    duplicates_dropped: int
    chrome_dropped: int
    pinyin_stripped: int


def strip_pinyin(text: str) -> tuple[str, int]:
    """Remove pinyin annotations after Han characters. Example: '設(shè)備' -> ('設備', 1)."""
    return PINYIN_ANNOTATION.subn("", text)


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
    return CleanResult("\n\n".join(kept), duplicates, chrome, pinyin)
