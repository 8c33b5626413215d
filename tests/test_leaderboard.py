"""`kbench leaderboard`: grouping, pooling, ranking within a task set, the formats, and the HTML page
rendered in headless Chromium for two real runs (the screenshot's pixels are checked, not the markup)."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from conftest import json_out, replay_run_args, run_kbench
from test_metrics import A, B, ev, make_run, task

from harness.html_report import PALETTE
from harness.store import Store

C, D = task("c", "reduce", 1), task("d", "index", 1)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Runs: m1 (twice, pooled), m2 and an interpreted-only m4 on task set {a, b}; m3 on task set {c}."""
    path = tmp_path / "kbench.db"
    store = Store(path)
    two = [(A, [ev("correct", 2.0), ev("incorrect")]), (B, [ev("correct", 0.5), ev("compile_error")])]
    make_run(store, "m1-first", two, model="m1")
    make_run(
        store, "m1-second", [(A, [ev("correct", 1.2), ev("correct", 1.1)]), (B, [ev("incorrect")] * 2)], model="m1"
    )
    make_run(store, "m2", [(A, [ev("correct", 3.0)] * 2), (B, [ev("correct", 1.5), ev("rejected", 9.0)])], model="m2")
    make_run(store, "m4", [(A, [ev("correct", 5.0, timing="interpreted")] * 2), (B, [ev("incorrect")] * 2)], model="m4")
    make_run(store, "m3", [(C, [ev("correct", 4.0)] * 2)], model="m3")
    usage = {"input_tokens": 10, "output_tokens": 5, "cost_usd": None}
    make_run(store, "m5", [(C, [ev("incorrect")] * 2)], model="<b>m5</b>", usage=usage)
    store.close()
    return path


def leaderboard(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    proc = run_kbench("leaderboard", *args, db=db)
    assert proc.returncode == 0, proc.stderr
    return proc


def test_json_rows_pooled_grouped_and_ranked_within_their_task_set(db):
    rows = json_out(leaderboard(db, "--format", "json"))
    by_model = {r["model"]: r for r in rows}
    assert [r["model"] for r in rows] == ["m2", "m1", "m4", "m3", "<b>m5</b>"]
    # {a, b}: m2 fast_1 3/4, m1 (pooled: 8 samples) 3/8, m4 interpreted only (None: last); {c}: its own ranks
    assert [(r["model"], r["rank"]) for r in rows] == [("m2", 1), ("m1", 2), ("m4", 3), ("m3", 1), ("<b>m5</b>", 2)]
    assert by_model["m1"]["task_set"] == by_model["m2"]["task_set"] != by_model["m3"]["task_set"]
    m1, m2, m4 = by_model["m1"], by_model["m2"], by_model["m4"]
    assert m1["runs"] == ["m1-first", "m1-second"] and m1["samples"] == 4 and m1["n_tasks"] == 2
    assert m1["pass@1"] == pytest.approx((3 / 4 + 1 / 4) / 2) and m1["fast_1"] == pytest.approx(3 / 8)
    assert m1["pass@2"] == pytest.approx((1 - 0 + 1 - 3 / 6) / 2)
    assert "pass@5" not in m1 and "pass@10" not in m1
    assert m2["fast_1"] == pytest.approx(0.75) and m2["rejected"] == 1 and m2["pass@1"] == pytest.approx(0.75)
    assert m2["geomean_speedup"] == pytest.approx((3.0 * 3.0 * 1.5) ** (1 / 3))
    assert m4["fast_1"] is None and m4["pass@1"] == pytest.approx(0.5) and m4["fast_1_ci"] is None
    for key in ("model", "backend", "n_tasks", "samples", "compile@1", "pass@1", "pass@2", "fast_1",
                "geomean_speedup", "geomean_speedup_compile", "strategy", "track", "shapes", "device",
                "unverified", "roofline_fraction", "input_tokens", "cost_usd"):  # fmt: skip
        assert key in m1, key
    lo, hi = m1["pass@1_ci"]
    assert lo <= m1["pass@1"] <= hi
    assert by_model["<b>m5</b>"]["cost_usd"] is None and by_model["<b>m5</b>"]["input_tokens"] == 20


def test_only_the_runs_named(db):
    rows = json_out(leaderboard(db, "m3", "m1-second", "--json"))
    assert sorted((r["model"], r["runs"], r["rank"]) for r in rows) == [("m1", ["m1-second"], 1), ("m3", ["m3"], 1)]


def test_markdown_has_one_ranked_table_per_task_set(db):
    text = leaderboard(db).stdout
    sections = text.split("\n## Task set ")[1:]
    assert len(sections) == 2 and "ranked only against rows of the same task set" in text
    first, second = sections
    assert "| 1 | m2 |" in first and "| 2 | m1 |" in first and "| 3 | m4 |" in first and "m3" not in first
    assert "| 1 | m3 |" in second and "m2" not in second
    assert "pass@2" in first and "[" in first  # the interval


def test_csv_has_a_row_per_entry(db, tmp_path):
    out = tmp_path / "board.csv"
    proc = leaderboard(db, "--format", "csv", "--out", str(out))
    assert proc.stdout == "" and "wrote" in proc.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [r["model"] for r in rows] == ["m2", "m1", "m4", "m3", "<b>m5</b>"]
    assert float(rows[0]["fast_1"]) == pytest.approx(0.75) and rows[2]["fast_1"] == ""
    assert float(rows[1]["pass@1_ci_lo"]) <= float(rows[1]["pass@1"]) <= float(rows[1]["pass@1_ci_hi"])


def test_usage_errors(db):
    assert run_kbench("leaderboard", "--format", "xml", db=db).returncode == 2
    proc = run_kbench("leaderboard", "no-such-run", db=db)
    assert proc.returncode == 2 and "unknown run 'no-such-run'" in proc.stderr


def test_html_escapes_store_text_and_links_every_cell(db, tmp_path):
    store = Store(db)
    hostile = "</pre></details><script>alert('x')</script><img src=http://evil/x.png>"
    make_run(store, "evil", [(D, [ev("incorrect", reasons=[hostile])])], model="<script>m6</script>")
    store.db.execute("UPDATE generations SET kernel=? WHERE run_id='evil'", (hostile,))
    store.close()
    page = leaderboard(db, "--format", "html").stdout
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;b&gt;m5&lt;/b&gt;" in page and "<b>m5</b>" not in page
    links = set(re.findall(r'href="#(cell-[\d-]+)"', page))
    anchors = set(re.findall(r'id="(cell-[\d-]+)"', page))
    assert links and links == anchors
    # the cell of m2 (rank 1 of the first task set) in 'activation' lists its two samples of task b
    section = page.split('id="cell-0-0-0"')[1].split("</section>")[0]
    assert section.count("<details>") == 2 and ">b<" in section and "rejected" in section
    assert not re.search(r'(src|href)="(https?:)?//', page) and "default-src 'none'" in page


# ---- two real runs, rendered in Chromium -----------------------------------------------------------

TORCH_OK = (
    "import torch.nn as nn\n\n\nclass ModelNew(nn.Module):\n    def forward(self, x, y):\n        return 2.0 * x + y\n"
)
TORCH_WRONG = TORCH_OK.replace("2.0 * x + y", "2.0 * x - y")


def _answer(source: str) -> str:
    return f"Here it is.\n```python\n{source}```\n"


def read_png(path: Path) -> tuple[int, int, int, bytes]:
    """(width, height, channels, pixels) of an 8-bit RGB or RGBA PNG, decoded with zlib alone."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        (length,), kind = struct.unpack(">I", data[pos : pos + 4]), data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    ch = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(b"".join(chunks)), width * ch
    out, prev = bytearray(), bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - ch] if i >= ch else 0
            b, c = prev[i], prev[i - ch] if i >= ch else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += line
        prev = line
    return width, height, ch, bytes(out)


def count_near(png: tuple[int, int, int, bytes], colour: str, box: tuple[int, int, int, int], tol: int = 40) -> int:
    """Pixels within ``tol`` (per channel) of ``colour`` inside box = (x0, y0, x1, y1)."""
    width, _, ch, px = png
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    x0, y0, x1, y1 = box
    n = 0
    for y in range(y0, y1):
        row = px[(y * width + x0) * ch : (y * width + x1) * ch]
        for i in range(0, len(row), ch):
            if abs(row[i] - r) <= tol and abs(row[i + 1] - g) <= tol and abs(row[i + 2] - b) <= tol:
                n += 1
    return n


def screenshot(page: Path, out: Path, home: Path) -> Path:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    home.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={home / 'profile'}",
         "--force-device-scale-factor=1", "--hide-scrollbars", "--force-color-profile=srgb",
         f"--screenshot={out}", "--window-size=1400,2000", page.as_uri()],
        env={**os.environ, "HOME": str(home)}, capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    assert out.is_file(), "chromium wrote no screenshot"
    return out


@pytest.mark.skipif(
    not (shutil.which("chromium") or Path("/usr/bin/chromium").exists()),
    reason="Debian's chromium is not installed (apt-get install chromium): the page cannot be rendered",
)
def test_html_page_of_two_real_runs_renders_table_and_chart(tmp_path):
    db = tmp_path / "kbench.db"
    # two evaluations in all (an answer without code is never evaluated): each costs a fresh worker
    for name, answers in (("good", [TORCH_OK, None]), ("bad", [TORCH_WRONG, None])):
        folder = tmp_path / name
        folder.mkdir()
        texts = [_answer(a) if a else "I cannot write this kernel." for a in answers]
        args = replay_run_args(folder, texts, "--allow-torch", "--trials", "1", "--compile-baseline", "off")
        proc = run_kbench(*args, "--run-name", name, "--json", db=db, timeout=900)
        assert proc.returncode == 0, proc.stderr[-3000:]
    rows = json_out(leaderboard(db, "--json"))
    assert [(r["runs"], r["rank"]) for r in rows] == [(["good"], 1), (["bad"], 2)]
    assert rows[0]["fast_0"] == 0.5 and rows[0]["pass@1"] == 0.5 and rows[1]["fast_0"] == 0.0
    page = tmp_path / "board.html"
    leaderboard(db, "--format", "html", "--out", str(page))
    png = read_png(screenshot(page, tmp_path / "shot.png", tmp_path / "chrome"))
    width, height = png[0], png[1]
    assert (width, height) == (1400, 2000)
    chart = (0, 0, 700, 460)  # the chart comes first on the page, right under the title
    white = count_near(png, "#ffffff", chart, tol=8)
    assert white < (chart[2] * chart[3]) * 0.98, "the chart area is blank"
    good, bad = (count_near(png, colour, chart) for colour in PALETTE[:2])
    assert good > 300 and bad > 300, (good, bad)  # each series' polyline, not only its legend swatch
    header = count_near(png, "#cfe2f3", (0, 460, width, height), tol=6)
    assert header > 2000, header  # the table's header row below the chart
