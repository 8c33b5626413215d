# attack: a kernel that silently falls back to PyTorch when it fails
# expect: rejected fallback_try_except
import torch
import torch.nn as nn


class ModelNew(nn.Module):
    def forward(self, x, y):
        try:
            raise RuntimeError("pretend the custom kernel failed to launch")
        except RuntimeError:
            return torch.add(y, x, alpha=2.0)
