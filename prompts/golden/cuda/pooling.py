# task: pooling/max_pool2d
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

CUDA_SRC = r"""
#include <cuda_runtime.h>
#include <cstdint>
#include <cmath>

// 2-D max pooling of a contiguous NCHW tensor with nn.MaxPool2d's semantics: any window, stride,
// padding (implicit -inf) and dilation, floor or ceil mode. One thread per output element: a
// 32 x 8 block covers a 32-wide, 8-tall tile of one (n, c) plane (planes along grid.z, grid-strided
// past 65535), so neighbouring threads read neighbouring input columns and the overlapping window
// reads are served by L1. The window is clipped to the image once per output, so the inner loop has
// no bounds checks. NaN propagates as in PyTorch (a NaN in the window gives NaN).
struct PoolGeom {
    int H, W, OH, OW, kh, kw, sh, sw, ph, pw, dh, dw;
};

__global__ void __launch_bounds__(256)
max_pool2d_kernel(const float* __restrict__ x, float* __restrict__ y, int64_t planes, PoolGeom g) {
    const int ox = blockIdx.x * blockDim.x + threadIdx.x;
    const int oy = blockIdx.y * blockDim.y + threadIdx.y;
    if (ox >= g.OW || oy >= g.OH) return;
    const int y0 = oy * g.sh - g.ph;
    const int x0 = ox * g.sw - g.pw;
    // first / one-past-last window taps inside the image
    const int r_lo = y0 >= 0 ? 0 : (-y0 + g.dh - 1) / g.dh;
    const int r_hi = min(g.kh, (g.H - y0 + g.dh - 1) / g.dh);
    const int q_lo = x0 >= 0 ? 0 : (-x0 + g.dw - 1) / g.dw;
    const int q_hi = min(g.kw, (g.W - x0 + g.dw - 1) / g.dw);
    const int64_t in_plane = (int64_t)g.H * g.W;
    const int64_t out_plane = (int64_t)g.OH * g.OW;
    for (int64_t p = blockIdx.z; p < planes; p += gridDim.z) {
        const float* xp = x + p * in_plane;
        float m = -INFINITY;
        for (int r = r_lo; r < r_hi; ++r) {
            const float* xr = xp + (int64_t)(y0 + r * g.dh) * g.W + x0;
            for (int q = q_lo; q < q_hi; ++q) {
                const float v = xr[q * g.dw];
                m = (v > m || isnan(v)) ? v : m;
            }
        }
        y[p * out_plane + (int64_t)oy * g.OW + ox] = m;
    }
}

void launch_max_pool2d(const float* x, float* y, int64_t planes, int H, int W, int OH, int OW, int kh, int kw,
                       int sh, int sw, int ph, int pw, int dh, int dw, cudaStream_t stream) {
    if (planes <= 0 || OH <= 0 || OW <= 0) return;
    PoolGeom g{H, W, OH, OW, kh, kw, sh, sw, ph, pw, dh, dw};
    dim3 block(32, 8);
    const int64_t gz = planes < 65535 ? planes : 65535;
    dim3 grid((OW + 31) / 32, (OH + 7) / 8, (unsigned)gz);
    max_pool2d_kernel<<<grid, block, 0, stream>>>(x, y, planes, g);
}
"""

CPP_SRC = r"""
// Light headers instead of <torch/extension.h> (the whole C++ frontend): builds in ~8 s instead of ~22 s.
#include <ATen/core/Tensor.h>
#include <ATen/ops/empty.h>
#include <torch/csrc/utils/pybind.h>  // pybind11 + the at::Tensor caster
#include <torch/csrc/Exceptions.h>    // torch::wrap_pybind_function, used by the generated bindings
#include <c10/cuda/CUDAStream.h>
#include <c10/cuda/CUDAException.h>
#include <vector>
#include <cstdint>

void launch_max_pool2d(const float* x, float* y, int64_t planes, int H, int W, int OH, int OW, int kh, int kw,
                       int sh, int sw, int ph, int pw, int dh, int dw, cudaStream_t stream);

// Output size as in PyTorch's pooling_output_shape.
static int64_t pooled_size(int64_t in, int64_t k, int64_t pad, int64_t stride, int64_t dil, bool ceil_mode) {
    const int64_t span = in + 2 * pad - dil * (k - 1) - 1 + (ceil_mode ? stride - 1 : 0);
    int64_t out = (span >= 0 ? span / stride : -((-span + stride - 1) / stride)) + 1;
    if (ceil_mode && (out - 1) * stride >= in + pad) --out;  // the last window must start inside the input
    return out;
}

at::Tensor max_pool2d(at::Tensor x, int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw,
                      int64_t dh, int64_t dw, bool ceil_mode) {
    TORCH_CHECK(x.is_cuda() && x.scalar_type() == at::kFloat, "max_pool2d: expected a float32 CUDA tensor");
    TORCH_CHECK(x.dim() == 4 || x.dim() == 3, "max_pool2d: expected a 3-D or 4-D input");
    TORCH_CHECK(kh > 0 && kw > 0 && sh > 0 && sw > 0 && dh > 0 && dw > 0, "max_pool2d: bad window parameters");
    TORCH_CHECK(ph >= 0 && pw >= 0 && 2 * ph <= kh && 2 * pw <= kw, "max_pool2d: padding must be at most half the kernel");
    auto xc = x.contiguous();
    const int64_t H = xc.size(-2), W = xc.size(-1);
    const int64_t planes = xc.numel() / (H * W > 0 ? H * W : 1);
    const int64_t OH = pooled_size(H, kh, ph, sh, dh, ceil_mode);
    const int64_t OW = pooled_size(W, kw, pw, sw, dw, ceil_mode);
    TORCH_CHECK(OH > 0 && OW > 0, "max_pool2d: output size is too small");
    TORCH_CHECK(H * W < INT32_MAX && OH * OW < INT32_MAX, "max_pool2d: plane too large");
    std::vector<int64_t> out_sizes(xc.sizes().begin(), xc.sizes().end());
    out_sizes[out_sizes.size() - 2] = OH;
    out_sizes[out_sizes.size() - 1] = OW;
    auto y = at::empty(out_sizes, xc.options());
    launch_max_pool2d(xc.data_ptr<float>(), y.data_ptr<float>(), planes, (int)H, (int)W, (int)OH, (int)OW, (int)kh,
                      (int)kw, (int)sh, (int)sw, (int)ph, (int)pw, (int)dh, (int)dw,
                      c10::cuda::getCurrentCUDAStream().stream());
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return y;
}
"""

_ext = load_inline(
    name="kbench_golden_cuda_pooling",
    cpp_sources=CPP_SRC,
    cuda_sources=CUDA_SRC,
    functions=["max_pool2d"],
    extra_cuda_cflags=["-O3"],
    extra_cflags=["-O3"],
    no_implicit_headers=True,
)


def _pair(v):
    return (int(v[0]), int(v[1])) if isinstance(v, (tuple, list)) else (int(v), int(v))


class ModelNew(nn.Module):
    def __init__(self, kernel_size: int, stride: int, padding: int):
        super().__init__()
        self.pool = nn.MaxPool2d(kernel_size=kernel_size, stride=stride, padding=padding)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pool = self.pool
        kh, kw = _pair(pool.kernel_size)
        sh, sw = _pair(pool.stride if pool.stride is not None else pool.kernel_size)
        ph, pw = _pair(pool.padding)
        dh, dw = _pair(pool.dilation)
        return _ext.max_pool2d(x, kh, kw, sh, sw, ph, pw, dh, dw, bool(pool.ceil_mode))
