"""One RAdam step (rectified Adam, torch.optim.RAdam) at a step where the variance rectification is active, returning the updated parameter."""

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
lr = 3e-2
beta1 = 0.9
beta2 = 0.999
eps = 1e-8
step = 50


class Model(nn.Module):
    def __init__(self, lr: float, beta1: float, beta2: float, eps: float, step: int):
        super().__init__()
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        bias_correction1 = 1.0 - beta1 ** step
        bias_correction2 = 1.0 - beta2 ** step
        rho_inf = 2.0 / (1.0 - beta2) - 1.0
        rho_t = rho_inf - 2.0 * step * (beta2 ** step) / bias_correction2
        self.rectified = rho_t > 5.0
        if self.rectified:
            rect = math.sqrt((rho_t - 4.0) * (rho_t - 2.0) * rho_inf / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t))
        else:
            rect = 1.0
        self.step_size = lr * rect / bias_correction1
        self.sqrt_bc2 = math.sqrt(bias_correction2)
        self.plain_step_size = lr / bias_correction1

    def forward(self, param: torch.Tensor, grad: torch.Tensor, exp_avg: torch.Tensor,
                exp_avg_sq: torch.Tensor) -> torch.Tensor:
        m = self.beta1 * exp_avg + (1.0 - self.beta1) * grad
        v = self.beta2 * exp_avg_sq + (1.0 - self.beta2) * grad * grad
        if self.rectified:
            adaptive = self.sqrt_bc2 / (v.sqrt() + self.eps)
            return param - self.step_size * m * adaptive
        return param - self.plain_step_size * m


def get_inputs():
    param = torch.randn(rows, cols)
    grad = torch.randn(rows, cols)
    exp_avg = torch.randn(rows, cols) * 0.5
    exp_avg_sq = torch.rand(rows, cols) + 0.01  # second moment: positive
    return [param, grad, exp_avg, exp_avg_sq]


def get_init_inputs():
    return [lr, beta1, beta2, eps, step]
