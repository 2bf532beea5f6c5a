"""Compiles the message catalogues (``.po`` -> ``.mo``) when cxnotes is built or installed.

The ``.mo`` files are never committed (a stale binary would show old translations): every
install, editable (``pip install -e .``, what ``make`` does) or from a wheel, builds them from
the ``.po`` sources. Everything else about the package is in ``pyproject.toml``.
"""

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the build backend does not put the project on the path

from cxnotes.i18n_catalog import compile_catalogues  # noqa: E402  (needs the path above)


class BuildWithCatalogues(build_py):
    """build_py, then the ``.mo`` files: into the source tree for an editable install, which
    imports cxnotes from there, else into the build folder that becomes the wheel."""

    def run(self) -> None:
        super().run()
        source = HERE / "cxnotes" / "locale"
        editable = getattr(self, "editable_mode", False)
        target = source if editable else Path(self.build_lib) / "cxnotes" / "locale"
        for mo in compile_catalogues(source, target):
            print(f"compiled {mo}")


setup(cmdclass={"build_py": BuildWithCatalogues})
