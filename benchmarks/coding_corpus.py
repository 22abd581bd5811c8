"""Import and analyse a large coded interview project (issue: coding imports and qualitative analysis).

The project: 500 interviews of about 12,000 characters each, 30 codes (5 categories of 6),
2 coders, 50,000 coded segments in all, written as a REFI-QDA ``.qdpx`` (project.qde + one
UTF-8 source per interview) into a temporary folder with a fixed seed. Steps, each timed
after the previous one: wall time of one run, then the peak of memory allocated by Python
during a second run (``tracemalloc``, NumPy and pandas included):

1. ``read_coding`` (unzip in memory, parse the XML with defusedxml, check every offset);
2. ``code_frequencies`` by actor group;
3. ``code_cooccurrence`` by overlap, and by proximity (100 characters);
4. ``segment_agreement`` of the two coders (character level, segment level, alpha).

Usage::

    python benchmarks/coding_corpus.py [--documents 500] [--segments 50000]
        [--json benchmarks/results/coding_corpus.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
import tracemalloc
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np

WORDS = ("Verwaltung Bürgerinnen Nachbarschaft Augenhöhe Projekt Sitzung Vertrauen Budget Quartier "
         "Ergebnis gemeinsam offen schwierig Zeit Rathaus Verein Idee Transfer Stadtteil Beteiligung").split()
GROUPS = ("Verwaltung", "Politik", "Wirtschaft", "Wissenschaft", "Zivilgesellschaft")


def _guid(text: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, text))


def write_project(folder: Path, *, documents: int, segments: int, seed: int = 20261126) -> Path:
    """Write the synthetic .qdpx and return its path."""
    rng = np.random.default_rng(seed)
    codes = [(f"Kategorie {c + 1}", [f"Code {c + 1}.{k + 1}" for k in range(6)]) for c in range(5)]
    leaves = [name for _, children in codes for name in children]
    users = {"A": _guid("user/A"), "B": _guid("user/B")}
    per_doc = segments // documents
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<Project xmlns="urn:QDA-XML:project:1.0" name="Benchmark" origin="kosieval benchmark">',
           "  <Users>", *(f'    <User guid="{g}" id="{u}" name="Coder {u}"/>' for u, g in users.items()), "  </Users>",
           "  <CodeBook>", "    <Codes>"]
    for category, children in codes:
        out.append(f'      <Code guid="{_guid(category)}" name="{category}" isCodable="false">')
        out += [f'        <Code guid="{_guid(name)}" name="{name}" isCodable="true"/>' for name in children]
        out.append("      </Code>")
    out += ["    </Codes>", "  </CodeBook>",
            "  <Variables>", f'    <Variable guid="{_guid("var/group")}" name="actor_group" typeOfVariable="Text"/>',
            "  </Variables>", "  <Sources>"]
    texts = {}
    for d in range(documents):
        words = rng.choice(WORDS, size=1500)
        text = " ".join(words) + "\n"
        starts = np.cumsum([0] + [len(w) + 1 for w in words[:-1]])
        doc_guid = _guid(f"doc/{d}")
        texts[doc_guid] = text
        out.append(f'    <TextSource guid="{doc_guid}" name="Interview {d + 1:03d}" '
                   f'plainTextPath="internal://{doc_guid}.txt">')
        for s in range(per_doc):
            coder = "A" if s % 2 == 0 else "B"
            first = int(rng.integers(0, len(words) - 40))
            last = first + int(rng.integers(3, 40))
            start, end = int(starts[first]), int(starts[last] - 1)
            code = leaves[int(rng.integers(0, len(leaves)))]
            out.append(f'      <PlainTextSelection guid="{_guid(f"sel/{d}/{s}")}" startPosition="{start}" '
                       f'endPosition="{end}" creatingUser="{users[coder]}"><Coding guid="{_guid(f"cod/{d}/{s}")}" '
                       f'creatingUser="{users[coder]}"><CodeRef targetGUID="{_guid(code)}"/></Coding>'
                       "</PlainTextSelection>")
        group = GROUPS[d % len(GROUPS)]
        out.append(f'      <VariableValue><VariableRef targetGUID="{_guid("var/group")}"/>'
                   f"<TextValue>{escape(group)}</TextValue></VariableValue>")
        out.append("    </TextSource>")
    out += ["  </Sources>", "</Project>", ""]
    path = folder / "benchmark.qdpx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", "\n".join(out))
        for doc_guid, text in texts.items():
            archive.writestr(f"Sources/{doc_guid}.txt", text)
    return path


def step(name: str, call: Callable[[], object], rows: list[dict[str, object]]) -> object:
    """Run one step twice: timed, then traced for its peak memory (tracing slows Python down); return its result."""
    started = time.perf_counter()
    result = call()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    call()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    rows.append({"step": name, "seconds": round(seconds, 3), "peak_mib": round(peak, 1)})
    print(f"{name:45}  {seconds:>8.2f} s  {peak:>9.1f} MiB")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--segments", type=int, default=50_000)
    parser.add_argument("--json", type=Path, default=Path(__file__).parent / "results" / "coding_corpus.json")
    args = parser.parse_args()

    from kosieval.io.coding import read_coding
    from kosieval.stats import code_cooccurrence, code_frequencies, segment_agreement

    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = write_project(Path(tmp), documents=args.documents, segments=args.segments)
        size = path.stat().st_size
        print(f"{'step':45}  {'wall':>10}  {'peak':>13}   ({size / 2**20:.1f} MiB .qdpx)")
        corpus, log = step("read_coding (.qdpx)", lambda: read_coding(path), rows)  # type: ignore[misc]
    segments = corpus.segments
    documents = corpus.documents
    lengths = documents.set_index("id")["text"].str.len()
    step("code_frequencies by actor_group",
         lambda: code_frequencies(segments, documents=documents, by="actor_group"), rows)
    step("code_cooccurrence overlap", lambda: code_cooccurrence(segments), rows)
    step("code_cooccurrence proximity 100", lambda: code_cooccurrence(segments, mode="proximity", distance=100),
         rows)
    step("segment_agreement (2 coders)", lambda: segment_agreement(segments, document_lengths=lengths), rows)
    result = {
        "benchmark": "import and analyse a coded interview project",
        "project": {"documents": args.documents, "segments": int(len(segments)), "codes": int(len(corpus.codes)),
                    "qdpx_bytes": size, "log_entries": len(log)},
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "steps": rows,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
