"""kbench: a harness that measures how well language models write fast compute kernels.

The public nouns live in :mod:`harness.schema` (Task, Candidate, Evaluation, Run); the plumbing
modules are prefixed with an underscore.
"""

__version__ = "0.1.0"
