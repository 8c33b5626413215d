# task: index/embedding_lookup
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
#include <cstring>
#include <vector>

// out[..., :] = weight[ids[...], :]: every id selects one contiguous table row of D floats,
// copied with memcpy; rows are spread over the OpenMP threads.
at::Tensor embedding_lookup(at::Tensor ids, at::Tensor weight) {
    TORCH_CHECK(ids.scalar_type() == at::kLong, "ids must be int64");
    TORCH_CHECK(weight.scalar_type() == at::kFloat && weight.dim() == 2, "weight must be a 2-D float32 table");
    auto ic = ids.contiguous();
    auto wc = weight.contiguous();
    const int64_t V = wc.size(0), D = wc.size(1);
    const int64_t n = ic.numel();
    const int64_t* idx = ic.data_ptr<int64_t>();
    int64_t bad = -1;
    for (int64_t i = 0; i < n; ++i) {
        if (idx[i] < 0 || idx[i] >= V) { bad = i; break; }
    }
    TORCH_CHECK(bad < 0, "index out of range in embedding lookup: ", bad < 0 ? 0 : idx[bad], " not in [0, ", V, ")");
    std::vector<int64_t> shape(ic.sizes().begin(), ic.sizes().end());
    shape.push_back(D);
    auto out = at::empty(shape, wc.options());
    const float* table = wc.data_ptr<float>();
    float* o = out.data_ptr<float>();
    const size_t row_bytes = static_cast<size_t>(D) * sizeof(float);
    #pragma omp parallel for schedule(static) if (n * D >= 65536)
    for (int64_t i = 0; i < n; ++i) {
        std::memcpy(o + i * D, table + idx[i] * D, row_bytes);
    }
    return out;
}
"""

_ext = load_inline(
    name="kbench_golden_index",
    cpp_sources=_SRC,
    functions=["embedding_lookup"],
    extra_cflags=["-O3", "-fopenmp"],
    extra_ldflags=["-fopenmp"],
    no_implicit_headers=True,
)


class ModelNew(nn.Module):
    def __init__(self, num_embeddings: int, embedding_dim: int):
        super().__init__()
        self.embedding = nn.Embedding(num_embeddings, embedding_dim)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return _ext.embedding_lookup(ids, self.embedding.weight)
