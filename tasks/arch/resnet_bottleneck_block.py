"""ResNet bottleneck block (eval mode): 1x1 conv-BN-ReLU, 3x3 conv(stride)-BN-ReLU, 1x1 conv (4x expansion)-BN, plus a 1x1 conv(stride)-BN projection shortcut, then ReLU."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 3,
    "source": "Deep Residual Learning for Image Recognition",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 8, "planes": 2, "height": 10, "width": 10},
        "small": {"batch_size": 8, "in_channels": 64, "planes": 32, "height": 40, "width": 40},
        "large": {"batch_size": 64, "in_channels": 256, "planes": 128, "height": 56, "width": 56},
    },
}

batch_size = 8
in_channels = 64
planes = 32
height = 40
width = 40
stride = 2
expansion = 4


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
    def __init__(self, in_channels: int, planes: int, stride: int, expansion: int):
        super().__init__()
        out_channels = planes * expansion
        self.conv1 = nn.Conv2d(in_channels, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, out_channels, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(out_channels)
        self.downsample = nn.Sequential(
            nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
            nn.BatchNorm2d(out_channels),
        )
        _randomize_batchnorm(self)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = torch.relu(self.bn1(self.conv1(x)))
        out = torch.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return torch.relu(out + self.downsample(x))


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, planes, stride, expansion]
