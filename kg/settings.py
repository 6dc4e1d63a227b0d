"""The one place that resolves data paths and the store location.

ontology/, shapes/, queries/, claims/ and corpus/ live beside the package in a
working tree and are copied into ``kg/_data`` when the package is installed.
Nothing else in the code builds such paths.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIRS = ("ontology", "shapes", "queries", "claims", "corpus")
DEFAULT_STORE = ".kg/store"
STORE_ENV = "KG_STORE"
HOME_ENV = "KG_HOME"

_PACKAGE_DIR = Path(__file__).resolve().parent


def _is_project_root(path: Path) -> bool:
    return (path / "ontology").is_dir() and (path / "shapes").is_dir()


def find_project_root() -> Path:
    """The folder holding ontology/ and shapes/: $KG_HOME, the working directory,
    the source checkout the package was imported from, or the installed data."""
    candidates = []
    if os.environ.get(HOME_ENV):
        candidates.append(Path(os.environ[HOME_ENV]))
    candidates += [Path.cwd(), _PACKAGE_DIR.parent, _PACKAGE_DIR / "_data"]
    for candidate in candidates:
        if _is_project_root(candidate):
            return candidate.resolve()
    raise FileNotFoundError("cannot find ontology/ and shapes/; set KG_HOME to the project folder")


@dataclass(frozen=True)
class Settings:
    root: Path = field(default_factory=find_project_root)

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def claims_dir(self) -> Path:
        return self.root / "claims"

    @property
    def corpus_dir(self) -> Path:
        return self.root / "corpus"

    def ontology_files(self) -> list[Path]:
        return sorted(self.ontology_dir.glob("*.ttl"))

    def shapes_files(self) -> list[Path]:
        return sorted(self.shapes_dir.glob("*.ttl"))


def default_store_location() -> str:
    return os.environ.get(STORE_ENV) or DEFAULT_STORE


def load_settings() -> Settings:
    return Settings()
