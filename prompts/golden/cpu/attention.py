# task: attention/sdpa
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

_SRC = r"""
// Light headers instead of <torch/extension.h> (the whole C++ frontend): builds in ~8 s instead of ~22 s.
#include <ATen/core/Tensor.h>
#include <ATen/ops/empty.h>
#include <torch/csrc/utils/pybind.h>  // pybind11 + the at::Tensor caster
#include <torch/csrc/Exceptions.h>    // torch::wrap_pybind_function, used by the generated bindings
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>
#include <cstdint>

// Non-causal attention out = softmax(Q K^T * scale) V for (B, H, S, D) inputs
// (Sq may differ from Sk; the value head dim Dv may differ from D).
// Work items are (batch*head, block of MB queries). For each item:
//   1. scores[MB, Sk] = Qblk @ K^T with an MB x NR register-blocked kernel over
//      K packed into NR-key panels ([panel][d][NR], done once per head);
//   2. a row-wise softmax of the scaled scores (max-subtracted, in place;
//      the max is taken while storing the scores, exp is vectorised over MB);
//   3. out[MB, Dv] = P @ V with the same register-blocked kernel, V rows read
//      directly (contiguous in d), normalised by the softmax denominators.
// Scores are stored key-major ([key][MB]) so both products stream them.
static constexpr int64_t MB = 8;
static constexpr int64_t NR = 8;

// exp(x) for the softmax (x <= 0 there): Cody-Waite range reduction plus the
// Cephes degree-6 polynomial, max rel. error ~1e-7 on [-87, 0]; results below
// exp(-87) are returned as exp(-87). Written without float compares so that
// GCC can vectorise loops calling it.
static inline float exp_softmax(float x) {
    union { float f; uint32_t u; } xb;
    xb.f = x;
    // x < -87 <=> bit pattern above that of -87.0f (sign-magnitude); clamp.
    xb.u = xb.u > 0xC2AE0000u ? 0xC2AE0000u : xb.u;
    x = xb.f;
    const float t = x * 1.44269504088896341f + 12582912.0f;  // round(x*log2(e)) via 1.5*2^23
    const float n = t - 12582912.0f;
    float r = x - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    float p = 1.9875691500E-4f;
    p = p * r + 1.3981999507E-3f;
    p = p * r + 8.3334519073E-3f;
    p = p * r + 4.1665795894E-2f;
    p = p * r + 1.6666665459E-1f;
    p = p * r + 5.0000001201E-1f;
    p = p * r * r + r + 1.0f;
    union { int32_t i; float f; } pw;
    pw.i = (static_cast<int32_t>(n) + 127) << 23;  // 2^n
    return p * pw.f;
}

at::Tensor sdpa(at::Tensor q, at::Tensor k, at::Tensor v) {
    TORCH_CHECK(q.scalar_type() == at::kFloat && k.scalar_type() == at::kFloat &&
                v.scalar_type() == at::kFloat, "expected float32");
    TORCH_CHECK(q.dim() == 4 && k.dim() == 4 && v.dim() == 4, "expected (B, H, S, D) inputs");
    auto qc = q.contiguous();
    auto kc = k.contiguous();
    auto vc = v.contiguous();
    const int64_t B = qc.size(0), Hh = qc.size(1), Sq = qc.size(2), D = qc.size(3);
    const int64_t Sk = kc.size(2), Dv = vc.size(3);
    TORCH_CHECK(kc.size(0) == B && kc.size(1) == Hh && kc.size(3) == D, "k shape mismatch");
    TORCH_CHECK(vc.size(0) == B && vc.size(1) == Hh && vc.size(2) == Sk, "v shape mismatch");
    auto out = at::empty({B, Hh, Sq, Dv}, qc.options());
    const int64_t BH = B * Hh;
    if (out.numel() == 0) return out;
    TORCH_CHECK(Sk > 0, "empty key sequence");
    const float scale = static_cast<float>(1.0 / std::sqrt(static_cast<double>(D)));

    const int64_t kpanels = (Sk + NR - 1) / NR;
    const int64_t kp_stride = kpanels * D * NR;  // packed K floats per head
    auto kpack = at::empty({BH, kp_stride}, qc.options());
    const float* pq = qc.data_ptr<float>();
    const float* pk = kc.data_ptr<float>();
    const float* pv = vc.data_ptr<float>();
    float* pkp = kpack.data_ptr<float>();
    float* po = out.data_ptr<float>();
    const bool big = BH * Sq * Sk * D > 65536;

    // Pack K: kp[bh][p][d][jj] = K[bh][p*NR + jj][d], zero for padded keys.
    #pragma omp parallel for schedule(static) if (big)
    for (int64_t t = 0; t < BH * kpanels; ++t) {
        const int64_t bh = t / kpanels, p = t % kpanels;
        const float* kh = pk + bh * Sk * D;
        float* dst = pkp + bh * kp_stride + p * D * NR;
        for (int64_t jj = 0; jj < NR; ++jj) {
            const int64_t j = p * NR + jj;
            if (j < Sk) {
                const float* src = kh + j * D;
                for (int64_t d = 0; d < D; ++d) dst[d * NR + jj] = src[d];
            } else {
                for (int64_t d = 0; d < D; ++d) dst[d * NR + jj] = 0.0f;
            }
        }
    }

    const int64_t qblocks = (Sq + MB - 1) / MB;
    #pragma omp parallel if (big)
    {
        std::vector<float> qs_buf(D * MB);           // Q block, d-major: [d][MB]
        std::vector<float> st_buf(kpanels * NR * MB); // scores / probs, key-major: [j][MB]
        float* qs = qs_buf.data();
        float* st = st_buf.data();
        #pragma omp for schedule(dynamic, 1)
        for (int64_t t = 0; t < BH * qblocks; ++t) {
            const int64_t bh = t / qblocks;
            const int64_t i0 = (t % qblocks) * MB;
            const int64_t mr = std::min(MB, Sq - i0);
            const float* qh = pq + (bh * Sq + i0) * D;
            const float* kph = pkp + bh * kp_stride;
            const float* vh = pv + bh * Sk * Dv;

            for (int64_t r = 0; r < MB; ++r)
                for (int64_t d = 0; d < D; ++d) qs[d * MB + r] = r < mr ? qh[r * D + d] : 0.0f;

            // 1. scores = (Qblk @ K^T) * scale, and the running row maxima
            float mx[MB];
            for (int64_t r = 0; r < MB; ++r) mx[r] = -std::numeric_limits<float>::infinity();
            for (int64_t p = 0; p < kpanels; ++p) {
                const float* kp = kph + p * D * NR;
                float acc[MB][NR] = {};
                for (int64_t d = 0; d < D; ++d) {
                    const float* a = qs + d * MB;
                    const float* b = kp + d * NR;
                    #pragma GCC unroll 8
                    for (int r = 0; r < MB; ++r) {
                        const float av = a[r];
                        #pragma GCC unroll 8
                        for (int jj = 0; jj < NR; ++jj) acc[r][jj] += av * b[jj];
                    }
                }
                float* sp = st + p * NR * MB;
                const int64_t nvalid = std::min(NR, Sk - p * NR);  // padded keys are never used
                for (int64_t jj = 0; jj < nvalid; ++jj)
                    for (int r = 0; r < MB; ++r) {
                        const float sv = acc[r][jj] * scale;
                        sp[jj * MB + r] = sv;
                        mx[r] = std::max(mx[r], sv);
                    }
            }

            // 2. softmax over keys j < Sk (in place -> unnormalised probabilities)
            float sum[MB] = {};
            for (int64_t j = 0; j < Sk; ++j) {
                float* sj = st + j * MB;
                #pragma omp simd
                for (int r = 0; r < MB; ++r) {
                    const float e = exp_softmax(sj[r] - mx[r]);
                    sj[r] = e;
                    sum[r] += e;
                }
            }
            float inv_sum[MB];
            for (int r = 0; r < MB; ++r) inv_sum[r] = 1.0f / sum[r];

            // 3. out = P @ V, normalised
            float* oh = po + (bh * Sq + i0) * Dv;
            for (int64_t d0 = 0; d0 < Dv; d0 += NR) {
                const int64_t nr = std::min(NR, Dv - d0);
                float acc[MB][NR] = {};
                if (nr == NR) {
                    for (int64_t j = 0; j < Sk; ++j) {
                        const float* a = st + j * MB;
                        const float* b = vh + j * Dv + d0;
                        #pragma GCC unroll 8
                        for (int r = 0; r < MB; ++r) {
                            const float av = a[r];
                            #pragma GCC unroll 8
                            for (int jj = 0; jj < NR; ++jj) acc[r][jj] += av * b[jj];
                        }
                    }
                } else {
                    for (int64_t j = 0; j < Sk; ++j) {
                        const float* a = st + j * MB;
                        const float* b = vh + j * Dv + d0;
                        for (int r = 0; r < MB; ++r)
                            for (int64_t jj = 0; jj < nr; ++jj) acc[r][jj] += a[r] * b[jj];
                    }
                }
                for (int64_t r = 0; r < mr; ++r)
                    for (int64_t jj = 0; jj < nr; ++jj) oh[r * Dv + d0 + jj] = acc[r][jj] * inv_sum[r];
            }
        }
    }
    return out;
}
"""

_ext = load_inline(
    name="kbench_golden_attention",
    cpp_sources=_SRC,
    functions=["sdpa"],
    extra_cflags=["-O3", "-fopenmp"],
    extra_ldflags=["-fopenmp"],
    no_implicit_headers=True,
)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        return _ext.sdpa(q, k, v)
