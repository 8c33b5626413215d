"""out = 2 * x + y, elementwise (the reference of the verdict tests)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "category": "broadcast",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {"tiny": {"n": 4096}, "small": {"n": 1048576}, "large": {"n": 67108864}},
}

n = 1048576


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x, y):
        return 2.0 * x + y


def get_inputs():
    return [torch.randn(n), torch.randn(n)]


def get_init_inputs():
    return []
