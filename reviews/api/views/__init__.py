"""API views of the reviews app, one module per resource."""
