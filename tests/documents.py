"""Real source files for the ingest tests: a news page with navigation and comments, a feed of three
articles, a PDF with a text layer, a DOCX, a scanned PDF (an image, no text). Made with the libraries
that make such files (fpdf2, python-docx, Pillow), so the readers meet the real formats."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

PAGE_FACT = "Tencent released Hunyuan video generation on December 3rd, with 13 billion parameters."
PDF_FACT = "PixVerse was founded by Wang Changhu, who previously led computer vision research at ByteDance."
DOCX_FACT = "Liu Wei hat sein Startup in Singapur gegründet, bevor er nach Peking zurückkehrte."
ARTICLES = {
    "a1": (
        "Kuaishou launches Kling",
        "Kuaishou launched the Kling video model in June, generating two-minute clips. The company said the "
        "model was trained on a large collection of licensed footage and would be offered to business customers.",
    ),
    "a2": (
        "Shengshu und Vidu",
        "Shengshu Technology stellte im April das Videomodell Vidu in Peking vor. Das Unternehmen erklärte, das "
        "Modell sei mit lizenzierten Aufnahmen trainiert worden und werde Geschäftskunden über die Cloud angeboten.",
    ),
    "a3": (
        "智譜清影",
        "智譜AI在七月發佈了視頻生成模型清影，用戶可以免費使用。公司表示，這個模型使用大量授權影像訓練，"
        "將通過雲端平台向企業客戶提供服務，分析人士預計明年國內視頻生成創業公司之間的競爭會更加激烈。",
    ),
}


MORE = {
    "": "The company said the model was trained on a large collection of licensed footage and would be offered "
    "to business customers through its cloud platform. Analysts expect competition between Chinese video "
    "generation start-ups to intensify next year.",
    "Shengshu und Vidu": "Analysten erwarten, dass der Wettbewerb zwischen chinesischen Start-ups für "
    "Videogenerierung im nächsten Jahr zunimmt.",
    "智譜清影": "業內人士認為，視頻生成模型的商業化仍需時間，但用戶增長十分迅速。",
}


def news_page(title: str, body: str, published: str = "2024-12-03") -> str:
    """A news page as sites serve them: navigation, share widget, the article, comments, a footer."""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | Tech Daily</title>
<meta name="author" content="Jane Reporter"><meta property="article:published_time" content="{published}T08:00:00Z">
<meta property="og:site_name" content="Tech Daily"></head><body>
<header><nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/share">Share</a></nav></header>
<div class="share">Share on WeChat | Share on Weibo</div>
<article><h1>{title}</h1><p>{body}</p>
<p>{MORE.get(title, MORE[""])}</p></article>
<section id="comments" class="comments"><h3>Comments</h3><div class="comment"><p>Great article! First comment here.</p>
</div><div class="comment"><p>Write a comment</p></div></section>
<footer>Copyright 2024 Tech Daily. All rights reserved. Home | About | Contact</footer></body></html>"""


def feed(base: str, updated: dict[str, str] | None = None) -> str:
    """An RSS 2.0 feed of the three articles (``updated`` maps an article to its pubDate)."""
    dates = {"a1": "Mon, 02 Dec 2024 08:00:00 GMT", "a2": "Tue, 03 Dec 2024 08:00:00 GMT"}
    dates |= {"a3": "Wed, 04 Dec 2024 08:00:00 GMT", **(updated or {})}
    items = "".join(
        f"<item><title>{title}</title><link>{base}/{name}.html</link><pubDate>{dates[name]}</pubDate></item>"
        for name, (title, _) in ARTICLES.items()
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Tech Daily</title>{items}</channel></rss>'


def pdf_bytes() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("PixVerse profile")
    pdf.set_author("Tech Daily")
    pdf.add_page()
    pdf.set_font("Helvetica", size=16)
    pdf.cell(0, 10, "PixVerse founder profile", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    body = (
        f"{PDF_FACT} The start-up builds video generation models for consumers and creators around the "
        "world, and its app has been downloaded millions of times since the launch of its third version."
    )
    pdf.multi_cell(0, 6, body)
    pdf.ln(4)
    pdf.multi_cell(0, 6, "Its investors include Alibaba and Ant Group, according to people familiar with it.")
    return bytes(pdf.output())


def scanned_pdf_bytes() -> bytes:
    """A PDF whose page is only an image of text, as a scanner makes it."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 200), "white")
    ImageDraw.Draw(image).text((20, 80), "A scanned page: this text is pixels only.", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(buffer.getvalue()), x=10, y=10, w=190)
    return bytes(pdf.output())


def docx_bytes() -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.title = "Liu Wei im Porträt"
    document.core_properties.author = "Redaktion"
    document.core_properties.created = datetime(2024, 12, 5, 9, 0)
    document.add_heading("Liu Wei im Porträt", level=1)
    document.add_paragraph(DOCX_FACT)
    table = document.add_table(rows=2, cols=2)
    for row, (key, value) in zip(table.rows, [("Firma", "Tencent"), ("Modell", "Hunyuan")], strict=True):
        row.cells[0].text, row.cells[1].text = key, value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_site(folder: Path, base: str) -> None:
    """Everything the local site serves."""
    (folder / "page.html").write_text(news_page("Tencent launches Hunyuan video", PAGE_FACT), encoding="utf-8")
    for name, (title, body) in ARTICLES.items():
        (folder / f"{name}.html").write_text(news_page(title, body), encoding="utf-8")
    (folder / "feed.xml").write_text(feed(base), encoding="utf-8")
    (folder / "report.pdf").write_bytes(pdf_bytes())
    (folder / "scan.pdf").write_bytes(scanned_pdf_bytes())
    (folder / "report.docx").write_bytes(docx_bytes())
    (folder / "data.bin").write_bytes(b"\x00\x01" * 100)
