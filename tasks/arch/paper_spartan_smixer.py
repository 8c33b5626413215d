"""SpaRTAN spatial mixer (SMixer) block on NCHW input: 1x1 reduce to C/2 with GAP re-centring, a 3x3 branch and a two-layer 3x3 dilation-2 branch (each conv-BN-GELU then squeeze-excitation), concatenated and mixed by a 1x1 conv.

SpaRTAN's SMixer gathers multi-order spatial context with kernels of different receptive
fields: x = Conv1x1_{C->C/2}(x); x = x + gamma * (x - GAP(x)); a high-order branch
h = SE(GELU(BN(Conv3x3(x)))) and a low-order branch l = SE(GELU(BN(Conv3x3_dil2(Conv3x3_dil2(x)))))
(padding 2; the first dilated conv has no norm/activation); out = Conv1x1_{C->C}(cat[h, l]).
The 3x3 convs are dense in stages 1-2 (this task) and bias-free; SE is GAP -> 1x1 -> ReLU ->
1x1 -> sigmoid with hidden C/8. BN is eval-mode (per-channel affine with running statistics).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 3,
    "source": "SpaRTAN: Spatial Reinforcement Token-based Aggregation Network",
    "subcategory": "conv_dilated",
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 16, "height": 9, "width": 11},
        "small": {"batch_size": 2, "channels": 32, "height": 56, "width": 56},
        "large": {"batch_size": 128, "channels": 64, "height": 28, "width": 28},
    },
}

batch_size = 2
channels = 32
height = 56
width = 56


def _bn(dim: int) -> nn.BatchNorm2d:
    bn = nn.BatchNorm2d(dim, eps=1e-6)
    with torch.no_grad():  # trained-looking statistics, so the eval-mode affine is not the identity
        bn.weight.uniform_(0.5, 1.5)
        bn.bias.normal_(0.0, 0.1)
        bn.running_mean.normal_(0.0, 0.1)
        bn.running_var.uniform_(0.5, 1.5)
    return bn


class _SE(nn.Module):
    def __init__(self, dim: int, hidden: int):
        super().__init__()
        self.squeeze = nn.Conv2d(dim, hidden, 1)
        self.expand = nn.Conv2d(hidden, dim, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        s = F.adaptive_avg_pool2d(x, 1)
        return x * torch.sigmoid(self.expand(F.relu(self.squeeze(s))))


class Model(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        c = channels // 2
        self.gamma = nn.Parameter(0.5 * torch.rand(1, c, 1, 1))
        self.proj_in = nn.Conv2d(channels, c, 1)
        self.h_conv = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.h_bn = _bn(c)
        self.l_conv1 = nn.Conv2d(c, c, 3, padding=2, dilation=2, bias=False)
        self.l_conv2 = nn.Conv2d(c, c, 3, padding=2, dilation=2, bias=False)
        self.l_bn = _bn(c)
        self.h_se = _SE(c, c // 4)
        self.l_se = _SE(c, c // 4)
        self.proj_out = nn.Conv2d(channels, channels, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.proj_in(x)
        x = x + self.gamma * (x - F.adaptive_avg_pool2d(x, 1))
        h = self.h_se(F.gelu(self.h_bn(self.h_conv(x))))
        l = self.l_se(F.gelu(self.l_bn(self.l_conv2(self.l_conv1(x)))))
        return self.proj_out(torch.cat([h, l], dim=1))


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [channels]
