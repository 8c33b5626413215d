"""Sigmoid focal loss (RetinaNet; alpha=0.25, gamma=2) of logits against {0, 1} targets, mean over all elements.

loss = alpha_t * (1 - p_t)**gamma * BCEWithLogits(x, t), with p = sigmoid(x), p_t = p*t + (1-p)*(1-t),
alpha_t = alpha*t + (1-alpha)*(1-t).
"""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "domain": "fixed",
    "shapes": {
        "tiny": {"batch_size": 16, "num_classes": 80},
        "small": {"batch_size": 2048, "num_classes": 80},
        "large": {"batch_size": 1048576, "num_classes": 80},
    },
}

batch_size = 2048
num_classes = 80
alpha = 0.25
gamma = 2.0


class Model(nn.Module):
    def __init__(self, alpha: float, gamma: float):
        super().__init__()
        self.alpha = alpha
        self.gamma = gamma

    def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        p = torch.sigmoid(logits)
        ce = nn.functional.binary_cross_entropy_with_logits(logits, targets, reduction="none")
        p_t = p * targets + (1.0 - p) * (1.0 - targets)
        alpha_t = self.alpha * targets + (1.0 - self.alpha) * (1.0 - targets)
        return torch.mean(alpha_t * (1.0 - p_t) ** self.gamma * ce)


def get_inputs():
    targets = (torch.rand(batch_size, num_classes) < 0.1).float()
    logits = 4.0 * targets - 2.0 + torch.randn(batch_size, num_classes) * 1.5  # correlated with the labels
    return [logits, targets]


def get_init_inputs():
    return [alpha, gamma]
