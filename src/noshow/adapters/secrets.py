"""Passwords: from an environment variable, a password command, or the system keyring.

Never from a command-line option, and never printed, logged or put in an exception message.
"""

from __future__ import annotations

import os
import shlex
import subprocess

from noshow.errors import ConfigError


def password(
    env_var: str, command: str | None, keyring_service: str, username: str | None
) -> str | None:
    """The first password found: ``env_var``, then ``command``'s output, then the keyring."""
    value = os.environ.get(env_var)
    if value:
        return value
    if command:
        try:
            result = subprocess.run(  # noqa: S603 (the user's own configured command)
                shlex.split(command), capture_output=True, text=True, timeout=30, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ConfigError(f"password_command could not run ({type(exc).__name__})") from None
        if result.returncode != 0:
            raise ConfigError(f"password_command failed with exit status {result.returncode}")
        lines = result.stdout.splitlines()
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
