"""Where the test suite's time goes: the JUnit report `make test` writes (test-artifacts/junit.xml), summed by
folder and by module, and the slowest tests (setup, call and teardown together).

    python bench/suite_costs.py [test-artifacts/junit.xml] [--top 25]

The times are per test on its worker, so their sum is about twice the wall time of `pytest -n 2`."""

import argparse
import xml.etree.ElementTree as ElementTree
from collections import defaultdict


def module_of(classname):
    """tests.core.test_seo.TestX -> tests.core.test_seo (a class's name starts with a capital)."""
    return ".".join(part for part in classname.split(".") if not part[:1].isupper())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", nargs="?", default="test-artifacts/junit.xml")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()

    by_folder, by_module, tests = defaultdict(float), defaultdict(float), []
    for case in ElementTree.parse(args.report).getroot().iter("testcase"):  # noqa: S314 (our own report)
        seconds, module = float(case.get("time", 0)), module_of(case.get("classname", ""))
        by_module[module] += seconds
        by_folder[".".join(module.split(".")[:2])] += seconds
        tests.append((seconds, f"{module}::{case.get('name')}"))
    print(f"{sum(by_module.values()):.0f} s in {len(tests)} tests")
    for title, table in (("folder", by_folder), ("module", by_module)):
        print(f"\nby {title}:")
        for name, seconds in sorted(table.items(), key=lambda item: -item[1])[: args.top]:
            print(f"{seconds:8.1f}  {name}")
    print("\nslowest tests:")
    for seconds, name in sorted(tests, reverse=True)[: args.top]:
        print(f"{seconds:8.1f}  {name}")


if __name__ == "__main__":
    main()
