"""Worker zygotes: one sandbox imports torch once and forks a fresh worker per candidate. What one candidate
leaves behind (processes, files in /tmp or the job folder) must never reach the next one; a zygote a candidate
has tampered with is replaced; builds are cached across zygotes without ever following a link the worker made."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import OK_TASKS

from harness import _zygote, sandbox
from harness.evaluate import EvalOptions, Evaluator
from harness.schema import Status
from harness.tasks import task_from_file

pytestmark = pytest.mark.skipif(sandbox.check("bwrap") is not None, reason=f"bwrap: {sandbox.check('bwrap')}")

TASK = OK_TASKS / "scale_add.py"

# A C++ scale_add kernel (out = 2x + y) that first does something hostile, once: @HOSTILE@ (C++ code, with the
# headers it needs in @INCLUDES@), then @AFTER@ (Python, after the build).
TEMPLATE = r'''
import os
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

SRC = r"""
#include <ATen/core/Tensor.h>
#include <ATen/ops/empty_like.h>
#include <torch/csrc/utils/pybind.h>
#include <torch/csrc/Exceptions.h>
#include <unistd.h>
@INCLUDES@
at::Tensor scale_add(at::Tensor x, at::Tensor y) {
    static bool done = false;
    if (!done) { done = true; @HOSTILE@ }
    auto out = at::empty_like(x);
    const float* a = x.data_ptr<float>();
    const float* b = y.data_ptr<float>();
    float* o = out.data_ptr<float>();
    for (int64_t i = 0; i < x.numel(); ++i) o[i] = 2.0f * a[i] + b[i];
    return out;
}
"""
@BUILD@


class ModelNew(nn.Module):
    def forward(self, x, y):
        return ext.scale_add(x, y)
'''


def _candidate(includes: str, hostile: str, build: str) -> str:
    return TEMPLATE.replace("@INCLUDES@", includes).replace("@HOSTILE@", hostile).replace("@BUILD@", build)


# Leaves a daemon (double fork, new session) that keeps writing into the job folder and the sandbox's /tmp;
# its kernel is built in the sandbox's private /tmp, which the driver cannot read to scan.
LINGER = _candidate(
    "#include <fcntl.h>\n#include <sys/wait.h>",
    """pid_t p = fork();
        if (p == 0) {
            setsid();
            if (fork() != 0) _exit(0);
            for (;;) {
                int f = open("beat", O_WRONLY | O_CREAT | O_APPEND, 0644);
                if (f >= 0) { write(f, "x", 1); close(f); }
                int g = open("/tmp/kbench-left-behind", O_WRONLY | O_CREAT | O_APPEND, 0644);
                if (g >= 0) { write(g, "x", 1); close(g); }
                usleep(20000);
            }
        }
        waitpid(p, nullptr, 0);""",
    """os.makedirs("/tmp/kbench-private-build", exist_ok=True)
ext = load_inline(no_implicit_headers=True, name="kbench_zyg_linger", cpp_sources=SRC, functions=["scale_add"],
                  extra_cflags=["-O1"], build_directory="/tmp/kbench-private-build")""",
)

# Stops its zygote (SIGSTOP to the parent), plants a link to a host file in its build folder, and is otherwise
# an honest kernel.
FREEZE = _candidate(
    "#include <signal.h>",
    "kill(getppid(), SIGSTOP);",
    """ext = load_inline(no_implicit_headers=True, name="kbench_zyg_freeze", cpp_sources=SRC, functions=["scale_add"],
                  extra_cflags=["-O1"])
PLANT = os.path.join(os.environ["TORCH_EXTENSIONS_DIR"], "kbench_zyg_freeze", "planted")
if not os.path.lexists(PLANT):
    os.symlink("/etc/hostname", PLANT)""",
)

# PyTorch-track probe: correct only when nothing of an earlier candidate is visible.
PROBE = """
import os
import torch.nn as nn


def _clean():
    return not (os.listdir("/tmp") != [] and "kbench-left-behind" in os.listdir("/tmp")) and not os.path.exists("beat")


class ModelNew(nn.Module):
    def forward(self, x, y):
        return 2.0 * x + y if _clean() else x
"""


def _options(**kw) -> EvalOptions:
    return EvalOptions(sandbox="bwrap", compile_baseline=False, time=False, timeout=60, build_timeout=400, **kw)


def test_a_candidate_leaves_nothing_to_the_next_in_the_same_zygote(tmp_path: Path):
    task = task_from_file(TASK)
    with Evaluator("cpu", _options(allow_torch=True)) as ev:
        first = ev.evaluate(task, LINGER)
        assert len(ev._idle) == 1, "a zygote whose candidate left processes behind is still usable once reaped"
        zygote = ev._idle[0]
        assert zygote.healthy and zygote.uses == 1
        # its kernel was loaded from the sandbox's private /tmp: nothing there can be scanned, so it is rejected
        assert first.status == Status.rejected and "dynamic_code" in first.reason_codes, first.reasons
        time.sleep(0.3)
        assert list(zygote.slot.iterdir()) == [], "the daemon was killed: nothing writes to the job folder anymore"
        probe = ev.evaluate(task, PROBE)
        assert ev._idle == [zygote] and zygote.uses == 2, "the same zygote forked the next worker"
        assert probe.status == Status.correct, (probe.status, probe.reasons, probe.log_tail)


def test_a_zygote_stopped_by_its_candidate_is_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(_zygote, "REAP_TIMEOUT_S", 3.0)
    monkeypatch.setenv("KBENCH_CACHE", str(tmp_path / "cache"))  # built here first, then found in the cache
    task = task_from_file(TASK)
    with Evaluator("cpu", _options()) as ev:
        first = ev.evaluate(task, FREEZE)
        assert first.status == Status.correct, (first.status, first.reasons, first.log_tail)  # honest kernel
        assert ev._idle == [], "a zygote that stopped answering is killed, not reused"
        build = ev.build_dir(FREEZE) / "kbench_zyg_freeze"
        planted = build / "planted"
        assert planted.is_symlink() and os.readlink(planted) == "/etc/hostname", "a link is copied as a link"
        assert (build / "kbench_zyg_freeze.so").is_file(), "the build went to the cache"
        again = ev.evaluate(task, FREEZE)  # a new zygote; the cached build is used, not rebuilt
        assert again.status == Status.correct
        assert again.build_s is not None and first.build_s is not None and again.build_s < first.build_s / 3


def test_a_build_made_elsewhere_is_shipped_and_not_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """What a Ray build actor does for a GPU actor: build compile-only under one cache, ship the folder, run it
    under another cache without building again."""
    from conftest import CANDIDATES

    task = task_from_file(TASK)
    source = (CANDIDATES / "honest_omp.py").read_text()
    monkeypatch.setenv("KBENCH_CACHE", str(tmp_path / "builder"))
    with Evaluator("cpu", _options(compile_only=True)) as builder:
        built = builder.evaluate(task, source)
        assert built.status == Status.unverified and built.compiled is True, (built.status, built.reasons)
        blob = builder.export_build(source)
        toolchain = builder._toolchain
    monkeypatch.setenv("KBENCH_CACHE", str(tmp_path / "runner"))
    with Evaluator("cpu", _options()) as runner:
        assert runner._toolchain == toolchain
        assert runner.import_build(source, blob) is True
        assert runner.import_build(source, blob) is False, "a build already there is kept"
        ran = runner.evaluate(task, source)
    assert ran.status == Status.correct, (ran.status, ran.reasons)
    assert built.build_s is not None and ran.build_s is not None and ran.build_s < built.build_s / 3


def test_a_shipped_build_cannot_write_outside_its_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import io
    import tarfile

    monkeypatch.setenv("KBENCH_CACHE", str(tmp_path / "cache"))
    for name, link in (("../escaped", None), ("/tmp/absolute-escape", None), ("ext/out", "/etc/passwd")):
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w:gz") as tar:
            info = tarfile.TarInfo(name)
            if link:
                info.type, info.linkname = tarfile.SYMTYPE, link
                tar.addfile(info)
            else:
                info.size = 3
                tar.addfile(info, io.BytesIO(b"bad"))
        with Evaluator("cpu", _options()) as ev:
            if name.startswith("/"):  # made relative: it lands inside the build folder
                assert ev.import_build(f"# {name}", buf.getvalue()) is True
                assert (ev.build_dir(f"# {name}") / name.lstrip("/")).is_file()
                continue
            with pytest.raises(tarfile.FilterError):
                ev.import_build(f"# {name}", buf.getvalue())
            assert not any(ev.build_dir(f"# {name}").iterdir())
    assert not (tmp_path / "cache" / "build" / "escaped").exists() and not Path("/tmp/absolute-escape").exists()
