"""``kbench curate``: runs become supervised fine-tuning data, the way ConCuR built its dataset.

Each row is a (PyTorch reference, reasoning trace, kernel) triple with a chat-format ``messages`` list.
The rules, in the order they apply (each sample ends with one fate: kept, or the first reason it was dropped):

1. **Eligibility** per (run, task, sample): decontamination (``--exclude-suite``, ``--exclude-mirrors``) drops
   whole tasks; a sample that any anti-cheat check flagged in *any* of its turns is dropped (status
   ``rejected``, or a reason code from :data:`ANTI_CHEAT_CODES`); a sample needs a ``correct`` turn (its
   answer is the correct turn with the highest speedup, the earliest on ties), the kernels-only track
   (``--allow-torch-track`` lifts this), and a non-empty reasoning trace (``--allow-no-reasoning`` lifts this).
2. **Concise** per (backend, task) over the eligible samples of all the runs given: the sample with the
   shortest reasoning trace is kept when its speedup is within ``--speed-tolerance`` of the fastest
   eligible sample (speedup * (1 + tolerance) >= the best speedup); otherwise the rule keeps nothing
   of that task. Speedups exist only for device timing: when no eligible sample of the task has one, the
   speed clause cannot be checked and the shortest is kept with ``speedup`` null (``--require-timing``
   drops it instead); when others have one but the shortest does not, it is dropped (not shown fastest).
3. **Min speedup**: every other eligible sample with speedup >= ``--min-speedup`` is kept too (0: off).
4. **Dedup**: kept kernels of one backend that are identical or near-identical after normalisation
   (comments, docstrings and whitespace removed, names the kernel defines replaced by one placeholder) are
   reduced to the one with the shortest trace; similarity is the Jaccard index of 5-token shingles
   (``--dedup-threshold``).
5. **Balance** (``--balance``): single-operator tasks and fused tasks (category ``fuse`` or level 2) are
   downsampled, seeded, to the smaller group's number of tasks; architecture tasks (category ``arch`` or
   level 3) are left as they are.
6. **Split** (``--split FRACTION``): a seeded task-level train/test split.

Reasoning length is counted in tokens: the provider's ``reasoning_tokens`` where every counted generation
of the task reports it, else an approximation (:func:`approx_tokens`) for all of them, so lengths compared
with each other are always counted the same way.
"""

from __future__ import annotations

import ast
import json
import os
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .errors import UsageError
from .evaluate import REJECT_CODES
from .extract import split_reasoning
from .schema import Evaluation, Generation, RunSettings, Task
from .static_check import CODES as STATIC_CODES
from .store import Store
from .tasks import module_source_without_metadata

#: Reason codes that mean an anti-cheat check flagged the candidate: every static (AST) finding, every code
#: that makes a verdict `rejected`, and the runtime checks whose finding shows as a wrong output (inputs
#: changed, a timed output that differs, JAX outside the kernels, an untraceable Pallas forward).
ANTI_CHEAT_CODES = (
    frozenset(STATIC_CODES)
    | frozenset(REJECT_CODES)
    | {"input_mutated", "timed_output_mismatch", "post_timing_mismatch", "jax_op", "untraceable"}
)
FORMATS = (".jsonl", ".parquet")
ROW_FIELDS = (
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
)
DIFFICULTY_LABELS = ("easy", "medium", "hard")
TOKEN_METHOD_APPROX = "approx: one token per word, number or punctuation mark (a regex count, not a tokenizer's)"
TOKEN_METHOD_PROVIDER = "provider: usage.reasoning_tokens as the model's API reported it"
SHINGLE = 5

#: fate -> what it means (the --json statistics and the card use these names)
FATES: dict[str, str] = {
    "excluded_suite": "the task belongs to an --exclude-suite suite",
    "excluded_mirror": "the task mirrors a KernelBench/MultiKernelBench task (--exclude-mirrors)",
    "anti_cheat": "an anti-cheat check flagged one of the sample's turns",
    "not_evaluated": "the sample has no evaluation (an unfinished run)",
    "not_correct": "no turn of the sample is correct",
    "pytorch_track": "evaluated on the PyTorch-allowed track (--allow-torch-track keeps it)",
    "no_reasoning": "the answer has no reasoning trace (--allow-no-reasoning keeps it)",
    "not_shortest": "another sample of the task has a shorter trace (and its speedup is below --min-speedup)",
    "slower_than_fastest": "the shortest trace, but slower than the task's fastest beyond --speed-tolerance",
    "speed_unknown": "the shortest trace, but no device timing shows it is the fastest",
    "duplicate": "a near-identical kernel with a shorter trace is kept",
    "balance": "dropped by --balance (single-operator vs fused tasks)",
}


@dataclass
class CurateOptions:
    speed_tolerance: float = 0.05
    min_speedup: float = 5.0
    balance: bool = False
    dedup_threshold: float = 0.95
    exclude_suites: list[str] = field(default_factory=list)
    exclude_mirrors: bool = False
    split: float | None = None
    seed: int = 0
    difficulty_thresholds: tuple[float, float] = (4000.0, 8500.0)
    require_timing: bool = False
    allow_no_reasoning: bool = False
    allow_torch_track: bool = False

    def check(self) -> None:
        if not self.speed_tolerance >= 0:
            raise UsageError(f"--speed-tolerance must be >= 0 (a fraction: 0.05 is 5%), not {self.speed_tolerance}")
        if not self.min_speedup >= 0:
            raise UsageError(f"--min-speedup must be >= 0 (0 turns the rule off), not {self.min_speedup}")
        if not 0 < self.dedup_threshold <= 1:
            raise UsageError(
                f"--dedup-threshold must be in (0, 1] (1: exact duplicates only), not {self.dedup_threshold}"
            )
        if self.split is not None and not 0 < self.split < 1:
            raise UsageError(f"--split takes the test fraction, in (0, 1), not {self.split}")
        low, high = self.difficulty_thresholds
        if not 0 <= low <= high:
            raise UsageError(f"--difficulty-thresholds needs EASY,HARD with 0 <= EASY <= HARD, not {low:g},{high:g}")


def parse_thresholds(text: str) -> tuple[float, float]:
    """'4000,8500' -> (4000.0, 8500.0)."""
    parts = [p.strip() for p in text.split(",")]
    try:
        low, high = (float(p) for p in parts)
    except ValueError:
        raise UsageError(
            f"--difficulty-thresholds takes two numbers EASY,HARD (e.g. 4000,8500), not '{text}'"
        ) from None
    return low, high


# ---- token counts ----------------------------------------------------------------------------------
_APPROX_TOKEN = re.compile(r"[A-Za-z]+|\d+|[^\sA-Za-z\d]")


def approx_tokens(text: str | None) -> int:
    """A deterministic stand-in for a tokenizer: one token per word, number or punctuation mark."""
    return len(_APPROX_TOKEN.findall(text or ""))


def _provider_tokens(gen: Generation) -> int | None:
    value = gen.usage.get("reasoning_tokens")
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def reasoning_lengths(gens: list[Generation]) -> tuple[list[int], str]:
    """The reasoning length of each generation, all counted the same way, and how ("provider" or "approx")."""
    provided = [_provider_tokens(g) for g in gens]
    if gens and all(p is not None for p in provided):
        return [int(p or 0) for p in provided], "provider"
    return [approx_tokens(g.reasoning) for g in gens], "approx"


# ---- kernel similarity -----------------------------------------------------------------------------
_C_COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.DOTALL)
_IDENT = re.compile(r"[A-Za-z_]\w*")
_CODE_TOKEN = re.compile(r"[A-Za-z_]\w*|\d+(?:\.\d*)?(?:[eE][-+]?\d+)?[fF]?|\S")
_KEEP_NAMES = {"self", "cls", "ModelNew", "forward"}


def _defined_names(tree: ast.AST) -> list[str]:
    """Names the kernel itself defines: functions, classes, arguments, variables, attributes of self, and
    extension/function names given to load_inline as strings."""
    found: list[str] = []

    def add(name: str) -> None:
        if name not in found and name not in _KEEP_NAMES and not (name.startswith("__") and name.endswith("__")):
            found.append(name)

    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            add(node.name)
        elif isinstance(node, ast.arg):
            add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            add(node.attr)
        elif isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg in ("name", "functions"):
                    values = kw.value.elts if isinstance(kw.value, ast.List | ast.Tuple) else [kw.value]
                    for v in values:
                        if isinstance(v, ast.Constant) and isinstance(v.value, str) and v.value.isidentifier():
                            add(v.value)
    return found


class _Canonical(ast.NodeTransformer):
    """Renames defined names, drops docstrings, and strips C/C++ comments and spacing inside strings."""

    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = mapping

    def _rename_in(self, text: str) -> str:
        text = " ".join(_C_COMMENT.sub(" ", text).split())
        return _IDENT.sub(lambda m: self.mapping.get(m.group(0), m.group(0)), text)

    def _body(self, node: Any) -> Any:
        body = node.body
        first = body[0] if body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
            node.body = body[1:] or [ast.Pass()]
        self.generic_visit(node)
        return node

    def visit_Module(self, node: ast.Module) -> Any:
        return self._body(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> Any:
        node.name = self.mapping.get(node.name, node.name)
        return self._body(node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> Any:
        node.name = self.mapping.get(node.name, node.name)
        return self._body(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> Any:
        node.name = self.mapping.get(node.name, node.name)
        return self._body(node)

    def visit_arg(self, node: ast.arg) -> Any:
        node.arg = self.mapping.get(node.arg, node.arg)
        return node

    def visit_Name(self, node: ast.Name) -> Any:
        node.id = self.mapping.get(node.id, node.id)
        return node

    def visit_Attribute(self, node: ast.Attribute) -> Any:
        node.attr = self.mapping.get(node.attr, node.attr)
        self.generic_visit(node)
        return node

    def visit_Constant(self, node: ast.Constant) -> Any:
        if isinstance(node.value, str):
            node.value = self._rename_in(node.value)
        return node


def normalised_tokens(code: str) -> list[str]:
    """The kernel's tokens with comments, docstrings and layout removed and every name the kernel defines
    replaced by one placeholder (so a renamed or reordered helper changes only a few shingles)."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return _CODE_TOKEN.findall(" ".join(_C_COMMENT.sub(" ", re.sub(r"#[^\n]*", " ", code)).split()))
    mapping = dict.fromkeys(_defined_names(tree), "ID")
    return _CODE_TOKEN.findall(ast.unparse(_Canonical(mapping).visit(tree)))


def shingles(tokens: list[str], k: int = SHINGLE) -> frozenset[tuple[str, ...]]:
    if len(tokens) <= k:
        return frozenset({tuple(tokens)})
    return frozenset(tuple(tokens[i : i + k]) for i in range(len(tokens) - k + 1))


def similarity(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    """Jaccard index of two shingle sets."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


# ---- samples ---------------------------------------------------------------------------------------
@dataclass
class Sample:
    """One (run, task, sample): its turns, the turn that answers it, and what curation decided."""

    run_index: int
    run_id: str
    settings: RunSettings
    task: Task
    reference: str
    turns: list[Generation]
    evaluations: dict[int, Evaluation]
    chosen: int | None = None
    tokens: int = 0
    fate: str | None = None
    rule: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return self.settings.backend, self.task.id

    @property
    def answer(self) -> Generation:
        assert self.chosen is not None
        return next(g for g in self.turns if g.turn == self.chosen)

    @property
    def speedup(self) -> float | None:
        ev = self.evaluations.get(self.chosen) if self.chosen is not None else None
        return ev.speedup if ev is not None and ev.timing == "device" else None

    def order(self) -> tuple[int, int]:
        return self.run_index, self.turns[0].sample


def task_kind(task: Task) -> str:
    """'fused' (category fuse or level 2), 'arch' (category arch or level 3) or 'single' (one operator)."""
    if task.category == "fuse" or task.level == 2:
        return "fused"
    if task.category == "arch" or task.level == 3:
        return "arch"
    return "single"


def display_model(model: str) -> str:
    """The run's model name as a dataset states it (a replay file by its name, never a local path)."""
    if model.startswith("replay:"):
        return "replay:" + Path(model.split(":", 1)[1]).name
    return model


def mirrors_benchmark(task: Task) -> bool:
    """Whether the task's ``mirrors`` names a KernelBench or MultiKernelBench task."""
    return "kernelbench" in (task.mirrors or "").lower()


def _excluded(suites: list[str]) -> tuple[set[str], set[str]]:
    """(task ids, content hashes) of the suites' tasks."""
    from .tasks import catalog, select

    ids: set[str] = set()
    hashes: set[str] = set()
    for suite in suites:
        for t in select(catalog(), suite):
            ids.add(t.id)
            hashes.add(t.content_hash)
    return ids, hashes


def load_samples(store: Store, run_ids: list[str]) -> tuple[list[Sample], list[RunSettings]]:
    if not run_ids:
        raise UsageError("give at least one RUN_ID (see `kbench runs list`)")
    if len(set(run_ids)) != len(run_ids):
        raise UsageError(f"a run is named twice: {', '.join(r for r, n in Counter(run_ids).items() if n > 1)}")
    samples: list[Sample] = []
    settings_list: list[RunSettings] = []
    for index, run_id in enumerate(run_ids):
        settings = store.run_settings(run_id)
        settings_list.append(settings)
        tasks = {t.id: (t, src) for t, src in store.run_tasks(run_id)}
        evals: dict[tuple[str, int], dict[int, Evaluation]] = defaultdict(dict)
        for row in store.evaluations(run_id):
            evals[(row["task_id"], row["sample"])][row["turn"]] = Evaluation.model_validate_json(row["result"])
        grouped: dict[tuple[str, int], list[Generation]] = defaultdict(list)
        for gen in store.generations(run_id):
            grouped[(gen.task_id, gen.sample)].append(gen)
        for (task_id, sample), gens in sorted(grouped.items()):
            if task_id not in tasks:
                continue
            task, src = tasks[task_id]
            samples.append(
                Sample(
                    run_index=index,
                    run_id=run_id,
                    settings=settings,
                    task=task,
                    reference=src,
                    turns=sorted(gens, key=lambda g: g.turn),
                    evaluations=evals.get((task_id, sample), {}),
                )
            )
    return samples, settings_list


def _flagged(ev: Evaluation) -> bool:
    return ev.status.value == "rejected" or any(code in ANTI_CHEAT_CODES for code in ev.reason_codes)


def _fastest_first(ev: Evaluation, turn: int) -> tuple[int, float, int]:
    speedup = ev.speedup if ev.timing == "device" else None
    return (0, -speedup, turn) if speedup is not None else (1, 0.0, turn)


def _eligibility(s: Sample, opts: CurateOptions, excluded: tuple[set[str], set[str]]) -> str | None:
    """Why the sample cannot be a training example (None: it can), choosing its answer turn on the way."""
    ids, hashes = excluded
    if s.task.id in ids or s.task.content_hash in hashes:
        return "excluded_suite"
    if opts.exclude_mirrors and mirrors_benchmark(s.task):
        return "excluded_mirror"
    if any(_flagged(ev) for ev in s.evaluations.values()):
        return "anti_cheat"
    if not s.evaluations:
        return "not_evaluated"
    correct = [(t, ev) for t, ev in s.evaluations.items() if ev.status.value == "correct"]
    kernels = {g.turn for g in s.turns if g.kernel}
    correct = [(t, ev) for t, ev in correct if t in kernels]
    if not correct:
        return "not_correct"
    s.chosen = min(correct, key=lambda te: _fastest_first(te[1], te[0]))[0]
    ev = s.evaluations[s.chosen]
    if (ev.track != "kernels_only" or s.settings.allow_torch) and not opts.allow_torch_track:
        return "pytorch_track"
    if not (s.answer.reasoning or "").strip() and not opts.allow_no_reasoning:
        return "no_reasoning"
    return None


# ---- the rules -------------------------------------------------------------------------------------
@dataclass
class Curated:
    rows: list[dict[str, Any]]
    splits: dict[str, list[dict[str, Any]]]
    stats: dict[str, Any]
    samples: list[Sample]
    runs: list[RunSettings]
    options: CurateOptions
    difficulty: dict[tuple[str, str], dict[str, Any]]


def _concise(groups: dict[tuple[str, str], list[Sample]], opts: CurateOptions) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for group in groups.values():
        shortest = min(group, key=lambda s: (s.tokens, -(s.speedup or 0.0), s.order()))
        timed = [s.speedup for s in group if s.speedup is not None]
        for s in group:
            if s is not shortest:
                s.fate = "not_shortest"
        if shortest.speedup is not None:
            if shortest.speedup * (1 + opts.speed_tolerance) >= max(timed):
                shortest.rule = "concise"
            else:
                shortest.fate = "slower_than_fastest"
        elif not timed and not opts.require_timing:
            shortest.rule = "concise_untimed"
        else:
            shortest.fate = "speed_unknown"
        counts[shortest.rule or shortest.fate or ""] += 1
    return dict(counts)


def _min_speedup(eligible: list[Sample], opts: CurateOptions) -> int:
    added = 0
    if opts.min_speedup <= 0:
        return 0
    for s in eligible:
        if s.rule is None and s.speedup is not None and s.speedup >= opts.min_speedup:
            s.rule, s.fate = "min_speedup", None
            added += 1
    return added


def _dedup(kept: list[Sample], threshold: float) -> int:
    """Drop near-duplicate kernels (per backend), keeping the shortest trace; returns how many went."""
    dropped = 0
    accepted: dict[str, list[tuple[frozenset[tuple[str, ...]], Sample]]] = defaultdict(list)
    for s in sorted(kept, key=lambda s: (s.tokens, -(s.speedup or 0.0), s.key, s.order())):
        sh = shingles(normalised_tokens(s.answer.kernel or ""))
        pool = accepted[s.settings.backend]
        twin = next((other for sh2, other in pool if _close(sh, sh2, threshold)), None)
        if twin is not None:
            s.fate, s.rule = "duplicate", None
            dropped += 1
        else:
            pool.append((sh, s))
    return dropped


def _close(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]], threshold: float) -> bool:
    small, large = sorted((len(a), len(b)))
    if large and small / large < threshold:  # Jaccard <= |small| / |large|
        return False
    return similarity(a, b) >= threshold


def _balance(kept: list[Sample], seed: int) -> dict[str, Any]:
    tasks: dict[str, set[tuple[str, str]]] = {"single": set(), "fused": set(), "arch": set()}
    for s in kept:
        tasks[task_kind(s.task)].add(s.key)
    before = {k: len(v) for k, v in tasks.items()}
    info: dict[str, Any] = {"enabled": True, "tasks_before": before, "seed": seed}
    single, fused = sorted(tasks["single"]), sorted(tasks["fused"])
    if not single or not fused:
        info["note"] = "skipped: no {} tasks to balance against".format("single-operator" if not single else "fused")
        info["tasks_after"] = before
        info["dropped_tasks"] = 0
        return info
    size = min(len(single), len(fused))
    rng = random.Random(seed)
    keep = set(rng.sample(single, size)) | set(rng.sample(fused, size)) | tasks["arch"]
    for s in kept:
        if s.key not in keep:
            s.fate, s.rule = "balance", None
    info["tasks_after"] = {"single": size, "fused": size, "arch": len(tasks["arch"])}
    info["dropped_tasks"] = len(single) + len(fused) - 2 * size
    return info


def _difficulty(samples: list[Sample], thresholds: tuple[float, float]) -> dict[tuple[str, str], dict[str, Any]]:
    """Per (backend, task): the mean reasoning length over every answer with a trace (all turns, every
    verdict), and its label."""
    gens: dict[tuple[str, str], list[Generation]] = defaultdict(list)
    for s in samples:
        gens[s.key].extend(g for g in s.turns if (g.reasoning or "").strip())
    out: dict[tuple[str, str], dict[str, Any]] = {}
    low, high = thresholds
    for key in {s.key for s in samples}:
        traced = gens.get(key, [])
        if not traced:
            out[key] = {"mean_tokens": None, "answers": 0, "label": None, "counted": None}
            continue
        lengths, method = reasoning_lengths(traced)
        mean = sum(lengths) / len(lengths)
        label = "easy" if mean < low else "medium" if mean < high else "hard"
        out[key] = {"mean_tokens": round(mean, 1), "answers": len(lengths), "label": label, "counted": method}
    return out


def _split(rows: list[dict[str, Any]], fraction: float, seed: int) -> tuple[dict[str, list[dict[str, Any]]], list[str]]:
    task_ids = sorted({r["task_id"] for r in rows})
    rng = random.Random(seed)
    shuffled = task_ids[:]
    rng.shuffle(shuffled)
    n_test = round(fraction * len(task_ids))
    if len(task_ids) >= 2:
        n_test = min(max(n_test, 1), len(task_ids) - 1)
    else:
        n_test = 0
    test = set(shuffled[:n_test])
    return {
        "train": [r for r in rows if r["task_id"] not in test],
        "test": [r for r in rows if r["task_id"] in test],
    }, sorted(test)


SYSTEM_PROMPT = (
    "You are an expert in writing fast compute kernels. Given a PyTorch reference module, write an optimized "
    "replacement `ModelNew` for the `{backend}` backend that computes the same outputs with custom kernels. "
    "Think it through, then answer with the complete module in one ```python block."
)


def assistant_message(reasoning: str | None, kernel: str) -> str:
    """The answer an SFT trainer learns: the reasoning inside <think> tags, then the kernel."""
    code = kernel if kernel.endswith("\n") else kernel + "\n"
    trace = (reasoning or "").strip()
    think = f"<think>\n{trace}\n</think>\n\n" if trace else ""
    return f"{think}```python\n{code}```"


def messages(s: Sample) -> list[dict[str, str]]:
    """system, the task prompt, then for an answer of turn k > 0 the earlier turns as the run saw them
    (kbench's feedback and the model's answers without their reasoning), then the answer."""
    answer = s.answer
    out = [{"role": "system", "content": SYSTEM_PROMPT.format(backend=s.settings.backend)}]
    for g in s.turns:
        if g.turn >= answer.turn:
            break
        text, _ = split_reasoning(g.response)
        out += [{"role": "user", "content": g.prompt}, {"role": "assistant", "content": text.strip() or "(no answer)"}]
    out.append({"role": "user", "content": answer.prompt})
    out.append({"role": "assistant", "content": assistant_message(answer.reasoning, answer.kernel or "")})
    return out


def row(s: Sample, difficulty: dict[str, Any]) -> dict[str, Any]:
    answer = s.answer
    return {
        "task_id": s.task.id,
        "backend": s.settings.backend,
        "source": s.task.source,
        "pytorch_code": module_source_without_metadata(s.reference),
        "reasoning": answer.reasoning or "",
        "kernel": answer.kernel or "",
        "speedup": s.speedup,
        "model": display_model(s.settings.model),
        "messages": messages(s),
        "difficulty": difficulty.get("label"),
    }


def curate(store: Store, run_ids: list[str], opts: CurateOptions) -> Curated:
    """Apply the rules to the runs' samples; nothing is written."""
    opts.check()
    excluded = _excluded(opts.exclude_suites)
    samples, runs = load_samples(store, run_ids)
    eligible: list[Sample] = []
    for s in samples:
        s.fate = _eligibility(s, opts, excluded)
        if s.fate is None:
            eligible.append(s)
    groups: dict[tuple[str, str], list[Sample]] = defaultdict(list)
    for s in eligible:
        groups[s.key].append(s)
    methods: Counter[str] = Counter()
    for group in groups.values():
        lengths, method = reasoning_lengths([s.answer for s in group])
        methods[method] += 1
        for s, n in zip(group, lengths, strict=True):
            s.tokens = n
    concise = _concise(groups, opts)
    added = _min_speedup(eligible, opts)
    kept = [s for s in eligible if s.rule is not None]
    duplicates = _dedup(kept, opts.dedup_threshold)
    kept = [s for s in kept if s.rule is not None]
    balance: dict[str, Any] = {"enabled": False}
    if opts.balance:
        balance = _balance(kept, opts.seed)
        kept = [s for s in kept if s.rule is not None]
    difficulty = _difficulty(samples, opts.difficulty_thresholds)
    kept.sort(key=lambda s: (s.key, s.order()))
    rows = [row(s, difficulty[s.key]) for s in kept]
    splits: dict[str, list[dict[str, Any]]] = {}
    test_tasks: list[str] = []
    if opts.split is not None:
        splits, test_tasks = _split(rows, opts.split, opts.seed)

    fates = Counter(s.fate for s in samples if s.fate is not None)
    statuses = Counter(
        s.evaluations[max(s.evaluations)].status.value for s in samples if s.fate == "not_correct" and s.evaluations
    )
    kept_tasks = {s.key for s in kept}
    labels = Counter(difficulty[k]["label"] or "unknown" for k in kept_tasks)
    stats: dict[str, Any] = {
        "runs": [
            {
                "run_id": r.run_id,
                "model": display_model(r.model),
                "backend": r.backend,
                "strategy": r.strategy,
                "devices": sorted(
                    {ev.device for s in samples if s.run_id == r.run_id for ev in s.evaluations.values()}
                ),
            }
            for r in runs
        ],
        "samples": len(samples),
        "kept": len(rows),
        "tasks": len(kept_tasks),
        "dropped": {fate: fates.get(fate, 0) for fate in FATES if fates.get(fate)},
        "rules": {
            "eligibility": {
                "samples": len(samples),
                "eligible": len(eligible),
                "not_correct_final_status": dict(sorted(statuses.items())),
            },
            "concise": {
                "tasks": len(groups),
                "kept": concise.get("concise", 0),
                "kept_untimed": concise.get("concise_untimed", 0),
                "tasks_dropped_slower": concise.get("slower_than_fastest", 0),
                "tasks_dropped_speed_unknown": concise.get("speed_unknown", 0),
                "speed_tolerance": opts.speed_tolerance,
                "require_timing": opts.require_timing,
            },
            "min_speedup": {"threshold": opts.min_speedup, "added": added},
            "dedup": {"threshold": opts.dedup_threshold, "shingle_tokens": SHINGLE, "dropped": duplicates},
            "balance": balance,
            "decontamination": {
                "exclude_suites": opts.exclude_suites,
                "exclude_mirrors": opts.exclude_mirrors,
                "dropped": fates.get("excluded_suite", 0) + fates.get("excluded_mirror", 0),
            },
        },
        "kept_by_rule": dict(sorted(Counter(s.rule for s in kept if s.rule).items())),
        "difficulty": {
            "thresholds": list(opts.difficulty_thresholds),
            "counts": {label: labels.get(label, 0) for label in (*DIFFICULTY_LABELS, "unknown") if labels.get(label)},
            "tasks": {f"{b}/{t}": difficulty[(b, t)] for b, t in sorted(difficulty) if (b, t) in kept_tasks},
        },
        "reasoning_tokens": {
            "groups_counted": dict(sorted(methods.items())),
            "provider": TOKEN_METHOD_PROVIDER,
            "approx": TOKEN_METHOD_APPROX,
        },
        "split": None
        if opts.split is None
        else {
            "test_fraction": opts.split,
            "seed": opts.seed,
            "train": len(splits["train"]),
            "test": len(splits["test"]),
            "test_tasks": test_tasks,
        },
    }
    return Curated(rows, splits, stats, samples, runs, opts, difficulty)


# ---- writing ---------------------------------------------------------------------------------------
def output_paths(out: Path, split: bool) -> dict[str, Path]:
    """Where the data goes: {'all': F} or, with a split, {'train': F.train.EXT, 'test': F.test.EXT}."""
    if out.suffix not in FORMATS:
        raise UsageError(f"--out '{out}': the extension chooses the format: {' or '.join(FORMATS)}")
    if not split:
        return {"all": out}
    return {name: out.with_name(f"{out.stem}.{name}{out.suffix}") for name in ("train", "test")}


def card_path(out: Path) -> Path:
    return out.with_name(f"{out.stem}.card.md")


def _arrow_schema() -> Any:
    import pyarrow as pa

    text = pa.string()
    return pa.schema(
        [
            ("task_id", text),
            ("backend", text),
            ("source", text),
            ("pytorch_code", text),
            ("reasoning", text),
            ("kernel", text),
            ("speedup", pa.float64()),
            ("model", text),
            ("messages", pa.list_(pa.struct([("role", text), ("content", text)]))),
            ("difficulty", text),
        ]
    )


def _write_rows(rows: list[dict[str, Any]], path: Path) -> None:
    tmp = path.with_name(path.name + ".part")
    if path.suffix == ".parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise UsageError("writing Parquet needs pyarrow (pip install pyarrow), or use --out F.jsonl") from None
        pq.write_table(pa.Table.from_pylist(rows, schema=_arrow_schema()), tmp)
    else:
        with tmp.open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def write(curated: Curated, out: Path) -> dict[str, Any]:
    """Write the data file(s) and the card; returns what was written (for --json)."""
    out = Path(out)
    paths = output_paths(out, curated.options.split is not None)
    if not out.parent.is_dir():
        raise UsageError(f"--out '{out}': folder '{out.parent}' does not exist")
    if curated.options.split is None:
        _write_rows(curated.rows, paths["all"])
    else:
        for name in ("train", "test"):
            _write_rows(curated.splits[name], paths[name])
    card = card_path(out)
    card.write_text(card_markdown(curated, paths), encoding="utf-8")
    return {"files": {k: str(v) for k, v in paths.items()}, "card": str(card)}


def _md_table(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    head = list(header)
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join("" if v is None else str(v) for v in r) + " |" for r in rows]
    return "\n".join(lines)


def card_markdown(curated: Curated, paths: dict[str, Path]) -> str:
    """The dataset card: sources, rules and their parameters, counts, difficulty, licences."""
    o, st = curated.options, curated.stats
    rules = st["rules"]
    files = ", ".join(f"`{p.name}`" for p in paths.values())
    parts: list[str] = [
        f"# Kernel fine-tuning dataset: {next(iter(paths.values())).stem.split('.')[0]}",
        "",
        f"Written by `kbench curate` (kbench {__version__}) from {len(curated.runs)} run(s): {files}. "
        f"{st['kept']} examples of {st['tasks']} task(s), selected from {st['samples']} samples.",
        "",
        "Each row is a (PyTorch reference, reasoning trace, kernel) triple for supervised fine-tuning: "
        "`task_id`, `backend`, `source` (the paper or benchmark family the task comes from), `pytorch_code` "
        "(the reference as the model saw it), `reasoning`, `kernel` (the module defining `ModelNew`), "
        "`speedup` (vs eager PyTorch, device timing only; null when the kernel was not timed on a device), "
        "`model`, `messages` (system, the task prompt, the answer: reasoning in `<think>` tags, then the kernel "
        "in a python block; an answer from a refinement turn k > 0 comes after the earlier turns' prompts and "
        "answers, so train on the last assistant message) and `difficulty`.",
        "",
        "```python",
        "from datasets import load_dataset",
        "ds = load_dataset({!r}, data_files={!r})".format(
            "parquet" if next(iter(paths.values())).suffix == ".parquet" else "json",
            {k: p.name for k, p in paths.items()} if len(paths) > 1 else next(iter(paths.values())).name,
        ),
        "```",
        "",
        "## Sources",
        "",
        _md_table(
            ("run", "model", "backend", "device", "strategy", "turns", "harness", "templates"),
            (
                (
                    r.run_id,
                    display_model(r.model),
                    r.backend,
                    "; ".join(info["devices"]) or "?",
                    r.strategy,
                    r.turns,
                    r.harness_version or "?",
                    r.template_version or "?",
                )
                for r, info in zip(curated.runs, st["runs"], strict=True)
            ),
        ),  # fmt: skip
        "",
        "## Rules",
        "",
        "1. Eligible: a sample with a `correct` turn (its answer: the correct turn with the highest speedup), "
        "on the kernels-only track"
        + (" (or the PyTorch-allowed track: --allow-torch-track)" if o.allow_torch_track else "")
        + ", with a reasoning trace"
        + (" (or none: --allow-no-reasoning)" if o.allow_no_reasoning else "")
        + ". A sample that any anti-cheat check flagged in any turn (status `rejected` or an anti-cheat reason "
        "code) is never kept.",
        f"2. Concise: per task, the sample with the shortest reasoning trace, if its speedup is within "
        f"{o.speed_tolerance:.0%} of the task's fastest eligible sample (--speed-tolerance {o.speed_tolerance:g}); "
        "otherwise none. Without device timing the speed clause cannot be checked: "
        + (
            "such tasks are dropped (--require-timing)."
            if o.require_timing
            else "the shortest is kept with a null speedup."
        ),
        "3. Min speedup: "
        + (
            f"every other eligible sample with speedup >= {o.min_speedup:g}x (--min-speedup {o.min_speedup:g})."
            if o.min_speedup > 0
            else "off (--min-speedup 0)."
        ),
        f"4. Dedup: near-identical kernels of one backend (Jaccard of {SHINGLE}-token shingles >= "
        f"{o.dedup_threshold:g} after removing comments, docstrings and layout and replacing the names the kernel "
        "defines by one placeholder) keep only the shortest trace.",
        "5. Balance: "
        + (
            f"single-operator and fused tasks downsampled to the same number of tasks (seed {o.seed})."
            if o.balance
            else "off."
        ),
        "6. Decontamination: "
        + (f"tasks of suite(s) {', '.join(o.exclude_suites)} excluded" if o.exclude_suites else "no suite excluded")
        + ("; tasks mirroring KernelBench/MultiKernelBench excluded." if o.exclude_mirrors else "; mirrors kept."),
        "7. Split: "
        + (
            f"task-level, test fraction {o.split:g}, seed {o.seed}: {st['split']['train']} train, "
            f"{st['split']['test']} test examples; test tasks: {', '.join(st['split']['test_tasks']) or 'none'}."
            if o.split is not None
            else "none."
        ),
        "",
        "Reasoning length is counted in tokens: the provider's `reasoning_tokens` where every answer of a task "
        "reports it, else an approximation for all of them (one token per word, number or punctuation mark: a "
        "regex count, not a tokenizer's). Tasks counted by the provider: "
        f"{st['reasoning_tokens']['groups_counted'].get('provider', 0)}, approximately: "
        f"{st['reasoning_tokens']['groups_counted'].get('approx', 0)}.",
        "",
        "## Counts",
        "",
        _md_table(
            ("", "samples"),
            [("considered", st["samples"]), ("kept", st["kept"])]
            + [(f"kept by rule `{k}`", v) for k, v in st["kept_by_rule"].items()]
            + [(f"dropped: {FATES[k]}", v) for k, v in st["dropped"].items()],
        ),
        "",
    ]
    if rules["balance"].get("enabled"):
        b = rules["balance"]
        parts += [
            "Balance (tasks): before " + ", ".join(f"{k} {v}" for k, v in b["tasks_before"].items()) + "; after "
            + ", ".join(f"{k} {v}" for k, v in b["tasks_after"].items()) + (f" ({b['note']})" if b.get("note") else "")
            + ".",
            "",
        ]  # fmt: skip
    low, high = o.difficulty_thresholds
    kept_tasks = {
        s.task.id: s.task for s in curated.samples if f"{s.settings.backend}/{s.task.id}" in st["difficulty"]["tasks"]
    }
    mirrors = [(t.mirrors or "").lower() for t in kept_tasks.values()]
    mirror_counts = {
        "multikernelbench": sum("multikernelbench" in m for m in mirrors),
        "kernelbench": sum("kernelbench" in m and "multikernelbench" not in m for m in mirrors),
    }
    parts += [
        "## Difficulty",
        "",
        f"Per task: the mean reasoning length over every answer with a trace (all samples, turns and verdicts); "
        f"easy below {low:g} tokens, medium below {high:g}, hard from {high:g} "
        f"(--difficulty-thresholds {low:g},{high:g}).",
        "",
        _md_table(
            ("backend", "task", "mean tokens", "answers", "counted", "difficulty"),
            (
                (b, t, d["mean_tokens"], d["answers"], d["counted"], d["label"])
                for (b, t), d in sorted(curated.difficulty.items())
                if f"{b}/{t}" in st["difficulty"]["tasks"]
            ),
        ),
        "",
        "## Licences",
        "",
        f"- Task references ({mirror_counts['kernelbench']} of the {st['tasks']} kept tasks mirror KernelBench, "
        f"{mirror_counts['multikernelbench']} MultiKernelBench): kbench's catalog is distributed under kbench's "
        "licence (Apache-2.0). KernelBench (ScalingIntelligence/KernelBench) is MIT-licensed: keep its copyright "
        "and permission notice with tasks that mirror it. For tasks mirroring MultiKernelBench, check the "
        "upstream repository's licence. Tasks from a user's own `--tasks-dir` carry whatever licence their "
        "files have.",
        "- Reasoning traces and kernels are model outputs: their use is subject to the terms of the provider "
        "of the model that wrote them (" + ", ".join(sorted({display_model(r.model) for r in curated.runs})) + "; "
        "`replay:` answers are recorded ones: the terms of whatever wrote them apply).",
        "",
    ]
    return "\n".join(parts)


def summary_lines(stats: dict[str, Any]) -> list[str]:
    """A few human-readable lines of what curation did (stderr, without --json)."""
    lines = [f"kept {stats['kept']} of {stats['samples']} samples ({stats['tasks']} tasks)"]
    if stats["kept_by_rule"]:
        lines.append("  kept by rule: " + ", ".join(f"{k} {v}" for k, v in stats["kept_by_rule"].items()))
    for fate, n in stats["dropped"].items():
        lines.append(f"  dropped {n}: {FATES[fate]}")
    if stats["split"]:
        lines.append(f"  split: {stats['split']['train']} train, {stats['split']['test']} test")
    return lines


__all__ = ["ANTI_CHEAT_CODES", "CurateOptions", "Curated", "approx_tokens", "curate", "normalised_tokens", "write"]
