"""Building prompts from the templates in ``prompts/templates`` and the golden exemplars.

Templates are plain text with ``{{name}}`` slots. The exemplars are the golden kernels, one per
category per backend (``prompts/golden/<backend>/<category>.py``, first line ``# task: <id>``).
An exemplar never answers its own task: for that task the generic exemplar is used instead.
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
STRATEGIES = ("zero_shot", "category_one_shot")
_TASK_LINE = re.compile(r"^#\s*task:\s*(\S+)\s*$")


@functools.cache
def goldens(backend: str) -> dict[str, Path]:
    """task id -> golden kernel file, for one backend."""
    found: dict[str, Path] = {}
    folder = GOLDEN_ROOT / backend
    for path in sorted(folder.glob("*.py")) if folder.is_dir() else []:
        first = path.read_text(encoding="utf-8").splitlines()[:1]
        match = _TASK_LINE.match(first[0]) if first else None
        if match:
            found[match.group(1)] = path
    return found


def golden_source(path: Path) -> str:
    """A golden file as a candidate module (its '# task:' line removed)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(lines[1:]).lstrip("\n") if lines and _TASK_LINE.match(lines[0]) else "".join(lines)


def exemplar_for(task: Task, backend: str) -> tuple[str, Path] | None:
    """(exemplar task id, golden file) of the task's category, never the task's own answer."""
    for task_id, path in goldens(backend).items():
        if task_id.split("/")[0] == task.category and task_id != task.id:
            return task_id, path
    return None


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
            from .tasks import CATALOG_ROOT

            ex_ref = module_source_without_metadata((CATALOG_ROOT / f"{ex_id}.py").read_text(encoding="utf-8"))
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
