"""The dictionary bridges: golden translations in every direction, and what is left alone."""

from newsqa.index.dictionary import cedict, ding, translate


def test_chinese_to_english_and_back() -> None:
    assert translate(["参数"]) == ["parameter"]
    assert translate(["新加坡"]) == ["singapore"]
    assert translate(["singapore"]) == ["新加坡"]
    assert translate(["videos"]) == ["视频"]  # a plural falls back to its singular
    assert translate(["秒钟", "创始人"]) == ["second", "creator", "founder"]


def test_ambiguous_or_unknown_tokens_are_not_translated() -> None:
    assert translate(["秒"]) == []  # single characters are too ambiguous
    assert translate(["weltweit", "videokreative"]) == []  # German words are looked up only for German questions
    assert translate(["2024", "py:wang_chang"]) == []


def test_german_crosses_to_english_and_through_english_to_chinese() -> None:
    assert translate(["gegründet"], "de")[:3] == ["founded", "formed", "established"]
    assert translate(["singapur"], "de") == ["singapore", "新加坡"]
    assert "gegründet" in translate(["founded"], "en") and "新加坡" in translate(["singapore"], "en")
    assert "singapur" in translate(["新加坡"], "zh-Hans")
    assert translate(["hat"], "en") == translate(["hat"])  # an English word is never read as German


def test_the_german_dictionary_is_debians_ding() -> None:
    de_en, en_de = ding()
    assert len(de_en) > 200_000 and len(en_de) > 50_000


def test_the_dictionary_is_the_bundled_cc_cedict() -> None:
    zh_en, en_zh = cedict()
    assert len(zh_en) > 100_000 and len(en_zh) > 20_000
