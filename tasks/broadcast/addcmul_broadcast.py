"""addcmul with broadcasting: x[M, N] + 0.5 * t1[M, 1] * t2[N]."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"rows": 16, "cols": 256},
        "small": {"rows": 2048, "cols": 2048},
        "large": {"rows": 32768, "cols": 16384},
    },
}

rows = 2048
cols = 2048
value = 0.5


class Model(nn.Module):
    def __init__(self, value: float = 0.5):
        super().__init__()
        self.value = value

    def forward(self, x: torch.Tensor, t1: torch.Tensor, t2: torch.Tensor) -> torch.Tensor:
        return torch.addcmul(x, t1, t2, value=self.value)


def get_inputs():
    return [torch.randn(rows, cols), torch.randn(rows, 1), torch.randn(cols)]


def get_init_inputs():
    return [value]
