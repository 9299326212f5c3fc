"""Bundled sample reports (the two seed reports) for the quick-start command."""
