"""One SGD-with-momentum step: buf = momentum * buf + grad, then param - lr * buf; a pure function returning the updated parameter."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "MultiKernelBench",
    "mirrors": "MultiKernelBench/optimizer/sgd",
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


class Model(nn.Module):
    def __init__(self, lr: float, momentum: float):
        super().__init__()
        self.lr = lr
        self.momentum = momentum

    def forward(self, param: torch.Tensor, grad: torch.Tensor, momentum_buf: torch.Tensor) -> torch.Tensor:
        buf = self.momentum * momentum_buf + grad
        return param - self.lr * buf


def get_inputs():
    param = torch.randn(rows, cols)
    grad = torch.randn(rows, cols)
    momentum_buf = torch.randn(rows, cols)
    return [param, grad, momentum_buf]


def get_init_inputs():
    return [lr, momentum]
