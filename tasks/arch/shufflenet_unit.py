"""ShuffleNet unit (eval mode): 1x1 group conv-BN-ReLU to out/4 channels, 3x3 depthwise conv-BN, channel shuffle, 1x1 group conv-BN-ReLU, plus a 1x1 conv-BN projection shortcut."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 3,
    "source": "KernelBench",
    "mirrors": "KernelBench/level3/25_ShuffleNetUnit.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 6, "out_channels": 12, "groups": 3, "height": 8, "width": 8},
        "small": {"batch_size": 8, "in_channels": 48, "out_channels": 96, "groups": 3, "height": 32, "width": 32},
        "large": {"batch_size": 64, "in_channels": 240, "out_channels": 480, "groups": 3, "height": 112,
                  "width": 112},
    },
}

batch_size = 8
in_channels = 48
out_channels = 96
groups = 3
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
    def __init__(self, in_channels: int, out_channels: int, groups: int):
        super().__init__()
        mid = out_channels // 4
        self.groups = groups
        self.conv1 = nn.Conv2d(in_channels, mid, 1, groups=groups, bias=False)
        self.bn1 = nn.BatchNorm2d(mid)
        self.conv2 = nn.Conv2d(mid, mid, 3, padding=1, groups=mid, bias=False)
        self.bn2 = nn.BatchNorm2d(mid)
        self.conv3 = nn.Conv2d(mid, out_channels, 1, groups=groups, bias=False)
        self.bn3 = nn.BatchNorm2d(out_channels)
        self.shortcut = nn.Sequential(nn.Conv2d(in_channels, out_channels, 1, bias=False),
                                      nn.BatchNorm2d(out_channels))
        _randomize_batchnorm(self)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = torch.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        n, c, h, w = out.shape
        out = out.view(n, self.groups, c // self.groups, h, w).transpose(1, 2).reshape(n, c, h, w)
        out = torch.relu(self.bn3(self.conv3(out)))
        return out + self.shortcut(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, groups]
