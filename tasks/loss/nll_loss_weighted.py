"""Class-weighted negative log-likelihood of (batch, classes) log-probabilities and int64 targets (weighted mean)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 32, "num_classes": 50},
        "small": {"batch_size": 8192, "num_classes": 1000},
        "large": {"batch_size": 65536, "num_classes": 32000},
    },
}

batch_size = 8192
num_classes = 1000


class Model(nn.Module):
    def __init__(self, num_classes: int):
        super().__init__()
        # positive class weights in [0.5, 2)
        self.class_weight = nn.Parameter(0.5 + 1.5 * torch.rand(num_classes))

    def forward(self, log_probs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        return nn.functional.nll_loss(log_probs, targets, weight=self.class_weight, reduction="mean")


def get_inputs():
    targets = torch.randint(0, num_classes, (batch_size,), dtype=torch.int64)
    logits = torch.randn(batch_size, num_classes) * 2.0
    logits[torch.arange(batch_size), targets] += 4.0  # a classifier that mostly favours the target
    log_probs = torch.log_softmax(logits, dim=-1)
    return [log_probs, targets]


def get_init_inputs():
    return [num_classes]
