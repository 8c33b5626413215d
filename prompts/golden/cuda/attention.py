# task: attention/sdpa
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

CUDA_SRC = r"""
#include <cuda_runtime.h>
#include <cstdint>
#include <cmath>

// Non-causal attention out = softmax(Q K^T / sqrt(D)) V, no mask, for inputs (..., S, D) with any
// leading (batch, head) dims; Sq may differ from Sk and the value dim DV may differ from D.
//
// Fast path (D <= 256, DV <= 256): a flash-attention style fp32 kernel. A block of 256 threads owns
// 64 queries of one (batch, head); it keeps Q^T in shared memory and streams 64-key tiles of K and
// V through one shared buffer, with an online softmax (running max and sum per query row), so the
// Sq x Sk score matrix never reaches global memory. Thread (ty, tx) of the 16 x 16 grid computes a
// 4 x 4 block of the score tile (rows ty*4.., keys tx*4..) from conflict-free float4 shared loads;
// row maxima are combined across the 16 lanes of a row with shuffles; the probabilities go to
// shared memory, and the thread accumulates its 4 rows x (DVM / 16) output columns
// (columns c*64 + tx*4.., float4 loads of V) in registers, rescaled whenever the row max grows.
// Scores are kept in log2 units (scale * log2(e) folded in) so every exponential is one exp2f.
// Keys past Sk get a score of -inf (probability 0); padded query rows are computed but not stored.
//
// Fallback (D or DV above 256): one block per query row, 256 keys per step: each thread scores
// one key, block reductions give the tile max and sum, and the running output row is kept in the
// output tensor itself (each thread owns a fixed set of its columns).
constexpr int NT = 256;
constexpr int BQ = 64;
constexpr int BKV = 64;
constexpr int PADS = 4;
constexpr int LDQ = BQ + PADS;   // Qs[d][row]
constexpr int LDK = BKV + PADS;  // Ks[d][key]
constexpr int LDP = BKV + PADS;  // Ps[row][key]

static __host__ __device__ int kv_buffer_floats(int D, int DVM) {
    const int kf = D * LDK;
    const int vf = BKV * (DVM + PADS);
    return kf > vf ? kf : vf;
}

template <int DVM>
__global__ void __launch_bounds__(NT)
sdpa_flash_kernel(const float* __restrict__ q, const float* __restrict__ k, const float* __restrict__ v,
                  float* __restrict__ o, int Sq, int Sk, int D, int DV, float scale_log2, bool vec_out) {
    constexpr int LDV = DVM + PADS;
    constexpr int NC = DVM / 64;  // 64-column chunks of the output row per thread
    extern __shared__ __align__(16) float smem[];
    float* Qs = smem;                                   // D * LDQ
    float* KVs = Qs + D * LDQ;                          // K^T tile (D * LDK) or V tile (BKV * LDV)
    float* Ps = KVs + kv_buffer_floats(D, DVM);         // BQ * LDP

    const int tid = threadIdx.x;
    const int tx = tid & 15;
    const int ty = tid >> 4;
    const int nqt = (Sq + BQ - 1) / BQ;
    const int64_t bh = blockIdx.x / nqt;
    const int q0 = (int)(blockIdx.x % nqt) * BQ;
    const float* qh = q + bh * Sq * (int64_t)D;
    const float* kh = k + bh * Sk * (int64_t)D;
    const float* vh = v + bh * Sk * (int64_t)DV;
    float* oh = o + bh * Sq * (int64_t)DV;

    for (int idx = tid; idx < BQ * D; idx += NT) {
        const int r = idx / D, c = idx - r * D;
        const int gq = q0 + r;
        Qs[c * LDQ + r] = gq < Sq ? qh[(int64_t)gq * D + c] : 0.f;
    }

    float m_run[4], l_run[4], acc[4][4 * NC];
#pragma unroll
    for (int i = 0; i < 4; ++i) {
        m_run[i] = -INFINITY;
        l_run[i] = 0.f;
#pragma unroll
        for (int j = 0; j < 4 * NC; ++j) acc[i][j] = 0.f;
    }

    for (int kv0 = 0; kv0 < Sk; kv0 += BKV) {
        __syncthreads();  // the previous tile's readers of KVs / Ps are done (and Qs is complete)
        for (int idx = tid; idx < BKV * D; idx += NT) {
            const int r = idx / D, c = idx - r * D;
            const int gk = kv0 + r;
            KVs[c * LDK + r] = gk < Sk ? kh[(int64_t)gk * D + c] : 0.f;
        }
        __syncthreads();

        // S = Q K^T for rows ty*4.., keys tx*4..
        float s[4][4];
#pragma unroll
        for (int i = 0; i < 4; ++i)
#pragma unroll
            for (int j = 0; j < 4; ++j) s[i][j] = 0.f;
#pragma unroll 4
        for (int c = 0; c < D; ++c) {
            const float4 a = *reinterpret_cast<const float4*>(&Qs[c * LDQ + ty * 4]);
            const float4 b = *reinterpret_cast<const float4*>(&KVs[c * LDK + tx * 4]);
            const float av[4] = {a.x, a.y, a.z, a.w};
            const float bv[4] = {b.x, b.y, b.z, b.w};
#pragma unroll
            for (int i = 0; i < 4; ++i)
#pragma unroll
                for (int j = 0; j < 4; ++j) s[i][j] = fmaf(av[i], bv[j], s[i][j]);
        }

        // online softmax update (log2 domain)
        float alpha[4];
#pragma unroll
        for (int i = 0; i < 4; ++i) {
            float mt = -INFINITY;
#pragma unroll
            for (int j = 0; j < 4; ++j) {
                const int key = kv0 + tx * 4 + j;
                s[i][j] = key < Sk ? s[i][j] * scale_log2 : -INFINITY;
                mt = fmaxf(mt, s[i][j]);
            }
#pragma unroll
            for (int off = 8; off > 0; off >>= 1) mt = fmaxf(mt, __shfl_xor_sync(0xffffffffu, mt, off));
            const float m_new = fmaxf(m_run[i], mt);  // finite: every tile holds at least one real key
            alpha[i] = exp2f(m_run[i] - m_new);       // 0 on the first tile
            m_run[i] = m_new;
            float ps = 0.f;
#pragma unroll
            for (int j = 0; j < 4; ++j) {
                s[i][j] = exp2f(s[i][j] - m_new);
                ps += s[i][j];
            }
            l_run[i] = l_run[i] * alpha[i] + ps;  // this thread's share of the row sum
            *reinterpret_cast<float4*>(&Ps[(ty * 4 + i) * LDP + tx * 4]) = make_float4(s[i][0], s[i][1], s[i][2], s[i][3]);
        }
        __syncthreads();  // K^T no longer needed; P complete

        for (int idx = tid; idx < BKV * DVM; idx += NT) {
            const int r = idx / DVM, c = idx % DVM;
            const int gk = kv0 + r;
            KVs[r * LDV + c] = (gk < Sk && c < DV) ? vh[(int64_t)gk * DV + c] : 0.f;
        }
        __syncthreads();

        // O = O * alpha + P V
#pragma unroll
        for (int i = 0; i < 4; ++i)
#pragma unroll
            for (int j = 0; j < 4 * NC; ++j) acc[i][j] *= alpha[i];
        for (int kk = 0; kk < BKV; kk += 4) {
            float pr[4][4];
#pragma unroll
            for (int i = 0; i < 4; ++i) {
                const float4 t = *reinterpret_cast<const float4*>(&Ps[(ty * 4 + i) * LDP + kk]);
                pr[i][0] = t.x; pr[i][1] = t.y; pr[i][2] = t.z; pr[i][3] = t.w;
            }
#pragma unroll
            for (int u = 0; u < 4; ++u) {
                float b[4 * NC];
#pragma unroll
                for (int c = 0; c < NC; ++c) {
                    const float4 t = *reinterpret_cast<const float4*>(&KVs[(kk + u) * LDV + c * 64 + tx * 4]);
                    b[c * 4 + 0] = t.x; b[c * 4 + 1] = t.y; b[c * 4 + 2] = t.z; b[c * 4 + 3] = t.w;
                }
#pragma unroll
                for (int i = 0; i < 4; ++i)
#pragma unroll
                    for (int j = 0; j < 4 * NC; ++j) acc[i][j] = fmaf(pr[i][u], b[j], acc[i][j]);
            }
        }
    }

    // normalise and store
#pragma unroll
    for (int i = 0; i < 4; ++i) {
        float l = l_run[i];
#pragma unroll
        for (int off = 8; off > 0; off >>= 1) l += __shfl_xor_sync(0xffffffffu, l, off);
        const int row = q0 + ty * 4 + i;
        if (row >= Sq) continue;
        const float inv = 1.0f / l;
        float* orow = oh + (int64_t)row * DV;
#pragma unroll
        for (int c = 0; c < NC; ++c) {
            const int col = c * 64 + tx * 4;
            if (vec_out && col < DV) {
                *reinterpret_cast<float4*>(orow + col) =
                    make_float4(acc[i][c * 4 + 0] * inv, acc[i][c * 4 + 1] * inv, acc[i][c * 4 + 2] * inv,
                                acc[i][c * 4 + 3] * inv);
            } else {
#pragma unroll
                for (int j = 0; j < 4; ++j)
                    if (col + j < DV) orow[col + j] = acc[i][c * 4 + j] * inv;
            }
        }
    }
}

__device__ float block_reduce(float v, float* red, bool is_max) {
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
#pragma unroll
    for (int off = 16; off > 0; off >>= 1) {
        const float t = __shfl_xor_sync(0xffffffffu, v, off);
        v = is_max ? fmaxf(v, t) : v + t;
    }
    if (lane == 0) red[warp] = v;
    __syncthreads();
    float r = red[0];
    for (int w = 1; w < (int)(blockDim.x >> 5); ++w) r = is_max ? fmaxf(r, red[w]) : r + red[w];
    __syncthreads();
    return r;
}

__global__ void __launch_bounds__(NT)
sdpa_generic_kernel(const float* __restrict__ q, const float* __restrict__ k, const float* __restrict__ v,
                    float* __restrict__ o, int64_t rows, int Sq, int Sk, int D, int DV, float scale_log2) {
    __shared__ float ps[NT];
    __shared__ float red[NT / 32];
    const int tid = threadIdx.x;
    for (int64_t row = blockIdx.x; row < rows; row += gridDim.x) {
        const int64_t bh = row / Sq;
        const float* qr = q + row * (int64_t)D;
        const float* kh = k + bh * Sk * (int64_t)D;
        const float* vh = v + bh * Sk * (int64_t)DV;
        float* orow = o + row * (int64_t)DV;
        for (int c = tid; c < DV; c += NT) orow[c] = 0.f;
        float m = -INFINITY, l = 0.f;
        for (int j0 = 0; j0 < Sk; j0 += NT) {
            const int j = j0 + tid;
            float s = -INFINITY;
            if (j < Sk) {
                const float* kr = kh + (int64_t)j * D;
                float d = 0.f;
                for (int c = 0; c < D; ++c) d = fmaf(qr[c], kr[c], d);
                s = d * scale_log2;
            }
            const float m_new = fmaxf(m, block_reduce(s, red, true));
            const float p = j < Sk ? exp2f(s - m_new) : 0.f;
            ps[tid] = p;
            const float psum = block_reduce(p, red, false);  // its barriers also publish ps[]
            const float alpha = exp2f(m - m_new);
            l = l * alpha + psum;
            m = m_new;
            const int cnt = min(NT, Sk - j0);
            for (int c = tid; c < DV; c += NT) {
                float a = orow[c] * alpha;
                for (int jj = 0; jj < cnt; ++jj) a = fmaf(ps[jj], vh[(int64_t)(j0 + jj) * DV + c], a);
                orow[c] = a;
            }
            __syncthreads();  // ps[] is rewritten by the next step
        }
        const float inv = 1.0f / l;
        for (int c = tid; c < DV; c += NT) orow[c] *= inv;
    }
}

template <int DVM>
static void launch_flash(const float* q, const float* k, const float* v, float* o, int64_t BH, int Sq, int Sk, int D,
                         int DV, float scale_log2, cudaStream_t stream) {
    const size_t smem = sizeof(float) * ((size_t)D * LDQ + kv_buffer_floats(D, DVM) + (size_t)BQ * LDP);
    static size_t configured = 0;  // opt-in above 48 KB of dynamic shared memory, once per size
    if (smem > 48 * 1024 && smem > configured) {
        cudaFuncSetAttribute(sdpa_flash_kernel<DVM>, cudaFuncAttributeMaxDynamicSharedMemorySize, (int)smem);
        configured = smem;
    }
    const bool vec_out = (DV % 4 == 0) && (reinterpret_cast<uintptr_t>(o) & 15) == 0;
    const int64_t blocks = BH * ((Sq + BQ - 1) / BQ);
    sdpa_flash_kernel<DVM><<<(unsigned)blocks, NT, smem, stream>>>(q, k, v, o, Sq, Sk, D, DV, scale_log2, vec_out);
}

void launch_sdpa(const float* q, const float* k, const float* v, float* o, int64_t BH, int Sq, int Sk, int D, int DV,
                 float scale_log2, cudaStream_t stream) {
    if (BH <= 0 || Sq <= 0 || DV <= 0) return;
    if (D <= 256 && DV <= 256) {
        if (DV <= 64) launch_flash<64>(q, k, v, o, BH, Sq, Sk, D, DV, scale_log2, stream);
        else if (DV <= 128) launch_flash<128>(q, k, v, o, BH, Sq, Sk, D, DV, scale_log2, stream);
        else launch_flash<256>(q, k, v, o, BH, Sq, Sk, D, DV, scale_log2, stream);
    } else {
        const int64_t rows = BH * Sq;
        const int64_t blocks = rows < (1LL << 20) ? rows : (1LL << 20);
        sdpa_generic_kernel<<<(unsigned)blocks, NT, 0, stream>>>(q, k, v, o, rows, Sq, Sk, D, DV, scale_log2);
    }
}
"""

CPP_SRC = r"""
// Light headers instead of <torch/extension.h> (the whole C++ frontend): builds in ~8 s instead of ~22 s.
#include <ATen/core/Tensor.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/zeros.h>
#include <torch/csrc/utils/pybind.h>  // pybind11 + the at::Tensor caster
#include <torch/csrc/Exceptions.h>    // torch::wrap_pybind_function, used by the generated bindings
#include <c10/cuda/CUDAStream.h>
#include <c10/cuda/CUDAException.h>
#include <vector>
#include <cstdint>
#include <cmath>

void launch_sdpa(const float* q, const float* k, const float* v, float* o, int64_t BH, int Sq, int Sk, int D, int DV,
                 float scale_log2, cudaStream_t stream);

at::Tensor sdpa(at::Tensor q, at::Tensor k, at::Tensor v) {
    TORCH_CHECK(q.is_cuda() && k.is_cuda() && v.is_cuda(), "sdpa: expected CUDA tensors");
    TORCH_CHECK(q.scalar_type() == at::kFloat && k.scalar_type() == at::kFloat &&
                v.scalar_type() == at::kFloat, "sdpa: expected float32 tensors");
    TORCH_CHECK(q.dim() >= 2 && k.dim() == q.dim() && v.dim() == q.dim(), "sdpa: expected (..., S, D) inputs of equal rank");
    const int64_t nd = q.dim();
    for (int64_t d = 0; d < nd - 2; ++d)
        TORCH_CHECK(k.size(d) == q.size(d) && v.size(d) == q.size(d), "sdpa: leading dims must match");
    const int64_t Sq = q.size(-2), D = q.size(-1), Sk = k.size(-2), DV = v.size(-1);
    TORCH_CHECK(k.size(-1) == D && v.size(-2) == Sk, "sdpa: k / v shapes do not match q");
    TORCH_CHECK(Sq < INT32_MAX && Sk < INT32_MAX && D < INT32_MAX && DV < INT32_MAX, "sdpa: too large");
    std::vector<int64_t> out_sizes(q.sizes().begin(), q.sizes().end());
    out_sizes.back() = DV;
    if (Sk == 0) return at::zeros(out_sizes, q.options());  // empty softmax: P @ V is all zeros
    auto qc = q.contiguous();
    auto kc = k.contiguous();
    auto vc = v.contiguous();
    auto out = at::empty(out_sizes, qc.options());
    int64_t bh = 1;
    for (int64_t d = 0; d < nd - 2; ++d) bh *= q.size(d);
    const double scale = 1.0 / std::sqrt((double)D);
    const float scale_log2 = (float)(scale * 1.4426950408889634);  // softmax via exp2
    launch_sdpa(qc.data_ptr<float>(), kc.data_ptr<float>(), vc.data_ptr<float>(), out.data_ptr<float>(), bh, (int)Sq,
                (int)Sk, (int)D, (int)DV, scale_log2, c10::cuda::getCurrentCUDAStream().stream());
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return out;
}
"""

_ext = load_inline(
    name="kbench_golden_cuda_attention",
    cpp_sources=CPP_SRC,
    cuda_sources=CUDA_SRC,
    functions=["sdpa"],
    extra_cuda_cflags=["-O3"],
    extra_cflags=["-O3"],
    no_implicit_headers=True,
)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        return _ext.sdpa(q, k, v)
