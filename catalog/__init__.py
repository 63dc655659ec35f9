"""The lens catalogue: lenses, versions, pillars, phases, questions, choices and risk rules."""
