"""Pre-norm transformer encoder layer: x + MHSA(LayerNorm(x)) (fused QKV projection, softmax attention without mask, output projection), then x + FFN(LayerNorm(x)) with a GELU MLP; (batch, seq, dim)."""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 3,
    "source": "Attention Is All You Need",
    "tolerance": {"atol": 1e-3, "rtol": 1e-3},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 8, "dim": 32, "num_heads": 2, "ffn_dim": 64},
        "small": {"batch_size": 4, "seq_len": 64, "dim": 256, "num_heads": 4, "ffn_dim": 1024},
        "large": {"batch_size": 32, "seq_len": 1024, "dim": 1024, "num_heads": 16, "ffn_dim": 4096},
    },
}

batch_size = 4
seq_len = 64
dim = 256
num_heads = 4
ffn_dim = 1024


def _randomize_layernorm(module: nn.Module) -> None:
    """Trained-looking LayerNorm affine parameters, so no normalisation is a plain standardisation."""
    with torch.no_grad():
        for m in module.modules():
            if isinstance(m, nn.LayerNorm):
                m.weight.normal_(1.0, 0.2)
                m.bias.normal_(0.0, 0.2)


class Model(nn.Module):
    def __init__(self, dim: int, num_heads: int, ffn_dim: int):
        super().__init__()
        self.num_heads = num_heads
        self.norm1 = nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.out = nn.Linear(dim, dim)
        self.norm2 = nn.LayerNorm(dim)
        self.fc1 = nn.Linear(dim, ffn_dim)
        self.fc2 = nn.Linear(ffn_dim, dim)
        _randomize_layernorm(self)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, s, d = x.shape
        h = self.num_heads
        q, k, v = self.qkv(self.norm1(x)).view(b, s, 3, h, d // h).permute(2, 0, 3, 1, 4)
        att = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(d // h), dim=-1)
        y = (att @ v).transpose(1, 2).reshape(b, s, d)
        x = x + self.out(y)
        return x + self.fc2(F.gelu(self.fc1(self.norm2(x))))


def get_inputs():
    return [torch.randn(batch_size, seq_len, dim)]


def get_init_inputs():
    return [dim, num_heads, ffn_dim]
