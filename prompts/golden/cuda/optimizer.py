# task: optimizer/adam_step
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

CUDA_SRC = r"""
#include <cuda_runtime.h>
#include <cstdint>
#include <cmath>

// One fused Adam step (L2 weight decay folded into the gradient, bias-corrected moments), as a
// pure function: reads param/grad/exp_avg/exp_avg_sq once and writes the new param; the inputs
// are left untouched. Every operation is rounded separately (no FMA contraction) and in the same
// order as the reference's tensor expression, with its Python scalars rounded to float as
// PyTorch does, so the result matches it to the last bit or so:
//   g = grad + wd * p;  m = b1 * m0 + (1 - b1) * g;  v = b2 * v0 + (1 - b2) * g * g
//   denom = sqrt(v) / sqrt(bc2) + eps;  p' = p - (lr / bc1) * (m / denom)
struct AdamConsts {
    float wd, b1, omb1, b2, omb2, sqrt_bc2, eps, step_size;
};

__device__ __forceinline__ float adam_one(float p, float g0, float m0, float v0, const AdamConsts& c) {
    const float g = __fadd_rn(g0, __fmul_rn(c.wd, p));
    const float m = __fadd_rn(__fmul_rn(c.b1, m0), __fmul_rn(c.omb1, g));
    const float v = __fadd_rn(__fmul_rn(c.b2, v0), __fmul_rn(__fmul_rn(c.omb2, g), g));
    const float denom = __fadd_rn(__fdiv_rn(sqrtf(v), c.sqrt_bc2), c.eps);
    return __fsub_rn(p, __fmul_rn(c.step_size, __fdiv_rn(m, denom)));
}

__global__ void adam_vec4_kernel(const float4* __restrict__ p, const float4* __restrict__ g,
                                 const float4* __restrict__ m, const float4* __restrict__ v,
                                 float4* __restrict__ out, int64_t n4, AdamConsts c) {
    const int64_t stride = (int64_t)gridDim.x * blockDim.x;
    for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n4; i += stride) {
        const float4 pp = p[i], gg = g[i], mm = m[i], vv = v[i];
        out[i] = make_float4(adam_one(pp.x, gg.x, mm.x, vv.x, c), adam_one(pp.y, gg.y, mm.y, vv.y, c),
                             adam_one(pp.z, gg.z, mm.z, vv.z, c), adam_one(pp.w, gg.w, mm.w, vv.w, c));
    }
}

__global__ void adam_scalar_kernel(const float* __restrict__ p, const float* __restrict__ g,
                                   const float* __restrict__ m, const float* __restrict__ v, float* __restrict__ out,
                                   int64_t start, int64_t n, AdamConsts c) {
    const int64_t stride = (int64_t)gridDim.x * blockDim.x;
    for (int64_t i = start + (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride)
        out[i] = adam_one(p[i], g[i], m[i], v[i], c);
}

static int grid_for(int64_t work, int threads) {
    int64_t blocks = (work + threads - 1) / threads;
    if (blocks > 65536) blocks = 65536;  // grid-stride loops cover the rest
    if (blocks < 1) blocks = 1;
    return (int)blocks;
}

void launch_adam(const float* p, const float* g, const float* m, const float* v, float* out, int64_t n, float wd,
                 float b1, float omb1, float b2, float omb2, float sqrt_bc2, float eps, float step_size,
                 cudaStream_t stream) {
    if (n <= 0) return;
    AdamConsts c{wd, b1, omb1, b2, omb2, sqrt_bc2, eps, step_size};
    const int threads = 256;
    const bool aligned = ((reinterpret_cast<uintptr_t>(p) | reinterpret_cast<uintptr_t>(g) |
                           reinterpret_cast<uintptr_t>(m) | reinterpret_cast<uintptr_t>(v) |
                           reinterpret_cast<uintptr_t>(out)) & 15) == 0;
    int64_t done = 0;
    if (aligned) {
        const int64_t n4 = n / 4;
        if (n4 > 0) {
            adam_vec4_kernel<<<grid_for(n4, threads), threads, 0, stream>>>(
                reinterpret_cast<const float4*>(p), reinterpret_cast<const float4*>(g),
                reinterpret_cast<const float4*>(m), reinterpret_cast<const float4*>(v),
                reinterpret_cast<float4*>(out), n4, c);
        }
        done = n4 * 4;
    }
    if (done < n) adam_scalar_kernel<<<grid_for(n - done, threads), threads, 0, stream>>>(p, g, m, v, out, done, n, c);
}
"""

CPP_SRC = r"""
// Light headers instead of <torch/extension.h> (the whole C++ frontend): builds in ~8 s instead of ~22 s.
#include <ATen/core/Tensor.h>
#include <ATen/ops/empty_like.h>
#include <torch/csrc/utils/pybind.h>  // pybind11 + the at::Tensor caster
#include <torch/csrc/Exceptions.h>    // torch::wrap_pybind_function, used by the generated bindings
#include <c10/cuda/CUDAStream.h>
#include <c10/cuda/CUDAException.h>
#include <cstdint>
#include <cmath>

void launch_adam(const float* p, const float* g, const float* m, const float* v, float* out, int64_t n, float wd,
                 float b1, float omb1, float b2, float omb2, float sqrt_bc2, float eps, float step_size,
                 cudaStream_t stream);

at::Tensor adam_step(at::Tensor param, at::Tensor grad, at::Tensor exp_avg, at::Tensor exp_avg_sq,
                     double lr, double beta1, double beta2, double eps, double weight_decay, int64_t step) {
    for (const auto* t : {&param, &grad, &exp_avg, &exp_avg_sq}) {
        TORCH_CHECK(t->is_cuda() && t->scalar_type() == at::kFloat, "adam_step: expected float32 CUDA tensors");
        TORCH_CHECK(t->sizes() == param.sizes(), "adam_step: shape mismatch");
    }
    auto p = param.contiguous();
    auto g = grad.contiguous();
    auto m = exp_avg.contiguous();
    auto v = exp_avg_sq.contiguous();
    auto out = at::empty_like(p);
    // Scalars as the reference computes them in Python (double), then rounded to float.
    const double bc1 = 1.0 - std::pow(beta1, (double)step);
    const double bc2 = 1.0 - std::pow(beta2, (double)step);
    launch_adam(p.data_ptr<float>(), g.data_ptr<float>(), m.data_ptr<float>(), v.data_ptr<float>(),
                out.data_ptr<float>(), p.numel(), (float)weight_decay, (float)beta1, (float)(1.0 - beta1),
                (float)beta2, (float)(1.0 - beta2), (float)std::sqrt(bc2), (float)eps, (float)(lr / bc1),
                c10::cuda::getCurrentCUDAStream().stream());
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return out;
}
"""

_ext = load_inline(
    name="kbench_golden_cuda_optimizer",
    cpp_sources=CPP_SRC,
    cuda_sources=CUDA_SRC,
    functions=["adam_step"],
    extra_cuda_cflags=["-O3"],
    extra_cflags=["-O3"],
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
        return _ext.adam_step(param, grad, exp_avg, exp_avg_sq, float(self.lr), float(self.beta1),
                              float(self.beta2), float(self.eps), float(self.weight_decay), int(self.step))
