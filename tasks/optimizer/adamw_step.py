"""One AdamW step (decoupled weight decay applied to the parameter, bias-corrected moments) as a pure function returning the updated parameter."""

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
weight_decay = 1e-1
step = 7


class Model(nn.Module):
    def __init__(self, lr: float, beta1: float, beta2: float, eps: float, weight_decay: float, step: int):
        super().__init__()
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.weight_decay = weight_decay
        self.step = step

    def forward(self, param: torch.Tensor, grad: torch.Tensor, exp_avg: torch.Tensor,
                exp_avg_sq: torch.Tensor) -> torch.Tensor:
        p = param * (1.0 - self.lr * self.weight_decay)  # decoupled decay
        m = self.beta1 * exp_avg + (1.0 - self.beta1) * grad
        v = self.beta2 * exp_avg_sq + (1.0 - self.beta2) * grad * grad
        bias_correction1 = 1.0 - self.beta1 ** self.step
        bias_correction2 = 1.0 - self.beta2 ** self.step
        denom = v.sqrt() / math.sqrt(bias_correction2) + self.eps
        return p - (self.lr / bias_correction1) * (m / denom)


def get_inputs():
    param = torch.randn(rows, cols)
    grad = torch.randn(rows, cols)
    exp_avg = torch.randn(rows, cols) * 0.5
    exp_avg_sq = torch.rand(rows, cols) + 0.01  # second moment: positive
    return [param, grad, exp_avg, exp_avg_sq]


def get_init_inputs():
    return [lr, beta1, beta2, eps, weight_decay, step]
