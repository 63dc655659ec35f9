"""Writes of the people app: ``<entity>_<action>(*, ...)`` functions, one module per entity."""
