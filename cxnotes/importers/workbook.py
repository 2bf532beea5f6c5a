"""Open an XLSX workbook for streaming, decrypting a password-protected one in memory.

Dependencies chosen on purpose and imported only here, when an XLSX is imported:
``openpyxl`` in read-only mode streams rows from the sheet XML instead of building the
whole workbook; ``msoffcrypto-tool`` decrypts the Office encryption Channel Talk puts on
its exports. The decrypted bytes stay in memory (never a temporary file on disk, since the
password protects customers' words); Channel Talk caps an export at 10,000 chats.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO, Any

from cxnotes.i18n import _
from cxnotes.importers.base import ImportFormatError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""First bytes of an encrypted OOXML file (an OLE container; plain XLSX is a zip)."""


def is_encrypted(path: Path) -> bool:
    """Whether the file is an Office file wrapped in encryption."""
    with path.open("rb") as file:
        return file.read(len(OLE_MAGIC)) == OLE_MAGIC


def open_workbook(path: Path, password: str | None) -> Any:
    """The workbook, read-only and streaming.

    Raises:
        ImportFormatError: the password is missing or wrong, or the file is not an XLSX.
    """
    source: Path | IO[bytes] = path
    if is_encrypted(path):
        source = _decrypted(path, password)
    import zipfile

    import openpyxl

    try:
        return openpyxl.load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise ImportFormatError(
            _("{file} is not an XLSX workbook ({error}).").format(file=path.name, error=error)
        ) from None


def _decrypted(path: Path, password: str | None) -> IO[bytes]:
    if not password:
        raise ImportFormatError(
            _("{file} is password-protected; give --password (or type it when asked).").format(file=path.name)
        )
    import msoffcrypto
    from msoffcrypto.exceptions import DecryptionError, FileFormatError, InvalidKeyError

    plain = io.BytesIO()
    try:
        with path.open("rb") as file:
            office = msoffcrypto.OfficeFile(file)
            office.load_key(password=password, verify_password=True)
            office.decrypt(plain)
    except InvalidKeyError:
        raise ImportFormatError(_("{file}: wrong password.").format(file=path.name)) from None
    except (DecryptionError, FileFormatError, OSError) as error:
        raise ImportFormatError(
            _("{file} cannot be decrypted ({error}).").format(file=path.name, error=error)
        ) from None
    plain.seek(0)
    return plain


def header(values: tuple[Any, ...]) -> list[str]:
    """A sheet's first row as column names (blank cells become '')."""
    return [str(value).strip() if value is not None else "" for value in values]
