"""MobileNetV2 inverted residual block (eval mode, stride 1): 1x1 expand conv-BN-ReLU6, 3x3 depthwise conv-BN-ReLU6, 1x1 linear projection conv-BN, plus the input (residual)."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 3,
    "source": "MobileNetV2: Inverted Residuals and Linear Bottlenecks",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 4, "expand_ratio": 6, "height": 10, "width": 10},
        "small": {"batch_size": 8, "channels": 24, "expand_ratio": 6, "height": 32, "width": 32},
        "large": {"batch_size": 128, "channels": 32, "expand_ratio": 6, "height": 112, "width": 112},
    },
}

batch_size = 8
channels = 24
expand_ratio = 6
height = 32
width = 32


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
    def __init__(self, channels: int, expand_ratio: int):
        super().__init__()
        hidden = channels * expand_ratio
        self.expand = nn.Conv2d(channels, hidden, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(hidden)
        self.depthwise = nn.Conv2d(hidden, hidden, 3, padding=1, groups=hidden, bias=False)
        self.bn2 = nn.BatchNorm2d(hidden)
        self.project = nn.Conv2d(hidden, channels, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(channels)
        _randomize_batchnorm(self)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = F.relu6(self.bn1(self.expand(x)))
        h = F.relu6(self.bn2(self.depthwise(h)))
        return x + self.bn3(self.project(h))


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [channels, expand_ratio]
