"""The safe URL fetcher serves data: URLs and files under allowed folders, nothing else."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kosieval.report.fetcher import RefusedURLError, SafeURLFetcher


@pytest.fixture()
def folders(tmp_path: Path) -> tuple[Path, Path]:
    allowed = tmp_path / "allowed"
    outside = tmp_path / "outside"
    allowed.mkdir()
    outside.mkdir()
    (allowed / "style.css").write_text("p { color: red }", encoding="utf-8")
    (allowed / "sub").mkdir()
    (allowed / "sub" / "chart.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    (outside / "secret.txt").write_text("geheim", encoding="utf-8")
    return allowed, outside


def _read(fetcher: SafeURLFetcher, url: str) -> bytes:
    response = fetcher.fetch(url)
    try:
        return response.read()
    finally:
        response.close()


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/logo.png",
        "https://example.org/style.css",
        "ftp://example.org/data.csv",
        "javascript:alert(1)",
    ],
)
def test_refuses_network_and_other_schemes(url: str, folders: tuple[Path, Path]) -> None:
    fetcher = SafeURLFetcher([folders[0]])
    with pytest.raises(RefusedURLError) as info:
        fetcher.fetch(url)
    assert url in str(info.value)
    assert info.value.url == url


def test_refuses_file_outside_allowed_folders(folders: tuple[Path, Path]) -> None:
    allowed, outside = folders
    url = (outside / "secret.txt").as_uri()
    with pytest.raises(RefusedURLError, match="outside the allowed folders") as info:
        SafeURLFetcher([allowed]).fetch(url)
    assert url in str(info.value)


@pytest.mark.parametrize("suffix", ["/../outside/secret.txt", "/%2e%2e/outside/secret.txt"])
def test_refuses_traversal(folders: tuple[Path, Path], suffix: str) -> None:
    allowed, _ = folders
    with pytest.raises(RefusedURLError):
        SafeURLFetcher([allowed]).fetch(allowed.as_uri() + suffix)


def test_refuses_symlink_inside_pointing_outside(folders: tuple[Path, Path]) -> None:
    allowed, outside = folders
    link = allowed / "innocent.txt"
    link.symlink_to(outside / "secret.txt")
    with pytest.raises(RefusedURLError, match="outside"):
        SafeURLFetcher([allowed]).fetch(link.as_uri())


def test_refuses_symlinked_folder_pointing_outside(folders: tuple[Path, Path]) -> None:
    allowed, outside = folders
    (allowed / "data").symlink_to(outside, target_is_directory=True)
    with pytest.raises(RefusedURLError):
        SafeURLFetcher([allowed]).fetch((allowed / "data" / "secret.txt").as_uri())


def test_serves_symlink_inside_pointing_inside(folders: tuple[Path, Path]) -> None:
    allowed, _ = folders
    (allowed / "alias.css").symlink_to(allowed / "style.css")
    assert _read(SafeURLFetcher([allowed]), (allowed / "alias.css").as_uri()) == b"p { color: red }"


def test_refuses_dev_urandom(folders: tuple[Path, Path]) -> None:
    with pytest.raises(RefusedURLError, match="outside"):
        SafeURLFetcher([folders[0]]).fetch("file:///dev/urandom")


def test_refuses_device_even_when_its_folder_is_allowed() -> None:
    with pytest.raises(RefusedURLError, match="not a regular file"):
        SafeURLFetcher(["/dev"]).fetch("file:///dev/urandom")


def test_refuses_etc_files(folders: tuple[Path, Path]) -> None:
    with pytest.raises(RefusedURLError):
        SafeURLFetcher([folders[0]]).fetch("file:///etc/hostname")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_refuses_fifo_without_blocking(folders: tuple[Path, Path]) -> None:
    allowed, _ = folders
    fifo = allowed / "pipe.css"
    os.mkfifo(fifo)
    with pytest.raises(RefusedURLError, match="not a regular file"):
        SafeURLFetcher([allowed]).fetch(fifo.as_uri())


def test_refuses_directory_missing_file_and_remote_host(folders: tuple[Path, Path]) -> None:
    allowed, _ = folders
    fetcher = SafeURLFetcher([allowed])
    for url in (
        (allowed / "sub").as_uri(),
        (allowed / "missing.png").as_uri(),
        "file://fileserver/share/logo.png",
    ):
        with pytest.raises(RefusedURLError):
            fetcher.fetch(url)


def test_refuses_files_over_the_size_limit(folders: tuple[Path, Path]) -> None:
    allowed, _ = folders
    with pytest.raises(RefusedURLError, match="larger than"):
        SafeURLFetcher([allowed], max_bytes=4).fetch((allowed / "style.css").as_uri())


def test_nothing_allowed_serves_only_data_urls(folders: tuple[Path, Path]) -> None:
    allowed, _ = folders
    fetcher = SafeURLFetcher()
    with pytest.raises(RefusedURLError):
        fetcher.fetch((allowed / "style.css").as_uri())
    assert _read(fetcher, "data:text/plain,hallo") == b"hallo"


def test_serves_data_url(folders: tuple[Path, Path]) -> None:
    response = SafeURLFetcher([folders[0]]).fetch("data:image/svg+xml;base64,PHN2Zy8+")
    try:
        assert response.read() == b"<svg/>"
        assert response.content_type == "image/svg+xml"
    finally:
        response.close()


def test_serves_file_inside_with_content_type(folders: tuple[Path, Path]) -> None:
    allowed, _ = folders
    fetcher = SafeURLFetcher([allowed])
    response = fetcher.fetch((allowed / "sub" / "chart.svg").as_uri())
    try:
        assert response.read().startswith(b"<svg")
        assert response.content_type == "image/svg+xml"
    finally:
        response.close()
    assert _read(fetcher, (allowed / "style.css").as_uri() + "?v=1#x") == b"p { color: red }"


def test_weasyprint_calls_go_through_fetch(folders: tuple[Path, Path]) -> None:
    """WeasyPrint calls the fetcher object itself (``__call__``); that must be guarded too."""
    allowed, outside = folders
    fetcher = SafeURLFetcher([allowed])
    with pytest.raises(RefusedURLError):
        fetcher((outside / "secret.txt").as_uri())
    assert fetcher((allowed / "style.css").as_uri()).read() == b"p { color: red }"
