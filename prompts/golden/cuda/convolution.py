# task: convolution/conv2d_depthwise_3x3
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

CUDA_SRC = r"""
#include <cuda_runtime.h>
#include <cstdint>

// Depthwise 2-D convolution (groups == channels, one kh x kw filter per channel) with bias, any
// stride / zero padding / dilation, on a contiguous NCHW tensor.
//
// Tiled kernel: a block of 32 x 8 threads computes a 32 x 32 output tile of one (n, c) plane
// (4 rows per thread). The input patch the tile needs, ((TH-1)*sh + (kh-1)*dh + 1) rows by
// ((TW-1)*sw + (kw-1)*dw + 1) columns, is staged in shared memory with the zero padding
// materialised, so the inner loop has no bounds checks; the filter is staged too. Planes run
// along grid.z (grid-strided past 65535). If the patch would not fit in 48 KB of shared memory
// (huge filters or strides), a direct kernel (one thread per output, global reads) is used.
constexpr int TW = 32;
constexpr int TH = 32;
constexpr int BX = 32;
constexpr int BY = 8;

struct ConvGeom {
    int C, H, W, OH, OW, kh, kw, sh, sw, ph, pw, dh, dw;
};

__global__ void __launch_bounds__(BX * BY)
dwconv_tiled_kernel(const float* __restrict__ x, const float* __restrict__ w, const float* __restrict__ b,
                    float* __restrict__ y, int64_t planes, ConvGeom g, int PH, int PW) {
    extern __shared__ float smem[];
    float* patch = smem;
    float* wsm = smem + PH * PW;
    const int tx = threadIdx.x, ty = threadIdx.y;
    const int tid = ty * BX + tx;
    const int ox0 = blockIdx.x * TW;
    const int oy0 = blockIdx.y * TH;
    const int ix0 = ox0 * g.sw - g.pw;
    const int iy0 = oy0 * g.sh - g.ph;
    const int ksz = g.kh * g.kw;
    const int64_t in_plane = (int64_t)g.H * g.W;
    const int64_t out_plane = (int64_t)g.OH * g.OW;
    for (int64_t p = blockIdx.z; p < planes; p += gridDim.z) {
        const int c = (int)(p % g.C);
        const float* xp = x + p * in_plane;
        __syncthreads();  // the previous plane's readers are done with shared memory
        for (int i = tid; i < PH * PW; i += BX * BY) {
            const int r = i / PW, q = i - r * PW;
            const int iy = iy0 + r, ix = ix0 + q;
            patch[i] = (iy >= 0 && iy < g.H && ix >= 0 && ix < g.W) ? xp[(int64_t)iy * g.W + ix] : 0.f;
        }
        for (int i = tid; i < ksz; i += BX * BY) wsm[i] = w[(int64_t)c * ksz + i];
        __syncthreads();
        const float bias = b != nullptr ? b[c] : 0.f;
        const int ox = ox0 + tx;
        float* yp = y + p * out_plane;
#pragma unroll
        for (int i = 0; i < TH / BY; ++i) {
            const int ly = ty + BY * i;
            const int oy = oy0 + ly;
            if (ox < g.OW && oy < g.OH) {
                const float* pbase = patch + ly * g.sh * PW + tx * g.sw;
                float acc = 0.f;
                for (int r = 0; r < g.kh; ++r) {
                    const float* prow = pbase + r * g.dh * PW;
                    const float* wrow = wsm + r * g.kw;
                    for (int q = 0; q < g.kw; ++q) acc = fmaf(prow[q * g.dw], wrow[q], acc);
                }
                yp[(int64_t)oy * g.OW + ox] = acc + bias;
            }
        }
    }
}

__global__ void dwconv_direct_kernel(const float* __restrict__ x, const float* __restrict__ w,
                                     const float* __restrict__ b, float* __restrict__ y, int64_t total, ConvGeom g) {
    const int64_t stride = (int64_t)gridDim.x * blockDim.x;
    for (int64_t idx = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; idx < total; idx += stride) {
        const int ox = (int)(idx % g.OW);
        const int64_t t = idx / g.OW;
        const int oy = (int)(t % g.OH);
        const int64_t p = t / g.OH;
        const int c = (int)(p % g.C);
        const float* xp = x + p * (int64_t)g.H * g.W;
        const float* wp = w + (int64_t)c * g.kh * g.kw;
        float acc = 0.f;
        for (int r = 0; r < g.kh; ++r) {
            const int iy = oy * g.sh - g.ph + r * g.dh;
            if (iy < 0 || iy >= g.H) continue;
            for (int q = 0; q < g.kw; ++q) {
                const int ix = ox * g.sw - g.pw + q * g.dw;
                if (ix < 0 || ix >= g.W) continue;
                acc = fmaf(xp[(int64_t)iy * g.W + ix], wp[r * g.kw + q], acc);
            }
        }
        y[idx] = acc + (b != nullptr ? b[c] : 0.f);
    }
}

void launch_dwconv(const float* x, const float* w, const float* b, float* y, int64_t n, int C, int H, int W,
                   int OH, int OW, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw,
                   cudaStream_t stream) {
    const int64_t planes = n * C;
    if (planes <= 0 || OH <= 0 || OW <= 0) return;
    ConvGeom g{C, H, W, OH, OW, kh, kw, sh, sw, ph, pw, dh, dw};
    const int64_t PH = (int64_t)(TH - 1) * sh + (int64_t)(kh - 1) * dh + 1;
    const int64_t PW = (int64_t)(TW - 1) * sw + (int64_t)(kw - 1) * dw + 1;
    const int64_t smem_floats = PH * PW + (int64_t)kh * kw;
    if (smem_floats * 4 <= 48 * 1024) {
        const int64_t gz = planes < 65535 ? planes : 65535;
        dim3 grid((OW + TW - 1) / TW, (OH + TH - 1) / TH, (unsigned)gz);
        dim3 block(BX, BY);
        dwconv_tiled_kernel<<<grid, block, (size_t)smem_floats * 4, stream>>>(x, w, b, y, planes, g, (int)PH, (int)PW);
    } else {
        const int64_t total = planes * OH * OW;
        int64_t blocks = (total + 255) / 256;
        if (blocks > 65536) blocks = 65536;
        dwconv_direct_kernel<<<(unsigned)blocks, 256, 0, stream>>>(x, w, b, y, total, g);
    }
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

void launch_dwconv(const float* x, const float* w, const float* b, float* y, int64_t n, int C, int H, int W,
                   int OH, int OW, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw,
                   cudaStream_t stream);

at::Tensor dwconv2d(at::Tensor x, at::Tensor w, at::Tensor b, int64_t sh, int64_t sw, int64_t ph,
                    int64_t pw, int64_t dh, int64_t dw) {
    TORCH_CHECK(x.is_cuda() && w.is_cuda() && b.is_cuda(), "dwconv2d: expected CUDA tensors");
    TORCH_CHECK(x.scalar_type() == at::kFloat && w.scalar_type() == at::kFloat &&
                b.scalar_type() == at::kFloat, "dwconv2d: expected float32 tensors");
    TORCH_CHECK(x.dim() == 4 && w.dim() == 4, "dwconv2d: expected NCHW input and (C, 1, kh, kw) weight");
    const int64_t N = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3);
    TORCH_CHECK(w.size(0) == C && w.size(1) == 1, "dwconv2d: weight must be (C, 1, kh, kw)");
    TORCH_CHECK(b.numel() == C, "dwconv2d: bias must have C elements");
    TORCH_CHECK(sh > 0 && sw > 0 && dh > 0 && dw > 0 && ph >= 0 && pw >= 0, "dwconv2d: bad stride/padding/dilation");
    const int64_t kh = w.size(2), kw = w.size(3);
    const int64_t OH = (H + 2 * ph - dh * (kh - 1) - 1) / sh + 1;
    const int64_t OW = (W + 2 * pw - dw * (kw - 1) - 1) / sw + 1;
    TORCH_CHECK(OH > 0 && OW > 0, "dwconv2d: the kernel is larger than the padded input");
    TORCH_CHECK(H * W < INT32_MAX && OH * OW < INT32_MAX, "dwconv2d: plane too large");
    auto xc = x.contiguous();
    auto wc = w.contiguous();
    auto bc = b.contiguous();
    auto y = at::empty({N, C, OH, OW}, xc.options());
    launch_dwconv(xc.data_ptr<float>(), wc.data_ptr<float>(), bc.data_ptr<float>(), y.data_ptr<float>(), N,
                  (int)C, (int)H, (int)W, (int)OH, (int)OW, (int)kh, (int)kw, (int)sh, (int)sw, (int)ph, (int)pw,
                  (int)dh, (int)dw, c10::cuda::getCurrentCUDAStream().stream());
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return y;
}
"""

_ext = load_inline(
    name="kbench_golden_cuda_convolution",
    cpp_sources=CPP_SRC,
    cuda_sources=CUDA_SRC,
    functions=["dwconv2d"],
    extra_cuda_cflags=["-O3"],
    extra_cflags=["-O3"],
    no_implicit_headers=True,
)


class ModelNew(nn.Module):
    def __init__(self, channels: int, kernel_size: int, stride: int = 1, padding: int = 0):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, kernel_size, stride=stride, padding=padding,
                              groups=channels, bias=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        conv = self.conv
        return _ext.dwconv2d(x, conv.weight, conv.bias, conv.stride[0], conv.stride[1], conv.padding[0],
                             conv.padding[1], conv.dilation[0], conv.dilation[1])
