"""Fully connected layer y = x @ W^T + b (nn.Linear, weight stored (out, in), with bias) on a (batch, in_features) input."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 8, "in_features": 48, "out_features": 40},
        "small": {"batch_size": 256, "in_features": 1024, "out_features": 512},
        "large": {"batch_size": 8192, "in_features": 8192, "out_features": 8192},
    },
}

batch_size = 256
in_features = 1024
out_features = 512


class Model(nn.Module):
    def __init__(self, in_features: int, out_features: int):
        super().__init__()
        self.fc = nn.Linear(in_features, out_features, bias=True)
        with torch.no_grad():  # a bias large enough to matter next to x @ W^T
            self.fc.bias.normal_(0.0, 0.5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(x)


def get_inputs():
    return [torch.randn(batch_size, in_features)]


def get_init_inputs():
    return [in_features, out_features]
