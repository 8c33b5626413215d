# task: optimizer/adam_step
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

_SRC = r"""
// Light headers instead of <torch/extension.h> (the whole C++ frontend): builds in ~8 s instead of ~22 s.
#include <ATen/core/Tensor.h>
#include <ATen/ops/empty_like.h>
#include <torch/csrc/utils/pybind.h>  // pybind11 + the at::Tensor caster
#include <torch/csrc/Exceptions.h>    // torch::wrap_pybind_function, used by the generated bindings
#include <cstdint>
#include <cmath>

// One fused Adam step (L2 weight decay folded into the gradient, bias-corrected
// moments). Reads param/grad/exp_avg/exp_avg_sq once and writes the new param;
// the inputs are left untouched.
at::Tensor adam_step(at::Tensor param, at::Tensor grad, at::Tensor exp_avg,
                     at::Tensor exp_avg_sq, double lr, double beta1, double beta2,
                     double eps, double weight_decay, int64_t step) {
    TORCH_CHECK(param.scalar_type() == at::kFloat, "expected float32");
    TORCH_CHECK(grad.sizes() == param.sizes() && exp_avg.sizes() == param.sizes() &&
                exp_avg_sq.sizes() == param.sizes(), "shape mismatch");
    auto p = param.contiguous();
    auto g = grad.contiguous();
    auto m = exp_avg.contiguous();
    auto v = exp_avg_sq.contiguous();
    auto out = at::empty_like(p);
    const float* pp = p.data_ptr<float>();
    const float* pg = g.data_ptr<float>();
    const float* pm = m.data_ptr<float>();
    const float* pv = v.data_ptr<float>();
    float* po = out.data_ptr<float>();
    const int64_t n = p.numel();

    const double bc1 = 1.0 - std::pow(beta1, static_cast<double>(step));
    const double bc2 = 1.0 - std::pow(beta2, static_cast<double>(step));
    const float b1 = static_cast<float>(beta1);
    const float b2 = static_cast<float>(beta2);
    const float omb1 = static_cast<float>(1.0 - beta1);
    const float omb2 = static_cast<float>(1.0 - beta2);
    const float wd = static_cast<float>(weight_decay);
    const float feps = static_cast<float>(eps);
    const float inv_sqrt_bc2 = static_cast<float>(1.0 / std::sqrt(bc2));
    const float step_size = static_cast<float>(lr / bc1);

    #pragma omp parallel for simd schedule(static) if (n > 32768)
    for (int64_t i = 0; i < n; ++i) {
        const float gi = pg[i] + wd * pp[i];
        const float mi = b1 * pm[i] + omb1 * gi;
        const float vi = b2 * pv[i] + omb2 * (gi * gi);
        const float denom = std::sqrt(vi) * inv_sqrt_bc2 + feps;
        po[i] = pp[i] - step_size * (mi / denom);
    }
    return out;
}
"""

_ext = load_inline(
    name="kbench_golden_optimizer",
    cpp_sources=_SRC,
    functions=["adam_step"],
    extra_cflags=["-O3", "-fopenmp"],
    extra_ldflags=["-fopenmp"],
    no_implicit_headers=True,
)


class ModelNew(nn.Module):
    def __init__(self, lr: float, beta1: float, beta2: float, eps: float, weight_decay: float, step: int):
        super().__init__()
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.weight_decay = weight_decay
        self.step = step

    def forward(self, param: torch.Tensor, grad: torch.Tensor, exp_avg: torch.Tensor,
                exp_avg_sq: torch.Tensor) -> torch.Tensor:
        return _ext.adam_step(param, grad, exp_avg, exp_avg_sq, self.lr, self.beta1, self.beta2,
                              self.eps, self.weight_decay, int(self.step))
