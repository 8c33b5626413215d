"""OverFeat-fast first layer on NCHW images: 11x11 conv 3->96 with stride 4 and no padding (with bias), ReLU, then 2x2 max pooling with stride 2.

CNN features off-the-shelf uses the OverFeat "fast" network as a frozen feature extractor on
231x231 crops (the 4096-d output of its first fully-connected layer). Its distinctive primitive is
the first layer: a large 11x11 kernel with stride 4 on the RGB image (231 -> 56), ReLU and a
2x2/2 max-pool (56 -> 28). INFERRED from the OverFeat architecture (the paper has no code).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "CNN Features off-the-shelf: an Astounding Baseline for Recognition",
    "subcategory": "conv_standard",
    "shapes": {
        "tiny": {"batch_size": 1, "out_channels": 8, "height": 35, "width": 35},
        "small": {"batch_size": 4, "out_channels": 96, "height": 231, "width": 231},
        "large": {"batch_size": 256, "out_channels": 96, "height": 231, "width": 231},
    },
}

batch_size = 4
in_channels = 3
out_channels = 96
height = 231
width = 231


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, 11, stride=4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.max_pool2d(F.relu(self.conv(x)), 2, 2)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels]
