"""The notebooks in notebooks/: stripped in git, public API only, and they run (nbclient).

The execution tests start an IPython kernel from a kernelspec written into a temporary folder
whose command is *this* interpreter (``sys.executable``), so the notebooks run against the
kosieval under test even when a "python3" kernelspec elsewhere (user folder, system) points to
another Python. Each notebook runs with its working directory, temporary folder, kosieval
cache and IPython profile in ``tmp_path``: nothing is written into the repository or the
user's cache.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import nbformat
import pytest

import kosieval

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
EXPECTED = ["01_umfragedaten.ipynb", "02_interviewcodes.ipynb", "03_berichtsabschnitt.ipynb"]

#: Appended to the executed copy: which Python ran the kernel, and where.
PROBE = "import os, sys\nprint(sys.executable)\nprint(os.getcwd())"


# --- static checks -----------------------------------------------------------------------------


def test_the_three_notebooks_are_there():
    assert [p.name for p in NOTEBOOKS] == EXPECTED


def test_readme_describes_every_notebook():
    readme = (NOTEBOOK_DIR / "README.md").read_text(encoding="utf-8")
    assert [name for name in EXPECTED if name not in readme] == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stripped_and_valid(path: Path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code, "no code cells"
    assert [(cell.id, len(cell.outputs)) for cell in code if cell.outputs] == []
    assert [(cell.id, cell.execution_count) for cell in code if cell.execution_count is not None] == []
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    # As Jupyter writes it (sorted keys, indent 1, trailing newline): saving it again gives no diff.
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert path.read_text(encoding="utf-8") == json.dumps(raw, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _public_modules() -> dict[str, ModuleType]:
    return {name: getattr(kosieval, name) for name in kosieval.__all__
            if isinstance(getattr(kosieval, name), ModuleType)}


def _check_chain(chain: list[str]) -> str | None:
    """None when ``kosieval.<chain>`` is public API, else what is wrong."""
    if not chain:
        return None
    first = chain[0]
    if first not in kosieval.__all__:
        return f"kosieval.{first} is not in kosieval.__all__"
    module = _public_modules().get(first)
    if module is not None and len(chain) > 1 and chain[1] not in module.__all__:
        return f"kosieval.{first}.{chain[1]} is not in kosieval.{first}.__all__"
    return None


def _attribute_chain(node: ast.Attribute) -> tuple[str | None, list[str]]:
    names = []
    current: ast.expr = node
    while isinstance(current, ast.Attribute):
        names.append(current.attr)
        current = current.value
    root = current.id if isinstance(current, ast.Name) else None
    return root, names[::-1]


def non_public_uses(source: str) -> list[str]:
    """What ``source`` (notebook code, IPython magics allowed) uses of kosieval beyond its public API."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    tree = ast.parse("\n".join(lines))
    problems: list[str] = []
    aliases: dict[str, list[str]] = {}  # local name -> kosieval path it stands for
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "kosieval":
                    problems.append(_check_chain(parts[1:]) or "")
                    aliases[alias.asname or "kosieval"] = parts[1:] if alias.asname else []
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "kosieval":
            parts = node.module.split(".")[1:]
            if len(parts) > 1:
                problems.append(f"from {node.module} import …: only kosieval and its public submodules")
                continue
            for alias in node.names:
                problems.append(_check_chain([*parts, alias.name]) or "")
                aliases[alias.asname or alias.name] = [*parts, alias.name]
    inner = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and id(node) not in inner:  # the whole chain a.b.c, once
            root, names = _attribute_chain(node)
            if root in aliases:
                problems.append(_check_chain([*aliases[root], *names]) or "")
    return sorted({p for p in problems if p})


def test_public_api_check_finds_private_uses():
    source = ("%matplotlib inline\nimport kosieval\nimport kosieval as kv\n"
              "from kosieval.io.study import read_study\nfrom kosieval import present\n"
              "kosieval.reflections.themes._private\nkv.stats._private()\nkosieval.stats.cronbach_alpha\n"
              "kosieval.analyze(study, 'change').to_frame()\n")
    assert non_public_uses(source) == [
        "from kosieval.io.study import …: only kosieval and its public submodules",
        "kosieval.present is not in kosieval.__all__",
        "kosieval.reflections is not in kosieval.__all__",
        "kosieval.stats._private is not in kosieval.stats.__all__",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_uses_only_the_public_api(path: Path):
    notebook = nbformat.read(path, as_version=4)
    source = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    assert "import kosieval" in source
    assert non_public_uses(source) == []


def test_stats_is_a_lazy_public_submodule():
    probe = ("import sys, kosieval; before = 'kosieval.stats' in sys.modules; stats = kosieval.stats; "
             "print(before, stats is sys.modules['kosieval.stats'], stats.cronbach_alpha.__module__)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.split() == ["False", "True", "kosieval.stats.reliability"], done.stderr
    assert {"section", "stats"} <= set(kosieval.__all__)


def test_section_presents_a_result(example_study):
    from kosieval.present.section import Section
    from kosieval.reflections import reliability

    result = kosieval.analyze(example_study, "reliability")
    section = kosieval.section(result, locale="en")
    assert isinstance(section, Section)
    assert section == reliability.present(result, "en")
    assert section._repr_html_().startswith(f"<section><h2>{section.title}</h2>")
    with pytest.raises(TypeError, match="not the result of a reflection module: DataFrame; .* reliability"):
        kosieval.section(result.to_frame())


def test_every_module_defines_its_result_type():
    """kosieval.section finds a result's module by the module that defines the result's type."""
    import typing

    from kosieval.reflections.registry import REGISTRY

    elsewhere = {name: typing.get_type_hints(module.analyze)["return"].__module__
                 for name, module in REGISTRY.items()
                 if typing.get_type_hints(module.analyze)["return"].__module__ != module.__name__}
    assert elsewhere == {}


# --- execution ---------------------------------------------------------------------------------


@pytest.fixture()
def run_notebook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Execute a notebook in a kernel of this interpreter; return {cell id: cell} and the probe's lines."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from matplotlib import get_cachedir
    from nbclient import NotebookClient

    font_cache = get_cachedir()  # before XDG_CACHE_HOME moves: keep matplotlib's font cache

    specs = tmp_path / "kernels"
    (specs / "python3").mkdir(parents=True)
    (specs / "python3" / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (kosieval tests)", "language": "python"}), encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("MPLCONFIGDIR", font_cache)
    monkeypatch.delenv("MPLBACKEND", raising=False)

    def run(name: str) -> tuple[dict[str, nbformat.NotebookNode], list[str]]:
        notebook = nbformat.read(NOTEBOOK_DIR / name, as_version=4)
        notebook.cells.append(nbformat.v4.new_code_cell(PROBE, id="test-probe"))
        manager = KernelManager(kernel_name="python3", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(specs)]))
        NotebookClient(notebook, km=manager, kernel_name="python3", timeout=300,
                       resources={"metadata": {"path": str(work)}}).execute()
        cells = {cell.id: cell for cell in notebook.cells if cell.cell_type == "code"}
        probe = text(cells.pop("test-probe")).splitlines()
        assert probe[0] == sys.executable
        assert Path(probe[1]).resolve() == work.resolve()
        return cells, probe

    return run


def text(cell: nbformat.NotebookNode) -> str:
    """Everything a cell printed or returned, as plain text."""
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif "data" in output:
            parts.append(output.data.get("text/plain", ""))
    return "\n".join(parts)


def images(cells: dict[str, nbformat.NotebookNode]) -> list[str]:
    """Ids of the cells that show a figure."""
    return [cell_id for cell_id, cell in cells.items()
            if any("image/png" in output.get("data", {}) for output in cell.outputs)]


@pytest.mark.slow
def test_survey_notebook_runs(run_notebook):
    cells, _ = run_notebook("01_umfragedaten.ipynb")
    # 151 complete T0 responses, 115 at T1 (surveys/example/README.md), 100 linked by their code.
    assert re.search(r"^gesamt\s+151\s+115\s+266$", text(cells["wellen-gruppen"]), re.MULTILINE)
    assert re.search(r"^Zivilgesellschaft\s+70\s+53\s+123$", text(cells["wellen-gruppen"]), re.MULTILINE)
    assert text(cells["panel"]) == "100"
    # The four planted data errors, found by line and column.
    errors = text(cells["protokoll-fehler"])
    planted = [("61", "CODE"), ("112", r"SE\[SQ003\]"), ("6", "VE02"), ("30", "PS01_04")]
    assert [(row, column) for row, column in planted if not re.search(rf"\s{row}\s+{column}\s", errors)] == []
    # it3 is reverse-keyed: negative raw correlation, alpha .76 [.69, .82] after keying (listwise 143 of 151).
    assert re.search(r"^it3\s+-0\.50\s+-0\.49\s+1\.00$", text(cells["roh-korrelation"]), re.MULTILINE)
    assert re.search(r"0\.763\s+0\.687\s+0\.823\s+143\s+151\s+3$", text(cells["alpha"]), re.MULTILINE)
    # The recomputed self-efficacy change: 100 pairs, d_z = 0.401 [0.197, 0.604].
    assert re.search(r"^0\s+100\s+0\.22\s+0\.111\s+0\.328\s+0\.401\s+0\.197\s+0\.604\s", text(cells["nachrechnen"]),
                     re.MULTILINE)
    assert images(cells) == ["verteilung-grafik", "skalenwerte", "forest"]


@pytest.mark.slow
def test_interview_notebook_runs(run_notebook):
    cells, _ = run_notebook("02_interviewcodes.ipynb")
    frequencies = text(cells["code-haeufigkeit"])
    assert frequencies.startswith("Interviews insgesamt: 14\n")
    # Augenhöhe: in 14 of 14 interviews, 19 passages (both coders' overlapping segments merged).
    assert re.search(r"^Augenhöhe\s+Zusammenarbeit\s+14\s+1\.00\s+19$", frequencies, re.MULTILINE)
    assert re.search(r"^Augenhöhe\s+34\s+14\s+1\.00$", text(cells["segmente"]), re.MULTILINE)
    assert re.search(r"^Augenhöhe\s+0\.824\s+0\.893\s+NaN$", text(cells["je-code"]), re.MULTILINE)
    assert "['Augenhöhe'] are present in every one of the 14 documents" in text(cells["warnungen"])
    assert text(cells["ohne-einwilligung"]) == "['Interview 07', 'Interview 10', 'Interview 14']"
    quotes = text(cells["zitate-pruefung"])
    assert re.search(r"^codierte Segmente aus Interviews ohne Einwilligung\s+6$", quotes, re.MULTILINE)
    assert re.search(r"^zitierbare Segmente \(corpus.quotes\)\s+28$", quotes, re.MULTILINE)
    assert re.search(r"^zitierbare Segmente aus Interviews ohne Einwilligung\s+0$", quotes, re.MULTILINE)
    chosen = text(cells["zitate-bericht"])
    assert "Interview 02" in chosen
    assert [name for name in ("Interview 07", "Interview 10", "Interview 14") if name in chosen] == []
    assert images(cells) == ["haeufigkeit-grafik", "kookkurrenz-grafik"]


@pytest.mark.slow
def test_report_section_notebook_runs(run_notebook, tmp_path: Path):
    cells, _ = run_notebook("03_berichtsabschnitt.ipynb")
    assert text(cells["standardwerte"]) == "{'confidence': 0.95, 'p_adjust': 'holm', 'modules': {}}"
    section = cells["abschnitt"].outputs[0].data["text/html"]
    assert section.startswith("<section><h2>Veränderungen von T0 zu T1</h2>")
    assert "95\u00a0%-\u2060KI" in section
    assert text(cells["parameter"]).startswith("Konfidenzniveau: 0.9, Korrektur: bh\n")
    assert "90\u00a0%-\u2060KI" in cells["abschnitt-90"].outputs[0].data["text/html"]
    # study.yaml's report.modules.change gives exactly what the keywords give.
    assert text(cells["kopie-laden"]) == "{'change': {'level': 0.9, 'p_adjust': 'bh'}}\n\nTrue"
    assert "90\u00a0%-\u2060KI" in text(cells["html-kapitel"])
    assert "p (BH)" in text(cells["html-kapitel"])
    html_files = text(cells["html"]).splitlines()
    assert html_files[-1] == "['bericht.css', 'bericht.html', 'bericht.manifest.json']"
    assert Path(html_files[0]).is_relative_to(tmp_path)
    assert text(cells["pdf"]).endswith("\n0")
    assert text(cells["pdf-pruefung"]) == "b'%PDF-'"
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.glob("kosieval-notebook-*/*/bericht.*"))
    assert [p.split("/", 1)[1] for p in written] == [
        "html/bericht.css", "html/bericht.html", "html/bericht.manifest.json",
        "pdf/bericht.manifest.json", "pdf/bericht.pdf"]
    assert os.listdir(tmp_path / "work") == []
