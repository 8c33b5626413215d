"""A small depthwise-separable CNN classifier (eval mode): 3x3 stride-2 conv-BN-ReLU stem, four blocks of 3x3 depthwise conv-BN-ReLU + 1x1 pointwise conv-BN-ReLU (strides 1, 2, 1, 2), global average pool, Linear head."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 3,
    "source": "MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Applications",
    "tolerance": {"atol": 1e-3, "rtol": 1e-3},
    "shapes": {
        "tiny": {"batch_size": 2, "image_size": 16, "width": 4, "num_classes": 10},
        "small": {"batch_size": 8, "image_size": 64, "width": 16, "num_classes": 10},
        "large": {"batch_size": 256, "image_size": 224, "width": 32, "num_classes": 1000},
    },
}

batch_size = 8
image_size = 64
width = 16
num_classes = 10


def _conv_bn_relu(cin: int, cout: int, kernel: int, stride: int, groups: int = 1) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(cin, cout, kernel, stride=stride, padding=kernel // 2, groups=groups, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(),
    )


class Model(nn.Module):
    def __init__(self, width: int, num_classes: int):
        super().__init__()
        layers = [_conv_bn_relu(3, width, 3, 2)]
        cin = width
        for cout, stride in ((2 * width, 1), (4 * width, 2), (4 * width, 1), (8 * width, 2)):
            layers.append(_conv_bn_relu(cin, cin, 3, stride, groups=cin))  # depthwise
            layers.append(_conv_bn_relu(cin, cout, 1, 1))  # pointwise
            cin = cout
        self.features = nn.Sequential(*layers)
        self.fc = nn.Linear(cin, num_classes)
        with torch.no_grad():  # trained-looking BatchNorm statistics and affine parameters
            for m in self.modules():
                if isinstance(m, nn.BatchNorm2d):
                    m.weight.uniform_(0.5, 1.5)
                    m.bias.uniform_(-0.2, 0.2)
                    m.running_mean.uniform_(-0.2, 0.2)
                    m.running_var.uniform_(0.5, 1.5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.features(x).mean(dim=(2, 3)))


def get_inputs():
    return [torch.randn(batch_size, 3, image_size, image_size)]


def get_init_inputs():
    return [width, num_classes]
