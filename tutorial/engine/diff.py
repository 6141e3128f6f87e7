"""What a command did to a database: the difference between two snapshots (pure Python).

Names tables and columns added, removed and renamed (same values under a new name), type,
nullability and default changes, rows added and removed, cells changed, and **values lost**:
non-NULL values present before and gone after (a dropped column or table, a rename done as
drop+add, a value that became NULL or was truncated by a type change).
"""

from __future__ import annotations

from typing import Any

Row = list[Any]


def _keyed(table: dict[str, Any], key_cols: list[str]) -> dict[tuple[Any, ...], dict[str, Any]]:
    names = [c["name"] for c in table["columns"]]
    idx = [names.index(k) for k in key_cols]
    out = {}
    for row in table["rows"]:
        out[tuple(row[i] for i in idx)] = dict(zip(names, row, strict=False))
    return out


def _column_values(table: dict[str, Any], column: str,
                   key_cols: list[str]) -> dict[tuple[Any, ...], Any]:
    return {k: r.get(column) for k, r in _keyed(table, key_cols).items()}


def _is_lost(before: Any, after: Any) -> bool:
    """A non-NULL value that did not survive: now NULL, or cut short (truncation)."""
    if before is None:
        return False
    if after is None:
        return True
    return (isinstance(before, str) and isinstance(after, str)
            and len(after) < len(before) and before.startswith(after))


def _renames(before: dict[str, Any], after: dict[str, Any], removed: list[str],
             added: list[str], key_cols: list[str]) -> list[tuple[str, str]]:
    """Pairs (old, new) whose values are the same row by row: a rename, not a drop+add."""
    if not removed or not added or not before["complete"] or not after["complete"]:
        return []
    if not key_cols:
        return []
    pairs: list[tuple[str, str]] = []
    free = list(added)
    for old in removed:
        old_values = _column_values(before, old, key_cols)
        if all(v is None for v in old_values.values()):
            continue  # nothing proves a rename: an empty column dropped and another added
        for new in free:
            new_values = _column_values(after, new, key_cols)
            common = old_values.keys() & new_values.keys()
            if not common or any(old_values[k] != new_values[k] for k in common):
                continue
            pairs.append((old, new))
            free.remove(new)
            break
    return pairs


def _column_changes(before: dict[str, Any], after: dict[str, Any],
                    renames: dict[str, str]) -> list[dict[str, Any]]:
    cols_b = {c["name"]: c for c in before["columns"]}
    changes = []
    for col in after["columns"]:
        old_name = next((o for o, n in renames.items() if n == col["name"]), col["name"])
        old = cols_b.get(old_name)
        if old is None:
            continue
        change: dict[str, Any] = {"column": col["name"]}
        if old["type"] != col["type"]:
            change.update(type_before=old["type"], type_after=col["type"])
        if old["nullable"] != col["nullable"]:
            change.update(nullable_before=old["nullable"], nullable_after=col["nullable"])
        if old["default"] != col["default"]:
            change.update(default_before=old["default"], default_after=col["default"])
        if len(change) > 1:
            changes.append(change)
    return changes


def _names(items: list[dict[str, Any]], *fields: str) -> set[str]:
    return {"|".join(str(item.get(f)) for f in fields) for item in items}


def _constraint_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for kind, fields in (("indexes", ("name", "columns", "unique")),
                         ("foreign_keys", ("columns", "ref_table", "ref_columns")),
                         ("uniques", ("columns",)),
                         ("checks", ("sqltext",))):
        b = {_label(kind, i): "|".join(str(i.get(f)) for f in fields) for i in before[kind]}
        a = {_label(kind, i): "|".join(str(i.get(f)) for f in fields) for i in after[kind]}
        added = sorted(k for k, v in a.items() if v not in b.values())
        removed = sorted(k for k, v in b.items() if v not in a.values())
        if added:
            out[f"{kind}_added"] = added
        if removed:
            out[f"{kind}_removed"] = removed
    return out


def _label(kind: str, item: dict[str, Any]) -> str:
    if kind == "foreign_keys":
        cols = ",".join(item["columns"])
        return f"({cols}) -> {item['ref_table']}({','.join(item['ref_columns'])})"
    if kind == "checks":
        return item.get("name") or item["sqltext"]
    name = item.get("name")
    cols = ",".join(item.get("columns") or [])
    return f"{name} ({cols})" if name else f"({cols})"


def _table_values(table: dict[str, Any]) -> int:
    return sum(table["non_null"].values())


def diff_table(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    names_b = [c["name"] for c in before["columns"]]
    names_a = [c["name"] for c in after["columns"]]
    removed = [n for n in names_b if n not in names_a]
    added = [n for n in names_a if n not in names_b]
    key_cols = [k for k in before["primary_key"] if k in after["primary_key"]]
    renames = _renames(before, after, removed, added, key_cols)
    renamed_old = {o for o, _ in renames}
    renamed_new = {n for _, n in renames}
    removed_for_good = [n for n in removed if n not in renamed_old]
    lost: dict[str, int] = {n: before["non_null"].get(n, 0) for n in removed_for_good}
    rows_added = rows_removed = cells_changed = 0
    exact = before["complete"] and after["complete"] and bool(key_cols)
    if exact:
        rows_b, rows_a = _keyed(before, key_cols), _keyed(after, key_cols)
        rows_removed = len(rows_b.keys() - rows_a.keys())
        rows_added = len(rows_a.keys() - rows_b.keys())
        pairs = [(n, n) for n in names_b if n in names_a] + list(renames)
        for key in rows_b.keys() & rows_a.keys():
            old_row, new_row = rows_b[key], rows_a[key]
            for old_col, new_col in pairs:
                old_v, new_v = old_row.get(old_col), new_row.get(new_col)
                if old_v != new_v:
                    cells_changed += 1
                    if _is_lost(old_v, new_v):
                        lost[new_col] = lost.get(new_col, 0) + 1
    else:
        delta = after["row_count"] - before["row_count"]
        rows_added, rows_removed = max(delta, 0), max(-delta, 0)
        for name in names_b:
            if name in names_a:
                gone = before["non_null"].get(name, 0) - after["non_null"].get(name, 0)
                if gone > 0:
                    lost[name] = lost.get(name, 0) + gone
    lost = {k: v for k, v in lost.items() if v}
    result: dict[str, Any] = {
        "status": "changed",
        "columns_added": [n for n in added if n not in renamed_new],
        "columns_removed": removed_for_good,
        "columns_renamed": [{"from": o, "to": n} for o, n in renames],
        "columns_changed": _column_changes(before, after, dict(renames)),
        **_constraint_changes(before, after),
        "rows_before": before["row_count"],
        "rows_after": after["row_count"],
        "rows_added": rows_added,
        "rows_removed": rows_removed,
        "cells_changed": cells_changed,
        "values_lost": sum(lost.values()),
        "lost_by_column": lost,
        "exact": exact,
    }
    touched = (result["columns_added"] or result["columns_removed"] or result["columns_renamed"]
               or result["columns_changed"] or rows_added or rows_removed or cells_changed
               or any(k.endswith(("_added", "_removed")) and k not in
                      ("columns_added", "columns_removed", "rows_added", "rows_removed")
                      and result[k] for k in result))
    if not touched:
        result["status"] = "unchanged"
    return result


def _same_table(before: dict[str, Any], after: dict[str, Any]) -> bool:
    cols_b = [(c["name"], c["family"]) for c in before["columns"]]
    cols_a = [(c["name"], c["family"]) for c in after["columns"]]
    return cols_b == cols_a and before["rows"] == after["rows"] and before["complete"]


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The difference between two snapshots of ``tutorial.engine.snapshot.take``."""
    tables_b, tables_a = before["tables"], after["tables"]
    removed = [t for t in tables_b if t not in tables_a]
    added = [t for t in tables_a if t not in tables_b]
    out: dict[str, dict[str, Any]] = {}
    renamed_to: dict[str, str] = {}
    for old in removed:
        for new in added:
            if new not in renamed_to.values() and _same_table(tables_b[old], tables_a[new]):
                renamed_to[old] = new
                break
    for name in removed:
        table = tables_b[name]
        if name in renamed_to:
            continue
        out[name] = {
            "status": "removed", "columns_added": [], "columns_removed":
            [c["name"] for c in table["columns"]], "columns_renamed": [],
            "rows_before": table["row_count"], "rows_after": 0, "rows_added": 0,
            "rows_removed": table["row_count"], "cells_changed": 0,
            "values_lost": _table_values(table), "lost_by_column":
            {k: v for k, v in table["non_null"].items() if v}, "exact": True,
        }
    for name in added:
        table = tables_a[name]
        old = next((o for o, n in renamed_to.items() if n == name), None)
        out[name] = {
            "status": "renamed" if old else "added", "renamed_from": old,
            "columns_added": [] if old else [c["name"] for c in table["columns"]],
            "columns_removed": [], "columns_renamed": [],
            "rows_before": table["row_count"] if old else 0, "rows_after": table["row_count"],
            "rows_added": 0 if old else table["row_count"], "rows_removed": 0,
            "cells_changed": 0, "values_lost": 0, "lost_by_column": {}, "exact": True,
        }
        if not old:
            del out[name]["renamed_from"]
    for name in tables_b:
        if name in tables_a:
            result = diff_table(tables_b[name], tables_a[name])
            if result["status"] != "unchanged":
                out[name] = result
    _values_kept_elsewhere(tables_b, tables_a, out)
    return {
        "tables": out,
        "values_lost": sum(t["values_lost"] for t in out.values()),
        "version_before": before.get("version"),
        "version_after": after.get("version"),
    }


def _column_value_set(table: dict[str, Any], column: str) -> set[Any] | None:
    names = [c["name"] for c in table["columns"]]
    if column not in names or not table["complete"]:
        return None
    i = names.index(column)
    return {row[i] for row in table["rows"] if row[i] is not None}


def _values_kept_elsewhere(tables_b: dict[str, Any], tables_a: dict[str, Any],
                           out: dict[str, dict[str, Any]]) -> None:
    """A dropped column (or table) whose every value is now in a column of another table
    made by the same command (a backup table) is moved, not lost: ``values_moved`` names where
    they are, and they leave ``values_lost``. Needs complete snapshots on both sides."""
    # Only where this command put values: a new table, or a new column of a changed one
    # (ids 1, 2, 3 of an unrelated table that was there before prove nothing).
    candidates = [(t, c) for t, ch in out.items() if t in tables_a
                  and ch["status"] in ("added", "changed") for c in ch["columns_added"]]
    for name, change in out.items():
        if name not in tables_b or not change.get("lost_by_column"):
            continue
        dropped = set(change.get("columns_removed") or [])
        for column in [c for c in change["lost_by_column"] if c in dropped]:
            values = _column_value_set(tables_b[name], column)
            if not values:
                continue
            for table, other in candidates:
                if table == name and other == column:
                    continue
                kept = _column_value_set(tables_a[table], other)
                if kept is not None and values <= kept:
                    _move(change, column, f"{table}.{other}")
                    break
            else:
                twin = _row_twin(tables_b[name], tables_a.get(name), column)
                if twin:
                    _move(change, column, f"{name}.{twin}")
        moved_to = {where.split(".", 1)[0] for where in (change.get("values_moved") or {}).values()}
        if change["status"] != "removed" or not moved_to:
            continue
        # A backup table dropped after its values went back: its key columns (the ids that
        # said where each value belongs) are in the table the values went to.
        for column in list(change["lost_by_column"]):
            values = _column_value_set(tables_b[name], column)
            home = next((f"{t}.{c['name']}" for t in sorted(moved_to)
                         for c in tables_a[t]["columns"]
                         if values and values <= (_column_value_set(tables_a[t], c["name"])
                                                  or set())), None)
            if home:
                _move(change, column, home)


def _row_twin(before: dict[str, Any], after: dict[str, Any] | None, column: str) -> str | None:
    """Another column of the same table holding, row by row, every value ``column`` had: the
    contract step of expand/contract drops ``phone`` once ``phone_number`` has its values."""
    if after is None or not before["complete"] or not after["complete"]:
        return None
    keys = [k for k in before["primary_key"] if k in after["primary_key"]]
    if not keys:
        return None
    old = {k: v for k, v in _column_values(before, column, keys).items() if v is not None}
    if not old:
        return None
    for other in (c["name"] for c in after["columns"]):
        if other == column:
            continue
        new = _column_values(after, other, keys)
        if all(k in new and new[k] == v for k, v in old.items()):
            return other
    return None


def _move(change: dict[str, Any], column: str, where: str) -> None:
    count = change["lost_by_column"].pop(column)
    change["values_lost"] -= count
    change.setdefault("values_moved", {})[column] = where
