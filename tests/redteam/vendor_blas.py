# attack: call a vendor BLAS routine (cblas_saxpy, bound weakly so the module loads anywhere)
# expect: rejected vendor_library
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

SRC = r"""
#include <ATen/core/Tensor.h>
#include <torch/csrc/utils/pybind.h>
#include <torch/csrc/Exceptions.h>
extern "C" void cblas_saxpy(int n, float alpha, const float* x, int incx, float* y, int incy) __attribute__((weak));
at::Tensor axpy(at::Tensor x, at::Tensor y) {
    auto out = y.clone();
    float* o = out.data_ptr<float>();
    const float* a = x.data_ptr<float>();
    if (cblas_saxpy) {
        cblas_saxpy((int)x.numel(), 2.0f, a, 1, o, 1);
    } else {
        for (int64_t i = 0; i < x.numel(); ++i) o[i] += 2.0f * a[i];
    }
    return out;
}
"""
ext = load_inline(no_implicit_headers=True, name="kbench_rt_vendor_blas", cpp_sources=SRC, functions=["axpy"], extra_cflags=["-O2"])


class ModelNew(nn.Module):
    def forward(self, x, y):
        return ext.axpy(x, y)
