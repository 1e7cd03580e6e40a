"""Huiqi Desk package."""
