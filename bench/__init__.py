"""Benchmark harness (issue 5): a deterministic item generator and ``python -m bench``.

:mod:`bench.generate` writes a complete project with N valid items;
``python -m bench`` times our build against Hugo + Pagefind on the same items.
"""
