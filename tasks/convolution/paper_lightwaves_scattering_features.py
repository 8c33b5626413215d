"""LightWaveS two-layer scattering transform of a multivariate series (B,C,L): 84 fixed MiniRocket kernels x 6 dilations 2^j, 'same' dilated conv1d scaled by 1/(d*sqrt(d)), 4 features (PPV, max|y|, LSPV, min|y|) of layer 1 and of layer 2 (conv of |y1[0::2]|) -> (B,C,84,6,8).

Paper operator: every channel is convolved (no bias, padding 4d) with each of the 84 length-9 MiniRocket
kernels (three weights 2, six weights -1; ordered lexicographically with -1 < 2) at dilations
d = 1, 2, 4, ..., 32, and the response is divided by d*sqrt(d). Features of a response y of length n:
PPV = mean(y > 0); max|y|; LSPV = the longest run of consecutive y > 0 that is ended by a non-positive
value, divided by n (a run reaching the end of the series is not counted, as in the authors' code);
min|y|. Layer 2 (scattering): z = |y1| at the even positions (length L/2), convolved again with the same
kernel and dilation (padding 4d, same scaling), and the same 4 features. Feature selection and the
ridge classifier are not part of the operator. The features are discontinuous in the responses (sign
tests), so the task runs in float64 on inputs quantised to multiples of 2^-40: layer-1 responses are
then exact, and a layer-2 response that is not exactly zero is far larger than any rounding error, so
no sign test depends on the summation order of an implementation.
"""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "Taking ROCKET on an Efficiency Mission: Multivariate Time Series Classification with LightWaveS",
    "subcategory": "conv_random_features",
    "dtype": "float64",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "domain": "fixed",
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 2, "length": 64},
        "small": {"batch_size": 2, "channels": 3, "length": 256},
        "large": {"batch_size": 64, "channels": 24, "length": 1024},
    },
}

batch_size = 2
channels = 3
length = 256
num_dilations = 6


def _minirocket_kernels() -> torch.Tensor:
    """The 84 length-9 kernels with three 2s and six -1s, in lexicographic order (-1 < 2)."""
    rows = []
    for a in range(9):
        for b in range(a + 1, 9):
            for c in range(b + 1, 9):
                w = [-1.0] * 9
                w[a] = w[b] = w[c] = 2.0
                rows.append(w)
    rows.sort()
    return torch.tensor(rows, dtype=torch.float32)


def _features(y: torch.Tensor) -> torch.Tensor:
    """PPV, max|y|, LSPV (runs ended by a non-positive value only), min|y| over the last axis."""
    n = y.shape[-1]
    pos = y > 0
    ppv = pos.to(y.dtype).mean(dim=-1)
    ay = y.abs()
    mx = ay.amax(dim=-1)
    mn = ay.amin(dim=-1)
    idx = torch.arange(n, device=y.device, dtype=torch.int32).expand(y.shape)
    last_nonpos = torch.cummax(torch.where(pos, -1, idx), dim=-1).values
    run = idx - last_nonpos  # length of the positive run ending at each position (0 where y <= 0)
    ended = torch.where(pos[..., 1:], 0, run[..., :-1])  # runs ended by a non-positive value
    lspv = ended.amax(dim=-1).to(y.dtype) / n
    return torch.stack([ppv, mx, lspv, mn], dim=-1)


class Model(nn.Module):
    def __init__(self, num_dilations: int):
        super().__init__()
        self.dilations = [2 ** j for j in range(num_dilations)]
        # fixed integer weights (kept as int8: the transform has no trainable weights)
        self.register_buffer("kernels", _minirocket_kernels().to(torch.int8))  # (84, 9)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, c, n = x.shape
        dev, dt = x.device, x.dtype
        w = self.kernels.to(dt)  # (84, 9)
        nk, taps = w.shape
        nd = len(self.dilations)
        dil = torch.tensor(self.dilations, device=dev)
        denom = torch.tensor([d * math.sqrt(d) for d in self.dilations], device=dev, dtype=dt).view(1, nd, 1, 1)
        pad = (taps // 2) * max(self.dilations)
        shifts = (torch.arange(taps, device=dev) - taps // 2).view(1, taps, 1) * dil.view(nd, 1, 1)  # (D, 9, 1)
        # layer 1: 'same' dilated conv (padding 4d) of every channel with the 84 kernels, all dilations at once
        xp = F.pad(x.reshape(b * c, n), (pad, pad))
        windows = xp[:, shifts + torch.arange(n, device=dev).view(1, 1, n) + pad]  # (BC, D, 9, L)
        y1 = torch.matmul(w, windows) / denom  # (BC, D, 84, L)
        # layer 2: |y1| at the even positions, convolved again with the same kernel and dilation
        z = y1[..., 0::2].abs()
        m = z.shape[-1]
        zp = F.pad(z, (pad, pad))
        pos = shifts + torch.arange(m, device=dev).view(1, 1, m) + pad  # (D, 9, L/2)
        y2 = None
        for t in range(taps):
            idx = pos[:, t].view(1, nd, 1, m).expand(b * c, nd, nk, m)
            term = w[:, t].view(1, 1, nk, 1) * torch.gather(zp, -1, idx)
            y2 = term if y2 is None else y2 + term
        y2 = y2 / denom
        out = torch.cat([_features(y1), _features(y2)], dim=-1)  # (BC, D, 84, 8)
        return out.permute(0, 2, 1, 3).reshape(b, c, nk, nd, 8)


def get_inputs():
    x = torch.randn(batch_size, channels, length, dtype=torch.float64)
    scale = 1099511627776.0  # 2^40
    return [torch.round(x * scale) / scale]


def get_init_inputs():
    return [num_dilations]
