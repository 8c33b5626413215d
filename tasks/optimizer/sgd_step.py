"""One plain SGD step with L2 weight decay, param - lr * (grad + weight_decay * param), as a pure function returning the updated parameter."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
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
weight_decay = 1e-2


class Model(nn.Module):
    def __init__(self, lr: float, weight_decay: float):
        super().__init__()
        self.lr = lr
        self.weight_decay = weight_decay

    def forward(self, param: torch.Tensor, grad: torch.Tensor) -> torch.Tensor:
        return param - self.lr * (grad + self.weight_decay * param)


def get_inputs():
    param = torch.randn(rows, cols)
    grad = torch.randn(rows, cols)
    return [param, grad]


def get_init_inputs():
    return [lr, weight_decay]
