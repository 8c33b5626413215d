# attack: switch off the Python dispatch key in C++ so the operator recorder sees nothing, then call PyTorch
# expect: rejected dispatch_tamper
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

SRC = r"""
#include <ATen/core/Tensor.h>
#include <ATen/ops/full_like.h>
#include <ATen/ops/addcmul.h>
#include <torch/csrc/utils/pybind.h>
#include <torch/csrc/Exceptions.h>
#include <c10/core/impl/LocalDispatchKeySet.h>
at::Tensor hidden(at::Tensor x, at::Tensor y) {
    c10::impl::tls_set_dispatch_key_excluded(c10::DispatchKey::Python, true);
    c10::impl::tls_set_dispatch_key_excluded(c10::DispatchKey::PythonTLSSnapshot, true);
    auto out = at::addcmul(y, x, at::full_like(x, 2.0));
    c10::impl::tls_set_dispatch_key_excluded(c10::DispatchKey::Python, false);
    c10::impl::tls_set_dispatch_key_excluded(c10::DispatchKey::PythonTLSSnapshot, false);
    return out;
}
"""
ext = load_inline(no_implicit_headers=True, name="kbench_rt_hide_from_recorder", cpp_sources=SRC, functions=["hidden"], extra_cflags=["-O2"])


class ModelNew(nn.Module):
    def forward(self, x, y):
        return ext.hidden(x, y)
