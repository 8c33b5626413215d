"""Softplus with beta and threshold, (1 / beta) * log(1 + exp(beta * x)) (x itself where beta * x > threshold), elementwise on a 2-D tensor."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/29_Softplus.py",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 4, "dim": 512},
        "small": {"batch_size": 64, "dim": 16384},
        "large": {"batch_size": 4096, "dim": 393216},
    },
}

batch_size = 64
dim = 16384
beta = 1.0
threshold = 20.0


class Model(nn.Module):
    def __init__(self, beta: float = 1.0, threshold: float = 20.0):
        super().__init__()
        self.beta = beta
        self.threshold = threshold

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.softplus(x, beta=self.beta, threshold=self.threshold)


def get_inputs():
    return [torch.randn(batch_size, dim)]


def get_init_inputs():
    return [beta, threshold]
