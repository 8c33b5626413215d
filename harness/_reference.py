"""Reference outputs, computed in a trusted process that never sees candidate code.

The driver runs ``python -m harness._reference ARGS.json``, a fresh process. Inputs are generated from secret
seeds (the task's own ``get_inputs()``, or signed standard-normal tensors of the same shapes and dtypes,
randomly rescaled between trials, as the task's input domain allows), saved pristine for the worker,
and the reference runs on clones. The outputs stay in a directory the worker is never told about.
The same process computes the expected outputs of the timed calls the parent chose to check, and
counts the task's FLOPs and bytes for the roofline.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any


def transform_inputs(inputs: list[Any], kind: str, scale: float, seed: int) -> list[Any]:
    """``kind`` 'task' keeps the task's values, 'normal' draws N(0, 1) for every floating tensor; then
    floating tensors are multiplied by ``scale``. Integer and boolean tensors (indices, masks) are kept."""
    import torch

    gen = torch.Generator().manual_seed(seed)
    out: list[Any] = []
    for x in inputs:
        if isinstance(x, torch.Tensor) and x.is_floating_point():
            if kind == "normal":
                x = torch.randn(x.shape, generator=gen, dtype=torch.float32).to(dtype=x.dtype, device=x.device)
            if scale != 1.0:
                x = (x * scale).to(x.dtype)
        out.append(x)
    return out


def _all_finite(tensors: list[Any]) -> bool:
    import torch

    return all(
        t is None or not (t.is_floating_point() or t.is_complex()) or bool(torch.isfinite(t).all()) for t in tensors
    )


def compute(
    task_path: str,
    overrides: dict[str, Any],
    trials: list[dict[str, Any]],
    samples: list[dict[str, Any]],
    inputs_dir: str,
    refs_dir: str,
    threads: int,
    lock_path: str,
    allow_tf32: bool = False,
    count_work: bool = True,
) -> dict[str, Any]:
    """Write inputs_{i}.pt and ref_{i}.pt for each trial, sample_{name}.pt for each checked timed call;
    return per-trial facts (finite, structure) and the task's work (FLOPs, bytes)."""
    import fcntl

    # Taken before importing torch (that alone would disturb a timing run) and held until this process
    # has exited: the descriptor is deliberately never closed.
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    fcntl.flock(fd, fcntl.LOCK_SH)
    import torch

    from . import _precision
    from ._worker import _flatten_output
    from .tasks import load_module

    torch.set_num_threads(threads)
    _precision.apply(allow_tf32)
    module = load_module(task_path, overrides)
    facts = []
    models: dict[int, Any] = {}

    def model_for(init_seed: int) -> Any:
        if init_seed not in models:
            torch.manual_seed(init_seed)
            models[init_seed] = module.Model(*module.get_init_inputs()).eval()
        return models[init_seed]

    def run(model: Any, inputs: list[Any]) -> tuple[list[Any], dict[str, Any]]:
        clones = [x.clone() if isinstance(x, torch.Tensor) else x for x in inputs]
        with torch.no_grad():
            out = model(*clones)
        return _flatten_output(out)

    for i, trial in enumerate(trials):
        torch.manual_seed(trial["input_seed"])
        inputs = transform_inputs(
            list(module.get_inputs()), trial.get("kind", "task"), float(trial.get("scale", 1.0)), trial["input_seed"]
        )
        torch.save(inputs, Path(inputs_dir) / f"inputs_{i}.pt")
        tensors, structure = run(model_for(trial["init_seed"]), inputs)
        torch.save(tensors, Path(refs_dir) / f"ref_{i}.pt")
        facts.append(
            {
                "finite": _all_finite(tensors),
                "structure": structure,
                "kind": trial.get("kind", "task"),
                "scale": float(trial.get("scale", 1.0)),
            }
        )
    sample_facts = {}
    for sample in samples:
        torch.manual_seed(int(sample["seed"]))
        inputs = list(module.get_inputs())
        tensors, structure = run(model_for(int(sample["init_seed"])), inputs)
        torch.save(tensors, Path(refs_dir) / f"sample_{sample['name']}.pt")
        sample_facts[sample["name"]] = {"finite": _all_finite(tensors), "structure": structure}
    work: dict[str, Any] = {"flops": 0.0, "bytes": 0.0, "flops_source": "none"}
    if count_work and trials:
        from .roofline import count_work as count

        torch.manual_seed(trials[0]["input_seed"])
        try:
            work = count(model_for(trials[0]["init_seed"]), list(module.get_inputs()))
        except Exception as exc:  # counting is best effort: no count, no roofline check
            work = {"flops": 0.0, "bytes": 0.0, "flops_source": f"failed: {type(exc).__name__}"}
    return {"trials": facts, "samples": sample_facts, "work": work}


if __name__ == "__main__":
    spec = json.loads(Path(sys.argv[1]).read_text())
    result = compute(**spec["args"])
    Path(spec["result_path"]).write_text(json.dumps(result))
