"""Answer extraction from real-looking model output."""

from harness.extract import extract_code, split_reasoning


def test_last_complete_python_block_counts():
    text = "Plan:\n```python\nx = 1\n```\nBetter:\n```python\nclass ModelNew: pass\n```\nDone."
    assert extract_code(text) == "class ModelNew: pass\n"


def test_other_languages_are_ignored():
    text = "```cpp\nint main() {}\n```\n```python\nimport torch\n```\n```cuda\n__global__ void k() {}\n```"
    assert extract_code(text) == "import torch\n"


def test_unterminated_block_is_not_complete():
    assert extract_code("```python\nclass ModelNew:\n    pass\n") is None


def test_no_code_gives_none():
    assert extract_code("I cannot help with that.") is None


def test_think_sections_are_reasoning_not_answer():
    text = "<think>maybe ```python\nbad = 1\n```</think>\n```python\ngood = 2\n```"
    answer, reasoning = split_reasoning(text)
    assert "bad" not in answer and "bad = 1" in reasoning
    assert extract_code(text) == "good = 2\n"


def test_think_without_opening_tag():
    answer, reasoning = split_reasoning("thinking hard</think>\nanswer")
    assert reasoning == "thinking hard" and answer.strip() == "answer"
