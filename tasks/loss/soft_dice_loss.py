"""Soft Dice loss of NCHW logits vs {0, 1} masks: 1 - mean over (n, c) of (2*sum(p*t) + 1) / (sum(p) + sum(t) + 1), p = sigmoid.

Sums run over the spatial dimensions (H, W); the smoothing constant is 1.
"""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "domain": "fixed",
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 3, "height": 16, "width": 16},
        "small": {"batch_size": 16, "channels": 8, "height": 128, "width": 128},
        "large": {"batch_size": 64, "channels": 16, "height": 512, "width": 512},
    },
}

batch_size = 16
channels = 8
height = 128
width = 128
smooth = 1.0


class Model(nn.Module):
    def __init__(self, smooth: float):
        super().__init__()
        self.smooth = smooth

    def forward(self, logits: torch.Tensor, masks: torch.Tensor) -> torch.Tensor:
        p = torch.sigmoid(logits)
        inter = torch.sum(p * masks, dim=(2, 3))
        denom = torch.sum(p, dim=(2, 3)) + torch.sum(masks, dim=(2, 3))
        dice = (2.0 * inter + self.smooth) / (denom + self.smooth)
        return 1.0 - torch.mean(dice)


def get_inputs():
    masks = (torch.rand(batch_size, channels, height, width) < 0.3).float()
    logits = 3.0 * masks - 1.5 + torch.randn(batch_size, channels, height, width)  # correlated with the masks
    return [logits, masks]


def get_init_inputs():
    return [smooth]
