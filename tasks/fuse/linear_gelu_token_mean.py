"""Token-wise Linear layer (with bias) on a (batch, seq, in) tensor, exact (erf) GELU, then mean pooling over the sequence: -> (batch, out)."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 16, "in_features": 32, "out_features": 48},
        "small": {"batch_size": 8, "seq_len": 256, "in_features": 512, "out_features": 512},
        "large": {"batch_size": 64, "seq_len": 1024, "in_features": 4096, "out_features": 4096},
    },
}

batch_size = 8
seq_len = 256
in_features = 512
out_features = 512


class Model(nn.Module):
    def __init__(self, in_features: int, out_features: int):
        super().__init__()
        self.linear = nn.Linear(in_features, out_features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.gelu(self.linear(x)).mean(dim=1)


def get_inputs():
    return [torch.randn(batch_size, seq_len, in_features)]


def get_init_inputs():
    return [in_features, out_features]
