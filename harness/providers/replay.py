"""``replay:FILE``: recorded responses (JSONL, one object per line with task_id, sample, turn, response)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .base import Provider, Request, Response


class ReplayProvider(Provider):
    name = "replay"

    def __init__(self, path: str) -> None:
        file = Path(path)
        if not file.is_file():
            raise UsageError(f"replay file '{path}' does not exist")
        self.records: dict[tuple[str, int, int], dict[str, Any]] = {}
        for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                key = (str(rec["task_id"]), int(rec.get("sample", 0)), int(rec.get("turn", 0)))
            except (ValueError, KeyError, TypeError) as exc:
                raise UsageError(f"{path}:{n}: not a replay record ({exc})") from None
            self.records[key] = rec

    async def generate(self, request: Request) -> Response:
        rec = self.records.get((request.task.id, request.sample, request.turn))
        if rec is None:
            return Response(text=f"(no recorded response for {request.task.id} sample {request.sample})")
        return Response(
            text=str(rec.get("response", "")),
            reasoning=rec.get("reasoning"),
            usage=dict(rec.get("usage") or {}),
        )
