"""EfficientNet MBConv block with squeeze-and-excitation (eval mode, stride 1): 1x1 expand conv-BN-SiLU, 3x3 depthwise conv-BN-SiLU, SE gate (global average pool, 1x1 reduce, SiLU, 1x1 expand, sigmoid, channel scaling), 1x1 projection conv-BN, residual add."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 3,
    "source": "EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 8, "expand_ratio": 4, "height": 8, "width": 8},
        "small": {"batch_size": 8, "channels": 32, "expand_ratio": 4, "height": 32, "width": 32},
        "large": {"batch_size": 128, "channels": 40, "expand_ratio": 6, "height": 56, "width": 56},
    },
}

batch_size = 8
channels = 32
expand_ratio = 4
height = 32
width = 32
se_ratio = 0.25


def _randomize_batchnorm(module: nn.Module) -> None:
    """Trained-looking BatchNorm statistics and affine parameters, so no normalisation is an identity."""
    with torch.no_grad():
        for m in module.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 1.5)


class Model(nn.Module):
    def __init__(self, channels: int, expand_ratio: int, se_ratio: float):
        super().__init__()
        hidden = channels * expand_ratio
        squeezed = max(1, int(channels * se_ratio))
        self.expand = nn.Conv2d(channels, hidden, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(hidden)
        self.depthwise = nn.Conv2d(hidden, hidden, 3, padding=1, groups=hidden, bias=False)
        self.bn2 = nn.BatchNorm2d(hidden)
        self.se_reduce = nn.Conv2d(hidden, squeezed, 1)
        self.se_expand = nn.Conv2d(squeezed, hidden, 1)
        self.project = nn.Conv2d(hidden, channels, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(channels)
        _randomize_batchnorm(self)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = F.silu(self.bn1(self.expand(x)))
        h = F.silu(self.bn2(self.depthwise(h)))
        s = h.mean(dim=(2, 3), keepdim=True)
        s = torch.sigmoid(self.se_expand(F.silu(self.se_reduce(s))))
        h = h * s
        return x + self.bn3(self.project(h))


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [channels, expand_ratio, se_ratio]
