"""Cross-entropy of (batch, classes) logits against int64 targets with label smoothing 0.1 (reduction='mean')."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 32, "num_classes": 100},
        "small": {"batch_size": 4096, "num_classes": 1000},
        "large": {"batch_size": 32768, "num_classes": 32000},
    },
}

batch_size = 4096
num_classes = 1000
smoothing = 0.1


class Model(nn.Module):
    def __init__(self, smoothing: float):
        super().__init__()
        self.smoothing = smoothing

    def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        return nn.functional.cross_entropy(logits, targets, reduction="mean", label_smoothing=self.smoothing)


def get_inputs():
    targets = torch.randint(0, num_classes, (batch_size,), dtype=torch.int64)
    logits = torch.randn(batch_size, num_classes) * 2.0
    logits[torch.arange(batch_size), targets] += 4.0  # a classifier that mostly favours the target
    return [logits, targets]


def get_init_inputs():
    return [smoothing]
