"""The worker sandbox: real bubblewrap around real subprocesses (skipped where bwrap cannot run), and the argument
lists of the parts that cannot run here (GPU pass-through, Docker)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from harness import sandbox
from harness.sandbox import Mounts, check, default_mode, gpu_devices, interpreter_paths, sensitive_paths, wrap

ROOT = Path(__file__).resolve().parent.parent
# a directory and a file of the system, outside /tmp and HOME (the checkout may live under either)
SYSTEM_DIR = Path("/usr/share")
SYSTEM_FILE = Path("/etc/os-release").resolve()
PY = sys.executable  # the venv's python: the one the harness starts its workers with
# Its venv and base installation, which pyenv keeps under HOME: every sandbox below must re-expose them.
INTERPRETER = interpreter_paths()

_BWRAP_REASON = check("bwrap")
needs_bwrap = pytest.mark.skipif(_BWRAP_REASON is not None, reason=f"bwrap cannot sandbox here: {_BWRAP_REASON}")


def _env(home: Path) -> dict[str, str]:
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LC_ALL": "C.UTF-8", "PYTHONNOUSERSITE": "1"}


def _run(
    code: str,
    mounts: Mounts,
    cwd: Path,
    *,
    env: dict[str, str] | None = None,
    pass_fds: tuple[int, ...] = (),
    home: Path | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run python `code` in the bwrap sandbox; it reports through a JSON line on stdout."""
    cmd = wrap(
        [PY, "-c", textwrap.dedent(code)],
        "bwrap",
        mounts,
        env=env if env is not None else _env(cwd),
        cwd=cwd,
        pass_fds=pass_fds,
        home=home,
    )
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, pass_fds=pass_fds)


def _report(proc: subprocess.CompletedProcess[str]) -> Any:
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


# Snippet prepended to sandboxed programs: try(fn) -> "ok:<value>" or the exception's class name and errno.
PROBE = """
import errno, json, os, socket, sys
def attempt(fn):
    try:
        return "ok:" + str(fn())
    except OSError as exc:
        return type(exc).__name__ + ":" + errno.errorcode.get(exc.errno or 0, "?")
def read(p):
    with open(p) as f:
        return f.read()
def create(p):
    with open(p, "x") as f:
        f.write("x")
    return "created"
"""


@pytest.fixture()
def layout(tmp_path: Path) -> dict[str, Path]:
    """A job dir (rw), a repo (ro) holding a results db that must stay hidden, and a hidden directory.

    pytest's tmp_path lies under /tmp, which the sandbox replaces with an empty tmpfs: `base` stands for the
    host's read-only view, so that the hides have something to hide."""
    rw = tmp_path / "job"
    (rw / "home").mkdir(parents=True)
    repo = tmp_path / "repo"
    (repo / "results").mkdir(parents=True)
    (repo / "code.py").write_text("print('repo')\n")
    (repo / "results" / "kbench.db").write_text("SECRET-RESULTS")
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    (hidden / "secret.txt").write_text("SECRET-HIDDEN")
    return {"base": tmp_path, "rw": rw, "repo": repo, "db": repo / "results" / "kbench.db", "hidden": hidden}


def _mounts(layout: dict[str, Path]) -> Mounts:
    return Mounts(
        rw=[layout["rw"]],
        ro=[layout["base"], layout["repo"], *INTERPRETER],
        hide=[layout["hidden"], layout["db"]],
    )


# --- mode selection and the argument lists that run nowhere here ---------------------------------------------------


def test_check_and_default_mode():
    assert check("none") is None
    assert "unknown sandbox mode" in (check("chroot") or "")
    assert default_mode() in sandbox.MODES
    if sys.platform.startswith("linux") and check("bwrap") is None:
        assert default_mode() == "bwrap"
    else:
        assert default_mode() == "none"
    reason = check("docker")
    assert reason is None or reason.startswith(("no Docker engine answers", "docker is not installed"))
    assert reason is None or "\n" not in reason


def test_none_returns_the_command_unchanged(tmp_path: Path):
    cmd = [PY, "-c", "pass"]
    out = wrap(cmd, "none", Mounts(), env={}, cwd=tmp_path)
    assert out == cmd and out is not cmd
    with pytest.raises(ValueError):
        wrap(cmd, "jail", Mounts(), env={}, cwd=tmp_path)


def test_sensitive_paths_cover_home_and_root(tmp_path: Path):
    paths = set(sensitive_paths(tmp_path))
    for rel in (".aws", ".ssh", ".netrc", ".config/gcloud", ".kube", ".docker", ".git-credentials", ".pypirc"):
        assert tmp_path / rel in paths
        assert Path("/root") / rel in paths
    for rel in (".huggingface", ".cache/huggingface", ".config/openai", ".anthropic", ".azure"):
        assert tmp_path / rel in paths


def test_gpu_devices_are_found_and_dev_bound(tmp_path: Path):
    dev = tmp_path / "dev"
    (dev / "dri").mkdir(parents=True)
    for name in ("nvidia0", "nvidiactl", "nvidia-uvm", "null"):
        (dev / name).write_text("")
    found = gpu_devices(dev)
    assert found == [dev / "nvidia-uvm", dev / "nvidia0", dev / "nvidiactl", dev / "dri"]
    if shutil.which("bwrap") is None:
        pytest.skip("bwrap is not installed: the bwrap argument list needs its path")
    args = wrap(["true"], "bwrap", Mounts(), env={}, cwd=tmp_path, devices=found)
    for path in found:
        i = args.index(str(path))
        assert args[i - 1] == "--dev-bind" and args[i + 1] == str(path)
        assert i > args.index("--dev")  # after the fresh /dev, which would cover them otherwise


def test_docker_argument_list(tmp_path: Path):
    job, repo = tmp_path / "job", tmp_path / "repo"
    (repo / "results").mkdir(parents=True)
    (repo / "results" / "kbench.db").write_text("x")
    job.mkdir()
    (tmp_path / "elsewhere").mkdir()
    mounts = Mounts(rw=[job], ro=[repo], hide=[repo / "results", tmp_path / "elsewhere", tmp_path / "missing"])
    cmd = ["/opt/venv/bin/python", "-m", "harness._worker", str(job / "job.json")]
    nvidia = [Path("/dev/nvidia0"), Path("/dev/nvidiactl"), Path("/dev/dri")]
    args = wrap(
        cmd,
        "docker",
        mounts,
        env={"HOME": str(job / "home"), "OMP_NUM_THREADS": "4"},
        cwd=job,
        image="kbench-eval",
        pass_fds=(7,),
        devices=nvidia,
        name="kbench-job-1",
        pids_limit=512,
        memory="8g",
    )
    uid = f"{os.getuid()}:{os.getgid()}"
    assert args == [
        "docker", "run", "--rm", "-i", "--network", "none", "--read-only", "--tmpfs", "/tmp",
        "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--init",
        "--user", uid, "--pids-limit", "512", "--memory", "8g", "--name", "kbench-job-1",
        "--gpus", "all", "--device", "/dev/dri",
        "-v", f"{job}:{job}",
        "-v", f"{repo}:{repo}:ro",
        "--tmpfs", f"{repo / 'results'}:ro",
        "-w", str(job),
        "-e", f"HOME={job / 'home'}", "-e", "OMP_NUM_THREADS=4",
        "--entrypoint", "/opt/venv/bin/python", "kbench-eval", "-m", "harness._worker", str(job / "job.json"),
    ]  # fmt: skip
    # No GPU: no --gpus; a hidden file inside a bind is covered with /dev/null; the memory limit has a default.
    args = wrap(cmd, "docker", Mounts(ro=[repo], hide=[repo / "results" / "kbench.db"]), env={}, cwd=repo, devices=[])
    assert "--gpus" not in args and "--device" not in args
    assert args[args.index("--memory") + 1].endswith("m")
    i = args.index(f"/dev/null:{repo / 'results' / 'kbench.db'}:ro")
    assert args[i - 1] == "-v"
    with pytest.raises(ValueError):
        wrap(cmd, "docker", Mounts(), env={"A=B": "c"}, cwd=repo, devices=[])


@needs_bwrap
def test_bwrap_argument_order(tmp_path: Path, layout: dict[str, Path]):
    """Parents are mounted before children, hides are read-only tmpfs, the environment is set explicitly."""
    home = tmp_path / "home"
    (home / ".aws").mkdir(parents=True)
    (home / "data").mkdir()
    args = wrap(
        ["prog", "--flag"],
        "bwrap",
        Mounts(rw=[layout["rw"]], ro=[tmp_path, layout["repo"], home / "data"], hide=[layout["db"], home / ".aws"]),
        env={"A": "1"},
        cwd=layout["rw"],
        home=home,
        devices=[],
    )
    assert args[0].endswith("bwrap") and args[-3:] == ["--", "prog", "--flag"]
    joined = " ".join(args)
    assert "--unshare-all --die-with-parent --new-session" in joined
    assert "--ro-bind / / --dev /dev --proc /proc" in joined
    assert f"--tmpfs {home} " in joined and f"--remount-ro {home} " in joined
    assert f"--ro-bind {home / 'data'} {home / 'data'}" in joined
    assert str(home / ".aws") not in joined  # inside the hidden HOME already
    assert joined.index(f"--ro-bind {tmp_path} ") < joined.index(f"--ro-bind /dev/null {layout['db']}")
    assert f"--ro-bind {layout['repo']} " not in joined  # read-only already, inside the read-only tmp_path
    assert joined.index(f"--tmpfs {home} ") < joined.index(f"--ro-bind {home / 'data'}")
    assert args[args.index("--chdir") + 1] == str(layout["rw"])
    assert "--clearenv --setenv A 1 --" in joined


# --- real sandboxes ------------------------------------------------------------------------------------------------


@needs_bwrap
def test_no_network(tmp_path: Path):
    """No route out and no way to the host's loopback. The outside address is only routed (UDP connect sends
    nothing), never contacted: this machine must not send traffic to outside addresses."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    try:
        code = (
            PROBE
            + f"""
def tcp_local():
    s = socket.create_connection(("127.0.0.1", {port}), timeout=3)
    return s.getpeername()
def route(host):
    s = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_DGRAM)
    s.connect((host, 80))
    return s.getsockname()
print(json.dumps({{
    "local": attempt(tcp_local),
    "v4": attempt(lambda: route("1.1.1.1")),
    "v6": attempt(lambda: route("2606:4700:4700::1111")),
    "ifaces": [n for _, n in socket.if_nameindex()],
}}))
"""
        )
        out = _report(_run(code, Mounts(rw=[tmp_path], ro=INTERPRETER), tmp_path))
    finally:
        server.close()
    assert out["local"] == "ConnectionRefusedError:ECONNREFUSED"
    assert out["v4"].endswith("ENETUNREACH") and out["v6"].endswith("ENETUNREACH")
    assert out["ifaces"] == ["lo"]


@needs_bwrap
def test_hidden_paths_and_fake_credentials(tmp_path: Path, layout: dict[str, Path], monkeypatch: pytest.MonkeyPatch):
    home = tmp_path / "fakehome"
    (home / ".aws").mkdir(parents=True)
    (home / ".aws" / "credentials").write_text("AWS-SECRET")
    (home / ".git-credentials").write_text("GIT-SECRET")
    (home / "notes.txt").write_text("private notes")
    monkeypatch.setenv("HOME", str(home))  # the HOME to hide comes from the environment, as for a real user
    mounts = _mounts(layout)
    mounts.hide += sensitive_paths(Path.home())
    code = (
        PROBE
        + f"""
print(json.dumps({{
    "aws": attempt(lambda: read({str(home / ".aws" / "credentials")!r})),
    "notes": attempt(lambda: read({str(home / "notes.txt")!r})),
    "home": attempt(lambda: sorted(os.listdir({str(home)!r}))),
    "hidden": attempt(lambda: read({str(layout["hidden"] / "secret.txt")!r})),
    "hidden_ls": attempt(lambda: os.listdir({str(layout["hidden"])!r})),
    "hidden_write": attempt(lambda: create({str(layout["hidden"] / "new")!r})),
    "db": attempt(lambda: read({str(layout["db"])!r})),
    "repo": attempt(lambda: read({str(layout["repo"] / "code.py")!r})),
}}))
"""
    )
    out = _report(_run(code, mounts, layout["rw"]))
    assert out["aws"] == "FileNotFoundError:ENOENT"
    assert out["notes"] == "FileNotFoundError:ENOENT"
    assert out["home"] == "ok:[]"
    assert out["hidden"] == "FileNotFoundError:ENOENT"
    assert out["hidden_ls"] == "ok:[]"
    assert out["hidden_write"] == "OSError:EROFS"
    assert out["db"] == "PermissionError:EACCES"  # /dev/null (mounted nodev) over it; its directory is read-only
    assert out["repo"] == "ok:print('repo')\n"

    # Re-exposing the whole fake HOME still leaves its credentials hidden: deeper rules win.
    mounts.ro.append(home)
    out = _report(_run(code, mounts, layout["rw"]))
    assert out["notes"] == "ok:private notes"
    assert out["aws"] == "FileNotFoundError:ENOENT"
    assert out["home"] == "ok:['.aws', '.git-credentials', 'notes.txt']"
    check_git = PROBE + f"print(json.dumps(attempt(lambda: read({str(home / '.git-credentials')!r}))))"
    assert _report(_run(check_git, mounts, layout["rw"])) == "PermissionError:EACCES"


@needs_bwrap
def test_no_capabilities_so_hides_cannot_be_unmounted(layout: dict[str, Path]):
    """We may run as root: with CAP_SYS_ADMIN the command could unmount the tmpfs that hides a directory."""
    code = (
        PROBE
        + f"""
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
def umount(path):
    if libc.umount2(path.encode(), 2) != 0:  # MNT_DETACH
        raise OSError(ctypes.get_errno(), "umount2")
    return "unmounted"
caps = {{k: v.strip() for k, v in (line.split(":", 1) for line in read("/proc/self/status").splitlines())}}
print(json.dumps({{
    "cap_eff": caps["CapEff"], "cap_bnd": caps["CapBnd"],
    "umount": attempt(lambda: umount({str(layout["hidden"])!r})),
    "hidden": attempt(lambda: read({str(layout["hidden"] / "secret.txt")!r})),
}}))
"""
    )
    out = _report(_run(code, _mounts(layout), layout["rw"]))
    assert int(out["cap_eff"], 16) == 0 and int(out["cap_bnd"], 16) == 0
    assert out["umount"] == "PermissionError:EPERM"
    assert out["hidden"] == "FileNotFoundError:ENOENT"


@needs_bwrap
def test_unix_socket_in_hidden_place_is_unreachable(tmp_path: Path):
    """A read-only mount does not stop connect() on a Unix socket: hiding the place does (as /run and /tmp are)."""
    hidden = tmp_path / "sockets"
    hidden.mkdir()
    path = str(hidden / "s")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)
    try:
        code = (
            PROBE
            + f"""
def unix():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect({path!r})
    return "connected"
print(json.dumps({{"sock": attempt(unix), "run": attempt(lambda: os.listdir("/run"))}}))
"""
        )
        job = tmp_path / "job"
        job.mkdir()
        out = _report(_run(code, Mounts(rw=[job], ro=[tmp_path, *INTERPRETER], hide=[hidden]), job))
    finally:
        server.close()
    assert out["sock"] == "FileNotFoundError:ENOENT"
    assert out["run"] == "ok:[]"


@needs_bwrap
def test_read_write_and_read_only_views(tmp_path: Path, layout: dict[str, Path]):
    probe_name = f".kbench-sandbox-probe-{uuid.uuid4().hex}"
    outside_tmp = Path("/tmp") / probe_name
    outside_tmp.write_text("host tmp")
    try:
        code = (
            PROBE
            + f"""
rw, repo, root = {str(layout["rw"])!r}, {str(layout["repo"])!r}, {str(SYSTEM_DIR)!r}
print(json.dumps({{
    "rw": attempt(lambda: create(os.path.join(rw, "out.txt"))),
    "ro_read": attempt(lambda: read(os.path.join(repo, "code.py"))),
    "ro_write": attempt(lambda: create(os.path.join(repo, "new.py"))),
    "readme": attempt(lambda: len(read({str(SYSTEM_FILE)!r})) > 0),
    "readme_w": os.access({str(SYSTEM_FILE)!r}, os.W_OK),
    "root_write": attempt(lambda: create(os.path.join(root, {probe_name!r}))),
    "etc_write": attempt(lambda: create("/etc/" + {probe_name!r})),
    "tmp_write": attempt(lambda: create("/tmp/" + {probe_name!r} + ".inside")),
    "host_tmp": attempt(lambda: read("/tmp/" + {probe_name!r})),
    "cwd": os.getcwd(),
}}))
"""
        )
        out = _report(_run(code, _mounts(layout), layout["rw"]))
        bare = _report(
            _run(PROBE + "print(json.dumps(attempt(lambda: os.listdir('/tmp'))))", Mounts(ro=INTERPRETER), Path("/"))
        )
    finally:
        outside_tmp.unlink()
        (SYSTEM_DIR / probe_name).unlink(missing_ok=True)
    assert out["rw"] == "ok:created" and (layout["rw"] / "out.txt").read_text() == "x"
    assert out["ro_read"] == "ok:print('repo')\n"
    assert out["ro_write"] == "OSError:EROFS" and not (layout["repo"] / "new.py").exists()
    assert out["readme"] == "ok:True" and out["readme_w"] is False
    assert out["root_write"] == "OSError:EROFS" and out["etc_write"] == "OSError:EROFS"
    assert out["host_tmp"] == "FileNotFoundError:ENOENT"
    assert out["tmp_write"] == "ok:created"
    assert not Path(f"/tmp/{probe_name}.inside").exists()
    assert out["cwd"] == str(layout["rw"])
    # /tmp is empty but for the mount points of what was bound under it (a checkout under /tmp has its venv there)
    bound = sorted({str(Path(os.path.realpath(p)).relative_to("/tmp")).split("/")[0] for p in INTERPRETER
                    if os.path.realpath(p).startswith("/tmp/")})  # fmt: skip
    assert bare == f"ok:{bound}"


@needs_bwrap
def test_environment_is_exactly_what_was_passed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-must-not-leak")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "must-not-leak")
    env = _env(tmp_path) | {"KBENCH_ODD": "a b=c 'd'\n\"e\""}
    code = """
import json
raw = open("/proc/self/environ", "rb").read().split(b"\\0")
print(json.dumps(dict(item.decode().split("=", 1) for item in raw if item)))
"""
    # Popen gets the parent's whole environment here: only --clearenv/--setenv decide what the sandbox sees.
    cmd = wrap([PY, "-c", code], "bwrap", Mounts(rw=[tmp_path], ro=INTERPRETER), env=env, cwd=tmp_path)
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert _report(proc) == env | {"PWD": str(tmp_path)}  # bwrap's --chdir sets PWD; nothing else is added


@needs_bwrap
def test_passed_pipe_fd_works_inside(tmp_path: Path):
    read_fd, write_fd = os.pipe()
    try:
        code = f"""
import os
os.write({write_fd}, b'{{"event": "hello"}}\\n')
print('{{}}')
"""
        cmd = wrap([PY, "-c", code], "bwrap", Mounts(rw=[tmp_path], ro=INTERPRETER), env=_env(tmp_path), cwd=tmp_path)
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, pass_fds=(write_fd,))
        os.close(write_fd)
        write_fd = -1
        data = b""
        while chunk := os.read(read_fd, 4096):  # EOF once the sandboxed writer is gone
            data += chunk
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()[-3000:]
    finally:
        os.close(read_fd)
        if write_fd >= 0:
            os.close(write_fd)
    assert data == b'{"event": "hello"}\n'


def _marked_pids(marker: str) -> list[int]:
    """Host pids of processes with `marker` as a whole argument (the sandboxed sleeper and bwrap itself)."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            argv = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if marker.encode() in argv:
            pids.append(int(entry))
    return pids


def _wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def _sleeper(tmp_path: Path) -> tuple[list[str], str, Path]:
    marker = f"kbench-sandbox-sleeper-{uuid.uuid4().hex}"
    started = tmp_path / "started"
    code = f"import os, time; open({str(started)!r}, 'w').write(str(os.getpid())); time.sleep(120)"
    cmd = wrap(
        [PY, "-c", code, marker], "bwrap", Mounts(rw=[tmp_path], ro=INTERPRETER), env=_env(tmp_path), cwd=tmp_path
    )
    return cmd, marker, started


@needs_bwrap
def test_sandbox_dies_with_its_parent(tmp_path: Path):
    cmd, marker, started = _sleeper(tmp_path)
    # The parent gets the command as JSON: the marker is in its argv only inside one bigger string.
    parent_code = "import json, subprocess, sys, time\nsubprocess.Popen(json.loads(sys.argv[1]))\ntime.sleep(120)"
    parent = subprocess.Popen([PY, "-c", parent_code, json.dumps(cmd)], start_new_session=True)
    try:
        assert _wait_for(started.exists, 20), "the sandboxed sleeper never started"
        assert started.read_text() == "2"  # its own pid namespace: pid 2, under bwrap's init
        sleepers = [p for p in _marked_pids(marker) if Path(f"/proc/{p}/cmdline").read_bytes().startswith(PY.encode())]
        assert len(sleepers) == 1 and sleepers[0] != 2
        parent.kill()
        parent.wait()
        assert _wait_for(lambda: not _marked_pids(marker), 5), f"still alive: {_marked_pids(marker)}"
    finally:
        parent.kill()
        parent.wait()
        for pid in _marked_pids(marker):
            os.kill(pid, signal.SIGKILL)


@needs_bwrap
def test_killing_bwrap_group_kills_the_sandbox(tmp_path: Path):
    """What the evaluator's kill_group does: the command sits in a session of its own inside, yet dies."""
    cmd, marker, started = _sleeper(tmp_path)
    proc = subprocess.Popen(cmd, start_new_session=True)
    try:
        assert _wait_for(started.exists, 20), "the sandboxed sleeper never started"
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        assert _wait_for(lambda: not _marked_pids(marker), 5), f"still alive: {_marked_pids(marker)}"
    finally:
        proc.kill()
        proc.wait()
        for pid in _marked_pids(marker):
            os.kill(pid, signal.SIGKILL)


@needs_bwrap
def test_venv_python_imports_torch_with_real_home_hidden(tmp_path: Path):
    """The real HOME is hidden; the interpreter (pyenv keeps its base under HOME) is re-exposed read-only."""
    home = Path.home()
    job = tmp_path / "job"
    (job / "home").mkdir(parents=True)
    mounts = Mounts(rw=[job], ro=[ROOT, *INTERPRETER], hide=sensitive_paths(home))
    env = _env(job / "home") | {"PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    code = """
import json, os, torch
import harness.sandbox
home = os.environ["KBENCH_REAL_HOME"]
listing = sorted(os.listdir(home)) if os.path.isdir(home) else None
print(json.dumps({"sum": float(torch.arange(4.0).sum()), "home": listing}))
"""
    cmd = wrap([PY, "-c", code], "bwrap", mounts, env=env | {"KBENCH_REAL_HOME": str(home)}, cwd=job)
    out = _report(subprocess.run(cmd, capture_output=True, text=True, timeout=120))
    assert out["sum"] == 6.0
    exposed = {p.relative_to(home).parts[0] for p in mounts.ro if home in p.parents}
    assert out["home"] is None or set(out["home"]) == exposed  # nothing of HOME but what was re-exposed

    base = Path(sys.base_prefix).resolve()
    if home.resolve() in base.parents:  # e.g. pyenv: without re-exposing it, the interpreter cannot even start
        bare = Mounts(rw=[job], ro=[ROOT, Path(sys.prefix)])
        cmd = wrap([PY, "-c", "print('started')"], "bwrap", bare, env=env, cwd=job)
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        assert proc.returncode != 0 and "started" not in proc.stdout
