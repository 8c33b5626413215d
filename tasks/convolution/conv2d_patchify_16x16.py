"""ViT patch embedding: 2-D convolution with a 16x16 kernel, stride 16, with bias (NCHW -> N x D x H/16 x W/16)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "conv_strided",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "in_channels": 3, "embed_dim": 4, "image_size": 32},
        "small": {"batch_size": 4, "in_channels": 3, "embed_dim": 768, "image_size": 224},
        "large": {"batch_size": 256, "in_channels": 3, "embed_dim": 1024, "image_size": 224},
    },
}

batch_size = 4
in_channels = 3
embed_dim = 768
image_size = 224
patch_size = 16


class Model(nn.Module):
    def __init__(self, in_channels: int, embed_dim: int, patch_size: int):
        super().__init__()
        self.proj = nn.Conv2d(in_channels, embed_dim, patch_size, stride=patch_size, bias=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.proj(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, image_size, image_size)]


def get_init_inputs():
    return [in_channels, embed_dim, patch_size]
