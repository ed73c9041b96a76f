"""Figures of the sigma(-delta) weighting for lecture notes and slides.

style.py     size and font presets (notes, slides, paper), palette, deterministic saving
figures.py   the registry FIGURES: names, captions, alt text, "module:function" of each drawing
curves.py    figures 1-2 (weighting, loss-and-weight)
simplex.py   figure 3 (simplex-flow); dynamics.py: figures 4-5 (training-dynamics, weight-histogram)
training.py  the gradient-descent runs behind figures 3-5 (closed-form gradient (2) only)
verify.py    reads plotted data back off a Figure and checks it against explicit formulas
record.py    manifest.json and README.md written beside a drawn set
cli.py       `dpo-proof figures`

Importing this package, figures.py, record.py or cli.py imports nothing heavy; matplotlib and
torch load with the drawing modules.
"""
