# attack: fall back to PyTorch through an operator the reference never uses (addcmul)
# expect: rejected torch_op
import torch
import torch.nn as nn


class ModelNew(nn.Module):
    def forward(self, x, y):
        two = torch.full_like(x, 2.0)
        return y.addcmul(x, two)
