"""Experiments behind decisions recorded in eval/README.md: runnable, not used by the product."""
