"""Plain explanations of the errors learners meet: what happened, why, and what to do.

Each entry recognises an error by its type and/or message (the exact wording of Alembic,
SQLAlchemy, SQLite or PostgreSQL, collected in the seeds' troubleshooting sections) and gives
three translated sentences. Named groups of the pattern become placeholders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tutorial.i18n import N_, _


@dataclass(frozen=True)
class Entry:
    key: str
    pattern: str  # searched in the error message
    what: str
    why: str
    fix: str
    types: tuple[str, ...] = ()  # error type names that must match (any), empty: any type
    #: Only when the revision in the message is one the learner typed in the command.
    typed_only: bool = False

    def match(self, error_type: str, message: str) -> re.Match[str] | None:
        if self.types and error_type not in self.types:
            return None
        return re.search(self.pattern, message, re.IGNORECASE | re.DOTALL)


CATALOGUE: tuple[Entry, ...] = (
    Entry(
        # Before "cant-locate-revision": the learner typed a name that is not a revision.
        "unknown-target", r"Can't locate revision identified by '(?P<revision>[^']*)'",
        N_("There is no revision called {revision}."),
        N_("The name you typed is not a revision id, the start of one, or a word Alembic "
           "knows (head, heads, base, +1, -1)."),
        N_("Look up the ids with `alembic history`, then run the command again with one of "
           "them."),
        typed_only=True,
    ),
    Entry(
        "downgrade-sql-range", r"downgrade with --sql requires <fromrev>:<torev>",
        N_("Offline, a downgrade needs both ends: where the database is and where it goes."),
        N_("With --sql Alembic does not connect to the database, so it cannot know which "
           "revision the database is at; -1 or a single target has nothing to count from."),
        N_("Name the range, from the revision the database is at to the target: "
           "`alembic downgrade head:<target> --sql`."),
    ),
    Entry(
        "not-up-to-date", r"Target database is not up to date",
        N_("Alembic refused to write a new revision because the database is behind."),
        N_("Autogenerate compares the models with the database; if the database has not run "
           "every revision yet, the new file would repeat changes that are already written."),
        N_("Run `alembic upgrade head` first, then run the revision command again."),
    ),
    Entry(
        "cant-locate-revision", r"Can't locate revision identified by '(?P<revision>[^']*)'",
        N_("Alembic cannot find revision {revision}."),
        N_("The database (its alembic_version table) or a file names a revision whose file is "
           "not in versions/: it was deleted, renamed, or never pulled from the repository."),
        N_("Bring the missing file back from version control (`git log -- versions/`). If the "
           "database really matches a revision you have, `alembic stamp --purge <that "
           "revision>` records it without running anything: a plain stamp fails, because it "
           "first looks up the revision the database names."),
    ),
    Entry(
        "revision-file-missing", r"^'?(?P<revision>[0-9a-f]{6,40})'?$",
        N_("A revision points at {revision}, which no file in versions/ defines."),
        N_("A file's down_revision (or the database) names a revision whose file was deleted "
           "or renamed, so the chain of revisions is broken."),
        N_("Restore the missing file (undo, or your version control), or point the "
           "down_revision of the next file at a revision that exists."),
        types=("KeyError",),
    ),
    Entry(
        "multiple-heads-target",
        r"Multiple head revisions are present for given argument '(?P<argument>[^']*)'",
        N_("There are several heads, so '{argument}' does not name one revision."),
        N_("Two revisions were written on top of the same parent (often by two people), so "
           "the history has forked into branches."),
        N_("Look at `alembic heads`. Join the branches with `alembic merge heads -m \"merge\"`, "
           "then `alembic upgrade head`. (`alembic upgrade heads` applies both branches but "
           "leaves two heads: the next teammate meets the same error.)"),
    ),
    Entry(
        "multiple-heads-revision", r"Multiple heads are present; please specify the head",
        N_("Alembic does not know which head the new revision should follow."),
        N_("The history has several heads (branches). A new revision needs one parent."),
        N_("Merge the heads first with `alembic merge heads -m \"merge\"`, or pass "
           "`--head <revision>` to choose one."),
    ),
    Entry(
        "sqlite-alter-constraints", r"No support for ALTER of constraints in SQLite dialect",
        N_("SQLite cannot add or drop a constraint with ALTER TABLE."),
        N_("SQLite's ALTER TABLE only adds, renames and drops columns. Everything else needs "
           "the table to be copied, which Alembic's batch mode does for you."),
        N_("Put the operation inside `with op.batch_alter_table(\"table\") as batch_op:` and "
           "call it on `batch_op`. Constraints need names (a naming convention) to be dropped."),
    ),
    Entry(
        "batch-no-such-constraint", r"No such constraint: '(?P<name>[^']*)'",
        N_("Batch mode found no constraint called {name} on the table."),
        N_("Batch mode reads the table back from the database. A constraint that was created "
           "without a name (unique=True, a UniqueConstraint with no name) has no name there, "
           "so no name you give it can match."),
        N_("Give batch_alter_table a naming_convention (the dictionary you would give "
           "MetaData): it names the unnamed constraints it finds, and drop_constraint can then "
           "use that name."),
    ),
    Entry(
        "sqlite-near-alter", r'near "ALTER": syntax error|near "ALTER COLUMN"|near "(SET|DROP)"',
        N_("SQLite did not understand an ALTER statement."),
        N_("SQLite cannot ALTER a column's type, nullability or default; Alembic sent SQL that "
           "only other databases understand."),
        N_("Use batch mode: `with op.batch_alter_table(\"table\") as batch_op:` and "
           "`batch_op.alter_column(...)`. Alembic then copies the table with the change."),
    ),
    Entry(
        "not-null-sqlite", r"Cannot add a NOT NULL column with default value NULL",
        N_("SQLite refused to add a NOT NULL column to a table that has rows."),
        N_("The existing rows would have no value for the new column, and NOT NULL forbids "
           "that."),
        N_("Add the column as nullable, fill it for the existing rows (UPDATE), then make it "
           "NOT NULL in batch mode; or give it a server_default."),
    ),
    Entry(
        "not-null-constraint-failed",
        r"NOT NULL constraint failed: (?:_alembic_tmp_)?(?P<table>\w+)\.(?P<column>\w+)",
        N_("{table}.{column} was made NOT NULL while some rows have no value in it."),
        N_("In batch mode SQLite copies the table into a new one (named _alembic_tmp_{table}) "
           "that already has the NOT NULL rule, and the rows with NULL cannot be copied."),
        N_("Fill the column first (an UPDATE before the batch block), then set NOT NULL."),
    ),
    Entry(
        "not-null-postgres",
        r'column "(?P<column>[^"]+)" of relation "(?P<table>[^"]+)" contains null values',
        N_("PostgreSQL refused to make {table}.{column} NOT NULL: some rows have no value."),
        N_("NOT NULL must hold for every existing row at once, and some rows are NULL there."),
        N_("Fill the column first (`op.execute(\"UPDATE ...\")` in the migration), then set "
           "NOT NULL; or add the column with a server_default."),
    ),
    Entry(
        "failed-cast",
        r'column "(?P<column>[^"]+)" cannot be cast automatically to type (?P<type>\w+)',
        N_("PostgreSQL cannot turn column {column} into type {type} by itself."),
        N_("There is no automatic conversion between the old and the new type; PostgreSQL will "
           "not guess how to convert each value."),
        N_("Tell it how: `op.alter_column(..., type_=..., postgresql_using=\"{column}::{type}\")`,"
           " and make sure every value can be converted."),
    ),
    Entry(
        "invalid-cast-value", r"invalid input syntax for type (?P<type>\w+)",
        N_("A value could not be converted to {type}."),
        N_("Some existing rows hold text that is not a valid {type}, so the type change fails "
           "(and, in a transaction, changes nothing)."),
        N_("Clean or convert those rows first, or keep the old type."),
    ),
    Entry(
        "value-too-long", r"value too long for type character varying\((?P<length>\d+)\)",
        N_("A value is longer than the new limit of {length} characters."),
        N_("Narrowing a column must fit every existing value; PostgreSQL refuses instead of "
           "cutting values short."),
        N_("Shorten or move the long values first, or keep the wider type."),
    ),
    Entry(
        "concurrently-in-transaction",
        r"CREATE INDEX CONCURRENTLY cannot run inside a transaction block|"
        r"DROP INDEX CONCURRENTLY cannot run inside a transaction block",
        N_("An index was built CONCURRENTLY inside a transaction."),
        N_("PostgreSQL builds a concurrent index in several transactions of its own, so it "
           "cannot be part of the migration's transaction."),
        N_("Wrap it in `with op.get_context().autocommit_block():` inside the migration."),
    ),
    Entry(
        "no-script-location", r"No 'script_location' key found in configuration",
        N_("Alembic found no script_location in its configuration."),
        N_("The command ran without the sandbox's alembic.ini, or the file lost that line."),
        N_("Run the command in the sandbox folder, or restore alembic.ini (reset restores it)."),
    ),
    Entry(
        "table-exists", r"table (?P<table>\"?\w+\"?) already exists|"
        r'relation "(?P<relation>[^"]+)" already exists',
        N_("The table already exists in the database."),
        N_("A migration creates something that is already there: the database and the "
           "revisions disagree. Often a downgrade() did not remove what its upgrade() created "
           "(a downgrade that is just `pass`), or the table was made by hand, or a migration "
           "failed halfway without transactional DDL."),
        N_("Compare `alembic current` with the tables. If the database already has everything "
           "up to some revision, `alembic stamp` that revision (it records it and runs "
           "nothing), then upgrade; if the table is wrong, drop it and upgrade again."),
    ),
    Entry(
        "no-such-column", r"no such column: (?P<column>[\w.]+)|"
        r'column "(?P<pgcolumn>[^"]+)" (of relation "[^"]+" )?does not exist',
        N_("A column the migration uses does not exist."),
        N_("The migration refers to a column by a name the table does not have (yet): a typo, "
           "or the revisions run in an order you did not expect."),
        N_("Check the column name against the before-table, and the order in `alembic history`."),
    ),
    Entry(
        "no-such-table", r"no such table: (?P<table>[\w.]+)|"
        r'relation "(?P<relation>[^"]+)" does not exist',
        N_("A table the migration uses does not exist."),
        N_("The migration refers to a table that has not been created at this revision."),
        N_("Check the table name and `alembic history`: the revision that creates it must come "
           "first (its down_revision)."),
    ),
    Entry(
        "unique-violation", r"UNIQUE constraint failed|duplicate key value violates unique",
        N_("Some rows have the same value where it must be unique."),
        N_("A unique constraint or index cannot be added while duplicates exist, and a row "
           "cannot repeat a unique value."),
        N_("Find the duplicates (GROUP BY ... HAVING COUNT(*) > 1) and fix them first."),
    ),
    Entry(
        "not-valid-downgrade", r"is not a valid downgrade target|Relative revision .* didn't "
        r"produce|not a valid upgrade target",
        N_("That revision is not a place Alembic can move to from here."),
        N_("Upgrade goes forward and downgrade goes back from where the database is now; a "
           "relative step (+1, -1) must exist in the history."),
        N_("Check `alembic current` and `alembic history`, and pick a target on the path."),
    ),
    Entry(
        "missing-driver", r"No module named '(?P<module>psycopg2|psycopg|asyncpg|pymysql)'",
        N_("The database driver {module} is not installed."),
        N_("SQLAlchemy needs a driver module to talk to the database named in the URL."),
        N_("Install it (for example `pip install psycopg[binary]`) or use the URL's driver "
           "that is installed (postgresql+psycopg://)."),
    ),
    Entry(
        "syntax-error", r".", N_("Python could not read {file}, line {line}."),
        N_("The file has a syntax error ({message}), so Alembic cannot load any revision."),
        N_("Open {file} at line {line} and fix the code; then run the command again."),
        types=("SyntaxError", "IndentationError", "TabError"),
    ),
    Entry(
        "name-error", r".", N_("{file}, line {line} uses a name Python does not know."),
        N_("{message}: a typo, or a missing import (such as `import sqlalchemy as sa`)."),
        N_("Fix the name or add the import at the top of {file}."),
        types=("NameError", "AttributeError"),
    ),
    Entry(
        "import-error", r".", N_("{file}, line {line} imports something that cannot be found."),
        N_("{message}."),
        N_("Check the module name; models.py and migrations may import only what is installed "
           "and the sandbox's own files."),
        types=("ImportError", "ModuleNotFoundError"),
    ),
    Entry(
        "usage", r".", N_("Alembic did not understand the command."),
        N_("{message}"),
        N_("Try `alembic --help`, or `alembic <command> --help` for one command."),
        types=("UsageError",),
    ),
    Entry(
        "timeout", r".", N_("The command was stopped: it ran too long."),
        N_("Something in it did not finish (often an endless loop in a migration or in "
           "models.py). The database is as it was before the command."),
        N_("Find the loop in the file you changed last, fix it, and run the command again."),
        types=("Timeout",),
    ),
    Entry(
        "crash", r".", N_("The command crashed the process that runs migrations."),
        N_("{message}. It has been replaced, and the database is as it was before the "
           "command."),
        N_("Look at what the migration does (huge allocations, os._exit, native crashes) and "
           "change it."),
        types=("WorkerCrash", "MemoryError"),
    ),
)


def explain(error: dict[str, Any] | None,
            typed: list[str] | None = None) -> dict[str, str] | None:
    """The catalogue's explanation of ``error`` (a run result's error), translated now.

    ``typed`` is the command line the learner typed (tells a typo from a missing file).
    """
    if not error:
        return None
    error_type = error.get("type") or ""
    message = error.get("message") or ""
    for entry in CATALOGUE:
        found = entry.match(error_type, message) or (
            entry.match(error.get("category") or "", message) if entry.types else None
        )
        if not found:
            continue
        if entry.typed_only and found.groupdict().get("revision") not in (typed or []):
            continue
        params = {
            "file": error.get("file") or "?",
            "line": error.get("line") or "?",
            "message": message.rstrip("."),
            **{k: v for k, v in found.groupdict().items() if v},
        }
        for alias, name in (("pgcolumn", "column"), ("relation", "table")):
            if alias in params:
                params.setdefault(name, params[alias])
        return {
            "key": entry.key,
            "what": _safe_format(_(entry.what), params),
            "why": _safe_format(_(entry.why), params),
            "fix": _safe_format(_(entry.fix), params),
        }
    return None


def _safe_format(template: str, params: dict[str, Any]) -> str:
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def as_text(explanation: dict[str, str] | None) -> str:
    if not explanation:
        return ""
    return " ".join(explanation[k] for k in ("what", "why", "fix"))
