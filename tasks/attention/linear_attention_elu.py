"""Non-causal linear attention with the elu(x)+1 feature map: out_i = phi(q_i)^T (sum_j phi(k_j) v_j^T) / (phi(q_i)^T sum_j phi(k_j) + 1e-6) over (batch, heads, seq, head_dim)."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "Transformers are RNNs: Fast Autoregressive Transformers with Linear Attention",
    "tolerance": {"atol": 1e-3, "rtol": 1e-3},
    "shapes": {
        "tiny": {"batch_size": 1, "num_heads": 2, "seq_len": 16, "head_dim": 16},
        "small": {"batch_size": 4, "num_heads": 8, "seq_len": 512, "head_dim": 64},
        "large": {"batch_size": 8, "num_heads": 32, "seq_len": 8192, "head_dim": 128},
    },
}

batch_size = 4
num_heads = 8
seq_len = 512
head_dim = 64
eps = 1e-6


class Model(nn.Module):
    def __init__(self, eps: float):
        super().__init__()
        self.eps = eps

    def forward(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        phi_q = F.elu(q) + 1.0
        phi_k = F.elu(k) + 1.0
        kv = torch.matmul(phi_k.transpose(-2, -1), v)  # (b, h, d, dv)
        denom = torch.matmul(phi_q, phi_k.sum(dim=-2).unsqueeze(-1)) + self.eps  # (b, h, s, 1)
        return torch.matmul(phi_q, kv) / denom


def get_inputs():
    shape = (batch_size, num_heads, seq_len, head_dim)
    return [torch.randn(shape), torch.randn(shape), torch.randn(shape)]


def get_init_inputs():
    return [eps]
