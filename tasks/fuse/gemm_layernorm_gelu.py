"""Linear layer (with bias), LayerNorm over the output features (learned affine, eps 1e-5), then exact (erf) GELU."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 4, "in_features": 64, "out_features": 96},
        "small": {"batch_size": 128, "in_features": 1024, "out_features": 1024},
        "large": {"batch_size": 4096, "in_features": 4096, "out_features": 4096},
    },
}

batch_size = 128
in_features = 1024
out_features = 1024


class Model(nn.Module):
    def __init__(self, in_features: int, out_features: int):
        super().__init__()
        self.linear = nn.Linear(in_features, out_features)
        self.norm = nn.LayerNorm(out_features)
        with torch.no_grad():  # non-trivial affine, so it cannot be skipped
            self.norm.weight.normal_(1.0, 0.2)
            self.norm.bias.normal_(0.0, 0.2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.gelu(self.norm(self.linear(x)))


def get_inputs():
    return [torch.randn(batch_size, in_features)]


def get_init_inputs():
    return [in_features, out_features]
