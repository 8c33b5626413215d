"""One Lion step: param * (1 - lr * wd) - lr * sign(beta1 * exp_avg + (1 - beta1) * grad), returning the updated parameter."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "domain": "fixed",
    "shapes": {
        "tiny": {"rows": 40, "cols": 50},
        "small": {"rows": 1024, "cols": 1024},
        "large": {"rows": 8192, "cols": 8192},
    },
}

rows = 1024
cols = 1024
lr = 1e-3
beta1 = 0.9
weight_decay = 1e-1


class Model(nn.Module):
    def __init__(self, lr: float, beta1: float, weight_decay: float):
        super().__init__()
        self.lr = lr
        self.beta1 = beta1
        self.weight_decay = weight_decay

    def forward(self, param: torch.Tensor, grad: torch.Tensor, exp_avg: torch.Tensor) -> torch.Tensor:
        direction = torch.sign(self.beta1 * exp_avg + (1.0 - self.beta1) * grad)
        return param * (1.0 - self.lr * self.weight_decay) - self.lr * direction


def get_inputs():
    # exp_avg and grad lie on grids where beta1 * exp_avg + (1 - beta1) * grad is never within 1/160 of zero,
    # so the sign is decided by the values, not by rounding (hence the fixed domain); grad still flips it often
    param = torch.randn(rows, cols)
    grad = torch.randint(-8, 9, (rows, cols)).float() / 2.0
    sign = torch.randint(0, 2, (rows, cols)).float() * 2.0 - 1.0
    exp_avg = sign * torch.randint(1, 5, (rows, cols)).float() / 16.0
    return [param, grad, exp_avg]


def get_init_inputs():
    return [lr, beta1, weight_decay]
