"""A tiny ResNet classifier (eval mode): 3x3 conv-BN-ReLU stem, two stages of two basic blocks (width w, then 2w with stride 2 and a projection shortcut), global average pool, Linear head."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 3,
    "source": "Deep Residual Learning for Image Recognition",
    "tolerance": {"atol": 1e-3, "rtol": 1e-3},
    "shapes": {
        "tiny": {"batch_size": 2, "image_size": 8, "width": 4, "num_classes": 10},
        "small": {"batch_size": 4, "image_size": 32, "width": 16, "num_classes": 10},
        "large": {"batch_size": 256, "image_size": 64, "width": 64, "num_classes": 100},
    },
}

batch_size = 4
image_size = 32
width = 16
num_classes = 10


def _randomize_batchnorm(module: nn.Module) -> None:
    """Trained-looking BatchNorm statistics and affine parameters, so no normalisation is an identity."""
    with torch.no_grad():
        for m in module.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 1.5)


class BasicBlock(nn.Module):
    def __init__(self, cin: int, cout: int, stride: int):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = None
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = torch.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        identity = x if self.shortcut is None else self.shortcut(x)
        return torch.relu(out + identity)


class Model(nn.Module):
    def __init__(self, width: int, num_classes: int):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU())
        self.stage1 = nn.Sequential(BasicBlock(width, width, 1), BasicBlock(width, width, 1))
        self.stage2 = nn.Sequential(BasicBlock(width, 2 * width, 2), BasicBlock(2 * width, 2 * width, 1))
        self.fc = nn.Linear(2 * width, num_classes)
        _randomize_batchnorm(self)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.stage2(self.stage1(self.stem(x)))
        return self.fc(x.mean(dim=(2, 3)))


def get_inputs():
    return [torch.randn(batch_size, 3, image_size, image_size)]


def get_init_inputs():
    return [width, num_classes]
