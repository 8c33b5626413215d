"""Task loading: KernelBench files, catalog metadata, suites, and clear errors for bad files."""

from __future__ import annotations

import pytest
from conftest import BAD_TASKS, CANDIDATES, OK_TASKS, json_out, run_kbench

from harness import tasks as T
from harness.errors import TaskError


def test_catalog_tasks_carry_metadata_and_stable_ids():
    tasks = T.catalog()
    by_id = {t.id: t for t in tasks}
    gelu = by_id["activation/gelu_tanh"]
    assert gelu.category == "activation" and gelu.level == 1 and gelu.source == "KernelBench"
    assert set(gelu.shapes) == {"tiny", "small", "large"}
    assert gelu.tolerance.atol == 1e-5
    assert len(gelu.content_hash) == 64
    assert T.task_from_file(gelu.path, root=T.CATALOG_ROOT).content_hash == gelu.content_hash


def test_smoke_suite_is_one_task_per_category():
    smoke = T.select(T.catalog(), "smoke")
    assert len(smoke) == 15
    assert sorted(t.category for t in smoke) == sorted(T.CATEGORIES)


def test_every_catalog_task_declares_all_shape_sets_matching_its_globals():
    for task in T.catalog():
        assert set(task.shapes) == set(T.SHAPE_SETS), task.id
        module = T.load_module(task.path)
        for name, value in task.shapes["small"].items():
            assert getattr(module, name) == value, f"{task.id}: global {name} differs from shapes['small']"


def test_plain_kernelbench_file_loads_without_metadata():
    task = T.task_from_file(OK_TASKS / "linear_relu.py", root=OK_TASKS)
    assert task.id == "linear_relu" and task.shapes == {} and task.level is None
    assert task.category == "matmul", "inferred from the file name (no folder names a category)"
    T.check_loadable(task, "small")


def test_shape_overrides_change_the_inputs():
    task = T.task_from_file(OK_TASKS / "scale_add.py", root=OK_TASKS)
    tiny = T.load_module(task.path, task.shape_overrides("tiny"))
    assert tiny.get_inputs()[0].shape == (4096,)
    assert T.load_module(task.path, task.shape_overrides("small")).get_inputs()[0].shape == (1048576,)


def test_metadata_is_hidden_from_the_prompt_source():
    source = (OK_TASKS / "scale_add.py").read_text()
    shown = T.module_source_without_metadata(source)
    assert "KBENCH" not in shown and "class Model" in shown


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("no_model.py", "defines no `Model`"),
        ("inputs_raise.py", "get_inputs() raised ValueError: no inputs today"),
        ("import_error.py", "import failed: ModuleNotFoundError"),
        ("syntax_error.py", "not valid Python"),
    ],
)
def test_bad_task_file_gives_one_line_error_naming_file(name, message, db):
    proc = run_kbench(
        "eval",
        "--backend",
        "cpu",
        "--reference",
        str(BAD_TASKS / name),
        "--candidate",
        str(CANDIDATES / "raises.py"),
        "--json",
        db=db,
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    lines = [line for line in proc.stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert name in lines[0] and message in lines[0]


def test_bad_file_in_tasks_dir_stops_the_run_before_it_starts(db):
    proc = run_kbench("run", "--model", "golden", "--backend", "cpu", "--tasks-dir", str(BAD_TASKS), db=db)
    assert proc.returncode == 2
    assert "bad" in proc.stderr and ".py" in proc.stderr
    assert json_out(run_kbench("runs", "list", "--json", db=db)) == []


def test_task_error_from_api_names_the_file():
    with pytest.raises(TaskError, match="no_model.py"):
        T.load_module(BAD_TASKS / "no_model.py")


def test_tasks_list_json_and_filters(db):
    items = json_out(run_kbench("tasks", "list", "--suite", "smoke", "--json"))
    assert len(items) == 15
    assert {"id", "category", "level", "source"} <= set(items[0])
    acts = json_out(run_kbench("tasks", "list", "--category", "activation", "--json"))
    assert acts and all(i["category"] == "activation" for i in acts)
    proc = run_kbench("tasks", "list", "--suite", "nope")
    assert proc.returncode == 2 and "unknown suite" in proc.stderr


def test_tasks_show(db):
    proc = run_kbench("tasks", "show", "activation/gelu_tanh")
    assert proc.returncode == 0 and "class Model" in proc.stdout
    assert run_kbench("tasks", "show", "activation/nope").returncode == 2
