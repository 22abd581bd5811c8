"""The researchers' Markdown texts: sandboxed key figures in, sanitised HTML out.

A study names a folder of texts in ``report.texts`` (relative to the study folder, e.g.
``texte``). What it may hold:

``<module>.md``
    Interpretation of a module's chapter, shown after the module's tables and figures under
    the sub-heading "Einordnung" / "Interpretation" (only for modules that ran).
``summary.md``
    The executive summary's text, before the key findings.
``recommendations.md``
    The chapter "Empfehlungen" / "Recommendations" after the module chapters (also in the
    transfer report); its first list, shortened, closes the executive summary.
``methods.md``
    Appended to the methods chapter.

The English report reads ``<name>.en.md`` where it exists and falls back to the German
``<name>.md``. Other files in the folder are ignored.

Each file is first a Jinja2 template, rendered in a
:class:`jinja2.sandbox.SandboxedEnvironment` with ``StrictUndefined`` and a fixed namespace
(see :func:`text_namespace`)::

    Die Selbstwirksamkeit stieg (d_z = {{ change.d_z_self_efficacy }},
    n = {{ change.n_pairs_self_efficacy }} Paare) in {{ study.city }}.

An unknown name, a syntax error or a reach for unsafe attributes is a
:class:`~kosieval.errors.ConfigError` naming the file and line and listing the names
available. The result is then Markdown (CommonMark, markdown-it-py) with raw HTML switched
off, so markup typed into a text shows as text; headings are shifted so that ``#`` becomes
``<h3>`` (texts never break the report's outline); links are kept (markdown-it drops
``javascript:``, ``file:`` and ``data:`` links); images may only be relative paths that stay
inside the texts folder. WeasyPrint's :class:`~kosieval.report.fetcher.SafeURLFetcher` is the
second wall: it reads nothing outside the folders it is given.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import unquote, urlsplit

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markdown_it import MarkdownIt
from markdown_it.token import Token

from kosieval.errors import ConfigError
from kosieval.model.study import Study
from kosieval.present.section import Section
from kosieval.report.document import HtmlText
from kosieval.report.labels import format_count, format_long_date

#: The fixed texts besides the module texts.
SUMMARY = "summary"
RECOMMENDATIONS = "recommendations"
METHODS = "methods"
FIXED_TEXTS: tuple[str, ...] = (SUMMARY, RECOMMENDATIONS, METHODS)

#: Headings in a text start at this HTML level (``#`` -> h3).
HEADING_OFFSET = 2
#: Largest string or list a text template may build with ``*`` (characters or items).
MAX_REPEAT = 10_000
#: Largest exponent of ``**`` in a text template.
MAX_EXPONENT = 100

_BOLD_LEAD_RE = re.compile(r"\s+")


# --------------------------------------------------------------------------- the sandbox


class _TextSandbox(SandboxedEnvironment):
    """The sandbox of :class:`SandboxedEnvironment`, also refusing huge ``*`` and ``**`` results."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
                raise jinja2.exceptions.SecurityError(f"exponent {right!r} is larger than {MAX_EXPONENT}")
        elif operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(count, int) and len(seq) * count > MAX_REPEAT:
                    raise jinja2.exceptions.SecurityError(f"repeating a sequence to more than {MAX_REPEAT} items")
        return super().call_binop(context, operator, left, right)


def _environment(path: Path, source: str) -> _TextSandbox:
    """A fresh sandbox whose only template is ``source``, named after its file (for tracebacks)."""
    filename = str(path)
    return _TextSandbox(
        loader=jinja2.FunctionLoader(lambda name: (source, filename, lambda: True) if name == filename else None),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )


# --------------------------------------------------------------------------- namespace


def text_namespace(study: Study, sections: Iterable[Section], *, locale: str) -> dict[str, Mapping[str, str]]:
    """The names a text may cite, each a read-only mapping of formatted strings.

    Parameters
    ----------
    study
        The loaded study.
    sections
        The sections of the modules that ran.
    locale
        ``"de"`` or ``"en"`` (dates and counts are formatted for it).

    Returns
    -------
    dict
        ``<module name>``
            That module's ``Section.key_figures`` (``{{ change.d_z_self_efficacy }}``).
        ``study``
            ``title``, ``city``, ``lab`` (the city when not given), ``institution``,
            ``authors`` (joined: "A, B und C" / "A, B and C"), ``date`` (the report date,
            long form), ``test_phase_start`` and ``test_phase_end`` (long form, empty when
            the study has no test phase).
        ``n``
            Per survey id of study.yaml the number of valid responses
            (``{{ n.participants_t0 }}``).
    """
    info = study.config.study
    de = locale.startswith("de")
    start, end = (format_long_date(d, locale=locale) for d in info.test_phase) if info.test_phase else ("", "")
    authors = list(info.authors)
    joined = (", ".join(authors[:-1]) + (" und " if de else " and ") + authors[-1]) if len(authors) > 1 else (
        authors[0] if authors else "")
    namespace: dict[str, Mapping[str, str]] = {}
    for section in sections:
        namespace[section.id] = MappingProxyType(dict(section.key_figures))
    namespace["study"] = MappingProxyType({
        "title": info.title.get(locale),
        "city": info.city,
        "lab": info.lab or info.city,
        "institution": info.institution or "",
        "authors": joined,
        "date": format_long_date(info.date, locale=locale),
        "test_phase_start": start,
        "test_phase_end": end,
    })
    namespace["n"] = MappingProxyType({key: format_count(survey.n, locale=locale)
                                       for key, survey in study.surveys.items()})
    return namespace


def available_names(namespace: Mapping[str, Mapping[str, str]]) -> tuple[str, ...]:
    """Every ``name.key`` a text may cite, sorted (for error messages).

    Parameters
    ----------
    namespace
        From :func:`text_namespace`.

    Returns
    -------
    tuple[str, ...]
    """
    return tuple(sorted(f"{name}.{key}" for name, values in namespace.items() for key in values))


# --------------------------------------------------------------------------- rendering


def _template_line(exc: BaseException, filename: str) -> int | None:
    """The template line of the innermost traceback frame that belongs to ``filename``."""
    lines = [frame.lineno for frame in traceback.extract_tb(exc.__traceback__) if frame.filename == filename]
    return lines[-1] if lines else None


def _text_error(message: str, *, path: Path, line: int | None, hint: str, shown: str | None) -> ConfigError:
    where = f"Zeile/line {line}: " if line is not None else ""
    error = ConfigError(where + message, path=shown or str(path), hint=hint)
    error.line = line  # type: ignore[attr-defined]  # ConfigError has no line of its own
    return error


def _hint(namespace: Mapping[str, Mapping[str, str]]) -> str:
    names = available_names(namespace)
    return "available names: " + (", ".join(names) if names else "none")


def fill_template(source: str, namespace: Mapping[str, Mapping[str, str]], *, path: Path,
                  shown: str | None = None) -> str:
    """Render a text's Jinja2 placeholders in the sandbox.

    Parameters
    ----------
    source
        The file's text.
    namespace
        From :func:`text_namespace`.
    path
        The file (named in errors; used as the template's name).
    shown
        How to name the file in messages (default: ``path``).

    Returns
    -------
    str
        The Markdown with the key figures filled in.

    Raises
    ------
    ConfigError
        For a syntax error, an unknown name or attribute, or an unsafe operation, naming the
        file and the line and listing the names available.
    """
    filename = str(path)
    env = _environment(path, source)
    try:
        return env.get_template(filename).render(**namespace)
    except jinja2.TemplateSyntaxError as exc:
        raise _text_error(f"Vorlagenfehler / template syntax error: {exc.message}", path=path, line=exc.lineno,
                          hint="placeholders look like {{ change.d_z_self_efficacy }}; " + _hint(namespace),
                          shown=shown) from None
    except jinja2.UndefinedError as exc:
        raise _text_error(f"unbekannter Name / unknown name: {exc.message}", path=path,
                          line=_template_line(exc, filename), hint=_hint(namespace), shown=shown) from None
    except jinja2.exceptions.SecurityError as exc:
        raise _text_error(f"nicht erlaubt / not allowed in a text: {exc}", path=path,
                          line=_template_line(exc, filename), hint=_hint(namespace), shown=shown) from None
    except jinja2.TemplateError as exc:
        raise _text_error(f"Vorlagenfehler / template error: {exc}", path=path,
                          line=_template_line(exc, filename), hint=_hint(namespace), shown=shown) from None
    except (TypeError, ValueError, ArithmeticError, AttributeError, IndexError, KeyError) as exc:
        raise _text_error(f"Fehler in der Vorlage / error in the template: {exc.__class__.__name__}: {exc}",
                          path=path, line=_template_line(exc, filename), hint=_hint(namespace),
                          shown=shown) from None


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False})


def _image_uri(src: str, *, texts_dir: Path, path: Path, line: int | None, shown: str | None) -> str:
    """The file URI of an image inside the texts folder; ConfigError for anything else."""
    parts = urlsplit(src)
    hint = ("images must be files inside the texts folder, given as relative paths "
            f"(e.g. ![Foto](bilder/workshop.png)); texts folder: {texts_dir}")
    if parts.scheme or parts.netloc or src.startswith(("/", "\\")) or not parts.path:
        raise _text_error(f"Bild nicht erlaubt / image not allowed: {src}", path=path, line=line, hint=hint,
                          shown=shown)
    root = texts_dir.resolve()
    target = (root / unquote(parts.path)).resolve()
    if not target.is_relative_to(root):
        raise _text_error(f"Bild außerhalb des Textordners / image outside the texts folder: {src}", path=path,
                          line=line, hint=hint, shown=shown)
    if not target.is_file():
        raise _text_error(f"Bilddatei fehlt / image file not found: {src}", path=path, line=line, hint=hint,
                          shown=shown)
    return target.as_uri()


def _inline_text(token: Token) -> str:
    """The plain text of an inline token (text, code, line breaks)."""
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return _BOLD_LEAD_RE.sub(" ", "".join(parts)).strip()


def _bold_lead(token: Token) -> str | None:
    """The text of a leading ``**bold**`` span of an inline token, if it starts with one."""
    children = [c for c in (token.children or ()) if not (c.type == "text" and not c.content.strip())]
    if not children or children[0].type != "strong_open":
        return None
    parts: list[str] = []
    for child in children[1:]:
        if child.type == "strong_close":
            return _BOLD_LEAD_RE.sub(" ", "".join(parts)).strip() or None
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return None


def list_points(tokens: Sequence[Token]) -> tuple[str, ...]:
    """The short form of the first list in parsed Markdown, one string per top-level item.

    Per item: its leading bold span (``1. **Früh die Verwaltung einbinden.** Weil ...``
    gives "Früh die Verwaltung einbinden."), otherwise the text of its first paragraph.

    Parameters
    ----------
    tokens
        markdown-it block tokens.

    Returns
    -------
    tuple[str, ...]
        Plain text (escaped when rendered); empty when the text has no list.
    """
    points: list[str] = []
    depth = 0
    item_open = False
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            if depth == 0:
                break
        elif token.type == "list_item_open" and depth == 1:
            item_open = True
        elif token.type == "inline" and item_open and depth == 1:
            text = _bold_lead(token) or _inline_text(token)
            if text:
                points.append(text)
            item_open = False
    return tuple(points)


def markdown_to_html(text: str, *, path: Path, texts_dir: Path, shown: str | None = None) -> HtmlText:
    """Turn Markdown into a sanitised HTML fragment.

    Parameters
    ----------
    text
        Markdown (CommonMark); raw HTML in it is shown as text.
    path
        The file it came from (for messages).
    texts_dir
        The texts folder; images must be files inside it.
    shown
        How to name the file in messages and in :attr:`HtmlText.source` (default: ``path``).

    Returns
    -------
    HtmlText
        With headings shifted (``#`` -> h3, deepest h6), image sources turned into ``file:``
        URIs of the checked files, and the short form of the first list.

    Raises
    ------
    ConfigError
        For an image that is not a relative path to a file inside the texts folder, naming
        the file and line.
    """
    md = _markdown()
    env: dict[str, Any] = {}
    tokens = md.parse(text, env)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = int(token.tag[1:])
            token.tag = f"h{min(level + HEADING_OFFSET, 6)}"
        if token.type == "inline":
            lines = token.content.split("\n")
            for child in _walk(token.children or ()):
                if child.type == "image":
                    src = str(child.attrGet("src") or "")
                    # the block's first line, plus the line inside the block that names the image
                    inside = next((i for i, text in enumerate(lines) if src in text), 0)
                    line = token.map[0] + 1 + inside if token.map else None
                    child.attrSet("src", _image_uri(src, texts_dir=texts_dir, path=path, line=line, shown=shown))
    html = md.renderer.render(tokens, md.options, env)
    return HtmlText(html=html.strip(), source=shown or str(path), points=list_points(tokens))


def _walk(tokens: Iterable[Token]) -> Iterable[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def render_text(path: Path, namespace: Mapping[str, Mapping[str, str]], *, texts_dir: Path,
                shown: str | None = None) -> HtmlText:
    """Read one text file, fill in its key figures and render it to HTML.

    Parameters
    ----------
    path
        The Markdown file (UTF-8).
    namespace
        From :func:`text_namespace`.
    texts_dir
        The texts folder (images must stay inside it).
    shown
        How to name the file in messages (default: ``path``).

    Returns
    -------
    HtmlText

    Raises
    ------
    ConfigError
        For a file that is not UTF-8, a template error or a forbidden image.
    """
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"Text ist kein UTF-8 / text is not UTF-8 (byte {exc.start})", path=shown or str(path),
                          hint="save the file as UTF-8") from None
    filled = fill_template(source, namespace, path=path, shown=shown)
    return markdown_to_html(filled, path=path, texts_dir=texts_dir, shown=shown)


# --------------------------------------------------------------------------- the folder


def texts_folder(study: Study) -> Path | None:
    """The study's texts folder, or None when ``report.texts`` is not set.

    Raises
    ------
    ConfigError
        When the folder does not exist or lies outside the study folder.
    """
    name = study.config.report.texts
    if name is None:
        return None
    config_file = study.folder / "study.yaml"
    folder = (study.folder / name).resolve()
    if not folder.is_relative_to(study.folder.resolve()):
        raise ConfigError(f"der Textordner liegt außerhalb des Studienordners / the texts folder {name!r} lies "
                          "outside the study folder", path=config_file, key="report.texts",
                          hint="give a folder inside the study folder, e.g. 'texte'")
    if not folder.is_dir():
        raise ConfigError(f"Textordner fehlt / texts folder not found: {name!r}", path=config_file,
                          key="report.texts", hint=f"create {study.folder / name} or remove report.texts")
    return folder


def find_text(folder: Path, name: str, *, locale: str) -> Path | None:
    """The file of text ``name`` for ``locale``: ``<name>.en.md`` for English if present, else ``<name>.md``.

    Parameters
    ----------
    folder
        The texts folder.
    name
        A module name or one of :data:`FIXED_TEXTS`.
    locale
        ``"de"`` or ``"en"``.

    Returns
    -------
    Path or None
        None when there is no such text.
    """
    candidates = [folder / f"{name}.md"]
    if not locale.startswith("de"):
        candidates.insert(0, folder / f"{name}.{locale[:2]}.md")
    return next((c for c in candidates if c.is_file()), None)


@dataclass(frozen=True)
class Texts:
    """The rendered texts of one report.

    Parameters
    ----------
    modules
        Module name -> its interpretation text.
    summary, recommendations, methods
        The fixed texts, where present.
    files
        Every file read (for the provenance).
    """

    modules: Mapping[str, HtmlText]
    summary: HtmlText | None = None
    recommendations: HtmlText | None = None
    methods: HtmlText | None = None
    files: tuple[Path, ...] = ()


def load_texts(study: Study, sections: Sequence[Section], *, locale: str) -> Texts:
    """Read and render every text of the study that the report uses.

    Parameters
    ----------
    study
        The loaded study (``report.texts`` names the folder).
    sections
        The sections of the modules that ran (their key figures form the namespace; a text
        is read for each of them).
    locale
        ``"de"`` or ``"en"``.

    Returns
    -------
    Texts
        Empty when the study has no texts folder.

    Raises
    ------
    ConfigError
        For a missing folder or a broken text (naming file and line).
    """
    folder = texts_folder(study)
    if folder is None:
        return Texts(modules=MappingProxyType({}))
    namespace = text_namespace(study, sections, locale=locale)
    root = study.folder.resolve()
    files: list[Path] = []

    def render(name: str) -> HtmlText | None:
        path = find_text(folder, name, locale=locale)
        if path is None:
            return None
        resolved = path.resolve()
        shown = resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else str(path)
        files.append(path)
        rendered = render_text(path, namespace, texts_dir=folder, shown=shown)
        return rendered if rendered.html.strip() else None  # an untouched text (only a {# #} comment) adds nothing

    modules = {}
    for section in sections:
        if section.id in FIXED_TEXTS:
            continue
        rendered = render(section.id)
        if rendered is not None:
            modules[section.id] = rendered
    summary = render(SUMMARY)
    recommendations = render(RECOMMENDATIONS)
    methods = render(METHODS)
    return Texts(modules=MappingProxyType(modules), summary=summary, recommendations=recommendations,
                 methods=methods, files=tuple(files))
