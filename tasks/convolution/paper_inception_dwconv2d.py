"""InceptionNeXt token mixer: channel split into identity / depthwise 3x3 / depthwise 1xK / depthwise Kx1 branches (stride 1, 'same' padding, with bias), concatenated back (NCHW).

InceptionNeXt (InceptionDWConv2d) decomposes a large depthwise kernel into parallel branches over a
channel split (C-3g, g, g, g) with g = int(C * ratio): the first part passes through unchanged, the
second gets a depthwise 3x3 conv (padding 1), the third a depthwise 1xK band conv (padding (0, K//2)),
the fourth a depthwise Kx1 band conv (padding (K//2, 0)); every conv has a bias and the four parts are
concatenated along channels. Defaults: K = 11, ratio = 0.125 (the atto variant uses K = 9, ratio 0.25).
"""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "InceptionNeXt: When Inception Meets ConvNeXt",
    "subcategory": "conv_depthwise",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 16, "height": 9, "width": 13},
        "small": {"batch_size": 4, "channels": 96, "height": 56, "width": 56},
        "large": {"batch_size": 128, "channels": 96, "height": 56, "width": 56},
    },
}

batch_size = 4
channels = 96
height = 56
width = 56
square_kernel_size = 3
band_kernel_size = 11
branch_ratio = 0.125


class Model(nn.Module):
    def __init__(self, channels: int, square_kernel_size: int = 3, band_kernel_size: int = 11,
                 branch_ratio: float = 0.125):
        super().__init__()
        g = int(channels * branch_ratio)
        self.split = (channels - 3 * g, g, g, g)
        self.dw_square = nn.Conv2d(g, g, square_kernel_size, padding=square_kernel_size // 2, groups=g)
        self.dw_band_w = nn.Conv2d(g, g, (1, band_kernel_size), padding=(0, band_kernel_size // 2), groups=g)
        self.dw_band_h = nn.Conv2d(g, g, (band_kernel_size, 1), padding=(band_kernel_size // 2, 0), groups=g)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x_id, x_sq, x_w, x_h = torch.split(x, self.split, dim=1)
        return torch.cat((x_id, self.dw_square(x_sq), self.dw_band_w(x_w), self.dw_band_h(x_h)), dim=1)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [channels, square_kernel_size, band_kernel_size, branch_ratio]
