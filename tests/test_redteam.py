"""The red-team suite: one real hostile candidate per attack, each with the verdict and reason it must get,
and honest controls that must stay `correct` (tests/redteam/README.md).

All candidates are evaluated in one `kbench run` (so the C++ builds overlap), inside the default sandbox, then
all of them again under `--executor ray --sandbox bwrap`.
"""

from __future__ import annotations

import json
import re
import socket
import threading
from pathlib import Path

import pytest
from conftest import OK_TASKS, TESTS, json_out, replay_run_args, run_kbench

from harness import sandbox

REDTEAM = TESTS / "redteam"
PROBES = TESTS / "probes"
FILES = sorted(p for p in REDTEAM.glob("*.py"))
NAMES = [p.stem for p in FILES]


def _expectation(path: Path) -> tuple[str, str | None]:
    m = re.search(r"^# expect: (\w+)(?: ([\w|]+))?$", path.read_text(), re.M)
    assert m, f"{path.name} has no '# expect:' line"
    return m.group(1), m.group(2)


def _redteam_rows(tmp: Path, names: list[str], *extra: str) -> dict[str, dict]:
    """Evaluate the named attacks (sample i answers with names[i]) in one `kbench run`; name -> stored row."""
    answers = [f"```python\n{(REDTEAM / f'{n}.py').read_text()}```\n" for n in names]
    db = tmp / "kbench.db"
    proc = run_kbench(
        *replay_run_args(tmp, answers, "--timeout", "60", "--build-timeout", "400"),
        "--workers",
        "2",
        "--compile-baseline",
        "off",
        "--run-name",
        "redteam",
        "--json",
        *extra,
        db=db,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    from harness.store import Store

    store = Store(db)
    try:
        rows = {r["sample"]: r for r in store.evaluations("redteam")}
    finally:
        store.close()
    return {name: rows[i] for i, name in enumerate(names)}


@pytest.fixture(scope="module")
def redteam_run(tmp_path_factory):
    return _redteam_rows(tmp_path_factory.mktemp("redteam"), NAMES)


@pytest.fixture(scope="module")
def redteam_ray_run(tmp_path_factory):
    pytest.importorskip("ray", reason="the ray extra is not installed")
    mode = "bwrap" if sandbox.check("bwrap") is None else "none"
    return _redteam_rows(tmp_path_factory.mktemp("redteam-ray"), NAMES, "--executor", "ray", "--sandbox", mode)


def test_every_redteam_file_states_its_expectation():
    assert len(FILES) >= 20
    for path in FILES:
        status, code = _expectation(path)
        assert status in ("correct", "incorrect", "rejected"), path.name
        assert status == "correct" or code, f"{path.name}: a failing expectation names its reason code"
        assert re.search(r"^# attack: ", path.read_text(), re.M), path.name


@pytest.mark.slow
@pytest.mark.parametrize(("name", "executor"), [(n, "local") for n in NAMES] + [(n, "ray") for n in NAMES])
def test_attack_gets_its_verdict(request, name, executor):
    status, code = _expectation(REDTEAM / f"{name}.py")
    row = request.getfixturevalue("redteam_run" if executor == "local" else "redteam_ray_run")[name]
    result = json.loads(row["result"])
    detail = (name, result["status"], result["reason_codes"], result["reasons"][:4], result["log_tail"][-1200:])
    if code == "timing_unstable" and "noisy" in result["env"].get("timing_note", ""):
        # the machine itself was too noisy to time (another tenant's load): the honest outcome is then
        # a correct kernel with no speed claimed, never a speedup measured through the attack
        assert row["status"] == "correct" and result["speedup"] is None, detail
        return
    if code == "timing_unstable" and row["status"] == "correct" and result["speedup"] is not None:
        # Where the harness's calls fall in the attack's slow window depends on how many calls calibration
        # takes; when both measurements land in it, the kernel is measured in its 20 ms-per-call phase. The
        # attack then gained nothing: the verdict claims a slowdown, never the fast phase's speed.
        assert result["candidate"]["median_ms"] >= 10.0 and result["speedup"] < 0.5, detail
        return
    assert row["status"] == status, detail
    if code:  # "a|b": either reason (e.g. uninitialised memory may hold NaNs or just wrong values)
        assert set(code.split("|")) & set(result["reason_codes"]), detail
        assert result["speedup"] is None and result["correct"] is False
    else:
        assert result["correct"] is True and result["speedup"] is not None and result["reason_codes"] == []
        assert result["track"] == "kernels_only"


def _probe_eval(tmp: Path, probe: str, mode: str, env: dict[str, str] | None = None):
    proc = run_kbench(
        "eval",
        "--backend",
        "cpu",
        "--reference",
        str(OK_TASKS / "scale_add.py"),
        "--candidate",
        probe,
        "--allow-torch",
        "--sandbox",
        mode,
        "--compile-baseline",
        "off",
        "--no-timing",
        "--json",
        db=tmp / "kbench.db",
        env=env,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json_out(proc)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["none", "bwrap"])
def test_candidate_never_sees_api_keys(tmp_path, mode):
    if sandbox.check(mode):
        pytest.skip(f"--sandbox {mode} unusable here: {sandbox.check(mode)}")
    env = {"OPENAI_API_KEY": "sk-test-not-a-real-key", "ANTHROPIC_API_KEY": "sk-ant-test", "GH_TOKEN": "ghp_test"}
    ev = _probe_eval(tmp_path, str(PROBES / "secrets_env.py"), mode, env)
    assert ev["status"] == "correct", (ev["reasons"], ev["log_tail"][-800:])
    assert ev["track"] == "pytorch_allowed" and ev["env"]["sandbox"] == mode


@pytest.fixture
def listener():
    """A TCP server on 127.0.0.1 outside any sandbox, counting connections."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    hits: list[int] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            hits.append(1)
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    yield srv.getsockname()[1], hits
    srv.close()


def _escape_probe(tmp: Path, port: int, hidden: list[Path]) -> Path:
    source = (PROBES / "escape.py").read_text()
    source = source.replace("PORT = 0", f"PORT = {port}").replace(
        "HIDDEN = []", f"HIDDEN = {[str(h) for h in hidden]!r}"
    )
    path = tmp / "escape_probe.py"
    path.write_text(source)
    return path


def _secrets_on_disk(tmp: Path) -> tuple[dict[str, str], list[Path]]:
    home = tmp / "home"
    (home / ".aws").mkdir(parents=True)
    (home / ".aws" / "credentials").write_text("[default]\naws_secret_access_key = not-real\n")
    (home / ".netrc").write_text("machine example.com login x password not-real\n")
    cache = tmp / "cache"
    other = cache / "build" / "cpu" / "another-candidate"
    other.mkdir(parents=True)
    (other / "kernel.cpp").write_text("// another candidate's source\n")
    (tmp / "kbench.db").write_bytes(b"SQLite format 3\x00 results of other runs")
    env = {"HOME": str(home), "KBENCH_CACHE": str(cache)}
    return env, [home / ".aws" / "credentials", home / ".netrc", other / "kernel.cpp", tmp / "kbench.db"]


@pytest.mark.slow
def test_bwrap_blocks_network_and_hides_secrets(tmp_path, listener):
    if sandbox.check("bwrap"):
        pytest.skip(f"bubblewrap unusable here: {sandbox.check('bwrap')}")
    port, hits = listener
    env, hidden = _secrets_on_disk(tmp_path)
    ev = _probe_eval(tmp_path, str(_escape_probe(tmp_path, port, hidden)), "bwrap", env)
    assert ev["status"] == "correct", (ev["reasons"], ev["log_tail"][-800:])
    assert hits == [], "a sandboxed candidate reached a server on the host's loopback"


@pytest.mark.slow
def test_escape_probe_does_escape_without_a_sandbox(tmp_path, listener):
    """The control: the same probe, unsandboxed, does reach the server and read the files."""
    port, hits = listener
    env, hidden = _secrets_on_disk(tmp_path)
    ev = _probe_eval(tmp_path, str(_escape_probe(tmp_path, port, hidden)), "none", env)
    assert ev["status"] == "runtime_error", ev
    message = " ".join(ev["reasons"])
    assert f"connected to 127.0.0.1:{port}" in message and "credentials" in message and "kernel.cpp" in message
    assert hits


@pytest.mark.slow
def test_memory_limit_stops_a_hog(tmp_path):
    """A candidate that grabs 12 GiB under --memory-limit 6 fails its allocation; the machine is untouched."""
    proc = run_kbench(
        "eval", "--backend", "cpu", "--reference", str(OK_TASKS / "scale_add.py"),
        "--candidate", str(PROBES / "memory_hog.py"), "--memory-limit", "6", "--sandbox", "none",
        "--compile-baseline", "off", "--no-timing", "--json", db=tmp_path / "kbench.db",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    ev = json_out(proc)
    assert ev["status"] == "runtime_error" and ev["reason_codes"] == ["forward_failed"], ev
    assert "alloc" in ev["reasons"][0].lower()
