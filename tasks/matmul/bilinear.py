"""Bilinear layer y[b, o] = x1[b]^T W[o] x2[b] + bias[o] (nn.Bilinear) over a batch of paired feature vectors."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 4, "in1_features": 12, "in2_features": 10, "out_features": 6},
        "small": {"batch_size": 128, "in1_features": 128, "in2_features": 96, "out_features": 64},
        "large": {"batch_size": 8192, "in1_features": 512, "in2_features": 512, "out_features": 256},
    },
}

batch_size = 128
in1_features = 128
in2_features = 96
out_features = 64


class Model(nn.Module):
    def __init__(self, in1_features: int, in2_features: int, out_features: int):
        super().__init__()
        self.bilinear = nn.Bilinear(in1_features, in2_features, out_features, bias=True)

    def forward(self, x1: torch.Tensor, x2: torch.Tensor) -> torch.Tensor:
        return self.bilinear(x1, x2)


def get_inputs():
    x1 = torch.randn(batch_size, in1_features)
    x2 = torch.randn(batch_size, in2_features)
    return [x1, x2]


def get_init_inputs():
    return [in1_features, in2_features, out_features]
