"""Run an untrusted worker command inside a sandbox: bubblewrap (the default on Linux), Docker, or nothing.

`wrap()` only builds an argument list; the caller still starts it with `subprocess.Popen`. What each mode gives:

bwrap
    A read-only view of the whole host (`--ro-bind / /`) with a fresh `/dev`, a fresh `/proc` (its own pid
    namespace: the host's processes are invisible and the command runs as pid 2 under bwrap's init), private empty
    tmpfs on `/tmp` and `/run` (host sockets such as docker.sock live there), no network (`--unshare-all`: a new
    network namespace with only a loopback of its own), separate ipc/uts/cgroup namespaces, every capability dropped
    (we often run as root: with capabilities the command could simply unmount what hides a path), a new terminal
    session, and death with its parent (`--die-with-parent`: SIGKILL to everything inside once the process that
    started bwrap, more exactly its *thread*, dies). The user's HOME and every `Mounts.hide` path are covered
    (an empty read-only tmpfs over a directory; over anything else /dev/null, which bwrap mounts nodev, so that
    opening it fails with EACCES); then `Mounts.ro` and `Mounts.rw` are bound back in at their own (real) paths.
    Mounts are applied parent before child, so the deepest rule wins: a hidden file inside a read-only tree stays
    hidden, a read-write directory inside a hidden one is reachable. The environment is exactly `env`
    (`--clearenv` + `--setenv`), whatever the Popen call passes, plus PWD (bwrap sets it to `cwd`). File
    descriptors that Popen passes (`pass_fds`) keep their numbers inside: bwrap closes none of them, so nothing
    needs to be said to it.

    Two things a caller must know. The command's `os.getppid()` is bwrap's init inside the namespace, never the
    host pid of the caller, so a "did my parent die?" check against a host pid misfires. And anything the command
    needs that lies under a hidden area must be listed in `Mounts.ro`: typically the base interpreter of a venv
    (`interpreter_paths()`), which pyenv puts under HOME.

    Residual exposure: a Unix socket that is visible in the read-only view (outside /run, /tmp, HOME and the hidden
    paths) can still be connected to, since a read-only mount does not stop connect(); hide such places too.

docker
    `docker run --rm -i --network none --read-only` with a tmpfs `/tmp`, a pids and a memory limit, no capabilities,
    no new privileges, the caller's uid:gid, all GPUs when an NVIDIA device exists, `Mounts.rw`/`Mounts.ro` mounted
    at their own paths, `-w cwd`, `-e K=V` for each variable, and `cmd[0]` as the entrypoint (the kbench image's
    entrypoint is `kbench`). The image must hold the interpreter at the path `cmd[0]` names, or `Mounts.ro` must
    bring it in. An inherited pipe cannot cross into a container: `pass_fds` is ignored, so talk to the command
    through a named FIFO inside a read-write directory instead. Killing the `docker` client does not stop the
    container: give it a `name` and `docker kill` that name.

none
    `cmd` unchanged.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

MODES = ("bwrap", "docker", "none")

# Under a user's home: credentials and tokens of the tools a developer or a CI machine typically has.
_SENSITIVE_IN_HOME = (
    ".aws",
    ".azure",
    ".config/gcloud",
    ".kube",
    ".docker",
    ".ssh",
    ".gnupg",
    ".netrc",
    ".git-credentials",
    ".config/git/credentials",
    ".config/gh",
    ".config/hub",
    ".pypirc",
    ".npmrc",
    ".yarnrc",
    ".cargo/credentials",
    ".cargo/credentials.toml",
    ".gem/credentials",
    ".m2/settings.xml",
    ".huggingface",
    ".cache/huggingface",
    ".config/huggingface",
    ".config/openai",
    ".openai",
    ".anthropic",
    ".config/anthropic",
    ".claude",
    ".codex",
    ".kaggle",
    ".config/wandb",
    ".s3cfg",
    ".boto",
    ".config/rclone",
    ".pgpass",
    ".my.cnf",
    ".vault-token",
    ".terraform.d",
    ".password-store",
    ".local/share/keyrings",
    ".bash_history",
    ".zsh_history",
    ".python_history",
)
_SENSITIVE_SYSTEM = ("/etc/shadow", "/etc/gshadow", "/etc/ssh", "/run/secrets", "/var/run/secrets")

# Always covered with an empty tmpfs by bwrap: /tmp stays writable (private scratch), the rest is read-only.
_FRESH_TMP = Path("/tmp")
_FRESH_HIDDEN = (Path("/run"), Path("/var/run"))


@dataclass
class Mounts:
    """What the sandboxed command may see of the host, beyond the read-only system view."""

    rw: list[Path] = field(default_factory=list)  # read-write: the job dir, this candidate's build dir, the lock dir
    ro: list[Path] = field(default_factory=list)  # read-only, re-exposed inside hidden areas: repo, venv, inputs
    hide: list[Path] = field(default_factory=list)  # unreadable; paths that do not exist are skipped
    #: read-write, at another path inside: (this machine's folder, where the command sees it); for bwrap the
    #: inside path must lie in the private /tmp
    bind_at: list[tuple[Path, Path]] = field(default_factory=list)


def sensitive_paths(home: Path) -> list[Path]:
    """Credential files and directories under `home` and under /root, plus a few system secrets."""
    bases = [home]
    if Path(os.path.abspath(home)) != Path("/root"):
        bases.append(Path("/root"))
    paths = [base / rel for base in bases for rel in _SENSITIVE_IN_HOME]
    return paths + [Path(p) for p in _SENSITIVE_SYSTEM]


def interpreter_paths(executable: str | None = None) -> list[Path]:
    """What a Python interpreter needs to start: its venv and its base installation (which may lie under HOME).

    `executable` defaults to this process's interpreter; any other one is asked for its prefixes."""
    if executable is None:
        prefixes = [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix]
        exe = sys.executable
    else:
        code = "import sys; print(sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix, sep='\\n')"
        out = subprocess.run([executable, "-I", "-c", code], capture_output=True, text=True, timeout=60, check=True)
        prefixes = out.stdout.splitlines()
        exe = executable
    paths = [Path(os.path.realpath(p)) for p in prefixes]
    paths.append(Path(os.path.realpath(exe)).parent)
    return _dedupe(paths)


def gpu_devices(dev: Path = Path("/dev")) -> list[Path]:
    """The GPU device nodes under `dev` that a sandbox must pass through: NVIDIA, DRM render nodes, AMD KFD."""
    found = sorted(dev.glob("nvidia*"))
    found += [p for p in (dev / "dri", dev / "kfd") if os.path.lexists(p)]
    return found


def check(mode: str) -> str | None:
    """None when `mode` can sandbox here, else a one-line reason."""
    if mode == "none":
        return None
    if mode == "bwrap":
        if not sys.platform.startswith("linux"):
            return f"bwrap needs Linux, this is {sys.platform}"
        path = shutil.which("bwrap")
        if path is None:
            return "bwrap is not installed: apt-get install bubblewrap"
        return _probe_bwrap(path)
    if mode == "docker":
        path = shutil.which("docker")
        if path is None:
            return "docker is not installed (and a Docker engine must run): see https://docs.docker.com/engine/install/"
        try:
            proc = subprocess.run(
                [path, "info", "--format", "{{.ServerVersion}}"],
                capture_output=True,
                text=True,
                timeout=20,
                stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"no Docker engine answers: docker info failed: {exc}"
        if proc.returncode != 0 or not proc.stdout.strip():
            return f"no Docker engine answers: docker info failed: {_first_line(proc.stderr or proc.stdout)}"
        return None
    return f"unknown sandbox mode {mode!r}: choose one of {', '.join(MODES)}"


def default_mode() -> str:
    """The best mode that works here: "bwrap" on Linux where bubblewrap can build a sandbox, else "none"."""
    return "bwrap" if check("bwrap") is None else "none"


def wrap(
    cmd: list[str],
    mode: str,
    mounts: Mounts,
    *,
    env: dict[str, str],
    cwd: Path,
    image: str = "kbench-eval",
    pass_fds: tuple[int, ...] = (),
    home: Path | None = None,
    devices: Sequence[Path] | None = None,
    name: str | None = None,
    pids_limit: int = 4096,
    memory: str | None = None,
) -> list[str]:
    """The argument list that runs `cmd` in `mode`'s sandbox; start it with Popen(..., pass_fds=pass_fds).

    bwrap: the environment is exactly `env` and `pass_fds` keep working inside (bwrap closes no inherited fd).
    `home` is the HOME to hide (default: this process's, from $HOME); `devices` the GPU nodes to pass through
    (default: `gpu_devices()`). docker: `pass_fds` is ignored (a pipe cannot cross into a container: use a named
    FIFO in a read-write directory); `name` names the container so that it can be killed; `memory` defaults to
    three quarters of this machine's memory. Raises ValueError for an unknown mode, FileNotFoundError when a rw or
    ro path is missing, RuntimeError when bwrap is not installed."""
    for key in env:
        if not key or "=" in key or "\0" in key:
            raise ValueError(f"invalid environment variable name {key!r}")
    if mode == "none":
        return list(cmd)
    if mode not in MODES:
        raise ValueError(f"unknown sandbox mode {mode!r}: choose one of {', '.join(MODES)}")
    if not cmd:
        raise ValueError("empty command")
    for path in [*mounts.rw, *mounts.ro, *(src for src, _ in mounts.bind_at)]:
        if not os.path.exists(path):
            raise FileNotFoundError(f"sandbox mount source does not exist: {path}")
    devs = gpu_devices() if devices is None else list(devices)
    if mode == "bwrap":
        bwrap = shutil.which("bwrap")
        if bwrap is None:
            raise RuntimeError("bwrap is not installed: apt-get install bubblewrap")
        if home is None:
            home = Path(os.path.expanduser("~"))
        args = _bwrap_args(mounts, home=home, devices=devs, cap_drop=_bwrap_has(bwrap, "--cap-drop"))
        args += ["--chdir", os.path.realpath(cwd), "--clearenv"]
        for key, value in env.items():
            args += ["--setenv", key, value]
        return [bwrap, *args, "--", *cmd]
    return _docker_args(
        cmd, mounts, env=env, cwd=cwd, image=image, devices=devs, name=name, pids_limit=pids_limit, memory=memory
    )


# --- bwrap ---------------------------------------------------------------------------------------------------------


def _bwrap_args(mounts: Mounts, *, home: Path, devices: Sequence[Path], cap_drop: bool) -> list[str]:
    args = ["--unshare-all", "--die-with-parent", "--new-session"]
    if cap_drop:
        args += ["--cap-drop", "ALL"]
    args += ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"]
    for dev in devices:
        if os.path.lexists(dev):
            args += ["--dev-bind", str(dev), str(dev)]

    # Every rule is (path, kind); applied shallowest first so that a deeper rule overrides the one around it.
    tmp = Path(os.path.realpath(_FRESH_TMP))
    rules: dict[Path, str] = {tmp: "tmp"}
    for path in _FRESH_HIDDEN:
        if os.path.isdir(path) and not os.path.islink(path):
            rules[Path(os.path.realpath(path))] = "hide"
    home_real = Path(os.path.realpath(home))
    if home_real != Path("/") and os.path.isdir(home_real):
        rules.setdefault(home_real, "hide")
    for path in mounts.hide:
        if os.path.lexists(path) and os.path.exists(path):  # a dangling link hides nothing
            rules[Path(os.path.realpath(path))] = "hide"
    for path in mounts.ro:
        rules[Path(os.path.realpath(path))] = "ro"
    for path in mounts.rw:
        rules[Path(os.path.realpath(path))] = "rw"

    remount: list[str] = []
    for _src, dest in mounts.bind_at:
        if Path(dest) != tmp and tmp not in Path(dest).parents:
            raise ValueError(f"bind_at destination {dest} is not inside {tmp}")
    for path in sorted(rules, key=lambda p: (len(p.parts), str(p))):
        kind = rules[path]
        around = _covering_rule(path, rules)
        if (kind == "hide" and around in ("hide", "tmp")) or (kind == "ro" and around in ("ro", None)):
            continue  # already hidden, or already read-only (the root view is): a mount would change nothing
        if kind == "rw" and around == "rw":
            continue
        p = str(path)
        if kind == "tmp":
            args += ["--tmpfs", p]
        elif kind == "hide" and path.is_dir():
            args += ["--tmpfs", p]
            remount += ["--remount-ro", p]  # last: the binds under it need their mount points made first
        elif kind == "hide":
            args += ["--ro-bind", "/dev/null", p]
        elif kind == "ro":
            args += ["--ro-bind", p, p]
        else:
            args += ["--bind", p, p]
    for src, dest in mounts.bind_at:
        args += ["--bind", os.path.realpath(src), str(dest)]
    return args + remount


def _covering_rule(path: Path, rules: dict[Path, str]) -> str | None:
    """The kind of the deepest rule strictly above `path`; None when only the read-only root covers it."""
    for parent in path.parents:
        if parent in rules:
            return rules[parent]
    return None


@functools.cache
def _bwrap_has(bwrap: str, option: str) -> bool:
    try:
        proc = subprocess.run([bwrap, "--help"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return option in proc.stdout + proc.stderr


@functools.cache
def _probe_bwrap(bwrap: str) -> str | None:
    """Build the same sandbox `wrap` would (no GPU, no mounts) around `true`, once per process."""
    args = _bwrap_args(Mounts(), home=Path("/nonexistent"), devices=(), cap_drop=_bwrap_has(bwrap, "--cap-drop"))
    try:
        proc = subprocess.run(
            [bwrap, *args, "--", "true"], capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bwrap cannot build a sandbox here: {exc}"
    if proc.returncode != 0:
        return f"bwrap cannot build a sandbox here: {_first_line(proc.stderr) or f'exit status {proc.returncode}'}"
    return None


# --- docker --------------------------------------------------------------------------------------------------------


def _docker_args(
    cmd: list[str],
    mounts: Mounts,
    *,
    env: dict[str, str],
    cwd: Path,
    image: str,
    devices: Sequence[Path],
    name: str | None,
    pids_limit: int,
    memory: str | None,
) -> list[str]:
    args = ["docker", "run", "--rm", "-i", "--network", "none", "--read-only", "--tmpfs", "/tmp"]
    args += ["--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--init"]
    args += ["--user", f"{os.getuid()}:{os.getgid()}", "--pids-limit", str(pids_limit)]
    memory = memory or _default_memory()
    if memory:
        args += ["--memory", memory]
    if name:
        args += ["--name", name]
    nvidia = any(d.name == "nvidia0" for d in devices)
    if nvidia:
        args += ["--gpus", "all"]
    for dev in devices:
        if not (nvidia and dev.name.startswith("nvidia")):
            args += ["--device", str(dev)]
    binds = [Path(os.path.abspath(p)) for p in [*mounts.rw, *mounts.ro]]
    for path in mounts.rw:
        args += ["-v", f"{_docker_path(path)}:{_docker_path(path)}"]
    for path in mounts.ro:
        args += ["-v", f"{_docker_path(path)}:{_docker_path(path)}:ro"]
    for src, dest in mounts.bind_at:
        args += ["-v", f"{_docker_path(src)}:{_docker_path(dest)}"]
    for path in mounts.hide:  # only what a bind brings into the container can be seen there at all
        full = Path(os.path.abspath(path))
        if not os.path.exists(full) or not any(full == b or b in full.parents for b in binds):
            continue
        if full.is_dir():
            args += ["--tmpfs", f"{_docker_path(full)}:ro"]
        else:
            args += ["-v", f"/dev/null:{_docker_path(full)}:ro"]
    args += ["-w", str(cwd)]
    for key, value in env.items():
        args += ["-e", f"{key}={value}"]
    return [*args, "--entrypoint", cmd[0], image, *cmd[1:]]


def _docker_path(path: Path) -> str:
    text = os.path.abspath(path)
    if ":" in text or "," in text:
        raise ValueError(f"docker cannot mount a path containing ':' or ',': {text}")
    return text


def _default_memory() -> str | None:
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None
    return f"{total * 3 // 4 // 2**20}m" if total > 0 else None


# --- helpers -------------------------------------------------------------------------------------------------------


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def _dedupe(paths: Iterable[Path]) -> list[Path]:
    seen: dict[Path, None] = {}
    for path in paths:
        seen.setdefault(path, None)
    return list(seen)
