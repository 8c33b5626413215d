"""Out-of-place index_add along dim 0: x with row src[k] added to row x[idx[k]] for every k (duplicates add up)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "MultiKernelBench",
    "mirrors": "MultiKernelBench/index/index_add",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"rows": 20, "cols": 48, "num_src": 60},
        "small": {"rows": 512, "cols": 2048, "num_src": 1024},
        "large": {"rows": 16384, "cols": 4096, "num_src": 131072},
    },
}

rows = 512
cols = 2048
num_src = 1024


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, idx: torch.Tensor, src: torch.Tensor) -> torch.Tensor:
        return x.clone().index_add_(0, idx, src)  # x itself is left unchanged


def get_inputs():
    x = torch.randn(rows, cols)
    idx = torch.randint(0, rows, (num_src,), dtype=torch.int64)
    src = torch.randn(num_src, cols)
    return [x, idx, src]


def get_init_inputs():
    return []
