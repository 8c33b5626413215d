# attack: memorise the output for the task's own inputs (same seed every call) and return it
# expect: incorrect value_mismatch
import torch
import torch.nn as nn

torch.manual_seed(0)
_x, _y = torch.randn(1048576), torch.randn(1048576)
_memo = {}


class ModelNew(nn.Module):
    def forward(self, x, y):
        if "out" not in _memo:
            _memo["out"] = x.clone()
        return _memo["out"]
