"""Every third-party package the application code imports is pinned in requirements.txt by name, not left to
arrive as somebody else's dependency."""

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
NOT_APP_CODE = {".venv", "tests", "bench", "node_modules", "migrations", "media", "media-test", "staticfiles"}


def app_modules():
    for path in PROJECT.rglob("*.py"):
        if not NOT_APP_CODE.intersection(path.relative_to(PROJECT).parts):
            yield path


def imported_top_level_names():
    names = set()
    for path in app_modules():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def pinned_distributions():
    text = (PROJECT / "requirements.txt").read_text()
    return {canonical(m) for m in re.findall(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==", text, re.MULTILINE)}


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_imported_package_is_pinned():
    ours = {path.name for path in PROJECT.iterdir() if (path / "__init__.py").exists()}
    distributions = packages_distributions()
    pinned = pinned_distributions()
    unpinned = set()
    for name in imported_top_level_names() - ours - set(sys.stdlib_module_names):
        owners = {canonical(dist) for dist in distributions.get(name, [])}
        assert owners, f"{name} is imported but no installed distribution provides it"
        if not owners & pinned:
            unpinned.add(f"{name} ({', '.join(sorted(owners))})")
    assert sorted(unpinned) == [], "imported by the application but not pinned in requirements.txt"
