"""``kosieval init DIR --city NAME``: a study folder for a new city."""

from __future__ import annotations

from pathlib import Path

import click

from kosieval.cli.errors import KosievalCommand
from kosieval.scaffold.new_study import DATA_README_FILE, check_city, check_study_id, study_id_for, write_study_folder


def _shell(path: Path) -> str:
    """``path`` as typed in a shell (in double quotes when it holds spaces)."""
    text = click.format_filename(path)
    return f'"{text}"' if any(c.isspace() for c in text) else text


def _city(ctx: click.Context, param: click.Parameter, value: str) -> str:
    try:
        return check_city(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc).removeprefix("city: ")) from None


def _study_id(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return check_study_id(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc).removeprefix("study_id: ")) from None


@click.command(cls=KosievalCommand)
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--city", required=True, callback=_city,
              help="Name der Stadt, z. B. \"Neustadt an der Weinstraße\" / name of the city.")
@click.option("--id", "study_id", callback=_study_id,
              help="Kurzname der Studie (Buchstaben, Ziffern, - _; Standard: aus dem Stadtnamen, "
                   "neustadt-an-der-weinstrasse) / study id (default: made from the city name).")
@click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True,
              help="Sprache der Studie (study.language) und des vorgeschlagenen Berichtsbefehls / the study's "
                   "language and that of the report command suggested.")
@click.option("--force", is_flag=True,
              help="auch in einen nicht leeren Ordner schreiben; vorhandene Dateien bleiben unverändert, "
                   "eine vorhandene study.yaml wird nie überschrieben / also write into a non-empty folder; "
                   "existing files are left unchanged, an existing study.yaml is never overwritten.")
def init(folder: Path, city: str, study_id: str | None, lang: str, force: bool) -> None:
    """Neue Stadt anlegen / create a study folder for a new city in DIR.

    Writes study.yaml (every key explained), the KoSI-Lab instruments (instruments/, to adapt
    item texts), one Markdown text per chapter (texte/), data/ for the exports and a README
    with the next steps. Existing files are never overwritten.
    """
    if study_id is None:
        try:
            study_id = study_id_for(city)
        except ValueError:
            raise click.BadParameter(f"aus {city!r} lässt sich kein Kurzname bilden; --id angeben / no study id "
                                     "can be made from the name; give one with --id", param_hint="--city") from None
    done = write_study_folder(folder, city=city, study_id=study_id, lang=lang, force=force)  # type: ignore[arg-type]
    click.echo(f"Studienordner angelegt / study folder created: {click.format_filename(folder)} "
               f"(Stadt/city: {city}, id: {done.study_id})")
    for name in done.written:
        click.echo(f"  {name.as_posix()}")
    if done.kept:
        click.echo("Schon vorhanden, unverändert / already there, left unchanged:")
        for name in done.kept:
            click.echo(f"  {name.as_posix()}")
    where = _shell(folder)
    report = f"kosieval report {where}" + ("" if lang == "de" else f" --lang {lang}")
    click.echo("\nNächste Schritte / next steps:")
    click.echo(f"  1. Exporte nach {_shell(folder / 'data')} legen (welche: {_shell(folder / DATA_README_FILE)}) / "
               "put your exports into data/")
    click.echo(f"  2. In {_shell(folder / 'study.yaml')} je Befragung das mapping ausfüllen (Hilfe: kosieval "
               f"codebook draft {_shell(folder / 'data' / '<export>')}) / fill in each survey's mapping")
    click.echo(f"  3. kosieval validate {where}")
    click.echo(f"  4. {report}")
