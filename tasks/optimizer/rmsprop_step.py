"""One RMSprop step: square_avg = alpha * square_avg + (1 - alpha) * grad^2, then param - lr * grad / (sqrt(square_avg) + eps)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "MultiKernelBench",
    "mirrors": "MultiKernelBench/optimizer/rmsprop",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "domain": "positive",
    "shapes": {
        "tiny": {"rows": 40, "cols": 50},
        "small": {"rows": 1024, "cols": 1024},
        "large": {"rows": 8192, "cols": 8192},
    },
}

rows = 1024
cols = 1024
lr = 1e-2
alpha = 0.99
eps = 1e-8


class Model(nn.Module):
    def __init__(self, lr: float, alpha: float, eps: float):
        super().__init__()
        self.lr = lr
        self.alpha = alpha
        self.eps = eps

    def forward(self, param: torch.Tensor, grad: torch.Tensor, square_avg: torch.Tensor) -> torch.Tensor:
        v = self.alpha * square_avg + (1.0 - self.alpha) * grad * grad
        return param - self.lr * grad / (v.sqrt() + self.eps)


def get_inputs():
    param = torch.randn(rows, cols)
    grad = torch.randn(rows, cols)
    square_avg = torch.rand(rows, cols) + 0.01  # running mean of grad^2: positive
    return [param, grad, square_avg]


def get_init_inputs():
    return [lr, alpha, eps]
