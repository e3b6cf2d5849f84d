"""The database's own description: every table's columns and types, for the SQL console's panel."""

from __future__ import annotations

import duckdb
import pandas as pd


def table_schemas(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every table's columns and types, in schema order, for the panel beside the console."""
    return con.execute("""
        SELECT table_name AS "table", column_name AS "column", data_type AS "type"
        FROM duckdb_columns()
        WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
        ORDER BY table_name, column_index""").df()
