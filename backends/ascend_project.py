"""Ascend C candidates: reading the answer, writing a per-candidate CANN project, and building it.

The answer format is MultiKernelBench's Ascend C form: a Python module that defines six string variables,

===================  =======================================================================
``project_json_src``  the operator definition JSON that ``msopgen`` reads
``host_tiling_src``   the tiling data header, ``op_host/<op>_tiling.h``
``host_operator_src`` the host side (op definition, shape inference, tiling function), ``op_host/<op>.cpp``
``kernel_src``        the Ascend C kernel, ``op_kernel/<op>.cpp``
``python_bind_src``   the C++ binding (pybind11 + torch_npu, ``EXEC_NPU_CMD(aclnn<Op>, ...)``)
``model_src``         the Python source of ``class ModelNew``, which imports the binding (``custom_ops_lib``)
===================  =======================================================================

and a second, "direct-launch" form with only ``kernel_src`` (an ``__global__ __aicore__`` kernel plus a host
function that launches it with ``<<<blockDim, nullptr, stream>>>``), ``python_bind_src`` and ``model_src``: the
kernel is compiled with bisheng into a shared library that the binding links.

What is verified where (kbench's own tests run on a machine without CANN and without an NPU):

* :func:`parse_answer` and :func:`generate_project` are pure Python and fully tested: the answer is read with
  :mod:`ast` and never executed; the project layout follows what msopgen produces (``op_host/``,
  ``op_kernel/``, snake_case file names derived from the CamelCase op type by msopgen's own rule).
* :func:`build_commands` is a pure function, tested for its argv, working directories and environment. The
  commands follow the CANN documentation (msopgen, ``build.sh``, ``custom_opp_*.run --install-path``,
  ``ASCEND_CUSTOM_OPP_PATH``, ``bisheng --npu-arch``) and torch_npu's ``NpuExtension``; none of them has been
  run against a real CANN toolkit by kbench's tests.
* :func:`build` runs the commands; its tests use stand-in executables (there is no CANN here), so they
  verify the sequencing, the timeouts, the artifact checks and how a failure becomes a compile-error message,
  not that CANN accepts the project.
* The ``pytorch_npu_helper.hpp`` written for the binding (kbench's own ``EXEC_NPU_CMD``) has never been
  compiled here.
"""

from __future__ import annotations

import ast
import fcntl
import hashlib
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

#: bumped whenever the generated layout changes: part of every project's content hash
LAYOUT_VERSION = 1

#: the six MultiKernelBench variables, in the order the parts are described to a model
PART_DESCRIPTIONS: dict[str, str] = {
    "project_json_src": "the operator definition JSON that msopgen reads",
    "host_tiling_src": "the tiling data header, op_host/<op>_tiling.h",
    "host_operator_src": "the host operator source (op definition, shape inference, tiling), op_host/<op>.cpp",
    "kernel_src": "the Ascend C kernel source, op_kernel/<op>.cpp",
    "python_bind_src": "the C++ pybind11/torch_npu binding",
    "model_src": "the Python source that defines class ModelNew",
}
PART_NAMES: tuple[str, ...] = tuple(PART_DESCRIPTIONS)
#: the parts only the msopgen form has
PROJECT_PARTS: tuple[str, ...] = ("project_json_src", "host_tiling_src", "host_operator_src")
#: the parts the direct-launch form needs
DIRECT_PARTS: tuple[str, ...] = ("kernel_src", "python_bind_src", "model_src")

#: the Python module the binding becomes (MultiKernelBench's names for the two forms)
MSOPGEN_MODULE = "custom_ops_lib"
DIRECT_MODULE = "benchmark_ops"
#: the vendor directory the custom operator package installs into (CMakePresets.json's vendor_name default)
VENDOR_NAME = "customize"
#: the direct-launch kernel library: kernel/build/lib<KERNEL_LIB>.so
KERNEL_LIB = "kbench_kernel"

Form = Literal["msopgen", "direct"]

_OP_TYPE = re.compile(r"[A-Z][A-Za-z0-9]*")
_ARG_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PARAM_TYPES = ("required", "optional", "dynamic")
#: tensor types the CANN operator definition JSON documents; others only earn a warning (msopgen decides)
_KNOWN_TYPES = frozenset(
    "float float16 float32 half bfloat16 double int8 int16 int32 int64 uint8 uint16 uint32 uint64 bool".split()
)
_KERNEL_ENTRY = re.compile(r"(?:__global__\s+__aicore__|__aicore__\s+__global__)\s+void\s+(\w+)\s*\(")
_PYBIND_MODULE = re.compile(r"PYBIND11_MODULE\s*\(\s*(\w+)\s*,")
#: msopgen refuses paths with other characters (its path check: letters, digits, . / : _ - + ~ and spaces)
_MSOPGEN_PATH = re.compile(r"[A-Za-z0-9._/:+~\s-]+")


class AscendFormatError(ValueError):
    """The answer is not a usable Ascend C answer; the message names the part and what is wrong with it."""


# ---- answer ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TensorDesc:
    """One input or output of the operator definition JSON."""

    name: str
    param_type: str
    formats: tuple[str, ...]
    types: tuple[str, ...]


@dataclass(frozen=True)
class OpDefinition:
    """The operator of ``project_json_src``: its CamelCase op type and the snake_case name msopgen derives."""

    name: str
    snake_name: str
    inputs: tuple[TensorDesc, ...]
    outputs: tuple[TensorDesc, ...]
    attrs: tuple[dict[str, Any], ...]
    #: the JSON exactly as parsed (an array of one operator), written back for msopgen
    raw: list[dict[str, Any]]

    @property
    def aclnn_name(self) -> str:
        """The single-operator API the build generates for it: ``aclnn<OpType>``."""
        return f"aclnn{self.name}"


@dataclass(frozen=True)
class AscendAnswer:
    """A parsed answer. ``parts`` maps each variable found to its string value."""

    form: Form
    parts: Mapping[str, str]
    #: the kernel entry function: msopgen form, the op's snake_case name; direct form, the __global__ function
    kernel_name: str
    #: the Python module the binding is built as (what model_src imports)
    module_name: str
    op: OpDefinition | None = None
    warnings: tuple[str, ...] = ()


def snake_case(op_type: str) -> str:
    """The file name msopgen gives an op type: ``AddCustom`` -> ``add_custom``, ``Conv2D`` -> ``conv2_d``.

    msopgen's rule (its ``fix_name_lower_with_under``, as documented by its examples): every character is
    lowercased; an uppercase character after the first gets an underscore before it unless the previous
    character is an underscore, and then only if the previous character is not uppercase, or it is but the
    next character is lowercase (``ABCDef`` -> ``abc_def``, ``Abc2DEf`` -> ``abc2_d_ef``)."""
    out = []
    for i, ch in enumerate(op_type):
        if i > 0 and ch.isupper() and op_type[i - 1] != "_":
            prev_upper = op_type[i - 1].isupper()
            next_lower = i + 1 < len(op_type) and op_type[i + 1].islower()
            if not prev_upper or next_lower:
                out.append("_")
        out.append(ch.lower())
    return "".join(out)


def _string_value(node: ast.expr, name: str) -> str:
    """The value of a string-literal expression: a constant (implicit concatenation and r-strings are folded
    by the parser), an f-string without placeholders, or literals joined with ``+``. Anything else would
    have to be run, and an answer is never run to read it."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and all(
        isinstance(v, ast.Constant) and isinstance(v.value, str) for v in node.values
    ):
        return "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _string_value(node.left, name) + _string_value(node.right, name)
    kind = "a bytes literal" if isinstance(node, ast.Constant) else f"an expression ({type(node).__name__})"
    raise AscendFormatError(
        f"{name} (line {node.lineno}) must be a string literal; it is {kind} that kbench would have to run "
        "to read (write the whole part as one string, e.g. a triple-quoted string)"
    )


def _read_parts(source: str) -> dict[str, str]:
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise AscendFormatError(f"the answer is not valid Python: line {exc.lineno}: {exc.msg}") from None
    parts: dict[str, str] = {}
    for stmt in tree.body:  # module level only, in order: a later assignment replaces an earlier one
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name) and target.id in PART_DESCRIPTIONS:
                    parts[target.id] = _string_value(stmt.value, target.id)
                elif isinstance(target, ast.Tuple | ast.List):
                    named = [e.id for e in target.elts if isinstance(e, ast.Name) and e.id in PART_DESCRIPTIONS]
                    if named:
                        raise AscendFormatError(
                            f"{named[0]} (line {stmt.lineno}) is assigned by unpacking; assign each part on its own"
                        )
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            if stmt.target.id in PART_DESCRIPTIONS and stmt.value is not None:
                parts[stmt.target.id] = _string_value(stmt.value, stmt.target.id)
        elif isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name):
            name = stmt.target.id
            if name in PART_DESCRIPTIONS:
                if not isinstance(stmt.op, ast.Add) or name not in parts:
                    raise AscendFormatError(
                        f"{name} (line {stmt.lineno}) is changed by an augmented assignment kbench cannot read"
                    )
                parts[name] += _string_value(stmt.value, name)
    return parts


def _missing(names: list[str]) -> str:
    return "; ".join(f"{n} ({PART_DESCRIPTIONS[n]})" for n in names)


def _descs(raw: Any, where: str, op: str) -> tuple[TensorDesc, ...]:
    if not isinstance(raw, list) or not raw:
        raise AscendFormatError(f"project_json_src: op {op}: {where} must be a non-empty list")
    out: list[TensorDesc] = []
    for i, item in enumerate(raw):
        label = f"project_json_src: op {op}: {where}[{i}]"
        if not isinstance(item, dict):
            raise AscendFormatError(f"{label} must be an object with name, param_type, format and type")
        name = item.get("name")
        if not isinstance(name, str) or not _ARG_NAME.fullmatch(name):
            raise AscendFormatError(f"{label}: name must be an identifier, got {name!r}")
        param_type = item.get("param_type", "required")  # the CANN docs: required when not given
        if param_type not in _PARAM_TYPES:
            raise AscendFormatError(f"{label} ({name}): param_type must be one of {', '.join(_PARAM_TYPES)}")
        lists: dict[str, tuple[str, ...]] = {}
        for key in ("format", "type"):
            value = item.get(key)
            if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
                raise AscendFormatError(f"{label} ({name}): {key} must be a non-empty list of strings")
            lists[key] = tuple(value)
        if len(lists["format"]) != len(lists["type"]):
            raise AscendFormatError(
                f"{label} ({name}): format and type must have the same length (each position is one "
                f"supported combination), got {len(lists['format'])} and {len(lists['type'])}"
            )
        out.append(TensorDesc(name, param_type, lists["format"], lists["type"]))
    names = [d.name for d in out]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise AscendFormatError(f"project_json_src: op {op}: {where} repeats the name {dup[0]}")
    return tuple(out)


def parse_op_json(text: str) -> tuple[OpDefinition, list[str]]:
    """Validate ``project_json_src`` (an array holding one operator definition) and return it with the
    warnings about values msopgen may not know."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AscendFormatError(
            f"project_json_src is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not data:
        raise AscendFormatError("project_json_src must be a JSON array holding one operator definition ([{...}])")
    if len(data) != 1:
        raise AscendFormatError(f"project_json_src defines {len(data)} operators; kbench builds one per answer")
    op = data[0]
    if not isinstance(op, dict):
        raise AscendFormatError("project_json_src: the operator definition must be a JSON object")
    name = op.get("op")
    if not isinstance(name, str) or not _OP_TYPE.fullmatch(name):
        raise AscendFormatError(
            f'project_json_src: "op" must be the CamelCase op type (letters and digits, starting with an '
            f"uppercase letter, e.g. AddCustom), got {name!r}"
        )
    language = op.get("language", "cpp")
    if language != "cpp":
        raise AscendFormatError(f'project_json_src: op {name}: "language" must be "cpp", got {language!r}')
    inputs = _descs(op.get("input_desc"), "input_desc", name)
    outputs = _descs(op.get("output_desc"), "output_desc", name)
    attrs_raw = op.get("attr", [])
    if not isinstance(attrs_raw, list) or not all(
        isinstance(a, dict) and isinstance(a.get("name"), str) and _ARG_NAME.fullmatch(a["name"]) for a in attrs_raw
    ):
        raise AscendFormatError(f"project_json_src: op {name}: attr must be a list of objects, each with a name")
    warnings = [
        f"project_json_src: op {name}: {d.name} has type {t!r}, which the CANN JSON reference does not list"
        for d in (*inputs, *outputs)
        for t in d.types
        if t not in _KNOWN_TYPES
    ]
    definition = OpDefinition(name, snake_case(name), inputs, outputs, tuple(attrs_raw), [op])
    return definition, warnings


def _module_name(bind: str, default: str) -> str:
    match = _PYBIND_MODULE.search(bind)
    if match is None:
        raise AscendFormatError(
            "python_bind_src has no PYBIND11_MODULE(TORCH_EXTENSION_NAME, m) { ... } block, so no Python module "
            "can be built from it"
        )
    return default if match.group(1) == "TORCH_EXTENSION_NAME" else match.group(1)


def _check_model(model: str, module: str) -> list[str]:
    try:
        tree = ast.parse(model)
    except SyntaxError as exc:
        raise AscendFormatError(f"model_src is not valid Python: line {exc.lineno}: {exc.msg}") from None
    if not any(isinstance(s, ast.ClassDef) and s.name == "ModelNew" for s in tree.body):
        raise AscendFormatError("model_src defines no class ModelNew")
    imported = {a.name.split(".")[0] for s in ast.walk(tree) if isinstance(s, ast.Import) for a in s.names}
    imported |= {s.module.split(".")[0] for s in ast.walk(tree) if isinstance(s, ast.ImportFrom) and s.module}
    if module not in imported:
        return [f"model_src never imports {module}, the module the binding is built as"]
    return []


def parse_answer(source: str) -> AscendAnswer:
    """Read an Ascend C answer without running it: which form it is, its parts, the op and the names derived
    from it. Raises :class:`AscendFormatError` naming the missing or invalid part."""
    parts = _read_parts(source)
    for name, value in parts.items():
        if not value.strip():
            raise AscendFormatError(f"{name} is empty ({PART_DESCRIPTIONS[name]})")
    warnings: list[str] = []
    if any(p in parts for p in PROJECT_PARTS):
        missing = [p for p in PART_NAMES if p not in parts]
        if missing:
            raise AscendFormatError(f"the answer is missing {_missing(missing)}")
        op, op_warnings = parse_op_json(parts["project_json_src"])
        warnings += op_warnings
        entries = _KERNEL_ENTRY.findall(parts["kernel_src"])
        if op.snake_name not in entries:
            raise AscendFormatError(
                f'kernel_src must define the kernel entry extern "C" __global__ __aicore__ void {op.snake_name}'
                f"(...) (msopgen's snake_case name of op {op.name}; inputs, outputs, then workspace and tiling)"
                + (f"; it defines {', '.join(entries)}" if entries else "")
            )
        host, tiling = parts["host_operator_src"], parts["host_tiling_src"]
        if not re.search(rf"OP_ADD\s*\(\s*{op.name}\s*\)", host):
            warnings.append(f"host_operator_src has no OP_ADD({op.name}): the op is never registered")
        if f"{op.snake_name}_tiling.h" not in host:
            warnings.append(f"host_operator_src does not include {op.snake_name}_tiling.h (host_tiling_src)")
        if not re.search(rf"REGISTER_TILING_DATA_CLASS\s*\(\s*{op.name}\s*,", tiling):
            warnings.append(f"host_tiling_src has no REGISTER_TILING_DATA_CLASS({op.name}, ...)")
        if op.aclnn_name not in parts["python_bind_src"]:
            warnings.append(f"python_bind_src never calls {op.aclnn_name}, the API the op package provides")
        module = _module_name(parts["python_bind_src"], MSOPGEN_MODULE)
        warnings += _check_model(parts["model_src"], module)
        return AscendAnswer("msopgen", dict(parts), op.snake_name, module, op, tuple(warnings))
    if "kernel_src" in parts:
        kernel = parts["kernel_src"]
        entries = _KERNEL_ENTRY.findall(kernel)
        launches = "<<<" in kernel and ">>>" in kernel.split("<<<", 1)[1]
        if not launches:
            raise AscendFormatError(
                f"the answer is missing {_missing(list(PROJECT_PARTS))} (the msopgen form); for the direct-launch "
                "form instead, kernel_src must launch its kernel with <<<blockDim, nullptr, stream>>>"
            )
        if not entries:
            raise AscendFormatError(
                'kernel_src (direct-launch form) has no kernel: define extern "C" __global__ __aicore__ void '
                "<name>(GM_ADDR ...) and launch it with <<<blockDim, nullptr, stream>>>"
            )
        missing = [p for p in DIRECT_PARTS if p not in parts]
        if missing:
            raise AscendFormatError(f"the direct-launch answer is missing {_missing(missing)}")
        module = _module_name(parts["python_bind_src"], DIRECT_MODULE)
        warnings += _check_model(parts["model_src"], module)
        return AscendAnswer("direct", dict(parts), entries[0], module, None, tuple(warnings))
    raise AscendFormatError(
        f"the answer defines none of the Ascend C parts: it needs the string variables {', '.join(PART_NAMES)} "
        "(the MultiKernelBench msopgen form), or kernel_src, python_bind_src and model_src (direct launch)"
    )


# ---- SoC ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SocInfo:
    """A SoC version (``npu-smi info`` name, e.g. Ascend910B1), its op-project compute unit (what
    ``AICore().AddConfig`` and CMakePresets.json's ASCEND_COMPUTE_UNIT name) and its bisheng ``--npu-arch``."""

    soc: str
    compute_unit: str
    npu_arch: str

    @property
    def msopgen_target(self) -> str:
        return f"ai_core-{self.soc}"


#: (SoC prefix, compute unit, NPU architecture), most specific first; the architecture numbers are CANN's
#: NpuArch table (Atlas A2/A3: DAV_2201, 200I/500 A2: DAV_3002, inference: DAV_2002, training: DAV_1001)
_SOC_FAMILIES: tuple[tuple[str, str, str], ...] = (
    ("Ascend910_93", "ascend910_93", "dav-2201"),
    ("Ascend910B", "ascend910b", "dav-2201"),
    ("Ascend310B", "ascend310b", "dav-3002"),
    ("Ascend310P", "ascend310p", "dav-2002"),
    ("Ascend910", "ascend910", "dav-1001"),
)


def soc_info(soc: str) -> SocInfo:
    """The compute unit and architecture of a SoC version; ValueError for one kbench does not know."""
    for prefix, unit, arch in _SOC_FAMILIES:
        if soc.startswith(prefix) and re.fullmatch(r"Ascend[0-9A-Za-z_]+", soc):
            return SocInfo(soc, unit, arch)
    known = ", ".join(f"{p}*" for p, _, _ in _SOC_FAMILIES)
    raise ValueError(f"unknown Ascend SoC version {soc!r} (kbench knows {known}; npu-smi info shows the name)")


# ---- project -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AscendProject:
    """A generated per-candidate project directory (``dir``, named by the content hash ``digest``)."""

    dir: Path
    answer: AscendAnswer
    soc: SocInfo
    digest: str
    #: path relative to ``dir`` -> sha256 of the content, for every file generate_project wrote
    files: Mapping[str, str]
    warnings: tuple[str, ...] = ()

    @property
    def form(self) -> Form:
        return self.answer.form

    @property
    def module_name(self) -> str:
        return self.answer.module_name

    @property
    def op_dir(self) -> Path:
        """Where msopgen generates the operator project (msopgen form)."""
        assert self.answer.op is not None
        return self.dir / self.answer.op.name

    @property
    def install_dir(self) -> Path:
        """The ``--install-path`` of the custom operator package: inside the project, never CANN's own opp."""
        return self.dir / "opp"

    @property
    def vendor_dir(self) -> Path:
        """What ASCEND_CUSTOM_OPP_PATH names once the package is installed: <install>/vendors/<vendor_name>."""
        return self.install_dir / "vendors" / VENDOR_NAME

    @property
    def op_api_lib_dir(self) -> Path:
        """Where the installed package keeps libcust_opapi.so (the aclnn<Op> functions)."""
        return self.vendor_dir / "op_api" / "lib"

    @property
    def binding_dir(self) -> Path:
        return self.dir / "binding"

    @property
    def kernel_build_dir(self) -> Path:
        """Where the direct-launch kernel library is compiled to."""
        return self.dir / "kernel" / "build"

    @property
    def candidate_module(self) -> Path:
        """A module that sets the paths up and defines ModelNew from model_src, once the build succeeded."""
        return self.dir / "candidate.py"

    def output_dirs(self) -> list[Path]:
        """Everything a build creates (removed before a fresh build)."""
        dirs = [self.binding_dir / "build"]
        if self.form == "msopgen":
            dirs += [self.op_dir, self.install_dir]
        else:
            dirs.append(self.kernel_build_dir)
        return dirs

    def runtime_env(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """The variables a process that imports the binding needs (prepended to those in ``base``)."""
        base = os.environ if base is None else base
        add: dict[str, list[str]] = {"PYTHONPATH": [str(self.binding_dir)]}
        if self.form == "msopgen":
            add["ASCEND_CUSTOM_OPP_PATH"] = [str(self.vendor_dir)]
            add["LD_LIBRARY_PATH"] = [str(self.op_api_lib_dir)]
        else:
            add["LD_LIBRARY_PATH"] = [str(self.kernel_build_dir)]
        return {k: _join_paths(v, base.get(k)) for k, v in add.items()}


def _join_paths(first: list[str] | tuple[str, ...], rest: str | None) -> str:
    return ":".join([*first, *([rest] if rest else [])])


def project_digest(answer: AscendAnswer, soc: str) -> str:
    """The content hash naming a project: layout version, SoC, form and every part."""
    h = hashlib.sha256()
    h.update(json.dumps([LAYOUT_VERSION, soc, answer.form, sorted(answer.parts.items())]).encode())
    return h.hexdigest()


def _write(project_dir: Path, rel: str, text: str, files: dict[str, str]) -> None:
    path = (project_dir / rel).resolve()
    if not path.is_relative_to(project_dir):  # names are validated; this is the last line of defence
        raise ValueError(f"refusing to write {rel} outside {project_dir}")
    path.parent.mkdir(parents=True, exist_ok=True)
    for parent in path.relative_to(project_dir).parents:
        os.chmod(project_dir / parent, 0o755)  # msopgen refuses group- or world-writable paths
    path.write_text(text, encoding="utf-8")
    os.chmod(path, 0o644)
    files[rel] = hashlib.sha256(text.encode()).hexdigest()


def generate_project(answer: AscendAnswer, root: Path, soc: str) -> AscendProject:
    """Write the project of ``answer`` for ``soc`` under ``root`` (as ``root/ascend-<hash>``) and return it.

    msopgen form: ``<snake>.json`` (msopgen's input), the three project parts as ``answer/op_host/...`` and
    ``answer/op_kernel/...`` (laid over msopgen's output at build time, as msopgen overwrites those files
    with its templates), the binding (``binding/csrc/op.cpp``, kbench's ``pytorch_npu_helper.hpp``,
    ``binding/setup.py``), ``model_new.py``, ``candidate.py`` and ``manifest.json``. Direct form:
    ``kernel/<kernel>.cpp`` instead of the op parts. Every path written is relative to the project: no
    CANN or system path is written (the build adds them), the operator package installs into ``opp/``.
    The same answer and SoC always give the same directory and bytes."""
    info = soc_info(soc)
    digest = project_digest(answer, soc)
    project_dir = root.resolve() / f"ascend-{digest[:16]}"
    if answer.form == "msopgen" and not _MSOPGEN_PATH.fullmatch(str(project_dir)):
        raise ValueError(
            f"msopgen refuses the path {project_dir}: use a root made of letters, digits, '.', '/', '_', '-', '+', '~'"
        )
    project_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(project_dir, 0o755)
    files: dict[str, str] = {}
    warnings = list(answer.warnings)
    parts = answer.parts
    if answer.form == "msopgen":
        op = answer.op
        assert op is not None
        _write(project_dir, f"{op.snake_name}.json", json.dumps(op.raw, indent=4) + "\n", files)
        _write(project_dir, f"answer/op_host/{op.snake_name}_tiling.h", parts["host_tiling_src"], files)
        _write(project_dir, f"answer/op_host/{op.snake_name}.cpp", parts["host_operator_src"], files)
        _write(project_dir, f"answer/op_kernel/{op.snake_name}.cpp", parts["kernel_src"], files)
        _write(project_dir, "kbench_steps.py", STEPS_PY, files)
        configs = re.findall(r"AddConfig\s*\(\s*\"(\w+)\"", parts["host_operator_src"])
        if configs and info.compute_unit not in configs:
            warnings.append(
                f"host_operator_src configures AICore for {', '.join(configs)} but the target SoC {info.soc} is "
                f"{info.compute_unit}: the package would hold no kernel for it"
            )
    else:
        _write(project_dir, f"kernel/{answer.kernel_name}.cpp", parts["kernel_src"], files)
    _write(project_dir, "binding/csrc/op.cpp", parts["python_bind_src"], files)
    _write(project_dir, "binding/csrc/pytorch_npu_helper.hpp", NPU_HELPER_HPP, files)
    kernel_lib = KERNEL_LIB if answer.form == "direct" else None
    _write(project_dir, "binding/setup.py", _setup_py(answer.module_name, kernel_lib), files)
    _write(project_dir, "model_new.py", parts["model_src"], files)
    _write(project_dir, "candidate.py", _candidate_py(answer.form), files)
    manifest = {
        "kbench_ascend_layout": LAYOUT_VERSION,
        "digest": digest,
        "form": answer.form,
        "soc": info.soc,
        "compute_unit": info.compute_unit,
        "npu_arch": info.npu_arch,
        "op": answer.op.name if answer.op else None,
        "kernel": answer.kernel_name,
        "module": answer.module_name,
        "op_project_dir": answer.op.name if answer.op else None,
        "install_dir": "opp" if answer.form == "msopgen" else None,
        "custom_opp_path": f"opp/vendors/{VENDOR_NAME}" if answer.form == "msopgen" else None,
        "model_file": "model_new.py",
        "candidate_module": "candidate.py",
        "files": dict(sorted(files.items())),
        "warnings": warnings,
    }
    _write(project_dir, "manifest.json", json.dumps(manifest, indent=2) + "\n", files)
    return AscendProject(project_dir, answer, info, digest, dict(sorted(files.items())), tuple(warnings))


# ---- build commands ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Command:
    """One build step: ``argv`` run in ``cwd``; the environment is the caller's with ``env`` set, the
    ``prepend`` path lists put in front of the inherited values, and ``unset`` removed."""

    label: str
    argv: list[str]
    cwd: Path
    env: Mapping[str, str] = field(default_factory=dict)
    prepend: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    unset: tuple[str, ...] = ()

    def environ(self, base: Mapping[str, str]) -> dict[str, str]:
        out = {k: v for k, v in base.items() if k not in self.unset}
        for key, paths in self.prepend.items():
            out[key] = _join_paths(paths, out.get(key))
        out.update(self.env)
        return out

    def shell(self) -> str:
        """The command as a shell line, for logs."""
        return shlex.join(self.argv)


def _tool_env(cann_home: Path) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """What every step adds to the inherited environment (kbench expects CANN's set_env.sh to have been
    sourced; these make the toolkit kbench found win over any other on PATH)."""
    env = {"ASCEND_HOME_PATH": str(cann_home)}
    prepend = {
        "PATH": (
            str(cann_home / "python" / "site-packages" / "bin"),  # msopgen
            str(cann_home / "compiler" / "ccec_compiler" / "bin"),  # bisheng, ccec
            str(cann_home / "bin"),
        ),
        "PYTHONPATH": (str(cann_home / "python" / "site-packages"),),
        "LD_LIBRARY_PATH": (str(cann_home / "lib64"),),
    }
    return env, prepend


_INSTALL_SCRIPT = """\
shopt -s nullglob
packages=(build_out/custom_opp_*.run)
if [ "${#packages[@]}" -ne 1 ]; then
  echo "error: build.sh produced ${#packages[@]} build_out/custom_opp_*.run packages, expected one" >&2
  exit 1
fi
exec "./${packages[0]}" --install-path="$1"
"""


def build_commands(project: AscendProject, cann_home: Path, soc: str, python: str = sys.executable) -> list[Command]:
    """The build of ``project`` for ``soc`` with the CANN toolkit at ``cann_home``; nothing is run here.

    msopgen form: msopgen gen, lay the answer's parts over its output, point CMakePresets.json at
    ``cann_home``, ``build.sh`` (with ASCEND_CUSTOM_OPP_PATH unset: a set one disturbs the build), install
    ``build_out/custom_opp_*.run`` with ``--install-path`` inside the project, then build the binding with
    setuptools and torch_npu's NpuExtension. Direct form: bisheng compiles the kernel into a shared library,
    then the binding links it."""
    info = soc_info(soc)
    if info != project.soc:
        raise ValueError(f"the project was generated for {project.soc.soc}, not {soc}: generate it for {soc}")
    env, prepend = _tool_env(cann_home)
    binding_env = dict(env)
    binding_prepend = dict(prepend)
    commands: list[Command] = []
    if project.form == "msopgen":
        op = project.answer.op
        assert op is not None
        msopgen = ["msopgen", "gen", "-i", f"{op.snake_name}.json", "-c", info.msopgen_target, "-lan", "cpp"]
        msopgen += ["-out", op.name]
        unset = ("ASCEND_CUSTOM_OPP_PATH",)  # a set one disturbs build.sh (MultiKernelBench unsets it too)
        commands += [
            Command("msopgen: generate the operator project", msopgen, project.dir, env, prepend),
            Command(
                "lay the answer's op_host/op_kernel sources over msopgen's templates",
                [python, "kbench_steps.py", "overlay", op.name],
                project.dir,
            ),
            Command(
                "point CMakePresets.json at the CANN toolkit",
                [python, "kbench_steps.py", "presets", op.name, str(cann_home)],
                project.dir,
            ),
            Command(
                "build.sh: compile the operator package", ["bash", "build.sh"], project.op_dir, env, prepend, unset
            ),
            Command(
                "install the operator package into the project",
                ["bash", "-c", _INSTALL_SCRIPT, "kbench-install", str(project.install_dir)],
                project.op_dir,
                env,
                prepend,
                unset,
            ),
        ]
        binding_env["ASCEND_CUSTOM_OPP_PATH"] = str(project.vendor_dir)
        binding_prepend["LD_LIBRARY_PATH"] = (str(project.op_api_lib_dir), *prepend["LD_LIBRARY_PATH"])
    else:
        kernel = f"kernel/{project.answer.kernel_name}.cpp"
        lib = project.kernel_build_dir / f"lib{KERNEL_LIB}.so"
        tikcfw = cann_home / "compiler" / "tikcpp" / "tikcfw"
        includes = [f"-I{d}" for d in (cann_home / "include", tikcfw, tikcfw / "impl", tikcfw / "interface")]
        libs = ["-lascendcl", "-lruntime", "-ltiling_api", "-lplatform", "-lc_sec", "-lm", "-ldl"]
        bisheng = ["bisheng", f"--npu-arch={info.npu_arch}", "-O2", "-std=c++17", "-fPIC", "-shared", *includes]
        bisheng += ["-Ikernel", "-x", "asc", kernel, f"-L{cann_home / 'lib64'}", *libs, "-o", str(lib)]
        commands += [
            Command("create kernel/build", ["mkdir", "-p", str(project.kernel_build_dir)], project.dir),
            Command("bisheng: compile the direct-launch kernel", bisheng, project.dir, env, prepend),
        ]
        binding_prepend["LD_LIBRARY_PATH"] = (str(project.kernel_build_dir), *prepend["LD_LIBRARY_PATH"])
    commands.append(
        Command(
            f"build the Python binding {project.module_name}",
            [python, "setup.py", "build_ext", "--inplace"],
            project.binding_dir,
            binding_env,
            binding_prepend,
        )
    )
    return commands


# ---- runner ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StepResult:
    label: str
    command: str
    returncode: int | None  # None: not started (tool missing) or killed at the deadline
    seconds: float
    output: str


@dataclass(frozen=True)
class BuildResult:
    """``ok`` with every step's output, or the failure as a compile-error ``message`` (error lines first)."""

    ok: bool
    steps: tuple[StepResult, ...]
    message: str
    seconds: float
    cached: bool = False

    @property
    def log(self) -> str:
        return "\n".join(f"$ {s.command}  # {s.label}\n{s.output}".rstrip() for s in self.steps) + "\n"


#: a compiler diagnostic with a location: file:line[:col]: [fatal] error: ...
_LOCATED_ERROR = re.compile(r"^\S+?:\d+(?::\d+)?:\s+(?:fatal\s+)?error\b", re.IGNORECASE)
_OTHER_ERROR = re.compile(
    r"(\berror\b\s*:|\bfatal error\b|undefined reference to|CMake Error|\[ERROR\]|Error:|No such file or directory"
    r"|ModuleNotFoundError|ImportError)"
)
_NOISE = re.compile(r"(\*\*\* \[.*\] Error \d+|^g?make(\[\d+\])?: \*\*\*|^\s*\|)")


def error_lines(output: str, limit: int = 30) -> list[str]:
    """The lines of a build's output that say what is wrong: located compiler errors first, then other error
    lines (linker, CMake, msopgen, Python), without make's 'Error 1' echoes; deduplicated, at most ``limit``."""
    located: list[str] = []
    other: list[str] = []
    for raw in output.splitlines():
        line = raw.rstrip()
        if not line.strip() or _NOISE.search(line):
            continue
        if _LOCATED_ERROR.search(line.strip()):
            located.append(line.strip())
        elif _OTHER_ERROR.search(line):
            other.append(line.strip())
    seen: set[str] = set()
    out = []
    for line in located + other:
        if line not in seen:
            seen.add(line)
            out.append(line)
    return out[:limit]


def failure_message(step: StepResult, reason: str, tail_lines: int = 40) -> str:
    """A failed step as a compile-error message: the error lines first, then which step failed and the
    last lines of its output."""
    errors = error_lines(step.output)
    tail = step.output.rstrip().splitlines()[-tail_lines:]
    parts = [*errors, f"[ascend build] {step.label} failed: {reason}", f"$ {step.command}"]
    if tail:
        parts += ["last lines of its output:", *tail]
    return "\n".join(parts)


def _run_step(cmd: Command, deadline: float, relative_to: Path) -> tuple[StepResult, str | None]:
    started = time.monotonic()
    remaining = deadline - started
    shown = cmd.shell().replace(f"{relative_to}/", "")
    if remaining <= 0:
        return StepResult(cmd.label, shown, None, 0.0, ""), "the build's time limit was used up before it"
    try:
        proc = subprocess.Popen(
            cmd.argv,
            cwd=cmd.cwd,
            env=cmd.environ(os.environ),
            stdin=subprocess.DEVNULL,  # an installer asking a question gets end-of-file, not a hang
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            start_new_session=True,  # its own process group, so a timeout ends make's children too
        )
    except FileNotFoundError:
        return StepResult(cmd.label, shown, None, 0.0, ""), f"{cmd.argv[0]} not found (is CANN's set_env.sh sourced?)"
    except OSError as exc:
        return StepResult(cmd.label, shown, None, 0.0, ""), f"could not start {cmd.argv[0]}: {exc}"
    try:
        out, _ = proc.communicate(timeout=remaining)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        out, _ = proc.communicate()
        out = (out or "").replace(f"{relative_to}/", "")
        return StepResult(cmd.label, shown, None, time.monotonic() - started, out), "timed out (build time limit)"
    out = (out or "").replace(f"{relative_to}/", "")
    result = StepResult(cmd.label, shown, proc.returncode, time.monotonic() - started, out)
    return result, None if proc.returncode == 0 else f"exit status {proc.returncode}"


def _artifacts_missing(project: AscendProject) -> str | None:
    if not list(project.binding_dir.glob(f"{project.module_name}*.so")):
        return f"no {project.module_name}*.so in binding/ after the binding build"
    if project.form == "msopgen" and not (project.op_api_lib_dir / "libcust_opapi.so").is_file():
        return f"no {project.op_api_lib_dir.relative_to(project.dir)}/libcust_opapi.so after installing the package"
    if project.form == "direct" and not (project.kernel_build_dir / f"lib{KERNEL_LIB}.so").is_file():
        return f"no kernel/build/lib{KERNEL_LIB}.so after compiling the kernel"
    return None


def _stamp(project: AscendProject, cann_home: Path, soc: str, python: str) -> str:
    return json.dumps({"digest": project.digest, "cann_home": str(cann_home), "soc": soc, "python": python})


def build(
    project: AscendProject,
    cann_home: Path,
    soc: str,
    timeout: float,
    *,
    python: str = sys.executable,
    force: bool = False,
) -> BuildResult:
    """Run :func:`build_commands` for ``project``, at most ``timeout`` seconds in all.

    A project already built with the same toolkit, SoC and Python (and whose artifacts are still there) is
    not rebuilt unless ``force``. Otherwise earlier outputs are removed first, the steps run in order with
    their output captured (stdin closed, each in its own process group, killed at the deadline), and the
    first failure ends the build: its message starts with the compiler's error lines. Two builds of one project
    (the same answer twice in a run) take turns on a lock file in the project; waiting for it is not timed."""
    with open(project.dir / ".kbench_build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _build_locked(project, cann_home, soc, timeout, python, force)


def _build_locked(
    project: AscendProject, cann_home: Path, soc: str, timeout: float, python: str, force: bool
) -> BuildResult:
    started = time.monotonic()
    stamp_path = project.dir / ".kbench_build_ok"
    stamp = _stamp(project, cann_home, soc, python)
    if not force and stamp_path.is_file() and stamp_path.read_text() == stamp and _artifacts_missing(project) is None:
        return BuildResult(True, (), "", 0.0, cached=True)
    stamp_path.unlink(missing_ok=True)
    for path in project.output_dirs():
        if path.resolve().is_relative_to(project.dir) and path.exists():
            shutil.rmtree(path)
    for so in project.binding_dir.glob("*.so"):
        so.unlink()
    deadline = started + timeout
    steps: list[StepResult] = []
    for cmd in build_commands(project, cann_home, soc, python):
        result, failure = _run_step(cmd, deadline, project.dir)
        steps.append(result)
        if failure is not None:
            return BuildResult(False, tuple(steps), failure_message(result, failure), time.monotonic() - started)
    missing = _artifacts_missing(project)
    if missing is not None:
        last = steps[-1]
        message = failure_message(last, f"it succeeded but left {missing}")
        return BuildResult(False, tuple(steps), message, time.monotonic() - started)
    stamp_path.write_text(stamp)
    return BuildResult(True, tuple(steps), "", time.monotonic() - started)


# ---- generated files ---------------------------------------------------------------------------------
STEPS_PY = '''\
"""Build steps kbench runs inside this Ascend C project (written by kbench; standard library only)."""

import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def overlay(op_dir: str) -> None:
    """Copy answer/op_host and answer/op_kernel over the templates msopgen generated in op_dir."""
    target = HERE / op_dir
    for sub in ("op_host", "op_kernel"):
        if not (target / sub).is_dir():
            sys.exit(f"error: msopgen did not create {op_dir}/{sub}")
    for src in sorted((HERE / "answer").rglob("*")):
        if src.is_file():
            dst = target / src.relative_to(HERE / "answer")
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
            print(f"wrote {dst.relative_to(HERE)}")


def presets(op_dir: str, cann_home: str) -> None:
    """Set ASCEND_CANN_PACKAGE_PATH in every configure preset of op_dir/CMakePresets.json."""
    path = HERE / op_dir / "CMakePresets.json"
    if not path.is_file():
        sys.exit(f"error: msopgen did not create {op_dir}/CMakePresets.json")
    data = json.loads(path.read_text())
    found = False
    for preset in data.get("configurePresets", []):
        cache = preset.get("cacheVariables")
        if isinstance(cache, dict):
            found = True
            cache["ASCEND_CANN_PACKAGE_PATH"] = {"type": "PATH", "value": cann_home}
            unit = cache.get("ASCEND_COMPUTE_UNIT", {})
            value = unit.get("value") if isinstance(unit, dict) else unit
            print(f"preset {preset.get('name')}: ASCEND_COMPUTE_UNIT={value}")
    if not found:
        sys.exit(f"error: {op_dir}/CMakePresets.json has no configurePresets[].cacheVariables")
    path.write_text(json.dumps(data, indent=4) + "\\n")


if __name__ == "__main__":
    steps = {"overlay": overlay, "presets": presets}
    if len(sys.argv) < 2 or sys.argv[1] not in steps:
        sys.exit(f"usage: kbench_steps.py {{{'|'.join(steps)}}} ARGS")
    steps[sys.argv[1]](*sys.argv[2:])
'''


def _setup_py(module: str, kernel_lib: str | None) -> str:
    return f'''\
"""Builds this project's Python binding with torch_npu's NpuExtension (written by kbench).

python setup.py build_ext --inplace  ->  {module}*.so next to this file.
"""

import glob
import os

import torch_npu
from setuptools import setup
from torch.utils.cpp_extension import BuildExtension
from torch_npu.utils.cpp_extension import NpuExtension

HERE = os.path.dirname(os.path.abspath(__file__))
NPU_ROOT = os.path.dirname(os.path.abspath(torch_npu.__file__))
MODULE = {module!r}
KERNEL_LIB = {kernel_lib!r}  # direct-launch form: the kernel library in ../kernel/build

compile_args = ["-O2", "-I" + os.path.join(HERE, "csrc")]
compile_args.append("-I" + os.path.join(NPU_ROOT, "include", "third_party", "acl", "inc"))
if os.environ.get("ASCEND_HOME_PATH"):
    compile_args.append("-I" + os.path.join(os.environ["ASCEND_HOME_PATH"], "include"))
link_args = []
if KERNEL_LIB:
    lib_dir = os.path.join(os.path.dirname(HERE), "kernel", "build")
    link_args = ["-L" + lib_dir, "-l" + KERNEL_LIB, "-Wl,-rpath," + lib_dir]

setup(
    name="kbench_" + MODULE,
    version="0",
    ext_modules=[
        NpuExtension(
            MODULE,
            sorted(glob.glob(os.path.join(HERE, "csrc", "*.cpp"))),
            extra_compile_args=compile_args,
            extra_link_args=link_args,
        )
    ],
    cmdclass={{"build_ext": BuildExtension}},
)
'''


def _candidate_py(form: Form) -> str:
    opp = f'os.path.join(_HERE, "opp", "vendors", "{VENDOR_NAME}")' if form == "msopgen" else "None"
    return f'''\
"""This project's candidate once built (written by kbench): sets up the paths, then runs model_new.py.

Importing it before the build succeeded fails at model_new.py's import of the binding.
"""

import importlib.util
import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
_OPP = {opp}  # the installed custom operator package (msopgen form)
if _OPP is not None:
    _old = os.environ.get("ASCEND_CUSTOM_OPP_PATH")
    os.environ["ASCEND_CUSTOM_OPP_PATH"] = _OPP + (":" + _old if _old else "")
sys.path.insert(0, os.path.join(_HERE, "binding"))

_spec = importlib.util.spec_from_file_location("kbench_ascend_model_new", os.path.join(_HERE, "model_new.py"))
assert _spec is not None and _spec.loader is not None
_model = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_model)
ModelNew = _model.ModelNew
'''


#: kbench's own EXEC_NPU_CMD, written as binding/csrc/pytorch_npu_helper.hpp (the name MultiKernelBench answers
#: include). Written from the CANN single-operator API convention (aclnnXxxGetWorkspaceSize, then aclnnXxx on a
#: stream) and torch_npu's OpCommand; never compiled by kbench's tests (no torch_npu or CANN here).
NPU_HELPER_HPP = r"""// pytorch_npu_helper.hpp: written by kbench (backends/ascend_project.py).
//
// EXEC_NPU_CMD(aclnnXxx, args...) calls a CANN two-phase single-operator API: aclnnXxxGetWorkspaceSize(args...,
// &workspaceSize, &executor), then aclnnXxx(workspace, workspaceSize, executor, stream) on torch_npu's current
// stream, queued through torch_npu's OpCommand so it keeps its order with the other NPU work. The functions are
// looked up in the custom operator packages named by ASCEND_CUSTOM_OPP_PATH (<dir>/op_api/lib/libcust_opapi.so),
// then in CANN's libopapi.so. Arguments: at::Tensor, c10::optional<at::Tensor>, at::Scalar, at::IntArrayRef,
// std::vector<int64_t>, and plain values (bool, int64_t, double, ...) passed unchanged.
#ifndef KBENCH_PYTORCH_NPU_HELPER_HPP_
#define KBENCH_PYTORCH_NPU_HELPER_HPP_

#include <dlfcn.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <ATen/ATen.h>
#include <torch/extension.h>

#include "acl/acl_base.h"
#include "torch_npu/csrc/core/npu/NPUStream.h"
#include "torch_npu/csrc/framework/OpCommand.h"

typedef struct aclOpExecutor aclOpExecutor;
typedef struct aclTensor aclTensor;
typedef struct aclScalar aclScalar;
typedef struct aclIntArray aclIntArray;

namespace kbench_npu {

inline const std::vector<void*>& Libraries()
{
    static const std::vector<void*> handles = [] {
        std::vector<void*> found;
        const char* custom = std::getenv("ASCEND_CUSTOM_OPP_PATH");
        std::string paths = custom != nullptr ? custom : "";
        size_t start = 0;
        while (start <= paths.size()) {
            size_t end = paths.find(':', start);
            if (end == std::string::npos) {
                end = paths.size();
            }
            std::string dir = paths.substr(start, end - start);
            if (!dir.empty()) {
                void* handle = dlopen((dir + "/op_api/lib/libcust_opapi.so").c_str(), RTLD_LAZY);
                if (handle != nullptr) {
                    found.push_back(handle);
                }
            }
            start = end + 1;
        }
        for (const char* name : {"libopapi.so", "libnnopbase.so"}) {
            void* handle = dlopen(name, RTLD_LAZY);
            if (handle != nullptr) {
                found.push_back(handle);
            }
        }
        return found;
    }();
    return handles;
}

inline void* Symbol(const char* name)
{
    for (void* handle : Libraries()) {
        if (void* fn = dlsym(handle, name)) {
            return fn;
        }
    }
    return dlsym(RTLD_DEFAULT, name);
}

inline std::string RecentError()
{
    using Fn = const char* (*)();
    auto fn = reinterpret_cast<Fn>(Symbol("aclGetRecentErrMsg"));
    const char* msg = fn != nullptr ? fn() : nullptr;
    return msg != nullptr ? std::string(msg) : std::string("(CANN gave no message)");
}

inline aclDataType AclType(at::ScalarType type)
{
    switch (type) {
        case at::kFloat: return ACL_FLOAT;
        case at::kHalf: return ACL_FLOAT16;
        case at::kBFloat16: return ACL_BF16;
        case at::kDouble: return ACL_DOUBLE;
        case at::kChar: return ACL_INT8;
        case at::kByte: return ACL_UINT8;
        case at::kShort: return ACL_INT16;
        case at::kInt: return ACL_INT32;
        case at::kLong: return ACL_INT64;
        case at::kBool: return ACL_BOOL;
        default: TORCH_CHECK(false, "EXEC_NPU_CMD: unsupported dtype ", type);
    }
    return ACL_DT_UNDEFINED;
}

inline aclFormat AclFormat(size_t dims)
{
    switch (dims) {
        case 3: return ACL_FORMAT_NCL;
        case 4: return ACL_FORMAT_NCHW;
        case 5: return ACL_FORMAT_NCDHW;
        default: return ACL_FORMAT_ND;
    }
}

inline aclTensor* Convert(const at::Tensor& t)
{
    if (!t.defined()) {
        return nullptr;
    }
    using Create = aclTensor* (*)(const int64_t*, uint64_t, aclDataType, const int64_t*, int64_t, aclFormat,
                                  const int64_t*, uint64_t, void*);
    static const auto create = reinterpret_cast<Create>(Symbol("aclCreateTensor"));
    TORCH_CHECK(create != nullptr, "EXEC_NPU_CMD: aclCreateTensor not found (CANN's libnnopbase.so)");
    const int64_t storageElems = static_cast<int64_t>(t.storage().nbytes() / t.element_size());
    return create(t.sizes().data(), t.sizes().size(), AclType(t.scalar_type()), t.strides().data(),
                  t.storage_offset(), AclFormat(t.sizes().size()), &storageElems, 1,
                  const_cast<void*>(t.storage().data()));
}

inline aclTensor* Convert(const c10::optional<at::Tensor>& t)
{
    return t.has_value() ? Convert(*t) : nullptr;
}

inline aclScalar* Convert(const at::Scalar& s)
{
    using Create = aclScalar* (*)(void*, aclDataType);
    static const auto create = reinterpret_cast<Create>(Symbol("aclCreateScalar"));
    TORCH_CHECK(create != nullptr, "EXEC_NPU_CMD: aclCreateScalar not found");
    if (s.isBoolean()) {
        bool v = s.toBool();
        return create(&v, ACL_BOOL);
    }
    if (s.isIntegral(false)) {
        int64_t v = s.toLong();
        return create(&v, ACL_INT64);
    }
    double v = s.toDouble();
    return create(&v, ACL_DOUBLE);
}

inline aclIntArray* Convert(const at::IntArrayRef& values)
{
    using Create = aclIntArray* (*)(const int64_t*, uint64_t);
    static const auto create = reinterpret_cast<Create>(Symbol("aclCreateIntArray"));
    TORCH_CHECK(create != nullptr, "EXEC_NPU_CMD: aclCreateIntArray not found");
    return create(values.data(), values.size());
}

inline aclIntArray* Convert(const std::vector<int64_t>& values)
{
    return Convert(at::IntArrayRef(values));
}

template <typename T>
inline T Convert(T value)
{
    return value;
}

inline void Release(aclTensor* p)
{
    static const auto destroy = reinterpret_cast<int (*)(const aclTensor*)>(Symbol("aclDestroyTensor"));
    if (p != nullptr && destroy != nullptr) {
        destroy(p);
    }
}

inline void Release(aclScalar* p)
{
    static const auto destroy = reinterpret_cast<int (*)(const aclScalar*)>(Symbol("aclDestroyScalar"));
    if (p != nullptr && destroy != nullptr) {
        destroy(p);
    }
}

inline void Release(aclIntArray* p)
{
    static const auto destroy = reinterpret_cast<int (*)(const aclIntArray*)>(Symbol("aclDestroyIntArray"));
    if (p != nullptr && destroy != nullptr) {
        destroy(p);
    }
}

template <typename T>
inline void Release(T)
{
}

template <typename... Converted>
int CallGetWorkspaceSize(void* fn, std::tuple<Converted...>& args, uint64_t* size, aclOpExecutor** executor)
{
    using Fn = int (*)(Converted..., uint64_t*, aclOpExecutor**);
    return std::apply([&](auto&... a) { return reinterpret_cast<Fn>(fn)(a..., size, executor); }, args);
}

template <typename... Args>
void Execute(const char* api, void* getWorkspaceSize, void* run, const Args&... args)
{
    auto converted = std::make_tuple(Convert(args)...);
    uint64_t workspaceSize = 0;
    aclOpExecutor* executor = nullptr;
    const int status = CallGetWorkspaceSize(getWorkspaceSize, converted, &workspaceSize, &executor);
    TORCH_CHECK(status == 0, api, "GetWorkspaceSize failed (", status, "): ", RecentError());
    at::Tensor workspace;
    void* workspaceAddr = nullptr;
    if (workspaceSize > 0) {
        workspace = at::empty({static_cast<int64_t>(workspaceSize)},
                              at::TensorOptions().device(c10::DeviceType::PrivateUse1).dtype(at::kByte));
        workspaceAddr = workspace.data_ptr();
    }
    void* stream = c10_npu::getCurrentNPUStream().stream(false);
    std::string name(api);
    auto launch = [converted, workspace, workspaceAddr, workspaceSize, executor, run, stream, name]() mutable -> int {
        using Run = int (*)(void*, uint64_t, aclOpExecutor*, void*);
        const int ret = reinterpret_cast<Run>(run)(workspaceAddr, workspaceSize, executor, stream);
        std::apply([](auto&... a) { (Release(a), ...); }, converted);
        TORCH_CHECK(ret == 0, name, " failed (", ret, "): ", RecentError());
        return ret;
    };
    at_npu::native::OpCommand cmd;
    cmd.Name(name);
    cmd.SetCustomHandler(launch);
    cmd.Run();
}

}  // namespace kbench_npu

#define EXEC_NPU_CMD(aclnn_api, ...)                                                                         \
    do {                                                                                                     \
        static void* const kbenchGetWorkspaceSize_ = kbench_npu::Symbol(#aclnn_api "GetWorkspaceSize");      \
        static void* const kbenchRun_ = kbench_npu::Symbol(#aclnn_api);                                      \
        TORCH_CHECK(kbenchGetWorkspaceSize_ != nullptr && kbenchRun_ != nullptr, #aclnn_api                  \
                    " not found: is the custom operator package installed and ASCEND_CUSTOM_OPP_PATH set?"); \
        kbench_npu::Execute(#aclnn_api, kbenchGetWorkspaceSize_, kbenchRun_, __VA_ARGS__);                   \
    } while (false)

#endif  // KBENCH_PYTORCH_NPU_HELPER_HPP_
"""
