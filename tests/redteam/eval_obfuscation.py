# attack: hide a PyTorch fallback behind string-built names
# expect: rejected dynamic_code
import torch
import torch.nn as nn


class ModelNew(nn.Module):
    def forward(self, x, y):
        fn = getattr(torch, "ad" + "d")
        return fn(y, x, alpha=2.0)
