"""The engine: the verbs every face uses (start, run, check, hint, undo, reset, solve).

It owns a warm worker and, for ``--db postgres``, the private server. It knows nothing of
Textual or of printing: results are plain dictionaries, translated into ``settings.lang``.
Every command is a transaction on the sandbox: files and database are saved to an undo slot
before the command, and restored from it when the worker times out or crashes.
"""

from __future__ import annotations

import shlex
import shutil
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

from tutorial.engine import layout
from tutorial.engine.databases import (
    DatabaseTarget,
    pg_database_name,
    pg_target,
    sqlite_target,
)
from tutorial.engine.errors import BadInput, EngineError, WorkerFailure
from tutorial.engine.explain import explain
from tutorial.engine.pg_templates import lesson_builds_database, template_name
from tutorial.engine.worker import ADMIN_TIMEOUT, DEFAULT_TIMEOUT, Worker, WorkerLimits
from tutorial.i18n import _, use_language
from tutorial.lessons.loader import LessonFormatError, load_course
from tutorial.lessons.model import Course, Lesson, Step
from tutorial.settings import Settings

UNDO_DEPTH = {"sqlite": 20, "postgres": 8}


class ProgressSink(Protocol):
    """What the engine tells the progress store (``tutorial.progress.ProgressStore``)."""

    def record_start(self, lesson_id: str) -> None: ...
    def record_command(self, lesson_id: str, command: str, ok: bool) -> None: ...
    def record_check(self, lesson_id: str, passed: bool) -> None: ...
    def record_hint(self, lesson_id: str) -> int: ...
    def record_solution_shown(self, lesson_id: str) -> None: ...
    def reset_lesson(self, lesson_id: str) -> None: ...


def parse_command(command: str | list[str]) -> list[str]:
    """``"alembic upgrade head"`` -> ``["upgrade", "head"]``; only alembic runs here."""
    try:
        argv = shlex.split(command) if isinstance(command, str) else list(command)
    except ValueError as exc:
        raise BadInput(_("cannot read the command: {error}").format(error=exc)) from None
    if not argv:
        raise BadInput(_("empty command"))
    if argv[0] != "alembic":
        raise BadInput(_("only alembic commands run in the sandbox, not {command}")
                       .format(command=repr(argv[0])))
    return argv[1:]


def _file_changes(before: dict[str, str], after: dict[str, str]) -> dict[str, list[str]]:
    """Files a command wrote (``revision`` makes one), changed or removed."""
    return {
        "added": sorted(after.keys() - before.keys()),
        "changed": sorted(k for k in after.keys() & before.keys() if after[k] != before[k]),
        "removed": sorted(before.keys() - after.keys()),
    }


class Engine:
    #: PostgreSQL sandboxes start as copies of a per-server lesson template (see
    #: ``pg_templates``); False builds each one from scratch (the benchmark compares both).
    pg_templates: bool = True

    def __init__(
        self,
        settings: Settings,
        *,
        course: Course | None = None,
        progress: ProgressSink | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        limits: WorkerLimits | None = None,
    ) -> None:
        self.settings = settings
        self._course = course
        self.progress = progress
        self.timeout = timeout
        self._limits = limits
        self._worker: Worker | None = None
        self._server: Any = None

    # -- resources ----------------------------------------------------------------------------
    @property
    def worker(self) -> Worker:
        if self._worker is None:
            self._worker = Worker(timeout=self.timeout, limits=self._limits)
        return self._worker

    @property
    def course(self) -> Course:
        if self._course is None:
            from tutorial.paths import lessons_dir

            root = self.settings.course or lessons_dir()
            try:
                self._course = load_course(root)
            except LessonFormatError as exc:
                raise BadInput(f"the course at {root} has errors:\n{exc}") from None
        return self._course

    def set_language(self, lang: str) -> None:
        """Results built from now on are in ``lang`` (a face switched language)."""
        self.settings = self.settings.with_(lang=lang)

    def cancel(self) -> None:
        """Kill the worker's process group now, from any thread: a face that quits while a
        learner's endless migration runs must not wait for the timeout."""
        if self._worker is not None:
            self._worker.kill_now()

    def close(self) -> None:
        if self._worker is not None:
            self._worker.close()
            self._worker = None
        if self._server is not None:
            self._server.stop()
            self._server = None

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _admin_url(self) -> str:
        if self.settings.db_url:
            return self.settings.db_url
        if self._server is None:
            from tutorial.engine.postgres_server import PrivateServer

            self._server = PrivateServer(self.settings.workspace / "postgres")
        return self._server.url

    def _call(self, op: str, **args: Any) -> Any:
        return self.worker.call(op, timeout=max(self.timeout, ADMIN_TIMEOUT), **args)

    # -- lessons and sandboxes ----------------------------------------------------------------
    def lesson(self, lesson_id: str) -> Lesson:
        lesson = self.course.get(lesson_id)
        if lesson is None:
            raise BadInput(_("unknown lesson {lesson}; `alembic-tutorial lessons` lists them")
                           .format(lesson=repr(lesson_id)))
        backend = self.settings.backend
        if backend not in lesson.backends:
            raise BadInput(_("lesson {lesson} runs on {backends} only")
                           .format(lesson=repr(lesson_id), backends=", ".join(lesson.backends)))
        return lesson

    def paths(self, lesson_id: str) -> layout.SandboxPaths:
        return layout.sandbox_paths(self.settings.workspace, self.settings.profile,
                                    self.settings.backend, lesson_id)

    def target(self, lesson_id: str) -> DatabaseTarget:
        paths = self.paths(lesson_id)
        if self.settings.backend == "sqlite":
            return sqlite_target(str(paths.sqlite_path))
        name = pg_database_name(layout.workspace_id(self.settings.workspace),
                                self.settings.profile, lesson_id)
        return pg_target(self._admin_url(), name)

    def exists(self, lesson_id: str) -> bool:
        return self.paths(lesson_id).start_file.exists()

    def start(self, lesson_id: str) -> dict[str, Any]:
        """Make the lesson's sandbox if it is missing; return its folder."""
        lesson = self.lesson(lesson_id)
        paths = self.paths(lesson_id)
        with layout.locked(paths.state):
            created = not paths.start_file.exists()
            if not created and self.settings.backend == "postgres":
                created = not self._call("database_exists", target=self.target(lesson_id)
                                         .to_json())
            if created:
                self._build(lesson, paths)
        if self.progress:
            self.progress.record_start(lesson_id)  # also remembers it as the last lesson
        return {"lesson": lesson_id, "folder": str(paths.project), "created": created}

    def _build(self, lesson: Lesson, paths: layout.SandboxPaths) -> None:
        target = self.target(lesson.id)
        if paths.project.exists():
            shutil.rmtree(paths.project)
        if paths.history.exists():
            shutil.rmtree(paths.history)
        layout.write_project(paths.project, target.url, lesson.start_dir)
        t = target.to_json()
        if target.kind == "postgresql" and self.pg_templates and lesson_builds_database(lesson):
            self._clone_start(lesson, paths, target)
        else:
            self._fill_start(lesson, paths, t)
        for rel in lesson.start_delete:
            (paths.project / rel).unlink(missing_ok=True)
        snap = self._call("take_snapshot", target=t, full=True)
        graph = self._call("graph", sandbox=str(paths.project), target=t)
        from tutorial.engine.snapshot_facts import start_facts

        layout.write_json(paths.start_file, start_facts(snap, graph,
                                                        layout.file_hashes(paths.project)))
        layout.write_json(paths.meta_file, {"commands": [], "history": [], "counter": 0,
                                            "hints": 0, "lang": self.settings.lang})

    def _fill_start(self, lesson: Lesson, paths: layout.SandboxPaths, t: dict[str, Any]) -> None:
        """Build the lesson's start state in the sandbox database itself."""
        self._call("create_database", target=t)
        if lesson.start_upgrade:
            result = self._call("run_alembic", sandbox=str(paths.project), target=t,
                                argv=["upgrade", lesson.start_upgrade])
            if not result["ok"]:
                raise EngineError(f"lesson {lesson.id!r} could not reach its starting revision: "
                                  f"{result['error']['message']}")
        data = lesson.data_for(self.settings.lang)
        if data:
            self._call("seed", target=t, data=data)
        if lesson.start_sql:
            try:
                self._call("execute_sql", target=t, statements=list(lesson.start_sql))
            except WorkerFailure:
                raise
            except EngineError as exc:
                raise EngineError(f"lesson {lesson.id!r}: its start sql failed: {exc}") from None

    def _clone_start(self, lesson: Lesson, paths: layout.SandboxPaths,
                     target: DatabaseTarget) -> None:
        """PostgreSQL: copy the lesson's template (built first if this server lacks it)."""
        name = template_name(lesson, self.settings.lang)
        try:
            built = self._call("start_from_template", sandbox=str(paths.project),
                               target=target.to_json(), name=name,
                               upgrade=lesson.start_upgrade,
                               data=lesson.data_for(self.settings.lang),
                               sql=list(lesson.start_sql))
        except (WorkerFailure, BadInput):
            raise
        except EngineError as exc:
            raise EngineError(f"lesson {lesson.id!r}: its start state failed: {exc}") from None
        if built["error"]:  # the same messages as a start built in place
            error = built["error"]
            raise EngineError({
                "upgrade": f"lesson {lesson.id!r} could not reach its starting revision: {error}",
                "sql": f"lesson {lesson.id!r}: its start sql failed: {error}",
            }.get(built["step"], error))

    def _ensure(self, lesson_id: str) -> tuple[Lesson, layout.SandboxPaths]:
        lesson = self.lesson(lesson_id)
        self.start(lesson_id)
        return lesson, self.paths(lesson_id)

    def _context(self, lesson: Lesson, paths: layout.SandboxPaths,
                 meta: dict[str, Any]) -> dict[str, Any]:
        # Commands that worked: a failed `--autogenerate` does not count as having used it.
        return {"start": layout.read_json(paths.start_file, {}),
                "commands": meta.get("commands_kept", [])
                + [c["command"] for c in meta.get("history", []) if c.get("ok", True)],
                "lesson_dir": str(lesson.folder)}

    # -- run ----------------------------------------------------------------------------------
    def run(self, lesson_id: str, command: str | list[str]) -> dict[str, Any]:
        """Run one alembic command as a transaction on the sandbox."""
        argv = parse_command(command)
        lesson, paths = self._ensure(lesson_id)
        text = "alembic " + shlex.join(argv) if argv else "alembic"
        target = self.target(lesson_id)
        with layout.locked(paths.state):
            meta = layout.read_json(paths.meta_file, {})
            meta["counter"] = meta.get("counter", 0) + 1
            slot = f"u{meta['counter']}"
            slot_dir = paths.history / slot
            layout.copy_files(paths.project, slot_dir / "files")
            files_before = layout.file_hashes(paths.project)
            context = self._context(lesson, paths, meta)
            context["pending_command"] = text
            started = time.perf_counter()
            try:
                result = self.worker.call(
                    "transaction", sandbox=str(paths.project), target=target.to_json(),
                    argv=argv, slot=slot, folder=str(slot_dir), goal=list(lesson.goal),
                    context=context, lang=self.settings.lang,
                )
            except EngineError as failure:
                # Timeout, crash, or the worker could not finish the transaction: put the
                # files and the database back as they were before the command.
                self._restore(target, paths, slot, slot_dir)
                shutil.rmtree(slot_dir, ignore_errors=True)
                layout.write_json(paths.meta_file, meta)
                result = self._failure_result(failure)
            else:
                meta.setdefault("history", []).append(
                    {"slot": slot, "command": text, "ok": bool(result["ok"]),
                     "at": datetime.now(timezone.utc).isoformat(timespec="seconds")})
                self._prune(target, paths, meta)
                layout.write_json(paths.meta_file, meta)
            result["duration_ms"] = round((time.perf_counter() - started) * 1000, 2)
            result["files"] = _file_changes(files_before, layout.file_hashes(paths.project))
        result["command"] = text
        result["lesson"] = lesson_id
        with use_language(self.settings.lang):
            explanation = explain(result.get("error"), typed=argv)
        if result.get("error") is not None:
            result["error"]["explanation"] = explanation
        result["revision"] = {"before": result.get("diff", {}).get("version_before") or [],
                              "after": result.get("diff", {}).get("version_after") or []}
        if self.progress:
            self.progress.record_command(lesson_id, text, bool(result["ok"]))
            if result.get("check") is not None:
                self.progress.record_check(lesson_id, bool(result["check"]["passed"]))
        return result

    def _failure_result(self, failure: EngineError) -> dict[str, Any]:
        if isinstance(failure, WorkerFailure):
            kind = {"timeout": "Timeout", "memory": "MemoryError"}.get(failure.kind,
                                                                       "WorkerCrash")
        else:
            kind = "MemoryError" if str(failure).startswith("MemoryError") else "WorkerCrash"
        return {"ok": False, "output": "", "sql": [], "diff": {"tables": {}, "values_lost": 0},
                "error": {"type": kind, "category": kind, "message": str(failure),
                          "statement": None, "file": None, "line": None},
                "check": None, "graph": None, "before": None, "after": None}

    def _restore(self, target: DatabaseTarget, paths: layout.SandboxPaths, slot: str,
                 slot_dir: Path) -> None:
        # The backup is consumed: it becomes the database (a file move or a rename).
        self._call("restore", target=target.to_json(), slot=slot, folder=str(slot_dir))
        layout.restore_files(slot_dir / "files", paths.project)

    def _prune(self, target: DatabaseTarget, paths: layout.SandboxPaths,
               meta: dict[str, Any]) -> None:
        history = meta.get("history", [])
        depth = UNDO_DEPTH[self.settings.backend]
        while len(history) > depth:
            old = history.pop(0)
            if old.get("ok", True):
                meta.setdefault("commands_kept", []).append(old["command"])
            slot_dir = paths.history / old["slot"]
            self._call("drop_backup", target=target.to_json(), slot=old["slot"],
                       folder=str(slot_dir))
            shutil.rmtree(slot_dir, ignore_errors=True)

    # -- check, state, hints ------------------------------------------------------------------
    def check(self, lesson_id: str) -> dict[str, Any]:
        lesson, paths = self._ensure(lesson_id)
        meta = layout.read_json(paths.meta_file, {})
        try:
            result = self.worker.call(
                "check", sandbox=str(paths.project), target=self.target(lesson_id).to_json(),
                goal=list(lesson.goal), context=self._context(lesson, paths, meta),
                lang=self.settings.lang,
            )
        except WorkerFailure as failure:
            raise EngineError(f"the goal check could not finish: {failure}") from None
        result["lesson"] = lesson_id
        if self.progress:
            self.progress.record_check(lesson_id, bool(result["passed"]))
        return result

    def snapshot(self, lesson_id: str) -> dict[str, Any]:
        """The database now (preview rows), for faces that refresh after a file change."""
        self._ensure(lesson_id)
        return self._call("take_snapshot", target=self.target(lesson_id).to_json())

    def graph(self, lesson_id: str) -> dict[str, Any]:
        _lesson, paths = self._ensure(lesson_id)
        return self._call("graph", sandbox=str(paths.project),
                          target=self.target(lesson_id).to_json())

    def hint(self, lesson_id: str) -> dict[str, Any]:
        """The next hint (the last one again once all have been shown)."""
        lesson, paths = self._ensure(lesson_id)
        hints = lesson.text(self.settings.lang).hints
        with layout.locked(paths.state):
            meta = layout.read_json(paths.meta_file, {})
            shown = min(meta.get("hints", 0) + 1, len(hints))
            meta["hints"] = shown
            layout.write_json(paths.meta_file, meta)
        if self.progress:
            self.progress.record_hint(lesson_id)
        if not hints:
            return {"lesson": lesson_id, "index": 0, "total": 0, "text": ""}
        return {"lesson": lesson_id, "index": shown, "total": len(hints),
                "text": hints[shown - 1]}

    def hints_shown(self, lesson_id: str) -> int:
        """How many hints this sandbox has shown (reset starts again at none)."""
        meta = layout.read_json(self.paths(lesson_id).meta_file, {})
        return int(meta.get("hints", 0) or 0)

    def commands(self, lesson_id: str) -> list[str]:
        meta = layout.read_json(self.paths(lesson_id).meta_file, {})
        return meta.get("commands_kept", []) + [c["command"] for c in meta.get("history", [])]

    # -- undo, reset, solve -------------------------------------------------------------------
    def undo(self, lesson_id: str) -> dict[str, Any]:
        """Back to before the last command: files and database."""
        _lesson, paths = self._ensure(lesson_id)
        target = self.target(lesson_id)
        with layout.locked(paths.state):
            meta = layout.read_json(paths.meta_file, {})
            history = meta.get("history", [])
            if not history:
                raise BadInput(_("nothing to undo: no command has run since the lesson started"))
            last = history.pop()
            self._restore(target, paths, last["slot"], paths.history / last["slot"])
            shutil.rmtree(paths.history / last["slot"], ignore_errors=True)
            layout.write_json(paths.meta_file, meta)
        return {"lesson": lesson_id, "undone": last["command"], "remaining": len(history)}

    def reset(self, lesson_id: str) -> dict[str, Any]:
        """Back to the lesson's start; the learner's files are first kept in a dated copy."""
        lesson = self.lesson(lesson_id)
        paths = self.paths(lesson_id)
        kept = None
        with layout.locked(paths.state):
            if paths.project.exists():
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
                kept = paths.backups / f"{lesson_id}-{self.settings.backend}-{stamp}"
                layout.copy_files(paths.project, kept)
            target = self.target(lesson_id)
            meta = layout.read_json(paths.meta_file, {})
            for entry in meta.get("history", []):
                self._call("drop_backup", target=target.to_json(), slot=entry["slot"],
                           folder=str(paths.history / entry["slot"]))
            self._build(lesson, paths)
        if self.progress:
            self.progress.reset_lesson(lesson_id)
        return {"lesson": lesson_id, "folder": str(paths.project),
                "kept": str(kept) if kept else None}

    def apply_steps(self, lesson_id: str, steps: tuple[Step, ...]) -> list[dict[str, Any]]:
        """Write, delete and run as a learner would (solve, and validate's attempts)."""
        _lesson, paths = self._ensure(lesson_id)
        results = []
        for step in steps:
            if step.kind == "run":
                results.append(self.run(lesson_id, step.value))
                continue
            dest = paths.project / step.value
            with use_language(self.settings.lang):
                if step.kind == "write":
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    assert step.source is not None  # the loader resolved it
                    shutil.copyfile(step.source, dest)
                    described = _("write {path}").format(path=step.value)
                else:
                    dest.unlink(missing_ok=True)
                    described = _("delete {path}").format(path=step.value)
            results.append({"ok": True, "command": described})
        return results

    def solve(self, lesson_id: str) -> dict[str, Any]:
        """Reset the lesson (the learner's files are kept in a copy), then apply the
        reference solution: it is written for the lesson's start."""
        lesson = self.lesson(lesson_id)
        if self.progress:
            self.progress.record_solution_shown(lesson_id)
        kept = self.reset(lesson_id)["kept"] if self.exists(lesson_id) else None
        steps = self.apply_steps(lesson_id, lesson.solution)
        return {"lesson": lesson_id, "kept": kept, "steps": [
            {"command": s["command"], "ok": s["ok"]} for s in steps], "check":
            self.check(lesson_id)}
