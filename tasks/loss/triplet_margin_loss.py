"""Triplet margin loss, mean over the batch of max(||a - p||_2 - ||a - n||_2 + margin, 0) with margin=1.0 (eps=1e-6)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/99_TripletMarginLoss.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 32, "dim": 64},
        "small": {"batch_size": 2048, "dim": 1024},
        "large": {"batch_size": 32768, "dim": 8192},
    },
}

batch_size = 2048
dim = 1024
margin = 1.0


class Model(nn.Module):
    def __init__(self, margin: float):
        super().__init__()
        self.margin = margin

    def forward(self, anchor: torch.Tensor, positive: torch.Tensor, negative: torch.Tensor) -> torch.Tensor:
        return nn.functional.triplet_margin_loss(anchor, positive, negative, margin=self.margin, p=2.0,
                                                 reduction="mean")


def get_inputs():
    anchor = torch.randn(batch_size, dim)
    # per-row noise levels in [0.5, 1): about half of the triplets violate the margin
    positive = anchor + (0.5 + 0.5 * torch.rand(batch_size, 1)) * torch.randn(batch_size, dim)
    negative = anchor + (0.5 + 0.5 * torch.rand(batch_size, 1)) * torch.randn(batch_size, dim)
    return [anchor, positive, negative]


def get_init_inputs():
    return [margin]
