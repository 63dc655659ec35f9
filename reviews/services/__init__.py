"""Writes of the reviews app: ``<entity>_<action>(*, ...)`` functions, one module per entity."""
