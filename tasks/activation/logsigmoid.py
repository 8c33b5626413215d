"""Log-sigmoid, log(1 / (1 + exp(-x))) = -softplus(-x), elementwise on a (batch, classes) logit tensor."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 8, "num_classes": 300},
        "small": {"batch_size": 256, "num_classes": 4096},
        "large": {"batch_size": 8192, "num_classes": 32768},
    },
}

batch_size = 256
num_classes = 4096


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.logsigmoid(x)


def get_inputs():
    return [3.0 * torch.randn(batch_size, num_classes)]


def get_init_inputs():
    return []
