"""Conclave: code intelligence for Python, JavaScript, Java, C# and Go."""

from conclave._native import version

__all__ = ["version"]
