"""Scaled cosine attention: softmax(tau_h * cos(q_i, k_j)) V with L2-normalised Q and K rows and a learned per-head temperature tau_h = exp(min(logit_scale_h, log 100)), no mask."""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "Swin Transformer V2: Scaling Up Capacity and Resolution",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "num_heads": 2, "seq_len": 16, "head_dim": 16},
        "small": {"batch_size": 2, "num_heads": 8, "seq_len": 256, "head_dim": 64},
        "large": {"batch_size": 8, "num_heads": 16, "seq_len": 2048, "head_dim": 128},
    },
}

batch_size = 2
num_heads = 8
seq_len = 256
head_dim = 64


class Model(nn.Module):
    def __init__(self, num_heads: int):
        super().__init__()
        # log-temperatures around log(10), as after training
        self.logit_scale = nn.Parameter(torch.empty(num_heads, 1, 1).uniform_(math.log(5.0), math.log(20.0)))

    def forward(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        tau = torch.exp(torch.clamp(self.logit_scale, max=math.log(100.0)))
        cos = F.normalize(q, dim=-1) @ F.normalize(k, dim=-1).transpose(-2, -1)
        return torch.softmax(cos * tau, dim=-1) @ v


def get_inputs():
    shape = (batch_size, num_heads, seq_len, head_dim)
    return [torch.randn(shape), torch.randn(shape), torch.randn(shape)]


def get_init_inputs():
    return [num_heads]
