"""Golden tests of normalization, segmentation and pinyin bridging in every language of the corpus."""

import pytest

from newsqa.index.normalize import (
    han_bridge_tokens,
    latin_bridge_tokens,
    lexical_tokens,
    segment,
    split_pinyin,
    to_simplified,
)


def test_traditional_to_simplified_with_taiwan_vocabulary() -> None:
    assert to_simplified("影片") == "视频"
    assert to_simplified("使用者") == "用户"
    assert to_simplified("位元組") == "字节"


@pytest.mark.parametrize(
    ("text", "simplified"),
    [
        ("为什么", "为什么"),  # tw2sp gives 为什幺
        ("核心技术是什么?", "核心技术是什么?"),  # tw2sp gives 内核技术是什幺?
        ("这个城市建立于1820年", "这个城市建立于1820年"),  # tw2sp gives 建于
        ("為什麼用影片?", "为什么用视频?"),
        (
            "混元 影片 模型",
            "混元 视频 模型",
        ),  # runs sharing every character with both scripts, no context: Taiwan vocabulary
        ("视频 影片", "视频 影片"),  # the same run in a Simplified text is kept
        ("騰訊 影片 Sora", "腾讯 视频 Sora"),
        ("萬興科技 腾讯开源", "万兴科技 腾讯开源"),  # a text mixing both scripts: each run by its own
    ],
)
def test_simplified_text_is_kept_and_traditional_converted(text: str, simplified: str) -> None:
    assert to_simplified(text) == simplified


def test_simplified_question_words_are_stopwords_again() -> None:
    assert "什么" in segment("腾讯混元用什么做文本编码器?")
    assert not {"什幺", "为"} & set(lexical_tokens("为什么百度不做视频模型?"))
    assert han_bridge_tokens("什么") == ["py:shen_me"]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("騰訊混元的Sora對手", ["腾讯", "混元", "的", "sora", "对手"]),
        (
            "Liu Wei hat in Singapur ein Startup gegründet",
            ["liu", "wei", "hat", "in", "singapur", "ein", "startup", "gegründet"],
        ),
        ("The DiT architecture", ["the", "dit", "architecture"]),
        ("Pixverse(愛詩科技的影片模型)", ["pixverse", "爱诗", "科技", "的", "视频", "模型"]),
    ],
)
def test_segmentation(text: str, tokens: list[str]) -> None:
    assert segment(text) == tokens


@pytest.mark.parametrize(
    ("latin", "han"),
    [
        ("Wang Changhu", "王長虎"),
        ("Zhu Xiaohu", "朱嘯虎"),
        ("Wu Taibing", "吳太兵"),
        ("Aishi", "愛詩"),
        ("Tianmu", "天幕"),
        ("Hunyuan", "混元"),
    ],
)
def test_pinyin_bridges_both_ways(latin: str, han: str) -> None:
    latin_tokens = set(latin_bridge_tokens(latin))
    assert latin_tokens and latin_tokens <= set(han_bridge_tokens(han))
    assert latin_tokens <= set(lexical_tokens(f"他说{han}很好")) & set(lexical_tokens(f"He said {latin} is fine"))


def test_non_pinyin_words_make_no_bridges() -> None:
    assert split_pinyin("Tencent") is None
    assert latin_bridge_tokens("Tencent released Sora") == []
    assert latin_bridge_tokens("wang changhu") == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Chinese advisers gave strong influence", ["chinese", "adviser", "give", "strong", "influence"]),
        ("Liu Wei hat sein Startup in Singapur gegründet", ["liu", "wei", "startup", "singapur", "gründen"]),
        ("Die Videos dauern fünf Sekunden", ["video", "dauern", "fünf", "sekunde"]),
        ("騰訊混元生成的影片", ["腾讯", "混元", "生成", "视频"]),
        ("腾讯混元生成的视频", ["腾讯", "混元", "生成", "视频"]),
    ],
)
def test_lexical_words_are_lemmas_in_every_language(text: str, words: list[str]) -> None:
    """English and German words become their dictionary forms (an inflection matches its base form
    and the dictionaries' headwords); Chinese words are left as jieba cut them; stopwords, including
    the lemmas of ist/waren (sein), are dropped."""
    assert [t for t in lexical_tokens(text) if not t.startswith("py:")] == words


def test_a_question_and_a_passage_inflected_differently_share_their_lemmas() -> None:
    question = set(lexical_tokens("Who founded the startups that generate videos?"))
    passage = set(lexical_tokens("The startup was founded in 2023 and generates five-second videos."))
    assert {"found", "startup", "generate", "video"} <= question & passage
