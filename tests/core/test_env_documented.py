"""Every environment variable the settings read is documented in the README's settings table and listed in
.env.example, and neither names a variable the settings no longer read."""

import ast
import re
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
SETTINGS = sorted((PROJECT / "config" / "settings").glob("*.py"))


def variables_read_by_settings():
    """Names passed as the first argument to `env(...)` or `env.<type>(...)` (django-environ)."""
    names = set()
    for module in SETTINGS:
        for node in ast.walk(ast.parse(module.read_text())):
            if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
                continue
            func = node.func
            reads_env = (isinstance(func, ast.Name) and func.id == "env") or (
                isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "env"
            )
            if reads_env and isinstance(node.args[0].value, str):
                names.add(node.args[0].value)
    return names


def variables_in_readme_table():
    section = (PROJECT / "README.md").read_text().split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    names = set()
    for row in section.splitlines():
        if row.startswith("| `"):
            names |= set(re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1]))
    return names


def variables_in_env_example():
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (PROJECT / ".env.example").read_text(), re.MULTILINE))


def test_the_settings_read_variables():
    # The parser itself works: these are read today, so an empty set means the parsing broke.
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "SECURE_HSTS_SECONDS"} <= variables_read_by_settings()


def test_every_variable_is_in_the_readme_table_and_nothing_else():
    read, documented = variables_read_by_settings(), variables_in_readme_table()
    assert sorted(read - documented) == [], "read by config/settings but missing from the README's Settings table"
    assert sorted(documented - read) == [], "in the README's Settings table but read by no settings module"


def test_every_variable_is_in_env_example_and_nothing_else():
    read, listed = variables_read_by_settings(), variables_in_env_example()
    assert sorted(read - listed) == [], "read by config/settings but missing from .env.example"
    assert sorted(listed - read) == [], "in .env.example but read by no settings module"
