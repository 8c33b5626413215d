"""CRMSNorm (Pre-CRMSNorm Transformers): x holds the first d-1 coordinates of a zero-mean d-vector; y = weight * x / sqrt((sum x^2 + (sum x)^2) / d + eps).

The last coordinate of the implicit zero-mean vector is -sum(x), so the RMS of the full d-vector is computed from the
compressed (d-1)-vector alone; the normalisation runs over the last dim of a (batch, seq, d-1) tensor.
"""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 5, "hidden": 63},
        "small": {"batch_size": 16, "seq_len": 256, "hidden": 767},
        "large": {"batch_size": 16, "seq_len": 4096, "hidden": 4095},
    },
}

batch_size = 16
seq_len = 256
hidden = 767  # d - 1


class Model(nn.Module):
    def __init__(self, hidden: int, eps: float = 1e-6):
        super().__init__()
        self.eps = eps
        self.d = hidden + 1
        self.weight = nn.Parameter(torch.empty(hidden).normal_(1.0, 0.2))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        sq = (x * x).sum(dim=-1, keepdim=True)
        s = x.sum(dim=-1, keepdim=True)
        rms = torch.sqrt((sq + s * s) / self.d + self.eps)
        return x / rms * self.weight


def get_inputs():
    return [torch.randn(batch_size, seq_len, hidden)]


def get_init_inputs():
    return [hidden]
