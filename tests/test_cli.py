"""The CLI contract: --help everywhere, exit codes, one JSON value with --json."""

from __future__ import annotations

import pytest
from conftest import json_out, run_kbench

COMMANDS = [["run"], ["eval"], ["tasks", "list"], ["tasks", "show"], ["runs", "list"], ["doctor"]]


@pytest.mark.parametrize("cmd", COMMANDS)
def test_every_command_has_help(cmd):
    proc = run_kbench(*cmd, "--help")
    assert proc.returncode == 0 and "Usage" in proc.stdout


def test_usage_errors_exit_2(db):
    assert run_kbench("run", "--model", "golden", db=db).returncode == 2
    assert run_kbench("run", "--model", "golden", "--backend", "nope", "--suite", "smoke", db=db).returncode == 2
    assert run_kbench("run", "--model", "nope/x", "--backend", "cpu", "--suite", "smoke", db=db).returncode == 2
    assert (
        run_kbench(
            "run", "--model", "golden", "--backend", "cpu", "--suite", "smoke", "--shapes", "huge", db=db
        ).returncode
        == 2
    )
    assert run_kbench("run", "--not-a-flag").returncode == 2
    assert run_kbench("tasks", "show", "no/such").returncode == 2


def test_doctor_json_lists_the_cpu_backend():
    report = json_out(run_kbench("doctor", "--json"))
    cpu = next(b for b in report["backends"] if b["name"] == "cpu")
    assert cpu["available"] is True and cpu["reason"] == "ok"
    assert report["torch"]
    # every backend, each with whether it runs here and why not; the toolchain versions users ask about
    import backends

    assert [b["name"] for b in report["backends"]] == backends.names()
    for b in report["backends"]:
        assert {"available", "can_build", "reason", "device"} <= set(b) and b["reason"], b
    assert {"triton", "jax", "nvcc", "nvidia_driver", "cann", "torch_npu"} <= set(report["versions"])
    assert report["versions"]["jax"]  # installed by make setup (the .[tpu] extra)


def test_runs_list_on_empty_store(db):
    assert json_out(run_kbench("runs", "list", "--json", db=db)) == []


def test_help_states_the_defaults():
    """Defaults written as "(default: X)" survive rich's markup (square brackets would be swallowed)."""
    text = run_kbench("run", "--help", env={"COLUMNS": "200"}).stdout
    for phrase in ("(default: 1)", "(default: the backend's)", "(default: 300)", "bwrap when it works here"):
        assert phrase in text, phrase
