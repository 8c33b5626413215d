"""DenseNet dense block (eval mode): each layer applies BN-ReLU-conv3x3 (growth_rate channels, no bias) to the concatenation of all previous feature maps; returns the full concatenation."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 3,
    "source": "KernelBench",
    "mirrors": "KernelBench/level3/14_DenseNet121DenseBlock.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "num_layers": 3, "num_input_features": 4, "growth_rate": 4, "height": 8, "width": 8},
        "small": {"batch_size": 8, "num_layers": 3, "num_input_features": 32, "growth_rate": 16, "height": 24,
                  "width": 24},
        "large": {"batch_size": 64, "num_layers": 6, "num_input_features": 64, "growth_rate": 32, "height": 56,
                  "width": 56},
    },
}

batch_size = 8
num_layers = 3
num_input_features = 32
growth_rate = 16
height = 24
width = 24


class Model(nn.Module):
    def __init__(self, num_layers: int, num_input_features: int, growth_rate: int):
        super().__init__()
        self.layers = nn.ModuleList()
        for i in range(num_layers):
            cin = num_input_features + i * growth_rate
            self.layers.append(nn.Sequential(
                nn.BatchNorm2d(cin),
                nn.ReLU(),
                nn.Conv2d(cin, growth_rate, 3, padding=1, bias=False),
            ))
        with torch.no_grad():  # trained-looking BatchNorm statistics and affine parameters
            for m in self.modules():
                if isinstance(m, nn.BatchNorm2d):
                    m.weight.uniform_(0.5, 1.5)
                    m.bias.uniform_(-0.2, 0.2)
                    m.running_mean.uniform_(-0.2, 0.2)
                    m.running_var.uniform_(0.5, 1.5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        features = [x]
        for layer in self.layers:
            features.append(layer(torch.cat(features, dim=1)))
        return torch.cat(features, dim=1)


def get_inputs():
    return [torch.randn(batch_size, num_input_features, height, width)]


def get_init_inputs():
    return [num_layers, num_input_features, growth_rate]
