"""The revision graph's lanes: linear history, branch points, merges, the database's place."""

from __future__ import annotations

from tutorial.tui.graph_layout import layout_graph, order_revisions
from tutorial.tui.widgets.revision_graph import render_graph


def rev(rid: str, *parents: str, **flags: bool) -> dict:
    return {"id": rid, "parents": list(parents), "message": f"m{rid}", **flags}


def drawn(revisions: list[dict], current: list[str]) -> list[str]:
    return [(row.cells.rstrip() + " " + (row.revision or {}).get("id", "")).rstrip()
            for row in layout_graph(revisions, current)]


def test_linear_history_newest_first() -> None:
    revisions = [rev("a"), rev("b", "a"), rev("c", "b", is_head=True)]
    assert [r["id"] for r in order_revisions(revisions)] == ["c", "b", "a"]
    assert drawn(revisions, ["b"]) == ["○ c", "● b", "○ a"]


def test_empty_database_is_drawn_at_the_base() -> None:
    rows = layout_graph([rev("a"), rev("b", "a")], [])
    assert rows[-1].revision is None and "base" in rows[-1].flags


def test_two_heads_from_one_branch_point() -> None:
    revisions = [rev("a"), rev("b", "a", is_branch_point=True), rev("c", "b", is_head=True),
                 rev("d", "b", is_head=True)]
    assert drawn(revisions, ["c"]) == [
        "○ d",
        "│ ● c",
        "├─╯",
        "○ b",
        "○ a",
    ]


def test_merge_joins_two_lanes() -> None:
    revisions = [rev("a"), rev("b", "a"), rev("c", "b"), rev("d", "b"),
                 rev("m", "c", "d", is_merge=True, is_head=True)]
    lines = drawn(revisions, ["m"])
    assert lines[0] == "● m"
    assert lines[1] == "├─╮"
    assert lines[-2:] == ["○ b", "○ a"]
    assert sum(1 for line in lines if line.startswith("├─╯")) == 1


def test_database_at_a_revision_without_a_file_is_shown() -> None:
    rows = layout_graph([rev("a")], ["zzz"])
    assert rows[0].revision["id"] == "zzz" and "missing" in rows[0].flags


def test_rendered_graph_names_heads_merges_and_the_database() -> None:
    graph = {"revisions": [rev("a"), rev("b", "a", is_head=True)], "heads": ["b"],
             "current": ["a"]}
    text = render_graph(graph)
    plain = "\n".join(t.plain for t in text.renderables if hasattr(t, "plain"))
    assert "b (head)" in plain
    assert "◀ database" in plain.splitlines()[1]
