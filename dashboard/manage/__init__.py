"""/manage: who may edit, the sign-in lockout, and the import preview."""
