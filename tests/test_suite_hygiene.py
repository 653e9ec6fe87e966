"""Every test asserts something: a test that only runs code passes whatever that code does.

A test counts as asserting when its body (nested blocks included) has an `assert`, a
`pytest.raises`/`pytest.warns` or query-count context, or calls a helper named `assert_*`,
`expect*` or `check*` (which must assert in turn)."""

import ast
from pathlib import Path

TESTS = Path(__file__).parent
ASSERTING_CONTEXTS = {
    "raises",
    "warns",
    "assertNumQueries",
    "django_assert_num_queries",
    "django_assert_max_num_queries",
}
ASSERTING_HELPER_PREFIXES = ("assert_", "expect", "check")


def called_name(call):
    function = call.func
    if isinstance(function, ast.Attribute):
        return function.attr
    if isinstance(function, ast.Name):
        return function.id
    return ""


def asserts(test):
    for node in ast.walk(test):
        if isinstance(node, ast.Assert):
            return True
        context = node.context_expr if isinstance(node, ast.withitem) else None
        if isinstance(context, ast.Call) and called_name(context) in ASSERTING_CONTEXTS:
            return True
        if isinstance(node, ast.Call) and called_name(node).startswith(ASSERTING_HELPER_PREFIXES):
            return True
    return False


def collected_tests(tree):
    """Module-level `test_*` functions and `test_*` methods of `Test*` classes."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"):
            yield node.name, node
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            for member in node.body:
                if isinstance(member, ast.FunctionDef | ast.AsyncFunctionDef) and member.name.startswith("test"):
                    yield f"{node.name}::{member.name}", member


def unasserted_tests():
    found = []
    for path in sorted(TESTS.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for name, function in collected_tests(tree):
            if not asserts(function):
                found.append(f"{path.relative_to(TESTS.parent)}::{name} (line {function.lineno})")
    return found


def test_every_test_asserts_something():
    assert unasserted_tests() == []


def test_the_guard_tells_a_real_check_from_a_bare_call():
    source = """
def test_bare():
    make_thing().full_clean()

def test_asserts():
    assert make_thing()

def test_raises():
    with pytest.raises(ValueError):
        make_thing()

def test_counts(django_assert_num_queries):
    with django_assert_num_queries(3):
        make_thing()

def test_helper():
    assert_valid(make_thing())

class TestGroup:
    def test_bare_method(self):
        make_thing()
"""
    tree = ast.parse(source)
    assert [name for name, function in collected_tests(tree) if not asserts(function)] == [
        "test_bare",
        "TestGroup::test_bare_method",
    ]
