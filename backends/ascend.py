"""The ``ascend`` backend (Huawei NPUs): Ascend C kernels built with the CANN toolkit, run through torch_npu.

Answers use MultiKernelBench's Ascend C form (six string variables: the op definition JSON, the host tiling
header, the host operator, the kernel, the pybind/torch_npu binding and ModelNew's source), or a direct-launch
form (a kernel launched with ``<<<blockDim, nullptr, stream>>>``, the binding and ModelNew). How an answer is
read, turned into a per-candidate CANN project and built lives in :mod:`backends.ascend_project`;
:func:`build_candidate` puts those together.

Where CANN or torch_npu is missing, kbench says exactly which, and ``kbench run/eval --backend ascend`` stops
with a usage error (exit 2) before any work. Where both are present the build is wired (msopgen, ``build.sh``,
the ``.run`` package installed with ``--install-path`` into the candidate's own directory, the binding built
with torch_npu's NpuExtension), but kbench's own tests have never had CANN or an NPU: the answer parsing, the
project layout and the build commands are tested, the toolchain's acceptance of them and every run on an NPU
are not. The evaluation worker builds an answer in its build phase (:meth:`AscendBackend.prepare_import`: the
project lives in the candidate's own build directory) and imports the generated module that defines ModelNew.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from importlib import util
from pathlib import Path
from typing import Any

from .ascend_project import (
    PART_NAMES,
    AscendAnswer,
    AscendFormatError,
    AscendProject,
    BuildResult,
    Command,
    build,
    build_commands,
    generate_project,
    parse_answer,
    soc_info,
)
from .base import Availability, Backend, tool_version

INSTRUCTIONS = """\
Backend: ascend. Write the kernel in Ascend C for a Huawei Ascend NPU (CANN toolkit, torch_npu), in the
MultiKernelBench form: your Python module defines six string variables and nothing kbench has to run to read
them (plain or triple-quoted string literals):
- project_json_src: the operator definition JSON msopgen reads: [{"op": "AddCustom", "language": "cpp",
  "input_desc": [{"name": "x", "param_type": "required", "format": ["ND"], "type": ["float"]}, ...],
  "output_desc": [...]}]. The op type is CamelCase; msopgen names the files, and you name the kernel entry,
  after its snake_case form (AddCustom -> add_custom). One operator per answer.
- host_tiling_src: op_host/<op>_tiling.h: BEGIN_TILING_DATA_DEF(<Op>TilingData), TILING_DATA_FIELD_DEF(uint32_t,
  name), END_TILING_DATA_DEF; REGISTER_TILING_DATA_CLASS(<Op>, <Op>TilingData) inside namespace optiling.
- host_operator_src: op_host/<op>.cpp: includes "<op>_tiling.h"; the tiling function (gert::TilingContext:
  read the input shapes, context->SetBlockDim(cores), fill and SaveToBuffer the tiling data, set the workspace
  size), InferShape/InferDataType, and class <Op> : public OpDef declaring the inputs/outputs as in the JSON,
  this->AICore().SetTiling(...) and AddConfig(<compute unit>, e.g. "ascend910b"), then OP_ADD(<Op>).
- kernel_src: op_kernel/<op>.cpp: #include "kernel_operator.h" and the entry
  extern "C" __global__ __aicore__ void <op>(GM_ADDR inputs..., GM_ADDR outputs..., GM_ADDR workspace,
  GM_ADDR tiling) { GET_TILING_DATA(t, tiling); ... }. Each core (AscendC::GetBlockIdx() of GetBlockNum())
  takes its share of global memory through AscendC::GlobalTensor<T>::SetGlobalBuffer; an AscendC::TPipe
  gives AscendC::TQue<AscendC::TPosition::VECIN/VECOUT, 2> queues their buffers (InitBuffer(queue, 2, bytes):
  two buffers, so copying the next tile overlaps computing this one); per tile, AllocTensor a LocalTensor,
  AscendC::DataCopy global -> local (lengths in multiples of 32 bytes; DataCopyPad for a ragged tail), EnQue,
  DeQue, compute with vector instructions (AscendC::Add, Mul, Exp, ReduceSum, ...), EnQue the result, DataCopy
  it back and FreeTensor every tensor. DTYPE_<INPUT NAME> is the element type of each input.
- python_bind_src: C++ with #include "pytorch_npu_helper.hpp": a function that allocates the outputs
  (at::empty_like) and calls EXEC_NPU_CMD(aclnn<Op>, inputs..., outputs...), exposed with
  PYBIND11_MODULE(TORCH_EXTENSION_NAME, m). It is built as the Python module custom_ops_lib.
- model_src: the Python source of class ModelNew(torch.nn.Module) (same constructor as Model), which imports
  torch_npu and custom_ops_lib and calls your op in forward. Here ModelNew lives inside model_src, not at
  the top level of your module.
kbench writes these into a fresh msopgen project for your candidate, builds it with build.sh, installs the
operator package into the candidate's own directory and builds the binding. Inputs are float32 NPU tensors
unless the reference says otherwise. Every arithmetic operation must run in your Ascend C kernel: calling
PyTorch or CANN's built-in operators (aclnnAdd, torch.matmul, ...) is forbidden.
Alternatively (direct launch) define only kernel_src (a __global__ __aicore__ kernel and an extern "C" host
function that launches it with kernel<<<blockDim, nullptr, stream>>>(...)), python_bind_src (declares that
host function and calls it with c10_npu::getCurrentNPUStream().stream(false); built as benchmark_ops) and
model_src (imports benchmark_ops).
"""

CANN_VARS = ("ASCEND_HOME_PATH", "ASCEND_TOOLKIT_HOME")
CANN_DEFAULT = Path("/usr/local/Ascend/ascend-toolkit/latest")
#: the SoC built for unless KBENCH_ASCEND_SOC names another (``npu-smi info`` shows it, e.g. Ascend910B3)
DEFAULT_SOC = "Ascend910B1"
#: whether the evaluation worker builds Ascend answers (prepare_import); False refuses machines with CANN too
WORKER_BUILDS_ASCEND = True
#: seconds a whole Ascend build may take (msopgen + build.sh compile host and kernel code: minutes)
BUILD_TIMEOUT = 1800.0


def cann_home() -> Path | None:
    for var in CANN_VARS:
        value = os.environ.get(var)
        if value and Path(value).is_dir():
            return Path(value)
    return CANN_DEFAULT if CANN_DEFAULT.is_dir() else None


def soc_version() -> str:
    """The SoC version to build for: $KBENCH_ASCEND_SOC, else :data:`DEFAULT_SOC`."""
    return os.environ.get("KBENCH_ASCEND_SOC") or DEFAULT_SOC


def _bisheng(home: Path) -> Path | None:
    for name in ("bisheng", "ccec"):
        path = home / "compiler" / "ccec_compiler" / "bin" / name
        if path.exists():
            return path
    found = shutil.which("ccec") or shutil.which("bisheng")
    return Path(found) if found else None


@dataclass(frozen=True)
class PreparedCandidate:
    """An Ascend answer built into ``project``: import ``module`` (defines ModelNew) with ``env`` set."""

    project: AscendProject
    result: BuildResult
    module: Path
    env: dict[str, str]


def build_candidate(
    source: str,
    root: Path,
    *,
    home: Path,
    soc: str | None = None,
    timeout: float = BUILD_TIMEOUT,
    python: str = sys.executable,
) -> tuple[AscendProject, BuildResult]:
    """Parse ``source``, write its project under ``root`` and build it with the toolkit at ``home``.

    ``python`` runs the project's helper steps and the binding's setup.py (the Python torch_npu is installed in).
    Raises :class:`AscendFormatError` when the answer is unusable (a compile error before any tool runs)."""
    soc = soc or soc_version()
    answer: AscendAnswer = parse_answer(source)
    project = generate_project(answer, root, soc)
    return project, build(project, home, soc, timeout, python=python)


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
        elif _bisheng(home) is None:
            missing.append(f"the Ascend C compiler bisheng/ccec (not found under {home})")
        if util.find_spec("torch_npu") is None:
            missing.append("torch_npu (pip install torch-npu matching your torch)")
        if missing:
            return Availability(False, False, "missing " + " and ".join(missing), "none")
        unverified = "running Ascend C kernels on an NPU has never been verified by kbench's own tests"
        if not WORKER_BUILDS_ASCEND:
            return Availability(
                False,
                False,
                f"CANN ({home}) and torch_npu found; kbench can generate and build Ascend C projects "
                "(backends.ascend_project) but its evaluation worker does not build Ascend answers yet, and "
                + unverified,
                "npu",
            )
        return Availability(True, True, f"CANN ({home}), SoC {soc_version()}; {unverified}", f"npu: {soc_version()}")

    def toolchain(self) -> dict[str, str]:
        info = super().toolchain()
        home = cann_home()
        compiler = _bisheng(home) if home else None
        info["cann_home"] = str(home or "")
        info["bisheng"] = tool_version(str(compiler)) if compiler else ""
        info["soc"] = soc_version()
        return info

    def instructions(self) -> str:
        try:
            info = soc_info(soc_version())
        except ValueError:
            return INSTRUCTIONS
        return INSTRUCTIONS + (
            f'The target is {info.soc}: AddConfig("{info.compute_unit}") in host_operator_src '
            f"(bisheng --npu-arch={info.npu_arch} for direct launch).\n"
        )

    def answer_format(self) -> str:
        return (
            "Answer format: one complete Python module in a single ```python fenced block that defines the "
            "string variables above (the six of the MultiKernelBench form, or the three of direct launch); "
            "ModelNew lives in model_src, with the same constructor signature as Model, creating parameters "
            "in the same order. Only the last ```python block of your answer is used."
        )

    def prepare_candidate(self, source: str, root: Path, timeout: float = BUILD_TIMEOUT) -> PreparedCandidate:
        """Build an Ascend answer; the worker then imports ``module`` (with ``env``) instead of the answer.

        Raises :class:`AscendFormatError` for an unusable answer and RuntimeError without CANN."""
        home = cann_home()
        if home is None:
            raise RuntimeError("the CANN toolkit is not installed here")
        project, result = build_candidate(source, root, home=home, timeout=timeout)
        return PreparedCandidate(project, result, project.candidate_module, project.runtime_env())

    def prepare_import(self, candidate: Any) -> Any:
        """Worker side: build the answer's project next to the candidate file and import its ModelNew module.

        A build failure raises RuntimeError('Error building extension ...') with the compiler's error lines
        first, which the worker reports as a build failure (compile_error)."""
        root = Path(os.environ.get("TORCH_EXTENSIONS_DIR") or Path(candidate).parent) / "ascend"
        root.mkdir(parents=True, exist_ok=True)
        try:
            source = Path(candidate).read_text(encoding="utf-8")
            home = cann_home()
            if home is None:
                raise RuntimeError("Error building extension: the CANN toolkit is not installed here")
            # the binding is built by the Python torch_npu lives in: the worker's own unless KBENCH_ASCEND_PYTHON
            python = os.environ.get("KBENCH_ASCEND_PYTHON") or sys.executable
            project, result = build_candidate(source, root, home=home, python=python)
            prepared = PreparedCandidate(project, result, project.candidate_module, project.runtime_env())
        except AscendFormatError as exc:
            raise RuntimeError(f"Error building extension (Ascend answer format): {exc}") from None
        if not prepared.result.ok:
            raise RuntimeError(f"Error building extension (Ascend C build failed): {prepared.result.message}")
        print(prepared.result.log[-20000:], flush=True)
        os.environ.update(prepared.env)
        return prepared.module

    def torch_device(self) -> str:
        return "npu"

    def synchronize(self) -> None:
        import torch
        import torch_npu  # noqa: F401  (registers torch.npu)

        torch.npu.synchronize()  # type: ignore[attr-defined]


__all__ = [
    "PART_NAMES",
    "AscendBackend",
    "AscendFormatError",
    "AscendProject",
    "BuildResult",
    "Command",
    "PreparedCandidate",
    "build",
    "build_candidate",
    "build_commands",
    "cann_home",
    "generate_project",
    "parse_answer",
    "soc_info",
    "soc_version",
]
