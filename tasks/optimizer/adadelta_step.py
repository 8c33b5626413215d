"""One Adadelta step: update square_avg with grad^2, scale grad by sqrt(acc_delta + eps) / sqrt(square_avg + eps), return param - lr * delta."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
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
lr = 1.0
rho = 0.9
eps = 1e-6


class Model(nn.Module):
    def __init__(self, lr: float, rho: float, eps: float):
        super().__init__()
        self.lr = lr
        self.rho = rho
        self.eps = eps

    def forward(self, param: torch.Tensor, grad: torch.Tensor, square_avg: torch.Tensor,
                acc_delta: torch.Tensor) -> torch.Tensor:
        v = self.rho * square_avg + (1.0 - self.rho) * grad * grad
        delta = torch.sqrt(acc_delta + self.eps) / torch.sqrt(v + self.eps) * grad
        return param - self.lr * delta


def get_inputs():
    param = torch.randn(rows, cols)
    grad = torch.randn(rows, cols)
    square_avg = torch.rand(rows, cols) + 0.01  # running mean of grad^2: positive
    acc_delta = torch.rand(rows, cols) * 1e-2  # running mean of squared updates: non-negative
    return [param, grad, square_avg, acc_delta]


def get_init_inputs():
    return [lr, rho, eps]
