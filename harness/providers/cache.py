"""The response cache: a re-run of the same request costs nothing.

The key is a hash of everything that decides an answer: the provider's identity (provider, model,
endpoint), the whole conversation, the sampling settings and the sample index (K samples are K
entries). Streaming does not change an answer and is not part of the key. Only successful answers are
stored, in ``$KBENCH_CACHE/responses.db`` or ``$KBENCH_RESPONSE_CACHE`` (SQLite, shared safely by
concurrent kbench processes). ``--cache off`` neither reads nor writes it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from .base import Request, Response


def request_key(identity: dict[str, Any], request: Request) -> str:
    payload = {
        "identity": identity,
        "messages": [m.model_dump() for m in request.messages],
        "sampling": request.sampling.model_dump(exclude={"stream"}),
        "seed": request.seed,
        "sample": request.sample,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


class ResponseCache:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(str(path), timeout=60, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, response TEXT NOT NULL, created_at REAL)"
        )

    def get(self, key: str) -> Response | None:
        row = self.db.execute("SELECT response FROM responses WHERE key=?", (key,)).fetchone()
        return Response.model_validate_json(row[0]) if row else None

    def put(self, key: str, response: Response) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO responses VALUES (?,?,?)", (key, response.model_dump_json(), time.time())
        )

    def close(self) -> None:
        self.db.close()
