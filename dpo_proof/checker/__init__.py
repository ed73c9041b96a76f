"""The checker for handwritten derivations: Markdown/TeX -> claims -> verdicts."""
