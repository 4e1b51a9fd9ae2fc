"""`noshow rules`: the rule catalogue, and one rule explained."""

from __future__ import annotations

import json

import click

from noshow.cli.options import format_option
from noshow.rules import RULES, find_rule


@click.command("rules")
@click.argument("rule", required=False, metavar="[SLUG|CODE]")
@format_option
def rules_command(rule: str | None, output_format: str) -> None:
    """List every rule, or explain one (what it catches, why it matters, how to fix it).

    \b
    Examples:
      noshow rules
      noshow rules text-time-mismatch
      noshow rules NS104
    """
    chosen = RULES
    if rule is not None:
        found = find_rule(rule)
        if found is None:
            raise click.BadParameter(
                f"no rule {rule!r}; `noshow rules` lists them", param_hint="RULE"
            )
        chosen = (found,)
    if output_format == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "rule": r.slug,
                        "code": r.code,
                        "severity": r.severity.value,
                        "summary": r.summary,
                        "why": r.why,
                        "fix": r.fix,
                        "example": r.example,
                    }
                    for r in chosen
                ],
                indent=2,
            )
        )
        return
    if rule is None:
        width = max(len(r.slug) for r in RULES)
        for r in RULES:
            click.echo(f"{r.code}  {r.slug:<{width}}  {r.severity.value:<7}  {r.summary}")
        return
    r = chosen[0]
    click.echo(f"{r.code} {r.slug} ({r.severity.value})\n")
    click.echo(f"What it catches: {r.summary}\n")
    click.echo(f"Why it matters:  {r.why}\n")
    click.echo(f"Example:         {r.example}\n")
    click.echo(f"Fix:             {r.fix}")
