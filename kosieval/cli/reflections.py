"""``kosieval reflections [STUDY_DIR]``: the report's modules, what each needs, and which can run for a study."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import click

from kosieval.cli.errors import KosievalCommand
from kosieval.errors import ConfigError, SpecError
from kosieval.io.study import FILE_NOT_READ, check_study
from kosieval.model.study import Study
from kosieval.reflections.registry import REGISTRY, configured_params, keyword_params, module_of, spec_of
from kosieval.reflections.spec import ReflectionSpec, check_requirements

_WIDTH = 100
_WORDS = {
    "de": {"modules": "Reflexionsmodule", "chosen_in": "Auswahl und Reihenfolge in study.yaml: report.reflections",
           "chapter": "Kapitel", "appendix": "Anhang", "needs": "Braucht", "params": "Parameter",
           "none": "keine", "not_declared": "nicht angegeben", "no_description": "ohne Beschreibung",
           "study": "Studie", "can_run": "kann laufen", "cannot_run": "kann nicht laufen, es fehlt",
           "chosen": "in report.reflections gewählt", "not_chosen": "nicht in report.reflections",
           "summary": "{ready} von {total} Modulen können für {study} laufen",
           "chosen_blocked": "gewählt, aber nicht lauffähig: {names} (der Bericht bricht dort ab)",
           "unknown": "unbekannte Module in report.reflections: {names}",
           "unreadable": "Die Studie lässt sich nicht lesen; 'kosieval validate {folder}' zeigt alle Probleme:"},
    "en": {"modules": "Reflection modules", "chosen_in": "chosen and ordered in study.yaml: report.reflections",
           "chapter": "chapter", "appendix": "appendix", "needs": "Needs", "params": "Parameters",
           "none": "none", "not_declared": "not declared", "no_description": "no description",
           "study": "Study", "can_run": "can run", "cannot_run": "cannot run, missing",
           "chosen": "chosen in report.reflections", "not_chosen": "not in report.reflections",
           "summary": "{ready} of {total} modules can run for {study}",
           "chosen_blocked": "chosen but cannot run: {names} (the report stops there)",
           "unknown": "unknown modules in report.reflections: {names}",
           "unreadable": "The study cannot be read; 'kosieval validate {folder}' lists every problem:"},
}


@dataclass(frozen=True)
class ModuleReadiness:
    """Whether one reflection module can run for a study, and everything that keeps it from running.

    Parameters
    ----------
    name
        The module name (as in ``report.reflections``).
    missing
        The module's unmet requirements (its SPEC), in words.
    config_errors
        Problems of the module's configuration: an unknown parameter in ``report.modules``,
        a broken checklist file.
    """

    name: str
    missing: tuple[str, ...] = ()
    config_errors: tuple[ConfigError, ...] = ()

    @property
    def ready(self) -> bool:
        """True when nothing is missing."""
        return not self.missing and not self.config_errors


def module_readiness(study: Study, name: str) -> ModuleReadiness:
    """Check module ``name`` against ``study`` with the parameters study.yaml gives it.

    Parameters
    ----------
    study
        The loaded study.
    name
        A module of :data:`~kosieval.reflections.registry.REGISTRY`.

    Returns
    -------
    ModuleReadiness
        Every unmet requirement and configuration problem, not only the first.

    Raises
    ------
    ConfigError
        When ``name`` is not a known module.
    """
    spec = spec_of(name)
    errors: list[ConfigError] = []
    try:
        params = configured_params(study, name)
    except ConfigError as exc:
        errors.append(exc)
        params = {}
    missing: tuple[str, ...] = ()
    try:
        check_requirements(spec, study, **params)
    except SpecError as exc:
        missing = tuple(exc.missing)
    except ConfigError as exc:
        errors.append(exc)
    return ModuleReadiness(name, missing, tuple(errors))


def _params(name: str, spec: ReflectionSpec) -> dict[str, str | None]:
    """The module's parameters with their descriptions (None where SPEC describes none)."""
    if spec.params is not None:
        return dict(spec.params)
    return {param: None for param in sorted(keyword_params(module_of(name)))}


def _wrap(first: str, text: str) -> list[str]:
    """``first`` followed by ``text``, wrapped at 100 characters, continuation lines aligned under ``text``."""
    return textwrap.wrap(text, width=_WIDTH, initial_indent=first, subsequent_indent=" " * len(first),
                         break_on_hyphens=False) or [first.rstrip()]


def _describe(name: str, lang: str) -> list[str]:
    words = _WORDS[lang]
    spec = spec_of(name)
    lines = [f"{name} – {getattr(spec.title, lang)} ({words[spec.placement]})",
             *_wrap("    ", getattr(spec.description, lang)),
             f"    {words['needs']}:" + ("" if spec.needs else f" ({words['not_declared']})")]
    for need in spec.needs:
        lines += _wrap("      - ", getattr(need, lang))
    params = _params(name, spec)
    lines.append(f"    {words['params']} (report.modules.{name}):" + ("" if params else f" {words['none']}"))
    width = max((len(p) for p in params), default=0)
    for param, text in params.items():
        lines += _wrap(f"      {param.ljust(width)}  ", text or f"({words['no_description']})")
    return lines


def _readiness_lines(readiness: ModuleReadiness, *, chosen: bool, lang: str) -> list[str]:
    words = _WORDS[lang]
    where = words["chosen"] if chosen else words["not_chosen"]
    if readiness.ready:
        return [f"    → {words['can_run']} ({where})"]
    lines = [f"    → {words['cannot_run']} ({where}):"]
    for text in (*readiness.missing, *(_config_error_text(exc) for exc in readiness.config_errors)):
        lines += _wrap("      - ", text)
    return lines


def _config_error_text(exc: ConfigError) -> str:
    """'unknown parameter 'x' for module 'change' (study.yaml: report.modules.change.x; accepted: ...)'."""
    where = "; ".join(part for part in (f"{exc.path or 'study.yaml'}: {exc.key}" if exc.key else "", exc.hint or "")
                      if part)
    return f"{exc.message} ({where})" if where else exc.message


@click.command(cls=KosievalCommand)
@click.argument("study_dir", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True,
              help="Sprache der Beschreibungen / language of the descriptions.")
def reflections(study_dir: Path | None, lang: str) -> None:
    """Berichtsmodule auflisten / list the report's reflection modules.

    Für jedes Modul: Titel, Platz im Bericht (Kapitel oder Anhang), was es zeigt, was es
    braucht und welche Parameter es unter report.modules in study.yaml annimmt. Mit
    STUDY_DIR zusätzlich, welche Module für diese Studie laufen können und was den übrigen
    fehlt.

    For each module: title, place in the report (chapter or appendix), what it shows, what
    it needs and which parameters it accepts under report.modules in study.yaml. With
    STUDY_DIR also which modules can run for that study and what the others are missing.
    """
    words = _WORDS[lang]
    study = None
    if study_dir is not None:
        check = check_study(study_dir)
        if check.study is None:
            click.echo(words["unreadable"].format(folder=study_dir))
            for problem in check.problems:
                line = f", Zeile/line {problem.line}" if problem.line else ""
                key = f", {problem.key}" if problem.key else ""
                click.echo(f"  {problem.file}{line}{key}: {problem.message}")
            for entry in check.log:
                if entry.action == FILE_NOT_READ:
                    click.echo(f"  {entry.file}: {entry.reason}")
            raise SystemExit(1)
        study = check.study
        click.echo(f"{words['study']}: {study.config.study.id} ({study.config.study.city})")
    click.echo(f"{words['modules']} ({len(REGISTRY)}) – {words['chosen_in']}\n")
    ready: dict[str, ModuleReadiness] = {}
    for name in REGISTRY:
        for line in _describe(name, lang):
            click.echo(line)
        if study is not None:
            ready[name] = module_readiness(study, name)
            for line in _readiness_lines(ready[name], chosen=name in study.config.report.reflections, lang=lang):
                click.echo(line)
        click.echo("")
    if study is not None:
        click.echo(words["summary"].format(ready=sum(r.ready for r in ready.values()), total=len(ready),
                                           study=study.config.study.id))
        blocked = [n for n in study.config.report.reflections if n in ready and not ready[n].ready]
        if blocked:
            click.echo(words["chosen_blocked"].format(names=", ".join(blocked)))
        unknown = [n for n in study.config.report.reflections if n not in REGISTRY]
        if unknown:
            click.echo(words["unknown"].format(names=", ".join(unknown)))
