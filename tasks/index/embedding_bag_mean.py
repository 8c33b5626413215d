"""EmbeddingBag, mode='mean': averages rows of a learned table over variable-length bags given by flat ids and offsets."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-5, "rtol": 1e-5},
    "shapes": {
        "tiny": {"num_bags": 8, "num_ids": 60, "num_embeddings": 50, "embedding_dim": 16},
        "small": {"num_bags": 1024, "num_ids": 16384, "num_embeddings": 32768, "embedding_dim": 128},
        "large": {"num_bags": 65536, "num_ids": 2097152, "num_embeddings": 1048576, "embedding_dim": 256},
    },
}

num_bags = 1024
num_ids = 16384
num_embeddings = 32768
embedding_dim = 128


class Model(nn.Module):
    def __init__(self, num_embeddings: int, embedding_dim: int):
        super().__init__()
        self.bag = nn.EmbeddingBag(num_embeddings, embedding_dim, mode="mean")

    def forward(self, ids: torch.Tensor, offsets: torch.Tensor) -> torch.Tensor:
        return self.bag(ids, offsets)


def get_inputs():
    ids = torch.randint(0, num_embeddings, (num_ids,), dtype=torch.int64)
    # bag starts: 0 followed by num_bags - 1 distinct sorted cut points, so no bag is empty
    cuts = torch.randperm(num_ids - 1)[: num_bags - 1] + 1
    offsets = torch.cat([torch.zeros(1, dtype=torch.int64), torch.sort(cuts).values])
    return [ids, offsets]


def get_init_inputs():
    return [num_embeddings, embedding_dim]
