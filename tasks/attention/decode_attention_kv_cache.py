"""Single-token decode attention: the new token's key and value (batch, heads, 1, d) are appended to a KV cache (batch, heads, cache_len, d) and its query attends to all cache_len + 1 keys; softmax(q K^T / sqrt(d)) V -> (batch, heads, 1, d)."""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "num_heads": 2, "cache_len": 15, "head_dim": 16},
        "small": {"batch_size": 8, "num_heads": 16, "cache_len": 1024, "head_dim": 64},
        "large": {"batch_size": 16, "num_heads": 32, "cache_len": 8191, "head_dim": 128},
    },
}

batch_size = 8
num_heads = 16
cache_len = 1024
head_dim = 64


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, q: torch.Tensor, k_new: torch.Tensor, v_new: torch.Tensor, k_cache: torch.Tensor,
                v_cache: torch.Tensor) -> torch.Tensor:
        k = torch.cat((k_cache, k_new), dim=2)
        v = torch.cat((v_cache, v_new), dim=2)
        scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(q.size(-1))
        return torch.matmul(torch.softmax(scores, dim=-1), v)


def get_inputs():
    step = (batch_size, num_heads, 1, head_dim)
    cache = (batch_size, num_heads, cache_len, head_dim)
    return [torch.randn(step), torch.randn(step), torch.randn(step), torch.randn(cache), torch.randn(cache)]


def get_init_inputs():
    return []
