"""One Adamax step: first moment update, infinity-norm state u = max(beta2 * u, |grad| + eps), param - lr / (1 - beta1^t) * m / u."""

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
lr = 2e-3
beta1 = 0.9
beta2 = 0.999
eps = 1e-8
step = 4


class Model(nn.Module):
    def __init__(self, lr: float, beta1: float, beta2: float, eps: float, step: int):
        super().__init__()
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.clr = lr / (1.0 - beta1 ** step)

    def forward(self, param: torch.Tensor, grad: torch.Tensor, exp_avg: torch.Tensor,
                exp_inf: torch.Tensor) -> torch.Tensor:
        m = self.beta1 * exp_avg + (1.0 - self.beta1) * grad
        u = torch.maximum(self.beta2 * exp_inf, grad.abs() + self.eps)
        return param - self.clr * m / u


def get_inputs():
    param = torch.randn(rows, cols)
    grad = torch.randn(rows, cols)
    exp_avg = torch.randn(rows, cols) * 0.5
    exp_inf = torch.rand(rows, cols) * 2.0 + 0.05  # running max of |grad|: positive
    return [param, grad, exp_avg, exp_inf]


def get_init_inputs():
    return [lr, beta1, beta2, eps, step]
