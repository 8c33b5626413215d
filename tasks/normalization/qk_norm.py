"""QK-norm for attention: separate learned RMSNorms over head_dim applied to query and key tensors of shape (batch, heads, seq, head_dim)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "num_heads": 2, "seq_len": 12, "head_dim": 16},
        "small": {"batch_size": 4, "num_heads": 16, "seq_len": 256, "head_dim": 64},
        "large": {"batch_size": 16, "num_heads": 32, "seq_len": 4096, "head_dim": 128},
    },
}

batch_size = 4
num_heads = 16
seq_len = 256
head_dim = 64


class Model(nn.Module):
    def __init__(self, head_dim: int, eps: float = 1e-6):
        super().__init__()
        self.eps = eps
        self.q_weight = nn.Parameter(torch.empty(head_dim).normal_(1.0, 0.2))
        self.k_weight = nn.Parameter(torch.empty(head_dim).normal_(1.0, 0.2))

    def _rms(self, t: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
        return t * torch.rsqrt(t.pow(2).mean(dim=-1, keepdim=True) + self.eps) * weight

    def forward(self, q: torch.Tensor, k: torch.Tensor):
        return self._rms(q, self.q_weight), self._rms(k, self.k_weight)


def get_inputs():
    q = torch.randn(batch_size, num_heads, seq_len, head_dim)
    k = torch.randn(batch_size, num_heads, seq_len, head_dim)
    return [q, k]


def get_init_inputs():
    return [head_dim]
