"""Two-layer feed-forward block: Linear (with bias), exact (erf) GELU, Linear (with bias), on (batch, features) rows."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 4, "in_features": 48, "hidden_features": 64, "out_features": 40},
        "small": {"batch_size": 128, "in_features": 1024, "hidden_features": 2048, "out_features": 1024},
        "large": {"batch_size": 8192, "in_features": 4096, "hidden_features": 16384, "out_features": 4096},
    },
}

batch_size = 128
in_features = 1024
hidden_features = 2048
out_features = 1024


class Model(nn.Module):
    def __init__(self, in_features: int, hidden_features: int, out_features: int):
        super().__init__()
        self.fc1 = nn.Linear(in_features, hidden_features)
        self.fc2 = nn.Linear(hidden_features, out_features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(F.gelu(self.fc1(x)))


def get_inputs():
    return [torch.randn(batch_size, in_features)]


def get_init_inputs():
    return [in_features, hidden_features, out_features]
