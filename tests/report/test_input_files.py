"""The provenance appendix and manifest hash every input file, also inside a project folder."""

from __future__ import annotations

from kosieval.report.manifest import describe_input, input_files


def test_a_folder_input_stands_for_its_files(tmp_path):
    # a QualCoder project is a folder <name>.qda holding data.qda (and media); sha256 of a
    # folder would fail, so the folder is replaced by its files, sorted, without duplicates
    project = tmp_path / "data" / "interviews.qda"
    (project / "images").mkdir(parents=True)
    (project / "data.qda").write_bytes(b"SQLite format 3\x00")
    (project / "images" / "a.png").write_bytes(b"png")
    config = tmp_path / "study.yaml"
    config.write_text("study: {}\n", encoding="utf-8")
    files = input_files([config, project, config])
    assert files == [config, project / "data.qda", project / "images" / "a.png"]
    described = [describe_input(f, study_dir=tmp_path) for f in files]
    assert [d.path for d in described] == ["study.yaml", "data/interviews.qda/data.qda",
                                           "data/interviews.qda/images/a.png"]
