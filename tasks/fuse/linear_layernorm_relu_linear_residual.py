"""Residual MLP block x + W2(relu(LayerNorm(W1 x))): Linear (dim -> hidden), LayerNorm (learned affine), ReLU, Linear (hidden -> dim), residual add."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 4, "dim": 32, "hidden": 64},
        "small": {"batch_size": 256, "dim": 512, "hidden": 1024},
        "large": {"batch_size": 8192, "dim": 2048, "hidden": 8192},
    },
}

batch_size = 256
dim = 512
hidden = 1024


class Model(nn.Module):
    def __init__(self, dim: int, hidden: int):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.norm = nn.LayerNorm(hidden)
        self.fc2 = nn.Linear(hidden, dim)
        with torch.no_grad():  # non-trivial affine, so it cannot be skipped
            self.norm.weight.normal_(1.0, 0.2)
            self.norm.bias.normal_(0.0, 0.2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.fc2(torch.relu(self.norm(self.fc1(x))))


def get_inputs():
    return [torch.randn(batch_size, dim)]


def get_init_inputs():
    return [dim, hidden]
