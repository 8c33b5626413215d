# task: reduce/sum_dim
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def sum_dim_kernel(x_ptr, out_ptr, R, inner, BLOCK_R: tl.constexpr, BLOCK_I: tl.constexpr):
    # The tensor is seen as (outer, R, inner) and summed over R. grid = (outer, cdiv(inner, BLOCK_I)):
    # each program owns BLOCK_I contiguous output columns and walks down R in BLOCK_R-row tiles, so every
    # load is a coalesced row segment. Partial sums stay in a (BLOCK_R, BLOCK_I) fp32 tile until the end.
    o = tl.program_id(0)
    pid_i = tl.program_id(1)
    cols = pid_i * BLOCK_I + tl.arange(0, BLOCK_I)
    rows = tl.arange(0, BLOCK_R)
    col_ok = cols < inner
    base = x_ptr + o.to(tl.int64) * R * inner   # 64-bit: the large shape has > 2^31 elements
    acc = tl.zeros((BLOCK_R, BLOCK_I), dtype=tl.float32)
    for r0 in range(0, R, BLOCK_R):
        r = r0 + rows
        ptrs = base + r.to(tl.int64)[:, None] * inner + cols[None, :]
        acc += tl.load(ptrs, mask=(r < R)[:, None] & col_ok[None, :], other=0.0)
    total = tl.sum(acc, axis=0)
    tl.store(out_ptr + o.to(tl.int64) * inner + cols, total, mask=col_ok)


class ModelNew(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.dim = dim

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        dim = self.dim % x.dim()
        shape = list(x.shape)
        R = shape[dim]
        outer = 1
        for s in shape[:dim]:
            outer *= s
        inner = 1
        for s in shape[dim + 1:]:
            inner *= s
        out = torch.empty(shape[:dim] + shape[dim + 1:], device=x.device, dtype=x.dtype)
        BLOCK_I = min(128, triton.next_power_of_2(inner))
        BLOCK_R = max(1, min(64, 4096 // BLOCK_I, triton.next_power_of_2(R)))
        grid = (outer, triton.cdiv(inner, BLOCK_I))
        sum_dim_kernel[grid](x, out, R, inner, BLOCK_R=BLOCK_R, BLOCK_I=BLOCK_I, num_warps=4)
        return out
