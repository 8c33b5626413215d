"""Video tubelet embedding (ViViT/VideoMAE): 3-D convolution with a 2x16x16 kernel, equal stride, with bias.

Maps an NCTHW clip to an (N, embed_dim, T/2, H/16, W/16) grid of non-overlapping tubelets.
"""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "subcategory": "conv_strided",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "in_channels": 3, "embed_dim": 4, "frames": 2, "image_size": 32},
        "small": {"batch_size": 2, "in_channels": 3, "embed_dim": 384, "frames": 4, "image_size": 224},
        "large": {"batch_size": 32, "in_channels": 3, "embed_dim": 768, "frames": 16, "image_size": 224},
    },
}

batch_size = 2
in_channels = 3
embed_dim = 384
frames = 4
image_size = 224
tubelet_size = 2
patch_size = 16


class Model(nn.Module):
    def __init__(self, in_channels: int, embed_dim: int, tubelet_size: int, patch_size: int):
        super().__init__()
        self.proj = nn.Conv3d(
            in_channels, embed_dim, (tubelet_size, patch_size, patch_size),
            stride=(tubelet_size, patch_size, patch_size), bias=True,
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.proj(x)


def get_inputs():
    return [torch.randn(batch_size, in_channels, frames, image_size, image_size)]


def get_init_inputs():
    return [in_channels, embed_dim, tubelet_size, patch_size]
