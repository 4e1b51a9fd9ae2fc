"""The public API: every exported name resolves, documents itself, and `import noshow` is light."""

from __future__ import annotations

import inspect
import subprocess
import sys

import noshow


def test_every_exported_name_resolves_and_has_a_docstring() -> None:
    for name in noshow.__all__:
        value = getattr(noshow, name)
        if name in ("__version__", "RULES"):
            continue
        if inspect.isfunction(value) or inspect.isclass(value):
            assert inspect.getdoc(value), f"noshow.{name} has no docstring"


def test_the_commands_and_the_api_share_one_function_per_write() -> None:
    import noshow.app
    import noshow.cli.import_cmd
    import noshow.cli.remind
    import noshow.cli.sync

    assert noshow.cli.remind.remind is noshow.remind
    assert noshow.cli.import_cmd.import_invites is noshow.import_invites
    # sync (and daily) remind through remind_calendars, which calls noshow.remind per writer.
    assert noshow.cli.sync.remind_calendars is noshow.app.remind_calendars


def test_importing_noshow_loads_no_heavy_library() -> None:
    code = (
        "import sys, noshow; heavy = {'jinja2', 'caldav', 'holidays', 'lxml', 'rich', 'icalendar'};"
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_cli_modules_do_not_import_each_other() -> None:
    from pathlib import Path

    folder = Path(noshow.__file__).parent / "cli"
    # A command module defines a command; the others (options, shared, output, slot_request)
    # are helpers every command may use.
    commands = {
        p.stem for p in folder.glob("*.py") if "@click.command(" in p.read_text(encoding="utf-8")
    }
    for path in folder.glob("*.py"):
        if path.stem == "main":
            continue  # the group: it registers every command
        text = path.read_text(encoding="utf-8")
        for other in commands - {path.stem}:
            assert f"noshow.cli.{other} import" not in text, f"{path.name} imports cli/{other}.py"
