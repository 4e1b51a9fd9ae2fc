"""Sending a draft through your SMTP server: TLS verified, password from a safe source."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from noshow.adapters.secrets import password
from noshow.config import SmtpSettings
from noshow.errors import NoshowError

PASSWORD_ENV = "NOSHOW_SMTP_PASSWORD"  # noqa: S105 (the variable's name, not a password)


class SendFailed(NoshowError):
    """The message could not be sent (the draft is still written where it was asked to be)."""


def _context(settings: SmtpSettings) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(settings.ca_file) if settings.ca_file else None)
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    return context


def send(message: EmailMessage, settings: SmtpSettings) -> None:
    """Send ``message``; SendFailed with a clear reason (never the password) when it fails."""
    where = f"{settings.host}:{settings.port}"
    if settings.security == "plain" and settings.host not in ("127.0.0.1", "localhost", "::1"):
        raise SendFailed(
            f"{where}: refusing to send without TLS to another machine (security = plain)"
        )
    secret = password(PASSWORD_ENV, settings.password_command, "noshow-smtp", settings.username)
    try:
        if settings.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout, context=_context(settings)
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        with client:
            if settings.security == "starttls":
                client.starttls(context=_context(settings))
            if settings.username:
                if secret is None:
                    raise SendFailed(
                        f"{where}: no password for {settings.username}: set {PASSWORD_ENV}, "
                        "[smtp] password_command, or store it in the system keyring"
                    )
                client.login(settings.username, secret)
            client.send_message(message)
    except SendFailed:
        raise
    except ssl.SSLError as exc:
        raise SendFailed(
            f"{where}: TLS failed ({exc.reason or 'certificate not trusted'}); check ca_file"
        ) from None
    except smtplib.SMTPAuthenticationError:
        raise SendFailed(f"{where}: the server refused the username or password") from None
    except smtplib.SMTPException as exc:
        raise SendFailed(
            f"{where}: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}"
        ) from None
    except (TimeoutError, OSError) as exc:
        raise SendFailed(
            f"{where}: cannot connect ({exc.strerror or type(exc).__name__})"
        ) from None
