"""Plain-text rendering of engine results for the headless CLI (translated)."""

from __future__ import annotations

from typing import Any

from tutorial.i18n import N_, _, format_number, ngettext


def _n(value: int) -> str:
    return format_number(value)


def table_changes(name: str, change: dict[str, Any]) -> list[str]:
    status = change["status"]
    lines = []
    if status == "added":
        lines.append("+ " + _("table {table} added").format(table=name))
    elif status == "removed":
        lines.append("- " + _("table {table} removed").format(table=name))
    elif status == "renamed":
        lines.append("~ " + _("table {old} renamed to {new}").format(
            old=change.get("renamed_from"), new=name))
    else:
        lines.append("~ " + _("table {table} changed").format(table=name))
    for col in change.get("columns_added", []) if status != "added" else []:
        lines.append("    + " + _("column {column} added").format(column=col))
    for col in change.get("columns_removed", []) if status != "removed" else []:
        lines.append("    - " + _("column {column} removed").format(column=col))
    for pair in change.get("columns_renamed", []):
        lines.append("    ~ " + _("column {old} renamed to {new}").format(
            old=pair["from"], new=pair["to"]))
    for col in change.get("columns_changed", []):
        parts = []
        if "type_after" in col:
            parts.append(f"{col['type_before']} -> {col['type_after']}")
        if "nullable_after" in col:
            parts.append("NULL -> NOT NULL" if not col["nullable_after"] else "NOT NULL -> NULL")
        if "default_after" in col:
            parts.append(_("default {before} -> {after}").format(
                before=col["default_before"], after=col["default_after"]))
        lines.append("    ~ " + _("column {column} changed: {what}").format(
            column=col["column"], what="; ".join(parts)))
    if status not in ("added", "removed"):
        lines.extend(_constraint_lines(change))
    rows = [
        ngettext("{count} row added", "{count} rows added", change.get("rows_added", 0))
        .format(count=_n(change.get("rows_added", 0))) if change.get("rows_added") else "",
        ngettext("{count} row removed", "{count} rows removed", change.get("rows_removed", 0))
        .format(count=_n(change.get("rows_removed", 0))) if change.get("rows_removed") else "",
        ngettext("{count} cell changed", "{count} cells changed", change.get("cells_changed", 0))
        .format(count=_n(change.get("cells_changed", 0))) if change.get("cells_changed") else "",
    ]
    rows = [r for r in rows if r]
    if rows:
        lines.append("    " + ", ".join(rows))
    for column, where in (change.get("values_moved") or {}).items():
        lines.append("    > " + _("the values of {column} are kept in {where}").format(
            column=column, where=where))
    lost = change.get("values_lost", 0)
    if lost:
        where = ", ".join(f"{c} ({_n(v)})" for c, v in change.get("lost_by_column", {}).items())
        lines.append("    !! " + ngettext("DATA LOST: {count} value is gone ({where})",
                                          "DATA LOST: {count} values are gone ({where})", lost)
                     .format(count=_n(lost), where=where))
    return lines


#: What the diff says about indexes and constraints, as (key, mark, message).
_CONSTRAINTS = (
    ("indexes_added", "+", N_("index {name} added")),
    ("indexes_removed", "-", N_("index {name} removed")),
    ("foreign_keys_added", "+", N_("foreign key {name} added")),
    ("foreign_keys_removed", "-", N_("foreign key {name} removed")),
    ("uniques_added", "+", N_("unique constraint {name} added")),
    ("uniques_removed", "-", N_("unique constraint {name} removed")),
    ("checks_added", "+", N_("check constraint {name} added")),
    ("checks_removed", "-", N_("check constraint {name} removed")),
)


def _constraint_lines(change: dict[str, Any]) -> list[str]:
    return [f"    {mark} " + _(message).format(name=name)
            for key, mark, message in _CONSTRAINTS for name in change.get(key, [])]


def check_lines(check: dict[str, Any]) -> list[str]:
    lines = [(_("Goal met") if check["passed"] else _("Goal not met yet")) + ":"]
    for item in check["checks"]:
        lines.append(("  [x] " if item["passed"] else "  [ ] ") + item["message"])
    return lines


def run_report(result: dict[str, Any]) -> str:
    lines = ["$ " + result["command"]]
    if result.get("output"):
        lines.append(result["output"])
    if result.get("sql"):
        lines.append("")
        lines.append(_("SQL that ran:"))
        lines.extend("  " + s for s in result["sql"])
    error = result.get("error")
    if error:
        lines.append("")
        where = f" ({error['file']}:{error['line']})" if error.get("file") else ""
        lines.append(_("Error") + f": {error['type']}: {error['message']}{where}")
        explanation = error.get("explanation")
        if explanation:
            lines.append("  " + _("What happened:") + " " + explanation["what"])
            lines.append("  " + _("Why:") + " " + explanation["why"])
            lines.append("  " + _("What to do:") + " " + explanation["fix"])
    tables = (result.get("diff") or {}).get("tables") or {}
    if tables:
        lines.append("")
        lines.append(_("What changed in the database:"))
        for name, change in sorted(tables.items()):
            lines.extend("  " + line for line in table_changes(name, change))
    elif result.get("ok"):
        lines.append("")
        lines.append(_("The schema and the data did not change."))
    elif result.get("diff") is not None:
        lines.append("")
        lines.append(_("Nothing changed: the failed command was rolled back."))
    revision = result.get("revision") or {}
    if revision.get("before") != revision.get("after"):
        lines.append(_("Database revision: {before} -> {after}").format(
            before=", ".join(revision.get("before") or []) or "base",
            after=", ".join(revision.get("after") or []) or "base"))
    if result.get("check"):
        lines.append("")
        lines.extend(check_lines(result["check"]))
    return "\n".join(lines)
