"""Reference outputs, computed in a trusted process that never sees candidate code.

The driver runs ``python -m harness._reference ARGS.json``, a fresh process. Inputs are generated from secret
seeds, saved pristine for the worker, and the reference runs on clones; the outputs stay in a
directory the worker is never told about.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any


def compute(
    task_path: str,
    overrides: dict[str, Any],
    trials: list[dict[str, int]],
    inputs_dir: str,
    refs_dir: str,
    threads: int,
    lock_path: str,
) -> list[dict[str, Any]]:
    """Write inputs_{i}.pt and ref_{i}.pt for each trial; return per-trial facts (finite, structure)."""
    import fcntl

    # Taken before importing torch (that alone would disturb a timing run) and held until this process
    # has exited: the descriptor is deliberately never closed.
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    fcntl.flock(fd, fcntl.LOCK_SH)
    import torch

    from ._worker import _flatten_output
    from .tasks import load_module

    torch.set_num_threads(threads)
    module = load_module(task_path, overrides)
    facts = []
    for i, trial in enumerate(trials):
        torch.manual_seed(trial["input_seed"])
        inputs = list(module.get_inputs())
        torch.save(inputs, Path(inputs_dir) / f"inputs_{i}.pt")
        torch.manual_seed(trial["init_seed"])
        model = module.Model(*module.get_init_inputs()).eval()
        clones = [x.clone() if isinstance(x, torch.Tensor) else x for x in inputs]
        with torch.no_grad():
            out = model(*clones)
        tensors, structure = _flatten_output(out)
        finite = all(
            t is None or not (t.is_floating_point() or t.is_complex()) or bool(torch.isfinite(t).all()) for t in tensors
        )
        torch.save(tensors, Path(refs_dir) / f"ref_{i}.pt")
        facts.append({"finite": finite, "structure": structure})
    return facts


if __name__ == "__main__":
    spec = json.loads(Path(sys.argv[1]).read_text())
    result = compute(**spec["args"])
    Path(spec["result_path"]).write_text(json.dumps(result))
