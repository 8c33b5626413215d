"""The leaderboard as one self-contained HTML page: no scripts, no network, inline CSS and SVG.

Top to bottom: per task set, a fast_p-versus-p chart (one line per leaderboard row), the table, a
heat map of pass@1 per category whose cells link down to the samples behind them, each with its kernel.
Everything read from the store (model names, messages, kernels) is escaped: kernels are hostile text.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from .leaderboard import Entry, fmt, set_description, table_columns, task_sets
from .metrics import P_VALUES, p_label

#: series colours of the chart (saturated, distinct on white)
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf")

CSS = """
body { font-family: system-ui, sans-serif; margin: 16px; color: #222; background: #fff; }
h1 { font-size: 22px; margin: 0 0 8px 0; }
h2 { font-size: 18px; margin: 28px 0 8px 0; }
h3 { font-size: 15px; margin: 22px 0 6px 0; }
p.note { color: #555; margin: 4px 0 12px 0; max-width: 1100px; }
table { border-collapse: collapse; font-size: 13px; margin: 6px 0 16px 0; }
th, td { border: 1px solid #c8c8c8; padding: 3px 7px; text-align: left; vertical-align: top; }
th { background: #cfe2f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.heat td { text-align: center; min-width: 88px; }
table.heat td a { color: inherit; text-decoration: none; display: block; }
pre { background: #f6f6f6; border: 1px solid #ddd; padding: 8px; max-width: 1200px; overflow: auto;
      font-size: 12px; white-space: pre; }
div.wide { max-width: 100%; overflow-x: auto; }
.chart { display: block; margin: 4px 0 12px 0; }
.status-correct { color: #1a7f37; font-weight: 600; }
.status-other { color: #b42318; }
"""


def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _series_label(row: dict[str, Any]) -> str:
    label = f"#{row['rank']} {row['model']} ({row['backend']}, {row['strategy']}, {row['track']})"
    return label if len(label) <= 60 else label[:57] + "..."


def fast_p_chart(group: list[Entry], chart_id: str) -> str:
    """An SVG line chart of fast_p against p, one polyline per leaderboard row."""
    width, left, top, plot_w, plot_h = 1100, 60, 40, 560, 300
    height = max(400, top + 20 + 22 * len(group))  # room for every legend line
    pmax = max(P_VALUES)

    def x(p: float) -> float:
        return left + p / pmax * plot_w

    def y(v: float) -> float:
        return top + (1.0 - v) * plot_h

    parts = [
        f'<svg id="{esc(chart_id)}" class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="fast_p versus p">',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{left}" y="18" font-size="15" font-weight="600" fill="#222">fast_p versus p: share of samples '
        "correct and more than p times faster than eager PyTorch</text>",
    ]
    for i in range(6):
        v = i / 5
        parts.append(f'<line x1="{left}" y1="{y(v):.1f}" x2="{left + plot_w}" y2="{y(v):.1f}" stroke="#e3e3e3"/>')
        parts.append(
            f'<text x="{left - 8}" y="{y(v) + 4:.1f}" font-size="12" text-anchor="end" fill="#333">{v:.1f}</text>'
        )
    for p in P_VALUES:
        parts.append(f'<line x1="{x(p):.1f}" y1="{top}" x2="{x(p):.1f}" y2="{top + plot_h}" stroke="#eeeeee"/>')
        parts.append(
            f'<text x="{x(p):.1f}" y="{top + plot_h + 18}" font-size="12" text-anchor="middle" fill="#333">'
            f"{p_label(p)}</text>"
        )
    parts += [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#333"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#333"/>',
        f'<text x="{left + plot_w / 2}" y="{height - 12}" font-size="13" text-anchor="middle" fill="#222">'
        "p (speedup over eager PyTorch must exceed p)</text>",
        f'<text x="16" y="{top + plot_h / 2}" font-size="13" text-anchor="middle" fill="#222" '
        f'transform="rotate(-90 16 {top + plot_h / 2})">fast_p</text>',
    ]
    legend_x = left + plot_w + 24
    for i, entry in enumerate(group):
        row = entry.row
        colour = PALETTE[i % len(PALETTE)]
        values = [(p, row.get(f"fast_{p_label(p)}")) for p in P_VALUES]
        known = [(p, float(v)) for p, v in values if v is not None]
        label = _series_label(row)
        ly = top + 10 + i * 22
        if len(known) == len(values):
            points = " ".join(f"{x(p):.1f},{y(v):.1f}" for p, v in known)
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="3" '
                f'stroke-linejoin="round"><title>{esc(label)}</title></polyline>'
            )
            for p, v in known:
                parts.append(
                    f'<circle cx="{x(p):.1f}" cy="{y(v):.1f}" r="4" fill="{colour}">'
                    f"<title>{esc(label)}: fast_{p_label(p)} = {v:.3f}</title></circle>"
                )
        else:
            label += " (no device timing)"
        parts.append(
            f'<line x1="{legend_x}" y1="{ly}" x2="{legend_x + 26}" y2="{ly}" stroke="{colour}" stroke-width="3"/>'
        )
        parts.append(f'<text x="{legend_x + 32}" y="{ly + 4}" font-size="12" fill="#222">{esc(label)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _heat_colour(value: float | None) -> tuple[str, str]:
    """(background, text colour) for a value in [0, 1]: white to dark green."""
    if value is None:
        return "#f2f2f2", "#777"
    v = min(1.0, max(0.0, value))
    lo, hi = (247, 252, 245), (0, 109, 44)
    r, g, b = (round(a + (c - a) * v) for a, c in zip(lo, hi, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}", ("#ffffff" if v > 0.55 else "#111111")


def _cell_id(g: int, r: int, c: int) -> str:
    return f"cell-{g}-{r}-{c}"


def heat_map(group: list[Entry], g: int, categories: list[str]) -> str:
    head = "".join(f"<th>{esc(c)}</th>" for c in categories)
    lines = [f'<table class="heat" id="heat-{g}"><tr><th>rank</th><th>model</th>{head}</tr>']
    for r, entry in enumerate(group):
        cells = []
        for c, cat in enumerate(categories):
            m = entry.row["by_category"].get(cat)
            if m is None:
                bg, fg = _heat_colour(None)
                cells.append(f'<td style="background:{bg};color:{fg}">-</td>')
                continue
            bg, fg = _heat_colour(m["pass@1"])
            text = f"pass@1 {fmt(m['pass@1'], '.2f')}<br><small>fast_1 {fmt(m['fast_1'], '.2f')}</small>"
            cells.append(
                f'<td style="background:{bg};color:{fg}"><a href="#{_cell_id(g, r, c)}" '
                f'title="{m["n_samples"]} samples">{text}</a></td>'
            )
        lines.append(f"<tr><td>{esc(entry.row['rank'])}</td><td>{esc(entry.row['model'])}</td>{''.join(cells)}</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def _source_lookup(store: Any) -> Callable[[str, str, int, int], tuple[str, str]]:
    """(label, text) of the kernel behind a sample: its code, else the answer that held none."""
    cache: dict[str, dict[tuple[str, int, int], Any]] = {}

    def get(run_id: str, task_id: str, sample: int, turn: int) -> tuple[str, str]:
        if run_id not in cache:
            cache[run_id] = {(g.task_id, g.sample, g.turn): g for g in store.generations(run_id)}
        gen = cache[run_id].get((task_id, sample, turn))
        if gen is None:
            return "kernel", "(not stored)"
        if gen.kernel is not None:
            return f"kernel ({gen.kernel.count(chr(10)) + 1} lines)", gen.kernel
        return "answer (no code block)", gen.response

    return get


def samples_section(group: list[Entry], g: int, categories: list[str], store: Any) -> str:
    source = _source_lookup(store)
    out = []
    for r, entry in enumerate(group):
        for c, cat in enumerate(categories):
            rows = [x for x in entry.rows if str(x.get("category") or "unknown") == cat]
            if not rows:
                continue
            out.append(
                f'<section id="{_cell_id(g, r, c)}"><h3>#{esc(entry.row["rank"])} {esc(entry.row["model"])} '
                f"({esc(entry.row['backend'])}) &middot; {esc(cat)}: {len(rows)} samples</h3>"
            )
            out.append(
                "<table><tr><th>run</th><th>task</th><th>sample</th><th>turn</th><th>status</th><th>speedup</th>"
                "<th>vs compile</th><th>reason</th><th>kernel</th></tr>"
            )
            for x in sorted(rows, key=lambda x: (x["task_id"], x["run_id"], x["sample"])):
                label, text = source(x["run_id"], x["task_id"], x["sample"], x["turn"])
                reasons = (x.get("res") or {}).get("reasons") or [""]
                status_class = "status-correct" if x["status"] == "correct" else "status-other"
                timing = "" if x["timing"] == "device" or x["speedup"] is None else f" ({x['timing']})"
                out.append(
                    f"<tr><td>{esc(x['run_id'])}</td><td>{esc(x['task_id'])}</td>"
                    f'<td class="num">{esc(x["sample"])}</td><td class="num">{esc(x["turn"])}</td>'
                    f'<td class="{status_class}">{esc(x["status"])}</td>'
                    f'<td class="num">{esc(fmt(x["speedup"], ".2f", "x") + timing)}</td>'
                    f'<td class="num">{esc(fmt(x["speedup_compile"], ".2f", "x"))}</td>'
                    f"<td>{esc(str(reasons[0])[:300])}</td>"
                    f"<td><details><summary>{esc(label)}</summary><pre>{esc(text)}</pre></details></td></tr>"
                )
            out.append("</table></section>")
    return "\n".join(out)


def _table(group: list[Entry]) -> str:
    cols = table_columns(group)
    lines = ['<div class="wide"><table><tr>' + "".join(f"<th>{esc(h)}</th>" for h, _ in cols) + "</tr>"]
    for e in group:
        lines.append("<tr>" + "".join(f"<td>{esc(get(e.row))}</td>" for _, get in cols) + "</tr>")
    lines.append("</table></div>")
    return "\n".join(lines)


def render(entries: list[Entry], store: Any, title: str = "kbench leaderboard") -> str:
    """The whole page. The first task set's chart comes first (id ``chart-0``), right under the title."""
    body = [f"<h1>{esc(title)}</h1>"]
    if not entries:
        body.append('<p class="note">No runs in the results store.</p>')
    groups = task_sets(entries)
    for g, (task_set, group) in enumerate(groups):
        categories = sorted({str(x.get("category") or "unknown") for e in group for x in e.rows})
        heading = f"Task set {task_set} ({set_description(group)})"
        if g:
            body.append(f'<h2 id="set-{g}">{esc(heading)}</h2>')
        body.append(fast_p_chart(group, f"chart-{g}"))
        if not g:
            body.append(f'<h2 id="set-{g}">{esc(heading)}</h2>')
        body.append(
            '<p class="note">Ranked by fast_1, then pass@1, only against rows of this task set. '
            "fast_p: share of samples correct with a device-timed speedup over eager PyTorch above p; "
            "pass@k: unbiased estimator per task, averaged over tasks; brackets: 95% bootstrap intervals "
            "over tasks. Rejected and unverified samples never count as correct.</p>"
        )
        body.append(_table(group))
        body.append("<h3>pass@1 per category (click a cell for its samples and kernels)</h3>")
        body.append(heat_map(group, g, categories))
    for g, (_, group) in enumerate(groups):
        categories = sorted({str(x.get("category") or "unknown") for e in group for x in e.rows})
        body.append(f"<h2>Samples of task set {g + 1}</h2>")
        body.append(samples_section(group, g, categories, store))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        'img-src data:">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style></head>\n<body>\n" + "\n".join(body) + "\n</body></html>\n"
    )
