"""A small U-Net (eval mode): double conv3x3-BN-ReLU blocks, two 2x2 max-pool downsamplings, a bottleneck, two 2x2 transposed-conv upsamplings each concatenated with the matching encoder features (skip), and a 1x1 conv head."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 3,
    "source": "U-Net: Convolutional Networks for Biomedical Image Segmentation",
    "tolerance": {"atol": 1e-3, "rtol": 1e-3},
    "shapes": {
        "tiny": {"batch_size": 1, "in_channels": 3, "out_channels": 2, "base": 4, "height": 8, "width": 8},
        "small": {"batch_size": 2, "in_channels": 3, "out_channels": 4, "base": 16, "height": 48, "width": 48},
        "large": {"batch_size": 16, "in_channels": 3, "out_channels": 8, "base": 64, "height": 256, "width": 256},
    },
}

batch_size = 2
in_channels = 3
out_channels = 4
base = 16
height = 48
width = 48


class DoubleConv(nn.Module):
    def __init__(self, cin: int, cout: int):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(x)))


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, base: int):
        super().__init__()
        self.enc1 = DoubleConv(in_channels, base)
        self.enc2 = DoubleConv(base, 2 * base)
        self.bottleneck = DoubleConv(2 * base, 4 * base)
        self.up2 = nn.ConvTranspose2d(4 * base, 2 * base, 2, stride=2)
        self.dec2 = DoubleConv(4 * base, 2 * base)
        self.up1 = nn.ConvTranspose2d(2 * base, base, 2, stride=2)
        self.dec1 = DoubleConv(2 * base, base)
        self.head = nn.Conv2d(base, out_channels, 1)
        with torch.no_grad():  # trained-looking BatchNorm statistics and affine parameters
            for m in self.modules():
                if isinstance(m, nn.BatchNorm2d):
                    m.weight.uniform_(0.5, 1.5)
                    m.bias.uniform_(-0.2, 0.2)
                    m.running_mean.uniform_(-0.2, 0.2)
                    m.running_var.uniform_(0.5, 1.5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        e1 = self.enc1(x)
        e2 = self.enc2(F.max_pool2d(e1, 2))
        b = self.bottleneck(F.max_pool2d(e2, 2))
        d2 = self.dec2(torch.cat([self.up2(b), e2], dim=1))
        d1 = self.dec1(torch.cat([self.up1(d2), e1], dim=1))
        return self.head(d1)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, base]
