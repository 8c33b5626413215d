"""KL divergence KL(targets || predictions) of row-wise probability distributions: kl_div(log(predictions), targets, 'batchmean')."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/98_KLDivLoss.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "domain": "fixed",
    "shapes": {
        "tiny": {"batch_size": 16, "num_classes": 100},
        "small": {"batch_size": 256, "num_classes": 4096},
        "large": {"batch_size": 16384, "num_classes": 16384},
    },
}

batch_size = 256
num_classes = 4096


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, predictions: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        return nn.functional.kl_div(torch.log(predictions), targets, reduction="batchmean")


def get_inputs():
    # both inputs are probability rows (positive, summing to 1)
    logits = torch.randn(batch_size, num_classes) * 2.0
    predictions = torch.softmax(logits + torch.randn(batch_size, num_classes), dim=-1)
    targets = torch.softmax(logits, dim=-1)  # a nearby distribution
    return [predictions, targets]


def get_init_inputs():
    return []
