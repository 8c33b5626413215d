"""Margin ranking loss: mean(max(0, -y * (x1 - x2) + margin)) with margin=0.1 and y in {-1, +1} (1-D inputs)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "domain": "fixed",
    "shapes": {
        "tiny": {"num_pairs": 1000},
        "small": {"num_pairs": 2097152},
        "large": {"num_pairs": 268435456},
    },
}

num_pairs = 2097152
margin = 0.1


class Model(nn.Module):
    def __init__(self, margin: float):
        super().__init__()
        self.margin = margin

    def forward(self, x1: torch.Tensor, x2: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return nn.functional.margin_ranking_loss(x1, x2, y, margin=self.margin, reduction="mean")


def get_inputs():
    y = torch.randint(0, 2, (num_pairs,)).float() * 2.0 - 1.0
    x2 = torch.randn(num_pairs)
    x1 = x2 + 0.5 * y + 0.5 * torch.randn(num_pairs)  # mostly ranked as y says
    return [x1, x2, y]


def get_init_inputs():
    return [margin]
