"""One Adam step with AMSGrad (no weight decay): the denominator uses the running max of the second moment, max(max_exp_avg_sq, v)."""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
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
lr = 1e-2
beta1 = 0.9
beta2 = 0.999
eps = 1e-8
step = 8


class Model(nn.Module):
    def __init__(self, lr: float, beta1: float, beta2: float, eps: float, step: int):
        super().__init__()
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.step_size = lr / (1.0 - beta1 ** step)
        self.sqrt_bc2 = math.sqrt(1.0 - beta2 ** step)

    def forward(self, param: torch.Tensor, grad: torch.Tensor, exp_avg: torch.Tensor, exp_avg_sq: torch.Tensor,
                max_exp_avg_sq: torch.Tensor) -> torch.Tensor:
        m = self.beta1 * exp_avg + (1.0 - self.beta1) * grad
        v = self.beta2 * exp_avg_sq + (1.0 - self.beta2) * grad * grad
        v_max = torch.maximum(max_exp_avg_sq, v)
        denom = v_max.sqrt() / self.sqrt_bc2 + self.eps
        return param - self.step_size * m / denom


def get_inputs():
    param = torch.randn(rows, cols)
    grad = torch.randn(rows, cols)
    exp_avg = torch.randn(rows, cols) * 0.5
    exp_avg_sq = torch.rand(rows, cols) + 0.01  # second moment: positive
    # the running max is at least the earlier second moment; where it is close, the new v can exceed it
    max_exp_avg_sq = exp_avg_sq + torch.rand(rows, cols) * torch.rand(rows, cols) * 0.05
    return [param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq]


def get_init_inputs():
    return [lr, beta1, beta2, eps, step]
