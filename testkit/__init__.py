"""Test, fixture-generation and evaluation machinery: used by tests/ and bench/, never installed.

- `sitegen`, `sitegen_media`: the reconstructed Al Mayadeen fixture site (and benchmark sites).
- `faultserver`: a loopback server that answers with the faults a real site shows.
- `devset`, `evaluation`: the generic extractor's development sets and how tools are scored.
"""
