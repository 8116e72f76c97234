"""Turn the benchmark figures into bench/report.md, report.json and latency_vs_size.png."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .ingest import section


def ratios(r: dict[str, Any]) -> dict[str, float]:
    """Each headline figure against its floor."""
    floor = r["floor_ms"]["sum_p50"]
    ip, http = r["in_process_ms"], r["http_ms"]
    out = {
        "ask_p50 / encoding floor": ip["ask"]["p50"] / floor,
        "search_p50 / encoding floor": ip["search"]["p50"] / floor,
        "http ask_p50 / in-process": http["ask"]["p50"] / ip["ask"]["p50"],
        "http search_p50 / in-process": http["search"]["p50"] / ip["search"]["p50"],
    }
    points = {p["size"]: p for p in r["scale"] if "error" not in p}
    if points:
        small, large = points[min(points)], points[max(points)]
        out[f"search_p95 {max(points)} / {min(points)}"] = large["search_ms"]["p95"] / small["search_ms"]["p95"]
        out[f"ask_p95 {max(points)} / {min(points)}"] = large["ask_ms"]["p95"] / small["ask_ms"]["p95"]
    return {k: round(v, 2) for k, v in out.items()}


def _row(name: str, s: dict[str, Any]) -> str:
    return f"| {name} | {s['p50']} | {s['p95']} | {s.get('rps', '')} |"


def markdown(r: dict[str, Any]) -> str:
    m = r.get("machine", {})
    lines = [
        "# Benchmark",
        "",
        "Produced by `make bench` (one run). Milliseconds. Machine (read from it): "
        + ", ".join(f"{k} {v}" for k, v in m.items()),
        "",
        "## Floor: encoding one question",
        "",
        "| encoder | p50 | p95 | |",
        "|---|---|---|---|",
    ]
    for name, s in r["floor_ms"].items():
        if isinstance(s, dict):
            lines.append(_row(name, s))
    lines += [
        f"| sum (the floor) | {r['floor_ms']['sum_p50']} | {r['floor_ms']['sum_p95']} | |",
        "",
        "## search and ask, warm",
        "",
        "Every row is uncached: each call encodes its question (1 client: the query cache is cleared",
        "before each call; 16 clients and HTTP: every question is made unique, so no vector is reused).",
        "",
        "| call | p50 | p95 | req/s |",
        "|---|---|---|---|",
    ]
    for where in ("in_process_ms", "http_ms"):
        for key in ("search", "ask", "search_16", "ask_16"):
            clients = "16 clients" if key.endswith("16") else "1 client"
            lines.append(_row(f"{where.split('_')[0]} {key.split('_')[0]} ({clients})", r[where][key]))
    lines += [
        "",
        "## Ratios (goals: ask ≤ 2× floor; HTTP adds < 1/3; 100k search p95 ≤ 3× 1k)",
        "",
        "| ratio | value |",
        "|---|---|",
    ]
    lines += [f"| {k} | {v} |" for k, v in ratios(r).items()]
    lines += [
        "",
        "## Index and memory",
        "",
        f"- `qa index seeds` cold: {r['index']['cold_s']} s; again with nothing changed: {r['index']['noop_s']} s",
        f"- server after warm-up: RSS {r['http_ms']['server_memory']['rss_mb']} MB, "
        f"peak {r['http_ms']['server_memory']['peak_rss_mb']} MB",
        "",
        *([section(r["ingest"])] if "ingest" in r else []),
        "## Scale curve (synthetic corpora from recombined seed sentences)",
        "",
        "Build in one process, measurement in a fresh one: start-up includes loading the encoders;",
        "serving memory is the measuring process's own, builder memory the building process's peak.",
        "Sentences are written for every synthetic chunk, so ask scores real sentence vectors.",
        "",
        "| chunks | build s | start-up s | search p50 | search p95 | ask p50 | ask p95 | serving peak MB "
        "| builder peak MB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for p in r["scale"]:
        if "error" in p:
            lines.append(f"| {p['size']} | failed: {p['error']} | | | | | | | |")
            continue
        lines.append(
            f"| {p['chunks']} | {p['build_s']} | {p['startup_s']} | {p['search_ms']['p50']} | "
            f"{p['search_ms']['p95']} | {p['ask_ms']['p50']} | {p['ask_ms']['p95']} | "
            f"{p['serving_peak_rss_mb']} | {p['builder_peak_rss_mb']} |"
        )
    lines += [
        "",
        "## Where the time of one ask goes (cProfile, cumulative)",
        "",
        "```",
        r["in_process_ms"]["profile"],
        "```",
        "",
    ]
    return "\n".join(lines)


def chart(r: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    points = sorted((p for p in r["scale"] if "error" not in p), key=lambda p: p["chunks"])
    sizes = [p["chunks"] for p in points]
    fig, ax = plt.subplots(figsize=(7, 4))
    for key, label in (("search_ms", "search"), ("ask_ms", "ask")):
        for stat, style in (("p50", "-o"), ("p95", "--o")):
            ax.plot(sizes, [p[key][stat] for p in points], style, label=f"{label} {stat}")
    ax.axhline(r["floor_ms"]["sum_p50"], color="grey", linestyle=":", label="encoding floor p50")
    ax.set_xscale("log")
    ax.set_xlabel("chunks in the store")
    ax.set_ylabel("ms")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def write(r: dict[str, Any], folder: Path) -> None:
    r["ratios"] = ratios(r)
    (folder / "report.json").write_text(json.dumps(r, indent=1, ensure_ascii=False))
    text = markdown(r)
    (folder / "report.md").write_text(text, encoding="utf-8")
    chart(r, folder / "latency_vs_size.png")
    print(text)
