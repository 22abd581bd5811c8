"""Turning kosieval's errors into readable messages and exit code 1."""

from __future__ import annotations

import click

from kosieval.errors import KosievalError


class KosievalCommand(click.Command):
    """A click command whose KosievalErrors print their message and exit with code 1.

    Usage errors stay click's (exit code 2); success is 0 (DESIGN.md §8).
    """

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KosievalError as exc:
            click.echo(f"Fehler / error: {exc}", err=True)
            ctx.exit(1)
