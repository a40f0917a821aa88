"""What tests of several folders share: fixtures (world, sync_site: plug-ins registered in tests/conftest.py)
and helpers (one module per subject). A test module imports helpers from here, never from another test
module or a conftest.py (tests/test_layout.py)."""
