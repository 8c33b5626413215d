# task: index/embedding_lookup
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

CUDA_SRC = r"""
#include <cuda_runtime.h>
#include <cstdint>

// out[i, :] = table[ids[i], :] for every flattened id i. Each warp copies whole rows (blockDim =
// 32 x 8: eight rows per block, grid-strided over the rows); lanes stride over the row in float4
// packs when the embedding dim is a multiple of 4 and both base pointers are 16-byte aligned, in
// scalars otherwise. An id outside [0, num_embeddings) (PyTorch raises) yields a row of zeros
// instead of an out-of-bounds read.
__global__ void embedding_kernel(const int64_t* __restrict__ ids, const float* __restrict__ table,
                                 float* __restrict__ out, int64_t n_ids, int64_t num_emb, int64_t dim, bool vec) {
    const int64_t row_stride = (int64_t)gridDim.x * blockDim.y;
    for (int64_t r = (int64_t)blockIdx.x * blockDim.y + threadIdx.y; r < n_ids; r += row_stride) {
        const int64_t id = ids[r];
        const bool valid = id >= 0 && id < num_emb;
        float* dst = out + r * dim;
        if (vec) {
            const int64_t d4 = dim / 4;
            const float4* src4 = reinterpret_cast<const float4*>(table + (valid ? id : 0) * dim);
            float4* dst4 = reinterpret_cast<float4*>(dst);
            for (int64_t j = threadIdx.x; j < d4; j += blockDim.x)
                dst4[j] = valid ? src4[j] : make_float4(0.f, 0.f, 0.f, 0.f);
        } else {
            const float* src = table + (valid ? id : 0) * dim;
            for (int64_t j = threadIdx.x; j < dim; j += blockDim.x) dst[j] = valid ? src[j] : 0.f;
        }
    }
}

void launch_embedding(const int64_t* ids, const float* table, float* out, int64_t n_ids, int64_t num_emb,
                      int64_t dim, cudaStream_t stream) {
    if (n_ids <= 0 || dim <= 0) return;
    const bool vec = (dim % 4 == 0) &&
                     ((reinterpret_cast<uintptr_t>(table) | reinterpret_cast<uintptr_t>(out)) & 15) == 0;
    dim3 block(32, 8);
    int64_t blocks = (n_ids + 7) / 8;
    if (blocks > 65536) blocks = 65536;
    embedding_kernel<<<(unsigned)blocks, block, 0, stream>>>(ids, table, out, n_ids, num_emb, dim, vec);
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

void launch_embedding(const int64_t* ids, const float* table, float* out, int64_t n_ids, int64_t num_emb,
                      int64_t dim, cudaStream_t stream);

at::Tensor embedding(at::Tensor ids, at::Tensor table) {
    TORCH_CHECK(ids.is_cuda() && table.is_cuda(), "embedding: expected CUDA tensors");
    TORCH_CHECK(ids.scalar_type() == at::kLong, "embedding: expected int64 ids");
    TORCH_CHECK(table.scalar_type() == at::kFloat && table.dim() == 2, "embedding: expected a 2-D float32 table");
    auto idc = ids.contiguous();
    auto tc = table.contiguous();
    const int64_t dim = tc.size(1);
    std::vector<int64_t> out_sizes(idc.sizes().begin(), idc.sizes().end());
    out_sizes.push_back(dim);
    auto out = at::empty(out_sizes, tc.options());
    launch_embedding(idc.data_ptr<int64_t>(), tc.data_ptr<float>(), out.data_ptr<float>(), idc.numel(), tc.size(0),
                     dim, c10::cuda::getCurrentCUDAStream().stream());
    C10_CUDA_KERNEL_LAUNCH_CHECK();
    return out;
}
"""

_ext = load_inline(
    name="kbench_golden_cuda_index",
    cpp_sources=CPP_SRC,
    cuda_sources=CUDA_SRC,
    functions=["embedding"],
    extra_cuda_cflags=["-O3"],
    extra_cflags=["-O3"],
    no_implicit_headers=True,
)


class ModelNew(nn.Module):
    def __init__(self, num_embeddings: int, embedding_dim: int):
        super().__init__()
        self.embedding = nn.Embedding(num_embeddings, embedding_dim)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return _ext.embedding(ids, self.embedding.weight)
