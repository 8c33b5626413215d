"""Multi-hot projection: sum of one-hot encodings of K int64 ids per row, as float32, times a learned (vocab, dim) matrix."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 8, "ids_per_row": 4, "vocab_size": 64, "out_dim": 16},
        "small": {"batch_size": 64, "ids_per_row": 16, "vocab_size": 1024, "out_dim": 256},
        "large": {"batch_size": 2048, "ids_per_row": 16, "vocab_size": 16384, "out_dim": 1024},
    },
}

batch_size = 64
ids_per_row = 16
vocab_size = 1024
out_dim = 256


class Model(nn.Module):
    def __init__(self, vocab_size: int, out_dim: int):
        super().__init__()
        self.vocab_size = vocab_size
        self.weight = nn.Parameter(torch.randn(vocab_size, out_dim) / out_dim**0.5)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        counts = nn.functional.one_hot(ids, self.vocab_size).sum(dim=1).to(self.weight.dtype)
        return counts @ self.weight


def get_inputs():
    return [torch.randint(0, vocab_size, (batch_size, ids_per_row), dtype=torch.int64)]


def get_init_inputs():
    return [vocab_size, out_dim]
