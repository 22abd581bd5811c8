"""The explicit registry of reflection modules, and running them for a study."""

from __future__ import annotations

import inspect
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from types import ModuleType

from kosieval.errors import ConfigError
from kosieval.model.study import Study
from kosieval.present.section import Section
from kosieval.reflections import (
    agreement,
    change,
    collaboration,
    comparison,
    data_quality,
    participation,
    reliability,
    synthesis,
    themes,
    transfer,
)
from kosieval.reflections.spec import ReflectionSpec, check_requirements

#: Module name -> module. Each module has SPEC, analyze(study, **params), present(result, locale).
REGISTRY: dict[str, ModuleType] = {
    "participation": participation,
    "data_quality": data_quality,
    "reliability": reliability,
    "change": change,
    "collaboration": collaboration,
    "synthesis": synthesis,
    "transfer": transfer,
    "comparison": comparison,
    "themes": themes,
    "agreement": agreement,
}


def spec_of(name: str) -> ReflectionSpec:
    """The SPEC of module ``name``; ConfigError listing the known modules otherwise."""
    return module_of(name).SPEC


def module_of(name: str) -> ModuleType:
    """The module called ``name``; ConfigError listing the known modules otherwise."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise ConfigError(f"unbekanntes Reflexionsmodul / unknown reflection module {name!r}",
                          key="report.reflections",
                          hint="known modules: " + ", ".join(REGISTRY)) from None


@dataclass(frozen=True)
class Reflection:
    """One module's unrounded result and its presented section."""

    name: str
    result: object
    section: Section


def configured_params(study: Study, name: str) -> dict[str, object]:
    """The parameters study.yaml gives module ``name`` (``report.modules.<name>``), checked.

    Raises
    ------
    ConfigError
        Naming the unknown parameter and the ones the module accepts.
    """
    params = dict(study.config.report.modules.get(name, {}))
    accepted = keyword_params(module_of(name))
    unknown = [key for key in params if key not in accepted]
    if unknown:
        raise ConfigError(
            f"unbekannter Parameter / unknown parameter {unknown[0]!r} for module {name!r}",
            key=f"report.modules.{name}.{unknown[0]}",
            hint="accepted: " + (", ".join(sorted(accepted)) or "none"))
    return params


def keyword_params(module: ModuleType) -> set[str]:
    """The parameters a module's ``analyze`` takes by keyword (``others`` excepted)."""
    signature = inspect.signature(module.analyze)
    return {p.name for p in signature.parameters.values() if p.kind is p.KEYWORD_ONLY and p.name != "others"}


def analyze(study: Study, name: str, *, others: tuple[Study, ...] = (), **params: object) -> object:
    """Check the module's requirements, then run its ``analyze``.

    Parameters
    ----------
    study
        The loaded study.
    name
        The module name.
    others
        Other cities' studies, for modules that compare cities (their ``analyze`` has an
        ``others`` parameter); ignored by the rest.
    **params
        Passed to the module's ``analyze`` (override study.yaml's ``report.modules``).
    """
    module = module_of(name)
    unknown = sorted(set(params) - keyword_params(module))
    if unknown:
        raise ConfigError(f"Modul / module {name!r}: unbekannte Parameter / unknown parameters: {', '.join(unknown)}",
                          hint="accepted: " + (", ".join(sorted(keyword_params(module))) or "none"))
    merged = {**configured_params(study, name), **params}
    if "others" in inspect.signature(module.analyze).parameters:
        merged["others"] = others
    check_requirements(module.SPEC, study, **merged)
    return module.analyze(study, **merged)


def _present(name: str, result: object, locale: str) -> Section:
    """``present`` of module ``name`` (a top-level function, so a worker process can run it)."""
    return module_of(name).present(result, locale)


def _present_pool() -> ProcessPoolExecutor | None:
    """One forked worker for the modules' ``present`` (charts), or None where fork is unavailable."""
    if "fork" not in multiprocessing.get_all_start_methods() or (os.cpu_count() or 1) < 2:
        return None
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))


def run_reflections(study: Study, *, locale: str, names: tuple[str, ...] | None = None,
                    others: tuple[Study, ...] = (),
                    progress: Callable[[str, str], None] | None = None,
                    parallel: bool = False) -> list[Reflection]:
    """Run the modules the study config chooses (or ``names``), in order.

    Parameters
    ----------
    study
        The loaded study.
    locale
        "de" or "en".
    names
        Modules to run instead of ``report.reflections``.
    others
        Other cities' studies for the city comparison.
    progress
        Called as ``progress("analysis", name)`` before each module runs (for a progress
        display).
    parallel
        Present each module (tables, sentences, charts) in a forked worker process while the
        next module is analysed: about 1 s less for the example report on two cores, the same
        result. Only for single-threaded callers such as the command line: forking a process
        with threads (a Jupyter kernel) can deadlock.

    Raises
    ------
    SpecError
        For the first module whose requirements the study does not meet (listing all of them).
    ConfigError
        For an unknown module or parameter.
    """
    chosen = names or study.config.report.reflections
    for name in chosen:
        configured_params(study, name)
    pool = _present_pool() if parallel and len(chosen) > 1 else None
    pending: list[tuple[str, object, Future[Section] | Section]] = []
    try:
        for name in chosen:
            if progress is not None:
                progress("analysis", name)
            result = analyze(study, name, others=others)
            section = pool.submit(_present, name, result, locale) if pool else _present(name, result, locale)
            pending.append((name, result, section))
        return [Reflection(name, result, section.result() if isinstance(section, Future) else section)
                for name, result, section in pending]
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
