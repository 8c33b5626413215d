"""Symmetric InfoNCE (CLIP-style) loss of paired embeddings: L2-normalise, logits = z1 @ z2.T / 0.07, mean of both-way CE.

Row i of z1 and row i of z2 are the positive pair; all other rows of the batch are negatives. The loss is
(cross_entropy(logits, arange(B)) + cross_entropy(logits.T, arange(B))) / 2.
"""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 16, "dim": 32},
        "small": {"batch_size": 1024, "dim": 256},
        "large": {"batch_size": 32768, "dim": 1024},
    },
}

batch_size = 1024
dim = 256
temperature = 0.07


class Model(nn.Module):
    def __init__(self, temperature: float):
        super().__init__()
        self.temperature = temperature

    def forward(self, z1: torch.Tensor, z2: torch.Tensor) -> torch.Tensor:
        z1 = nn.functional.normalize(z1, dim=-1)
        z2 = nn.functional.normalize(z2, dim=-1)
        logits = z1 @ z2.t() / self.temperature
        labels = torch.arange(logits.shape[0], device=logits.device)
        return 0.5 * (nn.functional.cross_entropy(logits, labels) + nn.functional.cross_entropy(logits.t(), labels))


def get_inputs():
    z1 = torch.randn(batch_size, dim)
    z2 = z1 + 0.8 * torch.randn(batch_size, dim)  # noisy views of the same items
    return [z1, z2]


def get_init_inputs():
    return [temperature]
