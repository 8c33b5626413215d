"""Timing primitives shared by the worker: repetitions sized by time, median and spread.

Like ``triton.testing.do_bench``, warm-up and repetitions are given in milliseconds, not counts.
Each call gets input contents no earlier call saw (made outside the timed region from its own seed),
and the caches are flushed outside the timed region too. Timed call ``k`` always sees the inputs of
index ``timed_offset + k``, whatever the warm-up did, so the trusted reference process can compute
the expected output of any timed call the parent chose to check.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

from .schema import TimingStats


def summarize(times_ms: Sequence[float]) -> TimingStats:
    ordered = sorted(times_ms)
    if len(ordered) >= 4:
        q = statistics.quantiles(ordered, n=4, method="inclusive")
        iqr = q[2] - q[0]
    else:
        iqr = ordered[-1] - ordered[0]
    return TimingStats(
        median_ms=statistics.median(ordered),
        iqr_ms=iqr,
        mean_ms=statistics.fmean(ordered),
        min_ms=ordered[0],
        reps=len(ordered),
    )


# Wall time allowed per measurement, in multiples of the kernel time asked for (see bench).
WALL_FACTOR = 1.0


def bench(
    fn: Callable[..., Any],
    make_inputs: Callable[[int], Sequence[Any]],
    synchronize: Callable[[], None],
    flush: Callable[[], None],
    warmup_ms: float = 50.0,
    rep_ms: float = 400.0,
    min_reps: int = 10,
    max_reps: int = 200,
    *,
    timed_offset: int = 0,
    warm_offset: int = 1_000_000,
    keep: Callable[[int, Any], None] | None = None,
    keep_calls: frozenset[int] = frozenset(),
) -> list[float]:
    """Per-call times in milliseconds of ``fn(*make_inputs(i))`` with fresh inputs for every call.

    Repetitions are sized by the kernel's time (``rep_ms`` of timed calls, ``warmup_ms`` of warm-up), and
    also by each call's wall time, fresh inputs and flush included: where making the inputs costs far more
    than the kernel (large tensors drawn on a CPU), no more than ``WALL_FACTOR`` times ``rep_ms`` (and
    ``warmup_ms``) of wall time is spent, always at least ``min_reps`` timed calls.
    ``keep(k, output)`` is called, outside the timed region, for each timed call ``k`` in ``keep_calls``.
    """
    spent = 0.0
    warm_calls = 0
    wall_start = time.perf_counter_ns()
    wall = 0.0
    while warm_calls < 3 or (spent < warmup_ms and warm_calls < max_reps and wall < WALL_FACTOR * warmup_ms):
        args = make_inputs(warm_offset + warm_calls)
        flush()
        synchronize()
        t0 = time.perf_counter_ns()
        fn(*args)
        synchronize()
        spent += (time.perf_counter_ns() - t0) / 1e6
        warm_calls += 1
        wall = (time.perf_counter_ns() - wall_start) / 1e6
    estimate = max(spent / warm_calls, 1e-3)
    per_call = max(wall / warm_calls, estimate)
    reps = min(rep_ms / estimate, max_reps, WALL_FACTOR * rep_ms / per_call)
    reps = int(max(reps, min_reps))
    times: list[float] = []
    for k in range(reps):
        args = make_inputs(timed_offset + k)
        flush()
        synchronize()
        t0 = time.perf_counter_ns()
        out = fn(*args)
        synchronize()
        times.append((time.perf_counter_ns() - t0) / 1e6)
        if keep is not None and k in keep_calls:
            keep(k, out)
        del out
    return times
