"""Segment sum: rows of x (N, D) summed into num_segments outputs by sorted int64 segment ids (zeros.index_add dim 0)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"num_rows": 100, "dim": 16, "num_segments": 10},
        "small": {"num_rows": 4096, "dim": 512, "num_segments": 256},
        "large": {"num_rows": 4194304, "dim": 256, "num_segments": 65536},
    },
}

num_rows = 4096
dim = 512
num_segments = 256


class Model(nn.Module):
    def __init__(self, num_segments: int):
        super().__init__()
        self.num_segments = num_segments

    def forward(self, x: torch.Tensor, segment_ids: torch.Tensor) -> torch.Tensor:
        out = torch.zeros(self.num_segments, x.shape[1], dtype=x.dtype, device=x.device)
        return out.index_add_(0, segment_ids, x)


def get_inputs():
    x = torch.randn(num_rows, dim)
    segment_ids = torch.sort(torch.randint(0, num_segments, (num_rows,), dtype=torch.int64)).values
    return [x, segment_ids]


def get_init_inputs():
    return [num_segments]
