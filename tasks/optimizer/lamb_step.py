"""One LAMB step: Adam moments with bias correction plus decoupled weight decay, scaled by the layer trust ratio ||param|| / ||update||."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "MultiKernelBench",
    "mirrors": "MultiKernelBench/optimizer/lamb",
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
eps = 1e-6
weight_decay = 1e-2
step = 5


class Model(nn.Module):
    def __init__(self, lr: float, beta1: float, beta2: float, eps: float, weight_decay: float, step: int):
        super().__init__()
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.weight_decay = weight_decay
        self.bias_correction1 = 1.0 - beta1 ** step
        self.bias_correction2 = 1.0 - beta2 ** step

    def forward(self, param: torch.Tensor, grad: torch.Tensor, exp_avg: torch.Tensor,
                exp_avg_sq: torch.Tensor) -> torch.Tensor:
        m = self.beta1 * exp_avg + (1.0 - self.beta1) * grad
        v = self.beta2 * exp_avg_sq + (1.0 - self.beta2) * grad * grad
        m_hat = m / self.bias_correction1
        v_hat = v / self.bias_correction2
        update = m_hat / (v_hat.sqrt() + self.eps) + self.weight_decay * param
        w_norm = torch.linalg.vector_norm(param)
        u_norm = torch.linalg.vector_norm(update)
        trust = torch.where((w_norm > 0) & (u_norm > 0), w_norm / u_norm, torch.ones_like(w_norm))
        return param - self.lr * trust * update


def get_inputs():
    param = torch.randn(rows, cols)
    grad = torch.randn(rows, cols)
    exp_avg = torch.randn(rows, cols) * 0.5
    exp_avg_sq = torch.rand(rows, cols) + 0.01  # second moment: positive
    return [param, grad, exp_avg, exp_avg_sq]


def get_init_inputs():
    return [lr, beta1, beta2, eps, weight_decay, step]
