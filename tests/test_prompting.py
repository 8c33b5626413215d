"""Prompts: the reference, the backend's instructions, and an exemplar that never gives away its own task."""

from __future__ import annotations

import backends
from harness import prompting
from harness import tasks as T


def test_prompt_carries_reference_and_instructions_but_not_metadata():
    task = T.find("activation/gelu_tanh")
    prompt = prompting.build_prompt(task, backends.get("cpu"))
    assert "class Model(nn.Module)" in prompt and "gelu" in prompt
    assert "KBENCH" not in prompt
    assert "load_inline" in prompt and "ModelNew" in prompt


def test_an_exemplar_never_answers_its_own_task():
    for task_id in prompting.goldens("cpu"):
        task = T.find(task_id)
        found = prompting.exemplar_for(task, "cpu")
        assert found is None or found[0] != task_id
        prompt = prompting.build_prompt(task, backends.get("cpu"))
        golden_body = prompting.golden_source(prompting.goldens("cpu")[task_id]).strip()
        assert golden_body not in prompt


def test_exemplar_of_the_same_category_is_shown_for_other_tasks(tmp_path):
    source = T.find("activation/gelu_tanh").path
    other = tmp_path / "activation" / "relu_like.py"
    other.parent.mkdir()
    other.write_text(open(source).read().replace("gelu", "relu_like_gelu"))
    task = T.task_from_file(other, root=tmp_path)
    assert task.category == "activation"
    prompt = prompting.build_prompt(task, backends.get("cpu"))
    assert "a correct answer is" in prompt
    assert prompting.golden_source(prompting.goldens("cpu")["activation/gelu_tanh"]).strip() in prompt


def test_golden_answers_are_extractable_modules():
    from harness.extract import extract_code

    for path in prompting.goldens("cpu").values():
        text = f"```python\n{prompting.golden_source(path)}```\n"
        code = extract_code(text)
        assert code is not None and "class ModelNew" in code


def test_generic_exemplar_answers_the_exemplar_tasks_and_unknown_categories(tmp_path):
    """The exemplar of a category never answers its own task: that task gets the generic (add) exemplar,
    as does a task whose category has no exemplar."""
    generic = prompting.generic_exemplar("cpu")
    assert generic is not None and "generic/add" not in prompting.goldens("cpu")
    task = T.find("activation/gelu_tanh")
    assert prompting.exemplar_for(task, "cpu") == ("generic/add", generic)
    prompt = prompting.build_prompt(task, backends.get("cpu"))
    assert prompting.golden_source(generic).strip() in prompt
    assert "return a + b" in prompt  # the generic reference is shown with its answer

    odd = tmp_path / "unusual" / "thing.py"
    odd.parent.mkdir()
    odd.write_text(open(T.find("activation/gelu_tanh").path).read())
    other = T.task_from_file(odd, root=tmp_path)
    assert prompting.exemplar_for(other, "cpu") == ("generic/add", generic)


def test_every_backend_has_instructions_and_a_generic_exemplar():
    for name in backends.names():
        be = backends.get(name)
        assert be.language and len(be.instructions()) > 200, name
        path = prompting.generic_exemplar(name)
        assert path is not None, f"{name} has no prompts/golden/{name}/add.py"
        assert "class ModelNew" in prompting.golden_source(path)
