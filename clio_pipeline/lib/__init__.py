"""Helpers shared by several stages that belong to none of them. Imports no stage."""
