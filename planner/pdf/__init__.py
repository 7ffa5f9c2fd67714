"""Accessible PDF plans: fonts, the WeasyPrint renderer and its fixes, the cache of rendered files.

`planner.pdf.render` turns HTML into tagged PDF/UA-1 with fonts and stylesheets parsed once per
process; `planner.pdf.fonts` finds the Noto fonts for every offered script (and refuses to start
without them); `planner.pdf.actualtext` repairs what WeasyPrint 70 gets wrong in the text layer and
the structure tree; `planner.pdf.storage` keeps rendered files under VAR_DIR/pdf/.
"""
