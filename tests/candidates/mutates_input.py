import torch.nn as nn


class ModelNew(nn.Module):
    def forward(self, x, y):
        x.mul_(2.0)
        return x.add_(y)
