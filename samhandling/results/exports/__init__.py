"""The rewritten effects report as Word, tagged PDF and an Excel annex, from one list of blocks."""
