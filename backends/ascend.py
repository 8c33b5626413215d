"""The ``ascend`` backend (Huawei NPUs): Ascend C kernels built with the CANN toolkit, run through torch_npu.

Written so far: the availability check. Where CANN or torch_npu is missing, kbench says exactly which, and
``kbench run/eval --backend ascend`` stops with a usage error (exit 2) before any work. Project
generation (op definition JSON, host tiling, host op, kernel, Python binding) and the build are the
next step of the backends issue.
"""

from __future__ import annotations

import os
import shutil
from importlib import util
from pathlib import Path

from .base import Availability, Backend

INSTRUCTIONS = """\
Backend: ascend. Write the kernel in Ascend C (the MultiKernelBench form: op definition JSON, host tiling,
host operator, kernel, Python binding) and call it from ModelNew.forward through torch_npu.
"""

CANN_VARS = ("ASCEND_HOME_PATH", "ASCEND_TOOLKIT_HOME")
CANN_DEFAULT = Path("/usr/local/Ascend/ascend-toolkit/latest")


def cann_home() -> Path | None:
    for var in CANN_VARS:
        value = os.environ.get(var)
        if value and Path(value).is_dir():
            return Path(value)
    return CANN_DEFAULT if CANN_DEFAULT.is_dir() else None


class AscendBackend(Backend):
    name = "ascend"
    language = "Ascend C (CANN) through torch_npu"
    lock_name = "npu0"
    default_shapes = "large"
    limit_address_space = False

    def availability(self) -> Availability:
        missing = []
        home = cann_home()
        if home is None:
            missing.append(f"the CANN toolkit (set {' or '.join(CANN_VARS)}, or install it under {CANN_DEFAULT})")
        elif shutil.which("ccec") is None and not (home / "compiler" / "ccec_compiler" / "bin" / "ccec").exists():
            missing.append(f"the Ascend C compiler ccec (not found under {home})")
        if util.find_spec("torch_npu") is None:
            missing.append("torch_npu (pip install torch-npu matching your torch)")
        if missing:
            return Availability(False, False, "missing " + " and ".join(missing), "none")
        return Availability(
            False, False, "CANN and torch_npu found, but kbench cannot build Ascend C projects yet", "npu"
        )

    def instructions(self) -> str:
        return INSTRUCTIONS
