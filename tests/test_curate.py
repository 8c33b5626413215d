"""kbench curate: ConCuR-style selection of (reference, reasoning, kernel) triples from stored runs.

The runs are built by hand in a Store (scripted samples with known verdicts, speedups and reasoning), so
no kernel is built here; the end-to-end cases go through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import OK_TASKS, json_out, run_kbench

from harness.curate import ANTI_CHEAT_CODES, CurateOptions, curate, normalised_tokens, shingles, similarity
from harness.schema import Evaluation, Generation, RunSettings, Status
from harness.store import Store
from harness.tasks import catalog, find, module_source_without_metadata, task_from_file

SCALE_ADD = OK_TASKS / "scale_add.py"


def kernel(op: str = "2.0f * a[i] + b[i]", fn: str = "scale_add", extra: str = "") -> str:
    """A distinct, plausible candidate module (the curation never runs it)."""
    return (
        "import torch.nn as nn\n"
        "from torch.utils.cpp_extension import load_inline\n\n"
        f'SRC = r"""\nat::Tensor {fn}(at::Tensor x, at::Tensor y) {{\n'
        "    auto out = at::empty_like(x);\n"
        "    const float* a = x.data_ptr<float>(); const float* b = y.data_ptr<float>();\n"
        "    float* o = out.data_ptr<float>();\n"
        f"    for (int64_t i = 0; i < x.numel(); ++i) o[i] = {op};{extra}\n"
        '    return out;\n}\n"""\n'
        f'ext = load_inline(name="{fn}_ext", cpp_sources=SRC, functions=["{fn}"])\n\n\n'
        "class ModelNew(nn.Module):\n"
        "    def forward(self, x, y):\n"
        f"        return ext.{fn}(x, y)\n"
    )


def distinct_kernel(i: int) -> str:
    """Kernel number i: different enough from every other number's to survive the dedup."""
    body = "".join(f"\n    const float c{i}_{j} = {i * 31 + j * 7}.5f * a[{j}];" for j in range(8))
    return kernel(op=f"{i}.0f * a[i] + b[i]", fn=f"k{i}", extra=body)


def words(n: int) -> str:
    return " ".join(f"w{i}" for i in range(n))


class Runs:
    """A results store with hand-written runs."""

    def __init__(self, tmp: Path) -> None:
        self.db = tmp / "kbench.db"
        self.store = Store(self.db)

    def run(self, run_id: str, tasks, backend: str = "cpu", model: str = "openai/test-model", **kw) -> str:
        self.store.create_run(RunSettings(run_id=run_id, model=model, backend=backend, **kw), list(tasks))
        return run_id

    def sample(
        self,
        run_id: str,
        task_id: str,
        sample: int,
        *,
        reasoning: str | None,
        code: str | None,
        status: str = "correct",
        speedup: float | None = 1.0,
        timing: str = "device",
        codes: tuple[str, ...] = (),
        turn: int = 0,
        usage: dict | None = None,
        prompt: str | None = None,
        track: str = "kernels_only",
    ) -> None:
        think = f"<think>\n{reasoning}\n</think>\n\n" if reasoning else ""
        response = think + (f"```python\n{code}```\n" if code else "no code")
        self.store.add_generation(
            run_id,
            Generation(
                task_id=task_id,
                sample=sample,
                turn=turn,
                prompt=prompt or f"Write a kernel for {task_id} (turn {turn}).",
                response=response,
                reasoning=reasoning,
                kernel=code,
                usage=usage or {"input_tokens": 10, "output_tokens": 20},
            ),
        )
        self.store.add_evaluation(
            run_id,
            task_id,
            sample,
            turn,
            Evaluation(
                status=Status(status),
                compiled=status not in ("compile_error",),
                correct=status == "correct",
                timing=timing if status == "correct" else "none",  # type: ignore[arg-type]
                speedup=speedup if status == "correct" and timing == "device" else None,
                reason_codes=list(codes) or (["no_code"] if status == "no_code" else []),
                backend="cpu",
                device="cpu",
                track=track,
            ),
        )

    def finish(self, *run_ids: str) -> None:
        for r in run_ids:
            self.store.set_run_status(r, "finished")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@pytest.fixture
def runs(tmp_path: Path) -> Runs:
    return Runs(tmp_path)


# ---- the concise rule ------------------------------------------------------------------------------
def test_exactly_the_concise_correct_sample_is_kept_with_its_reference_and_kernel(runs: Runs, tmp_path: Path):
    task = task_from_file(SCALE_ADD)
    run = runs.run("r1", [task])
    short, long_ = kernel(), kernel(extra=" // unrolled by hand", fn="scale_add_v2")
    runs.sample(run, "scale_add", 0, reasoning=words(40), code=short, speedup=1.50)
    runs.sample(run, "scale_add", 1, reasoning=words(400), code=long_, speedup=1.52)
    runs.sample(
        run,
        "scale_add",
        2,
        reasoning=words(5),
        code=kernel("2.0f * a[i] - b[i]"),
        status="incorrect",
        codes=("value_mismatch",),
    )
    runs.sample(
        run,
        "scale_add",
        3,
        reasoning=words(6),
        code=kernel(fn="cheat"),
        status="rejected",
        codes=("fallback_try_except",),
    )
    # flagged in turn 0, correct (and shortest) in turn 1: the whole sample is out
    runs.sample(
        run, "scale_add", 4, reasoning=words(3), code=kernel(fn="sneaky"), status="rejected", codes=("torch_op",)
    )
    runs.sample(run, "scale_add", 4, reasoning=words(2), code=kernel(fn="sneaky2"), speedup=1.6, turn=1)
    runs.sample(run, "scale_add", 5, reasoning=None, code=kernel(fn="silent"), speedup=1.55)
    runs.sample(run, "scale_add", 6, reasoning=words(1), code=None, status="no_code")
    runs.finish(run)

    out = tmp_path / "ds.jsonl"
    proc = run_kbench("curate", run, "--out", str(out), "--json", db=runs.db, timeout=120)
    assert proc.returncode == 0, proc.stderr
    stats = json_out(proc)
    rows = read_jsonl(out)
    assert len(rows) == 1
    row = rows[0]
    assert list(row) == [
        "task_id",
        "backend",
        "source",
        "pytorch_code",
        "reasoning",
        "kernel",
        "speedup",
        "model",
        "messages",
        "difficulty",
    ]
    assert row["task_id"] == "scale_add" and row["backend"] == "cpu" and row["model"] == "openai/test-model"
    assert row["kernel"] == short and row["reasoning"] == words(40) and row["speedup"] == 1.50
    assert row["pytorch_code"] == module_source_without_metadata(SCALE_ADD.read_text())
    assert "KBENCH" not in row["pytorch_code"] and "class Model(nn.Module)" in row["pytorch_code"]
    assert row["difficulty"] == "easy"
    # chat format: system, the task prompt, the answer (reasoning in <think>, then the kernel)
    roles = [m["role"] for m in row["messages"]]
    assert roles == ["system", "user", "assistant"]
    assert "ModelNew" in row["messages"][0]["content"] and "`cpu`" in row["messages"][0]["content"]
    assert row["messages"][1]["content"] == "Write a kernel for scale_add (turn 0)."
    assert row["messages"][2]["content"] == f"<think>\n{words(40)}\n</think>\n\n```python\n{short}```"

    assert stats["samples"] == 7 and stats["kept"] == 1 and stats["tasks"] == 1
    assert stats["dropped"] == {"anti_cheat": 2, "not_correct": 2, "no_reasoning": 1, "not_shortest": 1}
    assert stats["rules"]["eligibility"]["not_correct_final_status"] == {"incorrect": 1, "no_code": 1}
    assert stats["rules"]["concise"]["kept"] == 1
    assert stats["kept_by_rule"] == {"concise": 1}
    assert stats["files"] == {"all": str(out)} and Path(stats["card"]).name == "ds.card.md"
    card = Path(stats["card"]).read_text()
    assert "r1" in card and "openai/test-model" in card and "--speed-tolerance 0.05" in card
    assert "Licences" in card and "KernelBench" in card

    # the no-reasoning sample is kept when asked (it is then the shortest, and faster than sample 0)
    proc = run_kbench("curate", run, "--out", str(out), "--allow-no-reasoning", "--json", db=runs.db, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert [r["kernel"] for r in read_jsonl(out)] == [kernel(fn="silent")]


def test_the_shortest_but_slower_beyond_the_tolerance_drops_the_task(runs: Runs, tmp_path: Path):
    run = runs.run("r1", [task_from_file(SCALE_ADD)])
    runs.sample(run, "scale_add", 0, reasoning=words(10), code=kernel(), speedup=1.00)
    runs.sample(run, "scale_add", 1, reasoning=words(90), code=kernel(fn="other"), speedup=1.20)
    runs.finish(run)
    out = tmp_path / "ds.jsonl"
    stats = json_out(run_kbench("curate", run, "--out", str(out), "--json", db=runs.db, check_json=True))
    assert read_jsonl(out) == []
    assert stats["dropped"] == {"slower_than_fastest": 1, "not_shortest": 1}
    assert stats["rules"]["concise"]["tasks_dropped_slower"] == 1
    # within a 25% tolerance the short one is fast enough (1.00 * 1.25 >= 1.20)
    stats = json_out(
        run_kbench("curate", run, "--out", str(out), "--speed-tolerance", "0.25", "--json", db=runs.db, check_json=True)
    )
    assert [r["reasoning"] for r in read_jsonl(out)] == [words(10)] and stats["kept"] == 1


def test_within_the_tolerance_the_shortest_is_kept(runs: Runs):
    run = runs.run("r1", [task_from_file(SCALE_ADD)])
    runs.sample(run, "scale_add", 0, reasoning=words(10), code=kernel(), speedup=1.00)
    runs.sample(run, "scale_add", 1, reasoning=words(90), code=kernel(fn="other"), speedup=1.04)
    got = curate(runs.store, [run], CurateOptions())
    assert [r["speedup"] for r in got.rows] == [1.00]


def test_min_speedup_adds_large_speedups_even_when_not_the_shortest(runs: Runs):
    run = runs.run("r1", [task_from_file(SCALE_ADD)])
    runs.sample(run, "scale_add", 0, reasoning=words(10), code=kernel(), speedup=6.0)
    runs.sample(run, "scale_add", 1, reasoning=words(50), code=kernel("a[i] + a[i] + b[i]", fn="two"), speedup=6.2)
    runs.sample(run, "scale_add", 2, reasoning=words(90), code=kernel("b[i] + 2.0f * a[i]", fn="three"), speedup=4.0)
    got = curate(runs.store, [run], CurateOptions())
    assert sorted(r["speedup"] for r in got.rows) == [6.0, 6.2]
    assert got.stats["kept_by_rule"] == {"concise": 1, "min_speedup": 1}
    assert got.stats["dropped"] == {"not_shortest": 1}
    # the rule adds nothing below its threshold, and 0 turns it off
    assert len(curate(runs.store, [run], CurateOptions(min_speedup=7.0)).rows) == 1
    assert len(curate(runs.store, [run], CurateOptions(min_speedup=0)).rows) == 1
    assert len(curate(runs.store, [run], CurateOptions(min_speedup=3.5)).rows) == 3


def test_without_device_timing_the_shortest_is_kept_with_a_null_speedup(runs: Runs):
    run = runs.run("r1", [task_from_file(SCALE_ADD)], backend="triton")
    runs.sample(run, "scale_add", 0, reasoning=words(10), code=kernel(), timing="interpreted")
    runs.sample(run, "scale_add", 1, reasoning=words(30), code=kernel(fn="other"), timing="interpreted")
    got = curate(runs.store, [run], CurateOptions())
    assert [(r["reasoning"], r["speedup"], r["backend"]) for r in got.rows] == [(words(10), None, "triton")]
    assert got.stats["rules"]["concise"]["kept_untimed"] == 1
    strict = curate(runs.store, [run], CurateOptions(require_timing=True))
    assert strict.rows == [] and strict.stats["dropped"]["speed_unknown"] == 1


def test_pytorch_track_samples_are_left_out_unless_asked(runs: Runs):
    run = runs.run("r1", [task_from_file(SCALE_ADD)], allow_torch=True)
    runs.sample(run, "scale_add", 0, reasoning=words(10), code=kernel(), track="pytorch_allowed")
    assert curate(runs.store, [run], CurateOptions()).stats["dropped"] == {"pytorch_track": 1}
    assert len(curate(runs.store, [run], CurateOptions(allow_torch_track=True)).rows) == 1


def test_a_refined_answer_comes_with_the_conversation_before_it(runs: Runs):
    run = runs.run("r1", [task_from_file(SCALE_ADD)], turns=2)
    runs.sample(
        run,
        "scale_add",
        0,
        reasoning=words(5),
        code=kernel("2.0f * a[i] - b[i]"),
        status="incorrect",
        codes=("value_mismatch",),
    )
    runs.sample(run, "scale_add", 0, reasoning=words(7), code=kernel(), turn=1, prompt="Fix the problem above.")
    (row,) = curate(runs.store, [run], CurateOptions()).rows
    assert [m["role"] for m in row["messages"]] == ["system", "user", "assistant", "user", "assistant"]
    assert row["messages"][1]["content"] == "Write a kernel for scale_add (turn 0)."
    assert "<think>" not in row["messages"][2]["content"] and "2.0f * a[i] - b[i]" in row["messages"][2]["content"]
    assert row["messages"][3]["content"] == "Fix the problem above."
    assert row["reasoning"] == words(7) and row["kernel"] == kernel()


# ---- dedup, balance, decontamination, split ----------------------------------------------------------
def test_near_identical_kernels_normalise_alike_and_different_ones_do_not():
    a = kernel()
    # the kernel's own names (its Python names, the extension and function names given to load_inline) and
    # comments, docstrings and layout do not matter
    renamed = kernel(fn="fused_op").replace(
        "class ModelNew", 'def helper(t):\n    """Unused."""\n    return t\n\n\nclass ModelNew'
    )
    spaced = a.replace("    auto out", "\n    // allocate\n    /* the output */ auto   out") + "# a trailing comment\n"
    assert normalised_tokens(a) == normalised_tokens(spaced)
    assert normalised_tokens(kernel(fn="fused_op")) == normalised_tokens(a)
    assert similarity(shingles(normalised_tokens(a)), shingles(normalised_tokens(renamed))) > 0.9
    other = kernel("a[i] > b[i] ? a[i] : b[i]")
    assert similarity(shingles(normalised_tokens(a)), shingles(normalised_tokens(other))) < 0.95


def test_dedup_keeps_the_shortest_trace_among_near_identical_kernels(runs: Runs):
    tasks = [find("activation/relu", catalog()), find("activation/elu", catalog())]
    run = runs.run("r1", tasks)
    same = kernel("a[i] > 0 ? a[i] : 0")
    runs.sample(run, "activation/relu", 0, reasoning=words(30), code=same)
    runs.sample(
        run, "activation/elu", 0, reasoning=words(12), code=same.replace("    auto out", "    // out\n    auto out")
    )
    got = curate(runs.store, [run], CurateOptions())
    assert [r["task_id"] for r in got.rows] == ["activation/elu"]
    assert got.stats["dropped"] == {"duplicate": 1} and got.stats["rules"]["dedup"]["dropped"] == 1
    assert len(curate(runs.store, [run], CurateOptions(dedup_threshold=1.0)).rows) == 1  # exact after normalising
    distinct = Runs(runs.db.parent / "other")
    run2 = distinct.run("r2", tasks)
    distinct.sample(run2, "activation/relu", 0, reasoning=words(30), code=same)
    distinct.sample(run2, "activation/elu", 0, reasoning=words(12), code=kernel("a[i] > 0 ? a[i] : expf(a[i]) - 1"))
    assert len(curate(distinct.store, [run2], CurateOptions()).rows) == 2


def _one_sample_per_task(runs: Runs, run_id: str, task_ids: list[str], **kw) -> str:
    tasks = [find(t, catalog()) for t in task_ids]
    runs.run(run_id, tasks, **kw)
    for i, t in enumerate(task_ids):
        runs.sample(run_id, t, 0, reasoning=words(10 + i), code=distinct_kernel(i))
    runs.finish(run_id)
    return run_id


SINGLE = ["activation/relu", "activation/elu", "activation/gelu_tanh"]
FUSED = ["fuse/bmm_scale_softmax"]


def test_balance_downsamples_the_larger_group_deterministically(runs: Runs):
    run = _one_sample_per_task(runs, "r1", SINGLE + FUSED + ["arch/mlp3"])
    plain = curate(runs.store, [run], CurateOptions())
    assert len(plain.rows) == 5 and plain.stats["rules"]["balance"] == {"enabled": False}
    got = curate(runs.store, [run], CurateOptions(balance=True, seed=3))
    kept = [r["task_id"] for r in got.rows]
    assert len(kept) == 3 and "fuse/bmm_scale_softmax" in kept and "arch/mlp3" in kept
    assert len(set(kept) & set(SINGLE)) == 1
    bal = got.stats["rules"]["balance"]
    assert bal["tasks_before"] == {"single": 3, "fused": 1, "arch": 1}
    assert bal["tasks_after"] == {"single": 1, "fused": 1, "arch": 1} and bal["dropped_tasks"] == 2
    assert got.stats["dropped"] == {"balance": 2}
    again = curate(runs.store, [run], CurateOptions(balance=True, seed=3))
    assert [r["task_id"] for r in again.rows] == kept


def test_balance_without_fused_tasks_is_skipped_and_says_so(runs: Runs):
    run = _one_sample_per_task(runs, "r1", SINGLE)
    got = curate(runs.store, [run], CurateOptions(balance=True))
    assert len(got.rows) == 3 and "no fused tasks" in got.stats["rules"]["balance"]["note"]


def test_exclude_suite_and_mirrors_decontaminate(runs: Runs, tmp_path: Path):
    # activation/gelu_tanh is in the smoke suite; relu mirrors KernelBench; glu_channels mirrors nothing
    run = _one_sample_per_task(runs, "r1", ["activation/gelu_tanh", "activation/relu", "activation/glu_channels"])
    out = tmp_path / "ds.jsonl"
    stats = json_out(
        run_kbench("curate", run, "--out", str(out), "--exclude-suite", "smoke", "--json", db=runs.db, check_json=True)
    )
    assert sorted(r["task_id"] for r in read_jsonl(out)) == ["activation/glu_channels", "activation/relu"]
    assert stats["dropped"] == {"excluded_suite": 1}
    stats = json_out(
        run_kbench(
            "curate",
            run,
            "--out",
            str(out),
            "--exclude-suite",
            "smoke",
            "--exclude-mirrors",
            "--json",
            db=runs.db,
            check_json=True,
        )
    )
    assert [r["task_id"] for r in read_jsonl(out)] == ["activation/glu_channels"]
    assert stats["dropped"] == {"excluded_suite": 1, "excluded_mirror": 1}
    assert stats["rules"]["decontamination"]["dropped"] == 2
    proc = run_kbench("curate", run, "--out", str(out), "--exclude-suite", "nosuchsuite", db=runs.db)
    assert proc.returncode == 2 and "unknown suite" in proc.stderr


def test_split_is_task_level_and_deterministic(runs: Runs, tmp_path: Path):
    ids = [t.id for t in catalog() if t.category == "activation"][:10]
    run = _one_sample_per_task(runs, "r1", ids)
    out = tmp_path / "ds.jsonl"
    args = ("curate", run, "--out", str(out), "--split", "0.2", "--seed", "7", "--json")
    first = json_out(run_kbench(*args, db=runs.db, check_json=True))
    train, test = read_jsonl(tmp_path / "ds.train.jsonl"), read_jsonl(tmp_path / "ds.test.jsonl")
    assert not out.exists() and first["files"] == {
        "train": str(tmp_path / "ds.train.jsonl"),
        "test": str(tmp_path / "ds.test.jsonl"),
    }
    assert len(test) == 2 and len(train) == 8
    assert {r["task_id"] for r in test} == set(first["split"]["test_tasks"])
    assert not {r["task_id"] for r in train} & {r["task_id"] for r in test}
    second = json_out(run_kbench(*args, db=runs.db, check_json=True))
    assert second["split"] == first["split"] and read_jsonl(tmp_path / "ds.test.jsonl") == test
    other = curate(runs.store, [run], CurateOptions(split=0.2, seed=7))
    assert sorted(r["task_id"] for r in other.splits["test"]) == first["split"]["test_tasks"]


# ---- difficulty ------------------------------------------------------------------------------------
def test_difficulty_is_the_mean_reasoning_length_per_task_with_thresholds(runs: Runs):
    ids = ["activation/relu", "activation/elu", "activation/gelu_tanh"]
    run = runs.run("r1", [find(t, catalog()) for t in ids])
    # provider-reported reasoning tokens (all answers of a task report them): means 4000, 9000, 100
    for i, (task_id, counts) in enumerate(zip(ids, ([3000, 5000], [9000, 9000], [50, 150]), strict=True)):
        for s, n in enumerate(counts):
            runs.sample(
                run,
                task_id,
                s,
                reasoning=words(5 + s),
                code=distinct_kernel(i * 2 + s),
                usage={"reasoning_tokens": n},
                status="correct" if s == 0 else "incorrect",
            )
    got = curate(runs.store, [run], CurateOptions())
    labels = {r["task_id"]: r["difficulty"] for r in got.rows}
    assert labels == {"activation/relu": "medium", "activation/elu": "hard", "activation/gelu_tanh": "easy"}
    tasks = got.stats["difficulty"]["tasks"]
    assert tasks["cpu/activation/relu"]["mean_tokens"] == 4000 and tasks["cpu/activation/relu"]["counted"] == "provider"
    assert got.stats["difficulty"]["counts"] == {"easy": 1, "medium": 1, "hard": 1}
    shifted = curate(runs.store, [run], CurateOptions(difficulty_thresholds=(100, 4001)))
    assert {r["task_id"]: r["difficulty"] for r in shifted.rows} == {
        "activation/relu": "medium",
        "activation/elu": "hard",
        "activation/gelu_tanh": "medium",
    }


def test_without_provider_counts_reasoning_is_counted_approximately(runs: Runs):
    run = runs.run("r1", [task_from_file(SCALE_ADD)])
    runs.sample(run, "scale_add", 0, reasoning="Fuse it: one loop, x*2 + y.", code=kernel())
    got = curate(runs.store, [run], CurateOptions(difficulty_thresholds=(5, 10)))
    # Fuse / it / : / one / loop / , / x / * / 2 / + / y / .  -> 12 tokens
    assert got.stats["difficulty"]["tasks"]["cpu/scale_add"]["mean_tokens"] == 12
    assert got.stats["difficulty"]["tasks"]["cpu/scale_add"]["counted"] == "approx"
    assert got.rows[0]["difficulty"] == "hard"


# ---- export ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("ext,builder", [(".jsonl", "json"), (".parquet", "parquet")])
def test_the_dataset_loads_with_datasets(runs: Runs, tmp_path: Path, ext: str, builder: str):
    datasets = pytest.importorskip("datasets")
    run = _one_sample_per_task(
        runs, "r1", ["activation/relu", "activation/elu"], model="replay:/some/where/answers.jsonl"
    )
    out = tmp_path / f"ds{ext}"
    json_out(run_kbench("curate", run, "--out", str(out), "--json", db=runs.db, check_json=True))
    ds = datasets.load_dataset(builder, data_files=str(out), split="train", cache_dir=str(tmp_path / "hf"))
    assert ds.num_rows == 2
    assert ds.column_names == [
        "task_id",
        "backend",
        "source",
        "pytorch_code",
        "reasoning",
        "kernel",
        "speedup",
        "model",
        "messages",
        "difficulty",
    ]
    first = ds[0]
    assert first["task_id"] == "activation/elu" and first["model"] == "replay:answers.jsonl"
    assert first["source"] == find("activation/elu", catalog()).source
    assert [m["role"] for m in first["messages"]] == ["system", "user", "assistant"]
    assert first["messages"][2]["content"].endswith(f"```python\n{first['kernel']}```")
    assert "/some/where" not in out.read_bytes().decode("latin-1")


def test_usage_errors_exit_2(runs: Runs, tmp_path: Path):
    run = _one_sample_per_task(runs, "r1", ["activation/relu"])
    cases = [
        (("curate", "nosuchrun", "--out", str(tmp_path / "a.jsonl")), "unknown run"),
        (("curate", run, "--out", str(tmp_path / "a.csv")), "extension"),
        (("curate", run, "--out", str(tmp_path / "missing" / "a.jsonl")), "does not exist"),
        (("curate", run, "--out", str(tmp_path / "a.jsonl"), "--difficulty-thresholds", "9000,100"), "EASY"),
        (("curate", run, "--out", str(tmp_path / "a.jsonl"), "--split", "1.5"), "--split"),
        (("curate", run, run, "--out", str(tmp_path / "a.jsonl")), "named twice"),
    ]
    for args, message in cases:
        proc = run_kbench(*args, db=runs.db, timeout=120)
        assert proc.returncode == 2, (args, proc.stderr)
        assert message in proc.stderr, (args, proc.stderr)
        assert proc.stdout == ""


def test_anti_cheat_codes_cover_every_rejecting_check():
    from harness.evaluate import REJECT_CODES
    from harness.schema import REASON_CODES
    from harness.static_check import CODES

    assert REJECT_CODES <= ANTI_CHEAT_CODES
    assert set(CODES) <= ANTI_CHEAT_CODES
    assert ANTI_CHEAT_CODES <= set(REASON_CODES)


def test_the_shipped_example_loads_and_holds_no_local_paths(tmp_path: Path):
    datasets = pytest.importorskip("datasets")
    example = Path(__file__).resolve().parent.parent / "datasets" / "example-cpu.jsonl"
    ds = datasets.load_dataset("json", data_files=str(example), split="train", cache_dir=str(tmp_path / "hf"))
    assert ds.num_rows >= 1 and ds.column_names[:9] == [
        "task_id",
        "backend",
        "source",
        "pytorch_code",
        "reasoning",
        "kernel",
        "speedup",
        "model",
        "messages",
    ]
    assert all(r["kernel"] in r["messages"][-1]["content"] for r in ds)
    text = example.read_text() + example.with_name("example-cpu.card.md").read_text()
    assert str(Path.home()) not in text and "/tmp/" not in text and "/work/" not in text
