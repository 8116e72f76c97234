"""Offsets, token bounds, sentence splitting and language tags."""

import itertools
from pathlib import Path

import pytest

from newsqa.index.chunk import chunk_text, sentences
from newsqa.index.clean import clean_text
from newsqa.index.lang import detect_language
from newsqa.index.load import RawDocument
from newsqa.index.prepare import make_title, prepare
from newsqa.index.tokens import count_tokens

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem[:3])
def test_offsets_and_token_bounds_on_every_seed(path: Path) -> None:
    text = clean_text(path.read_text(encoding="utf-8")).text
    chunks = chunk_text(text, max_tokens=256, min_tokens=40)
    assert chunks
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert count_tokens(chunk.text) <= 256
    for a, b in itertools.pairwise(chunks):
        assert a.end <= b.start


def test_small_bound_cuts_long_sentences() -> None:
    text = clean_text(SEEDS[3].read_text(encoding="utf-8")).text
    chunks = chunk_text(text, max_tokens=32, min_tokens=0)
    assert all(count_tokens(c.text) <= 32 for c in chunks)
    assert all(text[c.start : c.end] == c.text for c in chunks)


def test_sentences_in_every_language() -> None:
    assert [s.text for s in sentences("Er sagte 3.05 Mio. Dollar. Tencent (00700.HK) stieg!")] == [
        "Er sagte 3.05 Mio.",
        "Dollar.",
        "Tencent (00700.HK) stieg!",
    ]
    assert [s.text for s in sentences("他說:“好。”然後走了；真的？")] == [
        "他說:“好。”",
        "然後走了；",
        "真的？",
    ]
    assert [s.text for s in sentences("Is it true? Yes.\nNext line")] == ["Is it true?", "Yes.", "Next line"]


# A golden table (one case per line); its shape repeats other parametrized tests by design.
@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Liu Wei hat in Singapur ein Startup gegründet.", "de"),
        ("Liu Wei has started a business in Singapore.", "en"),
        ("創業沒被朱嘯虎勸退,位元組AI老將王長虎相信影片大模型的中國機會", "zh-Hant"),
        ("腾讯版“Sora”加入文生视频战场", "zh-Hans"),
        ("Wo hat Liu Wei sein Startup gegründet?", "de"),
    ],
)
def test_language_tags(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_prepared_seeds_have_titles_languages_and_ids() -> None:
    for path in SEEDS:
        raw = RawDocument(path.stem, path.read_text(encoding="utf-8"), str(path), "utf-8")
        doc = prepare(raw, 256, 40)
        assert doc.record.title and len(doc.record.title) <= 160
        assert all(c.chunk_id.startswith(path.stem) for c in doc.chunks)
        assert len({c.chunk_id for c in doc.chunks}) == len(doc.chunks)
        for s in doc.sentences:
            assert doc.record.text[s.start : s.end] == s.text
    langs = {
        p.stem[:3]: prepare(
            RawDocument(p.stem, p.read_text(encoding="utf-8"), str(p), "utf-8"), 256, 40
        ).record.language
        for p in SEEDS
    }
    assert langs == {"000": "de", "001": "en", "002": "en", "003": "zh-Hant", "004": "zh-Hant"}


def test_title_rules() -> None:
    assert make_title("# Heading\n\nbody") == "Heading"
    assert make_title("x" * 400).endswith("…")


def test_token_counts_golden() -> None:
    assert count_tokens("hello world") == 2
    assert count_tokens("創業沒被朱嘯虎勸退,位元組AI老將王長虎相信影片大模型的中國機會") == 49
    assert count_tokens("<|endoftext|>") > 1
