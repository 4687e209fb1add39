"""Build of vnnotice: the hot modules compiled with mypyc when this machine can, pure Python when it cannot.

The metadata is in ``pyproject.toml``; this file only adds the compiled modules. ``VNNOTICE_COMPILE``
chooses what an install does:

- ``1`` (the default): try to compile :data:`COMPILED`; if that fails for any reason (no C compiler,
  a mypy error, a mypyc crash), the install goes on pure Python (the output is identical) and a
  warning says why;
- ``0``: do not compile (an earlier build in an editable checkout is removed);
- ``require``: fail the install when the modules cannot be compiled.

The extension modules (one mypyc shim per module and the shared library each one loads) go to the
separate folder ``vnnotice/_native/`` with ``manifest.json``, the SHA-256 of each compiled module's
source; ``vnnotice/_native/__init__.py`` (the import hook ``import vnnotice`` installs) loads them only
when every source still has its hash and the build is for the running Python. mypy reads its options
from ``[tool.mypy]`` of ``pyproject.toml``.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent

#: The modules of ``vnnotice`` compiled with mypyc: the one list (the hook reads the manifest the build
#: writes from it). Each must be mypy-clean under ``[tool.mypy]`` and give records identical to the pure
#: module's on every corpus document (``tests/test_native.py``, ``benchmarks/same_output.py``).
COMPILED: tuple[str, ...] = ("units", "clean", "deadlines", "citations", "segment", "layout", "kind", "appendix", "find",
                             "assemble", "trusted")

#: One shared library per module (``separate``): compiles in parallel and a module can be rebuilt alone;
#: calls between modules stay native (through the libraries' export tables).
SEPARATE = True

#: Flags added for a Unix-style C compiler (GCC, Clang): the functions of each library are hidden, so that the
#: calls between them bind inside it (direct calls the compiler may inline, not calls through the PLT that a
#: shared library's exported functions get); Python finds a module by its PyInit function, exported all the same.
UNIX_FLAGS = ("-fvisibility=hidden",)

#: Profile-guided build with GCC (``VNNOTICE_PGO=0`` skips it): the libraries are first built instrumented,
#: run over the project's own documents (:data:`TRAINING`, in a process of their own), and built again with
#: the profile, which tells the compiler the branches taken and the calls made most. A build without the
#: documents (an sdist without ``corpus/``), another compiler, or any failure of the first build or of the run
#: gives the plain build; a failure of the profiled build gives the plain build too, never pure Python.
PGO_ENV = "VNNOTICE_PGO"
TRAINING = ROOT / "corpus"
TRAINING_FILES = ("docs/*", "reprints/docs/*", "other/*")  # its documents (administrative or not): .txt, .md
PROFILE_GENERATE = ("-fprofile-generate",)
PROFILE_USE = ("-fprofile-use", "-fprofile-partial-training", "-Wno-missing-profile")
TRAIN_RUNS = 2
_TRAIN = """
import json, sys, pathlib, vnnotice
info = vnnotice.build_info()
if not info["compiled"]:
    raise SystemExit("the instrumented build did not load: " + str(info["reason"]))
paths = [pathlib.Path(p) for p in json.loads(sys.argv[1])]
for _ in range({runs}):
    for path in paths:
        vnnotice.extract(path.read_bytes(), name=path.name)
"""

ENV = "VNNOTICE_COMPILE"
NATIVE = "vnnotice._native"  # the package of the compiled files
MANIFEST = "manifest.json"
EXT_SUFFIX = sysconfig.get_config_var("EXT_SUFFIX") or ".so"


def _mode() -> str:
    value = os.environ.get(ENV, "1").strip().lower()
    if value in ("0", "no", "off", "false"):
        return "0"
    if value == "require":
        return "require"
    if value in ("", "1", "yes", "on", "true", "try"):
        return "1"
    raise SystemExit(f"{ENV}={os.environ[ENV]!r}: expected 0 (pure Python), 1 (compile when possible) or require")


def _groups() -> list[tuple[list[str], str]]:
    """(module names, group name) of each shared library: the group name puts the library in ``_native``."""
    if SEPARATE:
        return [([f"vnnotice.{m}"], f"{NATIVE}.{m}") for m in COMPILED]
    return [([f"vnnotice.{m}" for m in COMPILED], f"{NATIVE}.hot")]


def _placeholders() -> list[Extension]:
    """The extension modules, named as they are installed (in ``_native``); mypyc fills in their sources."""
    exts = []
    for modules, group in _groups():
        exts.append(Extension(f"{group}__mypyc", sources=[]))
        exts += [Extension(f"{NATIVE}.{m.rpartition('.')[2]}", sources=[]) for m in modules]
    return exts


def _say(message: str) -> None:
    """A warning on stderr (pip shows it with -v) and on the terminal (pip hides a successful build's output)."""
    text = f"\nWARNING (vnnotice): {message}\n"
    print(text, file=sys.stderr, flush=True)
    try:
        with open("/dev/tty", "w", encoding="utf-8") as tty:
            tty.write(text)
    except OSError:
        pass  # no terminal (CI): stderr and `vnnotice --version` tell it


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _clean(folder: Path) -> None:
    """Remove a previous build's files (extension modules of any Python, manifest) from ``folder``."""
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if path.name in (MANIFEST, "failed.txt") or path.suffix in (".so", ".pyd"):
            path.unlink()


class BuildNative(build_ext):
    """build_ext that compiles :data:`COMPILED` with mypyc into ``vnnotice/_native``, or leaves them pure."""

    def initialize_options(self) -> None:
        super().initialize_options()
        self._errors: list[str] = []
        self._how = "1"
        self._profile: tuple[str, ...] = ()  # the profile flags of the build under way (see PGO_ENV)
        self._pgo = "not profile-guided"  # what was done about the profile, in the manifest

    def finalize_options(self) -> None:
        super().finalize_options()
        if self.parallel is None:
            self.parallel = os.cpu_count() or 1  # one shared library per module: they compile side by side

    def _folders(self) -> list[Path]:
        """Where the compiled files go: the build folder, and the source tree for an editable install."""
        folders = [Path(self.build_lib, *NATIVE.split("."))]
        if self.inplace:
            folders.append(ROOT.joinpath(*NATIVE.split(".")))
        return folders

    def run(self) -> None:
        mode = _mode()
        for folder in self._folders():
            _clean(folder)
        if mode == "0":
            self.extensions = []
            return
        start, cpu = time.monotonic(), _cpu()
        try:
            self._mypycify()
        except BaseException as exc:  # mypy errors end in SystemExit; a crash of mypyc in anything
            if isinstance(exc, KeyboardInterrupt):
                raise
            self._failed(mode, f"mypyc could not compile {', '.join(COMPILED)}: {_reason(exc)}")
            return
        self._how = mode
        self._compiler_option = self.compiler  # (a compiler's name, or None: build_ext.run replaces it)
        profiled = self._profiled()
        try:
            self._build()
        except Exception as exc:  # noqa: BLE001
            self._errors.append(_reason(exc))
        if self._errors and profiled:
            self._pgo = f"not profile-guided: the build with the profile failed ({self._errors[0]})"
            print(f"vnnotice: {self._pgo}; building without it", file=sys.stderr, flush=True)
            self._errors, self._profile, profiled = [], (), False
            try:
                self._build()
            except Exception as exc:  # noqa: BLE001
                self._errors.append(_reason(exc))
        if self._errors:
            self._failed(mode, f"the C compiler failed: {self._errors[0]}")
            return
        self._write_manifest()
        how = "profile-guided, " if profiled else ""
        print(f"vnnotice: compiled {', '.join(COMPILED)} with mypyc ({how}{time.monotonic() - start:.0f} s, "
              f"{_cpu() - cpu:.0f} s CPU)", file=sys.stderr, flush=True)

    def build_extensions(self) -> None:
        if self.compiler.compiler_type == "unix":
            for ext in self.extensions:
                flags = [f for f in ext.extra_compile_args if f not in PROFILE_GENERATE + PROFILE_USE]
                ext.extra_compile_args = [*flags, *(f for f in UNIX_FLAGS if f not in flags), *self._profile]
                ext.extra_link_args = [f for f in ext.extra_link_args if f not in PROFILE_GENERATE]
                if self._profile == PROFILE_GENERATE:
                    ext.extra_link_args.append(PROFILE_GENERATE[0])
        super().build_extensions()

    def _build(self) -> None:
        """One run of build_ext; it may run again (see :meth:`_profiled`): it made its compiler from the option."""
        self.compiler = self._compiler_option
        super().run()

    def _profiled(self) -> bool:
        """Build the libraries instrumented and run them over the training documents (see :data:`PGO_ENV`);
        True when a profile was recorded, and the build that follows uses it. ``_pgo`` says what was done."""
        if os.environ.get(PGO_ENV, "1").strip().lower() in ("0", "no", "off", "false"):
            self._pgo = f"not profile-guided: {PGO_ENV}={os.environ[PGO_ENV]}"
            return False
        paths = sorted(str(p) for files in TRAINING_FILES for p in TRAINING.glob(files)
                       if p.suffix in (".txt", ".md") and p.name != "README.md")
        if not paths:
            self._pgo = f"not profile-guided: no training documents in {TRAINING.name}/"
            return False
        if not _gcc():
            self._pgo = "not profile-guided: the C compiler is not GCC"
            return False
        for old in Path(self.build_temp).rglob("*.gcda"):  # a profile of other sources would not match
            old.unlink()
        self._profile = PROFILE_GENERATE
        try:
            self._build()
            if self._errors:
                raise RuntimeError(self._errors[0])
            self._write_manifest()
            with tempfile.TemporaryDirectory() as tmp:  # the package with the instrumented libraries
                package = Path(tmp, "vnnotice")
                shutil.copytree(ROOT / "vnnotice", package, ignore=shutil.ignore_patterns("_native", "__pycache__"))
                shutil.copytree(self._folders()[0], package / "_native",
                                ignore=shutil.ignore_patterns("*.gcda", "__pycache__"))
                shutil.copy2(ROOT / "vnnotice" / "_native" / "__init__.py", package / "_native" / "__init__.py")
                env = {k: v for k, v in os.environ.items() if k != "VNNOTICE_PURE"}
                # the package first, then the folders this process imports from (pip's isolated build
                # environment among them, which the run needs: pydantic, regex, pyyaml)
                env["PYTHONPATH"] = os.pathsep.join([tmp, *(p for p in sys.path if p and Path(p).is_dir())])
                done = subprocess.run([sys.executable, "-c", _TRAIN.format(runs=TRAIN_RUNS), json.dumps(paths)],
                                      cwd=tmp, env=env, capture_output=True, text=True, timeout=600)
            if done.returncode != 0:
                raise RuntimeError((done.stderr.strip().splitlines() or ["the training run failed"])[-1])
        except Exception as exc:  # noqa: BLE001
            self._pgo = f"not profile-guided: the instrumented build or its run failed ({_reason(exc)})"
            print(f"vnnotice: {self._pgo}", file=sys.stderr, flush=True)
            self._errors, self._profile, self.force = [], (), True  # (the instrumented libraries are rebuilt)
            return False
        self._pgo = f"profile-guided: {TRAIN_RUNS} runs over {len(paths)} documents of {TRAINING.name}/"
        self._errors, self._profile, self.force = [], PROFILE_USE, True
        return True

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as exc:  # no compiler, a compile or link error: told once all are tried
            if self._how == "require":
                raise
            self._errors.append(f"{ext.name}: {_reason(exc)}")

    def copy_extensions_to_source(self) -> None:
        if not self._errors:  # a failed build leaves the checkout without one
            super().copy_extensions_to_source()

    def _mypycify(self) -> None:
        from mypyc.build import mypycify  # the build requirement: imported only when compiling

        os.chdir(ROOT)  # mypy names the modules from paths relative to the project
        paths = [f"vnnotice/{m}.py" for m in COMPILED]
        groups = [([f"vnnotice/{m.rpartition('.')[2]}.py" for m in modules], group) for modules, group in _groups()]
        options = ["--config-file", str(ROOT / "pyproject.toml"), "--follow-imports=silent"]
        said = io.StringIO()
        try:
            with contextlib.redirect_stdout(said):  # mypy's messages: kept for the reason of a failure
                built = mypycify(options + paths, opt_level="3", separate=groups,
                                 target_dir=str(Path(self.build_temp) / "mypyc"))
        except SystemExit as exc:
            errors = [line for line in said.getvalue().splitlines() if ": error:" in line]
            if errors and exc.code in (None, 1):
                more = f" (and {len(errors) - 1} more errors)" if len(errors) > 1 else ""
                raise SystemExit(f"mypy: {errors[0]}{more}") from None
            raise
        finally:
            sys.stdout.write(said.getvalue())
        by_name = {}
        for ext in built:
            name = ext.name if ext.name.endswith("__mypyc") else f"{NATIVE}.{ext.name.rpartition('.')[2]}"
            by_name[name] = ext
        for ext in self.extensions:  # the placeholders, finalized under these names: take mypyc's sources
            made = by_name.pop(ext.name)
            for attr in ("sources", "include_dirs", "depends", "extra_compile_args", "define_macros"):
                setattr(ext, attr, list(getattr(made, attr)))
        if by_name:
            raise RuntimeError(f"unexpected extension modules from mypyc: {sorted(by_name)}")

    def _failed(self, mode: str, reason: str) -> None:
        for folder in self._folders():
            _clean(folder)
        if mode == "require":
            raise SystemExit(f"vnnotice: {ENV}=require and {reason}")
        _say(f"{reason}.\nvnnotice is installed as pure Python (identical output, slower). To compile it, "
             f"install a C compiler and reinstall; {ENV}=0 skips compiling, {ENV}=require makes this an error.")
        for folder in self._folders():
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "failed.txt").write_text(reason + "\n", encoding="utf-8")
        self.extensions = []

    def _write_manifest(self) -> None:
        import mypy.version

        libs = {}
        for modules, group in _groups():
            last = [m.rpartition(".")[2] for m in modules]
            libs[f"{group}__mypyc"] = {
                "file": f"{group.rpartition('.')[2]}__mypyc{EXT_SUFFIX}",
                # mypyc names a module's __file__ after its library's: beside it (one module per library) or
                # under it by the module's dotted path
                "per_module": len(modules) == 1 and group.rpartition(".")[2] == last[0],
            }
        manifest = {
            "python": sys.implementation.cache_tag,
            "ext_suffix": EXT_SUFFIX,
            "mypy": mypy.version.__version__,
            "built": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
            "modules": {f"vnnotice.{m}": {"file": f"{m}{EXT_SUFFIX}", "sha256": _sha256(ROOT / "vnnotice" / f"{m}.py")}
                        for m in COMPILED},
            "libraries": libs,
            "profile_guided": self._profile == PROFILE_USE,
            "profile": self._pgo,
        }
        body = json.dumps(manifest, indent=1, sort_keys=True) + "\n"
        for folder in self._folders():
            folder.mkdir(parents=True, exist_ok=True)
            (folder / MANIFEST).write_text(body, encoding="utf-8")

    def get_output_mapping(self) -> dict[str, str]:
        mapping = super().get_output_mapping()
        if self.inplace and self.extensions:  # an editable install links or copies the manifest with the modules
            folders = self._folders()
            mapping[str(folders[0] / MANIFEST)] = str(folders[1] / MANIFEST)
        return mapping

    def get_outputs(self) -> list[str]:
        outputs = super().get_outputs()
        if self.extensions and not self.inplace:
            outputs.append(str(Path(self.build_lib, *NATIVE.split("."), MANIFEST)))
        return outputs


def _gcc() -> bool:
    """Whether the C compiler that builds extensions here is GCC (the profile flags are GCC's): on a POSIX
    system, ``$CC`` or the compiler Python was built with, as setuptools chooses it."""
    command = (os.environ.get("CC") or sysconfig.get_config_var("CC") or "").split()
    if os.name != "posix" or not command:
        return False
    try:
        said = subprocess.run([command[0], "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):  # no compiler: the plain build says why
        return False
    return said.returncode == 0 and "Free Software Foundation" in said.stdout


def _cpu() -> float:
    """CPU seconds of this process and of the compilers it ran."""
    try:
        import resource
    except ImportError:  # not on Windows
        return time.process_time()
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _reason(exc: BaseException) -> str:
    if isinstance(exc, SystemExit):
        text = str(exc.code) if exc.code not in (None, 1) else "mypy reported errors (printed above)"
    else:
        text = str(exc).strip() or type(exc).__name__
        # a compiler's command line is long: its program and how it failed tell enough
        run = re.search(r"""[Cc]ommand '?\[?'([^']+)'.*?((?:failed|returned).*)$""", text, re.S)
        if run:
            text = f"{os.path.basename(run.group(1))} {run.group(2)}"
        text = f"{type(exc).__name__}: {text}"
    return text.splitlines()[-1][:300]


class BuildPy(build_py):
    """build_py that, in an editable install with VNNOTICE_COMPILE=0, removes an earlier build from the checkout."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False) and _mode() == "0":
            _clean(ROOT.joinpath(*NATIVE.split(".")))


setup(
    ext_modules=_placeholders() if _mode() != "0" else [],
    cmdclass={"build_ext": BuildNative, "build_py": BuildPy},
)
