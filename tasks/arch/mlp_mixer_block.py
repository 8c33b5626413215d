"""MLP-Mixer block on (batch, tokens, channels): token mixing x + MLP_tok(LayerNorm(x)^T)^T, then channel mixing x + MLP_ch(LayerNorm(x)); each MLP is Linear-GELU-Linear."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 3,
    "source": "MLP-Mixer: An all-MLP Architecture for Vision",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "num_tokens": 16, "channels": 24, "token_hidden": 32, "channel_hidden": 48},
        "small": {"batch_size": 8, "num_tokens": 64, "channels": 256, "token_hidden": 128, "channel_hidden": 512},
        "large": {"batch_size": 256, "num_tokens": 196, "channels": 768, "token_hidden": 384,
                  "channel_hidden": 3072},
    },
}

batch_size = 8
num_tokens = 64
channels = 256
token_hidden = 128
channel_hidden = 512


class Model(nn.Module):
    def __init__(self, num_tokens: int, channels: int, token_hidden: int, channel_hidden: int):
        super().__init__()
        self.norm1 = nn.LayerNorm(channels)
        self.token_fc1 = nn.Linear(num_tokens, token_hidden)
        self.token_fc2 = nn.Linear(token_hidden, num_tokens)
        self.norm2 = nn.LayerNorm(channels)
        self.channel_fc1 = nn.Linear(channels, channel_hidden)
        self.channel_fc2 = nn.Linear(channel_hidden, channels)
        with torch.no_grad():  # trained-looking LayerNorm affine parameters
            for norm in (self.norm1, self.norm2):
                norm.weight.normal_(1.0, 0.2)
                norm.bias.normal_(0.0, 0.2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.norm1(x).transpose(1, 2)
        y = self.token_fc2(F.gelu(self.token_fc1(y))).transpose(1, 2)
        x = x + y
        return x + self.channel_fc2(F.gelu(self.channel_fc1(self.norm2(x))))


def get_inputs():
    return [torch.randn(batch_size, num_tokens, channels)]


def get_init_inputs():
    return [num_tokens, channels, token_hidden, channel_hidden]
