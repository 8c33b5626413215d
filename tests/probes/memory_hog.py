# A probe: tries to take 12 GiB at import; under --memory-limit 6 the allocation must fail, not the machine.
import torch
import torch.nn as nn


class ModelNew(nn.Module):
    def forward(self, x, y):
        hog = torch.zeros(12 * 2**30 // 4, dtype=torch.float32)
        return hog[: x.shape[0]]
