"""Glosses and readings, golden cases in every corpus language."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from newsqa.qa import Engine
from newsqa.qa.api import create_app
from newsqa.qa.gloss import gloss, reading
from newsqa.settings import Settings


@pytest.mark.parametrize(
    ("quote", "language", "reader", "word", "meaning"),
    [
        ("萬興科技董事長吳太兵說。", "zh-Hant", "en", "董事長", "chairman"),
        ("万兴科技董事长吴太兵说。", "zh-Hans", "de", "董事长", "chairman"),
        ("Liu Wei hat das Startup in Singapur gegründet.", "de", "en", "gegründet", "founded"),
        ("Liu Wei started his company in Singapore.", "en", "zh-Hant", "Singapore", "新加坡"),
        ("Liu Wei started his company in Singapore.", "en", "zh-Hans", "Singapore", "新加坡"),
        ("Liu Wei hat das Startup in Singapur gegründet.", "de", "zh-Hans", "Singapur", "新加坡"),
    ],
)
def test_golden_glosses(quote: str, language: str, reader: str, word: str, meaning: str) -> None:
    found = gloss(quote, 100, language, reader)
    for g in found:
        assert quote[g.start - 100 : g.end - 100] == g.text  # offsets into the document, like the quote
    match = [g for g in found if g.text == word]
    assert match and meaning in match[0].meaning, found


def test_names_keep_their_pinyin_and_same_language_is_not_glossed() -> None:
    name = next(g for g in gloss("吳太兵說。", 0, "zh-Hant", "en") if g.text == "吳太兵")
    assert name.reading == "wú tài bīng" and name.meaning == "(name)"
    assert gloss("Liu Wei started his company.", 0, "en", "en") == []
    assert gloss("萬興科技董事長吳太兵", 0, "zh-Hant", "zh-Hans") == []


@pytest.mark.parametrize(
    ("value", "reader", "expected"),
    [
        ("1.5亿", "en", "150,000,000"),
        ("两千万人", "en", "20,000,000 people"),
        ("4秒", "en", "4 seconds"),
        ("4秒", "de", "4 Sekunden"),
        ("2024年3月22日", "en", "March 22, 2024"),
        ("2024年3月22日", "de", "22. März 2024"),
        ("3 seconds", "en", None),
        ("4秒", "zh-Hant", None),
    ],
)
def test_readings(value: str, reader: str, expected: str | None) -> None:
    assert reading(value, reader) == expected


def test_api_glosses_on_request(seed_settings: Settings, engine: Engine) -> None:
    with TestClient(create_app(seed_settings, engine)) as client:
        question = {"question": "Who is Wu Taibing?"}  # only the Chinese article names him
        plain = client.post("/ask", json=question).json()
        glossed = client.post("/ask", json={**question, "gloss": True}).json()
    assert all(c["glosses"] is None for c in plain["citations"])
    chinese = [c for c in glossed["citations"] if c["language"].startswith("zh")]
    assert chinese and chinese[0]["glosses"] and all(g["reading"] for g in chinese[0]["glosses"])
