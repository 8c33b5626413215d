"""Inference-mode BatchNorm2d over an NCHW tensor: per-channel (x - running_mean) / sqrt(running_var + eps) * weight + bias."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 6, "height": 9, "width": 11},
        "small": {"batch_size": 16, "channels": 64, "height": 56, "width": 56},
        "large": {"batch_size": 64, "channels": 256, "height": 112, "width": 112},
    },
}

batch_size = 16
channels = 64
height = 56
width = 56


class Model(nn.Module):
    def __init__(self, channels: int, eps: float = 1e-5):
        super().__init__()
        self.bn = nn.BatchNorm2d(channels, eps=eps, affine=True, track_running_stats=True)
        with torch.no_grad():
            c = torch.arange(channels, dtype=torch.float32)
            # non-default running statistics, as after training
            self.bn.running_mean.copy_(0.5 * torch.sin(0.7 * c))
            self.bn.running_var.copy_(0.5 + 0.25 * torch.remainder(c, 7.0))
            self.bn.weight.normal_(1.0, 0.2)
            self.bn.bias.normal_(0.0, 0.2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.bn(x)  # the model runs in eval mode: running statistics are used


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [channels]
