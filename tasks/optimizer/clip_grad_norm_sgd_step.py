"""Gradient clipping by global L2 norm (clip_grad_norm_, max_norm=5) fused with a plain SGD step, returning the updated parameter."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"rows": 40, "cols": 50},
        "small": {"rows": 1024, "cols": 1024},
        "large": {"rows": 8192, "cols": 8192},
    },
}

rows = 1024
cols = 1024
lr = 1e-1
max_norm = 5.0


class Model(nn.Module):
    def __init__(self, lr: float, max_norm: float):
        super().__init__()
        self.lr = lr
        self.max_norm = max_norm

    def forward(self, param: torch.Tensor, grad: torch.Tensor) -> torch.Tensor:
        total_norm = torch.linalg.vector_norm(grad, ord=2)
        clip_coef = torch.clamp(self.max_norm / (total_norm + 1e-6), max=1.0)
        return param - self.lr * (grad * clip_coef)


def get_inputs():
    param = torch.randn(rows, cols)
    grad = torch.randn(rows, cols)
    return [param, grad]


def get_init_inputs():
    return [lr, max_norm]
