"""CI regression on kernel correctness: `kbench export-kernels` and `kbench verify`, and the project's own golden
kernels verified that way (cpu: exported from the golden smoke run; the accelerators and every backend's
generic exemplar: through a hand-written manifest, the path docs/ci.md gives teams for their own kernels)."""

from __future__ import annotations

import hashlib
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import CANDIDATES, OK_TASKS, ROOT, json_out, replay_run_args, run_kbench

import backends
from harness import kernels_ci as K
from harness import prompting
from harness import tasks as T
from harness.schema import Evaluation, Status


def _manifest(folder: Path) -> dict:
    return json.loads((folder / K.MANIFEST).read_text())


def _write_manifest(folder: Path, kernels: list[dict]) -> None:
    doc = {"format": K.FORMAT, "version": K.VERSION, "kernels": kernels}
    (folder / K.MANIFEST).write_text(json.dumps(doc, indent=2))


def _junit(path: Path) -> dict[str, ET.Element]:
    root = ET.parse(path).getroot()
    return {case.get("file", ""): case for case in root.iter("testcase")}


def _verify(folder: Path, backend: str, *extra: str, db: Path | None = None):
    return run_kbench("verify", str(folder), "--backend", backend, *extra, db=db)


# ---- the golden cpu kernels: run -> export -> verify ---------------------------------------------------
@pytest.fixture(scope="module")
def golden_export(golden_cpu_run, tmp_path_factory) -> Path:
    db, run_name, run = golden_cpu_run
    assert run.returncode == 0, run.stderr[-3000:]
    out = tmp_path_factory.mktemp("export") / "kernels"
    proc = run_kbench("export-kernels", run_name, "--out", str(out), "--json", db=db)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert json_out(proc)["kernels"] == 15
    return out


@pytest.mark.slow
@pytest.mark.timeout(2400)  # may be the first user of the session's golden run (~10 min cold on 2 cores)
def test_exported_golden_kernels_verify(golden_cpu_run, golden_export, tmp_path):
    from harness.store import Store

    manifest = _manifest(golden_export)
    smoke = {t.id: t for t in T.select(T.catalog(), "smoke")}
    assert {k["task"]["id"] for k in manifest["kernels"]} == set(smoke)
    store = Store(golden_cpu_run[0])
    try:
        kernels = {g.task_id: g.kernel for g in store.generations(golden_cpu_run[1])}
    finally:
        store.close()
    for k in manifest["kernels"]:
        task = smoke[k["task"]["id"]]
        # the stored kernel verbatim, the catalog task by id and content hash (no reference copy), the verdict
        assert (golden_export / k["file"]).read_text() == kernels[task.id]
        assert "load_inline" in kernels[task.id]
        assert k["task"] == {"id": task.id, "content_hash": task.content_hash}
        assert k["backend"] == "cpu" and k["verdict"] == "correct" and k["shapes"] == "small"
        assert k["timing"] == "device" and k["device"].startswith("cpu")
    junit = tmp_path / "junit.xml"
    # correctness only: the run just timed them, and the speed checks are tested on three kernels below
    proc = _verify(golden_export, "cpu", "--junit", str(junit), "--json", "--no-timing")
    report = json_out(proc)
    assert proc.returncode == 0, json.dumps(report, indent=1)[-4000:]
    assert report["counts"] == {"passed": 15} and report["exit_code"] == 0
    root = ET.parse(junit).getroot()
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == "15" and suite.get("failures") == "0"
    assert len(list(root.iter("failure"))) == 0 and len(list(root.iter("testcase"))) == 15


@pytest.mark.slow
@pytest.mark.timeout(2400)
def test_edited_kernel_changed_task_and_slower_kernel_are_regressions(golden_export, tmp_path):
    folder = tmp_path / "kernels"
    shutil.copytree(golden_export, folder)
    entries = {k["task"]["id"]: k for k in _manifest(folder)["kernels"]}
    edited, changed = entries["activation/gelu_tanh"], entries["reduce/sum_dim"]
    slow = entries["broadcast/channel_affine"]
    path = folder / edited["file"]
    text = path.read_text()
    assert "0.044715f" in text
    path.write_text(text.replace("0.044715f", "0.44715f"))  # a wrong GELU constant: still builds, wrong values
    changed["task"]["content_hash"] = "0" * 64  # as if the task had changed since the kernel was recorded
    slow["speedup"] = 1e6  # recorded as a million times faster than eager
    _write_manifest(folder, [edited, changed, slow])
    junit = tmp_path / "junit.xml"
    proc = _verify(folder, "cpu", "--junit", str(junit), "--perf-tolerance", "20%", "--json")
    assert proc.returncode == 1, proc.stderr[-3000:]
    by_task = {k["task_id"]: k for k in json_out(proc)["kernels"]}
    assert by_task["activation/gelu_tanh"]["outcome"] == "regressed"
    assert by_task["activation/gelu_tanh"]["status"] == "incorrect"
    assert "value_mismatch" in by_task["activation/gelu_tanh"]["reason_codes"]
    assert by_task["activation/gelu_tanh"]["notes"], "an edited kernel file is noted"
    assert by_task["reduce/sum_dim"]["outcome"] == "task_changed"
    assert "changed since" in by_task["reduce/sum_dim"]["message"]
    assert by_task["reduce/sum_dim"]["status"] == "correct"  # still evaluated against the current task
    assert by_task["broadcast/channel_affine"]["outcome"] == "regressed"
    assert "below the recorded" in by_task["broadcast/channel_affine"]["message"]
    cases = _junit(junit)
    failure = cases[edited["file"]].find("failure")
    assert failure is not None and failure.get("type") == "regressed"
    assert "activation/gelu_tanh" in (cases[edited["file"]].get("name") or "")
    assert "value_mismatch" in (failure.text or "")
    changed_failure = cases[changed["file"]].find("failure")
    assert changed_failure is not None and changed_failure.get("type") == "task_changed"
    slow_failure = cases[slow["file"]].find("failure")
    assert slow_failure is not None and "slower" in (slow_failure.get("message") or "")
    # the plain report names the regressed kernel too
    plain = _verify(folder, "cpu", "--no-timing")
    assert plain.returncode == 1 and "REGRESSION" in plain.stdout
    assert f"[FAIL] activation/gelu_tanh ({edited['file']}): regressed: incorrect" in plain.stdout


# ---- a --tasks-dir task: its reference file travels with the kernel -----------------------------------------
@pytest.mark.slow
def test_reference_file_travels_and_a_changed_reference_is_reported(tmp_path):
    db = tmp_path / "kbench.db"
    good = "```python\n" + (CANDIDATES / "honest_omp.py").read_text() + "\n```"
    bad = "```python\n" + (CANDIDATES / "wrong.py").read_text() + "\n```"
    run = run_kbench(*replay_run_args(tmp_path, [good, bad]), "--run-name", "r", "--compile-baseline", "off", db=db)
    assert run.returncode == 0, run.stderr[-3000:]
    out = tmp_path / "export"
    proc = run_kbench("export-kernels", "r", "--out", str(out), "--json", db=db)
    assert proc.returncode == 0 and json_out(proc)["kernels"] == 1  # the wrong sample is not exported
    (entry,) = _manifest(out)["kernels"]
    ref = out / entry["task"]["reference"]
    assert ref.read_text() == (OK_TASKS / "scale_add.py").read_text()
    assert entry["task"]["content_hash"] == hashlib.sha256(ref.read_bytes()).hexdigest()
    assert entry["sample"] == 0 and entry["speedup"] is not None
    # a second export into the same folder needs --force
    again = run_kbench("export-kernels", "r", "--out", str(out), db=db)
    assert again.returncode == 2 and "--force" in again.stderr
    # moved elsewhere (CI checks out the folder anywhere) it verifies against the copied reference
    moved = tmp_path / "elsewhere" / "kernels"
    shutil.copytree(out, moved)
    ok = _verify(moved, "cpu", "--json", "--no-timing")
    assert ok.returncode == 0, ok.stdout[-3000:] + ok.stderr[-2000:]
    assert json_out(ok)["counts"] == {"passed": 1}
    ref_moved = moved / entry["task"]["reference"]
    ref_moved.write_text(ref_moved.read_text().replace("2.0 * x", "3.0 * x"))
    changed = _verify(moved, "cpu", "--json", "--no-timing")
    assert changed.returncode == 1
    (k,) = json_out(changed)["kernels"]
    assert k["outcome"] == "task_changed" and k["status"] == "incorrect"


# ---- every backend's goldens through a hand-written manifest ----------------------------------------------
def _golden_folder(backend: str, folder: Path, smoke: bool = True) -> Path:
    """A kernels folder for a backend's golden kernels, manifest written by hand (as docs/ci.md shows)."""
    folder.mkdir(parents=True)
    entries = []
    catalog = {t.id: t for t in T.catalog()}
    files = dict(prompting.goldens(backend)) if smoke else {}
    generic = prompting.generic_exemplar(backend)
    assert generic is not None
    for task_id, path in sorted(files.items()):
        shutil.copy(path, folder / path.name)
        task = {"id": task_id, "content_hash": catalog[task_id].content_hash}
        entries.append({"file": path.name, "backend": backend, "task": task})
    (folder / "refs").mkdir()
    shutil.copy(ROOT / "prompts" / "generic" / "add.py", folder / "refs" / "add.py")
    shutil.copy(generic, folder / "generic_add.py")
    generic_task = {"id": "generic/add", "reference": "refs/add.py"}
    entries.append({"file": "generic_add.py", "backend": backend, "task": generic_task})
    _write_manifest(folder, entries)
    return folder


def _expected(backend: str) -> str:
    return "passed" if backends.get(backend).availability().can_run else "unverified"


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["triton", "pallas", "cuda"])
def test_accelerator_goldens_verify(backend, tmp_path):
    folder = _golden_folder(backend, tmp_path / backend)
    junit = tmp_path / "junit.xml"
    proc = _verify(folder, backend, "--junit", str(junit), "--json")
    report = json_out(proc)
    expected = _expected(backend)
    detail = {k["task_id"]: (k["outcome"], k["reason_codes"], k["reasons"][:2]) for k in report["kernels"]}
    assert report["counts"] == {expected: 16}, detail
    assert proc.returncode == (0 if expected == "passed" else 3), detail
    for k in report["kernels"]:
        if expected == "unverified":
            assert k["reason_codes"] == ["no_device"] and k["compiled"] is True, k  # cuda: built with nvcc
        else:
            assert k["reason_codes"] == [], k
        if k["timing"] == "interpreted":  # triton/pallas without their device: interpreters, tiny shapes
            assert k["speedup"] is None and k["shapes"] == "tiny" and k["candidate_ms"] > 0, k
    if expected == "unverified":  # compiled for real (cuda: nvcc), not run: exit 3 unless allowed
        assert len(list(ET.parse(junit).getroot().iter("skipped"))) == 16
        allowed = _verify(folder, backend, "--allow-unverified", "--no-timing")
        assert allowed.returncode == 0, allowed.stdout[-2000:]
        assert "allowed" not in allowed.stdout or "unverified" in allowed.stdout


@pytest.mark.slow
def test_cpu_generic_exemplar_verifies(tmp_path):
    folder = _golden_folder("cpu", tmp_path / "cpu", smoke=False)
    proc = _verify(folder, "cpu", "--json")
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert json_out(proc)["counts"] == {"passed": 1}


# ---- no builds: manifests, usage errors, the JUnit writer ---------------------------------------------------
def test_usage_errors_exit_2(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = _verify(empty, "cpu")
    assert proc.returncode == 2 and "kbench-kernels.json" in proc.stderr
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / K.MANIFEST).write_text(json.dumps({"format": K.FORMAT, "version": 99, "kernels": []}))
    proc = _verify(bad, "cpu")
    assert proc.returncode == 2 and "version" in proc.stderr
    _write_manifest(bad, [{"file": "/etc/passwd", "backend": "cpu", "task": {"id": "activation/relu"}}])
    proc = _verify(bad, "cpu")
    assert proc.returncode == 2 and "relative path" in proc.stderr
    _write_manifest(bad, [{"file": "k.py", "backend": "triton", "task": {"id": "activation/relu"}}])
    proc = _verify(bad, "cpu")
    assert proc.returncode == 2 and "no kernels for backend 'cpu'" in proc.stderr and "triton" in proc.stderr
    _write_manifest(bad, [{"file": "k.py", "backend": "cpu", "task": {"id": "activation/relu"}}])
    proc = _verify(bad, "cpu", "--perf-tolerance", "lots")
    assert proc.returncode == 2 and "--perf-tolerance" in proc.stderr
    proc = run_kbench("export-kernels", "no-such-run", "--out", str(tmp_path / "x"), db=tmp_path / "k.db")
    assert proc.returncode == 2 and "unknown run" in proc.stderr


def test_missing_kernel_and_missing_task_fail_without_building(tmp_path):
    folder = tmp_path / "k"
    folder.mkdir()
    (folder / "exists.py").write_text("raise SystemExit('never evaluated')\n")
    _write_manifest(
        folder,
        [
            {"file": "gone.py", "backend": "cpu", "task": {"id": "activation/relu"}},
            {"file": "exists.py", "backend": "cpu", "task": {"id": "activation/no_such_task"}},
            {"file": "exists.py", "backend": "cuda", "task": {"id": "activation/relu"}},
        ],
    )
    junit = tmp_path / "j.xml"
    proc = _verify(folder, "cpu", "--json", "--junit", str(junit))
    assert proc.returncode == 1
    report = json_out(proc)
    assert report["counts"] == {"kernel_missing": 1, "skipped": 1, "task_missing": 1}
    root = ET.parse(junit).getroot()
    assert [f.get("type") for f in root.iter("failure")] == ["kernel_missing", "task_missing"]
    assert len(list(root.iter("skipped"))) == 1


def test_exit_codes_and_junit_for_known_outcomes():
    def outcome(name: str, status: Status | None) -> K.Outcome:
        ev = None
        if status is not None:
            ev = Evaluation(status=status, backend="cpu", device="cpu", reason_codes=["value_mismatch"],
                            reasons=["bad \x00 value"], log_tail="trace \x1b[31m")  # fmt: skip
        return K.Outcome(file=f"{name}.py", task_id=name, category="math", outcome=name, message=name, evaluation=ev)

    passed, unverified = outcome("passed", Status.correct), outcome("unverified", Status.unverified)
    regressed = outcome("regressed", Status.incorrect)
    assert K.exit_code([passed], False) == 0
    assert K.exit_code([passed, unverified], False) == 3
    assert K.exit_code([passed, unverified], True) == 0
    assert K.exit_code([unverified, regressed], True) == 1
    xml = K.junit_xml([passed, unverified, regressed], "cpu", allow_unverified=False)
    root = ET.fromstring(xml.split("\n", 1)[1])  # parses: control characters from a kernel's log are replaced
    suite = root.find("testsuite")
    assert suite is not None and (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("3", "1", "1")
    (failure,) = root.iter("failure")
    assert "value_mismatch" in (failure.text or "") and "\x00" not in (failure.text or "")
    assert K.parse_tolerance("10%") == pytest.approx(0.1) and K.parse_tolerance("0.25") == 0.25
    with pytest.raises(Exception, match="perf-tolerance"):
        K.parse_tolerance("150%")


def test_perf_check_compares_raw_times_only_on_the_same_device():
    ev = Evaluation(status=Status.correct, backend="cpu", device="cpu: A", timing="device", speedup=1.0,
                    candidate_ms=2.0)  # fmt: skip
    notes: list[str] = []
    same = {"speedup": 1.0, "candidate_ms": 1.0, "device": "cpu: A"}
    assert "kernel time" in (K._perf_regression(same, ev, 0.1, notes) or "")
    other = {"speedup": 1.0, "candidate_ms": 1.0, "device": "cpu: B"}
    assert K._perf_regression(other, ev, 0.1, notes) is None and "raw times not compared" in notes[-1]
    faster_recorded = {"speedup": 2.0, "candidate_ms": None, "device": "cpu: B"}
    assert "below the recorded 2.000x" in (K._perf_regression(faster_recorded, ev, 0.1, notes) or "")
    within = {"speedup": 1.05, "candidate_ms": 1.9, "device": "cpu: A"}
    assert K._perf_regression(within, ev, 0.1, notes) is None
