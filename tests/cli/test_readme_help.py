"""README.md and `kosieval --help` stay in step.

Every command and option is documented in README.md, and every command README.md names exists.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kosieval.cli import cli

README = Path(__file__).resolve().parents[2] / "README.md"


def _commands(group: click.Group = cli, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], click.Command]:
    """Every command and subcommand of the click group, by its words after `kosieval`."""
    found: dict[tuple[str, ...], click.Command] = {}
    for name, command in sorted(group.commands.items()):
        found[(*path, name)] = command
        if isinstance(command, click.Group):
            found.update(_commands(command, (*path, name)))
    return found


def _long_options(command: click.Command) -> list[str]:
    """The long option names (--jobs, --no-cache), without --help."""
    names = [opt for param in command.params if isinstance(param, click.Option)
             for opt in (*param.opts, *param.secondary_opts) if opt.startswith("--")]
    return [name for name in names if name != "--help"]


def _readme() -> str:
    return README.read_text(encoding="utf-8")


def _table_rows(text: str) -> list[str]:
    """The first cells of the README's Markdown tables."""
    return [line.split("|")[1].strip() for line in text.splitlines() if line.startswith("|")]


def _code(text: str) -> list[str]:
    """Inline code spans and the lines of fenced code blocks, without comments (where commands are written)."""
    fenced = [line.split("#")[0] for block in re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.S | re.M)
              for line in block.splitlines()]
    without_fences = re.sub(r"^```[^\n]*\n.*?^```", "", text, flags=re.S | re.M)
    return fenced + re.findall(r"`([^`\n]+)`", without_fences)


def test_every_command_is_in_the_readme_command_table():
    rows = _table_rows(_readme())
    missing = []
    for path in _commands():
        words = "kosieval " + " ".join(path)
        if not any(re.match(rf"`{re.escape(words)}(\s|`)", row) for row in rows):
            missing.append(words)
    assert not missing, ("README.md's command table has no row `kosieval <command> ...` for: "
                         + ", ".join(missing))


def test_every_option_is_in_the_readme():
    text = _readme()
    commands = {("kosieval",): cli, **{("kosieval", *path): command for path, command in _commands().items()}}
    missing = []
    for path, command in commands.items():
        for option in _long_options(command):
            if not re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text):
                missing.append(f"{' '.join(path)} {option}")
    assert not missing, "README.md does not mention these options: " + ", ".join(missing)


def test_every_command_named_in_the_readme_exists():
    known = _commands()
    unknown = []
    for code in _code(_readme()):
        for match in re.finditer(r"(?<![\w/.-])kosieval((?: [a-z][a-z0-9_-]*)+)", code):
            words = match.group(1).split()
            path: tuple[str, ...] = ()
            for word in words:  # follow subcommands while the command is a group
                if path and not isinstance(known.get(path), click.Group):
                    break
                path = (*path, word)
                if path not in known:
                    unknown.append("kosieval " + " ".join(path))
                    break
    assert not unknown, "README.md names commands that do not exist: " + ", ".join(sorted(set(unknown)))


def test_top_level_help_exits_0_and_lists_every_command():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0, result.output
    for name in cli.commands:
        assert name in result.output


@pytest.mark.parametrize("path", sorted(_commands()), ids=lambda p: " ".join(p))
def test_command_help_exits_0(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage: " in result.output and " ".join(path) in result.output
    assert " / " in result.output  # bilingual help text
