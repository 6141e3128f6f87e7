"""What the engine remembers of a sandbox at the lesson's start (checks compare with it)."""

from __future__ import annotations

from typing import Any


def start_facts(snap: dict[str, Any], graph: dict[str, Any],
                files: dict[str, str]) -> dict[str, Any]:
    return {
        "revision": snap.get("version") or [],
        "revision_ids": [r["id"] for r in graph.get("revisions", [])],
        "heads": graph.get("heads", []),
        "schema": schema_only(snap),
        "data": {
            name: {"columns": [c["name"] for c in t["columns"]], "primary_key": t["primary_key"],
                   "rows": t["rows"]}
            for name, t in snap["tables"].items()
        },
        "row_counts": {name: t["row_count"] for name, t in snap["tables"].items()},
        "files": files,
    }


def schema_only(snapshot: dict[str, Any]) -> dict[str, Any]:
    """Just the structure, for comparing schemas (round trips, lesson start)."""
    out = {}
    for name, table in snapshot["tables"].items():
        out[name] = {
            "columns": [
                {k: c.get(k) for k in ("name", "family", "length", "nullable", "primary_key")}
                for c in table["columns"]
            ],
            # Lists, not tuples: this is compared with a copy that went through JSON.
            "indexes": sorted([ix["columns"], ix["unique"]] for ix in table["indexes"]),
            "foreign_keys": sorted(
                [fk["columns"], fk["ref_table"], fk["ref_columns"]]
                for fk in table["foreign_keys"]
            ),
            # By columns only: batch mode on SQLite may name a constraint the start left unnamed.
            "uniques": sorted(u["columns"] for u in table.get("uniques", [])),
        }
    return out
