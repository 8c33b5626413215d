"""Maximum of a 3-D (batch, seq, features) tensor over its first two dimensions: torch.amax(x, dim=(0, 1))."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 4, "seq_len": 30, "features": 48},
        "small": {"batch_size": 64, "seq_len": 512, "features": 256},
        "large": {"batch_size": 64, "seq_len": 4096, "features": 8192},
    },
}

batch_size = 64
seq_len = 512
features = 256


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.amax(x, dim=(0, 1))


def get_inputs():
    return [torch.randn(batch_size, seq_len, features)]


def get_init_inputs():
    return []
