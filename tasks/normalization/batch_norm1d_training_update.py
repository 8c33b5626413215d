"""Training-mode BatchNorm1d on (N, C, L): batch-statistics output plus the momentum-updated running mean and (unbiased) running variance."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "domain": "positive",
    "shapes": {
        "tiny": {"batch_size": 4, "channels": 6, "length": 20},
        "small": {"batch_size": 16, "channels": 64, "length": 256},
        "large": {"batch_size": 64, "channels": 1024, "length": 1024},
    },
}

batch_size = 16
channels = 64
length = 256


class Model(nn.Module):
    def __init__(self, channels: int, eps: float = 1e-5, momentum: float = 0.1):
        super().__init__()
        self.eps = eps
        self.momentum = momentum
        self.weight = nn.Parameter(torch.empty(channels).normal_(1.0, 0.2))
        self.bias = nn.Parameter(torch.empty(channels).normal_(0.0, 0.2))

    def forward(self, x: torch.Tensor, running_mean: torch.Tensor, running_var: torch.Tensor):
        n = x.shape[0] * x.shape[2]
        mean = x.mean(dim=(0, 2))
        var = (x - mean[None, :, None]).pow(2).mean(dim=(0, 2))  # biased variance
        y = (x - mean[None, :, None]) / torch.sqrt(var[None, :, None] + self.eps)
        y = y * self.weight[None, :, None] + self.bias[None, :, None]
        new_mean = (1.0 - self.momentum) * running_mean + self.momentum * mean
        new_var = (1.0 - self.momentum) * running_var + self.momentum * var * (n / (n - 1))
        return y, new_mean, new_var


def get_inputs():
    x = torch.randn(batch_size, channels, length) * 1.5 + 0.3
    running_mean = torch.randn(channels)
    running_var = torch.rand(channels) + 0.5  # a variance: positive
    return [x, running_mean, running_var]


def get_init_inputs():
    return [channels]
