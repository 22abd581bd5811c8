"""A WeasyPrint URL fetcher that reads only what the report may read.

WeasyPrint's default fetcher reads any local file and the network (DESIGN.md §7). The
:class:`SafeURLFetcher` serves ``data:`` URLs and regular files inside an explicit list of
folders (after resolving symlinks); everything else — ``http(s):``, ``ftp:``, files
outside the folders, symlinks that lead outside, devices such as ``/dev/urandom``, FIFOs,
directories, files larger than a limit — is refused with a :class:`RefusedURLError` that
names the URL.
"""

from __future__ import annotations

import mimetypes
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import UNICODE_SCHEME_RE, URLFetcher, URLFetcherResponse

from kosieval.errors import KosievalError

#: Largest file served by default (bytes).
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


class RefusedURLError(KosievalError):
    """The report tried to load a resource it may not read.

    Parameters
    ----------
    url
        The URL as WeasyPrint asked for it.
    reason
        Why it was refused.
    """

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        shown = url if len(url) <= 200 else url[:200] + "…"
        super().__init__(f"Ressource abgelehnt/resource refused: {shown} ({reason})")


class SafeURLFetcher(URLFetcher):
    """Serve ``data:`` URLs and regular files under allowed folders, refuse the rest.

    Parameters
    ----------
    allowed_dirs
        Folders whose files may be read (resolved once, symlinks included). A file is
        served only if its fully resolved path lies inside one of them.
    max_bytes
        Largest file served.
    fail_on_errors
        Passed to WeasyPrint: if true, a refused or missing resource stops the rendering
        (``FatalURLFetchingError``) instead of being logged and skipped.

    Examples
    --------
    >>> from weasyprint import HTML
    >>> fetcher = SafeURLFetcher(allowed_dirs=[templates])  # doctest: +SKIP
    >>> HTML(string=html, base_url=str(templates), url_fetcher=fetcher)  # doctest: +SKIP
    """

    def __init__(
        self,
        allowed_dirs: Iterable[str | os.PathLike[str]] = (),
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        fail_on_errors: bool = False,
    ) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False, fail_on_errors=fail_on_errors)
        if max_bytes <= 0:
            raise ValueError(f"max_bytes must be > 0, got {max_bytes}")
        self.allowed_dirs: tuple[Path, ...] = tuple(Path(d).resolve() for d in allowed_dirs)
        self.max_bytes = max_bytes

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        """Fetch ``url`` if it is a ``data:`` URL or an allowed local file.

        Parameters
        ----------
        url
            Absolute URL (WeasyPrint resolves relative URLs against the base URL first).
        headers
            Ignored (no network access).

        Returns
        -------
        URLFetcherResponse
            The resource.

        Raises
        ------
        RefusedURLError
            For every URL that is not served.
        """
        match = UNICODE_SCHEME_RE.match(url)
        if match is None:
            raise RefusedURLError(url, "not an absolute URL")
        scheme = match[1].lower()
        if scheme == "data":
            try:
                return super().fetch(url)
            except Exception as exc:  # malformed data URL
                raise RefusedURLError(url, f"invalid data URL: {exc}") from exc
        if scheme != "file":
            raise RefusedURLError(url, f"scheme {scheme!r} is not allowed; only data: and local files")
        return self._fetch_file(url)

    def _fetch_file(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedURLError(url, f"remote file host {parts.netloc!r}")
        raw_path = url2pathname(unquote(parts.path))
        if "\x00" in raw_path:
            raise RefusedURLError(url, "NUL byte in path")
        try:
            path = Path(raw_path).resolve(strict=True)
        except (OSError, RuntimeError) as exc:
            raise RefusedURLError(url, f"file not found: {exc.__class__.__name__}") from exc
        if not any(path.is_relative_to(root) for root in self.allowed_dirs):
            raise RefusedURLError(url, f"{path} is outside the allowed folders")
        # O_NOFOLLOW/O_NONBLOCK: the resolved path must not have become a symlink, and
        # opening a FIFO must not block; the type is checked on the open descriptor.
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(path, flags)
        except OSError as exc:
            raise RefusedURLError(url, f"cannot open: {exc.strerror}") from exc
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise RefusedURLError(url, "not a regular file")
            if info.st_size > self.max_bytes:
                raise RefusedURLError(url, f"larger than {self.max_bytes} bytes")
            with os.fdopen(fd, "rb", closefd=False) as handle:
                body = handle.read(self.max_bytes + 1)
        finally:
            os.close(fd)
        if len(body) > self.max_bytes:
            raise RefusedURLError(url, f"larger than {self.max_bytes} bytes")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body, {"Content-Type": content_type})
