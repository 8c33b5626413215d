"""Progress for long work: a rich bar on a terminal, plain lines on stderr otherwise."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from .run import Progress as RunProgress
from .schema import Evaluation


@contextmanager
def make_progress(enabled: bool = True) -> Iterator[RunProgress]:
    console = Console(stderr=True)
    if not enabled:
        yield RunProgress()
        return
    if console.is_terminal:
        bar = Progress(
            TextColumn("[bold]evaluating"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[last]}"),
            console=console,
            transient=False,
        )
        ids: list[TaskID] = []

        def start(total: int, done: int) -> None:
            ids.append(bar.add_task("run", total=total, completed=done, last=""))

        def advance(task_id: str, sample: int, ev: Evaluation) -> None:
            bar.update(ids[0], advance=1, last=f"{task_id}: {ev.status.value}")

        with bar:
            yield RunProgress(start=start, advance=advance, problem=lambda m: console.print(f"[red]{m}[/]"))
        return
    state = {"total": 0, "done": 0}

    def start_plain(total: int, done: int) -> None:
        state.update(total=total, done=done)
        print(f"kbench: {total - done} of {total} evaluations to do", file=sys.stderr, flush=True)

    def advance_plain(task_id: str, sample: int, ev: Evaluation) -> None:
        state["done"] += 1
        speed = f" {ev.speedup:.2f}x" if ev.speedup is not None else ""
        print(
            f"[{state['done']}/{state['total']}] {task_id} sample {sample}: {ev.status.value}{speed}",
            file=sys.stderr,
            flush=True,
        )

    yield RunProgress(
        start=start_plain, advance=advance_plain, problem=lambda m: print(f"kbench: {m}", file=sys.stderr, flush=True)
    )


@contextmanager
def bar(total: int, label: str, enabled: bool = True) -> Iterator[Callable[[str], None]]:
    """A simple counted progress bar (rich on a terminal, plain lines otherwise); yields advance(text)."""
    console = Console(stderr=True)
    if not enabled:
        yield lambda text: None
        return
    if console.is_terminal:
        progress = Progress(
            TextColumn(f"[bold]{label}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[last]}"),
            console=console,
        )
        with progress:
            tid = progress.add_task(label, total=total, last="")
            yield lambda text: progress.update(tid, advance=1, last=text)
        return
    count = [0]

    def plain(text: str) -> None:
        count[0] += 1
        print(f"[{count[0]}/{total}] {text}", file=sys.stderr, flush=True)

    yield plain
