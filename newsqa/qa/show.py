"""What the CLI prints for people: an index summary (``qa index``) and an answer (``qa ask``;
``qa chat`` shares the gloss line)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:  # the index package loads the encoders' code; `qa --help` should not wait for it
    from newsqa.index import BuildReport


def print_index_report(out: Console, report: BuildReport, where: str) -> None:
    """The index build summary as a table: documents, chunks by language, what cleaning dropped."""
    table = Table(title=f"Index at {where}")
    table.add_column("what")
    table.add_column("value", justify="right")
    table.add_row("documents", str(report.documents))
    table.add_row("embedded now", str(len(report.embedded)))
    table.add_row("unchanged", str(len(report.unchanged)))
    table.add_row("removed", str(len(report.removed)))
    for language, count in sorted(report.chunks_by_language.items()):
        table.add_row(f"chunks ({language})", str(count))
    table.add_row("duplicate paragraphs dropped", str(report.duplicates_dropped))
    table.add_row("navigation lines dropped", str(report.chrome_dropped))
    table.add_row("pinyin annotations stripped", str(report.pinyin_stripped))
    table.add_row("mis-encoded lines repaired", str(report.mojibake_repaired))
    table.add_row("mis-encoded fragments dropped", str(report.mojibake_dropped))
    table.add_row("skipped sources", str(len(report.skipped)))
    table.add_row("seconds", f"{report.seconds:.2f}")
    if report.chunks_embedded and report.seconds:
        table.add_row("chunks/s", f"{report.chunks_embedded / report.seconds:.1f}")
        table.add_row("characters/s", f"{report.characters_embedded / report.seconds:,.0f}")
        table.add_row("encoding floor, s", f"{report.floor_seconds:.2f}")
        table.add_row("time / floor", f"{report.floor_ratio}")
    out.print(table)


@contextmanager
def build_progress(err: Console, disable: bool = False) -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar for ``qa index`` (chunks embedded of the total, chunks/s, time left); yields the
    callback ``build`` calls after each batch."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]} chunks/s"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=True, disable=disable) as bar:
        task = bar.add_task("embedding", total=None, rate="-")

        def progress(doc_id: str, done: int, total: int) -> None:
            speed = bar.tasks[0].speed
            rate = f"{speed:.1f}" if speed else "-"
            bar.update(task, completed=done, total=total or None, description=f"embedding {doc_id}", rate=rate)

        yield progress


def print_answer(out: Console, data: dict[str, Any], gloss: bool = False) -> None:
    """The short answer first, the answer, its numbered sources (with glosses when asked) or the
    related reading, and the confidence."""
    short = data.get("short")
    if short:
        reading = f" ({short['reading']})" if short.get("reading") else ""
        out.print(Text.assemble((short["text"], "bold"), reading, f" [{short['n']}]"), highlight=False)
    out.print(data["answer"], highlight=False, markup=False)
    if data["citations"]:
        out.print("\nSources", style="bold")
        for c in data["citations"]:
            out.print(f"[{c['n']}] {c['title']} ({c['language']}, {c['doc_id']})", highlight=False, markup=False)
            out.print(f"    “{c['quote']}”", highlight=False, markup=False)
            if gloss and c.get("glosses"):
                out.print(Text(gloss_line(c), style="dim"), highlight=False)
    elif data.get("related"):
        out.print("\nRelated reading", style="bold")
        for h in data["related"][:3]:
            out.print(f"- {h['title']} ({h['language']}, {h['doc_id']})", highlight=False, markup=False)
            out.print(f"    {excerpt(h['text'])}", highlight=False, markup=False)
    out.print(f"\nconfidence {data['confidence']:.3f}", style="dim")  # 3 places: 0.146 is below a 0.1495 cut


def excerpt(text: str, most: int = 100) -> str:
    """A passage on one line, cut at ``most`` characters (two passages of one document differ here).

    >>> excerpt("騰訊科技:你們在最初創業的時候   也見過朱嘯虎?", 12)
    '騰訊科技:你們在最初創業…'
    """
    flat = " ".join(text.split())
    return flat if len(flat) <= most else flat[:most].rstrip() + "…"


def gloss_line(citation: dict[str, Any]) -> str:
    """The glosses of a quote on one line.

    >>> gloss_line({"glosses": [{"text": "視頻", "reading": "shì pín", "meaning": "video"}]})
    '    gloss: 視頻 shì pín = video'
    """
    words = [" ".join(filter(None, (g["text"], g.get("reading"), "=", g["meaning"]))) for g in citation["glosses"]]
    return "    gloss: " + " · ".join(words)
