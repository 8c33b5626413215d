"""Building prompts from the templates in ``prompts/templates`` and the golden exemplars.

Templates are plain text with ``{{name}}`` slots. The exemplars are the golden kernels, one per
category per backend (``prompts/golden/<backend>/<category>.py``, first line ``# task: <id>``), and
the generic exemplar of each backend (``prompts/golden/<backend>/add.py``, ``# task: generic/add``) that
answers ``prompts/generic/add.py``, an elementwise sum. A task whose category has no exemplar, and the
task an exemplar answers, get the generic exemplar: an exemplar never answers its own task.
"""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path

from backends.base import Backend

from .errors import UsageError
from .schema import Evaluation, Task
from .tasks import REPO_ROOT, module_source_without_metadata

PROMPTS_ROOT = REPO_ROOT / "prompts"
TEMPLATES = PROMPTS_ROOT / "templates"
GOLDEN_ROOT = PROMPTS_ROOT / "golden"
GENERIC_ROOT = PROMPTS_ROOT / "generic"
GENERIC_ID = "generic/add"
#: zero_shot: no example; one_shot: the backend's generic exemplar (KernelBench style); category_one_shot
#: (default): the exemplar of the task's own category (MultiKernelBench style); concise: category_one_shot
#: asking for short, focused reasoning before the code (ConCuR)
STRATEGIES = ("zero_shot", "one_shot", "category_one_shot", "concise")
_TASK_LINE = re.compile(r"^#\s*task:\s*(\S+)\s*$")


@functools.cache
def _golden_files(backend: str) -> dict[str, Path]:
    found: dict[str, Path] = {}
    folder = GOLDEN_ROOT / backend
    for path in sorted(folder.glob("*.py")) if folder.is_dir() else []:
        first = path.read_text(encoding="utf-8").splitlines()[:1]
        match = _TASK_LINE.match(first[0]) if first else None
        if match:
            found[match.group(1)] = path
    return found


def goldens(backend: str) -> dict[str, Path]:
    """catalog task id -> golden kernel file, for one backend (the generic exemplar excluded)."""
    return {k: v for k, v in _golden_files(backend).items() if not k.startswith("generic/")}


def generic_exemplar(backend: str) -> Path | None:
    """The backend's golden kernel for the generic reference ``prompts/generic/add.py``."""
    return _golden_files(backend).get(GENERIC_ID)


def golden_for(task: Task, backend: str) -> Path | None:
    """The golden kernel answering ``task``: a catalog task's, or a generic reference's (prompts/generic)."""
    path = goldens(backend).get(task.id)
    if path is None and Path(task.path).resolve().parent == GENERIC_ROOT.resolve():
        path = _golden_files(backend).get(f"generic/{Path(task.path).stem}")
    return path


def exemplar_reference(task_id: str) -> Path:
    """The reference file an exemplar answers."""
    if task_id.startswith("generic/"):
        return GENERIC_ROOT / f"{task_id.split('/', 1)[1]}.py"
    from .tasks import CATALOG_ROOT

    return CATALOG_ROOT / f"{task_id}.py"


def golden_source(path: Path) -> str:
    """A golden file as a candidate module (its '# task:' line removed)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(lines[1:]).lstrip("\n") if lines and _TASK_LINE.match(lines[0]) else "".join(lines)


def exemplar_for(task: Task, backend: str) -> tuple[str, Path] | None:
    """(exemplar task id, golden file) of the task's category, never the task's own answer; else the
    backend's generic exemplar; None when the backend has neither."""
    for task_id, path in goldens(backend).items():
        if task_id.split("/")[0] == task.category and task_id != task.id:
            return task_id, path
    generic = generic_exemplar(backend)
    return (GENERIC_ID, generic) if generic is not None else None


def render(template: str, **slots: str) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in slots:
            raise KeyError(f"template slot '{{{{{name}}}}}' has no value")
        return slots[name]

    return re.sub(r"\{\{(\w+)\}\}", fill, template)


def template_version() -> str:
    """A short hash of the prompt templates, stored with every run and export."""
    digest = hashlib.sha256()
    for path in sorted(TEMPLATES.glob("*.txt")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def _example(ex_id: str, ex_path: Path) -> str:
    ex_ref = module_source_without_metadata(exemplar_reference(ex_id).read_text(encoding="utf-8"))
    return render(
        (TEMPLATES / "example.txt").read_text(), reference=ex_ref.strip(), kernel=golden_source(ex_path).strip()
    )


def build_prompt(task: Task, backend: Backend, strategy: str = "category_one_shot") -> str:
    """The turn-0 prompt: the reference, the backend's instructions and answer format, and the strategy's
    exemplar (never the task's own answer)."""
    if strategy not in STRATEGIES:
        raise UsageError(f"unknown prompt strategy '{strategy}' (known: {', '.join(STRATEGIES)})")
    reference = module_source_without_metadata(Path(task.path).read_text(encoding="utf-8"))
    example = ""
    found: tuple[str, Path] | None = None
    if strategy in ("category_one_shot", "concise"):
        found = exemplar_for(task, backend.name)
    elif strategy == "one_shot":
        generic = generic_exemplar(backend.name)
        found = (GENERIC_ID, generic) if generic is not None else None
    if found is not None and found[0] != task.id and golden_for(task, backend.name) != found[1]:
        example = _example(*found)
    reasoning = (TEMPLATES / "concise.txt").read_text() if strategy == "concise" else ""
    return render(
        (TEMPLATES / "task.txt").read_text(),
        backend=backend.name,
        language=backend.language,
        instructions=backend.instructions().strip(),
        answer_format=backend.answer_format().strip(),
        reasoning=reasoning,
        example=example,
        reference=reference.strip(),
    )


def _clip(text: str, limit: int) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit // 2] + "\n[... cut ...]\n" + text[-limit // 2 :]


def feedback_prompt(ev: Evaluation, backend: str, turn: int) -> str:
    """What the model is told about its previous answer: the verdict, the compiler's errors, where the
    outputs differ (max error and its position), the timings, and what to do next."""
    lines: list[str] = []
    for code, reason in zip(ev.reason_codes, ev.reasons, strict=False):
        lines.append(f"- {code}: {_clip(reason, 3000)}")
    if ev.max_abs_error is not None and ev.status.value != "correct":
        lines.append(f"- max abs error over the checked outputs: {ev.max_abs_error:.4g}")
    if ev.trials:
        lines.append(f"- correctness trials passed: {ev.trials_passed} of {ev.trials}")
    if ev.baseline_ms is not None and ev.candidate_ms is not None:
        how = "measured on the device" if ev.timing == "device" else "under an interpreter (not a device time)"
        speed = f", speedup {ev.speedup:.3f}x" if ev.speedup is not None else ""
        lines.append(
            f"- timing ({how}): PyTorch eager {ev.baseline_ms:.4f} ms, your kernel {ev.candidate_ms:.4f} ms{speed}"
        )
    if ev.compile_ms is not None:
        lines.append(f"- torch.compile of the reference: {ev.compile_ms:.4f} ms")
    if ev.status.value in ("compile_error", "runtime_error") and ev.log_tail:
        lines.append("- the end of the build/run log:\n" + _clip(ev.log_tail, 4000))
    status = ev.status.value
    if status == "correct":
        ask = "Your kernel is correct. Make it faster while keeping it correct."
    elif status == "unverified":
        ask = "Your kernel compiled but could not be run here. Check it carefully and make it faster if you can."
    elif status == "no_code":
        ask = "Your answer had no ```python block. Give the complete module."
    else:
        ask = "Fix the problem above."
    return render(
        (TEMPLATES / "feedback.txt").read_text(),
        turn=str(turn),
        backend=backend,
        status=status,
        details="\n".join(lines) if lines else "(no further details)",
        request=ask,
    )
