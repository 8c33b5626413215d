"""LSMS-style language-guided multi-scale conv attention on NCHW visual features (B,C,H,W) and word features (B,T,768): multi-scale depthwise strip-conv attention (5x5, then 1xk/kx1 for k=7,11,21) gating x, multiplied by a visual-to-language cross-attention -> (B,C,H,W).

Paper operator (INFERRED: the code was not released; this is the closest standard primitive to
"diverse convolutional kernels interacting with linguistic features", SegNeXt-MSCA style):
a = DW5x5(x); att = a + sum_{k in 7,11,21} DW_{kx1}(DW_{1xk}(a)) (all depthwise, same padding, bias);
vis = Conv1x1(att) * x; lang = softmax(Q(x) K(t)^T / sqrt(C)) V(t) with x as H*W query tokens,
Q: Linear(C,C), K, V: Linear(768,C); out = vis * lang (reshaped back to B,C,H,W).
"""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "LSMS: Language-guided Scale-aware MedSegmentor",
    "subcategory": "conv_attention_hybrid",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 4, "height": 12, "width": 10, "num_words": 5, "text_dim": 16},
        "small": {"batch_size": 2, "channels": 64, "height": 64, "width": 64, "num_words": 20, "text_dim": 768},
        "large": {"batch_size": 8, "channels": 128, "height": 128, "width": 128, "num_words": 20, "text_dim": 768},
    },
}

batch_size = 2
channels = 64
height = 64
width = 64
num_words = 20
text_dim = 768


class Model(nn.Module):
    def __init__(self, channels: int, text_dim: int):
        super().__init__()
        c = channels
        self.conv0 = nn.Conv2d(c, c, 5, padding=2, groups=c)
        self.strips = nn.ModuleList()
        for k in (7, 11, 21):
            self.strips.append(nn.ModuleList([
                nn.Conv2d(c, c, (1, k), padding=(0, k // 2), groups=c),
                nn.Conv2d(c, c, (k, 1), padding=(k // 2, 0), groups=c),
            ]))
        self.conv3 = nn.Conv2d(c, c, 1)
        self.q = nn.Linear(c, c)
        self.k = nn.Linear(text_dim, c)
        self.v = nn.Linear(text_dim, c)

    def forward(self, x: torch.Tensor, words: torch.Tensor) -> torch.Tensor:
        b, c, h, w = x.shape
        a = self.conv0(x)
        att = a
        for row, col in self.strips:
            att = att + col(row(a))
        vis = self.conv3(att) * x
        tokens = x.flatten(2).transpose(1, 2)  # (B, HW, C)
        scores = torch.matmul(self.q(tokens), self.k(words).transpose(1, 2)) / math.sqrt(c)  # (B, HW, T)
        lang = torch.matmul(torch.softmax(scores, dim=-1), self.v(words))  # (B, HW, C)
        lang = lang.transpose(1, 2).reshape(b, c, h, w)
        return vis * lang


def get_inputs():
    return [torch.randn(batch_size, channels, height, width), torch.randn(batch_size, num_words, text_dim)]


def get_init_inputs():
    return [channels, text_dim]
