"""The read side: filters, queries and charts over the built programme database."""
