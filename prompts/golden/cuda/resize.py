# task: resize/upsample_bilinear2x
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

CUDA_SRC = r"""
#include <cuda_runtime.h>
#include <cstdint>

// Bilinear resize of a contiguous NCHW tensor by a scale factor, align_corners=False, with
// PyTorch's conventions (upsample_bilinear2d): the coordinate scale is 1 / scale_factor (rounded to
// float), src = scale * (dst + 0.5) - 0.5 clamped at 0, i0 = (int)src, i1 = i0 + 1 unless at the
// border, lambda = src - i0; when neither H nor W changes the input is copied as is.
// One thread per output element: a 32 x 8 block covers a tile of one (n, c) plane (planes along
// grid.z, grid-strided past 65535); the source coordinates of a thread's output are computed once
// and reused for every plane it visits.
struct Lin {
    int i0, i1;
    float l0, l1;
};

__device__ __forceinline__ Lin lin_coeffs(int o, int in_size, float scale, bool same) {
    Lin c;
    if (same) {
        c.i0 = o; c.i1 = o; c.l0 = 1.f; c.l1 = 0.f;
        return c;
    }
    float src = scale * ((float)o + 0.5f) - 0.5f;
    if (src < 0.f) src = 0.f;
    int i0 = (int)src;
    if (i0 > in_size - 1) i0 = in_size - 1;
    c.i0 = i0;
    c.i1 = i0 < in_size - 1 ? i0 + 1 : i0;
    c.l1 = src - (float)i0;
    c.l0 = 1.f - c.l1;
    return c;
}

__global__ void __launch_bounds__(256)
upsample_bilinear_kernel(const float* __restrict__ x, float* __restrict__ y, int64_t planes, int H, int W, int OH,
                         int OW, float scale_h, float scale_w) {
    const int ox = blockIdx.x * blockDim.x + threadIdx.x;
    const int oy = blockIdx.y * blockDim.y + threadIdx.y;
    if (ox >= OW || oy >= OH) return;
    const bool same = (H == OH) && (W == OW);
    const Lin ch = lin_coeffs(oy, H, scale_h, same);
    const Lin cw = lin_coeffs(ox, W, scale_w, same);
    const int64_t in_plane = (int64_t)H * W;
    const int64_t out_plane = (int64_t)OH * OW;
    for (int64_t p = blockIdx.z; p < planes; p += gridDim.z) {
        const float* r0 = x + p * in_plane + (int64_t)ch.i0 * W;
        const float* r1 = x + p * in_plane + (int64_t)ch.i1 * W;
        const float v = ch.l0 * (cw.l0 * r0[cw.i0] + cw.l1 * r0[cw.i1]) +
                        ch.l1 * (cw.l0 * r1[cw.i0] + cw.l1 * r1[cw.i1]);
        y[p * out_plane + (int64_t)oy * OW + ox] = v;
    }
}

void launch_upsample_bilinear(const float* x, float* y, int64_t planes, int H, int W, int OH, int OW, float scale_h,
                              float scale_w, cudaStream_t stream) {
    if (planes <= 0 || OH <= 0 || OW <= 0) return;
    dim3 block(32, 8);
    const int64_t gz = planes < 65535 ? planes : 65535;
    dim3 grid((OW + 31) / 32, (OH + 7) / 8, (unsigned)gz);
    upsample_bilinear_kernel<<<grid, block, 0, stream>>>(x, y, planes, H, W, OH, OW, scale_h, scale_w);
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
#include <cstdint>
#include <cmath>

void launch_upsample_bilinear(const float* x, float* y, int64_t planes, int H, int W, int OH, int OW, float scale_h,
                              float scale_w, cudaStream_t stream);

at::Tensor upsample_bilinear(at::Tensor x, double scale_factor) {
    TORCH_CHECK(x.is_cuda() && x.scalar_type() == at::kFloat, "upsample_bilinear: expected a float32 CUDA tensor");
    TORCH_CHECK(x.dim() == 4, "upsample_bilinear: expected an NCHW tensor");
    TORCH_CHECK(scale_factor > 0, "upsample_bilinear: the scale factor must be positive");
    auto xc = x.contiguous();
    const int64_t N = xc.size(0), C = xc.size(1), H = xc.size(2), W = xc.size(3);
    const int64_t OH = (int64_t)std::floor((double)H * scale_factor);
    const int64_t OW = (int64_t)std::floor((double)W * scale_factor);
    TORCH_CHECK(H > 0 && W > 0 && OH > 0 && OW > 0, "upsample_bilinear: empty input or output");
    TORCH_CHECK(H * W < INT32_MAX && OH * OW < INT32_MAX, "upsample_bilinear: plane too large");
    auto y = at::empty({N, C, OH, OW}, xc.options());
    // PyTorch uses 1 / scale_factor (as float) when the scale factor is given.
    const float scale = (float)(1.0 / scale_factor);
    launch_upsample_bilinear(xc.data_ptr<float>(), y.data_ptr<float>(), N * C, (int)H, (int)W, (int)OH, (int)OW,
                             scale, scale, c10::cuda::getCurrentCUDAStream().stream());
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return y;
}
"""

_ext = load_inline(
    name="kbench_golden_cuda_resize",
    cpp_sources=CPP_SRC,
    cuda_sources=CUDA_SRC,
    functions=["upsample_bilinear"],
    extra_cuda_cflags=["-O3"],
    extra_cflags=["-O3"],
    no_implicit_headers=True,
)


class ModelNew(nn.Module):
    def __init__(self, scale_factor: float):
        super().__init__()
        self.scale_factor = float(scale_factor)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _ext.upsample_bilinear(x, self.scale_factor)
