"""Linear layer, batch-statistics normalisation of each output feature (mean and biased variance over the batch, eps 1e-5, learned gamma/beta), then ReLU.

This is training-mode BatchNorm1d written out explicitly: the statistics come from the current batch, nothing is stored.
"""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 8, "in_features": 32, "out_features": 48},
        "small": {"batch_size": 256, "in_features": 1024, "out_features": 1024},
        "large": {"batch_size": 4096, "in_features": 4096, "out_features": 4096},
    },
}

batch_size = 256
in_features = 1024
out_features = 1024
eps = 1e-5


class Model(nn.Module):
    def __init__(self, in_features: int, out_features: int, eps: float):
        super().__init__()
        self.linear = nn.Linear(in_features, out_features)
        self.gamma = nn.Parameter(torch.empty(out_features).uniform_(0.5, 1.5))
        self.beta = nn.Parameter(torch.empty(out_features).uniform_(-0.5, 0.5))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.linear(x)
        mean = y.mean(dim=0, keepdim=True)
        var = y.var(dim=0, unbiased=False, keepdim=True)
        y = (y - mean) * torch.rsqrt(var + self.eps)
        return torch.relu(y * self.gamma + self.beta)


def get_inputs():
    return [torch.randn(batch_size, in_features)]


def get_init_inputs():
    return [in_features, out_features, eps]
