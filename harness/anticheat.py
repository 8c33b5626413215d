"""Runtime and native anti-cheat checks, decided in the parent from what the worker observed.

Two layers live here (the static AST layer is :mod:`harness.static_check`):

* **operators**: the worker records every aten operator the candidate's forward executes (a
  TorchDispatchMode sees calls made from C++ extensions too). In the default ``kernels_only`` track only
  allocation, view and copy operators are allowed, whether or not the reference uses the others.
* **native libraries**: every shared object the candidate loaded (and every one in its build
  directory) is read with ``nm``/``readelf``: calls into vendor math libraries (cuBLAS, cuDNN, MKL,
  oneDNN, OpenBLAS), into torch's compute operators (``at::_ops::<op>`` other than allocation, view
  and copy, ``at::native::``, ``at::cpu::``...), into the dispatcher's thread-local state (to hide from
  the operator recorder) or into ``dlopen``/``dlsym`` are forbidden.

``--allow-torch`` (the ``pytorch_allowed`` track) relaxes the operator and vendor rules, never the others.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

#: operators that only allocate, fill with a constant, copy or convert: allowed in the kernels-only track
ALLOWED_OPS = frozenset(
    {
        "empty",
        "empty_like",
        "empty_strided",
        "new_empty",
        "new_empty_strided",
        "zeros",
        "zeros_like",
        "new_zeros",
        "ones",
        "ones_like",
        "new_ones",
        "full",
        "full_like",
        "new_full",
        "zero_",
        "fill_",
        "resize_",
        "clone",
        "copy_",
        "_to_copy",
        "to",
        "contiguous",
        "lift_fresh",
        "lift_fresh_copy",
        "_local_scalar_dense",
        "item",
        "detach",
        "alias",
        "reshape",
        "flatten",
        "view",
        "view_as",
        "reshape_as",
        "type_as",
        "_reshape_alias",
        "_unsafe_view",
        "set_",
        "record_stream",
        "size",
        "stride",
        "sym_size",
        "sym_stride",
        "sym_numel",
        "sym_storage_offset",
        "is_contiguous",
        "is_nonzero",
        "is_pinned",
    }
)

VENDOR_LIBRARY = re.compile(
    r"(^|/)lib(mkl|iomp5|dnnl|mkldnn|cublas|cublasLt|cudnn|cufft|cusparse|cusolver|openblas|blas|cblas|lapack|"
    r"rocblas|hipblas|hipblasLt|miopen|MIOpen|armpl|accelerate)[^/]*\.so"
)
VENDOR_SYMBOL = re.compile(
    r"^(cblas_|mkl_|MKL_|dnnl_|mkldnn_|cublas|cudnn|cufft|cusparse|cusolver|rocblas|hipblas|miopen|openblas_|"
    r"LAPACKE_|[sdcz]gemm_?$|[sdcz]gemv_?$|[sdcz]axpy_?$|[sdcz]dot_?$)"
)
TORCH_COMPUTE_NAMESPACES = (
    "at::native::",
    "at::cpu::",
    "at::cuda::",
    "at::mps::",
    "at::meta::",
    "at::compositeexplicitautograd::",
    "at::compositeexplicitautogradnonfunctional::",
    "at::compositeimplicitautograd::",
    "at::redispatch::",
    "torch::autograd::VariableType::",
)
DISPATCH_TAMPER = (
    "c10::impl::tls_set_dispatch_key_excluded",
    "c10::impl::tls_set_dispatch_key_included",
    "c10::impl::_force_tls_local_dispatch_key_set",
    "c10::impl::TorchDispatchModeTLS",
    "c10::impl::PythonDispatcherTLS",
    "c10::impl::PythonTorchFunctionTLS",
    "torch::utils::_pop_mode",
)
NATIVE_LOADERS = ("dlopen", "dlsym", "dlmopen", "dlvsym")


@dataclass(frozen=True)
class Violation:
    code: str
    message: str


@functools.cache
def _is_view(qualified: str) -> bool:
    """True when the aten operator ``packet.overload`` returns an alias of its input (a view)."""
    import torch

    packet, _, overload = qualified.partition(".")
    try:
        op = getattr(getattr(torch.ops.aten, packet), overload or "default")
        returns = op._schema.returns
    except (AttributeError, RuntimeError):
        return False
    return bool(returns) and all(r.alias_info is not None and not r.alias_info.is_write for r in returns)


def op_allowed(name: str) -> bool:
    """``name`` as recorded (``aten.add.Tensor``): allowed in the kernels-only track?"""
    namespace, _, rest = name.partition(".")
    if namespace != "aten":
        return False  # prims, custom ops registered by the candidate's library, quantized...
    packet = rest.split(".", 1)[0]
    return packet in ALLOWED_OPS or _is_view(rest)


def forbidden_ops(counts: dict[str, int]) -> dict[str, int]:
    """The recorded operators the kernels-only track forbids. Names starting with ``jax.`` were found by the
    pallas backend outside every Pallas kernel (it reports only compute primitives), ``kbench.`` names are
    the harness's own findings (``kbench.untraceable``): both are always forbidden."""
    return {name: n for name, n in sorted(counts.items()) if not op_allowed(name)}


@functools.cache
def _op_from_symbol(name: str) -> str | None:
    """``at::_ops::<name>`` names an overload as ``packet`` or ``packet_overload``: resolve it."""
    import torch

    def exists(packet: str, overload: str) -> bool:
        try:
            obj = getattr(torch.ops.aten, packet)
        except (AttributeError, RuntimeError):
            return False
        return overload == "default" or overload in obj.overloads()

    if exists(name, "default"):
        return f"{name}.default"
    for i, ch in enumerate(name):
        if ch == "_" and i > 0 and exists(name[:i], name[i + 1 :]):
            return f"{name[:i]}.{name[i + 1 :]}"
    return None


def _tool(name: str) -> str | None:
    return shutil.which(name)


def undefined_symbols(path: Path) -> list[str]:
    """Demangled undefined dynamic symbols of a shared object (what it calls in other libraries)."""
    nm = _tool("nm")
    if nm is None:
        raise FileNotFoundError("nm (binutils) is not installed")
    proc = subprocess.run([nm, "-D", "-u", "-C", str(path)], capture_output=True, text=True, timeout=60)
    symbols = []
    for line in proc.stdout.splitlines():
        parts = line.split(None, 1)
        if len(parts) == 2 and parts[0] in ("U", "w", "v"):
            symbols.append(parts[1].strip())
    return symbols


def needed_libraries(path: Path) -> list[str]:
    readelf = _tool("readelf")
    if readelf is None:
        return []
    proc = subprocess.run([readelf, "-d", str(path)], capture_output=True, text=True, timeout=60)
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", proc.stdout)


def scan_library(path: Path, allow_torch: bool) -> list[Violation]:
    """What a candidate's shared object links against that a kernel may not use."""
    found: list[Violation] = []
    seen: set[tuple[str, str]] = set()

    def add(code: str, message: str) -> None:
        if (code, message) not in seen:
            seen.add((code, message))
            found.append(Violation(code, f"{path.name}: {message}"))

    if not allow_torch:
        for lib in needed_libraries(path):
            if VENDOR_LIBRARY.search("/" + lib):
                add("vendor_library", f"links against the vendor math library {lib}")
    for sym in undefined_symbols(path):
        plain = sym.split("(", 1)[0]
        if plain.startswith(DISPATCH_TAMPER):
            add("dispatch_tamper", f"touches the dispatcher's thread-local state ({plain})")
        elif plain in NATIVE_LOADERS:
            add("dynamic_code", f"loads code at run time ({plain})")
        elif allow_torch:
            continue
        elif VENDOR_SYMBOL.match(plain):
            add("vendor_library", f"calls the vendor math routine {plain}")
        elif plain.startswith("at::_ops::"):
            op_name = plain[len("at::_ops::") :].split("::", 1)[0]
            resolved = _op_from_symbol(op_name)
            if resolved is None or not op_allowed(f"aten.{resolved}"):
                add("torch_op", f"calls the PyTorch operator aten::{resolved or op_name} from C++")
        elif plain.startswith(TORCH_COMPUTE_NAMESPACES):
            add("torch_op", f"calls PyTorch's own kernel {plain}")
        elif plain.startswith("at::TensorBase::__dispatch_") and not plain.startswith(
            ("at::TensorBase::__dispatch_contiguous", "at::TensorBase::__dispatch_is_")
        ):
            add("torch_op", f"calls the PyTorch operator {plain}")
    return found


def is_system_library(path: str) -> bool:
    """Libraries of the interpreter, its packages (torch included) and the OS: not the candidate's own."""
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, "/usr/lib", "/usr/lib64", "/lib", "/lib64", "/usr/local/lib"}
    resolved = str(Path(path).resolve()) if Path(path).exists() else path
    return any(resolved.startswith(str(Path(r).resolve()) + "/") or path.startswith(r + "/") for r in roots if r)


def check_libraries(loaded: list[str], build_dir: Path | None, allow_torch: bool) -> list[Violation]:
    """Scan the shared objects a candidate loaded (and those its build produced) for forbidden calls."""
    found: list[Violation] = []
    to_scan: set[Path] = set()
    for lib in loaded:
        if VENDOR_LIBRARY.search(lib) and not allow_torch:
            found.append(Violation("vendor_library", f"the candidate loaded the vendor math library {lib}"))
            continue
        if is_system_library(lib):
            continue
        if Path(lib).is_file():
            to_scan.add(Path(lib))
        else:  # in the sandbox's private /tmp, in memory, or deleted since: what cannot be read cannot be cleared
            found.append(Violation("dynamic_code", f"the candidate loaded {lib}, a shared object kbench cannot read"))
    if build_dir is not None and build_dir.is_dir():
        to_scan.update(p for p in build_dir.rglob("*.so") if p.is_file())
    for path in sorted(to_scan):
        found.extend(scan_library(path, allow_torch))
    return found
