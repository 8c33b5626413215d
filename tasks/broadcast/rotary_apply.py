"""Apply rotary position embedding tables: x * cos + rotate_half(x) * sin for x[B, H, S, D] and cos, sin of shape [S, D] broadcast over batch and heads.

rotate_half(x) = cat(-x[..., D/2:], x[..., :D/2]) (the GPT-NeoX / LLaMA half-split convention).
"""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"batch_size": 1, "heads": 2, "seq_len": 16, "head_dim": 32},
        "small": {"batch_size": 2, "heads": 8, "seq_len": 256, "head_dim": 128},
        "large": {"batch_size": 16, "heads": 32, "seq_len": 4096, "head_dim": 128},
    },
}

batch_size = 2
heads = 8
seq_len = 256
head_dim = 128


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
        half = x.shape[-1] // 2
        rotated = torch.cat((-x[..., half:], x[..., :half]), dim=-1)
        return x * cos + rotated * sin


def get_inputs():
    x = torch.randn(batch_size, heads, seq_len, head_dim)
    # genuine rotary tables with a random phase offset per draw (so each draw gives other tables)
    inv_freq = 1.0 / (10000.0 ** (torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim))
    pos = torch.arange(seq_len, dtype=torch.float32) + 1000.0 * torch.rand(1)
    angles = pos[:, None] * inv_freq[None, :]
    angles = torch.cat((angles, angles), dim=-1)
    return [x, torch.cos(angles), torch.sin(angles)]


def get_init_inputs():
    return []
