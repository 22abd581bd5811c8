"""Turning pydantic's validation errors into ConfigErrors a researcher can act on.

The message names the file and the dotted key (``surveys.0.format``), says what is wrong
and what is allowed (the literal values, or the keys allowed where an unknown key stands).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from kosieval.errors import ConfigError


def _model_at(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_at(arg)
        if found is not None:
            return found
    return None


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed in the mapping at ``loc``."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return []
        if isinstance(part, int) or part not in current.model_fields:
            continue
        current = _model_at(current.model_fields[part].annotation)
    return list(current.model_fields) if current is not None else []


def describe_error(err: dict[str, Any]) -> str:
    """One pydantic error in words (German / English)."""
    kind = err["type"]
    if kind == "missing":
        return "fehlt / is missing"
    if kind == "extra_forbidden":
        return "ist kein erlaubter Schlüssel / is not an allowed key"
    if kind == "literal_error":
        return (f"{err.get('input')!r} ist nicht erlaubt / is not allowed; "
                f"erlaubt / allowed: {err['ctx']['expected']}")
    return f"{err['msg']} (Wert / value {err.get('input')!r})"


def config_error(exc: PydanticValidationError, *, model: type[BaseModel], path: Path | str) -> ConfigError:
    """Build the ConfigError for ``exc``: the first problem in front, all others listed.

    Parameters
    ----------
    exc
        What pydantic raised.
    model
        The schema that was validated (to list allowed keys).
    path
        The file, for the message.
    """
    errors = exc.errors()
    # A list whose only entry failed is also reported as "too short"; that says nothing new.
    nested = {tuple(e["loc"][:i]) for e in errors for i in range(len(e["loc"]))}
    errors = [e for e in errors if not (e["type"] == "too_short" and tuple(e["loc"]) in nested)]
    first = errors[0]
    key = ".".join(str(p) for p in first["loc"])
    hint = None
    if first["type"] == "extra_forbidden":
        allowed = _allowed_keys(model, tuple(first["loc"][:-1]))
        if allowed:
            hint = "erlaubte Schlüssel / allowed keys: " + ", ".join(allowed)
    elif first["type"] == "missing":
        hint = "add the key; see surveys/example/study.yaml for a complete example"
    others = [f"{'.'.join(str(p) for p in e['loc'])}: {describe_error(e)}" for e in errors[1:]]
    message = describe_error(first)
    if others:
        message += "\n  weitere Probleme / further problems:\n    " + "\n    ".join(others)
    return ConfigError(message, path=path, key=key, hint=hint)
