# task: math/cumsum
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def cumsum_kernel(x_ptr, out_ptr, L, inner, BLOCK: tl.constexpr):
    # The tensor is seen as (outer, L, inner) and scanned along L. One program per (outer, inner) line:
    # tl.cumsum scans one BLOCK chunk in parallel, `carry` adds the sum of all earlier chunks.
    line = tl.program_id(0)
    o = line // inner
    i = line % inner
    base = o.to(tl.int64) * L * inner + i
    offs = tl.arange(0, BLOCK)
    carry = 0.0
    for l0 in range(0, L, BLOCK):
        idx = l0 + offs
        mask = idx < L
        x = tl.load(x_ptr + base + idx * inner, mask=mask, other=0.0)
        y = tl.cumsum(x, axis=0) + carry
        tl.store(out_ptr + base + idx * inner, y, mask=mask)
        carry += tl.sum(x, axis=0)


class ModelNew(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.dim = dim

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        dim = self.dim % x.dim()
        shape = x.shape
        L = shape[dim]
        outer = 1
        for s in shape[:dim]:
            outer *= s
        inner = 1
        for s in shape[dim + 1:]:
            inner *= s
        out = torch.empty_like(x)
        BLOCK = min(2048, triton.next_power_of_2(L))
        cumsum_kernel[(outer * inner,)](x, out, L, inner, BLOCK=BLOCK, num_warps=4 if BLOCK <= 1024 else 8)
        return out
