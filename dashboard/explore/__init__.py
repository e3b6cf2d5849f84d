"""/explore: the table browser, the SQL console and data health, drawn."""
