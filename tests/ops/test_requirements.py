"""The two application locks: what `make run` installs (app.lock) holds no test or lint tool, and every
module the running system imports comes from a package of that runtime lock."""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
#: bot/ also holds the Rasa server's own extensions (bot/huiqi_rasa), which run in .venv-rasa.
APP_PARTS_OF_BOT = ("bot/actions", "bot/runtime.py")


def runtime_packages() -> list[str]:
    """The installed packages of pyproject.toml (what runs in .venv), as paths under the root."""
    include = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    names = [name.rstrip("*") for name in include["packages"]["find"]["include"]]
    return [part for name in names for part in (APP_PARTS_OF_BOT if name == "bot" else (name,))]


DEV_TOOLS = {"pytest", "pytest-timeout", "playwright", "locust", "ruff", "psutil", "pyinstrument"}


def lock(name: str) -> dict[str, str]:
    """``{canonical name: version}`` of ``requirements/<name>``."""
    lines = (ROOT / "requirements" / name).read_text(encoding="utf-8").splitlines()
    pins = [line.split("==") for line in lines if line.strip() and not line.startswith("#")]
    return {canonicalize_name(n): v for n, v in pins}


def imported_modules(path: Path) -> set[str]:
    """Top-level names of the absolute imports of every Python file under ``path``."""
    files = [path] if path.is_file() else sorted(path.rglob("*.py"))
    names: set[str] = set()
    for file in files:
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def test_runtime_lock_has_no_dev_tools_and_locks_do_not_overlap() -> None:
    app, dev = lock("app.lock"), lock("dev.lock")
    assert not DEV_TOOLS & app.keys(), "test/lint tools belong in requirements/dev.lock"
    assert dev.keys() >= DEV_TOOLS
    assert not app.keys() & dev.keys(), "a package is pinned in both locks"
    assert "rapidfuzz" not in app  # locked but never imported


def test_every_runtime_import_is_in_the_runtime_lock() -> None:
    app = lock("app.lock") | {"torch": "installed first by the Makefile"}
    owners = packages_distributions()
    packages = runtime_packages()
    ours = {package.split("/")[0] for package in packages}
    missing: dict[str, list[str]] = {}
    for package in packages:
        for module in imported_modules(ROOT / package) - ours - set(sys.stdlib_module_names):
            dists = {canonicalize_name(d) for d in owners.get(module, [module])}
            if not dists & app.keys():
                missing.setdefault(module, []).append(package)
    assert not missing, f"imported at run time but not in requirements/app.lock: {missing}"
