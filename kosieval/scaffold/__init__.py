"""New study folders: ``kosieval init DIR --city NAME`` (see :mod:`kosieval.scaffold.new_study`)."""

from __future__ import annotations

from kosieval.scaffold.new_study import NewStudyFolder, study_id_for, write_study_folder

__all__ = ["NewStudyFolder", "study_id_for", "write_study_folder"]
