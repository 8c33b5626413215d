"""Mean-centering: subtract each row's mean over the last dimension (keepdim=True, broadcast) from a 2-D tensor."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 16, "dim": 100},
        "small": {"batch_size": 2048, "dim": 2048},
        "large": {"batch_size": 65536, "dim": 8192},
    },
}

batch_size = 2048
dim = 2048


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x - torch.mean(x, dim=-1, keepdim=True)


def get_inputs():
    return [torch.randn(batch_size, dim) + torch.randn(batch_size, 1)]


def get_init_inputs():
    return []
