"""One Adagrad step (L2 weight decay, learning-rate decay): accumulate grad^2 into the state sum, then param - clr * grad / (sqrt(sum) + eps)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "MultiKernelBench",
    "mirrors": "MultiKernelBench/optimizer/adagrad",
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
lr = 1e-1
lr_decay = 1e-2
weight_decay = 1e-2
eps = 1e-10
step = 10


class Model(nn.Module):
    def __init__(self, lr: float, lr_decay: float, weight_decay: float, eps: float, step: int):
        super().__init__()
        self.clr = lr / (1.0 + (step - 1) * lr_decay)
        self.weight_decay = weight_decay
        self.eps = eps

    def forward(self, param: torch.Tensor, grad: torch.Tensor, state_sum: torch.Tensor) -> torch.Tensor:
        g = grad + self.weight_decay * param
        s = state_sum + g * g
        return param - self.clr * g / (s.sqrt() + self.eps)


def get_inputs():
    param = torch.randn(rows, cols)
    grad = torch.randn(rows, cols)
    state_sum = torch.rand(rows, cols) * 4.0  # sum of squared past gradients: non-negative
    return [param, grad, state_sum]


def get_init_inputs():
    return [lr, lr_decay, weight_decay, eps, step]
