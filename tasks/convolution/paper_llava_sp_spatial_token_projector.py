"""LLaVA-SP spatial-token projector (pooling variant): from a channels-last ViT patch grid (B,G,G,C), six tokens t_s = Conv2d(C->Co, kernel s x s, no pad, no bias)(AdaptiveAvgPool2d(s)(F)) for s = G/6, 2G/6, ..., G, then Linear(Co->Dm, no bias)(GELU(t)) -> (B,6,Dm).

Paper operator: F is the CLIP-ViT-L/14-336 patch grid (G=24, C=1024). For each scale
s in {4, 8, 12, 16, 20, 24} the grid is adaptively average-pooled to s x s (the s = G branch skips
the pool, which is the identity) and a full-extent valid convolution (kernel size equal to the pooled
map) projects it to one 512-d vector; the six vectors go through GELU and a bias-free Linear to the
LLM width (4096), giving 6 visual spatial tokens that are prepended to the projected patch tokens.
Each full-extent conv is a GEMM with K = C*s*s (the reference computes it that way).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "LLaVA-SP: Enhancing Visual Representation with Visual Spatial Tokens for MLLMs",
    "subcategory": "conv_standard",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "grid": 6, "in_dim": 8, "conv_dim": 8, "llm_dim": 16},
        "small": {"batch_size": 2, "grid": 24, "in_dim": 128, "conv_dim": 128, "llm_dim": 1024},
        "large": {"batch_size": 32, "grid": 24, "in_dim": 1024, "conv_dim": 512, "llm_dim": 4096},
    },
}

batch_size = 2
grid = 24
in_dim = 128
conv_dim = 128
llm_dim = 1024


class Model(nn.Module):
    def __init__(self, grid: int, in_dim: int, conv_dim: int, llm_dim: int):
        super().__init__()
        self.scales = [grid * i // 6 for i in range(1, 7)]
        self.convs = nn.ModuleList(nn.Conv2d(in_dim, conv_dim, s, bias=False) for s in self.scales)
        self.proj = nn.Linear(conv_dim, llm_dim, bias=False)

    def forward(self, feats: torch.Tensor) -> torch.Tensor:
        f = feats.permute(0, 3, 1, 2)  # (B, C, G, G)
        grid_size = f.shape[-1]
        tokens = []
        for s, conv in zip(self.scales, self.convs, strict=True):
            p = f if s == grid_size else F.adaptive_avg_pool2d(f, s)
            # a valid conv whose kernel covers the whole s x s map: a GEMM over (C, s, s)
            tokens.append(F.linear(p.flatten(1), conv.weight.flatten(1)))
        t = torch.stack(tokens, dim=1)  # (B, 6, Co)
        return self.proj(F.gelu(t))


def get_inputs():
    return [torch.randn(batch_size, grid, grid, in_dim)]


def get_init_inputs():
    return [grid, in_dim, conv_dim, llm_dim]
