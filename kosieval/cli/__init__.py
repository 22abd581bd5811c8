"""The ``kosieval`` command line: one module per command, registered on one click group.

Exit codes (DESIGN.md §8): 0 success, 1 data or configuration problem, 2 usage error.
"""

from __future__ import annotations

import click

from kosieval.cli.codebook import codebook
from kosieval.cli.data import data
from kosieval.cli.example import example
from kosieval.cli.init import init
from kosieval.cli.reflections import reflections
from kosieval.cli.report import report
from kosieval.cli.validate import validate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kosieval")
def cli() -> None:
    """kosieval: Auswertung und Berichte für KoSI-Labs / evaluation reports for KoSI-Labs."""


cli.add_command(codebook)
cli.add_command(data)
cli.add_command(example)
cli.add_command(init)
cli.add_command(reflections)
cli.add_command(report)
cli.add_command(validate)


def main() -> None:
    """Console-script entry point."""
    cli()


__all__ = ["cli", "main"]
