"""LayerNorm over the last (hidden) dim of a (batch, seq, hidden) tensor with no learned affine: (x - mean) / sqrt(var + eps)."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 5, "hidden": 96},
        "small": {"batch_size": 16, "seq_len": 256, "hidden": 1024},
        "large": {"batch_size": 16, "seq_len": 4096, "hidden": 4096},
    },
}

batch_size = 16
seq_len = 256
hidden = 1024


class Model(nn.Module):
    def __init__(self, hidden: int, eps: float = 1e-5):
        super().__init__()
        self.hidden = hidden
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.layer_norm(x, (self.hidden,), eps=self.eps)


def get_inputs():
    return [torch.randn(batch_size, seq_len, hidden) * 2.0 + 1.0]


def get_init_inputs():
    return [hidden]
