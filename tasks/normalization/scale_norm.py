"""ScaleNorm (Nguyen & Salazar, 2019): g * x / max(||x||_2, eps) over the last dim, with one learned scalar gain g (initialised near sqrt(hidden))."""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 5, "hidden": 64},
        "small": {"batch_size": 16, "seq_len": 256, "hidden": 512},
        "large": {"batch_size": 32, "seq_len": 4096, "hidden": 1024},
    },
}

batch_size = 16
seq_len = 256
hidden = 512


class Model(nn.Module):
    def __init__(self, hidden: int, eps: float = 1e-5):
        super().__init__()
        self.eps = eps
        self.g = nn.Parameter(math.sqrt(hidden) * (1.0 + 0.1 * torch.randn(1)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        norm = torch.linalg.vector_norm(x, ord=2, dim=-1, keepdim=True).clamp(min=self.eps)
        return self.g * x / norm


def get_inputs():
    return [torch.randn(batch_size, seq_len, hidden)]


def get_init_inputs():
    return [hidden]
