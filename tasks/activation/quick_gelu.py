"""QuickGELU (CLIP's sigmoid approximation of GELU), x * sigmoid(1.702 * x), elementwise on a (batch, tokens, hidden) tensor."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 16, "hidden": 128},
        "small": {"batch_size": 8, "seq_len": 257, "hidden": 3072},
        "large": {"batch_size": 256, "seq_len": 257, "hidden": 5120},
    },
}

batch_size = 8
seq_len = 257
hidden = 3072


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * torch.sigmoid(1.702 * x)


def get_inputs():
    return [torch.randn(batch_size, seq_len, hidden)]


def get_init_inputs():
    return []
