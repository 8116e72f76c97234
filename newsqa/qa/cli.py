"""The ``qa`` command: index, ask, search, chat, serve, eval.

Every command works in-process, or against a running server with ``--url``.
``--json`` prints machine-readable output. Errors are one line on stderr and
exit code 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from newsqa.errors import QAError
from newsqa.settings import TOP_K_MAX, get_settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
out = Console()
err = Console(stderr=True)

UrlOpt = Annotated[str | None, typer.Option("--url", help="Talk to a running server, e.g. http://127.0.0.1:8000")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
TopK = Annotated[
    int | None, typer.Option("--top-k", "-k", min=1, max=TOP_K_MAX, help="Passages to retrieve [default: QA_TOP_K, 5].")
]


def fail(message: str) -> NoReturn:
    """Print one line and exit 1."""
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def remote(url: str, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    """Call the HTTP API; a down server or an error status becomes one line and exit 1."""
    import httpx

    try:
        response = httpx.request(method, url.rstrip("/") + path, json=body, timeout=60)
    except httpx.HTTPError as error:
        fail(f"cannot reach the server at {url} ({type(error).__name__}); is `qa serve` running?")
    if response.status_code >= 400:
        try:
            detail = response.json().get("detail", response.text)
        except ValueError:
            detail = response.text
        fail(f"the server answered {response.status_code}: {detail}")
    return response.json()


@app.command()
def index(
    paths: Annotated[list[Path] | None, typer.Argument(help="Folders or files (default: seeds/).")] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Drop the index and build it again.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Build or update the index from .txt, .md and .html files.

    Example: qa index seeds/    (run it again: nothing changed, nothing embedded)
    """
    from rich.progress import Progress

    from newsqa.index import build

    settings = get_settings()
    with Progress(console=err, transient=True, disable=as_json) as bar:
        task = bar.add_task("embedding", total=None)

        def progress(doc_id: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=f"embedding {doc_id}")

        try:
            report = build(paths or [Path("seeds")], settings, rebuild=rebuild, progress=progress)
        except QAError as error:
            fail(str(error))
    for path, reason in report.skipped:
        err.print(f"[yellow]warning:[/yellow] skipped {path}: {reason}", highlight=False)
    if as_json:
        print(json.dumps({**report.__dict__, "chunks_by_language": dict(report.chunks_by_language)}))
        return
    table = Table(title=f"Index at {settings.chroma_url or settings.chroma_path}")
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
    table.add_row("skipped files", str(len(report.skipped)))
    table.add_row("seconds", f"{report.seconds:.2f}")
    out.print(table)


def _print_answer(data: dict[str, Any]) -> None:
    short = data.get("short")
    if short:
        out.print(Text.assemble((short["text"], "bold"), f" [{short['n']}]"), highlight=False)
    out.print(data["answer"], highlight=False)
    if data["citations"]:
        out.print("\n[bold]Sources[/bold]")
        for c in data["citations"]:
            out.print(f"[{c['n']}] {c['title']} ({c['language']}, {c['doc_id']})", highlight=False, markup=False)
            out.print(f"    “{c['quote']}”", highlight=False, markup=False)
    elif data.get("related"):
        out.print("\n[bold]Related reading[/bold]")
        for h in data["related"][:3]:
            out.print(f"- {h['title']} ({h['language']}, {h['doc_id']})", highlight=False, markup=False)
    out.print(f"\nconfidence {data['confidence']:.2f}", style="dim")


def _ask(question: str, history: list[dict[str, str]], top_k: int | None, url: str | None) -> dict[str, Any]:
    if url:
        body = {"question": question, "top_k": top_k, "history": history or None}
        return dict(remote(url, "POST", "/ask", body))
    from newsqa.qa import ask as ask_local

    try:
        return ask_local(question, history=history, top_k=top_k).to_dict()
    except QAError as error:
        fail(str(error))
        raise


@app.command()
def ask(question: str, top_k: TopK = None, url: UrlOpt = None, as_json: JsonOpt = False) -> None:
    """Answer a question from the documents, with numbered sources.

    Example: qa ask "Where did Liu Wei start his company?"
    """
    data = _ask(question, [], top_k, url)
    if as_json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        _print_answer(data)


@app.command()
def search(
    query: str,
    top_k: TopK = None,
    language: Annotated[list[str] | None, typer.Option("--language", "-l", help="en, de, zh-Hant, zh-Hans")] = None,
    doc_id: Annotated[list[str] | None, typer.Option("--doc", help="Only this document (repeatable).")] = None,
    url: UrlOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List the passages that best match a query.

    Example: qa search "Wang Changhu" -k 3 --language zh-Hant
    """
    if url:
        body = {"query": query, "top_k": top_k, "languages": language, "doc_ids": doc_id}
        results = remote(url, "POST", "/search", body)["results"]
    else:
        from newsqa.qa import search as search_local

        try:
            results = [h.to_dict() for h in search_local(query, top_k, language, doc_id)]
        except QAError as error:
            fail(str(error))
    if as_json:
        print(json.dumps(results, ensure_ascii=False))
        return
    for r in results:
        out.print(f"{r['rank']}. [{r['score']:.2f}] {r['title']} ({r['language']}, {r['chunk_id']})", markup=False)
        out.print(f"   {r['text'][:300]}", highlight=False, markup=False)


@app.command()
def chat(url: UrlOpt = None, top_k: TopK = None) -> None:
    """A conversation: follow-up questions use the history.

    Commands: /sources, /open N, /reset, /help, /quit. Ctrl-C cancels the line, Ctrl-D exits.
    Example: qa chat --url http://127.0.0.1:8000
    """
    from .chat import run_chat

    run_chat(lambda q, h: _ask(q, h, top_k, url), lambda d: _document(d, url), out)


def _document(doc_id: str, url: str | None) -> dict[str, Any]:
    if url:
        return dict(remote(url, "GET", f"/documents/{doc_id}"))
    from newsqa.qa import get_engine

    d = get_engine().document(doc_id)
    return {"doc_id": d.doc_id, "title": d.title, "text": d.text}


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes (need QA_CHROMA_URL).")] = 1,
) -> None:
    """Start the HTTP API (OpenAPI docs at /docs).

    Example: qa serve --host 127.0.0.1 --port 8000
    Example: QA_CHROMA_URL=http://127.0.0.1:8001 qa serve --workers 4
    """
    import uvicorn

    settings = get_settings()
    if workers > 1 and not settings.chroma_url:
        fail(
            "several workers cannot share the embedded store (Chroma's embedded mode is not safe across "
            "processes); start `chroma run --path DIR --host 127.0.0.1 --port 8001` and set "
            "QA_CHROMA_URL=http://127.0.0.1:8001"
        )
    uvicorn.run(
        "newsqa.qa.api.main:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        log_level="info",
    )


@app.command(name="eval")
def evaluate(
    mode: Annotated[str, typer.Option(help="hybrid, dense, lexical or all")] = "hybrid",
    suite: Annotated[str, typer.Option(help="seeds, xquad or all")] = "seeds",
    url: UrlOpt = None,
    questions: Annotated[Path | None, typer.Option(help="Question file (JSON lines).")] = None,
    gate: Annotated[bool, typer.Option("--gate", help="Fail when below the committed baseline.")] = False,
    report: Annotated[bool, typer.Option("--report/--no-report", help="Write report.md, report.json, a chart.")] = True,
    report_dir: Annotated[
        Path | None, typer.Option("--out", help="Folder for the report [default: ./eval-report].", file_okay=False)
    ] = None,
) -> None:
    """Score retrieval, answers, abstention and latency per suite and split; --gate checks validation figures.

    Example: qa eval --suite all --mode all
    """
    from newsqa.eval.runner import REPORT_DIR
    from newsqa.eval.runner import main as run_eval
    from newsqa.eval.suites import SUITES

    if suite not in (*SUITES, "all"):
        fail(f"unknown suite {suite!r}; use {', '.join(SUITES)} or all")
    code = run_eval(
        mode=mode,
        url=url,
        questions=questions,
        gate=gate,
        console=out,
        write=report,
        suite=suite,
        out=report_dir or REPORT_DIR,
    )
    sys.exit(code)


def main() -> None:
    """Entry point of the ``qa`` console script."""
    app()


if __name__ == "__main__":
    main()
