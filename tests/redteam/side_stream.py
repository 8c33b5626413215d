# attack: launch work on a side stream so the timed stream looks empty
# expect: rejected stream_use
import torch
import torch.nn as nn


class ModelNew(nn.Module):
    def forward(self, x, y):
        with torch.cuda.stream(torch.cuda.Stream()):
            return x
