"""Power with a per-column exponent: x[M, N] ** e[N] on positive x, the exponent broadcast over the rows."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "MultiKernelBench",
    "mirrors": "MultiKernelBench/broadcast/power_broadcast",
    "domain": "positive",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"rows": 8, "cols": 256},
        "small": {"rows": 512, "cols": 2048},
        "large": {"rows": 16384, "cols": 16384},
    },
}

rows = 512
cols = 2048


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, exponent: torch.Tensor) -> torch.Tensor:
        return x**exponent


def get_inputs():
    x = torch.rand(rows, cols) + 0.05
    exponent = 0.25 + torch.rand(cols)
    return [x, exponent]


def get_init_inputs():
    return []
