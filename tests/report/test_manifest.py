"""manifest.json: input hashes, versions, stable output."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from kosieval.report.document import ReportDocument
from kosieval.report.manifest import (
    build_manifest,
    collect_versions,
    describe_input,
    sha256_file,
    write_manifest,
)


def test_sha256_of_known_bytes(tmp_path: Path) -> None:
    path = tmp_path / "abc.bin"
    path.write_bytes(b"abc")
    # FIPS 180-2 test vector, and hashlib as the reference
    assert sha256_file(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert sha256_file(path) == hashlib.sha256(b"abc").hexdigest()


def test_sha256_streams_large_files(tmp_path: Path) -> None:
    data = bytes(range(256)) * 9000 + b"tail"  # > 2 chunks of 1 MiB
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    assert sha256_file(path) == hashlib.sha256(data).hexdigest()


def test_sha256_of_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty"
    path.write_bytes(b"")
    assert sha256_file(path) == hashlib.sha256(b"").hexdigest()


def test_describe_input_relative_to_study(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    path = tmp_path / "data" / "t0.csv"
    path.write_bytes(b"id;se1\n1;4\n")
    item = describe_input(path, study_dir=tmp_path)
    assert item.path == "data/t0.csv"
    assert item.size == 11
    assert item.sha256 == hashlib.sha256(b"id;se1\n1;4\n").hexdigest()
    with pytest.raises(ValueError, match="study_dir"):
        describe_input(path, study_dir=tmp_path / "data" / "elsewhere")


def test_collect_versions() -> None:
    versions = collect_versions()
    for name in ("python", "kosieval", "weasyprint", "jinja2", "pandas"):
        assert name in versions
        assert isinstance(versions[name], str) and versions[name]
    assert list(versions) == sorted(versions)
    assert "not-a-real-distribution" not in collect_versions(["not-a-real-distribution"])


def test_build_manifest_keys(document: ReportDocument, tmp_path: Path) -> None:
    manifest = build_manifest(document)
    assert set(manifest) == {
        "format",
        "kind",
        "locale",
        "title",
        "created",
        "kosieval_version",
        "inputs",
        "versions",
        "output",
    }
    assert manifest["created"] == "2026-11-24"
    assert manifest["kosieval_version"] == "0.1.0"
    assert manifest["output"] is None
    paths = [item["path"] for item in manifest["inputs"]]
    assert paths == sorted(paths)
    assert set(manifest["inputs"][0]) == {"path", "sha256", "size"}

    pdf = tmp_path / "bericht.pdf"
    pdf.write_bytes(b"%PDF-1.7 test")
    output = build_manifest(document, output=pdf)["output"]
    assert output == {"file": "bericht.pdf", "sha256": hashlib.sha256(b"%PDF-1.7 test").hexdigest(), "size": 13}
    assert build_manifest(document, output=tmp_path / "not-yet.pdf")["output"] == {"file": "not-yet.pdf"}


def test_write_manifest_is_stable_json(document: ReportDocument, tmp_path: Path) -> None:
    first = write_manifest(document, tmp_path / "manifest.json", output="bericht.pdf")
    text = first.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data == build_manifest(document, output="bericht.pdf")
    assert text == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    second = write_manifest(document, tmp_path / "manifest2.json", output="bericht.pdf")
    assert second.read_bytes() == first.read_bytes()
