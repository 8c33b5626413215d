"""Grouped GEMM (MoE style): rows of x (T, K) are sorted by group; group g's rows (sizes in an int64 vector) multiply W[g] of a packed (G, K, N) tensor."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"tokens": 40, "groups": 3, "K": 16, "N": 12},
        "small": {"tokens": 1024, "groups": 8, "K": 256, "N": 256},
        "large": {"tokens": 32768, "groups": 8, "K": 4096, "N": 2048},
    },
}

tokens = 1024
groups = 8
K = 256
N = 256


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, W: torch.Tensor, group_sizes: torch.Tensor) -> torch.Tensor:
        # x: (T, K) rows grouped contiguously; W: (G, K, N); group_sizes: (G,) int64 summing to T
        outs = []
        start = 0
        for g, size in enumerate(group_sizes.tolist()):
            outs.append(x[start:start + size] @ W[g])
            start += size
        return torch.cat(outs, dim=0)


def get_inputs():
    x = torch.randn(tokens, K)
    W = torch.randn(groups, K, N)
    group_sizes = torch.bincount(torch.randint(0, groups, (tokens,)), minlength=groups)
    return [x, W, group_sizes]


def get_init_inputs():
    return []
