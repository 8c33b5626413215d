# task: generic/add
project_json_src = """
[
    {
        "op": "AddCustom",
        "language": "cpp",
        "input_desc": [
            {"name": "x", "param_type": "required", "format": ["ND"], "type": ["float"]},
            {"name": "y", "param_type": "required", "format": ["ND"], "type": ["float"]}
        ],
        "output_desc": [
            {"name": "z", "param_type": "required", "format": ["ND"], "type": ["float"]}
        ]
    }
]
"""

host_tiling_src = """
#ifndef ADD_CUSTOM_TILING_H
#define ADD_CUSTOM_TILING_H
#include "register/tilingdata_base.h"

namespace optiling {
BEGIN_TILING_DATA_DEF(AddCustomTilingData)
  TILING_DATA_FIELD_DEF(uint32_t, totalLength);  // elements in x (== y == z)
  TILING_DATA_FIELD_DEF(uint32_t, blockLength);  // elements per core, a multiple of 64; the last core takes the rest
  TILING_DATA_FIELD_DEF(uint32_t, tileLength);   // elements per UB tile, a multiple of 64
END_TILING_DATA_DEF;

REGISTER_TILING_DATA_CLASS(AddCustom, AddCustomTilingData)
}  // namespace optiling
#endif  // ADD_CUSTOM_TILING_H
"""

host_operator_src = """
#include <cstdint>
#include "add_custom_tiling.h"
#include "register/op_def_registry.h"
#include "tiling/platform/platform_ascendc.h"

namespace optiling {
constexpr uint32_t ALIGN_ELEMS = 64;               // 64 floats = 256 bytes: one vector repeat, eight 32-byte blocks
constexpr uint32_t MIN_ELEMS_PER_CORE = 8 * 1024;  // less work than this per core is not worth another core
constexpr uint32_t QUEUE_NUM = 3;                  // x and y in, z out
constexpr uint32_t BUFFER_NUM = 2;                 // double buffering (the kernel's BUFFER_NUM)
constexpr uint32_t MAX_TILE_ELEMS = 16 * 1024;

static uint32_t CeilDiv(uint32_t a, uint32_t b) { return (a + b - 1) / b; }

static ge::graphStatus TilingFunc(gert::TilingContext* context)
{
    const uint32_t totalLength = static_cast<uint32_t>(context->GetInputShape(0)->GetOriginShape().GetShapeSize());
    auto platform = platform_ascendc::PlatformAscendC(context->GetPlatformInfo());
    uint32_t coreNum = platform.GetCoreNumAiv();
    if (coreNum == 0) {
        coreNum = 1;
    }
    uint64_t ubSize = 0;
    platform.GetCoreMemSize(platform_ascendc::CoreMemType::UB, ubSize);

    // Cores: enough work for each, at most all of them; every core's share a multiple of ALIGN_ELEMS.
    uint32_t blockDim = CeilDiv(totalLength, MIN_ELEMS_PER_CORE);
    if (blockDim > coreNum) {
        blockDim = coreNum;
    }
    if (blockDim == 0) {
        blockDim = 1;
    }
    uint32_t blockLength = CeilDiv(CeilDiv(totalLength, blockDim), ALIGN_ELEMS) * ALIGN_ELEMS;
    if (blockLength == 0) {
        blockLength = ALIGN_ELEMS;
    }
    blockDim = CeilDiv(totalLength, blockLength);  // rounding up may leave the last cores without work
    if (blockDim == 0) {
        blockDim = 1;
    }

    // Tile: QUEUE_NUM queues of BUFFER_NUM buffers in half of the unified buffer.
    uint64_t tileBytes = ubSize / 2 / (QUEUE_NUM * BUFFER_NUM);
    uint32_t tileLength = static_cast<uint32_t>(tileBytes / sizeof(float)) / ALIGN_ELEMS * ALIGN_ELEMS;
    if (tileLength > MAX_TILE_ELEMS) {
        tileLength = MAX_TILE_ELEMS;
    }
    if (tileLength == 0) {
        tileLength = ALIGN_ELEMS;
    }

    AddCustomTilingData tiling;
    tiling.set_totalLength(totalLength);
    tiling.set_blockLength(blockLength);
    tiling.set_tileLength(tileLength);
    context->SetBlockDim(blockDim);
    tiling.SaveToBuffer(context->GetRawTilingData()->GetData(), context->GetRawTilingData()->GetCapacity());
    context->GetRawTilingData()->SetDataSize(tiling.GetDataSize());
    size_t* workspaces = context->GetWorkspaceSizes(1);
    workspaces[0] = 0;
    return ge::GRAPH_SUCCESS;
}
}  // namespace optiling

namespace ge {
static ge::graphStatus InferShape(gert::InferShapeContext* context)
{
    *context->GetOutputShape(0) = *context->GetInputShape(0);
    return GRAPH_SUCCESS;
}

static ge::graphStatus InferDataType(gert::InferDataTypeContext* context)
{
    context->SetOutputDataType(0, context->GetInputDataType(0));
    return GRAPH_SUCCESS;
}
}  // namespace ge

namespace ops {
class AddCustom : public OpDef {
public:
    explicit AddCustom(const char* name) : OpDef(name)
    {
        this->Input("x").ParamType(REQUIRED).DataType({ge::DT_FLOAT}).Format({ge::FORMAT_ND});
        this->Input("y").ParamType(REQUIRED).DataType({ge::DT_FLOAT}).Format({ge::FORMAT_ND});
        this->Output("z").ParamType(REQUIRED).DataType({ge::DT_FLOAT}).Format({ge::FORMAT_ND});
        this->SetInferShape(ge::InferShape).SetInferDataType(ge::InferDataType);
        this->AICore().SetTiling(optiling::TilingFunc);
        this->AICore().AddConfig("ascend910b");
    }
};

OP_ADD(AddCustom);
}  // namespace ops
"""

kernel_src = """
#include "kernel_operator.h"

constexpr int32_t BUFFER_NUM = 2;  // double buffering: tile i+1 is copied in while tile i is added

class KernelAdd {
public:
    __aicore__ inline KernelAdd() {}

    __aicore__ inline void Init(GM_ADDR x, GM_ADDR y, GM_ADDR z, uint32_t totalLength, uint32_t blockLength,
                                uint32_t tileLength)
    {
        const uint32_t start = blockLength * AscendC::GetBlockIdx();
        this->length = 0;
        if (start < totalLength) {
            this->length = totalLength - start < blockLength ? totalLength - start : blockLength;
        }
        this->tileLength = tileLength;
        xGm.SetGlobalBuffer((__gm__ DTYPE_X*)x + start, this->length);
        yGm.SetGlobalBuffer((__gm__ DTYPE_Y*)y + start, this->length);
        zGm.SetGlobalBuffer((__gm__ DTYPE_Z*)z + start, this->length);
        pipe.InitBuffer(inQueueX, BUFFER_NUM, tileLength * sizeof(DTYPE_X));
        pipe.InitBuffer(inQueueY, BUFFER_NUM, tileLength * sizeof(DTYPE_Y));
        pipe.InitBuffer(outQueueZ, BUFFER_NUM, tileLength * sizeof(DTYPE_Z));
    }

    __aicore__ inline void Process()
    {
        const uint32_t fullTiles = length / tileLength;
        const uint32_t tail = length - fullTiles * tileLength;
        for (uint32_t i = 0; i < fullTiles; ++i) {
            CopyIn(i * tileLength, tileLength);
            Compute(tileLength);
            CopyOut(i * tileLength, tileLength);
        }
        if (tail > 0) {
            CopyIn(fullTiles * tileLength, tail);
            Compute(tail);
            CopyOut(fullTiles * tileLength, tail);
        }
    }

private:
    __aicore__ inline void CopyIn(uint32_t offset, uint32_t count)
    {
        AscendC::LocalTensor<DTYPE_X> xLocal = inQueueX.AllocTensor<DTYPE_X>();
        AscendC::LocalTensor<DTYPE_Y> yLocal = inQueueY.AllocTensor<DTYPE_Y>();
        if (count == tileLength) {  // a whole tile is a multiple of 256 bytes: plain DataCopy
            AscendC::DataCopy(xLocal, xGm[offset], count);
            AscendC::DataCopy(yLocal, yGm[offset], count);
        } else {  // the ragged tail: DataCopyPad moves exactly count elements
            AscendC::DataCopyExtParams params{1, static_cast<uint32_t>(count * sizeof(DTYPE_X)), 0, 0, 0};
            AscendC::DataCopyPadExtParams<DTYPE_X> padX{false, 0, 0, 0};
            AscendC::DataCopyPadExtParams<DTYPE_Y> padY{false, 0, 0, 0};
            AscendC::DataCopyPad(xLocal, xGm[offset], params, padX);
            AscendC::DataCopyPad(yLocal, yGm[offset], params, padY);
        }
        inQueueX.EnQue(xLocal);
        inQueueY.EnQue(yLocal);
    }

    __aicore__ inline void Compute(uint32_t count)
    {
        AscendC::LocalTensor<DTYPE_X> xLocal = inQueueX.DeQue<DTYPE_X>();
        AscendC::LocalTensor<DTYPE_Y> yLocal = inQueueY.DeQue<DTYPE_Y>();
        AscendC::LocalTensor<DTYPE_Z> zLocal = outQueueZ.AllocTensor<DTYPE_Z>();
        AscendC::Add(zLocal, xLocal, yLocal, count);
        outQueueZ.EnQue<DTYPE_Z>(zLocal);
        inQueueX.FreeTensor(xLocal);
        inQueueY.FreeTensor(yLocal);
    }

    __aicore__ inline void CopyOut(uint32_t offset, uint32_t count)
    {
        AscendC::LocalTensor<DTYPE_Z> zLocal = outQueueZ.DeQue<DTYPE_Z>();
        if (count == tileLength) {
            AscendC::DataCopy(zGm[offset], zLocal, count);
        } else {
            AscendC::DataCopyExtParams params{1, static_cast<uint32_t>(count * sizeof(DTYPE_Z)), 0, 0, 0};
            AscendC::DataCopyPad(zGm[offset], zLocal, params);
        }
        outQueueZ.FreeTensor(zLocal);
    }

    AscendC::TPipe pipe;
    AscendC::TQue<AscendC::TPosition::VECIN, BUFFER_NUM> inQueueX;
    AscendC::TQue<AscendC::TPosition::VECIN, BUFFER_NUM> inQueueY;
    AscendC::TQue<AscendC::TPosition::VECOUT, BUFFER_NUM> outQueueZ;
    AscendC::GlobalTensor<DTYPE_X> xGm;
    AscendC::GlobalTensor<DTYPE_Y> yGm;
    AscendC::GlobalTensor<DTYPE_Z> zGm;
    uint32_t length;
    uint32_t tileLength;
};

extern "C" __global__ __aicore__ void add_custom(GM_ADDR x, GM_ADDR y, GM_ADDR z, GM_ADDR workspace, GM_ADDR tiling)
{
    GET_TILING_DATA(tilingData, tiling);
    KernelAdd op;
    op.Init(x, y, z, tilingData.totalLength, tilingData.blockLength, tilingData.tileLength);
    op.Process();
}
"""

python_bind_src = """
#include <torch/extension.h>
#include "pytorch_npu_helper.hpp"

at::Tensor add_custom_impl_npu(const at::Tensor& x, const at::Tensor& y)
{
    TORCH_CHECK(x.sizes() == y.sizes(), "add_custom: x and y must have the same shape");
    TORCH_CHECK(x.scalar_type() == at::kFloat && y.scalar_type() == at::kFloat, "add_custom: float32 only");
    at::Tensor xc = x.contiguous();
    at::Tensor yc = y.contiguous();
    at::Tensor z = at::empty_like(xc);
    EXEC_NPU_CMD(aclnnAddCustom, xc, yc, z);
    return z;
}

PYBIND11_MODULE(TORCH_EXTENSION_NAME, m)
{
    m.def("add_custom", &add_custom_impl_npu, "z = x + y (Ascend C AddCustom)");
}
"""

model_src = """
import torch
import torch_npu  # noqa: F401  (registers the NPU device)
import custom_ops_lib


class ModelNew(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return custom_ops_lib.add_custom(a, b)
"""
