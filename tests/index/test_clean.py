"""Golden tests for cleaning, on real seed lines in every language of the corpus."""

from pathlib import Path

import pytest

from newsqa.index.clean import clean_text, is_chrome, strip_markup, strip_pinyin

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed(name: str) -> str:
    return next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("終端設(shè)備制造商", "終端設備制造商"),
        ("網(wǎng)上發(fā)布的片頭中", "網上發布的片頭中"),
        ("眳翘J(rèn)為,巨頭", "眳翘J為,巨頭"),
        ("$TENCENT (00700.HK)$ the Hunyuan", "$TENCENT (00700.HK)$ the Hunyuan"),
        ("以下為對話內容(已做精編刪減):", "以下為對話內容(已做精編刪減):"),
        ("Pixverse(愛詩科技的影片模型)", "Pixverse(愛詩科技的影片模型)"),
        ("infrastructure(基礎設施)", "infrastructure(基礎設施)"),
    ],
)
def test_pinyin_annotations_only(raw: str, expected: str) -> None:
    assert strip_pinyin(raw)[0] == expected


def test_seed_004_has_218_annotations_and_loses_all() -> None:
    result = clean_text(seed("004"))
    assert result.pinyin_stripped == 218
    assert "(shù)" not in result.text and "(yè)" not in result.text
    assert "萬興科技董事長吳太兵" in result.text


def test_markup_remnants() -> None:
    assert strip_markup("發展潛力巨大。</p>") == "發展潛力巨大。"
    assert strip_markup("摿薮蟆?/p>") == "摿薮蟆?"
    assert "</p>" not in clean_text(seed("004")).text and "/p>" not in clean_text(seed("004")).text


# A golden table (one case per line); its shape repeats other parametrized tests by design.
@pytest.mark.parametrize(
    "line",
    [
        "share_log",
        "Write a comment",
        "上一篇:對Temu的預估... 下一篇:貨幣基金雙休...",
        "猜你喜歡",
        "熱門閱讀",
        "同類推薦",
        "首頁 > 科技",
        "StartseiteArtikel",
        "Willkommen zum Austausch!",
    ],
)
def test_chrome_lines(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "Write a comment about the model, he said.",
        "熱門閱讀的文章很多。",
        "Liu Wei, one of the technical leads",
    ],
)
def test_content_is_not_chrome(line: str) -> None:
    assert not is_chrome(line)


def test_repeated_introduction_kept_once() -> None:
    raw = seed("003")
    intro = "朱嘯虎曾堅決勸退一位大模型領域創業者。"
    assert raw.count(intro) == 3
    result = clean_text(raw)
    assert result.text.count(intro) == 1
    assert result.duplicates_dropped > 0
    assert "上一篇" not in result.text and "猜你喜歡" not in result.text


def test_script_is_kept() -> None:
    text = clean_text(seed("003")).text
    assert "影片" in text and "使用者" in text and "位元組" in text
    assert "视频" not in text


def test_golden_first_lines() -> None:
    assert clean_text(seed("000")).text.split("\n\n")[0] == (
        "Liu Wei, einer der technischen Leiter von Tencent Mixed Elements, hat das Unternehmen verlassen, "
        "um ein eigenes Unternehmen zu gründen."
    )
    assert clean_text(seed("002")).text.split("\n\n")[:2] == [
        "腾讯版“Sora”加入文生视频战场",
        "The Tencent version of 'Sora' joins the text-to-video battlefield.",
    ]
    assert clean_text(seed("004")).text.startswith("在近期熱播綜藝《歌手2024》中,網上發布的片頭中")
