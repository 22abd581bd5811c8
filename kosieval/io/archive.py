"""Reading members of a zip archive in memory, without trusting the archive.

A zip file from elsewhere can be hostile: member names that climb out of a folder
(``../evil.txt``) or are absolute (``/etc/passwd``), millions of entries, or a few kilobytes
that inflate to gigabytes (a zip bomb). :class:`SafeArchive` never extracts anything to disk;
it refuses such names, caps the number of entries, and reads members into memory through a
counter that stops at ``max_bytes`` (the sizes written in the archive are checked too, but
not trusted). Every refusal is a :class:`~kosieval.errors.DataFormatError` naming the archive.
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from kosieval.errors import DataFormatError

_CHUNK = 1 << 20


def unsafe_member_name(name: str) -> bool:
    r"""True when an archive member name is absolute or climbs out of its folder (``..``).

    Parameters
    ----------
    name
        The member name as stored in the archive (``/`` or ``\\`` as separators).
    """
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or (len(normalised) > 1 and normalised[1] == ":"):
        return True
    return ".." in PurePosixPath(normalised).parts


class SafeArchive:
    """A zip archive opened for reading members into memory, with limits.

    Parameters
    ----------
    path
        The archive (opened read-only).
    max_entries
        The largest number of entries accepted.
    max_bytes
        The largest number of uncompressed bytes read from the archive in total (and the
        largest uncompressed size an entry may declare).

    Raises
    ------
    DataFormatError
        When the file is not a zip archive, has more than ``max_entries`` entries, or has
        an entry whose name is absolute or contains ``..``.
    """

    def __init__(self, path: Path, *, max_entries: int, max_bytes: int) -> None:
        self.path = Path(path)
        self.max_bytes = max_bytes
        self._read = 0
        try:
            self._zip = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise DataFormatError(
                f"kein lesbares ZIP-Archiv / not a readable zip archive ({exc})",
                path=self.path,
                hint="export the project again from the QDA program (REFI-QDA project, .qdpx)",
            ) from None
        infos = self._zip.infolist()
        if len(infos) > max_entries:
            self._zip.close()
            raise DataFormatError(
                f"das Archiv enthält {len(infos)} Einträge, erlaubt sind {max_entries} / the archive holds "
                f"{len(infos)} entries, at most {max_entries} are accepted",
                path=self.path,
                hint="a project export holds one .qde file and its sources; if this archive is genuine, "
                "pass a larger max_entries",
            )
        for info in infos:
            if unsafe_member_name(info.filename):
                self._zip.close()
                raise DataFormatError(
                    f"das Archiv enthält einen unzulässigen Pfad {info.filename!r} (absolut oder mit '..') / "
                    f"the archive holds an unsafe path {info.filename!r} (absolute or containing '..')",
                    path=self.path,
                    column=info.filename,
                    hint="QDA programs never write such paths; do not use an archive of unknown origin, "
                    "export the project again",
                )
        self.infos: tuple[zipfile.ZipInfo, ...] = tuple(infos)

    def close(self) -> None:
        """Close the archive."""
        self._zip.close()

    def __enter__(self) -> SafeArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, info: zipfile.ZipInfo) -> bytes:
        """The uncompressed bytes of one member, read in chunks through a counter.

        Parameters
        ----------
        info
            One of :attr:`infos`.

        Raises
        ------
        DataFormatError
            When the member declares, or turns out to have, more uncompressed bytes than
            are left of ``max_bytes``, is encrypted, or is damaged.
        """
        name = info.filename
        if info.file_size > self.max_bytes - self._read:
            raise self._too_large(name, f"declares {info.file_size} bytes")
        chunks: list[bytes] = []
        try:
            with self._zip.open(info) as member:
                while chunk := member.read(_CHUNK):
                    self._read += len(chunk)
                    if self._read > self.max_bytes:
                        raise self._too_large(name, "inflates beyond the limit")
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
            raise DataFormatError(
                f"der Eintrag {name!r} ist beschädigt ({exc}) / the entry {name!r} is damaged ({exc})",
                path=self.path,
                column=name,
                hint="export the project again; an archive whose sizes or checksums do not match its content "
                "is broken or was tampered with",
            ) from None
        except RuntimeError as exc:  # encrypted member, no password
            raise DataFormatError(
                f"der Eintrag {name!r} ist verschlüsselt / the entry {name!r} is encrypted ({exc})",
                path=self.path,
                column=name,
                hint="export the project again without a password",
            ) from None
        return b"".join(chunks)

    def _too_large(self, name: str, what: str) -> DataFormatError:
        return DataFormatError(
            f"der Eintrag {name!r} ist entpackt größer als erlaubt ({self.max_bytes} Bytes) / the entry {name!r} "
            f"{what}: more than the {self.max_bytes} uncompressed bytes accepted (a zip bomb?)",
            path=self.path,
            column=name,
            hint="a genuine project export is far smaller; if it is genuine and this large, pass a larger "
            "max_bytes, otherwise do not use the archive",
        )
