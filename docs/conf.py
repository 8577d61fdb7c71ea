# Sphinx configuration of the VMI documentation site.
#
# Python is for the documentation only: nothing in the C build or the C tests needs it.
# Sphinx comes from Debian (python3-sphinx, `scripts/deps.sh docs`); the two extensions
# under _ext/ are part of this project and need nothing else.
#
# `spec` is a symbolic link to ../spec, so the normative chapters are read where they
# live: spec/ is the single source, and each chapter is published as spec/<chapter>.html.
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(HERE, "_ext"))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree


def _abi_version():
    """The ABI version from include/vmi/version.h, so that the site never states another."""
    major = minor = "?"
    with open(os.path.join(ROOT, "include", "vmi", "version.h"), encoding="utf-8") as f:
        for line in f:
            words = line.split()
            if len(words) == 3 and words[0] == "#define":
                if words[1] == "VMI_ABI_MAJOR":
                    major = words[2].rstrip("u")
                elif words[1] == "VMI_ABI_MINOR":
                    minor = words[2].rstrip("u")
    return "%s.%s" % (major, minor)


project = "VMI"
author = "the VMI project"
copyright = "the VMI project"
version = _abi_version()
release = version

extensions = ["vmireq", "vmiapi"]

root_doc = "index"
exclude_patterns = ["_build"]
templates_path = []
primary_domain = "c"
# Literal blocks (``::``) are plain text; C code says so with ``.. code-block:: c``.
highlight_language = "none"
# Literal text is code, never typographic quotes.
smartquotes = False

# The sources these pages are generated from (paths relative to this folder).
vmi_include_dir = os.path.join(ROOT, "include", "vmi")
vmi_requirements_registry = os.path.join(ROOT, "spec", "requirements.txt")
vmi_traces_dir = os.path.join(ROOT, "conformance", "traces")
# The report(s) whose results the traceability matrix shows: VMI_DOCS_REPORT=path (several
# separated by ':'); empty gives the coverage alone.
vmi_report = os.environ.get("VMI_DOCS_REPORT", "")

html_theme = "alabaster"
html_title = "VMI %s" % version
html_static_path = ["_static"]
html_css_files = ["vmi.css"]
html_theme_options = {
    "description": "A vendor-neutral virtual machine interface for x86-64",
    "page_width": "1180px",
    "sidebar_width": "240px",
    "fixed_sidebar": False,
    "show_relbars": True,
}
html_sidebars = {"**": ["about.html", "navigation.html", "relations.html", "searchbox.html"]}
html_show_sourcelink = True

# man: the command-line reference of the certification runner.
man_pages = [
    ("vmi-conform", "vmi-conform",
     "run the VMI conformance traces and certify the reports", [author], 1),
]
man_show_urls = False
