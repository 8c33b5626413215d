"""LoCoCo KV-cache fusion: per (batch, head), Conv1d(2D->M, k=21, pad 10, bias) over the token axis of [K;V], ReLU, softmax over tokens, blended with a one-hot residual selection, then fused K' = W K and V' = W V (each (B,H,M,D)).

Paper operator: the S non-heavy-hitter tokens of a KV cache (keys K and values V, (B,H,S,D)) are
compressed into M slots. Keys and values are stacked on the feature axis, X = [K;V]^T in R^{2D x S},
and a 1-D convolution over the token axis gives mixing logits A = ReLU(Conv1d(X)) in R^{M x S}
(the conv weights are shared by all heads); P = softmax_S(A). The mixing matrix is blended with a
one-hot residual selection R (row m is one-hot at res_idx[m], the m-th kept token, ascending order):
Wt = alpha*P + (1-alpha)*R, with alpha a learnable scalar (initialised to 0.5). Outputs Wt@K, Wt@V.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "LoCoCo: Dropping In Convolutions for Long Context Compression",
    "subcategory": "conv_1d_sequence",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "num_heads": 2, "seq_len": 24, "head_dim": 8, "mem_slots": 6},
        "small": {"batch_size": 1, "num_heads": 8, "seq_len": 384, "head_dim": 128, "mem_slots": 128},
        "large": {"batch_size": 1, "num_heads": 32, "seq_len": 768, "head_dim": 128, "mem_slots": 256},
    },
}

batch_size = 1
num_heads = 8
seq_len = 384
head_dim = 128
mem_slots = 128
kernel_size = 21


class Model(nn.Module):
    def __init__(self, head_dim: int, mem_slots: int, kernel_size: int):
        super().__init__()
        self.conv = nn.Conv1d(2 * head_dim, mem_slots, kernel_size, padding=(kernel_size - 1) // 2, bias=True)
        self.alpha = nn.Parameter(torch.full((1,), 0.5))

    def forward(self, k: torch.Tensor, v: torch.Tensor, res_idx: torch.Tensor):
        b, h, s, d = k.shape
        x = torch.cat([k, v], dim=-1).reshape(b * h, s, 2 * d).transpose(1, 2)  # (BH, 2D, S)
        w = torch.softmax(F.relu(self.conv(x)), dim=-1).view(b, h, -1, s)  # (B, H, M, S)
        r = torch.zeros_like(w).scatter_(-1, res_idx.unsqueeze(-1), 1.0)
        w = r * (1.0 - self.alpha) + w * self.alpha
        return torch.matmul(w, k), torch.matmul(w, v)


def get_inputs():
    k = torch.randn(batch_size, num_heads, seq_len, head_dim)
    v = torch.randn(batch_size, num_heads, seq_len, head_dim)
    # the M kept positions per (batch, head): distinct, in ascending order
    scores = torch.rand(batch_size, num_heads, seq_len)
    res_idx = scores.topk(mem_slots, dim=-1).indices.sort(dim=-1).values
    return [k, v, res_idx]


def get_init_inputs():
    return [head_dim, mem_slots, kernel_size]
