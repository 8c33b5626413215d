"""Building prompts from the templates in ``prompts/templates`` and the golden exemplars.

Templates are plain text with ``{{name}}`` slots. The exemplars are the golden kernels, one per
category per backend (``prompts/golden/<backend>/<category>.py``, first line ``# task: <id>``), and
the generic exemplar of each backend (``prompts/golden/<backend>/add.py``, ``# task: generic/add``) that
answers ``prompts/generic/add.py``, an elementwise sum. A task whose category has no exemplar, and the
task an exemplar answers, get the generic exemplar: an exemplar never answers its own task.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from backends.base import Backend

from .errors import UsageError
from .schema import Task
from .tasks import REPO_ROOT, module_source_without_metadata

PROMPTS_ROOT = REPO_ROOT / "prompts"
TEMPLATES = PROMPTS_ROOT / "templates"
GOLDEN_ROOT = PROMPTS_ROOT / "golden"
GENERIC_ROOT = PROMPTS_ROOT / "generic"
GENERIC_ID = "generic/add"
STRATEGIES = ("zero_shot", "category_one_shot")
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


def build_prompt(task: Task, backend: Backend, strategy: str = "category_one_shot") -> str:
    if strategy not in STRATEGIES:
        raise UsageError(f"unknown prompt strategy '{strategy}' (known: {', '.join(STRATEGIES)})")
    reference = module_source_without_metadata(Path(task.path).read_text(encoding="utf-8"))
    example = ""
    if strategy == "category_one_shot":
        found = exemplar_for(task, backend.name)
        if found is not None:
            ex_id, ex_path = found
            ex_ref = module_source_without_metadata(exemplar_reference(ex_id).read_text(encoding="utf-8"))
            example = render(
                (TEMPLATES / "example.txt").read_text(), reference=ex_ref.strip(), kernel=golden_source(ex_path).strip()
            )
    return render(
        (TEMPLATES / "task.txt").read_text(),
        backend=backend.name,
        language=backend.language,
        instructions=backend.instructions().strip(),
        example=example,
        reference=reference.strip(),
    )
