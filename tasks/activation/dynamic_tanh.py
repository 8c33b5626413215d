"""Dynamic Tanh (DyT), gamma[d] * tanh(alpha * x) + beta[d], on a (batch, tokens, dim) tensor with a learned scalar alpha.

DyT (Zhu et al., 2025, "Transformers without Normalization") replaces LayerNorm by an elementwise tanh with a
learned scalar input scale alpha followed by a per-feature affine (gamma, beta).
"""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 16, "dim": 128},
        "small": {"batch_size": 8, "seq_len": 512, "dim": 768},
        "large": {"batch_size": 64, "seq_len": 4096, "dim": 4096},
    },
}

batch_size = 8
seq_len = 512
dim = 768


class Model(nn.Module):
    def __init__(self, dim: int, alpha_init: float = 0.5):
        super().__init__()
        self.alpha = nn.Parameter(torch.full((1,), alpha_init))
        # perturbed from the (ones, zeros) init so that the affine part is exercised
        self.gamma = nn.Parameter(1.0 + 0.1 * torch.randn(dim))
        self.beta = nn.Parameter(0.1 * torch.randn(dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.gamma * torch.tanh(self.alpha * x) + self.beta


def get_inputs():
    return [torch.randn(batch_size, seq_len, dim)]


def get_init_inputs():
    return [dim]
