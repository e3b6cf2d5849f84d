"""Helpers the tests import: paths, servers, browsers, page drivers and file snapshots.

conftest.py files hold only fixtures (and pytest hooks); anything a test or a fixture calls as
a plain function or class lives here, so it is imported from one named place.
"""
