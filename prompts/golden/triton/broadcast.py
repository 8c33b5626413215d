# task: broadcast/channel_affine
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def channel_affine_kernel(x_ptr, scale_ptr, shift_ptr, out_ptr, C, HW, BLOCK: tl.constexpr):
    # grid = (N * C, cdiv(H * W, BLOCK)): each program handles a chunk of one (n, c) plane, so the
    # channel's scale and shift are two scalar loads instead of a per-element gather.
    plane = tl.program_id(0)
    chunk = tl.program_id(1)
    c = plane % C
    s = tl.load(scale_ptr + c)
    t = tl.load(shift_ptr + c)
    offs = chunk * BLOCK + tl.arange(0, BLOCK)
    mask = offs < HW
    base = plane.to(tl.int64) * HW
    x = tl.load(x_ptr + base + offs, mask=mask, other=0.0)
    tl.store(out_ptr + base + offs, x * s + t, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        self.scale = nn.Parameter(torch.randn(channels))
        self.shift = nn.Parameter(torch.randn(channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        N, C, H, W = x.shape
        out = torch.empty_like(x)
        HW = H * W
        BLOCK = min(4096, max(128, triton.next_power_of_2(HW)))
        grid = (N * C, triton.cdiv(HW, BLOCK))
        channel_affine_kernel[grid](x, self.scale, self.shift, out, C, HW, BLOCK=BLOCK, num_warps=4)
        return out
