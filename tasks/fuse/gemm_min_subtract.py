"""Linear layer (with bias) whose output rows are shifted by their own minimum: y - min(y, dim=1, keepdim=True)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 4, "in_features": 64, "out_features": 72},
        "small": {"batch_size": 256, "in_features": 1024, "out_features": 1024},
        "large": {"batch_size": 4096, "in_features": 8192, "out_features": 8192},
    },
}

batch_size = 256
in_features = 1024
out_features = 1024


class Model(nn.Module):
    def __init__(self, in_features: int, out_features: int):
        super().__init__()
        self.linear = nn.Linear(in_features, out_features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.linear(x)
        return y - y.amin(dim=1, keepdim=True)


def get_inputs():
    return [torch.randn(batch_size, in_features)]


def get_init_inputs():
    return [in_features, out_features]
