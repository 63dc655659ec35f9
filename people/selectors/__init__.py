"""Reads of the people app, one module per area (mirroring ``people.services``)."""
