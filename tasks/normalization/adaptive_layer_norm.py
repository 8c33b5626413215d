"""Adaptive LayerNorm (DiT adaLN): LN(x) without affine, modulated by shift and scale predicted from a conditioning vector, LN(x) * (1 + scale) + shift."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 6, "hidden": 32, "cond_dim": 16},
        "small": {"batch_size": 4, "seq_len": 256, "hidden": 768, "cond_dim": 256},
        "large": {"batch_size": 32, "seq_len": 4096, "hidden": 1152, "cond_dim": 1152},
    },
}

batch_size = 4
seq_len = 256
hidden = 768
cond_dim = 256


class Model(nn.Module):
    def __init__(self, hidden: int, cond_dim: int, eps: float = 1e-6):
        super().__init__()
        self.hidden = hidden
        self.eps = eps
        self.modulation = nn.Linear(cond_dim, 2 * hidden)

    def forward(self, x: torch.Tensor, cond: torch.Tensor) -> torch.Tensor:
        # x: (B, S, hidden), cond: (B, cond_dim)
        shift, scale = self.modulation(F.silu(cond)).chunk(2, dim=-1)
        h = F.layer_norm(x, (self.hidden,), eps=self.eps)
        return h * (1.0 + scale.unsqueeze(1)) + shift.unsqueeze(1)


def get_inputs():
    x = torch.randn(batch_size, seq_len, hidden)
    cond = torch.randn(batch_size, cond_dim)
    return [x, cond]


def get_init_inputs():
    return [hidden, cond_dim]
