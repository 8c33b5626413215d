"""``kbench runs export``: a run's generations as JSONL, the format ``replay:FILE`` reads.

One object per (task, sample, turn), in that order: ``task_id``, ``sample``, ``turn``, ``prompt`` (the user
message of that turn), ``messages`` (the whole conversation sent), ``response``, ``reasoning``, ``kernel``,
``seed``, ``usage``, ``meta``, and the run's ``run_id``, ``model``, ``backend``, ``strategy``,
``harness_version``, ``template_version`` and the task's ``task_hash``. The file is written to a
temporary name and renamed, so an interrupted export never leaves half a file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .errors import UsageError
from .generate import exchange
from .store import Store

FORMAT = "kbench-replay/1"


def export_run(store: Store, run_id: str, out: Path) -> int:
    settings = store.run_settings(run_id)
    hashes = {t.id: t.content_hash for t, _ in store.run_tasks(run_id)}
    gens = store.generations(run_id)
    out = Path(out)
    if out.parent and not out.parent.exists():
        raise UsageError(f"folder '{out.parent}' does not exist")
    tmp = out.with_name(out.name + ".part")
    history: dict[tuple[str, int], list[dict[str, str]]] = {}
    with tmp.open("w", encoding="utf-8") as fh:
        for g in gens:
            convo = history.setdefault((g.task_id, g.sample), [])
            messages = [*convo, {"role": "user", "content": g.prompt}]
            record = {
                "format": FORMAT,
                "run_id": run_id,
                "task_id": g.task_id,
                "task_hash": hashes.get(g.task_id),
                "sample": g.sample,
                "turn": g.turn,
                "model": settings.model,
                "backend": settings.backend,
                "strategy": settings.strategy,
                "prompt": g.prompt,
                "messages": messages,
                "response": g.response,
                "reasoning": g.reasoning,
                "kernel": g.kernel,
                "seed": g.meta.get("seed"),
                "usage": g.usage,
                "meta": g.meta,
                "harness_version": settings.harness_version,
                "template_version": settings.template_version,
            }
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            convo += [m.model_dump() for m in exchange(g)]
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, out)
    return len(gens)
