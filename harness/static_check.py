"""The static layer of kbench's anti-cheat: an AST scan of a candidate's Python source.

The source is treated as hostile. :func:`scan` parses it (never imports or runs it) and reports the
constructs that let a kernel cheat: a try/except that falls back to PyTorch, reaching for the reference
or the harness, patching torch or the standard library, threads and subprocesses, side CUDA streams
and graphs, frame walking, leaving the process, code built at runtime, and (unless the track allows
PyTorch) torch.compile. The C++/CUDA strings are only searched for a few stream and ``/proc`` markers.

Names are resolved file-wide and without data flow: ``import x as y``, ``from x import y``, simple
aliases (``t = time``), ``__import__("x")`` / ``importlib.import_module("x")`` with a literal name,
``getattr(x, "literal")``, ``sys.modules["x"]`` and ``x.__dict__["y"]`` all resolve to a dotted name
such as ``time.perf_counter``, which is then matched against the rules below. The scan is a first
line: the sandboxed worker checks behaviour at runtime.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass
from fnmatch import fnmatchcase

__all__ = ["CODES", "Finding", "scan"]

#: The reason codes this scan produces (merged into :data:`harness.schema.REASON_CODES`).
CODES: dict[str, str] = {
    "fallback_try_except": "the source catches exceptions (try/except, contextlib.suppress), hiding a failing kernel",
    "reference_access": "the source reaches for the reference model or the harness (Model, get_inputs, sys.modules)",
    "monkey_patch": "the source assigns attributes of torch, the standard library or another imported module",
    "thread_spawned": "the candidate starts threads or processes (seen running, or threading/subprocess in the source)",
    "stream_use": "the source creates or switches CUDA streams or graphs, moving work off the timed stream",
    "frame_walk": "the source inspects frames, the garbage collector or raw memory (inspect, gc, sys._getframe)",
    "process_exit": "the source can end the process itself (os._exit, sys.exit, os.kill, signals)",
    "dynamic_code": "the source builds or runs code at runtime (exec, eval, non-literal getattr, globals(), pickle)",
    "torch_compile": "the source uses torch.compile, TorchScript or TorchDynamo/Inductor, which the track forbids",
    "trace_detect": "the source asks whether JAX is tracing it (Tracer checks), so it can act differently when checked",
}

#: Why each code matters, quoted in finding messages.
_WHY: dict[str, str] = {
    "fallback_try_except": "a fallback to PyTorch hides failures",
    "reference_access": "reaches for the reference or the harness",
    "monkey_patch": "patches an object the harness relies on",
    "thread_spawned": "work can go on outside the timed call",
    "stream_use": "work can run off the timed stream",
    "frame_walk": "can read the harness's own state",
    "process_exit": "can end the process before a verdict",
    "dynamic_code": "runs code the scan cannot see",
    "torch_compile": "compiled PyTorch is not a hand-written kernel",
    "trace_detect": "kbench checks a Pallas forward by tracing it",
}


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    line: int


# Dotted-name rules: a resolved name matches when its first segments match the pattern's segments
# (each an fnmatch pattern), so "os._exit" also matches "os._exit.__call__" but not "os._exit_x".
_RULES: list[tuple[str, str]] = [
    ("contextlib.suppress", "fallback_try_except"),
    ("jax.core.Tracer", "trace_detect"),
    ("jax.core.trace_ctx", "trace_detect"),
    ("jax.core.get_aval", "trace_detect"),
    ("jax.core.is_concrete", "trace_detect"),
    ("jax.core.concrete_or_error", "trace_detect"),
    ("jax.extend.core", "trace_detect"),
    ("jax._src.core", "trace_detect"),
    ("jax.ensure_compile_time_eval", "trace_detect"),
    ("jax.interpreters", "trace_detect"),
    ("harness", "reference_access"),
    ("backends", "reference_access"),
    ("importlib", "reference_access"),
    ("builtins.__import__", "reference_access"),
    ("sys.modules", "reference_access"),
    ("__main__", "reference_access"),
    ("threading", "thread_spawned"),
    ("_thread", "thread_spawned"),
    ("multiprocessing", "thread_spawned"),
    ("torch.multiprocessing", "thread_spawned"),
    ("concurrent", "thread_spawned"),
    ("asyncio", "thread_spawned"),
    ("subprocess", "thread_spawned"),
    ("_posixsubprocess", "thread_spawned"),
    ("signal", "thread_spawned"),
    ("pty", "thread_spawned"),
    ("os.fork", "thread_spawned"),
    ("os.forkpty", "thread_spawned"),
    ("os.posix_spawn*", "thread_spawned"),
    ("os.spawn*", "thread_spawned"),
    ("os.system", "thread_spawned"),
    ("os.popen", "thread_spawned"),
    ("os.register_at_fork", "thread_spawned"),
    ("torch.Stream", "stream_use"),
    ("torch.cuda.Stream", "stream_use"),
    ("torch.cuda.stream", "stream_use"),
    ("torch.cuda.streams", "stream_use"),
    ("torch.cuda.set_stream", "stream_use"),
    ("torch.cuda.ExternalStream", "stream_use"),
    ("torch.cuda.graph", "stream_use"),
    ("torch.cuda.graphs", "stream_use"),
    ("torch.cuda.CUDAGraph", "stream_use"),
    ("torch.cuda.make_graphed_callables", "stream_use"),
    ("gc", "frame_walk"),
    ("inspect", "frame_walk"),
    ("sys._getframe", "frame_walk"),
    ("sys._current_frames", "frame_walk"),
    ("sys.settrace", "frame_walk"),
    ("sys.setprofile", "frame_walk"),
    ("sys.monitoring", "frame_walk"),
    ("traceback", "frame_walk"),
    ("ctypes", "frame_walk"),
    ("_ctypes", "frame_walk"),
    ("cffi", "frame_walk"),
    ("os._exit", "process_exit"),
    ("os.kill", "process_exit"),
    ("os.killpg", "process_exit"),
    ("os.abort", "process_exit"),
    ("os.exec*", "process_exit"),
    ("sys.exit", "process_exit"),
    ("builtins.exit", "process_exit"),
    ("builtins.quit", "process_exit"),
    ("builtins.SystemExit", "process_exit"),
    ("signal.raise_signal", "process_exit"),
    ("signal.pthread_kill", "process_exit"),
    ("_thread.interrupt_main", "process_exit"),
    ("builtins.exec", "dynamic_code"),
    ("builtins.eval", "dynamic_code"),
    ("builtins.compile", "dynamic_code"),
    ("builtins.globals", "dynamic_code"),
    ("builtins.vars", "dynamic_code"),
    ("builtins.locals", "dynamic_code"),
    ("pickle.load*", "dynamic_code"),
    ("pickle.Unpickler", "dynamic_code"),
    ("_pickle", "dynamic_code"),
    ("marshal", "dynamic_code"),
    ("dill", "dynamic_code"),
    ("cloudpickle", "dynamic_code"),
    ("types.FunctionType", "dynamic_code"),
    ("types.LambdaType", "dynamic_code"),
    ("types.CodeType", "dynamic_code"),
    ("code", "dynamic_code"),
    ("codeop", "dynamic_code"),
    ("runpy", "dynamic_code"),
    ("torch.compile", "torch_compile"),
    ("torch.compiler", "torch_compile"),
    ("torch.jit.script", "torch_compile"),
    ("torch.jit.script_method", "torch_compile"),
    ("torch.jit.trace", "torch_compile"),
    ("torch.jit.trace_module", "torch_compile"),
    ("torch._dynamo", "torch_compile"),
    ("torch._inductor", "torch_compile"),
]

_RULES_BY_HEAD: dict[str, list[tuple[list[str], str]]] = {}
for _pattern, _code in _RULES:
    _parts = _pattern.split(".")
    _RULES_BY_HEAD.setdefault(_parts[0], []).append((_parts, _code))

#: Modules that other modules re-export as attributes (``os.path.os``, ``torch.utils.cpp_extension.subprocess``):
#: a resolved name is also matched from any of its segments that names one of these.
_REEXPORTED = frozenset(
    {"os", "sys", "builtins", "threading", "_thread", "multiprocessing", "subprocess", "asyncio", "gc", "inspect"}
    | {"ctypes", "traceback", "importlib", "pickle", "marshal", "types", "contextlib"}
)

#: What a name means when the file neither imports nor defines it.
_DEFAULT_ROOTS: dict[str, str] = {
    "torch": "torch",
    "nn": "torch.nn",
    "F": "torch.nn.functional",
    "time": "time",
    "os": "os",
    "sys": "sys",
    "builtins": "builtins",
    "__builtins__": "builtins",
    "math": "math",
    "numpy": "numpy",
    "np": "numpy",
    "triton": "triton",
    "jax": "jax",
    "harness": "harness",
    "backends": "backends",
}

_BUILTIN_NAMES = frozenset(dir(builtins))

#: Platform modules behind ``os``: ``posix._exit`` is ``os._exit``.
_CANONICAL_HEADS = {"posix": "os", "nt": "os", "__builtin__": "builtins"}

#: Substrings of string constants (the C++/CUDA sources included) and the code each one means.
_STRING_MARKERS: list[tuple[str, str, str]] = [
    ("cudaStreamCreate", "stream_use", "creates a CUDA stream"),
    ("cuStreamCreate", "stream_use", "creates a CUDA stream"),
    ("cudaStreamPerThread", "stream_use", "launches on the per-thread stream"),
    ("cudaStreamBeginCapture", "stream_use", "captures a CUDA graph"),
    ("cudaGraphLaunch", "stream_use", "launches a CUDA graph"),
    ("cudaLaunchHostFunc", "stream_use", "queues a host callback"),
    ("getStreamFromPool", "stream_use", "takes a side stream from the pool"),
    ("/proc/self/mem", "frame_walk", "opens the process's memory"),
    ("/proc/self/fd", "frame_walk", "walks the process's file descriptors"),
    ("/proc/self/maps", "frame_walk", "reads the process's memory map"),
    ("kbench_reference", "reference_access", "names the reference module"),
    ("__main__", "reference_access", "names the main module"),
]

#: Attributes that expose frames, globals or code objects, whatever object they are read from.
_FRAME_ATTRS = frozenset(
    {"f_back", "f_locals", "f_globals", "f_builtins", "f_code", "tb_frame", "gi_frame", "cr_frame", "ag_frame"}
    | {"__subclasses__", "__globals__", "__closure__", "__code__"}
)

#: Attributes whose assignment on a foreign object swaps its type, code or namespace.
_FOREIGN_DUNDERS = frozenset(
    {"__builtins__", "__class__", "__code__", "__dict__", "__globals__", "__bases__", "__defaults__", "__kwdefaults__"}
)

#: Attributes that, part-way along an assignment target, lead from an object to something shared.
_SHARED_PATH_ATTRS = frozenset(
    {"__class__", "__dict__", "__globals__", "__builtins__", "__mro__", "__bases__", "__base__"}
)

#: Methods that mutate a ``__dict__`` in place.
_DICT_MUTATORS = frozenset({"update", "setdefault", "pop", "popitem", "clear", "__setitem__", "__delitem__"})

#: Bases a class may have besides classes defined in the file (and the bare name ``Module``).
_ALLOWED_BASES = frozenset(
    {"torch.nn.Module", "builtins.object", "typing.NamedTuple", "typing.Generic", "enum.Enum", "enum.IntEnum"}
)
_ALLOWED_BASE_PREFIXES = ("torch.nn.", "torch.autograd.")

_REFERENCE_NAMES = frozenset({"Model", "get_inputs", "get_init_inputs"})
_OWN_ROOTS = frozenset({"self", "cls"})
_MAX_DEPTH = 64
_MAX_FOLD = 1 << 20


def scan(source: str, *, allow_torch: bool = False) -> list[Finding]:
    """The findings for ``source``, sorted by line, one per (code, line); [] when it does not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, TypeError, RecursionError, MemoryError, OverflowError):
        return []  # the worker reports syntax errors itself
    scanner = _Scanner(tree, allow_torch)
    try:
        scanner.run()
    except Exception:  # noqa: BLE001 - the scan must not raise on hostile input; keep what was found
        pass
    return scanner.findings()


def _show(node: ast.AST, limit: int = 60) -> str:
    try:
        text = ast.unparse(node)
    except Exception:  # noqa: BLE001
        return "<expression>"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _fold_str(node: ast.AST) -> str | None:
    """The value of a string built only from literals (``"a" + "b"``, constant f-string parts), else None."""
    parts: list[str] = []
    size = 0
    stack: list[ast.AST] = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, ast.Constant) and isinstance(cur.value, str):
            parts.append(cur.value)
            size += len(cur.value)
            if size > _MAX_FOLD:
                return None
        elif isinstance(cur, ast.BinOp) and isinstance(cur.op, ast.Add):
            stack.append(cur.right)
            stack.append(cur.left)
        elif isinstance(cur, ast.JoinedStr):
            stack.extend(reversed(cur.values))
        else:
            return None
    return "".join(parts)


def _canonical(qual: str) -> str:
    head, _, rest = qual.partition(".")
    if head in _CANONICAL_HEADS:
        head = _CANONICAL_HEADS[head]
        return f"{head}.{rest}" if rest else head
    return qual


def _match_rules(qual: str) -> list[tuple[str, str]]:
    """(code, matched dotted name) for every rule ``qual`` matches, re-exported module segments included."""
    parts = qual.split(".")
    hits: list[tuple[str, str]] = []
    for start, head in enumerate(parts):
        if start > 0 and head not in _REEXPORTED:
            continue
        tail = parts[start:]
        for pattern, code in _RULES_BY_HEAD.get(head, ()):
            if len(tail) >= len(pattern) and all(fnmatchcase(q, p) for p, q in zip(pattern, tail, strict=False)):
                hits.append((code, ".".join(tail[: len(pattern)])))
    return hits


def _is_try_with_handlers(node: ast.AST) -> bool:
    if type(node).__name__ not in ("Try", "TryStar"):
        return False
    return bool(getattr(node, "handlers", None))


def _exempt_main_guard(node: ast.Compare) -> list[ast.AST]:
    """The ``"__main__"`` constant of ``__name__ == "__main__"`` (harmless when imported)."""
    if len(node.ops) != 1 or not isinstance(node.ops[0], (ast.Eq, ast.NotEq)):
        return []
    left, right = node.left, node.comparators[0]
    for a, b in ((left, right), (right, left)):
        if isinstance(a, ast.Name) and a.id == "__name__" and isinstance(b, ast.Constant) and b.value == "__main__":
            return [b]
    return []


class _Scanner:
    def __init__(self, tree: ast.Module, allow_torch: bool) -> None:
        self.tree = tree
        self.allow_torch = allow_torch
        self.found: dict[tuple[str, int], Finding] = {}
        self.nodes: list[ast.AST] = list(ast.walk(tree))
        self.parent: dict[int, ast.AST] = {}
        for node in self.nodes:
            for child in ast.iter_child_nodes(node):
                self.parent[id(child)] = node
        self.imports: dict[str, set[str]] = {}
        self.aliases: dict[str, set[str]] = {}
        self.attr_aliases: dict[str, set[str]] = {}
        self.local_names: set[str] = set()
        self.defs: set[str] = set()
        self.class_names: set[str] = set()
        self.star_modules: set[str] = set()
        self.functions: dict[str, list[tuple[list[str], set[str], bool]]] = {}
        self._qual_memo: dict[int, frozenset[str]] = {}

    # -- results -------------------------------------------------------------------------------------

    def add(self, code: str, line: int, what: str) -> None:
        if code == "torch_compile" and self.allow_torch:
            return
        key = (code, line)
        if key not in self.found:
            self.found[key] = Finding(code=code, message=f"line {line}: {what} ({_WHY[code]})", line=line)

    def findings(self) -> list[Finding]:
        return sorted(self.found.values(), key=lambda f: (f.line, f.code, f.message))

    # -- name resolution -----------------------------------------------------------------------------

    def _collect_bindings(self) -> None:
        alias_pairs: list[tuple[str, ast.AST]] = []
        attr_pairs: list[tuple[str, str, ast.AST]] = []  # self.x = time: self.x.sleep is time.sleep
        for node in self.nodes:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.imports.setdefault(alias.asname, set()).add(_canonical(alias.name))
                    else:
                        head = alias.name.split(".")[0]
                        self.imports.setdefault(head, set()).add(_canonical(head))
            elif isinstance(node, ast.ImportFrom):
                module = "." * (node.level or 0) + (node.module or "")
                for alias in node.names:
                    if alias.name == "*":
                        self.star_modules.add(_canonical(module))
                    else:
                        bound = alias.asname or alias.name
                        self.imports.setdefault(bound, set()).add(_canonical(f"{module}.{alias.name}"))
            elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                self.local_names.add(node.id)
            elif isinstance(node, ast.arg):
                self.local_names.add(node.arg)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.local_names.add(node.name)
                self.defs.add(node.name)
                if isinstance(node, ast.ClassDef):
                    self.class_names.add(node.name)
            elif isinstance(node, ast.ExceptHandler) and node.name:
                self.local_names.add(node.name)
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    self._pair_alias(target, node.value, alias_pairs)
                    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
                        attr_pairs.append((target.value.id, target.attr, node.value))
            elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
                self._pair_alias(node.target, node.value, alias_pairs)
            elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
                if isinstance(node.target, ast.Name) and isinstance(node.iter, (ast.Tuple, ast.List, ast.Set)):
                    for elt in node.iter.elts:
                        alias_pairs.append((node.target.id, elt))
        for _ in range(16):  # aliases of aliases, to a fixed point
            changed = False
            self._qual_memo.clear()
            for name, value in alias_pairs:
                quals = self.qualnames(value)
                known = self.aliases.setdefault(name, set())
                if not quals <= known:
                    known.update(quals)
                    changed = True
            for owner, attr, value in attr_pairs:
                if owner not in _OWN_ROOTS and owner not in self.defs:
                    continue
                quals = self.qualnames(value)
                known = self.attr_aliases.setdefault(attr, set())
                if not quals <= known:
                    known.update(quals)
                    changed = True
            if not changed:
                break
        self._qual_memo.clear()

    def _pair_alias(self, target: ast.AST, value: ast.AST, out: list[tuple[str, ast.AST]]) -> None:
        if isinstance(target, ast.Name):
            out.append((target.id, value))
        elif isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, (ast.Tuple, ast.List)):
            if len(target.elts) == len(value.elts):
                for t, v in zip(target.elts, value.elts, strict=True):
                    self._pair_alias(t, v, out)

    def resolve_name(self, name: str) -> set[str]:
        found = set(self.imports.get(name, ())) | set(self.aliases.get(name, ()))
        if found:
            return found
        if name in self.local_names:
            return set()
        if name in _DEFAULT_ROOTS:
            return {_DEFAULT_ROOTS[name]}
        result = {f"builtins.{name}"} if name in _BUILTIN_NAMES else set()
        result.update(f"{module}.{name}" for module in self.star_modules)
        return result

    def _literal_getattr(self, node: ast.AST) -> tuple[ast.expr, str | None] | None:
        """(object, attribute name or None when not a literal) for a getattr/setattr/delattr/hasattr call."""
        if not isinstance(node, ast.Call) or not node.args:
            return None
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("getattr", "setattr", "delattr", "hasattr"):
            if f"builtins.{func.id}" not in self.resolve_name(func.id):
                return None
        elif isinstance(func, ast.Attribute) and func.attr in ("getattr", "setattr", "delattr", "hasattr"):
            if f"builtins.{func.attr}" not in self.qualnames(func):
                return None
        else:
            return None
        name = None
        if len(node.args) > 1 and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str):
            name = node.args[1].value
        return node.args[0], name

    def _callee_is(self, node: ast.Call, *quals: str) -> bool:
        return bool(self.qualnames(node.func) & set(quals))

    def _import_call_target(self, node: ast.Call, depth: int) -> str | None:
        if not node.args:
            return None
        if not self._qualnames(node.func, depth + 1) & {"builtins.__import__", "importlib.import_module"}:
            return None
        name = _fold_str(node.args[0])
        return _canonical(name) if name else None

    def qualnames(self, node: ast.AST) -> set[str]:
        return set(self._qualnames(node, 0))

    def _qualnames(self, node: ast.AST, depth: int) -> frozenset[str]:
        """The dotted names ``node`` may stand for (empty when it is not rooted at a known name)."""
        memo = self._qual_memo.get(id(node))
        if memo is not None:
            return memo
        if depth > _MAX_DEPTH:
            return frozenset()
        suffix: list[str] = []
        cur: ast.AST = node
        base: set[str] = set()
        while True:
            if isinstance(cur, ast.Attribute):
                owner = cur.value
                if isinstance(owner, ast.Name) and (owner.id in _OWN_ROOTS or owner.id in self.defs):
                    if self.attr_aliases.get(cur.attr):
                        base = set(self.attr_aliases[cur.attr])
                        break
                suffix.append(cur.attr)
                cur = owner
                continue
            if isinstance(cur, ast.NamedExpr):
                cur = cur.value
                continue
            if isinstance(cur, ast.Call) and isinstance(cur.func, ast.Name) and cur.func.id == "getattr":
                got = self._literal_getattr(cur)
                if got is not None and got[1] is not None:
                    suffix.append(got[1])
                    cur = got[0]
                    continue
            break
        if not base:
            base = self._root_names(cur, depth)
        tail = ".".join(reversed(suffix))
        result = frozenset(_canonical(f"{b}.{tail}" if tail else b) for b in base)
        self._qual_memo[id(node)] = result
        return result

    def _root_names(self, cur: ast.AST, depth: int) -> set[str]:
        """The dotted names the root of an attribute chain stands for."""
        base: set[str] = set()
        if isinstance(cur, ast.Name):
            base = self.resolve_name(cur.id)
        elif isinstance(cur, ast.Call):
            target = self._import_call_target(cur, depth)
            if target:
                base = {target}
            elif isinstance(cur.func, ast.Attribute) and cur.func.attr == "getattr":
                got = self._literal_getattr(cur)
                if got is not None and got[1] is not None:
                    base = {f"{q}.{got[1]}" for q in self._qualnames(got[0], depth + 1)}
        elif isinstance(cur, ast.BoolOp):
            for value in cur.values:
                base.update(self._qualnames(value, depth + 1))
        elif isinstance(cur, ast.IfExp):
            base.update(self._qualnames(cur.body, depth + 1) | self._qualnames(cur.orelse, depth + 1))
        elif isinstance(cur, ast.Subscript):
            key = _fold_str(cur.slice)
            if key:
                for q in self._qualnames(cur.value, depth + 1):
                    if q == "sys.modules":
                        base.add(_canonical(key))
                    elif q == "builtins":
                        base.add(f"builtins.{key}")
                    elif q.endswith(".__dict__"):
                        base.add(f"{q[: -len('.__dict__')]}.{key}")
        return base

    # -- the checks ----------------------------------------------------------------------------------

    def run(self) -> None:
        self._collect_bindings()
        self._collect_functions()
        exempt: set[int] = set()
        for node in self.nodes:
            if isinstance(node, ast.Compare):
                exempt.update(id(c) for c in _exempt_main_guard(node))
        for node in self.nodes:
            self._check_node(node, exempt)

    def _check_node(self, node: ast.AST, exempt: set[int]) -> None:
        line = getattr(node, "lineno", 1)
        if _is_try_with_handlers(node):
            self.add("fallback_try_except", line, "try/except")
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self._check_exit_method(node)
        if isinstance(node, ast.ClassDef):
            self._check_bases(node)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            self._check_import(node)
        if isinstance(node, (ast.Name, ast.Attribute, ast.Call, ast.Subscript)):
            self._check_reference(node, line)
        if isinstance(node, ast.Name):
            self._check_name(node, line)
        elif isinstance(node, ast.Attribute):
            if node.attr in _REFERENCE_NAMES and self._root_kind(self._chain_root(node.value)[0]) != "own":
                self.add("reference_access", line, f"attribute {node.attr} ({_show(node)})")
            if node.attr in _FRAME_ATTRS:
                self.add("frame_walk", line, f"attribute {node.attr} ({_show(node)})")
            if isinstance(node.ctx, (ast.Store, ast.Del)):
                verb = "del" if isinstance(node.ctx, ast.Del) else "assignment to"
                self._check_attr_write(node.value, node.attr, line, f"{verb} {_show(node)}")
        elif isinstance(node, ast.Subscript):
            if isinstance(node.ctx, (ast.Store, ast.Del)):
                self._check_item_write(node, line)
        elif isinstance(node, ast.Call):
            self._check_call(node, line)
        if isinstance(node, ast.Constant) and id(node) not in exempt:
            self._check_string(node)
        elif isinstance(node, (ast.BinOp, ast.JoinedStr)):
            parent = self.parent.get(id(node))
            if not isinstance(parent, (ast.BinOp, ast.JoinedStr)):
                folded = _fold_str(node)
                if folded is not None:
                    self._check_text(folded, line, None)
        for word in self._identifiers(node):
            if "kbench_reference" in word:
                self.add("reference_access", line, f"the name {word}")

    @staticmethod
    def _identifiers(node: ast.AST) -> list[str]:
        if isinstance(node, ast.Name):
            return [node.id]
        if isinstance(node, ast.Attribute):
            return [node.attr]
        if isinstance(node, ast.alias):
            return [node.name, node.asname or ""]
        if isinstance(node, ast.ImportFrom):
            return [node.module or ""]
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return [node.name]
        if isinstance(node, ast.arg):
            return [node.arg]
        if isinstance(node, ast.keyword):
            return [node.arg or ""]
        return []

    def _check_reference(self, node: ast.AST, line: int) -> None:
        """Rule hits for whatever dotted names this expression stands for."""
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            return
        for qual in sorted(self.qualnames(node)):
            for code, _matched in _match_rules(qual):
                shown = _show(node)
                self.add(code, line, shown if shown == qual else f"{shown} (that is {qual})")

    def _check_name(self, node: ast.Name, line: int) -> None:
        if isinstance(node.ctx, ast.Load):
            if node.id == "__builtins__":
                self.add("dynamic_code", line, "__builtins__")
            if node.id in _REFERENCE_NAMES and node.id not in self.local_names:
                self.add("reference_access", line, f"{node.id}, which this file does not define")
            if node.id in ("getattr", "setattr", "delattr"):
                parent = self.parent.get(id(node))
                if not (isinstance(parent, ast.Call) and parent.func is node):
                    if f"builtins.{node.id}" in self.resolve_name(node.id):
                        self.add("dynamic_code", line, f"{node.id} passed around as a value")
        elif node.id == "__builtins__":
            self.add("monkey_patch", line, "assignment to __builtins__")

    def _check_import(self, node: ast.Import | ast.ImportFrom) -> None:
        quals: list[str] = []
        if isinstance(node, ast.Import):
            quals = [_canonical(alias.name) for alias in node.names]
        elif not node.level:
            module = _canonical(node.module or "")
            for alias in node.names:
                quals.append(module if alias.name == "*" else f"{module}.{alias.name}")
        for qual in quals:
            for code, _matched in _match_rules(qual):
                self.add(code, node.lineno, f"import of {qual}")

    def _check_bases(self, node: ast.ClassDef) -> None:
        for base in node.bases:
            line = getattr(base, "lineno", node.lineno)
            if isinstance(base, ast.Name) and base.id == "Model":
                self.add("reference_access", line, f"class {node.name} derives from Model")
                continue
            if isinstance(base, ast.Name) and (base.id == "Module" or base.id in self.class_names):
                continue
            quals = self.qualnames(base)
            if quals and all(q in _ALLOWED_BASES or q.startswith(_ALLOWED_BASE_PREFIXES) for q in quals):
                continue
            self.add("reference_access", line, f"class {node.name} derives from {_show(base)}")

    def _check_exit_method(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if node.name not in ("__exit__", "__aexit__"):
            return
        for sub in ast.walk(node):
            if isinstance(sub, ast.Return) and sub.value is not None:
                value = sub.value
                if isinstance(value, ast.Constant) and not value.value:
                    continue
                self.add("fallback_try_except", sub.lineno, f"{node.name} returning {_show(value)} swallows exceptions")

    # -- writes --------------------------------------------------------------------------------------

    def _chain_root(self, node: ast.AST) -> tuple[ast.AST, list[str]]:
        """The root of an attribute/item/getattr chain and the attribute names passed on the way."""
        attrs: list[str] = []
        cur = node
        while True:
            if isinstance(cur, ast.Attribute):
                attrs.append(cur.attr)
                cur = cur.value
            elif isinstance(cur, (ast.Subscript, ast.NamedExpr)):
                cur = cur.value
            elif (got := self._literal_getattr(cur)) is not None and isinstance(cur, ast.Call):
                if got[1] is not None:
                    attrs.append(got[1])
                cur = got[0]
            else:
                return cur, attrs

    def _root_kind(self, root: ast.AST) -> str:
        """What an assignment target is rooted at.

        ``module``: an imported or well-known name; ``own``: self, cls, a def of this file, super();
        ``type``: type(...); ``foreign``: anything else (a local variable, a call result, ...).
        """
        if isinstance(root, ast.Name):
            if root.id in _OWN_ROOTS:
                return "own"
            if self.resolve_name(root.id):
                return "module"
            if root.id in self.defs:
                return "own"
            return "foreign"
        if isinstance(root, ast.Call):
            if self.qualnames(root):
                return "module"
            if self._callee_is(root, "builtins.type"):
                return "type"
            if self._callee_is(root, "builtins.super"):
                return "own"
        return "foreign"

    def _check_attr_write(self, obj: ast.AST, attr: str | None, line: int, shown: str) -> None:
        """An assignment or deletion of ``obj.attr`` (``attr`` None when the name is not known)."""
        root, path = self._chain_root(obj)
        kind = self._root_kind(root)
        quals = self.qualnames(obj)
        if isinstance(root, ast.Name) and root.id == "Model":
            self.add("reference_access", line, f"{shown} changes Model")
        if quals or kind == "module":
            target = sorted(quals)[0] if quals else _show(root)
            self.add("monkey_patch", line, f"{shown} changes {target}")
        elif kind == "type":
            self.add("monkey_patch", line, f"{shown} changes the type of a foreign object")
        elif kind != "own" and (attr in _FOREIGN_DUNDERS or _SHARED_PATH_ATTRS.intersection(path)):
            self.add("monkey_patch", line, f"{shown} changes a foreign object")

    def _check_item_write(self, node: ast.Subscript, line: int) -> None:
        container = node.value
        quals = self.qualnames(container)
        if quals and all(q == "os.environ" for q in quals):
            return  # environment variables for the kernel build (TORCH_CUDA_ARCH_LIST, ...)
        root, path = self._chain_root(container)
        kind = self._root_kind(root)
        last = path[0] if path else None
        if quals or kind in ("module", "type"):
            self.add("monkey_patch", line, f"item assignment {_show(node)} changes a module's namespace")
        elif kind != "own" and (last in _FOREIGN_DUNDERS or _SHARED_PATH_ATTRS.intersection(path)):
            self.add("monkey_patch", line, f"item assignment {_show(node)} changes a foreign object")

    def _check_call(self, node: ast.Call, line: int) -> None:
        func = node.func
        got = self._literal_getattr(node)
        if got is not None:
            obj, name = got
            fname = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name is None and len(node.args) > 1 and fname != "hasattr":
                self.add("dynamic_code", line, f"{fname}() with a computed attribute name ({_show(node)})")
            if fname in ("setattr", "delattr"):
                self._check_attr_write(obj, name, line, _show(node))
            if name in _FRAME_ATTRS:
                self.add("frame_walk", line, f"attribute {name} ({_show(node)})")
            if name in _REFERENCE_NAMES:
                self.add("reference_access", line, f"attribute {name} ({_show(node)})")
        if isinstance(func, ast.Attribute) and func.attr in ("__setattr__", "__delattr__"):
            if self.qualnames(func.value) & {"builtins.object", "builtins.type"}:
                if node.args:
                    name = _fold_str(node.args[1]) if len(node.args) > 1 else None
                    self._check_attr_write(node.args[0], name, line, _show(node))
            else:
                name = _fold_str(node.args[0]) if node.args else None
                self._check_attr_write(func.value, name, line, _show(node))
        if isinstance(func, ast.Attribute) and func.attr in _DICT_MUTATORS:
            inner = func.value
            if isinstance(inner, ast.Attribute) and inner.attr == "__dict__":
                self._check_attr_write(inner.value, "__dict__", line, _show(node))
        if isinstance(func, ast.Name) and func.id in ("get_inputs", "get_init_inputs"):
            if func.id not in self.local_names:
                self.add("reference_access", line, f"call of {func.id}()")
        self._check_module_handed_over(node, line)

    # -- a module handed to a function of this file that assigns attributes of its parameter --------

    def _collect_functions(self) -> None:
        for node in self.nodes:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                params, written = self._written_params(node)
                is_method = isinstance(self.parent.get(id(node)), ast.ClassDef)
                self.functions.setdefault(node.name, []).append((params, written, is_method))

    def _written_params(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> tuple[list[str], set[str]]:
        args = node.args
        params = [a.arg for a in [*args.posonlyargs, *args.args]]
        names = set(params) | {a.arg for a in args.kwonlyargs}
        written: set[str] = set()
        for sub in ast.walk(node):
            obj: ast.AST | None = None
            if isinstance(sub, (ast.Attribute, ast.Subscript)) and isinstance(sub.ctx, (ast.Store, ast.Del)):
                obj = sub.value
            elif isinstance(sub, ast.Call):
                got = self._literal_getattr(sub)
                if got is not None and isinstance(sub.func, ast.Name) and sub.func.id in ("setattr", "delattr"):
                    obj = got[0]
            if obj is not None:
                root, _ = self._chain_root(obj)
                if isinstance(root, ast.Name) and root.id in names:
                    written.add(root.id)
        return params, written

    def _check_module_handed_over(self, node: ast.Call, line: int) -> None:
        func = node.func
        targets: list[tuple[list[str], set[str]]] = []
        if isinstance(func, ast.Lambda):
            targets.append(self._written_params(func))
        elif isinstance(func, ast.Name):
            targets.extend((p, w) for p, w, method in self.functions.get(func.id, ()) if not method)
        elif isinstance(func, ast.Attribute):
            targets.extend((p[1:], w) for p, w, method in self.functions.get(func.attr, ()) if method)
        for params, written in targets:
            if not written:
                continue
            handed = [(params[i], arg) for i, arg in enumerate(node.args) if i < len(params)]
            handed += [(kw.arg, kw.value) for kw in node.keywords if kw.arg]
            for param, arg in handed:
                if param in written and any(not q.startswith("builtins.") for q in self.qualnames(arg)):
                    self.add("monkey_patch", line, f"{_show(arg)} handed to code that assigns attributes of {param}")

    # -- strings -------------------------------------------------------------------------------------

    def _check_string(self, node: ast.Constant) -> None:
        value = node.value
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        if not isinstance(value, str):
            return
        line = node.lineno
        exact = getattr(node, "end_lineno", None) == line + value.count("\n")
        self._check_text(value, line, value if exact else None)

    def _check_text(self, text: str, line: int, lines_from: str | None) -> None:
        for marker, code, what in _STRING_MARKERS:
            at = text.find(marker)
            if at < 0:
                continue
            where = line + lines_from.count("\n", 0, at) if lines_from is not None else line
            self.add(code, where, f"string {marker!r} {what}")
