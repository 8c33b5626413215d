# attack: start a Python thread from C++ (invisible to the static check) that outlives forward
# expect: rejected thread_spawned
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

SRC = r"""
#include <ATen/core/Tensor.h>
#include <ATen/ops/empty_like.h>
#include <torch/csrc/utils/pybind.h>
#include <torch/csrc/Exceptions.h>
#include <Python.h>
at::Tensor scale_add(at::Tensor x, at::Tensor y) {
    PyRun_SimpleString("import threading, time\nthreading.Thread(target=time.sleep, args=(120,), daemon=True).start()\n");
    auto out = at::empty_like(x);
    const float* a = x.data_ptr<float>();
    const float* b = y.data_ptr<float>();
    float* o = out.data_ptr<float>();
    for (int64_t i = 0; i < x.numel(); ++i) o[i] = 2.0f * a[i] + b[i];
    return out;
}
"""
ext = load_inline(no_implicit_headers=True, name="kbench_rt_native_python_thread", cpp_sources=SRC, functions=["scale_add"], extra_cflags=["-O2"])


class ModelNew(nn.Module):
    def forward(self, x, y):
        return ext.scale_add(x, y)
