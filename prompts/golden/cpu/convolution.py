# task: convolution/conv2d_depthwise_3x3
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

_SRC = r"""
// Light headers instead of <torch/extension.h> (the whole C++ frontend): builds in ~8 s instead of ~22 s.
#include <ATen/core/Tensor.h>
#include <ATen/ops/empty.h>
#include <torch/csrc/utils/pybind.h>  // pybind11 + the at::Tensor caster
#include <torch/csrc/Exceptions.h>    // torch::wrap_pybind_function, used by the generated bindings
#include <cstdint>
#include <algorithm>

// Depthwise 2-D convolution (groups == channels, one KH x KW filter per channel), NCHW, with bias.
// Each thread takes whole (n, c) planes. An output row starts as the bias and receives one
// axpy-style update per filter tap: the range of output columns whose input column lies inside
// the image is computed up front, so the inner loop has no bounds checks and (for stride 1)
// reads and writes contiguous memory that the compiler vectorises.
at::Tensor depthwise_conv2d(at::Tensor x, at::Tensor weight, at::Tensor bias,
                            int64_t stride, int64_t padding) {
    TORCH_CHECK(x.scalar_type() == at::kFloat, "expected float32");
    TORCH_CHECK(x.dim() == 4 && weight.dim() == 4, "expected NCHW input and (C, 1, KH, KW) weight");
    TORCH_CHECK(stride >= 1 && padding >= 0, "bad stride/padding");
    auto xc = x.contiguous();
    auto wc = weight.contiguous();
    auto bc = bias.contiguous();
    const int64_t N = xc.size(0), C = xc.size(1), H = xc.size(2), W = xc.size(3);
    const int64_t KH = wc.size(2), KW = wc.size(3);
    TORCH_CHECK(wc.size(0) == C && wc.size(1) == 1 && bc.numel() == C, "weight/bias shape mismatch");
    const int64_t OH = (H + 2 * padding - KH) / stride + 1;
    const int64_t OW = (W + 2 * padding - KW) / stride + 1;
    TORCH_CHECK(OH > 0 && OW > 0, "output would be empty");
    auto out = at::empty({N, C, OH, OW}, xc.options());
    const float* in = xc.data_ptr<float>();
    const float* wt = wc.data_ptr<float>();
    const float* bs = bc.data_ptr<float>();
    float* o = out.data_ptr<float>();
    const int64_t planes = N * C;

    #pragma omp parallel for schedule(static) if (planes * OH * OW * KH * KW >= 65536)
    for (int64_t p = 0; p < planes; ++p) {
        const int64_t c = p % C;
        const float* __restrict src = in + p * H * W;
        const float* __restrict w = wt + c * KH * KW;
        float* __restrict dst = o + p * OH * OW;
        const float b = bs[c];
        for (int64_t oh = 0; oh < OH; ++oh) {
            float* __restrict orow = dst + oh * OW;
            for (int64_t ow = 0; ow < OW; ++ow) orow[ow] = b;
            for (int64_t kh = 0; kh < KH; ++kh) {
                const int64_t ih = oh * stride - padding + kh;
                if (ih < 0 || ih >= H) continue;
                const float* __restrict irow = src + ih * W;
                for (int64_t kw = 0; kw < KW; ++kw) {
                    const float wv = w[kh * KW + kw];
                    const int64_t off = kw - padding;  // iw = ow * stride + off
                    // first ow with iw >= 0, one past the last ow with iw <= W - 1
                    int64_t lo = off >= 0 ? 0 : (-off + stride - 1) / stride;
                    int64_t hi = (W - 1 - off) >= 0 ? (W - 1 - off) / stride + 1 : 0;
                    lo = std::min(lo, OW);
                    hi = std::min(hi, OW);
                    if (stride == 1) {
                        const float* __restrict ir = irow + off;
                        #pragma omp simd
                        for (int64_t ow = lo; ow < hi; ++ow) orow[ow] += wv * ir[ow];
                    } else {
                        for (int64_t ow = lo; ow < hi; ++ow) orow[ow] += wv * irow[ow * stride + off];
                    }
                }
            }
        }
    }
    return out;
}
"""

_ext = load_inline(
    name="kbench_golden_convolution",
    cpp_sources=_SRC,
    functions=["depthwise_conv2d"],
    extra_cflags=["-O3", "-fopenmp"],
    extra_ldflags=["-fopenmp"],
    no_implicit_headers=True,
)


class ModelNew(nn.Module):
    def __init__(self, channels: int, kernel_size: int, stride: int = 1, padding: int = 0):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, kernel_size, stride=stride, padding=padding,
                              groups=channels, bias=True)
        self.stride = stride
        self.padding = padding

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _ext.depthwise_conv2d(x, self.conv.weight, self.conv.bias, self.stride, self.padding)
