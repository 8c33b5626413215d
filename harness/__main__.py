"""``python -m harness``: the kbench CLI without an installed entry point (e.g. on a GPU machine whose
Python must keep its own torch: see docs/gpu-runs.md)."""

from .cli import main

main()
