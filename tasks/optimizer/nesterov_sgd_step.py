"""One SGD step with Nesterov momentum and L2 weight decay (torch.optim.SGD, nesterov=True) returning the updated parameter."""

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
lr = 1e-2
momentum = 0.9
weight_decay = 5e-2


class Model(nn.Module):
    def __init__(self, lr: float, momentum: float, weight_decay: float):
        super().__init__()
        self.lr = lr
        self.momentum = momentum
        self.weight_decay = weight_decay

    def forward(self, param: torch.Tensor, grad: torch.Tensor, momentum_buf: torch.Tensor) -> torch.Tensor:
        g = grad + self.weight_decay * param
        buf = self.momentum * momentum_buf + g
        update = g + self.momentum * buf  # look-ahead (Nesterov) direction
        return param - self.lr * update


def get_inputs():
    param = torch.randn(rows, cols)
    grad = torch.randn(rows, cols)
    momentum_buf = torch.randn(rows, cols)
    return [param, grad, momentum_buf]


def get_init_inputs():
    return [lr, momentum, weight_decay]
