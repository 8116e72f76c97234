"""CC-CEDICT bridge: golden translations in both directions, and what is left alone."""

from newsqa.index.dictionary import cedict, translate


def test_chinese_to_english_and_back() -> None:
    assert translate(["参数"]) == ["parameter"]
    assert translate(["新加坡"]) == ["singapore"]
    assert translate(["singapore"]) == ["新加坡"]
    assert translate(["videos"]) == ["视频"]  # a plural falls back to its singular
    assert translate(["秒钟", "创始人"]) == ["second", "creator", "founder"]


def test_ambiguous_or_unknown_tokens_are_not_translated() -> None:
    assert translate(["秒"]) == []  # single characters are too ambiguous
    assert translate(["weltweit", "videokreative"]) == []  # no German dictionary
    assert translate(["2024", "py:wang_chang"]) == []


def test_the_dictionary_is_the_bundled_cc_cedict() -> None:
    zh_en, en_zh = cedict()
    assert len(zh_en) > 100_000 and len(en_zh) > 20_000
