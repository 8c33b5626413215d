"""Loading tasks: KernelBench-format files, the catalog under ``tasks/`` and its suites.

A task file is plain KernelBench format (``Model``, ``get_inputs``, ``get_init_inputs``). Catalog
files add a ``KBENCH = {...}`` literal with metadata; it is read with :func:`ast.literal_eval`, so
listing the catalog never executes task code. The task id is the file's path relative to its root,
without ``.py`` (``activation/gelu_tanh``): stable as long as the file does not move.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib.util
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import TaskError, UsageError
from .schema import Task, Tolerance

CATEGORIES: tuple[str, ...] = (
    "activation",
    "arch",
    "attention",
    "broadcast",
    "convolution",
    "fuse",
    "index",
    "loss",
    "math",
    "matmul",
    "normalization",
    "optimizer",
    "pooling",
    "reduce",
    "resize",
)
SHAPE_SETS: tuple[str, ...] = ("tiny", "small", "large")
REPO_ROOT = Path(__file__).resolve().parent.parent
CATALOG_ROOT = REPO_ROOT / "tasks"
SUITES_DIR = CATALOG_ROOT / "suites"

_DEFAULT_TOLERANCE = {"float32": 1e-4, "float64": 1e-7, "float16": 1e-2, "bfloat16": 2e-2}


def _read_metadata(path: Path, source: str) -> tuple[dict[str, Any], str]:
    """Return (KBENCH literal or {}, module docstring) without executing the file."""
    try:
        tree = ast.parse(source, filename=str(path))
    except SyntaxError as exc:
        raise TaskError(f"{path}: not valid Python (line {exc.lineno}: {exc.msg})") from None
    meta: dict[str, Any] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "KBENCH" for t in node.targets):
            try:
                meta = ast.literal_eval(node.value)
            except ValueError:
                raise TaskError(f"{path}: KBENCH must be a literal dict (no names or calls)") from None
            if not isinstance(meta, dict):
                raise TaskError(f"{path}: KBENCH must be a dict")
    return meta, ast.get_docstring(tree) or ""


#: file-name words that name a category, for reference folders without metadata (KernelBench's
#: ``level1/19_ReLU.py``, MultiKernelBench's ``reference/activation/relu.py``); first match wins
_NAME_HINTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("attention", ("attention", "attn", "sdpa")),
    ("loss", ("loss",)),
    ("optimizer", ("adam", "sgd", "rmsprop", "adagrad", "lamb", "lion", "optimizer")),
    ("convolution", ("conv",)),
    ("pooling", ("pool",)),
    ("normalization", ("norm",)),
    ("resize", ("upsample", "interpolate", "resize", "pixel_shuffle", "pixelshuffle", "grid_sample")),
    ("index", ("gather", "scatter", "index", "embedding", "take", "argsort", "topk")),
    ("math", ("cumsum", "cumprod", "cumulative", "scan", "exp", "log", "sqrt", "sin", "cos", "erf")),
    ("reduce", ("sum", "mean", "max", "min", "argmax", "argmin", "prod", "reduction", "reduce", "std", "var")),
    ("matmul", ("matmul", "matrix", "gemm", "bmm", "mm", "linear", "einsum", "multiplication")),
    (
        "activation",
        (
            "relu",
            "gelu",
            "sigmoid",
            "tanh",
            "softmax",
            "swish",
            "silu",
            "elu",
            "selu",
            "softplus",
            "softsign",
            "hardtanh",
            "mish",
            "glu",
            "activation",
            "sign",
        ),
    ),
    ("broadcast", ("broadcast", "add", "mul", "bias", "scale", "where", "clamp")),
)


def _words(name: str) -> list[str]:
    import re

    return [w for w in re.split(r"[^a-z0-9]+", re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()) if w]


def infer_category(task_id: str) -> str:
    """A category for a file without metadata: a category named by a folder in its path; else
    ``arch`` for KernelBench's level3 and ``fuse`` for level2 (whole models, fused ops); else a category
    its file name names (``19_ReLU`` -> activation, ``63_conv_standard_2D...`` -> convolution); else
    'unknown'."""
    parts = [p.lower() for p in Path(task_id).parts]
    for part in parts[:-1]:
        if part in CATEGORIES:
            return part
    if "level3" in parts[:-1]:
        return "arch"
    if "level2" in parts[:-1]:
        return "fuse"
    name = Path(task_id).name
    words = _words(name)
    for category, hints in _NAME_HINTS:
        for word in words:
            if any(word == h or (len(h) > 3 and word.startswith(h)) for h in hints):
                return category
    flat = name.lower()
    for category, hints in _NAME_HINTS:  # CamelCase that splits badly (ReLU, GeLU)
        if any(len(h) > 3 and h in flat for h in hints):
            return category
    return "unknown"


def infer_level(task_id: str) -> int | None:
    """1, 2 or 3 from a ``level1``..``level3`` folder in the path (KernelBench's layout), else None."""
    for part in Path(task_id).parts[:-1]:
        if part.lower() in ("level1", "level2", "level3"):
            return int(part[-1])
    return None


def task_from_file(path: Path, root: Path | None = None, catalog: bool = False) -> Task:
    """Describe one task file. Raises TaskError (one line naming the file) when it cannot be a task."""
    path = Path(path)
    if not path.is_file():
        raise TaskError(f"{path}: no such task file")
    source = path.read_text(encoding="utf-8")
    meta, doc = _read_metadata(path, source)
    if root is not None:
        task_id = path.resolve().relative_to(root.resolve()).with_suffix("").as_posix()
    else:
        task_id = path.stem
    dtype = str(meta.get("dtype", "float32"))
    default_tol = _DEFAULT_TOLERANCE.get(dtype, 1e-4)
    tol = meta.get("tolerance", {})
    shapes = meta.get("shapes", {})
    unknown_sets = set(shapes) - set(SHAPE_SETS)
    if unknown_sets:
        raise TaskError(f"{path}: unknown shape sets {sorted(unknown_sets)} (use {', '.join(SHAPE_SETS)})")
    return Task(
        id=task_id,
        path=str(path.resolve()),
        category=str(meta.get("category") or infer_category(task_id)),
        subcategory=meta.get("subcategory"),
        level=meta.get("level", infer_level(task_id)),
        source=meta.get("source"),
        mirrors=meta.get("mirrors"),
        description=(doc.strip().splitlines() or [""])[0],
        shapes=shapes,
        dtype=dtype,
        tolerance=Tolerance(atol=tol.get("atol", default_tol), rtol=tol.get("rtol", default_tol)),
        domain=str(meta.get("domain", "any")),
        tf32=bool(meta.get("tf32", False)),
        flops=meta.get("flops"),
        bytes=meta.get("bytes"),
        content_hash=hashlib.sha256(source.encode()).hexdigest(),
        catalog=catalog,
    )


def discover(root: Path, catalog: bool = False) -> list[Task]:
    """Every task file below ``root`` (files starting with '_' and the suites folder are skipped)."""
    root = Path(root)
    if not root.is_dir():
        raise UsageError(f"{root}: not a directory of task files")
    paths = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if any(part.startswith(("_", ".")) for part in rel.parts) or rel.parts[0] == "suites":
            continue
        paths.append(path)
    stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    return list(_discover(str(root.resolve()), catalog, stamp))


@functools.lru_cache(maxsize=8)
def _discover(root: str, catalog: bool, stamp: tuple[tuple[str, int, int], ...]) -> tuple[Task, ...]:
    """Parsed tasks, reused while no file below ``root`` changed (same paths, sizes and mtimes)."""
    return tuple(task_from_file(Path(path), root=Path(root), catalog=catalog) for path, _, _ in stamp)


def catalog() -> list[Task]:
    """The shipped catalog."""
    return discover(CATALOG_ROOT, catalog=True)


def suite_names() -> list[str]:
    named = sorted(p.stem for p in SUITES_DIR.glob("*.txt")) if SUITES_DIR.is_dir() else []
    return ["all", "level1", "level2", "level3", *named]


def select(tasks: Iterable[Task], suite: str | None = None, category: str | None = None) -> list[Task]:
    """Filter tasks by suite name and category; unknown names are usage errors."""
    chosen = list(tasks)
    if suite and suite != "all":
        if suite.startswith("level") and suite[5:].isdigit():
            chosen = [t for t in chosen if t.level == int(suite[5:])]
        else:
            suite_file = SUITES_DIR / f"{suite}.txt"
            if not suite_file.is_file():
                raise UsageError(f"unknown suite '{suite}' (known: {', '.join(suite_names())})")
            wanted = [
                line.split("#")[0].strip() for line in suite_file.read_text().splitlines() if line.split("#")[0].strip()
            ]
            by_id = {t.id: t for t in chosen}
            missing = [w for w in wanted if w not in by_id]
            if missing:
                raise TaskError(f"{suite_file}: names tasks that do not exist: {', '.join(missing)}")
            chosen = [by_id[w] for w in wanted]
    if category:
        if category not in CATEGORIES and category != "unknown":
            raise UsageError(f"unknown category '{category}' (known: {', '.join(CATEGORIES)})")
        chosen = [t for t in chosen if t.category == category]
    return chosen


def find(task_id: str, tasks: Iterable[Task] | None = None) -> Task:
    pool = list(tasks) if tasks is not None else catalog()
    for t in pool:
        if t.id == task_id:
            return t
    close = [t.id for t in pool if task_id.split("/")[-1] in t.id][:5]
    hint = f" (did you mean: {', '.join(close)}?)" if close else " (see `kbench tasks list`)"
    raise UsageError(f"unknown task '{task_id}'{hint}")


def load_module(path: str | Path, overrides: dict[str, Any] | None = None, name: str | None = None):
    """Import a task file as a fresh module and apply shape overrides to its globals.

    The module is not registered in ``sys.modules`` under a guessable name, so each load is
    independent. Raises TaskError naming the file on any import problem.
    """
    path = Path(path)
    mod_name = name or f"kbench_task_{hashlib.sha1(str(path).encode()).hexdigest()[:12]}"
    spec = importlib.util.spec_from_file_location(mod_name, path)
    if spec is None or spec.loader is None:
        raise TaskError(f"{path}: cannot be imported as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[mod_name] = module  # dataclasses and pickling need it while executing
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise TaskError(f"{path}: import failed: {type(exc).__name__}: {exc}") from None
    finally:
        sys.modules.pop(mod_name, None)
    for attr in ("Model", "get_inputs", "get_init_inputs"):
        if not hasattr(module, attr):
            raise TaskError(
                f"{path}: defines no `{attr}` (a KernelBench task needs Model, get_inputs, get_init_inputs)"
            )
    for key, value in (overrides or {}).items():
        if not hasattr(module, key):
            raise TaskError(f"{path}: shape override '{key}' is not a global of the task")
        setattr(module, key, value)
    return module


def check_loadable(task: Task, shape_set: str) -> None:
    """Import the task and call get_inputs/get_init_inputs once; TaskError on any failure.

    Runs under the CPU lock (importing torch included), so it never disturbs another process's timing.
    """
    from ._paths import shared_device_lock

    with shared_device_lock("cpu"):
        import torch

        module = load_module(task.path, task.shape_overrides(shape_set))
        for fn in ("get_init_inputs", "get_inputs"):
            try:
                with torch.random.fork_rng():
                    value = getattr(module, fn)()
            except Exception as exc:
                raise TaskError(f"{task.path}: {fn}() raised {type(exc).__name__}: {exc}") from None
            if not isinstance(value, list | tuple):
                raise TaskError(f"{task.path}: {fn}() must return a list, got {type(value).__name__}")


def module_source_without_metadata(source: str) -> str:
    """A task's source as shown to models: the KBENCH metadata block removed."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "KBENCH" for t in node.targets):
            start, end = node.lineno - 1, (node.end_lineno or node.lineno)
            del lines[start:end]
            if start < len(lines) and not lines[start].strip():
                del lines[start]
            break
    return "".join(lines)
