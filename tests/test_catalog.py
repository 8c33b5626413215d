"""The catalog: breadth, the seed papers, metadata, suites, hygiene of every task, and peers' folders."""

from __future__ import annotations

import ast
import hashlib
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT, json_out, run_kbench

from harness import tasks as T
from harness.validate import validate

CONV_CATALOG = ROOT.parent / "shared" / "design" / "conv_catalog.md"
SEED_PAPERS = ROOT / "tests" / "seed_papers.txt"


def _seed_titles(path: Path = SEED_PAPERS) -> dict[int, str]:
    """Paper number -> title, from the section headings of conv_catalog.md (copied to tests/seed_papers.txt)."""
    titles = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^## (\d+)\. (.+?)\s*$", line)
        if m:
            titles[int(m.group(1))] = m.group(2)
    return titles


def _function_fingerprint(path: str) -> str:
    """The task's code without its docstring, metadata and constant globals: equal fingerprints mean the
    same code at other sizes or settings."""
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    body = []
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(getattr(node, "value", None), ast.Constant):
            continue
        if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
            if isinstance(node.value, (ast.Constant, ast.Dict)):  # KBENCH and size globals
                continue
        body.append(ast.dump(node, annotate_fields=False))
    return hashlib.sha256("\n".join(body).encode()).hexdigest()


def test_catalog_is_broad_and_distinct():
    tasks = T.catalog()
    by_category = Counter(t.category for t in tasks)
    assert set(by_category) == set(T.CATEGORIES), by_category
    # tasks whose code differs only in constants (sizes, a scale factor, a group count) count once
    distinct = len({_function_fingerprint(t.path) for t in tasks})
    assert distinct >= 300, f"{distinct} distinct tasks ({len(tasks)} files)"
    conv = {t.subcategory or "" for t in tasks if t.category == "convolution"}
    ids = " ".join(t.id for t in tasks if t.category == "convolution")
    for needed in ("conv1d", "conv2d", "conv3d", "depthwise", "separable", "pointwise", "transpose", "dilated",
                   "stride", "group", "pad", "asym"):  # fmt: skip
        assert needed in ids or any(needed in c for c in conv), f"the convolution family lacks {needed}"


def test_every_seed_paper_has_a_task_titled_after_it():
    titles = _seed_titles()
    assert len(titles) == 38
    if CONV_CATALOG.is_file():  # the copy follows the design document
        assert _seed_titles(CONV_CATALOG) == titles
    sources = {t.source for t in T.catalog()}
    missing = {n: title for n, title in titles.items() if title not in sources}
    assert not missing, missing
    papers = T.select(T.catalog(), "conv-papers")
    assert {t.source for t in papers} >= set(titles.values())
    for t in papers:
        assert t.subcategory and t.description, t.id
        assert t.category in T.CATEGORIES


def test_metadata_of_every_task():
    for t in T.catalog():
        assert t.level in (1, 2, 3), t.id
        assert t.source and t.description, t.id
        assert set(t.shapes) == set(T.SHAPE_SETS), t.id
        for shape_set in T.SHAPE_SETS:  # the overrides name real globals (large is loaded, never run)
            T.load_module(t.path, t.shape_overrides(shape_set))
        assert t.domain in ("any", "positive", "fixed"), t.id


def test_suites_and_listing(db):
    tasks = T.catalog()
    for level in (1, 2, 3):
        assert T.select(tasks, f"level{level}"), level
    assert len(T.select(tasks, "all")) == len(tasks)
    listed = json_out(run_kbench("tasks", "list", "--suite", "level1", "--category", "convolution", "--json", db=db))
    assert listed and all(i["level"] == 1 and i["category"] == "convolution" and i["source"] for i in listed)
    assert {"id", "category", "level", "source"} <= set(listed[0])


@pytest.mark.slow
def test_every_task_is_valid_at_small_shapes():
    reports = validate(T.catalog(), "small", jobs=2)
    bad = {r["id"]: r["problems"] for r in reports if not r["valid"]}
    assert not bad, bad


def test_validate_finds_what_is_wrong(tmp_path, db):
    (tmp_path / "reduce").mkdir()
    good = (ROOT / "tasks" / "reduce" / "sum_dim.py").read_text()
    (tmp_path / "reduce" / "ok.py").write_text(good)
    ignores = good.replace(
        "return torch.sum(x, dim=self.dim, keepdim=False)", "return torch.sum(x * 0 + 1, dim=self.dim, keepdim=False)"
    )
    assert ignores != good
    (tmp_path / "reduce" / "ignores_input.py").write_text(ignores)
    noisy = good.replace(
        "return torch.sum(x, dim=self.dim, keepdim=False)",
        "return torch.sum(x + torch.rand_like(x), dim=self.dim, keepdim=False)",
    )
    (tmp_path / "reduce" / "random_forward.py").write_text(noisy)
    out = run_kbench("tasks", "validate", "--tasks-dir", str(tmp_path), "--json", "--no-cache", db=db)
    assert out.returncode == 0, out.stderr
    reports = {r["id"]: r for r in json_out(out)}
    assert reports["reduce/ok"]["valid"] and reports["reduce/ok"]["problems"] == []
    assert not reports["reduce/ignores_input"]["valid"]
    assert any("constant" in p or "depend" in p for p in reports["reduce/ignores_input"]["problems"])
    assert any("random" in p for p in reports["reduce/random_forward"]["problems"])
    strict = run_kbench("tasks", "validate", "--tasks-dir", str(tmp_path), "--strict", db=db)
    assert strict.returncode == 1 and "INVALID reduce/random_forward" in strict.stdout


KB_RELU = """import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        return torch.relu(x)


batch_size = 16
dim = 1024


def get_inputs():
    return [torch.randn(batch_size, dim)]


def get_init_inputs():
    return []
"""


def test_peer_folders_load_as_they_are(tmp_path, db):
    """KernelBench's level folders and MultiKernelBench's category folders, without kbench metadata."""
    kb = tmp_path / "KernelBench"
    for rel in ("level1/19_ReLU.py", "level1/63_conv_standard_2D__square_input__square_kernel.py",
                "level1/47_Sum_reduction_over_a_dimension.py", "level2/1_Conv2D_ReLU_BiasAdd.py",
                "level3/4_LeNet5.py", "reference/activation/relu.py"):  # fmt: skip
        path = kb / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(KB_RELU)
    listed = {i["id"]: i for i in json_out(run_kbench("tasks", "list", "--tasks-dir", str(kb), "--json", db=db))}
    assert listed["level1/19_ReLU"]["category"] == "activation" and listed["level1/19_ReLU"]["level"] == 1
    assert listed["level1/63_conv_standard_2D__square_input__square_kernel"]["category"] == "convolution"
    assert listed["level1/47_Sum_reduction_over_a_dimension"]["category"] == "reduce"
    assert (
        listed["level2/1_Conv2D_ReLU_BiasAdd"]["category"] == "fuse"
        and listed["level2/1_Conv2D_ReLU_BiasAdd"]["level"] == 2
    )
    assert listed["level3/4_LeNet5"]["category"] == "arch" and listed["level3/4_LeNet5"]["level"] == 3
    assert listed["reference/activation/relu"]["category"] == "activation"
    level2 = json_out(run_kbench("tasks", "list", "--tasks-dir", str(kb), "--suite", "level2", "--json", db=db))
    assert [i["id"] for i in level2] == ["level2/1_Conv2D_ReLU_BiasAdd"]
