"""Reads of the reviews app, one module per area (mirroring ``reviews.services``).

Every read starts from what the user may see; views call these and the services, never
each other.
"""
