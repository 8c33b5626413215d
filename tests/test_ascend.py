"""The ascend backend's build side: reading answers, generating per-candidate CANN projects, the build commands,
and the runner that executes them.

This machine has no CANN toolkit and no NPU. Parsing, project generation and the build commands are pure and
tested as they are. The runner is tested with stand-in executables written by these tests into tmp_path (a fake
msopgen, a fake build.sh and .run package, a fake bisheng and a fake Python for the binding's setup.py): that is
the one place a stand-in is used, because CANN cannot exist here. Those tests verify the sequencing, the
environment each step sees, the artifact checks, the timeout and how a failure becomes a compile-error message;
they cannot verify that CANN accepts the generated project or that anything runs on an NPU.
"""

from __future__ import annotations

import json
import stat
import sys
import time
from pathlib import Path

import pytest
from conftest import CANDIDATES, ROOT, run_kbench

import backends
from backends import ascend
from backends.ascend_project import (
    DIRECT_MODULE,
    MSOPGEN_MODULE,
    PART_NAMES,
    AscendFormatError,
    Command,
    build,
    build_commands,
    error_lines,
    generate_project,
    parse_answer,
    snake_case,
    soc_info,
)

GOLDEN = ROOT / "prompts" / "golden" / "ascend" / "add.py"
DIRECT = CANDIDATES / "ascend_direct_add.py"
SOC = "Ascend910B1"


def golden_source() -> str:
    lines = GOLDEN.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[0].strip() == "# task: generic/add"
    return "".join(lines[1:])


def golden_parts() -> dict[str, str]:
    return dict(parse_answer(golden_source()).parts)


def render(parts: dict[str, str]) -> str:
    """An answer module defining ``parts`` (single-line literals: the parser must not care)."""
    return "".join(f"{name} = {value!r}\n" for name, value in parts.items())


def with_json(mutate) -> str:
    parts = golden_parts()
    data = json.loads(parts["project_json_src"])
    mutate(data)
    parts["project_json_src"] = json.dumps(data)
    return render(parts)


# ---- parsing ---------------------------------------------------------------------------------------------
def test_golden_is_a_multikernelbench_answer():
    answer = parse_answer(golden_source())
    assert answer.form == "msopgen" and answer.warnings == ()
    assert set(answer.parts) == set(PART_NAMES)
    op = answer.op
    assert op is not None and op.name == "AddCustom" and op.snake_name == "add_custom"
    assert op.aclnn_name == "aclnnAddCustom"
    assert [d.name for d in op.inputs] == ["x", "y"] and [d.name for d in op.outputs] == ["z"]
    assert all(d.types == ("float",) and d.formats == ("ND",) and d.param_type == "required" for d in op.inputs)
    assert answer.kernel_name == "add_custom" and answer.module_name == MSOPGEN_MODULE


def test_golden_kernel_uses_the_documented_pipeline():
    """The golden vector add tiles by blocks, double-buffers through TQue, and moves data with DataCopy."""
    kernel = golden_parts()["kernel_src"]
    for needle in ("GetBlockIdx()", "TQue<AscendC::TPosition::VECIN, BUFFER_NUM>", "BUFFER_NUM = 2", "DataCopy(",
                   "DataCopyPad(", "AscendC::Add(", "EnQue", "DeQue", "FreeTensor", "GET_TILING_DATA"):  # fmt: skip
        assert needle in kernel, needle


@pytest.mark.parametrize(
    "op_type, snake",
    [("AddCustom", "add_custom"), ("Abc", "abc"), ("AbcDef", "abc_def"), ("ABCDef", "abc_def"),
     ("Abc2DEf", "abc2_d_ef"), ("Abc2DEF", "abc2_def"), ("ABC2dEF", "abc2d_ef"), ("Conv2D", "conv2_d")],
)  # fmt: skip
def test_snake_case_follows_msopgen(op_type, snake):
    assert snake_case(op_type) == snake


@pytest.mark.parametrize("missing", PART_NAMES)
def test_each_missing_part_is_named(missing):
    parts = golden_parts()
    del parts[missing]
    with pytest.raises(AscendFormatError) as err:
        parse_answer(render(parts))
    assert missing in str(err.value) and "missing" in str(err.value)


def test_only_project_parts_missing_and_no_launch_names_both_forms():
    parts = golden_parts()
    for name in ("project_json_src", "host_tiling_src", "host_operator_src"):
        del parts[name]
    with pytest.raises(AscendFormatError, match=r"missing project_json_src.*<<<blockDim, nullptr, stream>>>"):
        parse_answer(render(parts))


def test_an_answer_with_no_parts_lists_the_variables():
    with pytest.raises(AscendFormatError) as err:
        parse_answer("import torch\nclass ModelNew: pass\n")
    assert all(name in str(err.value) for name in PART_NAMES)


def test_python_syntax_error_names_the_line():
    with pytest.raises(AscendFormatError, match=r"not valid Python: line 2"):
        parse_answer("kernel_src = 'x'\nmodel_src = (\n")


def test_empty_part_is_refused():
    parts = golden_parts()
    parts["host_tiling_src"] = "  \n"
    with pytest.raises(AscendFormatError, match="host_tiling_src is empty"):
        parse_answer(render(parts))


def test_parts_are_read_without_running_anything(tmp_path):
    sentinel = tmp_path / "ran"
    parts = golden_parts()
    source = render(parts) + f"kernel_src = __import__('pathlib').Path({str(sentinel)!r}).write_text('x')\n"
    with pytest.raises(AscendFormatError, match=r"kernel_src \(line 7\) must be a string literal"):
        parse_answer(source)
    assert not sentinel.exists()
    with pytest.raises(AscendFormatError, match="model_src .* must be a string literal"):
        parse_answer(render(parts) + "model_src = open('model.py').read()\n")
    with pytest.raises(AscendFormatError, match="bytes literal"):
        parse_answer(render(parts) + "model_src = b'class ModelNew: pass'\n")
    with pytest.raises(AscendFormatError, match="unpacking"):
        parse_answer(render(parts) + "kernel_src, model_src = 'a', 'b'\n")


def test_string_literal_forms_are_folded():
    parts = golden_parts()
    base = render({k: v for k, v in parts.items() if k not in ("host_tiling_src", "model_src")})
    source = (
        base
        + 'host_tiling_src = ("#include \\"register/tilingdata_base.h\\"\\n"\n'
        + "    r'REGISTER_TILING_DATA_CLASS(AddCustom, AddCustomTilingData)\\n')\n"
        + "model_src = 'import torch\\n' + f'import custom_ops_lib\\n'\n"
        + "model_src += '''class ModelNew(torch.nn.Module):\n    pass\n'''\n"
    )
    answer = parse_answer(source)
    assert answer.parts["host_tiling_src"] == (
        '#include "register/tilingdata_base.h"\n' + r"REGISTER_TILING_DATA_CLASS(AddCustom, AddCustomTilingData)\n"
    )
    assert (
        answer.parts["model_src"] == "import torch\nimport custom_ops_lib\nclass ModelNew(torch.nn.Module):\n    pass\n"
    )


def test_a_later_assignment_replaces_an_earlier_one():
    parts = golden_parts()
    source = render(parts) + "model_src = 'import custom_ops_lib\\nclass ModelNew: pass\\n'\n"
    assert parse_answer(source).parts["model_src"] == "import custom_ops_lib\nclass ModelNew: pass\n"


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d[0].update(op="add_custom"), r'"op" must be the CamelCase op type'),
        (lambda d: d[0].update(language="python"), r'"language" must be "cpp"'),
        (lambda d: d[0].pop("input_desc"), r"input_desc must be a non-empty list"),
        (lambda d: d[0]["input_desc"][1].pop("type"), r"input_desc\[1\] \(y\): type must be a non-empty list"),
        (lambda d: d[0]["output_desc"][0].update(format=["ND", "NCHW"]), r"format and type must have the same length"),
        (lambda d: d[0]["input_desc"][0].update(param_type="sometimes"), r"param_type must be one of required"),
        (lambda d: d[0]["input_desc"][1].update(name="x"), r"input_desc repeats the name x"),
        (lambda d: d[0]["input_desc"][0].update(name="1x"), r"name must be an identifier"),
        (lambda d: d.append(dict(d[0], op="MulCustom")), r"defines 2 operators"),
        (lambda d: d.clear(), r"JSON array holding one operator"),
    ],
)
def test_bad_op_json_is_explained(mutate, message):
    with pytest.raises(AscendFormatError, match=message):
        parse_answer(with_json(mutate))


def test_invalid_json_names_the_position():
    parts = golden_parts()
    parts["project_json_src"] = '[{"op": "AddCustom",, }]'
    with pytest.raises(AscendFormatError, match=r"project_json_src is not valid JSON: .*\(line 1, column 21\)"):
        parse_answer(render(parts))


def test_a_single_object_is_accepted_as_a_one_op_array():
    parts = golden_parts()
    parts["project_json_src"] = json.dumps(json.loads(parts["project_json_src"])[0])
    answer = parse_answer(render(parts))
    assert answer.op is not None and answer.op.raw == json.loads(golden_parts()["project_json_src"])


def test_kernel_entry_must_be_the_ops_snake_case_name():
    with pytest.raises(AscendFormatError, match=r"void mul_custom\(\.\.\.\).*it defines add_custom"):
        parse_answer(with_json(lambda d: d[0].update(op="MulCustom")))


def test_unusual_types_and_unregistered_ops_are_warnings():
    parts = golden_parts()
    data = json.loads(parts["project_json_src"])
    data[0]["input_desc"][0]["type"] = ["float8_e9"]
    parts["project_json_src"] = json.dumps(data)
    parts["host_operator_src"] = parts["host_operator_src"].replace("OP_ADD(AddCustom);", "")
    parts["python_bind_src"] = parts["python_bind_src"].replace("aclnnAddCustom", "aclnnAdd")
    warnings = parse_answer(render(parts)).warnings
    assert any("float8_e9" in w for w in warnings)
    assert any("OP_ADD(AddCustom)" in w for w in warnings)
    assert any("never calls aclnnAddCustom" in w for w in warnings)


def test_binding_and_model_are_checked():
    parts = golden_parts()
    bad = dict(parts, python_bind_src=parts["python_bind_src"].replace("PYBIND11_MODULE", "NOT_A_MODULE"))
    with pytest.raises(AscendFormatError, match="no PYBIND11_MODULE"):
        parse_answer(render(bad))
    with pytest.raises(AscendFormatError, match="model_src defines no class ModelNew"):
        parse_answer(render(dict(parts, model_src="import custom_ops_lib\nclass Model: pass\n")))
    with pytest.raises(AscendFormatError, match="model_src is not valid Python: line 1"):
        parse_answer(render(dict(parts, model_src="class ModelNew(:\n")))
    warned = parse_answer(render(dict(parts, model_src="class ModelNew: pass\n"))).warnings
    assert warned == ("model_src never imports custom_ops_lib, the module the binding is built as",)


def test_direct_launch_form():
    answer = parse_answer(DIRECT.read_text(encoding="utf-8"))
    assert answer.form == "direct" and answer.op is None and answer.warnings == ()
    assert answer.kernel_name == "add_direct" and answer.module_name == DIRECT_MODULE
    assert set(answer.parts) == {"kernel_src", "python_bind_src", "model_src"}


def test_direct_launch_form_needs_its_three_parts():
    parts = dict(parse_answer(DIRECT.read_text(encoding="utf-8")).parts)
    del parts["python_bind_src"]
    with pytest.raises(AscendFormatError, match="direct-launch answer is missing python_bind_src"):
        parse_answer(render(parts))
    parts = dict(parse_answer(DIRECT.read_text(encoding="utf-8")).parts)
    parts["kernel_src"] = parts["kernel_src"].replace("__global__ __aicore__", "__aicore__ inline")
    with pytest.raises(AscendFormatError, match="has no kernel"):
        parse_answer(render(parts))


@pytest.mark.parametrize(
    "soc, unit, arch",
    [("Ascend910B1", "ascend910b", "dav-2201"), ("Ascend910B4", "ascend910b", "dav-2201"),
     ("Ascend910_9391", "ascend910_93", "dav-2201"), ("Ascend310P3", "ascend310p", "dav-2002"),
     ("Ascend310B1", "ascend310b", "dav-3002"), ("Ascend910A", "ascend910", "dav-1001")],
)  # fmt: skip
def test_soc_families(soc, unit, arch):
    info = soc_info(soc)
    assert (info.compute_unit, info.npu_arch, info.msopgen_target) == (unit, arch, f"ai_core-{soc}")


def test_unknown_soc_is_refused():
    with pytest.raises(ValueError, match="unknown Ascend SoC version 'H100'"):
        soc_info("H100")


# ---- project generation ----------------------------------------------------------------------------------
MSOPGEN_FILES = {
    "add_custom.json",
    "answer/op_host/add_custom.cpp",
    "answer/op_host/add_custom_tiling.h",
    "answer/op_kernel/add_custom.cpp",
    "binding/csrc/op.cpp",
    "binding/csrc/pytorch_npu_helper.hpp",
    "binding/setup.py",
    "candidate.py",
    "kbench_steps.py",
    "manifest.json",
    "model_new.py",
}


def _all_files(directory: Path) -> set[str]:
    return {str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file()}


def test_project_layout_follows_msopgen(tmp_path):
    answer = parse_answer(golden_source())
    project = generate_project(answer, tmp_path / "root", SOC)
    assert project.dir.parent == (tmp_path / "root").resolve()
    assert project.dir.name == f"ascend-{project.digest[:16]}" and len(project.digest) == 64
    assert set(project.files) == MSOPGEN_FILES == _all_files(project.dir)
    read = lambda rel: (project.dir / rel).read_text(encoding="utf-8")  # noqa: E731
    parts = answer.parts
    assert read("answer/op_host/add_custom_tiling.h") == parts["host_tiling_src"]
    assert read("answer/op_host/add_custom.cpp") == parts["host_operator_src"]
    assert read("answer/op_kernel/add_custom.cpp") == parts["kernel_src"]
    assert read("binding/csrc/op.cpp") == parts["python_bind_src"]
    assert read("model_new.py") == parts["model_src"]
    assert json.loads(read("add_custom.json")) == json.loads(parts["project_json_src"])
    assert "MODULE = 'custom_ops_lib'" in read("binding/setup.py") and "KERNEL_LIB = None" in read("binding/setup.py")
    assert "EXEC_NPU_CMD" in read("binding/csrc/pytorch_npu_helper.hpp")
    for rel in ("binding/setup.py", "kbench_steps.py", "candidate.py"):
        compile(read(rel), rel, "exec")  # the generated Python is valid
    manifest = json.loads(read("manifest.json"))
    assert manifest["form"] == "msopgen" and manifest["op"] == "AddCustom" and manifest["module"] == "custom_ops_lib"
    assert manifest["custom_opp_path"] == "opp/vendors/customize" and manifest["compute_unit"] == "ascend910b"
    assert set(manifest["files"]) == MSOPGEN_FILES - {"manifest.json"}
    assert project.op_dir == project.dir / "AddCustom" and project.install_dir == project.dir / "opp"
    assert project.op_api_lib_dir == project.dir / "opp" / "vendors" / "customize" / "op_api" / "lib"


def test_project_writes_no_outside_paths(tmp_path):
    project = generate_project(parse_answer(golden_source()), tmp_path / "root", SOC)
    for path in project.dir.rglob("*"):
        assert path.resolve().is_relative_to(project.dir)
        mode = path.stat().st_mode
        assert not mode & (stat.S_IWGRP | stat.S_IWOTH), path  # msopgen refuses group/world-writable paths
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert str(tmp_path) not in text and "/usr/local/Ascend" not in text, path
    assert _all_files(tmp_path / "root") == {f"{project.dir.name}/{f}" for f in MSOPGEN_FILES}


def test_project_name_and_bytes_are_deterministic(tmp_path):
    answer = parse_answer(golden_source())
    one = generate_project(answer, tmp_path / "a", SOC)
    two = generate_project(parse_answer(golden_source()), tmp_path / "b", SOC)
    again = generate_project(answer, tmp_path / "a", SOC)
    assert one.dir.name == two.dir.name == again.dir.name and one.files == two.files == again.files
    assert generate_project(answer, tmp_path / "a", "Ascend910B3").dir.name != one.dir.name
    parts = golden_parts()
    parts["kernel_src"] += "\n// changed\n"
    assert generate_project(parse_answer(render(parts)), tmp_path / "a", SOC).dir.name != one.dir.name


def test_direct_project_layout(tmp_path):
    project = generate_project(parse_answer(DIRECT.read_text(encoding="utf-8")), tmp_path, SOC)
    assert set(project.files) == {
        "kernel/add_direct.cpp", "binding/csrc/op.cpp", "binding/csrc/pytorch_npu_helper.hpp", "binding/setup.py",
        "candidate.py", "manifest.json", "model_new.py",
    }  # fmt: skip
    setup_py = (project.dir / "binding" / "setup.py").read_text()
    assert "MODULE = 'benchmark_ops'" in setup_py and "KERNEL_LIB = 'kbench_kernel'" in setup_py
    assert project.runtime_env({"LD_LIBRARY_PATH": "/x"})["LD_LIBRARY_PATH"] == f"{project.kernel_build_dir}:/x"


def test_soc_mismatch_is_a_project_warning(tmp_path):
    project = generate_project(parse_answer(golden_source()), tmp_path, "Ascend310P3")
    assert any("ascend910b" in w and "ascend310p" in w for w in project.warnings)
    assert json.loads((project.dir / "manifest.json").read_text())["warnings"] == list(project.warnings)


def test_msopgen_unfriendly_root_is_refused(tmp_path):
    with pytest.raises(ValueError, match="msopgen refuses the path"):
        generate_project(parse_answer(golden_source()), tmp_path / "weird@root", SOC)


# ---- build commands ----------------------------------------------------------------------------------------
def test_msopgen_build_commands(tmp_path):
    cann = tmp_path / "cann"
    project = generate_project(parse_answer(golden_source()), tmp_path / "root", SOC)
    cmds = build_commands(project, cann, SOC, python="/py")
    assert [c.argv[:2] for c in cmds] == [
        ["msopgen", "gen"], ["/py", "kbench_steps.py"], ["/py", "kbench_steps.py"], ["bash", "build.sh"],
        ["bash", "-c"], ["/py", "setup.py"],
    ]  # fmt: skip
    msopgen, overlay, presets, build_sh, install, binding = cmds
    assert msopgen.argv == ["msopgen", "gen", "-i", "add_custom.json", "-c", "ai_core-Ascend910B1", "-lan", "cpp",
                            "-out", "AddCustom"]  # fmt: skip
    assert msopgen.cwd == project.dir and overlay.cwd == project.dir
    assert overlay.argv[2:] == ["overlay", "AddCustom"] and presets.argv[2:] == ["presets", "AddCustom", str(cann)]
    assert build_sh.cwd == install.cwd == project.op_dir
    assert install.argv[-1] == str(project.install_dir) and project.install_dir.is_relative_to(project.dir)
    assert "--install-path=" in install.argv[2] and "build_out/custom_opp_*.run" in install.argv[2]
    assert binding.argv == ["/py", "setup.py", "build_ext", "--inplace"] and binding.cwd == project.binding_dir
    base = {"PATH": "/usr/bin", "ASCEND_CUSTOM_OPP_PATH": "/elsewhere", "LD_LIBRARY_PATH": "/lib"}
    env = msopgen.environ(base)
    assert env["ASCEND_HOME_PATH"] == str(cann)
    assert env["PATH"].split(":") == [str(cann / "python/site-packages/bin"), str(cann / "compiler/ccec_compiler/bin"),
                                      str(cann / "bin"), "/usr/bin"]  # fmt: skip
    assert env["LD_LIBRARY_PATH"] == f"{cann / 'lib64'}:/lib"
    assert "ASCEND_CUSTOM_OPP_PATH" not in build_sh.environ(base)  # a set one disturbs build.sh
    assert "ASCEND_CUSTOM_OPP_PATH" not in install.environ(base)
    benv = binding.environ(base)
    assert benv["ASCEND_CUSTOM_OPP_PATH"] == str(project.vendor_dir)
    assert benv["LD_LIBRARY_PATH"].split(":")[:2] == [str(project.op_api_lib_dir), str(cann / "lib64")]


def test_direct_build_commands(tmp_path):
    cann = tmp_path / "cann"
    project = generate_project(parse_answer(DIRECT.read_text(encoding="utf-8")), tmp_path / "root", "Ascend310P3")
    mkdir, bisheng, binding = build_commands(project, cann, "Ascend310P3", python="/py")
    assert mkdir.argv == ["mkdir", "-p", str(project.kernel_build_dir)]
    assert bisheng.argv[0] == "bisheng" and "--npu-arch=dav-2002" in bisheng.argv and bisheng.cwd == project.dir
    i = bisheng.argv.index("-x")
    assert bisheng.argv[i : i + 3] == ["-x", "asc", "kernel/add_direct.cpp"]
    assert bisheng.argv[-2:] == ["-o", str(project.kernel_build_dir / "libkbench_kernel.so")]
    assert f"-I{cann / 'include'}" in bisheng.argv and "-fPIC" in bisheng.argv and "-shared" in bisheng.argv
    assert binding.environ({})["LD_LIBRARY_PATH"].startswith(f"{project.kernel_build_dir}:")


def test_build_commands_refuse_another_soc(tmp_path):
    project = generate_project(parse_answer(golden_source()), tmp_path, SOC)
    with pytest.raises(ValueError, match="generated for Ascend910B1, not Ascend310P3"):
        build_commands(project, tmp_path / "cann", "Ascend310P3")


def test_command_environment_composition():
    cmd = Command("x", ["true"], Path("/"), env={"A": "1"}, prepend={"P": ("/a", "/b")}, unset=("U",))
    assert cmd.environ({"P": "/c", "U": "gone", "K": "kept"}) == {"P": "/a:/b:/c", "K": "kept", "A": "1"}
    assert cmd.environ({}) == {"P": "/a:/b", "A": "1"}
    assert Command("y", ["echo", "a b"], Path("/")).shell() == "echo 'a b'"


def test_error_lines_put_located_compiler_errors_first():
    log = "\n".join(
        [
            "-- Configuring done",
            "CMake Error at cmake/func.cmake:10 (message):",
            "[ 50%] Building CXX object op_kernel/x.o",
            "/p/op_kernel/add_custom.cpp:12:5: error: use of undeclared identifier 'foo'",
            "   12 |     foo;",
            "gmake[2]: *** [op_kernel/CMakeFiles/x.dir/build.make:76: x.o] Error 1",
            "/p/op_host/add_custom.cpp:3:10: fatal error: 'missing.h' file not found",
            "/p/op_kernel/add_custom.cpp:12:5: error: use of undeclared identifier 'foo'",
            "gmake: *** [Makefile:91: all] Error 2",
        ]
    )
    assert error_lines(log) == [
        "/p/op_kernel/add_custom.cpp:12:5: error: use of undeclared identifier 'foo'",
        "/p/op_host/add_custom.cpp:3:10: fatal error: 'missing.h' file not found",
        "CMake Error at cmake/func.cmake:10 (message):",
    ]


# ---- the runner, with stand-in tools (CANN cannot exist here) --------------------------------------------
FAKE_MSOPGEN = r'''#!{python}
"""Stand-in for CANN's msopgen: creates the op_host/op_kernel layout, CMakePresets.json and a build.sh."""
import json, os, pathlib, sys
args = sys.argv[1:]
with open(os.environ["FAKE_LOG"], "a") as log:
    log.write(json.dumps({{"tool": "msopgen", "argv": args, "cwd": os.getcwd()}}) + "\n")
opts = dict(zip(args[1::2], args[2::2]))
snake = pathlib.Path(opts["-i"]).stem
out = pathlib.Path(opts["-out"])
for sub in ("op_host", "op_kernel"):
    (out / sub).mkdir(parents=True)
(out / "op_host" / f"{{snake}}.cpp").write_text("// msopgen template\n")
(out / "op_kernel" / f"{{snake}}.cpp").write_text("// msopgen template\n")
preset = {{"name": "default", "cacheVariables": {{
    "ASCEND_CANN_PACKAGE_PATH": {{"type": "PATH", "value": "/usr/local/Ascend/latest"}},
    "ASCEND_COMPUTE_UNIT": {{"type": "STRING", "value": "ascend910b"}}}}}}
(out / "CMakePresets.json").write_text(json.dumps({{"version": 1, "configurePresets": [preset]}}))
(out / "build.sh").write_text(open(os.environ["FAKE_BUILD_SH"]).read())
'''

FAKE_BUILD_SH = r"""#!/bin/bash
echo "{\"tool\": \"build.sh\", \"custom_opp_path\": \"${ASCEND_CUSTOM_OPP_PATH-unset}\"}" >> "$FAKE_LOG"
echo "-- Configuring done"
for f in op_host/*.cpp op_kernel/*.cpp; do
  line=$(grep -n FAKE_COMPILE_ERROR "$f" | head -1 | cut -d: -f1)
  if [ -n "$line" ]; then
    echo "[ 50%] Building CXX object op_kernel/CMakeFiles/x.dir/add_custom.cpp.o"
    echo "$PWD/$f:$line:5: error: use of undeclared identifier 'FAKE_COMPILE_ERROR'" >&2
    echo "1 error generated." >&2
    echo "gmake[2]: *** [op_kernel/CMakeFiles/x.dir/build.make:76: x.o] Error 1" >&2
    echo "gmake: *** [Makefile:91: all] Error 2" >&2
    exit 2
  fi
done
if grep -q FAKE_SLOW op_kernel/*.cpp; then
  sleep 30 &
  echo $! > "$FAKE_LOG.sleep_pid"
  wait
fi
mkdir -p build_out
cat > build_out/custom_opp_ubuntu_x86_64.run <<'RUN'
#!/bin/bash
for a in "$@"; do case "$a" in --install-path=*) dest="${a#--install-path=}";; esac; done
[ -n "$dest" ] || { echo "error: no --install-path" >&2; exit 3; }
mkdir -p "$dest/vendors/customize/op_api/lib" "$dest/vendors/customize/bin"
touch "$dest/vendors/customize/op_api/lib/libcust_opapi.so"
echo "{\"tool\": \"run\", \"args\": \"$*\"}" >> "$FAKE_LOG"
RUN
chmod +x build_out/custom_opp_ubuntu_x86_64.run
echo "CPack: - package: build_out/custom_opp_ubuntu_x86_64.run generated."
"""

FAKE_BISHENG = r"""#!/bin/bash
echo "{\"tool\": \"bisheng\", \"args\": \"$*\"}" >> "$FAKE_LOG"
out=""; prev=""
for a in "$@"; do [ "$prev" = "-o" ] && out="$a"; prev="$a"; done
touch "$out"
"""

FAKE_PYTHON = r"""#!/bin/bash
if [ "$1" = "setup.py" ]; then
  echo "{\"tool\": \"setup.py\", \"args\": \"$*\", \"opp\": \"${ASCEND_CUSTOM_OPP_PATH-unset}\"}" >> "$FAKE_LOG"
  [ -n "$FAKE_NO_SO" ] && exit 0
  module=$(sed -n "s/^MODULE = '\(.*\)'$/\1/p" setup.py)
  touch "$module.cpython-311-x86_64-linux-gnu.so"
  exit 0
fi
exec {python} "$@"
"""


def _executable(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o755)


@pytest.fixture
def fake_cann(tmp_path, monkeypatch):
    """A CANN directory whose msopgen and bisheng are stand-ins, and a Python whose setup.py is one."""
    cann = tmp_path / "cann"
    _executable(cann / "python" / "site-packages" / "bin" / "msopgen", FAKE_MSOPGEN.format(python=sys.executable))
    _executable(cann / "compiler" / "ccec_compiler" / "bin" / "bisheng", FAKE_BISHENG)
    (cann / "lib64").mkdir()
    build_sh = tmp_path / "fake_build.sh"
    build_sh.write_text(FAKE_BUILD_SH)
    python = tmp_path / "bin" / "python"
    _executable(python, FAKE_PYTHON.replace("{python}", sys.executable))
    log = tmp_path / "tools.log"
    monkeypatch.setenv("FAKE_LOG", str(log))
    monkeypatch.setenv("FAKE_BUILD_SH", str(build_sh))
    monkeypatch.setenv("ASCEND_CUSTOM_OPP_PATH", "/somewhere/else")
    return cann, str(python), log


def _calls(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def _project(tmp_path: Path, parts: dict[str, str] | None = None):
    source = render(parts) if parts is not None else golden_source()
    return generate_project(parse_answer(source), tmp_path / "projects", SOC)


def test_runner_builds_with_stand_in_tools(tmp_path, fake_cann):
    cann, python, log = fake_cann
    project = _project(tmp_path)
    result = build(project, cann, SOC, timeout=60, python=python)
    assert result.ok and not result.cached and result.message == "", result.message
    assert [s.returncode for s in result.steps] == [0] * 6
    calls = _calls(log)
    assert [c["tool"] for c in calls] == ["msopgen", "build.sh", "run", "setup.py"]
    assert calls[0]["argv"] == ["gen", "-i", "add_custom.json", "-c", "ai_core-Ascend910B1", "-lan", "cpp", "-out",
                                "AddCustom"] and calls[0]["cwd"] == str(project.dir)  # fmt: skip
    assert calls[1]["custom_opp_path"] == "unset"  # build.sh never sees the inherited ASCEND_CUSTOM_OPP_PATH
    assert calls[2]["args"] == f"--install-path={project.install_dir}"
    assert calls[3]["opp"] == str(project.vendor_dir)
    # the answer's sources replaced msopgen's templates; the presets point at this toolkit
    parts = project.answer.parts
    assert (project.op_dir / "op_kernel" / "add_custom.cpp").read_text() == parts["kernel_src"]
    assert (project.op_dir / "op_host" / "add_custom.cpp").read_text() == parts["host_operator_src"]
    assert (project.op_dir / "op_host" / "add_custom_tiling.h").read_text() == parts["host_tiling_src"]
    presets = json.loads((project.op_dir / "CMakePresets.json").read_text())
    assert presets["configurePresets"][0]["cacheVariables"]["ASCEND_CANN_PACKAGE_PATH"]["value"] == str(cann)
    assert (project.op_api_lib_dir / "libcust_opapi.so").is_file()
    assert list(project.binding_dir.glob("custom_ops_lib*.so"))
    assert "$ msopgen gen -i add_custom.json" in result.log and str(project.dir) + "/" not in result.log

    # built once: the same project, toolkit and Python are not rebuilt; force rebuilds from scratch
    again = build(project, cann, SOC, timeout=60, python=python)
    assert again.ok and again.cached and len(_calls(log)) == 4
    forced = build(project, cann, SOC, timeout=60, python=python, force=True)
    assert forced.ok and not forced.cached and len(_calls(log)) == 8


def test_compile_error_message_starts_with_the_compiler_lines(tmp_path, fake_cann):
    cann, python, log = fake_cann
    parts = golden_parts()
    kernel = parts["kernel_src"].replace("op.Process();", "op.Process();\n    FAKE_COMPILE_ERROR;")
    parts["kernel_src"] = kernel
    project = _project(tmp_path, parts)
    result = build(project, cann, SOC, timeout=60, python=python)
    assert not result.ok and [s.returncode for s in result.steps] == [0, 0, 0, 2]
    line = next(i for i, text in enumerate(kernel.splitlines(), 1) if "FAKE_COMPILE_ERROR" in text)
    lines = result.message.splitlines()
    assert lines[0] == f"AddCustom/op_kernel/add_custom.cpp:{line}:5: error: use of undeclared identifier " + (
        "'FAKE_COMPILE_ERROR'"
    )
    assert lines[1] == "[ascend build] build.sh: compile the operator package failed: exit status 2"
    assert "Error 1" not in "\n".join(lines[:2]) and str(tmp_path) not in result.message
    assert [c["tool"] for c in _calls(log)] == ["msopgen", "build.sh"]  # nothing after the failing step
    assert not (project.dir / ".kbench_build_ok").exists()


def test_missing_tool_is_named(tmp_path, fake_cann, monkeypatch):
    _, python, _ = fake_cann
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    result = build(_project(tmp_path), tmp_path / "no-cann", SOC, timeout=60, python=python)
    assert not result.ok and result.message.startswith("[ascend build] msopgen: generate the operator project")
    assert "msopgen not found" in result.message


def test_timeout_kills_the_whole_step(tmp_path, fake_cann):
    cann, python, log = fake_cann
    parts = golden_parts()
    parts["kernel_src"] += "\n// FAKE_SLOW\n"
    started = time.monotonic()
    result = build(_project(tmp_path, parts), cann, SOC, timeout=2, python=python)
    assert not result.ok and "timed out" in result.message and time.monotonic() - started < 20
    pid = int(Path(f"{log}.sleep_pid").read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # the background sleep (build.sh's child) was killed with its group
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        except FileNotFoundError:
            break
        if state == "Z":
            break
        time.sleep(0.05)
    else:
        pytest.fail(f"build.sh's child {pid} survived the timeout")


def test_missing_artifact_fails_the_build(tmp_path, fake_cann, monkeypatch):
    cann, python, _ = fake_cann
    monkeypatch.setenv("FAKE_NO_SO", "1")
    result = build(_project(tmp_path), cann, SOC, timeout=60, python=python)
    assert not result.ok and "no custom_ops_lib*.so in binding/" in result.message


def test_direct_launch_build_and_candidate(tmp_path, fake_cann, monkeypatch):
    cann, python, log = fake_cann
    source = DIRECT.read_text(encoding="utf-8")
    project, result = ascend.build_candidate(source, tmp_path / "p", home=cann, soc=SOC, python=python)
    assert result.ok, result.message
    assert [c["tool"] for c in _calls(log)] == ["bisheng", "setup.py"]
    assert (project.kernel_build_dir / "libkbench_kernel.so").is_file()
    assert list(project.binding_dir.glob("benchmark_ops*.so")) and project.candidate_module.is_file()


def test_format_errors_stop_before_any_tool(tmp_path, fake_cann):
    cann, _, log = fake_cann
    with pytest.raises(AscendFormatError):
        ascend.build_candidate("kernel_src = 1\n", tmp_path, home=cann, soc=SOC)
    assert _calls(log) == []


# ---- the backend -------------------------------------------------------------------------------------------
def test_instructions_name_every_part_and_the_api():
    text = backends.get("ascend").instructions()
    for needle in (*PART_NAMES, "GlobalTensor", "LocalTensor", "TPipe", "TQue", "DataCopy", "TILING_DATA_FIELD_DEF",
                   "EXEC_NPU_CMD", "custom_ops_lib", "<<<blockDim, nullptr, stream>>>"):  # fmt: skip
        assert needle in text, needle


def _no_cann(monkeypatch, tmp_path):
    for var in ascend.CANN_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(ascend, "CANN_DEFAULT", tmp_path / "nowhere")


def test_availability_names_what_is_missing(monkeypatch, tmp_path):
    _no_cann(monkeypatch, tmp_path)
    monkeypatch.setattr(ascend.util, "find_spec", lambda name: None)
    avail = ascend.AscendBackend().availability()
    assert not avail.can_build and not avail.can_run
    assert avail.reason.startswith("missing the CANN toolkit") and "torch_npu" in avail.reason


def test_availability_with_a_toolkit_says_npu_runs_are_unverified(monkeypatch, tmp_path, fake_cann):
    cann, _, _ = fake_cann
    _no_cann(monkeypatch, tmp_path)
    monkeypatch.delenv("KBENCH_ASCEND_SOC", raising=False)
    monkeypatch.setenv("ASCEND_HOME_PATH", str(cann))
    monkeypatch.setattr(ascend.util, "find_spec", lambda name: object())
    avail = ascend.AscendBackend().availability()
    assert avail.can_build and "never been verified" in avail.reason and SOC in avail.device
    monkeypatch.setattr(ascend, "WORKER_BUILDS_ASCEND", False)
    avail = ascend.AscendBackend().availability()
    assert not avail.can_build and "never been verified" in avail.reason and "does not build" in avail.reason


def test_worker_hook_builds_the_answer_and_imports_its_generated_module(monkeypatch, tmp_path, fake_cann):
    """What the evaluation worker calls in its build phase (Backend.prepare_import), with stand-in tools."""
    cann, python, log = fake_cann
    monkeypatch.setenv("ASCEND_HOME_PATH", str(cann))
    monkeypatch.setenv("KBENCH_ASCEND_PYTHON", python)
    monkeypatch.setenv("TORCH_EXTENSIONS_DIR", str(tmp_path / "build"))
    answer = tmp_path / "candidate.py"
    answer.write_text(golden_source())
    module = ascend.AscendBackend().prepare_import(answer)
    assert Path(module).is_file() and Path(module).is_relative_to(tmp_path / "build" / "ascend")
    assert "ModelNew" in Path(module).read_text()
    assert [c["tool"] for c in _calls(log)] == ["msopgen", "build.sh", "run", "setup.py"]

    broken = tmp_path / "broken.py"
    broken.write_text(golden_source().replace("project_json_src", "project_json"))
    with pytest.raises(RuntimeError, match="^Error building extension .*project_json_src"):
        ascend.AscendBackend().prepare_import(broken)


def test_kbench_eval_refuses_ascend_cleanly_without_cann(db):
    """`kbench eval` (the run refusal is tested in test_backends): one line naming CANN and torch_npu, exit 2."""
    if backends.get("ascend").availability().can_build:
        pytest.skip("the Ascend build is available here")
    proc = run_kbench(
        "eval", "--backend", "ascend", "--reference", str(ROOT / "prompts" / "generic" / "add.py"),
        "--candidate", str(GOLDEN), "--json", db=db,
    )  # fmt: skip
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "ascend" in lines[0] and "CANN" in lines[0] and "torch_npu" in lines[0], lines
