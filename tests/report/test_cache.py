"""The analysis cache: a rebuild with unchanged data skips the modules; data changes invalidate it."""

from __future__ import annotations

import shutil

import pytest

import kosieval
from kosieval._resources import example_study_dir
from kosieval.report import build
from kosieval.report.cache import cache_key, load_cached, store_cached


@pytest.fixture(scope="module")
def study_copy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cache") / "study"
    shutil.copytree(example_study_dir(), folder)
    return folder


def test_second_build_uses_the_cache_and_texts_do_not_count(study_copy, tmp_path, monkeypatch):
    study = kosieval.load_study(study_copy)
    first, _ = build.build_document(study, locale="de", cache_dir=tmp_path)
    (study_copy / "texte" / "summary.md").write_text("Neu geschrieben.\n", encoding="utf-8")
    edited = kosieval.load_study(study_copy)

    def refuse(*args, **kwargs):
        raise AssertionError("the modules ran again although only a text changed")

    monkeypatch.setattr(build, "run_reflections", refuse)
    second, _ = build.build_document(edited, locale="de", cache_dir=tmp_path)
    assert [s.id for s in second.sections] == [s.id for s in first.sections]
    assert second.sections[2].blocks[0] == first.sections[2].blocks[0]
    assert "Neu geschrieben." in second.summary_text.html


def test_key_changes_with_data_language_and_modules(study_copy):
    study = kosieval.load_study(study_copy)
    key = cache_key(study, locale="de", names=("change",))
    assert key == cache_key(study, locale="de", names=("change",))
    assert key != cache_key(study, locale="en", names=("change",))
    assert key != cache_key(study, locale="de", names=("change", "reliability"))
    data = study_copy / "data" / "aktivitaeten.csv"
    original = data.read_bytes()
    try:
        data.write_bytes(original + b"\r\n")
        assert key != cache_key(study, locale="de", names=("change",))
    finally:
        data.write_bytes(original)


def test_a_damaged_entry_is_ignored(tmp_path):
    store_cached(tmp_path, "k", [])
    assert load_cached(tmp_path, "k") == []
    (tmp_path / "k.pickle").write_bytes(b"not a pickle")
    assert load_cached(tmp_path, "k") is None
    assert load_cached(tmp_path, "absent") is None


def test_a_folder_input_is_hashed_file_by_file(tmp_path, example_study):
    # a QualCoder project is a folder: the cache key covers its files (and changes with them)
    import dataclasses

    project = tmp_path / "interviews.qda"
    project.mkdir()
    (project / "data.qda").write_bytes(b"one")
    study = dataclasses.replace(example_study, inputs=(*example_study.inputs, project))
    first = cache_key(study, locale="de", names=("change",))
    (project / "data.qda").write_bytes(b"two")
    assert cache_key(study, locale="de", names=("change",)) != first
