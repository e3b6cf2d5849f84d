"""Read queries, one function per figure, grouped by page topic."""
