"""The write side: validating `data/*.csv`, building the DuckDB file, importing new rows."""

from loaders.build import build
from loaders.importer import import_file
from loaders.paths import DEFAULT_DATA_DIR, default_db_path
from loaders.problems import DataError, Problem
from loaders.validation import validate_directory

__all__ = [
    "DEFAULT_DATA_DIR",
    "DataError",
    "Problem",
    "build",
    "default_db_path",
    "import_file",
    "validate_directory",
]
