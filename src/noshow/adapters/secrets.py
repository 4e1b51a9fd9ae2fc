"""Passwords: from an environment variable, a password command, or the system keyring.

Never from a command-line option, and never printed, logged or put in an exception message.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess

from noshow.errors import ConfigError

#: Seconds a password_command may take (a pinentry prompt included).
COMMAND_TIMEOUT = 30.0


def _run_command(command: str) -> tuple[int, str]:
    """Run the user's password command: (exit status, standard output).

    It starts in a session of its own, so on a timeout the whole process group is killed (a
    ``sh -c 'helper &'`` would otherwise leave the helper running). An unbalanced quote is a
    config error; the command's text is never repeated (it may hold a secret).
    """
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise ConfigError(f"password_command is not a valid command line ({exc})") from None
    if not argv:
        raise ConfigError("password_command is empty")
    try:
        process = subprocess.Popen(  # noqa: S603 (the user's own configured command)
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
    except OSError as exc:
        raise ConfigError(f"password_command could not run ({type(exc).__name__})") from None
    try:
        stdout, _ = process.communicate(timeout=COMMAND_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ConfigError(
            f"password_command did not finish within {COMMAND_TIMEOUT:g} s (stopped)"
        ) from None
    return process.returncode, stdout


def password(
    env_var: str, command: str | None, keyring_service: str, username: str | None
) -> str | None:
    """The first password found: ``env_var``, then ``command``'s output, then the keyring."""
    value = os.environ.get(env_var)
    if value:
        return value
    if command:
        returncode, stdout = _run_command(command)
        if returncode != 0:
            raise ConfigError(f"password_command failed with exit status {returncode}")
        lines = stdout.splitlines()
        if lines and lines[0]:
            return lines[0]
        raise ConfigError("password_command printed nothing")
    if username:
        try:
            import keyring  # optional: pip install 'noshow[keyring]'

            found = keyring.get_password(keyring_service, username)
        except Exception:  # noqa: BLE001 (no keyring package or no usable backend: no password)
            return None
        return found if isinstance(found, str) and found else None
    return None
