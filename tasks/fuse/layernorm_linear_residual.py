"""x + Linear(LayerNorm(x)) on a (batch, seq, dim) tensor: pre-norm (learned affine, eps 1e-5), square Linear with bias, residual add."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 8, "dim": 64},
        "small": {"batch_size": 8, "seq_len": 128, "dim": 768},
        "large": {"batch_size": 16, "seq_len": 2048, "dim": 4096},
    },
}

batch_size = 8
seq_len = 128
dim = 768


class Model(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.proj = nn.Linear(dim, dim)
        with torch.no_grad():  # non-trivial affine, so it cannot be skipped
            self.norm.weight.normal_(1.0, 0.2)
            self.norm.bias.normal_(0.0, 0.2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.proj(self.norm(x))


def get_inputs():
    return [torch.randn(batch_size, seq_len, dim)]


def get_init_inputs():
    return [dim]
