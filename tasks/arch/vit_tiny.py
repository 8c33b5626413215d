"""A tiny Vision Transformer: non-overlapping patch embedding (conv with kernel = stride = patch), a class token and learned position embeddings, post-norm encoder layers (softmax self-attention, ReLU MLP), and a Linear-GELU-Linear head on the class token."""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 3,
    "source": "KernelBench",
    "mirrors": "KernelBench/level3/28_VisionTransformer.py",
    "tolerance": {"atol": 1e-3, "rtol": 1e-3},
    "shapes": {
        "tiny": {"batch_size": 2, "image_size": 8, "patch_size": 4, "dim": 16, "depth": 2, "heads": 2,
                 "mlp_dim": 32, "num_classes": 10},
        "small": {"batch_size": 8, "image_size": 32, "patch_size": 4, "dim": 128, "depth": 2, "heads": 4,
                  "mlp_dim": 256, "num_classes": 10},
        "large": {"batch_size": 64, "image_size": 224, "patch_size": 16, "dim": 768, "depth": 12, "heads": 12,
                  "mlp_dim": 3072, "num_classes": 1000},
    },
}

batch_size = 8
image_size = 32
patch_size = 4
dim = 128
depth = 2
heads = 4
mlp_dim = 256
num_classes = 10
channels = 3


class EncoderLayer(nn.Module):
    """Post-norm layer: x = LN(x + SelfAttention(x)); x = LN(x + Linear(ReLU(Linear(x))))."""

    def __init__(self, dim: int, heads: int, mlp_dim: int):
        super().__init__()
        self.heads = heads
        self.in_proj = nn.Linear(dim, 3 * dim)
        self.out_proj = nn.Linear(dim, dim)
        self.norm1 = nn.LayerNorm(dim)
        self.fc1 = nn.Linear(dim, mlp_dim)
        self.fc2 = nn.Linear(mlp_dim, dim)
        self.norm2 = nn.LayerNorm(dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, s, d = x.shape
        q, k, v = self.in_proj(x).view(b, s, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        att = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(d // self.heads), dim=-1)
        y = self.out_proj((att @ v).transpose(1, 2).reshape(b, s, d))
        x = self.norm1(x + y)
        return self.norm2(x + self.fc2(F.relu(self.fc1(x))))


class Model(nn.Module):
    def __init__(self, image_size: int, patch_size: int, num_classes: int, dim: int, depth: int, heads: int,
                 mlp_dim: int, channels: int):
        super().__init__()
        num_patches = (image_size // patch_size) ** 2
        self.patch_embed = nn.Conv2d(channels, dim, patch_size, stride=patch_size)
        self.cls_token = nn.Parameter(torch.randn(1, 1, dim))
        self.pos_embedding = nn.Parameter(torch.randn(1, num_patches + 1, dim))
        self.layers = nn.ModuleList(EncoderLayer(dim, heads, mlp_dim) for _ in range(depth))
        self.head1 = nn.Linear(dim, mlp_dim)
        self.head2 = nn.Linear(mlp_dim, num_classes)

    def forward(self, img: torch.Tensor) -> torch.Tensor:
        x = self.patch_embed(img).flatten(2).transpose(1, 2)
        cls = self.cls_token.expand(x.shape[0], -1, -1)
        x = torch.cat((cls, x), dim=1) + self.pos_embedding
        for layer in self.layers:
            x = layer(x)
        return self.head2(F.gelu(self.head1(x[:, 0])))


def get_inputs():
    return [torch.randn(batch_size, channels, image_size, image_size)]


def get_init_inputs():
    return [image_size, patch_size, num_classes, dim, depth, heads, mlp_dim, channels]
