"""The static (AST) anti-cheat scan: honest code scans clean, each cheat pattern is found on its line."""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

import pytest

from harness.static_check import CODES, Finding, scan

ROOT = Path(__file__).resolve().parent.parent
HONEST_FILES = sorted((ROOT / "prompts" / "golden").glob("*/*.py")) + [ROOT / "tests" / "candidates" / "honest_omp.py"]


def src(text: str) -> str:
    """Snippets are written indented; line 1 is the first line after the opening quotes."""
    return textwrap.dedent(text).lstrip("\n")


def found(source: str, allow_torch: bool = False) -> set[tuple[str, int]]:
    return {(f.code, f.line) for f in scan(source, allow_torch=allow_torch)}


# (code, line, source): each must report ``code`` on ``line``.
HOSTILE: list[tuple[str, int, str]] = [
    # -- fallback_try_except -------------------------------------------------------------------------
    (
        "fallback_try_except",
        4,
        src("""
            import torch
            class ModelNew(nn.Module):
                def forward(self, x):
                    try:
                        return ext.f(x)
                    except Exception:
                        return torch.relu(x)
        """),
    ),
    (
        "fallback_try_except",
        2,
        src("""
            from torch.utils.cpp_extension import load_inline
            try:
                ext = load_inline(name="k", cpp_sources="", functions=["f"])
            except RuntimeError:
                ext = None
        """),
    ),
    (
        "fallback_try_except",
        4,
        src("""
            import contextlib
            class ModelNew(nn.Module):
                def forward(self, x):
                    with contextlib.suppress(Exception):
                        return ext.f(x)
                    return x * 2
        """),
    ),
    (
        "fallback_try_except",
        2,
        src("""
            from contextlib import suppress as quiet
            with quiet(RuntimeError):
                ext.f(1)
        """),
    ),
    (
        "fallback_try_except",
        5,
        src("""
            class Guard:
                def __enter__(self):
                    return self
                def __exit__(self, *exc):
                    return True
        """),
    ),
    # -- reference_access ----------------------------------------------------------------------------
    (
        "reference_access",
        1,
        src("""
            class ModelNew(Model):
                pass
        """),
    ),
    (
        "reference_access",
        3,
        src("""
            import sys
            import torch.nn as nn
            ref = sys.modules["kbench_reference_task"]
        """),
    ),
    ("reference_access", 2, src("import torch\nfrom harness import _worker\n")),
    ("reference_access", 1, src("import backends.cpu as b\n")),
    (
        "reference_access",
        3,
        src("""
            class ModelNew(nn.Module):
                def __init__(self):
                    self.inputs = get_inputs()
        """),
    ),
    ("reference_access", 2, src("import importlib\nm = importlib.import_module('kbench_reference_task')\n")),
    ("reference_access", 1, src("main = __import__('__main__')\n")),
    ("reference_access", 1, src("out = mod.Model()\n")),
    # -- monkey_patch --------------------------------------------------------------------------------
    ("monkey_patch", 2, src("import torch\ntorch.relu = lambda x: x\n")),
    ("monkey_patch", 2, src("import time as t\nt.perf_counter = lambda: 0.0\n")),
    ("monkey_patch", 3, src("import time\nt = time\nt.perf_counter = lambda: 0\n")),
    ("monkey_patch", 2, src("t = time\nt.perf_counter = lambda: 0\n")),
    ("monkey_patch", 2, src("import torch.nn.functional as F\nsetattr(F, 'gelu', lambda x: x)\n")),
    ("monkey_patch", 2, src("import torch\ndel torch.Tensor.__eq__\n")),
    ("monkey_patch", 2, src("import math\nmath.pi += 1\n")),
    ("monkey_patch", 2, src("import torch\ntorch.backends.cudnn.benchmark: bool = True\n")),
    ("monkey_patch", 2, src("import torch\ntorch.__dict__['relu'] = abs\n")),
    ("monkey_patch", 1, src("__builtins__ = {}\n")),
    (
        "monkey_patch",
        3,
        src("""
            class ModelNew(nn.Module):
                def forward(self, x):
                    x.__class__ = FakeTensor
                    return x
        """),
    ),
    (
        "monkey_patch",
        4,
        src("""
            import time
            def patch(module):
                module.perf_counter = lambda: 0.0
            patch(time)
        """),
    ),
    ("monkey_patch", 2, src("from torch.utils.cpp_extension import load_inline\nload_inline.cache = {}\n")),
    # -- thread_spawned ------------------------------------------------------------------------------
    ("thread_spawned", 2, src("import torch\nimport threading\n")),
    ("thread_spawned", 1, src("import threading as th\nth.Thread(target=print).start()\n")),
    ("thread_spawned", 2, src("import threading as th\nth.Thread(target=print).start()\n")),
    ("thread_spawned", 1, src("from concurrent.futures import ThreadPoolExecutor\n")),
    (
        "thread_spawned",
        4,
        src("""
            import os
            class ModelNew(nn.Module):
                def forward(self, x):
                    if os.fork() == 0:
                        ext.spin(x)
                    return x
        """),
    ),
    ("thread_spawned", 1, src("sp = __import__('subprocess')\n")),
    ("thread_spawned", 2, src("import torch\ntorch.multiprocessing.spawn(print)\n")),
    # -- stream_use ----------------------------------------------------------------------------------
    (
        "stream_use",
        4,
        src(
            "import torch\nclass ModelNew(nn.Module):\n    def __init__(self):\n        self.s = torch.cuda.Stream()\n"
        ),
    ),
    (
        "stream_use",
        3,
        src("""
            import torch
            def forward(self, x):
                with torch.cuda.stream(self.s):
                    return ext.f(x)
        """),
    ),
    (
        "stream_use",
        5,
        src('''
            SRC = r"""
            #include <torch/extension.h>
            torch::Tensor f(torch::Tensor x) {
                cudaStream_t s;
                cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking);
                return x;
            }
            """
        '''),
    ),
    ("stream_use", 2, src("from torch.cuda import CUDAGraph\ng = CUDAGraph()\n")),
    ("stream_use", 1, src("CU = 'cudaGraph' + 'Launch(exec, 0);'\n")),
    # -- frame_walk ----------------------------------------------------------------------------------
    ("frame_walk", 1, src("import inspect\n")),
    ("frame_walk", 2, src("import sys\ncaller = sys._getframe(1)\n")),
    (
        "frame_walk",
        3,
        src("""
            def forward(self, x):
                frame = self.frame
                ref = frame.f_back.f_locals["ref"]
        """),
    ),
    ("frame_walk", 1, src("mem = open('/proc/self/mem', 'rb')\n")),
    ("frame_walk", 2, src("import gc as collector\nobjs = collector.get_objects()\n")),
    ("frame_walk", 1, src("from ctypes import CDLL\n")),
    ("frame_walk", 1, src("subs = object.__subclasses__()\n")),
    # -- process_exit --------------------------------------------------------------------------------
    (
        "process_exit",
        4,
        src("""
            import os
            class ModelNew(nn.Module):
                def forward(self, x):
                    os._exit(0)
        """),
    ),
    ("process_exit", 1, src("from os import _exit\n_exit(0)\n")),
    ("process_exit", 2, src("from os import _exit\n_exit(0)\n")),
    ("process_exit", 2, src("import sys\nsys.exit(1)\n")),
    ("process_exit", 2, src("def forward(self, x):\n    raise SystemExit(0)\n")),
    ("process_exit", 1, src("quit()\n")),
    ("process_exit", 2, src("import posix\nposix.kill(posix.getpid(), 9)\n")),
    # -- dynamic_code --------------------------------------------------------------------------------
    ("dynamic_code", 1, src("exec('import os; os._exit(0)')\n")),
    ("dynamic_code", 3, src("import torch\ndef forward(self, x):\n    return getattr(torch, 'rel' + 'u')(x)\n")),
    ("dynamic_code", 1, src("torch_mod = globals()['torch']\n")),
    ("dynamic_code", 2, src("name = 'x'\nv = eval(name)\n")),
    ("dynamic_code", 2, src("import pickle\nobj = pickle.loads(b'')\n")),
    ("dynamic_code", 2, src("import types\nf = types.FunctionType(code, {})\n")),
    ("dynamic_code", 1, src("run = __builtins__['exec']\n")),
    # -- torch_compile -------------------------------------------------------------------------------
    (
        "torch_compile",
        4,
        src("""
            import torch
            class ModelNew(nn.Module):
                def __init__(self):
                    self.fn = torch.compile(self.ref)
        """),
    ),
    ("torch_compile", 2, src("import torch\n@torch.jit.script\ndef f(x):\n    return x\n")),
    ("torch_compile", 1, src("import torch._dynamo\n")),
    ("torch_compile", 1, src("from torch import compile as c\n")),
    # -- trace_detect ----------------------------------------------------------------------------------
    (
        "trace_detect",
        4,
        src("""
            from jax import core
            class ModelNew(nn.Module):
                def forward(self, x):
                    if isinstance(x, core.Tracer):
                        return kernel(x)
                    return x * 2
        """),
    ),
    ("trace_detect", 2, src("import jax\nwith jax.ensure_compile_time_eval():\n    pass\n")),
    ("trace_detect", 1, src("from jax._src.core import Tracer as T\n")),
]


def _case_id(case: tuple[str, int, str]) -> str:
    code, line, source = case
    first = source.strip().splitlines()[-1].strip()[:30]
    return f"{code}@{line}:{first}"


@pytest.mark.parametrize("case", HOSTILE, ids=[_case_id(c) for c in HOSTILE])
def test_hostile_snippet_is_found_on_its_line(case: tuple[str, int, str]) -> None:
    code, line, source = case
    assert (code, line) in found(source), scan(source)


def test_every_code_has_at_least_two_hostile_snippets() -> None:
    for code in CODES:
        assert sum(1 for c, _, _ in HOSTILE if c == code) >= 2, code


# (code, source): ``code`` must NOT be reported (most of these must scan completely clean, see below).
NEAR_MISSES: list[tuple[str, str]] = [
    ("fallback_try_except", src("try:\n    ext = load()\nfinally:\n    pass\n")),
    ("fallback_try_except", src("import torch\nwith torch.no_grad():\n    w = torch.ones(3)\n")),
    (
        "reference_access",
        src("import torch.nn as nn\nclass _Base(nn.Module):\n    pass\nclass ModelNew(_Base):\n    pass\n"),
    ),
    ("reference_access", src("import torch\nclass _Fn(torch.autograd.Function):\n    pass\n")),
    ("reference_access", src("if __name__ == '__main__':\n    print('ok')\n")),
    ("reference_access", src("import torch\nenabled = torch.backends.cudnn.enabled\n")),
    ("reference_access", src("def get_inputs():\n    return []\nx = get_inputs()\n")),
    ("monkey_patch", src("class ModelNew(nn.Module):\n    def __init__(self):\n        self.scale = 2.0\n")),
    ("monkey_patch", src("import torch.nn.functional as F\ndef forward(self, x):\n    return F.relu(x)\n")),
    ("monkey_patch", src("class ModelNew(nn.Module):\n    pass\nModelNew.cache = None\n")),
    ("monkey_patch", src("import os\nos.environ['TORCH_CUDA_ARCH_LIST'] = '9.0'\n")),
    (
        "monkey_patch",
        src("def forward(self, x):\n    out = x.clone()\n    out[0] = 1.0\n    x.grad = None\n    return out\n"),
    ),
    ("monkey_patch", src("import torch\ndtype = torch.float32\nsize = torch.empty(3).shape\n")),
    ("thread_spawned", src('import torch\nSRC = "#pragma omp parallel for"\nn = torch.get_num_threads()\n')),
    ("stream_use", src("import torch\nptr = torch.cuda.current_stream().cuda_stream\n")),
    ("stream_use", src('SRC = "auto stream = at::cuda::getCurrentCUDAStream(); k<<<g, b, 0, stream>>>(p);"\n')),
    ("frame_walk", src("class ModelNew(nn.Module):\n    def __init__(self):\n        self.f_weight = 1\n")),
    ("frame_walk", src("import torch\ntorch.cuda.synchronize()\n")),
    ("process_exit", src("def forward(self, x):\n    self.exit_code = 0\n    return ext.exit_kernel(x)\n")),
    (
        "dynamic_code",
        src("class ModelNew(nn.Module):\n    def forward(self, x):\n        return getattr(self, 'weight') * x\n"),
    ),
    ("dynamic_code", src("model = ModelNew()\nmodel.eval()\n")),
    ("torch_compile", src("from torch.utils.cpp_extension import load_inline\ncompiled = load_inline\n")),
    ("trace_detect", src("import jax\nf = jax.jit(lambda x: x)\nshape = jax.ShapeDtypeStruct((8,), 'float32')\n")),
]


@pytest.mark.parametrize("code,source", NEAR_MISSES, ids=[f"{c}:{i}" for i, (c, _) in enumerate(NEAR_MISSES)])
def test_near_miss_is_not_flagged(code: str, source: str) -> None:
    assert scan(source) == [], scan(source)
    assert code not in {f.code for f in scan(source)}


def test_every_code_has_a_near_miss() -> None:
    assert {c for c, _ in NEAR_MISSES} == set(CODES)


@pytest.mark.parametrize("path", HONEST_FILES, ids=[p.name for p in HONEST_FILES])
def test_honest_candidates_scan_clean(path: Path) -> None:
    assert scan(path.read_text()) == []


def test_honest_files_exist() -> None:
    assert len(HONEST_FILES) >= 2 and all(p.is_file() for p in HONEST_FILES)


# -- obfuscations named in the design ------------------------------------------------------------------


def test_getattr_with_a_built_name_is_dynamic_code() -> None:
    assert ("dynamic_code", 2) in found("import torch\ny = getattr(torch, 'rel' + 'u')(x)\n")


def test_import_alias_does_not_hide_threading() -> None:
    assert ("thread_spawned", 1) in found("import threading as th\n")


def test_from_import_does_not_hide_os_exit() -> None:
    assert ("process_exit", 1) in found("from os import _exit\n")


def test_alias_by_assignment_does_not_hide_a_patch() -> None:
    assert ("monkey_patch", 1) in found("t = time; t.perf_counter = lambda: 0\n")


def test_other_obfuscations() -> None:
    assert ("process_exit", 2) in found("import os.path\nos.path.os._exit(0)\n")  # a module re-exported by another
    assert ("process_exit", 2) in found("import os\ngetattr(os, '_exit')(0)\n")
    assert ("process_exit", 2) in found("import sys\nsys.modules['os']._exit(0)\n")
    assert ("monkey_patch", 3) in found("import time\nclock, other = time, 1\nclock.perf_counter = abs\n")
    assert ("monkey_patch", 2) in found("import torch\nobject.__setattr__(torch, 'relu', abs)\n")
    assert ("monkey_patch", 1) in found("type(x).__add__ = f\n")
    assert ("monkey_patch", 1) in found("(lambda m: setattr(m, 'relu', abs))(torch)\n")
    assert ("stream_use", 2) in found("import torch as T\ns = T.cuda.Stream()\n")
    assert ("frame_walk", 1) in found("back = getattr(frame, 'f_back')\n")
    assert ("monkey_patch", 1) in found("(t := time).sleep = print\n")
    assert ("thread_spawned", 2) in found("import torch.utils.cpp_extension as ce\nce.subprocess.run(['ls'])\n")
    clock_on_self = src("""
        import time
        class ModelNew(nn.Module):
            def __init__(self):
                self.clock = time
            def forward(self, x):
                self.clock.perf_counter = lambda: 0.0
    """)
    assert found(clock_on_self) == {("monkey_patch", 6)}


HONEST_MIX = src('''
    import functools
    import math
    import os
    from dataclasses import dataclass

    import numpy as np
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    import triton
    import triton.language as tl
    import jax
    from jax.experimental import pallas as pl
    from torch.utils.cpp_extension import load_inline

    os.environ["TORCH_CUDA_ARCH_LIST"] = "9.0"
    __all__ = ["ModelNew"]
    CUDA_SRC = r"""
    #include <ATen/cuda/CUDAContext.h>
    __global__ void k(const float* x, float* y, int n) {
        int i = blockIdx.x * blockDim.x + threadIdx.x;
        if (i < n) y[i] = x[i];
    }
    torch::Tensor f(torch::Tensor x) {
        auto y = torch::empty_like(x);
        auto stream = at::cuda::getCurrentCUDAStream();
        k<<<(x.numel() + 255) / 256, 256, 0, stream>>>(x.data_ptr<float>(), y.data_ptr<float>(), x.numel());
        return y;
    }
    """
    _ext = None


    def _get_ext():
        global _ext
        if _ext is None:
            _ext = load_inline(name="k", cpp_sources="", cuda_sources=CUDA_SRC, functions=["f"])
        return _ext


    @dataclass
    class Cfg:
        block: int = 128


    @triton.autotune(configs=[triton.Config({"BLOCK": 128}, num_warps=4)], key=["n"])
    @triton.jit
    def add_kernel(x_ptr, out_ptr, n, BLOCK: tl.constexpr):
        offs = tl.program_id(axis=0) * BLOCK + tl.arange(0, BLOCK)
        tl.store(out_ptr + offs, tl.load(x_ptr + offs, mask=offs < n), mask=offs < n)


    def pallas_copy(x):
        def kernel(x_ref, o_ref):
            o_ref[...] = x_ref[...]
        return pl.pallas_call(kernel, out_shape=jax.ShapeDtypeStruct(x.shape, x.dtype))(x)


    class _Fn(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.n = x.numel()
            return _get_ext().f(x)


    @functools.lru_cache(maxsize=None)
    def _grid(n, block):
        return (triton.cdiv(n, block),)


    class ModelNew(nn.Module):
        def __init__(self, dim):
            super().__init__()
            self.weight = nn.Parameter(torch.ones(dim))
            self.register_buffer("scale", torch.tensor(math.sqrt(dim)))
            self.dtype = torch.float32
            self.act = F.relu
            self.cfg = Cfg()

        def forward(self, x):
            assert x.is_cuda and x.dtype == self.dtype
            out = torch.empty_like(x)
            add_kernel[_grid(out.numel(), self.cfg.block)](x, out, out.numel())
            stream = torch.cuda.current_stream().cuda_stream
            arr = np.zeros(4, dtype=np.float32)
            out[0] = float(arr[0])
            if hasattr(self, "cache"):
                self.cache = None
            return _Fn.apply(out) * self.scale


    if __name__ == "__main__":
        print(ModelNew(4)(torch.ones(4)))
''')


def test_a_realistic_honest_candidate_scans_clean() -> None:
    assert scan(HONEST_MIX) == []


def test_allow_torch_only_lifts_torch_compile() -> None:
    source = "import torch\nf = torch.compile(g)\nimport threading\n"
    assert found(source) == {("torch_compile", 2), ("thread_spawned", 3)}
    assert found(source, allow_torch=True) == {("thread_spawned", 3)}


# -- the contract of scan() ----------------------------------------------------------------------------


def test_codes_are_one_line_descriptions() -> None:
    assert set(CODES) == {
        "fallback_try_except",
        "reference_access",
        "monkey_patch",
        "thread_spawned",
        "stream_use",
        "frame_walk",
        "process_exit",
        "dynamic_code",
        "torch_compile",
        "trace_detect",
    }
    assert all(isinstance(d, str) and d and "\n" not in d for d in CODES.values())


def test_findings_are_sorted_deduplicated_and_name_their_line() -> None:
    source = src("""
        import os
        import threading; threading.Thread(target=print).start(); threading.Thread(target=print).start()
        def forward(self, x):
            try:
                os._exit(0)
            except Exception:
                pass
    """)
    findings = scan(source)
    assert all(isinstance(f, Finding) and f.code in CODES for f in findings)
    assert [f.line for f in findings] == sorted(f.line for f in findings)
    keys = [(f.code, f.line) for f in findings]
    assert len(keys) == len(set(keys))
    assert set(keys) == {("thread_spawned", 2), ("fallback_try_except", 4), ("process_exit", 5)}
    for f in findings:
        assert f.message.startswith(f"line {f.line}: ")
    assert "try/except" in next(f.message for f in findings if f.code == "fallback_try_except")
    assert "os._exit" in next(f.message for f in findings if f.code == "process_exit")


def test_cuda_string_findings_point_into_the_string() -> None:
    source = 'import torch\nSRC = r"""\nint a;\nint b;\ncudaLaunchHostFunc(s, f, 0);\n"""\n'
    assert found(source) == {("stream_use", 5)}


@pytest.mark.parametrize(
    "text",
    ["", "class ModelNew(nn.Module)\n    pass\n", "def f(:\n", "x = '\x00'", "\x00\x01\x02", "(" * 500 + ")" * 500],
)
def test_unparsable_text_gives_no_findings(text: str) -> None:
    assert scan(text) == []


def test_scan_never_raises_on_mangled_sources() -> None:
    rng = random.Random(1234)
    pieces = [p.read_text() for p in HONEST_FILES] + [source for _, _, source in HOSTILE]
    deep = ["x = " + "a." * 5000 + "b\n", "y = " + " + ".join(["'s'"] * 3000) + "\n", "t = os\n" * 200]
    for text in deep:
        assert isinstance(scan(text), list)
    for _ in range(300):
        base = rng.choice(pieces)
        a, b = sorted(rng.randrange(len(base) + 1) for _ in range(2))
        other = rng.choice(pieces)
        c = rng.randrange(len(other) + 1)
        mangled = base[:a] + other[c : c + rng.randrange(200)] + base[b:]
        result = scan(mangled)
        assert isinstance(result, list) and all(isinstance(f, Finding) for f in result)
