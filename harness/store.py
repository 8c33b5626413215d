"""The results store: one SQLite database (WAL) that every later tool reads.

Only the driver process writes it. Each write is one transaction, keyed uniquely by
(run, task, sample, turn), so a run killed at any instant leaves a consistent database that
``kbench run --resume`` completes without redoing or duplicating anything.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import UsageError
from .schema import Evaluation, Generation, RunSettings, Task

SCHEMA_VERSION = 2  # 2: generations.meta

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    backend TEXT NOT NULL,
    settings TEXT NOT NULL,
    status TEXT NOT NULL,
    harness_version TEXT NOT NULL,
    created_at REAL NOT NULL,
    finished_at REAL
);
CREATE TABLE IF NOT EXISTS run_tasks (
    run_id TEXT NOT NULL REFERENCES runs(run_id),
    task_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    task TEXT NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (run_id, task_id)
);
CREATE TABLE IF NOT EXISTS generations (
    run_id TEXT NOT NULL REFERENCES runs(run_id),
    task_id TEXT NOT NULL,
    sample INTEGER NOT NULL,
    turn INTEGER NOT NULL,
    prompt TEXT NOT NULL,
    response TEXT NOT NULL,
    reasoning TEXT,
    kernel TEXT,
    usage TEXT NOT NULL,
    created_at REAL NOT NULL,
    meta TEXT NOT NULL DEFAULT '{}',
    UNIQUE (run_id, task_id, sample, turn)
);
CREATE TABLE IF NOT EXISTS evaluations (
    run_id TEXT NOT NULL REFERENCES runs(run_id),
    task_id TEXT NOT NULL,
    sample INTEGER NOT NULL,
    turn INTEGER NOT NULL,
    status TEXT NOT NULL,
    compiled INTEGER,
    correct INTEGER,
    timing TEXT NOT NULL,
    speedup REAL,
    speedup_compile REAL,
    baseline_ms REAL,
    candidate_ms REAL,
    result TEXT NOT NULL,
    created_at REAL NOT NULL,
    UNIQUE (run_id, task_id, sample, turn)
);
"""


class Store:
    """A connection to the results database; use from one thread (the driver's)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(self.path), timeout=60, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        with self.transaction():
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self.db.execute(statement)
            row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if row is None:
                self.db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            elif int(row["value"]) > SCHEMA_VERSION:
                raise UsageError(f"{self.path}: written by a newer kbench (schema {row['value']} > {SCHEMA_VERSION})")
            elif int(row["value"]) < SCHEMA_VERSION:
                self._migrate(int(row["value"]))

    def _migrate(self, version: int) -> None:
        """Bring an older database up to SCHEMA_VERSION (inside the opening transaction)."""
        if version < 2:
            cols = {r["name"] for r in self.db.execute("PRAGMA table_info(generations)")}
            if "meta" not in cols:
                self.db.execute("ALTER TABLE generations ADD COLUMN meta TEXT NOT NULL DEFAULT '{}'")
        self.db.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(SCHEMA_VERSION),))

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # ---- runs ----------------------------------------------------------------------------------
    def create_run(self, settings: RunSettings, tasks: list[Task]) -> None:
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM runs WHERE run_id=?", (settings.run_id,)).fetchone():
                raise UsageError(
                    f"run '{settings.run_id}' already exists in {self.path} "
                    f"(choose another --run-name, or continue it with --resume {settings.run_id})"
                )
            db.execute(
                "INSERT INTO runs VALUES (?,?,?,?,?,?,?,NULL)",
                (
                    settings.run_id,
                    settings.model,
                    settings.backend,
                    settings.model_dump_json(),
                    "running",
                    settings.harness_version,
                    time.time(),
                ),
            )
            for pos, task in enumerate(tasks):
                db.execute(
                    "INSERT INTO run_tasks VALUES (?,?,?,?,?)",
                    (settings.run_id, task.id, pos, task.model_dump_json(), Path(task.path).read_text()),
                )

    def run_exists(self, run_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM runs WHERE run_id=?", (run_id,)).fetchone() is not None

    def run_settings(self, run_id: str) -> RunSettings:
        row = self.db.execute("SELECT settings FROM runs WHERE run_id=?", (run_id,)).fetchone()
        if row is None:
            raise UsageError(f"unknown run '{run_id}' in {self.path} (see `kbench runs list`)")
        return RunSettings.model_validate_json(row["settings"])

    def update_settings(self, settings: RunSettings) -> None:
        """Store changed settings of a run (on --resume: workers, concurrency, spend limit, retries)."""
        with self.transaction() as db:
            db.execute("UPDATE runs SET settings=? WHERE run_id=?", (settings.model_dump_json(), settings.run_id))

    def run_tasks(self, run_id: str) -> list[tuple[Task, str]]:
        rows = self.db.execute("SELECT task, source FROM run_tasks WHERE run_id=? ORDER BY position", (run_id,))
        return [(Task.model_validate_json(r["task"]), r["source"]) for r in rows]

    def set_run_status(self, run_id: str, status: str) -> None:
        with self.transaction() as db:
            finished = time.time() if status == "finished" else None
            db.execute("UPDATE runs SET status=?, finished_at=? WHERE run_id=?", (status, finished, run_id))

    def runs(self) -> list[dict[str, Any]]:
        rows = self.db.execute(
            """SELECT r.run_id, r.model, r.backend, r.status, r.created_at, r.finished_at,
                      (SELECT COUNT(*) FROM run_tasks t WHERE t.run_id=r.run_id) AS n_tasks,
                      (SELECT COUNT(*) FROM evaluations e WHERE e.run_id=r.run_id) AS n_evaluated,
                      (SELECT COUNT(*) FROM evaluations e WHERE e.run_id=r.run_id AND e.status='correct') AS n_correct
               FROM runs r ORDER BY r.created_at"""
        )
        return [dict(r) for r in rows]

    # ---- generations and evaluations -------------------------------------------------------------
    def add_generation(self, run_id: str, gen: Generation) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO generations (run_id, task_id, sample, turn, prompt, response, reasoning, kernel, usage,"
                " created_at, meta) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    run_id,
                    gen.task_id,
                    gen.sample,
                    gen.turn,
                    gen.prompt,
                    gen.response,
                    gen.reasoning,
                    gen.kernel,
                    json.dumps(gen.usage),
                    time.time(),
                    json.dumps(gen.meta),
                ),
            )

    def generation(self, run_id: str, task_id: str, sample: int, turn: int = 0) -> Generation | None:
        row = self.db.execute(
            "SELECT * FROM generations WHERE run_id=? AND task_id=? AND sample=? AND turn=?",
            (run_id, task_id, sample, turn),
        ).fetchone()
        return None if row is None else _generation(row)

    def generations(self, run_id: str) -> list[Generation]:
        """Every generation of a run, by task, sample and turn."""
        rows = self.db.execute(
            "SELECT * FROM generations WHERE run_id=? ORDER BY task_id, sample, turn", (run_id,)
        ).fetchall()
        return [_generation(r) for r in rows]

    def evaluation(self, run_id: str, task_id: str, sample: int, turn: int = 0) -> Evaluation | None:
        row = self.db.execute(
            "SELECT result FROM evaluations WHERE run_id=? AND task_id=? AND sample=? AND turn=?",
            (run_id, task_id, sample, turn),
        ).fetchone()
        return None if row is None else Evaluation.model_validate_json(row["result"])

    def usage(self, run_id: str) -> dict[str, Any]:
        """Tokens and spend of a run's generations (cached answers cost nothing; a cost of None: unknown)."""
        totals: dict[str, Any] = {"input_tokens": 0, "output_tokens": 0, "cost_usd": 0.0, "cached_responses": 0}
        for (raw,) in self.db.execute("SELECT usage FROM generations WHERE run_id=?", (run_id,)):
            u = json.loads(raw)
            if u.get("cached"):
                totals["cached_responses"] += 1
                continue
            totals["input_tokens"] += int(u.get("input_tokens") or 0)
            totals["output_tokens"] += int(u.get("output_tokens") or 0)
            if "cost_usd" in u and u["cost_usd"] is None:
                totals["cost_usd"] = None
            elif totals["cost_usd"] is not None:
                totals["cost_usd"] += float(u.get("cost_usd") or 0.0)
        return totals

    def add_evaluation(self, run_id: str, task_id: str, sample: int, turn: int, ev: Evaluation) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO evaluations VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    run_id,
                    task_id,
                    sample,
                    turn,
                    ev.status.value,
                    _bool(ev.compiled),
                    _bool(ev.correct),
                    ev.timing,
                    ev.speedup,
                    ev.speedup_compile,
                    ev.baseline_ms,
                    ev.candidate_ms,
                    ev.model_dump_json(),
                    time.time(),
                ),
            )

    def evaluated_keys(self, run_id: str) -> set[tuple[str, int, int]]:
        rows = self.db.execute("SELECT task_id, sample, turn FROM evaluations WHERE run_id=?", (run_id,))
        return {(r["task_id"], r["sample"], r["turn"]) for r in rows}

    def evaluations(self, run_id: str) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT * FROM evaluations WHERE run_id=? ORDER BY rowid", (run_id,))
        return [dict(r) for r in rows]


def _bool(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _generation(row: sqlite3.Row) -> Generation:
    return Generation(
        task_id=row["task_id"],
        sample=row["sample"],
        turn=row["turn"],
        prompt=row["prompt"],
        response=row["response"],
        reasoning=row["reasoning"],
        kernel=row["kernel"],
        usage=json.loads(row["usage"]),
        meta=json.loads(row["meta"] or "{}"),
    )
