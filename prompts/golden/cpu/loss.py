# task: loss/cross_entropy
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

_SRC = r"""
// Light headers instead of <torch/extension.h> (the whole C++ frontend): builds in ~8 s instead of ~22 s.
#include <ATen/core/Tensor.h>
#include <ATen/ops/empty.h>
#include <torch/csrc/utils/pybind.h>  // pybind11 + the at::Tensor caster
#include <torch/csrc/Exceptions.h>    // torch::wrap_pybind_function, used by the generated bindings
#include <cmath>
#include <cstdint>
#include <cstring>

// exp(x) for x <= 0 (arguments are logit - row max), written so that the compiler can
// vectorise it: x = n*ln2 + r with |r| <= ln2/2, exp(r) by a degree-7 polynomial
// (Cephes expf coefficients), 2^n assembled in the exponent bits. Relative error ~1e-7.
// Arguments below -87 are clamped (their contribution, < 1.7e-38, is far below float
// resolution of a row sum that is always >= 1). The clamp is a float compare, which GCC
// only if-converts (and so vectorises) under -fno-trapping-math; that flag changes no
// result, it only lets the compiler assume floating-point exceptions are not observed.
static inline float exp_nonpos(float x) {
    x = x < -87.0f ? -87.0f : x;
    const float t = x * 1.44269504088896341f - 0.5f;  // round-to-nearest of x*log2(e) for x <= 0
    const int32_t n = static_cast<int32_t>(t);          // truncation toward zero
    const float nf = static_cast<float>(n);
    float r = x - nf * 0.693359375f;
    r = r - nf * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    const int32_t bits = (n + 127) << 23;
    float scale;
    std::memcpy(&scale, &bits, sizeof(float));
    return p * scale;
}

// Mean over rows of logsumexp(logits[i, :]) - logits[i, target[i]]; rows whose target equals
// ignore_index (-100, the PyTorch default) are skipped and excluded from the mean. The
// per-row losses are summed in double, then divided once.
at::Tensor cross_entropy_mean(at::Tensor logits, at::Tensor targets) {
    TORCH_CHECK(logits.scalar_type() == at::kFloat && logits.dim() == 2, "logits must be 2-D float32");
    TORCH_CHECK(targets.scalar_type() == at::kLong && targets.dim() == 1, "targets must be 1-D int64");
    auto lc = logits.contiguous();
    auto tc = targets.contiguous();
    const int64_t N = lc.size(0), C = lc.size(1);
    TORCH_CHECK(tc.size(0) == N, "batch size mismatch");
    const float* x = lc.data_ptr<float>();
    const int64_t* t = tc.data_ptr<int64_t>();
    const int64_t ignore_index = -100;
    for (int64_t i = 0; i < N; ++i) {
        TORCH_CHECK(t[i] == ignore_index || (t[i] >= 0 && t[i] < C), "target ", t[i], " out of range [0, ", C, ")");
    }
    double total = 0.0;
    int64_t count = 0;
    #pragma omp parallel for schedule(static) reduction(+ : total, count) if (N * C >= 32768)
    for (int64_t i = 0; i < N; ++i) {
        if (t[i] == ignore_index) continue;
        const float* row = x + i * C;
        float m = row[0];
        #pragma omp simd reduction(max : m)
        for (int64_t j = 0; j < C; ++j) m = row[j] > m ? row[j] : m;
        float s = 0.0f;
        #pragma omp simd reduction(+ : s)
        for (int64_t j = 0; j < C; ++j) s += exp_nonpos(row[j] - m);
        total += (double)std::log(s) + (double)m - (double)row[t[i]];
        count += 1;
    }
    auto out = at::empty({}, lc.options());
    out.data_ptr<float>()[0] = static_cast<float>(total / static_cast<double>(count));
    return out;
}
"""

_ext = load_inline(
    name="kbench_golden_loss",
    cpp_sources=_SRC,
    functions=["cross_entropy_mean"],
    extra_cflags=["-O3", "-fopenmp", "-fno-trapping-math"],
    extra_ldflags=["-fopenmp"],
    no_implicit_headers=True,
)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        return _ext.cross_entropy_mean(logits, targets)
