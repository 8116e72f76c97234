"""Each source format read by its library, from real files: what is kept, what is dropped, what is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsqa.errors import SourceError
from newsqa.index.clean import clean_text
from newsqa.index.formats import extract, reflow
from newsqa.index.load import load_paths
from newsqa.index.prepare import prepare
from tests import documents

SEED_004 = Path(__file__).resolve().parents[2] / "seeds" / "004_b0cce06f54e4c680.txt"


def test_news_page_keeps_the_article_and_its_metadata_without_navigation_or_comments() -> None:
    page = documents.news_page("Tencent launches Hunyuan video", documents.PAGE_FACT)
    found = extract(page.encode(), "html", url="https://news.example.com/hunyuan")
    assert documents.PAGE_FACT in found.text
    for chrome in ("Home", "Share on", "First comment", "Write a comment", "Copyright", "Comments"):
        assert chrome not in found.text, chrome
    assert (found.title, found.author, found.published, found.site) == (
        "Tencent launches Hunyuan video",
        "Jane Reporter",
        "2024-12-03",
        "Tech Daily",
    )


def test_markdown_leaves_no_syntax_in_the_text(tmp_path: Path) -> None:
    (tmp_path / "profile.md").write_text(
        "# PixVerse founder profile\n\n**Wang Changhu** founded [PixVerse](https://pixverse.ai) in *2023*.\n\n"
        "- It makes `video` models\n- ![logo](x.png) Based in Beijing\n\n| Year | Event |\n|---|---|\n| 2024 | V3 |\n",
        encoding="utf-8",
    )
    doc = prepare(load_paths([tmp_path]).documents[0], 256, 40)
    assert doc.record.title == "PixVerse founder profile"
    assert doc.record.text.split("\n\n") == [
        "PixVerse founder profile",
        "Wang Changhu founded PixVerse in 2023.",
        "It makes video models",
        "logo Based in Beijing",
        "Year | Event",
        "2024 | V3",
    ]
    assert not any(mark in doc.record.text for mark in ("#", "**", "](", "`", "|---"))


def test_pdf_text_layer_is_reflowed_into_sentences(tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_bytes(documents.pdf_bytes())
    raw = load_paths([tmp_path]).documents[0]
    assert documents.PDF_FACT in raw.text  # one sentence, although the PDF wraps it over two lines
    assert (raw.title, raw.author) == ("PixVerse profile", "Tech Daily")


def test_scanned_pdf_is_refused_with_a_clear_message(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "scan.pdf").write_bytes(documents.scanned_pdf_bytes())
    result = load_paths([tmp_path])
    assert not result.documents
    assert "scan.pdf" in caplog.text and "no text layer" in result.skipped[0][1] and "OCR" in result.skipped[0][1]


def test_broken_pdf_and_docx_are_refused() -> None:
    with pytest.raises(SourceError, match="PDF"):
        extract(b"%PDF-1.4 this is not really a pdf", "pdf")
    with pytest.raises(SourceError, match="DOCX"):
        extract(b"PK\x03\x04 not a zip", "docx")


def test_docx_paragraphs_tables_and_properties(tmp_path: Path) -> None:
    (tmp_path / "portrait.docx").write_bytes(documents.docx_bytes())
    raw = load_paths([tmp_path]).documents[0]
    assert raw.text.split("\n") == ["Liu Wei im Porträt", documents.DOCX_FACT, "Firma | Tencent", "Modell | Hunyuan"]
    assert (raw.title, raw.author, raw.published) == ("Liu Wei im Porträt", "Redaktion", "2024-12-05")


def test_reflow_joins_wrapped_lines_but_keeps_headings_and_chinese_unspaced() -> None:
    text = (
        "Heading\nA long line of a paragraph that wraps onto the next line at the\nmargin here.\n"
        "視頻大模型的發展潛力巨大，國內外各家科技公司和\n創業公司都在投入。"
    )
    assert reflow(text).split("\n") == [
        "Heading",
        "A long line of a paragraph that wraps onto the next line at the margin here.",
        "視頻大模型的發展潛力巨大，國內外各家科技公司和創業公司都在投入。",
    ]


def test_mojibake_in_seed_004_is_dropped_and_counted() -> None:
    cleaned = clean_text(SEED_004.read_text(encoding="utf-8"))
    assert cleaned.mojibake_dropped == 5
    for broken in ("?jié)", "摿薮蟆", "?yàn)", "橐曨", "?!", "眳翘", "凹"):
        assert broken not in cleaned.text, broken
    assert "?" not in cleaned.text
    assert "視頻大模型發展\n\n4月底" in cleaned.text  # the line around the fragment survives
    assert "當前,百正酣”,大廠和創業公司" in cleaned.text


def test_mojibake_a_library_can_repair_is_repaired_and_real_question_marks_stay() -> None:
    cleaned = clean_text("Liu Wei hat in Singapur ein Startup gegrÃ¼ndet.\n\n真的?!他說。你好嗎?我很好。Is it?! Yes.")
    assert cleaned.text == "Liu Wei hat in Singapur ein Startup gegründet.\n\n真的?!他說。你好嗎?我很好。Is it?! Yes."
    assert (cleaned.mojibake_repaired, cleaned.mojibake_dropped) == (1, 0)
