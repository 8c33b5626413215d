"""One NAdam step (Nesterov Adam with momentum decay, as torch.optim.NAdam) at a fixed step count, returning the updated parameter."""

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
momentum_decay = 4e-3
step = 6


class Model(nn.Module):
    def __init__(self, lr: float, beta1: float, beta2: float, eps: float, momentum_decay: float, step: int):
        super().__init__()
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps

        def mu(t: int) -> float:
            return beta1 * (1.0 - 0.5 * 0.96 ** (t * momentum_decay))

        mu_product = 1.0
        for t in range(1, step + 1):
            mu_product *= mu(t)
        mu_t, mu_next = mu(step), mu(step + 1)
        self.bias_correction2 = 1.0 - beta2 ** step
        self.grad_coef = lr * (1.0 - mu_t) / (1.0 - mu_product)
        self.avg_coef = lr * mu_next / (1.0 - mu_product * mu_next)

    def forward(self, param: torch.Tensor, grad: torch.Tensor, exp_avg: torch.Tensor,
                exp_avg_sq: torch.Tensor) -> torch.Tensor:
        m = self.beta1 * exp_avg + (1.0 - self.beta1) * grad
        v = self.beta2 * exp_avg_sq + (1.0 - self.beta2) * grad * grad
        denom = (v / self.bias_correction2).sqrt() + self.eps
        return param - self.grad_coef * grad / denom - self.avg_coef * m / denom


def get_inputs():
    param = torch.randn(rows, cols)
    grad = torch.randn(rows, cols)
    exp_avg = torch.randn(rows, cols) * 0.5
    exp_avg_sq = torch.rand(rows, cols) + 0.01  # second moment: positive
    return [param, grad, exp_avg, exp_avg_sq]


def get_init_inputs():
    return [lr, beta1, beta2, eps, momentum_decay, step]

