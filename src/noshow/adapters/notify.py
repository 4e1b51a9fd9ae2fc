"""Desktop notifications through the platform's own command, never a shell.

Linux (and the BSDs): ``notify-send``; macOS: ``osascript`` (``display notification``);
Windows: a PowerShell toast, else ``msg``. The text is passed as arguments or environment
variables, never spliced into a command line a shell would read (AppleScript gets it escaped
as a string literal). Where none of these exists the caller gets the reason, to print.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence

#: Runs a command: ``run(argv, env)`` -> exit status (tests replace it).
Runner = Callable[[Sequence[str], dict[str, str] | None], int]

#: A PowerShell toast through the WinRT notification API (Windows 10 and later). The title and
#: body come from environment variables, so no text of an invite is ever parsed as PowerShell.
WINDOWS_TOAST = (
    "[Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications, "
    "ContentType = WindowsRuntime] | Out-Null;"
    "$t = [Windows.UI.Notifications.ToastNotificationManager]::GetTemplateContent("
    "[Windows.UI.Notifications.ToastTemplateType]::ToastText02);"
    "$x = $t.GetElementsByTagName('text');"
    "$x.Item(0).AppendChild($t.CreateTextNode($env:NOSHOW_TITLE)) | Out-Null;"
    "$x.Item(1).AppendChild($t.CreateTextNode($env:NOSHOW_BODY)) | Out-Null;"
    "[Windows.UI.Notifications.ToastNotificationManager]::CreateToastNotifier('noshow')"
    ".Show([Windows.UI.Notifications.ToastNotification]::new($t))"
)


def _run(argv: Sequence[str], env: dict[str, str] | None) -> int:
    try:
        result = subprocess.run(  # noqa: S603 (a fixed program; the text is data, not a command)
            list(argv),
            env=None if env is None else {**os.environ, **env},
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return 127
    return result.returncode


def applescript_string(text: str) -> str:
    """``text`` as an AppleScript string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def commands(platform: str, title: str, body: str) -> list[tuple[list[str], dict[str, str] | None]]:
    """The commands to try, in order, on ``platform`` (``sys.platform`` values)."""
    if platform == "darwin":
        script = f"display notification {applescript_string(body)} with title {applescript_string(title)}"
        return [(["osascript", "-e", script], None)]
    if platform == "win32":
        env = {"NOSHOW_TITLE": title, "NOSHOW_BODY": body}
        toast = ["powershell", "-NoProfile", "-NonInteractive", "-Command", WINDOWS_TOAST]
        return [(toast, env), (["msg", "*", f"{title}\n{body}"], None)]
    return [(["notify-send", "--app-name=noshow", title, body], None)]


def notify(
    title: str,
    body: str,
    platform: str | None = None,
    run: Runner | None = None,
    which: Callable[[str], str | None] | None = None,
) -> str | None:
    """Show a notification; None when shown, else why not (one sentence, to print)."""
    platform = platform or sys.platform
    run = run or _run
    which = which or shutil.which
    missing: list[str] = []
    failed: list[str] = []
    for argv, env in commands(platform, title, body):
        program = which(argv[0])
        if program is None:
            missing.append(argv[0])
            continue
        if run([program, *argv[1:]], env) == 0:
            return None
        failed.append(argv[0])
    if failed:
        return f"{' and '.join(failed)} could not show the notification"
    names = " or ".join(missing)
    return f"no desktop notifications here ({names} not found); use --email or read the output"
