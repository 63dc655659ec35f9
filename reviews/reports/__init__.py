"""PDF reports: what goes into each kind (context), and turning HTML into a PDF (render)."""
