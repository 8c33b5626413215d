"""Embedding lookup: gathers rows of a learned (num_embeddings, dim) table for a (batch, seq) tensor of int64 ids."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "MultiKernelBench",
    "mirrors": "MultiKernelBench/index/index_select",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 4, "seq_len": 40, "num_embeddings": 50, "embedding_dim": 16},
        "small": {"batch_size": 32, "seq_len": 512, "num_embeddings": 32768, "embedding_dim": 256},
        "large": {"batch_size": 32, "seq_len": 2048, "num_embeddings": 65536, "embedding_dim": 1024},
    },
}

batch_size = 32
seq_len = 512
num_embeddings = 32768
embedding_dim = 256


class Model(nn.Module):
    def __init__(self, num_embeddings: int, embedding_dim: int):
        super().__init__()
        self.embedding = nn.Embedding(num_embeddings, embedding_dim)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return self.embedding(ids)


def get_inputs():
    return [torch.randint(0, num_embeddings, (batch_size, seq_len), dtype=torch.int64)]


def get_init_inputs():
    return [num_embeddings, embedding_dim]
