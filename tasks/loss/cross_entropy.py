"""Mean cross-entropy loss of (batch, num_classes) logits against int64 class targets (a 0-dim result)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/95_CrossEntropyLoss.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 32, "num_classes": 100},
        "small": {"batch_size": 4096, "num_classes": 1000},
        "large": {"batch_size": 32768, "num_classes": 4096},
    },
}

batch_size = 4096
num_classes = 1000


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        return torch.nn.functional.cross_entropy(logits, targets, reduction="mean")


def get_inputs():
    return [
        torch.randn(batch_size, num_classes),
        torch.randint(0, num_classes, (batch_size,), dtype=torch.int64),
    ]


def get_init_inputs():
    return []
