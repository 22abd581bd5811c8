"""The explicit registry of reflection modules, and running them for a study."""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from kosieval.errors import ConfigError
from kosieval.model.study import Study
from kosieval.present.section import Section
from kosieval.reflections import change, reliability
from kosieval.reflections.spec import ReflectionSpec, check_requirements

#: Module name -> module. Each module has SPEC, analyze(study, **params), present(result, locale).
REGISTRY: dict[str, ModuleType] = {
    "reliability": reliability,
    "change": change,
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


def analyze(study: Study, name: str, **params: object) -> object:
    """Check the module's requirements, then run its ``analyze``."""
    module = module_of(name)
    check_requirements(module.SPEC, study, **params)
    return module.analyze(study, **params)


def run_reflections(study: Study, *, locale: str, names: tuple[str, ...] | None = None) -> list[Reflection]:
    """Run the modules the study config chooses (or ``names``), in order.

    Raises
    ------
    SpecError
        For the first module whose requirements the study does not meet (listing all of them).
    """
    chosen = names or study.config.report.reflections
    for name in chosen:
        module_of(name)
    out = []
    for name in chosen:
        result = analyze(study, name)
        out.append(Reflection(name, result, module_of(name).present(result, locale)))
    return out
