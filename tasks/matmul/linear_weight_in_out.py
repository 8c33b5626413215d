"""GPT-2 style Conv1D projection y = x @ W + b on (batch, seq, in) input, with the weight stored transposed as (in, out) (addmm)."""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 6, "in_features": 32, "out_features": 48},
        "small": {"batch_size": 4, "seq_len": 128, "in_features": 768, "out_features": 768},
        "large": {"batch_size": 16, "seq_len": 2048, "in_features": 4096, "out_features": 12288},
    },
}

batch_size = 4
seq_len = 128
in_features = 768
out_features = 768


class Model(nn.Module):
    def __init__(self, in_features: int, out_features: int):
        super().__init__()
        bound = 1.0 / math.sqrt(in_features)
        self.weight = nn.Parameter(torch.empty(in_features, out_features).uniform_(-bound, bound))  # (in, out)
        self.bias = nn.Parameter(torch.randn(out_features) * 0.5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        lead = x.shape[:-1]
        y = torch.addmm(self.bias, x.reshape(-1, x.shape[-1]), self.weight)
        return y.reshape(*lead, self.weight.shape[1])


def get_inputs():
    return [torch.randn(batch_size, seq_len, in_features)]


def get_init_inputs():
    return [in_features, out_features]
