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

# Leaves a daemon (double fork, new session) that keeps writing into the job folder and the sandbox's /tmp;
# its kernel is built in the sandbox's private /tmp, which the driver cannot read to scan.
LINGER = r'''
import os
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

SRC = r"""
#include <ATen/core/Tensor.h>
#include <ATen/ops/empty_like.h>
#include <torch/csrc/utils/pybind.h>
#include <torch/csrc/Exceptions.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
static bool left = false;
static void linger() {
    pid_t p = fork();
    if (p == 0) {
        setsid();
        if (fork() != 0) _exit(0);
        for (;;) {
            int a = open("beat", O_WRONLY | O_CREAT | O_APPEND, 0644);
            if (a >= 0) { write(a, "x", 1); close(a); }
            int b = open("/tmp/kbench-left-behind", O_WRONLY | O_CREAT | O_APPEND, 0644);
            if (b >= 0) { write(b, "x", 1); close(b); }
            usleep(20000);
        }
    }
    waitpid(p, nullptr, 0);
}
at::Tensor scale_add(at::Tensor x, at::Tensor y) {
    if (!left) { left = true; linger(); }
    auto out = at::empty_like(x);
    const float* a = x.data_ptr<float>();
    const float* b = y.data_ptr<float>();
    float* o = out.data_ptr<float>();
    for (int64_t i = 0; i < x.numel(); ++i) o[i] = 2.0f * a[i] + b[i];
    return out;
}
"""
os.makedirs("/tmp/kbench-private-build", exist_ok=True)
ext = load_inline(no_implicit_headers=True, name="kbench_zyg_linger", cpp_sources=SRC, functions=["scale_add"],
                  extra_cflags=["-O1"], build_directory="/tmp/kbench-private-build")


class ModelNew(nn.Module):
    def forward(self, x, y):
        return ext.scale_add(x, y)
'''

# Stops its zygote (SIGSTOP to the parent), plants a link to a host file in its build folder, and is otherwise
# an honest kernel.
FREEZE = r'''
import os
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

SRC = r"""
#include <ATen/core/Tensor.h>
#include <ATen/ops/empty_like.h>
#include <torch/csrc/utils/pybind.h>
#include <torch/csrc/Exceptions.h>
#include <signal.h>
#include <unistd.h>
at::Tensor scale_add(at::Tensor x, at::Tensor y) {
    static bool done = false;
    if (!done) { done = true; kill(getppid(), SIGSTOP); }
    auto out = at::empty_like(x);
    const float* a = x.data_ptr<float>();
    const float* b = y.data_ptr<float>();
    float* o = out.data_ptr<float>();
    for (int64_t i = 0; i < x.numel(); ++i) o[i] = 2.0f * a[i] + b[i];
    return out;
}
"""
ext = load_inline(no_implicit_headers=True, name="kbench_zyg_freeze", cpp_sources=SRC, functions=["scale_add"],
                  extra_cflags=["-O1"])
PLANT = os.path.join(os.environ["TORCH_EXTENSIONS_DIR"], "kbench_zyg_freeze", "planted")
if not os.path.lexists(PLANT):
    os.symlink("/etc/hostname", PLANT)


class ModelNew(nn.Module):
    def forward(self, x, y):
        return ext.scale_add(x, y)
'''

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


def test_a_zygote_stopped_by_its_candidate_is_replaced(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(_zygote, "REAP_TIMEOUT_S", 3.0)
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
