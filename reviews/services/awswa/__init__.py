"""Reviews from and to the AWS Well-Architected Tool (``format=aws-wa-tool``).

``shapes`` reads the two file shapes in circulation into one plain structure, ``mapper``
turns that into mllens's own workload document plus every problem and difference (pure),
``catalog`` prepares the lenses a user may see for the mapper, ``service`` runs the import
through the one workload import service, and ``export`` writes the AWS labs' file shape.
"""
