"""Backends: one module each, behind the protocol in :mod:`backends.base`.

Adding a backend is adding a module and one line to ``_REGISTRY``; modules are imported lazily so a
missing optional toolchain never breaks the others.
"""

from __future__ import annotations

import importlib

from .base import Availability, Backend

_REGISTRY: dict[str, str] = {
    "cpu": "backends.cpu:CpuBackend",
    "cuda": "backends.cuda:CudaBackend",
    "triton": "backends.triton:TritonBackend",
    "pallas": "backends.pallas:PallasBackend",
    "ascend": "backends.ascend:AscendBackend",
}


def names() -> list[str]:
    return list(_REGISTRY)


def get(name: str) -> Backend:
    """The backend called ``name``; KeyError with the known names otherwise."""
    try:
        target = _REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown backend '{name}' (known: {', '.join(_REGISTRY)})") from None
    module_name, cls_name = target.split(":")
    cls = getattr(importlib.import_module(module_name), cls_name)
    backend: Backend = cls()
    return backend


__all__ = ["Availability", "Backend", "get", "names"]
