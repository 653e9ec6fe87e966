"""Check JSON-LD against the Schema.org vocabulary (release 30.0, tests/data)."""

import json
from functools import cache
from pathlib import Path

VOCABULARY = Path(__file__).parent / "data" / "schemaorg-vocabulary-30.0.json"


@cache
def vocabulary():
    data = json.loads(VOCABULARY.read_text())
    return data["types"], data["properties"]


def ancestors(type_name):
    types, _ = vocabulary()
    seen, todo = set(), [type_name]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(types.get(current, []))
    return seen


def problems(node, path="$"):
    """Every unknown type and every property that does not belong to its node's type."""
    types, properties = vocabulary()
    found = []
    if isinstance(node, list):
        for index, item in enumerate(node):
            found += problems(item, f"{path}[{index}]")
        return found
    if not isinstance(node, dict):
        return found
    node_types = node.get("@type")
    node_types = [node_types] if isinstance(node_types, str) else (node_types or [])
    for node_type in node_types:
        if node_type not in types:
            found.append(f"{path}: unknown type {node_type}")
    allowed = set().union(*(ancestors(t) for t in node_types)) if node_types else None
    for key, value in node.items():
        if key.startswith("@"):
            if key == "@graph":
                found += problems(value, f"{path}.@graph")
            continue
        if key not in properties:
            found.append(f"{path}: unknown property {key}")
        elif allowed is not None and not allowed & set(properties[key]):
            found.append(f"{path}: {key} does not belong to {node_types}")
        found += problems(value, f"{path}.{key}")
    return found
