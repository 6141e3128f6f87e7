"""The command line (see ../shared/CLI.md): a thin face over the engine.

Exit codes: 0 done; 1 the thing asked about is not so (check not met, lint error, command
failed in the sandbox); 2 bad usage or bad input, always with a one-line reason on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TextIO

from tutorial import __version__
from tutorial.cli_argparse import install_argparse_messages
from tutorial.i18n import LANGUAGES, _, pgettext, set_language
from tutorial.settings import BIDI_MODES, Settings, UsageError, resolve

EXIT_OK, EXIT_NOT_SO, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad usage in one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, _("{prog}: error: {message}").format(prog=self.prog,
                                                                    message=message) + "\n")


def _global_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    group = parser.add_argument_group(_("global options"))
    group.add_argument("--lang", choices=LANGUAGES, default=default,
                       help=_("language (default: from the environment)"))
    group.add_argument("--db", choices=("sqlite", "postgres"), default=default,
                       help=_("database backend (default sqlite)"))
    group.add_argument("--db-url", default=default, metavar="URL",
                       help=_("a PostgreSQL server of your own; the tool makes its own databases"))
    group.add_argument("--workspace", default=default, metavar="DIR",
                       help=_("where sandboxes and progress live"))
    group.add_argument("--bidi", choices=BIDI_MODES, default=default,
                       help=_("right-to-left handling (default auto)"))
    group.add_argument("--profile", default=default, metavar="NAME",
                       help=_("keep several learners apart on one machine"))
    group.add_argument("--course", default=default, metavar="PATH",
                       help=_("run a course folder of your own instead of the built-in one"))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="alembic-tutorial",
                     description=_("Learn database migrations with Alembic by doing them."))
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help=_("show program's version number and exit"))
    _global_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    def add(name: str, help_: str, lesson: bool = False, json_: bool = False) -> Any:
        p = sub.add_parser(name, help=help_, description=help_)
        _global_options(p, suppress=True)
        if lesson:
            p.add_argument("lesson", metavar="LESSON")
        if json_:
            p.add_argument("--json", action="store_true", help=_("machine-readable output"))
        return p

    add("lessons", _("every lesson: id, chapter, title, status"), json_=True)
    add("show", _("the lesson's text, goal and number of hints"), lesson=True, json_=True)
    add("start", _("make the lesson's sandbox if missing; print its folder"), lesson=True,
        json_=True)
    run = add("run", _("run one alembic command in the sandbox"), lesson=True, json_=True)
    run.usage = "alembic-tutorial run LESSON [--json] -- alembic ARGS..."
    add("check", _("the goal check: exit 0 when met, 1 when not"), lesson=True, json_=True)
    add("hint", _("the next hint"), lesson=True, json_=True)
    add("undo", _("back to before the last command (files and database)"), lesson=True,
        json_=True)
    add("reset", _("back to the lesson's start; your files are kept as a copy"), lesson=True,
        json_=True)
    add("solve", _("apply the reference solution"), lesson=True, json_=True)
    lint = add("lint", _("safety report on migration files or a versions/ folder"), json_=True)
    lint.add_argument("paths", nargs="+", metavar="PATH")
    lint.add_argument("--dialect", choices=("sqlite", "postgresql"), default="postgresql")
    validate = add("validate", _("check lesson folders: format, locales, solutions, wrong attempts"))
    validate.add_argument("dirs", nargs="*", metavar="LESSON_DIR")
    validate.add_argument("--format-only", action="store_true",
                          help=_("check the files only, without running solutions"))
    validate.add_argument("--json", action="store_true", help=_("machine-readable output"))
    validate.add_argument("--backend", choices=("sqlite", "postgres", "all"), default="all",
                          help=_("where to prove the solutions (default: both)"))
    new = add("new-lesson", _("scaffold a lesson folder that validates"))
    new.add_argument("slug", metavar="SLUG")
    new.add_argument("--into", metavar="DIR", help=_("the course folder (default: --course or .)"))
    progress = add("progress", _("progress of every learner in the workspace; export/import; "
                   "room: the instructor view"))
    progress.add_argument("action", nargs="?", choices=("show", "export", "import", "room"),
                          default="show")
    progress.add_argument("file", nargs="?", metavar="FILE",
                          help=_("for export/import: the JSON file (- for stdin/stdout); for "
                               "room: the folder of workspaces (default --workspace)"))
    progress.add_argument("--format", choices=("table", "csv", "json"), default="table")
    _room_options(progress)
    _workshop_parser(add)
    _serve_parser(add)
    return parser


def _serve_parser(add: Callable[..., Any]) -> None:
    serve = add("serve", _("the TUI in a browser, one private sandbox per visitor"))
    serve.add_argument("--host", default="127.0.0.1",
                       help=_("address to listen on (default 127.0.0.1: this machine only)"))
    serve.add_argument("--port", type=int, default=8000, help=_("port (default 8000; 0: any free)"))
    serve.add_argument("--token", default=None, metavar="T",
                       help=_("secret visitors present once as /?token=T (required for a --host "
                            "other than this machine; also ALEMBIC_TUTORIAL_SERVE_TOKEN)"))
    serve.add_argument("--max-sessions", type=int, default=50, metavar="N",
                       help=_("visitors at the same time (default 50); the next gets 'room is full'"))
    serve.add_argument("--idle-timeout", type=float, default=1800.0, metavar="SECONDS",
                       help=_("end a session after this long without input (default 1800)"))
    serve.add_argument("--isolation", choices=("auto", "uid", "bwrap", "none"), default="auto",
                       help=_("how learner code is fenced in (default auto: all that works here)"))


def _room_options(progress: argparse.ArgumentParser) -> None:
    room = progress.add_argument_group(_("room (the instructor view)"))
    room.add_argument("--watch", action="store_true",
                      help=_("the live instructor screen (the same as `progress room`)"))
    room.add_argument("--csv", action="store_true", help=_("the room table as CSV, once"))
    room.add_argument("--json", action="store_true", help=_("the room table as JSON, once"))
    room.add_argument("--interval", type=float, default=3.0, metavar="SECONDS",
                      help=_("how often the screen reads the room (default 3)"))
    room.add_argument("--stuck-after", type=float, default=10.0, metavar="MINUTES",
                      help=_("no success for this long on a lesson looks stuck (default 10)"))


def _workshop_parser(add: Callable[..., Any]) -> None:
    workshop = add("workshop", _("running a room: clean up the shared PostgreSQL"))
    actions = workshop.add_subparsers(dest="workshop_command", parser_class=_Parser,
                                      metavar="ACTION", required=True)
    cleanup = actions.add_parser(
        "cleanup", help=_("drop every database alembic-tutorial made on the server"),
        description=_("List, then drop, every database alembic-tutorial made on the server "
                    "(--db-url, or the workspace's private one): only names with its prefix "
                    "that carry its comment. Nothing else is touched."))
    _global_options(cleanup, suppress=True)
    cleanup.add_argument("--dry-run", action="store_true", help=_("only list what would go"))
    cleanup.add_argument("--yes", action="store_true", help=_("do not ask before dropping"))


def _settings(args: argparse.Namespace) -> Settings:
    return resolve(lang=getattr(args, "lang", None), db=getattr(args, "db", None),
                   db_url=getattr(args, "db_url", None),
                   workspace=getattr(args, "workspace", None), bidi=getattr(args, "bidi", None),
                   profile=getattr(args, "profile", None), course=getattr(args, "course", None))


def _print_json(data: Any, out: TextIO) -> None:
    out.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _engine(settings: Settings) -> Any:
    from tutorial.engine.core import Engine
    from tutorial.progress_link import open_progress

    return Engine(settings, progress=open_progress(settings))


# -- commands -------------------------------------------------------------------------------
def cmd_lessons(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from tutorial.progress_link import lesson_statuses

    with _engine(settings) as engine:
        course = engine.course
        statuses = lesson_statuses(settings, [lesson.id for lesson in course.ordered()])
        rows = [{"id": lesson.id, "chapter": lesson.chapter,
                 "title": lesson.title(settings.lang), "status": statuses.get(lesson.id, "new"),
                 "minutes": lesson.minutes} for lesson in course.ordered()]
    if args.json:
        _print_json(rows, out)
        return EXIT_OK
    from tutorial.progress.model import status_label

    width = max(len(r["id"]) for r in rows) if rows else 10
    for row in rows:
        out.write(f"{row['id']:<{width}}  {status_label(row['status']):<12}  "
                  f"{row['title']}\n")
    return EXIT_OK


def cmd_show(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from tutorial.engine import layout
    from tutorial.lessons.render import facts, render_safely

    with _engine(settings) as engine:
        lesson = engine.lesson(args.lesson)
        start = layout.read_json(engine.paths(lesson.id).start_file, None)
        if start is None:
            engine.start(lesson.id)
            start = layout.read_json(engine.paths(lesson.id).start_file, {})
        body = render_safely(lesson, settings.lang, facts(start, settings.backend, settings.lang))
    text = lesson.text(settings.lang)
    data = {"id": lesson.id, "chapter": lesson.chapter, "title": text.title, "goal": text.goal,
            "text": body, "hints": len(text.hints), "minutes": lesson.minutes,
            "language": text.lang}
    if args.json:
        _print_json(data, out)
    else:
        if lesson.free_play:
            goal_line = _("Free play: a sandbox with no goal. Try any command; "
                          "undo and reset work as in the lessons.")
        else:
            goal_line = _("Goal") + ": " + text.goal
        out.write(f"{text.title}\n\n{goal_line}\n\n{body.strip()}\n")
    return EXIT_OK


def cmd_start(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    with _engine(settings) as engine:
        info = engine.start(args.lesson)
    if args.json:
        _print_json(info, out)
    else:
        out.write(info["folder"] + "\n")
    return EXIT_OK


def cmd_run(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from tutorial.cli_format import run_report

    argv = list(args.alembic_argv or [])
    if not argv:
        raise UsageError(_("give the command after --, e.g. run add-column -- alembic "
                           "upgrade head"))
    from tutorial.engine.core import parse_command

    parse_command(argv)
    with _engine(settings) as engine:
        result = engine.run(args.lesson, argv)
    if args.json:
        keys = ("ok", "command", "output", "error", "sql", "revision", "diff", "check",
                "duration_ms")
        data = {k: result.get(k) for k in keys}
        if data["error"]:
            explanation = data["error"].get("explanation")
            data["error"] = {**data["error"], "explanation":
                             _explanation_text(explanation), "detail": explanation}
        _print_json(data, out)
    else:
        out.write(run_report(result) + "\n")
    return EXIT_OK if result["ok"] else EXIT_NOT_SO


def _explanation_text(explanation: dict[str, str] | None) -> str | None:
    from tutorial.engine.explain import as_text

    return as_text(explanation) or None


def cmd_check(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from tutorial.cli_format import check_lines

    with _engine(settings) as engine:
        if engine.lesson(args.lesson).free_play:
            raise UsageError(_("{lesson} is free play: it has no goal to check.")
                             .format(lesson=args.lesson))
        result = engine.check(args.lesson)
    if args.json:
        _print_json(result, out)
    else:
        out.write("\n".join(check_lines(result)) + "\n")
    return EXIT_OK if result["passed"] else EXIT_NOT_SO


def cmd_hint(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from tutorial.i18n import format_number

    with _engine(settings) as engine:
        hint = engine.hint(args.lesson)
    if args.json:
        _print_json(hint, out)
    elif not hint["total"]:
        out.write(_("This lesson has no hints.") + "\n")
    else:
        out.write(_("Hint {index} of {total}").format(index=format_number(hint["index"]),
                                                       total=format_number(hint["total"]))
                  + f": {hint['text']}\n")
    return EXIT_OK


def cmd_undo(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    with _engine(settings) as engine:
        info = engine.undo(args.lesson)
    if args.json:
        _print_json(info, out)
    else:
        out.write(_("Undone: {command}").format(command=info["undone"]) + "\n")
    return EXIT_OK


def cmd_reset(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    with _engine(settings) as engine:
        info = engine.reset(args.lesson)
    if args.json:
        _print_json(info, out)
    else:
        out.write(_("The lesson is back at its start: {folder}").format(folder=info["folder"])
                  + "\n")
        if info["kept"]:
            out.write(_("Your files were kept in {folder}").format(folder=info["kept"]) + "\n")
    return EXIT_OK


def cmd_solve(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from tutorial.cli_format import check_lines

    with _engine(settings) as engine:
        result = engine.solve(args.lesson)
    if args.json:
        _print_json(result, out)
    else:
        for step in result["steps"]:
            mark = pgettext("command result", "done") if step["ok"] else _("failed")
            out.write(f"  [{mark}] {step['command']}\n")
        out.write("\n".join(check_lines(result["check"])) + "\n")
    return EXIT_OK if result["check"]["passed"] else EXIT_NOT_SO


def cmd_lint(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from tutorial.lint.cli import main as lint_main

    return lint_main(args.paths, args.dialect, args.json, out=out, err=sys.stderr)


def cmd_validate(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from tutorial.lessons.validate import main as validate_main

    backends = ["sqlite", "postgres"] if args.backend == "all" else [args.backend]
    return validate_main(settings, args.dirs, format_only=args.format_only,
                         as_json=args.json, out=out, backends=backends)


def cmd_new_lesson(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from pathlib import Path

    from tutorial.lessons.scaffold import scaffold

    root = Path(args.into) if args.into else (settings.course or Path.cwd())
    folder = scaffold(root, args.slug)
    out.write(str(folder) + "\n")
    return EXIT_OK


def cmd_progress(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from tutorial.progress_link import progress_command

    if args.action == "room" or args.watch or args.csv or args.json:
        if args.action in ("export", "import"):
            raise UsageError(_("--watch, --csv and --json go with `progress room`"))
        from tutorial.instructor.cli import room_command

        return room_command(settings, args.file if args.action == "room" else None,
                            as_csv=args.csv, as_json=args.json, watch=args.watch,
                            interval=args.interval, stuck_minutes=args.stuck_after, out=out)
    return progress_command(settings, args.action, args.file, args.format, out)


def cmd_workshop(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from tutorial.workshop.cleanup import cleanup

    return cleanup(settings, dry_run=args.dry_run, yes=args.yes, out=out)


def cmd_serve(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    import os

    from tutorial.serve.options import TOKEN_ENV, ServeOptions, check

    try:
        import aiohttp  # noqa: F401
        import textual_serve  # noqa: F401

        from tutorial.serve import serve
    except ImportError:
        raise UsageError("serve needs textual-serve: pip install 'alembic-tutorial[serve]'") from None
    explicit_lang = getattr(args, "lang", None) or os.environ.get("ALEMBIC_TUTORIAL_LANG")
    options = check(ServeOptions(
        root=settings.workspace / "serve", host=args.host, port=args.port,
        token=args.token or os.environ.get(TOKEN_ENV) or None,
        max_sessions=args.max_sessions, idle_timeout=args.idle_timeout,
        default_lang=settings.lang if explicit_lang else None, db=settings.backend,
        db_url=settings.db_url, course=settings.course, isolation=args.isolation))
    return serve(options)


def cmd_tui(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from tutorial.tui import run_app

    return run_app(settings)


COMMANDS: dict[str | None, Callable[[argparse.Namespace, Settings, TextIO], int]] = {
    None: cmd_tui, "lessons": cmd_lessons, "show": cmd_show, "start": cmd_start,
    "run": cmd_run, "check": cmd_check, "hint": cmd_hint, "undo": cmd_undo,
    "reset": cmd_reset, "solve": cmd_solve, "lint": cmd_lint, "validate": cmd_validate,
    "new-lesson": cmd_new_lesson, "progress": cmd_progress, "serve": cmd_serve,
    "workshop": cmd_workshop,
}


def _language_before_parsing(words: list[str]) -> str:
    """``--lang X`` / ``--lang=X`` on the command line (before any ``--``), else the
    environment; a value we do not speak is left for the parser to reject."""
    from tutorial.i18n import language_from_environment, normalize_language

    for i, word in enumerate(words):
        if word == "--":
            break
        value = word.partition("=")[2] if word.startswith("--lang=") else (
            words[i + 1] if word == "--lang" and i + 1 < len(words) else None)
        if value is not None:
            return normalize_language(value) or "en"
    return language_from_environment()


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    words = list(sys.argv[1:] if argv is None else argv)
    # --help and usage errors come before the settings: speak the language asked for already.
    set_language(_language_before_parsing(words))
    install_argparse_messages()
    parser = build_parser()
    # Everything after "--" is the alembic command line of ``run``, options and all.
    alembic_argv = None
    if "--" in words:
        cut = words.index("--")
        words, alembic_argv = words[:cut], words[cut + 1:]
    try:
        args = parser.parse_args(words)
        args.alembic_argv = alembic_argv
        if alembic_argv is not None and args.command != "run":
            parser.error(_("only `run` takes a command after --"))
    except SystemExit as exit_:  # argparse: --help, --version, or bad usage (code 2)
        return int(exit_.code or 0)
    try:
        settings = _settings(args)
        set_language(settings.lang)
        return COMMANDS[args.command](args, settings, out)
    except KeyboardInterrupt:
        sys.stderr.write("alembic-tutorial: interrupted\n")
        return 130
    except Exception as exc:  # noqa: BLE001 - turned into one clear line, never a traceback
        return _report(exc)


def _report(exc: Exception) -> int:
    from tutorial.engine.errors import BadInput, EngineError

    first = str(exc).strip().splitlines()
    reason = " ".join(first[:1]) or type(exc).__name__
    from tutorial.progress import ProgressError

    if isinstance(exc, (UsageError, BadInput, ProgressError)):
        detail = str(exc).strip()
        sys.stderr.write(f"alembic-tutorial: {detail}\n" if "\n" in detail and
                         "has errors" in detail else f"alembic-tutorial: {reason}\n")
        return EXIT_USAGE
    if isinstance(exc, EngineError):
        sys.stderr.write(f"alembic-tutorial: {reason}\n")
        return EXIT_NOT_SO
    if isinstance(exc, (FileNotFoundError, PermissionError, IsADirectoryError)):
        sys.stderr.write(f"alembic-tutorial: {reason}\n")
        return EXIT_USAGE
    sys.stderr.write(f"alembic-tutorial: internal error: {type(exc).__name__}: {reason}\n")
    if _debug():
        import traceback

        traceback.print_exception(exc)
    return 3


def _debug() -> bool:
    import os

    return bool(os.environ.get("ALEMBIC_TUTORIAL_DEBUG"))


if __name__ == "__main__":
    raise SystemExit(main())
