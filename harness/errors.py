"""Exceptions that map onto kbench's exit codes (ARCHITECTURE.md)."""

from __future__ import annotations


class KbenchError(Exception):
    """Base of kbench's own errors; ``exit_code`` is what the CLI exits with."""

    exit_code = 4


class UsageError(KbenchError):
    """The user asked for something that cannot be done (bad flag, unknown task or run): exit 2."""

    exit_code = 2


class TaskError(UsageError):
    """A task file cannot be used; the message names the file and the problem."""


class HarnessFault(KbenchError):
    """A fault inside kbench itself (a bug, or a reference that cannot be computed): exit 4."""

    exit_code = 4


class ProviderFailure(UsageError):
    """The model's provider cannot serve the run (bad key, unknown model, retries exhausted): exit 2;
    the run is stored as incomplete and ``--resume`` continues it."""
