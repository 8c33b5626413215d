"""`kbench run` end to end with the real openai and anthropic clients talking to the scripted server on
127.0.0.1: prompts, retries, streaming, reasoning, multi-turn refinement, the cache, export and replay,
the spend limit and a provider that fails, down to the stored verdicts."""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import CANDIDATES, OK_TASKS, json_out, run_kbench
from llm_server import ScriptedLLM, fenced, last_user_text

PY_OK = (
    "import torch.nn as nn\n\n\nclass ModelNew(nn.Module):\n    def forward(self, x, y):\n        return 2.0 * x + y\n"
)
PY_WRONG = PY_OK.replace("2.0 * x + y", "2.0 * x - y")
PY_SYNTAX = "import torch.nn as nn\n\n\nclass ModelNew(nn.Module)\n    pass\n"
HONEST = (CANDIDATES / "honest_omp.py").read_text()
TASK = ["--backend", "cpu", "--tasks-dir", str(OK_TASKS), "--task", "scale_add", "--shapes", "tiny",
        "--trials", "1", "--compile-baseline", "off", "--workers", "1"]  # fmt: skip
REFERENCE_LINE = "return 2.0 * x + y"


@pytest.fixture
def env(tmp_path):
    return {
        "KBENCH_RESPONSE_CACHE": str(tmp_path / "responses.db"),
        "OPENAI_API_KEY": "sk-scripted",
        "ANTHROPIC_API_KEY": "sk-ant-scripted",
    }


def _rows(db, sql, *args):
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(sql, args)]
    finally:
        con.close()


def test_openai_multi_turn_refinement_with_retries(db, env):
    def answer(api, body):
        turn = sum(1 for m in body["messages"] if m["role"] == "assistant")
        code = [PY_SYNTAX, PY_WRONG, PY_OK][turn]
        sketch = "```cpp\n// a sketch in another language is ignored\n```\n"
        return f"Turn {turn}.\n{sketch}" + fenced(code), f"reasoning of turn {turn}"

    with ScriptedLLM(answer) as llm:
        llm.fail(429, {"retry-after": "0.2"})
        llm.fail(500)
        proc = run_kbench(
            "run", "--model", "openai/kernel-coder", "--base-url", f"{llm.base_url}/v1", *TASK, "--allow-torch",
            "--turns", "3", "--temperature", "0.2", "--seed", "5", "--run-name", "mt", "--json", db=db, env=env,
        )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json_out(proc)
    assert [r["status"] for r in llm.requests] == [429, 500, 200, 200, 200]
    assert "retrying" in proc.stderr

    first, second, third = (r["body"] for r in llm.answered())
    prompt = first["messages"][0]["content"]
    assert len(first["messages"]) == 1
    assert REFERENCE_LINE in prompt and "load_inline" in prompt and "Answer format" in prompt
    assert "a correct answer is" in prompt, "the category exemplar is shown"
    assert first["temperature"] == 0.2 and first["seed"] == 5 and first["model"] == "kernel-coder"
    assert [m["role"] for m in third["messages"]] == ["user", "assistant", "user", "assistant", "user"]
    assert "reasoning of turn" not in json.dumps(third["messages"]), "reasoning is not sent back"
    assert "Verdict: compile_error" in last_user_text(second) and "syntax" in last_user_text(second)
    feedback = last_user_text(third)
    assert "Verdict: incorrect" in feedback and "worst at" in feedback and "max abs error" in feedback

    gens = _rows(db, "SELECT * FROM generations WHERE run_id='mt' ORDER BY turn")
    assert [g["turn"] for g in gens] == [0, 1, 2]
    assert gens[0]["prompt"] == prompt and gens[2]["prompt"] == feedback
    assert [g["reasoning"] for g in gens] == [f"reasoning of turn {t}" for t in range(3)]
    assert [g["kernel"] for g in gens] == [PY_SYNTAX, PY_WRONG, PY_OK]
    assert json.loads(gens[0]["meta"])["seed"] == 5
    evs = _rows(db, "SELECT turn, status FROM evaluations WHERE run_id='mt' ORDER BY turn")
    assert [e["status"] for e in evs] == ["compile_error", "incorrect", "correct"]

    assert summary["status"] == "finished" and summary["turns"] == 3
    assert summary["correct_rate"] == 1.0 and summary["n_samples"] == 1, "best of turns"
    assert [t["correct_rate"] for t in summary["per_turn"]] == [0.0, 0.0, 1.0]
    assert summary["input_tokens"] > 0 and summary["output_tokens"] > 0
    assert summary["cost_usd"] is None, "a custom endpoint has no known price"


@pytest.mark.slow
def test_anthropic_streaming_thinking_cache_export_and_replay(db, env, tmp_path):
    def answer(api, body):
        return "Here is the kernel.\n" + fenced(HONEST), "Thinking: one OpenMP loop over n elements."

    common = ["--model", "anthropic/claude-scripted", *TASK, "--samples", "2", "--concurrency", "2",
              "--reasoning-budget", "2048", "--stream", "--price", "3:15", "--json"]  # fmt: skip
    with ScriptedLLM(answer) as llm:
        llm.fail(429, {"retry-after": "0.1"})
        llm.fail(500)
        llm.fail(529)
        env = {**env, "ANTHROPIC_BASE_URL": llm.base_url}
        first = run_kbench("run", *common, "--run-name", "a1", db=db, env=env)
        assert first.returncode == 0, first.stderr[-3000:]
        sent = len(llm.requests)
        again = run_kbench("run", *common, "--run-name", "a2", db=db, env=env)
        assert again.returncode == 0, again.stderr[-3000:]
        assert len(llm.requests) == sent, "a re-run is answered from the cache"
    assert sent == 5 and [r["status"] for r in llm.requests][:3] == [429, 500, 529]
    assert all(r["body"]["stream"] for r in llm.answered())
    assert all(r["body"]["thinking"] == {"type": "enabled", "budget_tokens": 2048} for r in llm.answered())
    s1, s2 = json_out(first), json_out(again)
    assert s1["counts"] == {"correct": 2} and s2["counts"] == {"correct": 2}
    gens = _rows(db, "SELECT * FROM generations WHERE run_id='a1' ORDER BY sample")
    assert [g["reasoning"] for g in gens] == ["Thinking: one OpenMP loop over n elements."] * 2
    usage = [json.loads(g["usage"]) for g in gens]
    expected = sum((u["input_tokens"] * 3 + u["output_tokens"] * 15) / 1e6 for u in usage)
    assert s1["cost_usd"] == pytest.approx(expected) and s1["cost_usd"] > 0
    assert s2["cost_usd"] == 0.0 and s2["cached_responses"] == 2 and s2["input_tokens"] == 0

    out = tmp_path / "a1.jsonl"
    exported = run_kbench("runs", "export", "a1", "--out", str(out), "--json", db=db)
    assert exported.returncode == 0 and json_out(exported)["records"] == 2
    records = [json.loads(line) for line in out.read_text().splitlines()]
    for rec in records:
        assert rec["model"] == "anthropic/claude-scripted" and rec["backend"] == "cpu"
        assert rec["response"].startswith("Here is the kernel.") and rec["reasoning"].startswith("Thinking")
        assert REFERENCE_LINE in rec["prompt"] and rec["messages"][-1]["content"] == rec["prompt"]
        assert rec["harness_version"] and rec["template_version"] and rec["task_hash"]
    replay = run_kbench("run", "--model", f"replay:{out}", *TASK, "--samples", "2", "--run-name", "r1", "--json",
                        db=db)  # fmt: skip
    assert replay.returncode == 0, replay.stderr[-3000:]
    assert json_out(replay)["counts"] == {"correct": 2}
    kernels = {
        r["run_id"]: r["k"]
        for r in _rows(db, "SELECT run_id, group_concat(kernel) AS k FROM generations GROUP BY run_id")
    }
    assert kernels["r1"] == kernels["a1"]


def test_max_cost_stops_cleanly_and_resume_goes_on(db, env):
    with ScriptedLLM(lambda api, body: (fenced(PY_OK), None)) as llm:
        base = ["--model", "openai/m", "--base-url", f"{llm.base_url}/v1", *TASK, "--allow-torch"]
        # 8192 output tokens at $1000/M could cost $8.19: more than the $0.50 allowed
        proc = run_kbench("run", *base, "--price", "1000:1000", "--max-cost", "0.5", "--run-name", "cheap", "--json",
                          db=db, env=env)  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-3000:]
        summary = json_out(proc)
        assert summary["status"] == "stopped" and "--max-cost" in summary["stop_reason"]
        assert summary["n_samples"] == 0 and llm.requests == []
        assert "--resume cheap --max-cost" in proc.stderr or "--resume cheap --max-cost" in summary["stop_reason"]
        assert run_kbench("run", "--resume", "cheap", "--max-tokens", "10", db=db, env=env).returncode == 2
        proc = run_kbench("run", "--resume", "cheap", "--max-cost", "100", "--json", db=db, env=env)
        assert proc.returncode == 0, proc.stderr[-3000:]
        done = json_out(proc)
        assert done["status"] == "finished" and done["counts"] == {"correct": 1} and len(llm.requests) == 1
        assert 0 < done["cost_usd"] <= 100


def test_a_failing_provider_stops_the_run_and_resume_finishes_it(db, env):
    with ScriptedLLM(lambda api, body: (fenced(PY_OK), None)) as llm:
        llm.fail(401)
        base = ["--model", "openai/m", "--base-url", f"{llm.base_url}/v1", *TASK, "--allow-torch"]
        proc = run_kbench("run", *base, "--run-name", "denied", db=db, env=env)
        assert proc.returncode == 2 and "HTTP 401" in proc.stderr and "--resume denied" in proc.stderr
        assert _rows(db, "SELECT status FROM runs")[0]["status"] == "incomplete"
        proc = run_kbench("run", "--resume", "denied", "--json", db=db, env=env)
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert json_out(proc)["counts"] == {"correct": 1}


def test_no_code_and_refused_requests_are_failed_samples(db, env):
    with ScriptedLLM(lambda api, body: ("I would rather not write that kernel.", None)) as llm:
        llm.fail(400)
        proc = run_kbench(
            "run", "--model", "openai/m", "--base-url", f"{llm.base_url}/v1", *TASK, "--samples", "2",
            "--concurrency", "1", "--stream", "--run-name", "nocode", "--json", db=db, env=env,
        )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert json_out(proc)["counts"] == {"no_code": 2}
    codes = sorted(json.loads(r["result"])["reason_codes"][0] for r in _rows(db, "SELECT result FROM evaluations"))
    assert codes == ["generation_failed", "no_code"]
    assert all(r["body"]["stream"] for r in llm.requests)
