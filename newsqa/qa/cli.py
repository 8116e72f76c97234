"""The qa command: index, ask, search, chat, serve, mcp, eval.

Every command works in this process, or against a running server with --url (or QA_URL); when
a running qa serve owns the index, ask, search and chat talk to it by themselves. --url and
--json go before or after the command. --json prints machine-readable output. Errors are one
line on stderr and exit code 1.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer
from rich.console import Console

from newsqa.errors import QAError
from newsqa.settings import TOP_K_MAX, get_settings

from .backend import Backend, Remote, connect
from .show import build_progress, print_answer, print_index_report

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__, rich_markup_mode=None)
out = Console()
err = Console(stderr=True)
T = TypeVar("T")

UrlOpt = Annotated[str | None, typer.Option("--url", help="Talk to a running server, e.g. http://127.0.0.1:8000")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
TopK = Annotated[
    int | None, typer.Option("--top-k", "-k", min=1, max=TOP_K_MAX, help="Passages to retrieve [default: QA_TOP_K, 5].")
]
GlossOpt = Annotated[
    bool, typer.Option("--gloss", help="Gloss the words of quotes that are not in the question's language.")
]


@dataclass
class Common:
    """--url and --json given before the command."""

    url: str | None = None
    json: bool = False


@app.callback()
def common(
    ctx: typer.Context,
    url: Annotated[
        str | None, typer.Option("--url", envvar="QA_URL", help="Talk to a running server, e.g. http://127.0.0.1:8000")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    ctx.obj = Common(url, as_json)


def _common(ctx: typer.Context, url: str | None, as_json: bool) -> tuple[str | None, bool]:
    """The options given after the command, else those before it."""
    before = ctx.obj if isinstance(ctx.obj, Common) else Common()
    return url or before.url, as_json or before.json


def fail(message: str) -> NoReturn:
    """Print one line and exit 1."""
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def backend(url: str | None) -> Backend:
    """Where questions go (see ``newsqa.qa.backend``); says so when it is a server found by itself."""
    chosen = connect(url, get_settings())
    if isinstance(chosen, Remote) and not url:
        err.print(f"asking {chosen.where}", style="dim", highlight=False)
    return chosen


def guarded(call: Callable[[], T], where: Backend) -> T:
    """Run ``call``; a QAError is one line and exit 1. The first question in this process waits for
    the models, which takes a while: a line says so, and a spinner turns while it waits."""
    try:
        with _waiting(where):
            return call()
    except QAError as error:
        fail(str(error))


@contextmanager
def _waiting(where: Backend) -> Iterator[None]:
    if where.ready():
        with err.status("thinking…", spinner="dots"):
            yield
        return
    err.print("loading the models and the index (first question only)…", style="dim", highlight=False)
    with err.status("loading models…", spinner="dots"):
        yield


@app.command()
def index(
    ctx: typer.Context,
    sources: Annotated[
        list[str] | None, typer.Argument(help="Folders, files or http(s) URLs of pages and feeds (default: seeds/).")
    ] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Drop the index and build it again.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Build or update the index from .txt, .md, .html, .pdf and .docx files, web pages and RSS/Atom feeds.

    Example: qa index seeds/ https://example.com/feed.xml   (again: nothing changed, nothing embedded)
    """
    _, as_json = _common(ctx, None, as_json)

    from newsqa.index import build

    settings = get_settings()
    with build_progress(err, disable=as_json) as progress:
        try:
            report = build(sources or ["seeds"], settings, rebuild=rebuild, progress=progress)
        except QAError as error:
            fail(str(error))
    for path, reason in report.skipped:
        err.print(f"[yellow]warning:[/yellow] skipped {path}: {reason}", highlight=False)
    if as_json:
        extra = {"chunks_by_language": dict(report.chunks_by_language), "floor_ratio": report.floor_ratio}
        print(json.dumps({**report.__dict__, **extra}))
    else:
        print_index_report(out, report, str(settings.chroma_url or settings.chroma_path))
    if {source for source, _ in report.skipped} & set(sources or []):
        raise typer.Exit(1)  # a file or URL named on the command line could not be indexed


@app.command()
def ask(
    ctx: typer.Context,
    question: str,
    top_k: TopK = None,
    gloss: GlossOpt = False,
    url: UrlOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Answer a question from the documents, with numbered sources.

    Example: qa ask "Where did Liu Wei start his company?"

    Example: qa --url http://127.0.0.1:8000 ask "Wie lang sind die Videos von Hunyuan?" --gloss
    """
    url, as_json = _common(ctx, url, as_json)
    where = backend(url)
    data = guarded(lambda: where.ask(question, [], top_k, gloss), where)
    if as_json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        print_answer(out, data, gloss)


@app.command()
def search(
    ctx: typer.Context,
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
    url, as_json = _common(ctx, url, as_json)
    where = backend(url)
    results = guarded(lambda: where.search(query, top_k, language, doc_id), where)
    if as_json:
        print(json.dumps(results, ensure_ascii=False))
        return
    for r in results:
        out.print(f"{r['rank']}. [{r['score']:.2f}] {r['title']} ({r['language']}, {r['chunk_id']})", markup=False)
        out.print(f"   {r['text'][:300]}", highlight=False, markup=False)


@app.command()
def chat(ctx: typer.Context, url: UrlOpt = None, top_k: TopK = None, gloss: GlossOpt = False) -> None:
    """A conversation: follow-up questions use the history.

    Commands: /sources, /open N, /reset, /help, /quit. Ctrl-C cancels the line, Ctrl-D exits.

    Example: qa chat --url http://127.0.0.1:8000
    """
    from .chat import run_chat

    url, _ = _common(ctx, url, False)
    where = backend(url)
    run_chat(
        lambda q, h: guarded(lambda: where.ask(q, h, top_k, gloss), where),
        lambda d: guarded(lambda: where.document(d), where),
        out,
        gloss,
    )


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes (need QA_CHROMA_URL).")] = 1,
) -> None:
    """Start the HTTP API (OpenAPI docs at /docs, OpenAI-compatible chat at /v1).

    Example: qa serve --host 127.0.0.1 --port 8000

    Example: QA_CHROMA_URL=http://127.0.0.1:8001 qa serve --workers 4
    """
    settings = get_settings()
    if workers > 1 and not settings.chroma_url:
        fail(
            "several workers cannot share the embedded store (Chroma's embedded mode is not safe across "
            "processes); start `chroma run --path DIR --host 127.0.0.1 --port 8001` and set "
            "QA_CHROMA_URL=http://127.0.0.1:8001"
        )
    from .api.main import run_server

    run_server(settings, host or settings.host, port or settings.port, workers)


@app.command()
def mcp(
    ctx: typer.Context,
    http: Annotated[bool, typer.Option("--http", help="Serve streamable HTTP instead of stdio.")] = False,
    host: Annotated[str, typer.Option(help="Address for --http.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port for --http.")] = 8765,
    url: UrlOpt = None,
) -> None:
    """Serve the index over the Model Context Protocol (tools: search, ask, get_document, list_documents).

    Example: qa mcp    (stdio, for an agent host such as Claude Desktop)

    Example: qa mcp --http --port 8765    (streamable HTTP at http://127.0.0.1:8765/mcp)
    """
    from .mcp_server import serve_mcp

    url, _ = _common(ctx, url, False)
    serve_mcp(connect(url, get_settings()), http=http, host=host, port=port)


@app.command(name="eval")
def evaluate(
    ctx: typer.Context,
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

    url, _ = _common(ctx, url, False)
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
