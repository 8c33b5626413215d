"""The generation stage without evaluation: the real openai and anthropic clients against the scripted
server on 127.0.0.1, retries, the response cache, the spend limit, the vLLM adapter, prompts, extraction."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
import time
from pathlib import Path

import pytest
from conftest import OK_TASKS
from llm_server import ScriptedLLM, fenced

import backends
from harness import prompting
from harness import tasks as T
from harness.errors import UsageError
from harness.extract import extract_code
from harness.generate import Generator
from harness.providers import Message, Request, Sampling, get
from harness.providers.base import ProviderError, parse_retry_after, status_kind
from harness.providers.cache import ResponseCache
from harness.providers.pricing import price_for
from harness.providers.retry import RetryPolicy, with_retries
from harness.schema import Evaluation, RunSettings, Status
from harness.store import Store

TASK = T.task_from_file(OK_TASKS / "scale_add.py")


def _request(sample=0, turn=0, text="write the kernel", **sampling) -> Request:
    return Request(
        task=TASK,
        backend="cpu",
        messages=[Message(role="user", content=text)],
        sample=sample,
        turn=turn,
        sampling=Sampling(**sampling),
    )


def _settings(model: str, base_url: str | None, **kw) -> RunSettings:
    return RunSettings(run_id="r", model=model, backend="cpu", base_url=base_url, **kw)


def _generator(llm: ScriptedLLM, model: str, tmp_path, **kw) -> Generator:
    base = llm.base_url + ("/v1" if model.startswith("openai/") else "")
    settings = _settings(model, base, **kw)
    provider = get(model, base_url=base)
    cache = ResponseCache(tmp_path / "responses.db") if settings.cache else None
    gen = Generator(provider, settings, 0.0, cache=cache)
    gen.policy = RetryPolicy(attempts=settings.retries, base_s=0.01, max_s=0.05)
    return gen


def _run(gen: Generator, *requests: Request):
    """Send the requests one after another on one event loop (a client belongs to its loop); the
    generations, or a single one for a single request."""

    async def go():
        try:
            return [await gen.generate(r) for r in requests]
        finally:
            await gen.provider.aclose()

    outs = asyncio.run(go())
    return outs[0] if len(outs) == 1 else outs


@pytest.mark.parametrize("model", ["openai/scripted-1", "anthropic/claude-scripted"])
@pytest.mark.parametrize("stream", [False, True])
def test_real_clients_get_answer_reasoning_and_usage(tmp_path, model, stream):
    answer = "Plan below.\n" + fenced("class ModelNew:\n    pass")
    with ScriptedLLM(lambda api, body: (answer, "I will fuse the scale and the add.")) as llm:
        budget = 2048 if model.startswith("anthropic") else None
        gen = _generator(llm, model, tmp_path, stream=stream, reasoning_budget=budget, cache=False)
        out = _run(gen, _request(stream=stream, reasoning_budget=budget, max_tokens=4096))
    assert out is not None and out.kernel == "class ModelNew:\n    pass\n"
    assert out.response == answer
    assert out.reasoning == "I will fuse the scale and the add."
    assert out.usage["input_tokens"] == 3 and out.usage["output_tokens"] > 0
    assert out.usage["cost_usd"] is None  # a custom endpoint has no known price
    body = llm.answered()[0]["body"]
    assert bool(body.get("stream")) == stream
    assert body["messages"] == [{"role": "user", "content": "write the kernel"}]
    if model.startswith("anthropic"):
        assert body["thinking"] == {"type": "enabled", "budget_tokens": 2048}
        assert body["max_tokens"] == 4096


def test_think_tags_in_text_are_reasoning(tmp_path):
    text = "<think>first a plan\nwith ```python\nbad = 1\n```</think>\n" + fenced("good = 2")
    with ScriptedLLM(lambda api, body: (text, None)) as llm:
        out = _run(_generator(llm, "openai/m", tmp_path, cache=False), _request())
    assert out.kernel == "good = 2\n" and "first a plan" in out.reasoning


def test_429_and_500_are_retried_honouring_retry_after(tmp_path):
    with ScriptedLLM(lambda api, body: (fenced("x = 1"), None)) as llm:
        llm.fail(429, {"retry-after": "0.6"})
        llm.fail(500)
        llm.fail(503, {"retry-after-ms": "50"})
        gen = _generator(llm, "openai/m", tmp_path, cache=False)
        started = time.monotonic()
        out = _run(gen, _request())
        waited = time.monotonic() - started
    assert [r["status"] for r in llm.requests] == [429, 500, 503, 200]
    assert out.kernel == "x = 1\n" and out.usage["attempts"] == 4
    assert waited >= 0.6, "retry-after: 0.6 must be honoured"


def test_anthropic_overloaded_is_retried_and_a_dropped_stream_too(tmp_path):
    with ScriptedLLM(lambda api, body: (fenced("y = 2" + " " * 200), None)) as llm:
        llm.fail(529)
        out = _run(_generator(llm, "anthropic/c", tmp_path, cache=False), _request())
        assert out.kernel.strip() == "y = 2" and out.usage["attempts"] == 2
        llm.drop()
        out = _run(_generator(llm, "openai/m", tmp_path, cache=False, stream=True), _request(stream=True))
        assert out.kernel.strip() == "y = 2" and out.usage["attempts"] == 2


def test_exhausted_retries_and_bad_keys_stop_the_run(tmp_path):
    with ScriptedLLM(lambda api, body: (fenced("x = 1"), None)) as llm:
        llm.fail(500, times=3)
        gen = _generator(llm, "openai/m", tmp_path, cache=False, retries=3)
        assert _run(gen, _request(), _request(sample=1)) == [None, None], "a stopped run sends nothing more"
        assert gen.failed and "gave up after 3 attempts" in gen.stop_reason
        assert len(llm.requests) == 3
        llm.fail(401)
        gen = _generator(llm, "anthropic/c", tmp_path, cache=False)
        assert _run(gen, _request()) is None
        assert gen.failed and "HTTP 401" in gen.stop_reason and len(llm.requests) == 4


def test_a_refused_prompt_fails_only_its_sample(tmp_path):
    with ScriptedLLM(lambda api, body: (fenced("x = 1"), None)) as llm:
        llm.fail(400)
        gen = _generator(llm, "openai/m", tmp_path, cache=False)
        refused, fine = _run(gen, _request(), _request(sample=1))
        assert refused.kernel is None and "HTTP 400" in refused.meta["error"]
        assert gen.stop_reason is None and fine.kernel == "x = 1\n"


def test_the_cache_answers_repeats_and_keeps_samples_apart(tmp_path):
    with ScriptedLLM(lambda api, body: (fenced(f"n = {len(llm.requests)}"), None)) as llm:
        first = _run(_generator(llm, "openai/m", tmp_path, temperature=0.7), _request(temperature=0.7))
        again = _run(_generator(llm, "openai/m", tmp_path, temperature=0.7), _request(temperature=0.7))
        other = _run(_generator(llm, "openai/m", tmp_path, temperature=0.7), _request(1, temperature=0.7))
        hotter = _run(_generator(llm, "openai/m", tmp_path), _request(temperature=1.0))
    assert len(llm.requests) == 3, "the repeat is served from the cache"
    assert again.kernel == first.kernel and again.usage["cached"] and again.usage["cost_usd"] == 0.0
    assert other.kernel != first.kernel and not other.usage["cached"]
    assert hotter.kernel not in (first.kernel, other.kernel)


def test_seed_differs_per_sample(tmp_path):
    with ScriptedLLM(lambda api, body: (fenced("x = 1"), None)) as llm:
        gen = _generator(llm, "openai/m", tmp_path, cache=False, seed=100)
        _run(gen, *(_request(sample, seed=100) for sample in range(3)))
    assert [r["body"]["seed"] for r in llm.requests] == [100, 101, 102]


def test_max_cost_stops_before_a_request_that_could_exceed_it(tmp_path):
    long_answer = fenced("x = 1\n" + "# padding\n" * 320)  # about 800 output tokens: $0.008 at $10/M
    with ScriptedLLM(lambda api, body: (long_answer, None)) as llm:
        # worst case of a request: 1000 output tokens = $0.01; after one answer ($0.008 spent) the next
        # request could bring the spend to $0.018, over the $0.015 limit
        gen = _generator(llm, "openai/m", tmp_path, cache=False, price="0:10", max_cost=0.015, max_tokens=1000)
        results = _run(gen, *(_request(s, max_tokens=1000) for s in range(3)))
    assert results[0] is not None and results[1] is None and results[2] is None
    assert len(llm.requests) == 1 and not gen.failed
    assert results[0].usage["cost_usd"] == pytest.approx(results[0].usage["output_tokens"] * 10 / 1e6)
    assert gen.spent == pytest.approx(results[0].usage["cost_usd"]) and gen.spent > 0.007
    assert "--max-cost $0.01" in gen.stop_reason or "--max-cost $0.02" in gen.stop_reason
    assert "--resume" in gen.stop_reason


def test_prices():
    assert price_for("anthropic", "claude-sonnet-4-5-20250929", None, None).output_per_m == 15.0
    assert price_for("openai", "gpt-4o-mini-2024-07-18", None, None).input_per_m == 0.15
    assert price_for("openai", "gpt-4o", "http://localhost:8000/v1", None) is None
    assert price_for("openai", "Qwen/QwQ-32B", "http://x/v1", "0.5:1").cost(1_000_000, 1_000_000) == 1.5
    assert price_for("vllm", "Qwen/QwQ-32B", None, None).cost(10**6, 10**6) == 0.0
    with pytest.raises(UsageError):
        price_for("openai", "m", None, "cheap")


def test_retry_helpers():
    assert parse_retry_after({"retry-after": "2"}) == 2.0
    assert parse_retry_after({"retry-after-ms": "250"}) == 0.25
    assert parse_retry_after({}) is None
    assert status_kind(429) == "retryable" and status_kind(503) == "retryable"
    assert status_kind(401) == "fatal" and status_kind(400) == "request"
    calls = []

    async def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise ProviderError("busy", kind="retryable", retry_after=0.0)
        return "ok"

    assert asyncio.run(with_retries(flaky, RetryPolicy(attempts=5))) == ("ok", 3)


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


FAKE_VLLM = '''
"""A stand-in for the vLLM engine's Python API (LLM.chat, SamplingParams): vLLM itself needs a GPU."""
from types import SimpleNamespace

calls = []


class SamplingParams:
    def __init__(self, **kw):
        self.kw = kw


class LLM:
    def __init__(self, model, **engine_args):
        self.model = model
        self.engine_args = engine_args

    def chat(self, conversations, params, use_tqdm=True):
        calls.append((conversations, [p.kw for p in params]))
        out = []
        for conv, p in zip(conversations, params):
            text = "<think>plan</think>\\n```python\\nseed = %r\\n```" % (p.kw.get("seed"),)
            out.append(SimpleNamespace(prompt_token_ids=[0] * len(conv[-1]["content"].split()),
                                       outputs=[SimpleNamespace(text=text, token_ids=[1, 2, 3], finish_reason="stop")]))
        return out
'''


def test_vllm_engine_adapter_batches_concurrent_requests(tmp_path, monkeypatch):
    import importlib.util

    (tmp_path / "vllm.py").write_text(FAKE_VLLM)
    spec = importlib.util.spec_from_file_location("vllm", tmp_path / "vllm.py")
    fake = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fake)
    monkeypatch.setitem(sys.modules, "vllm", fake)  # gone again after the test
    monkeypatch.setenv("KBENCH_VLLM_ARGS", '{"max_model_len": 4096}')
    provider = get("vllm/Qwen/QwQ-32B", concurrency=4)
    settings = _settings("vllm/Qwen/QwQ-32B", None, seed=7, concurrency=4)
    gen = Generator(provider, settings, 0.0, cache=None)

    async def many():
        outs = await asyncio.gather(*(gen.generate(_request(s, seed=7, temperature=0.6)) for s in range(4)))
        await provider.aclose()
        return outs

    outs = asyncio.run(many())
    assert len(fake.calls) == 1, "four requests arriving together are one engine batch"
    assert [p["seed"] for p in fake.calls[0][1]] == [7, 8, 9, 10]
    assert fake.calls[0][1][0]["temperature"] == 0.6
    assert provider._llm.engine_args == {"max_model_len": 4096}
    assert [o.kernel for o in outs] == [f"seed = {7 + s}\n" for s in range(4)]
    assert outs[0].reasoning == "plan" and outs[0].usage["cost_usd"] == 0.0


# ---- prompts -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("backend", backends.names())
def test_no_strategy_ever_shows_a_task_its_own_answer(backend):
    be = backends.get(backend)
    for task_id, golden in prompting.goldens(backend).items():
        task = T.find(task_id)
        body = prompting.golden_source(golden).strip()
        for strategy in prompting.STRATEGIES:
            prompt = prompting.build_prompt(task, be, strategy)
            assert body not in prompt, (backend, task_id, strategy)
            assert be.answer_format().strip() in prompt
    generic = T.task_from_file(prompting.GENERIC_ROOT / "add.py")
    exemplar = prompting.generic_exemplar(backend)
    for strategy in prompting.STRATEGIES:
        prompt = prompting.build_prompt(generic, be, strategy)
        assert exemplar is None or prompting.golden_source(exemplar).strip() not in prompt


def test_strategies_differ_as_documented(tmp_path):
    be = backends.get("cpu")
    task = T.find("activation/gelu_tanh")
    (tmp_path / "activation").mkdir()
    copy = tmp_path / "activation" / "gelu_copy.py"
    copy.write_text(Path(task.path).read_text().replace("gelu", "gelu_copy"))
    other = T.task_from_file(copy, root=tmp_path)
    zero = prompting.build_prompt(other, be, "zero_shot")
    one = prompting.build_prompt(other, be, "one_shot")
    cat = prompting.build_prompt(other, be, "category_one_shot")
    concise = prompting.build_prompt(other, be, "concise")
    golden = prompting.golden_source(prompting.goldens("cpu")[task.id]).strip()
    generic = prompting.golden_source(prompting.generic_exemplar("cpu")).strip()
    assert "a correct answer is" not in zero
    assert generic in one and golden not in one
    assert golden in cat and generic not in cat
    assert golden in concise and "reason briefly" in concise and "reason briefly" not in cat
    with pytest.raises(UsageError):
        prompting.build_prompt(other, be, "few_shot")


def test_ascend_prompt_states_its_own_answer_format():
    prompt = prompting.build_prompt(T.find("activation/gelu_tanh"), backends.get("ascend"), "zero_shot")
    assert "ModelNew lives in model_src" in prompt and "project_json_src" in prompt


def test_feedback_carries_errors_diff_and_timings():
    ev = Evaluation(
        status=Status.incorrect,
        compiled=True,
        correct=False,
        backend="cpu",
        device="cpu",
        reason_codes=["value_mismatch"],
        reasons=[
            "trial 0: output: 7 of 4096 elements beyond atol; max abs error 2.5; worst at (17,): got 1, expected 3.5"
        ],
        max_abs_error=2.5,
        trials=3,
        trials_passed=0,
    )
    text = prompting.feedback_prompt(ev, "cpu", 0)
    assert "Verdict: incorrect" in text and "worst at (17,)" in text and "max abs error" in text
    assert "0 of 3" in text and "Fix the problem" in text
    fast = ev.model_copy(
        update={
            "status": Status.correct,
            "reason_codes": [],
            "reasons": [],
            "baseline_ms": 2.0,
            "candidate_ms": 1.0,
            "speedup": 2.0,
            "timing": "device",
        }
    )
    text = prompting.feedback_prompt(fast, "cpu", 1)
    assert "2.0000 ms" in text and "2.000x" in text and "faster" in text
    broken = ev.model_copy(
        update={
            "status": Status.compile_error,
            "reason_codes": ["build_failed"],
            "reasons": ["main.cpp:12: error: 'foo' was not declared"],
        }
    )
    assert "main.cpp:12: error" in prompting.feedback_prompt(broken, "cpu", 0)


# ---- extraction from real-looking output --------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sure:\n~~~python\nclass ModelNew: pass\n~~~\n", "class ModelNew: pass\n"),
        ("```python3\nclass ModelNew: pass\n```", "class ModelNew: pass\n"),
        (
            "```\nimport torch\nclass ModelNew(torch.nn.Module): pass\n```",
            "import torch\nclass ModelNew(torch.nn.Module): pass\n",
        ),
        ("```\nmake && ./run\n```", None),
        (
            "import torch.nn as nn\n\nclass ModelNew(nn.Module):\n    pass\n",
            "import torch.nn as nn\n\nclass ModelNew(nn.Module):\n    pass\n",
        ),
        ("Use a ModelNew class with a fused loop.", None),
        ("```python\nclass A: pass\n```\nand then\n```python\nclass ModelNew: pass\n", "class A: pass\n"),
        (
            "```cpp\n__global__ void k() {}\n```\n```python\nclass ModelNew: pass\n```\n```cuda\nint x;\n```",
            "class ModelNew: pass\n",
        ),
        ("<think>\n```python\nclass Wrong: pass\n```\n</think>No code today.", None),
    ],
)
def test_extraction_of_real_model_output(text, expected):
    assert extract_code(text) == expected


# ---- CLI checks that need no evaluation ---------------------------------------------------------------
def _cli(capsys, monkeypatch, db, env, *args):
    """The CLI in-process (these refusals happen before any evaluation): (exit code, stderr)."""
    from harness import cli

    monkeypatch.setenv("KBENCH_DB", str(db))
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    capsys.readouterr()
    with pytest.raises(SystemExit) as exc:
        cli.main(list(args))
    return exc.value.code, capsys.readouterr().err


def test_cli_refuses_what_cannot_work(db, capsys, monkeypatch):
    base = ["run", "--backend", "cpu", "--tasks-dir", str(OK_TASKS)]
    env = {"OPENAI_API_KEY": "", "ANTHROPIC_API_KEY": "", "OPENAI_BASE_URL": "", "ANTHROPIC_BASE_URL": ""}
    cases = [
        (["--model", "openai/gpt-4o"], "OPENAI_API_KEY"),
        (["--model", "anthropic/claude-sonnet-4-5"], "ANTHROPIC_API_KEY"),
        (["--model", "openai/m", "--base-url", "http://127.0.0.1:9/v1", "--max-cost", "1"], "--price"),
        (["--model", "openai/m", "--base-url", "http://127.0.0.1:9/v1", "--reasoning-budget", "2048"], "Anthropic"),
        (["--model", "anthropic/c", "--base-url", "http://127.0.0.1:9", "--reasoning-budget", "9000"], "below"),
        (["--model", "openai/m", "--base-url", "http://127.0.0.1:9/v1", "--strategy", "few_shot"], "few_shot"),
        (["--model", "openai/m", "--base-url", "http://127.0.0.1:9/v1", "--price", "free"], "IN:OUT"),
        (["--model", "nope/m"], "unknown model provider"),
    ]
    for extra, words in cases:
        code, stderr = _cli(capsys, monkeypatch, db, env, *base, *extra)
        assert code == 2, (extra, stderr)
        assert words in stderr, (extra, stderr)
    assert Store(db).runs() == [], "nothing is stored for a refused run"


def test_vllm_missing_is_a_clear_usage_error(db, capsys, monkeypatch):
    if _has("vllm"):
        pytest.skip("vllm is installed here")
    code, stderr = _cli(capsys, monkeypatch, db, {}, "run", "--model", "vllm/Qwen/QwQ-32B", "--backend", "cpu",
                        "--tasks-dir", str(OK_TASKS))  # fmt: skip
    assert code == 2 and "pip install -e '.[vllm]'" in stderr and "vllm serve" in stderr


def test_a_version_1_database_is_migrated(tmp_path):
    path = tmp_path / "old.db"
    con = sqlite3.connect(path)
    con.executescript(
        """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta VALUES ('schema_version', '1');
        CREATE TABLE generations (run_id TEXT NOT NULL, task_id TEXT NOT NULL, sample INTEGER NOT NULL,
            turn INTEGER NOT NULL, prompt TEXT NOT NULL, response TEXT NOT NULL, reasoning TEXT, kernel TEXT,
            usage TEXT NOT NULL, created_at REAL NOT NULL, UNIQUE (run_id, task_id, sample, turn));
        INSERT INTO generations VALUES ('r', 't', 0, 0, 'p', 'resp', NULL, NULL, '{}', 0);"""
    )
    con.commit()
    con.close()
    store = Store(path)
    assert store.generation("r", "t", 0).meta == {}
    assert store.db.execute("SELECT value FROM meta").fetchone()[0] == "2"
    store.close()
