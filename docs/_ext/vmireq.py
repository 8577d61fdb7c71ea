"""The ``vmi`` domain: requirements, call sections, the requirements index and the matrix.

- ``.. vmi:req:: VMI-<GROUP>-<NNN>`` (spec/*.rst) renders one requirement whose HTML id is
  exactly its ID, so ``spec/mmu.html#VMI-MMU-004`` links to it.
- Every ID written in running text (``... (VMI-MMU-006)``) links to its requirement;
  ``:vmi:req:`VMI-MMU-004``` does the same and warns when the ID does not exist.
- A section titled with a call's name alone (````pte_set````) is that call's section;
  ``:vmi:call:`pte_set``` links to it.
- ``.. vmi:requirement-index::`` becomes the table of every requirement.
- ``.. vmi:traceability::`` becomes the matrix requirement -> traces -> status, from the
  ``covers`` lines of the traces and, when the build is given one, a ``report.json``.
"""
import glob
import json
import os
import re

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.directives import SphinxDirective
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

REQ_ID = re.compile(r"^VMI-[A-Z]+-[0-9]{3}$")
REQ_IN_TEXT = re.compile(r"\bVMI-[A-Z]+-[0-9]{3}\b")
CALL_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
# RFC 2119 key words, longest first so that "MUST NOT" wins over "MUST".
KEYWORDS = ("MUST NOT", "SHALL NOT", "SHOULD NOT", "NOT RECOMMENDED", "MUST", "SHALL",
            "REQUIRED", "SHOULD", "RECOMMENDED", "MAY", "OPTIONAL")
KEYWORD_RE = re.compile(r"\b(" + "|".join(k.replace(" ", r"\s+") for k in KEYWORDS) + r")\b")
# Report statuses from the least to the most severe (spec/report-format.rst).
STATUSES = ("PASS", "NOT_SUPPORTED", "WAIVED", "SKIP", "FAIL", "TIMEOUT", "CRASH", "ERROR")


class requirement_index(nodes.General, nodes.Element):
    """Placeholder for the requirements table, filled once every document is read."""


class traceability_matrix(nodes.General, nodes.Element):
    """Placeholder for the traceability matrix, filled once every document is read."""


class call_summary(nodes.General, nodes.Element):
    """Placeholder for a table of one labelled paragraph of every call section."""


class ReqDirective(SphinxDirective):
    """``.. vmi:req:: VMI-MMU-004`` followed by the indented normative text."""

    required_arguments = 1
    has_content = True

    def run(self):
        rid = self.arguments[0].strip()
        if not REQ_ID.match(rid):
            logger.warning("malformed requirement ID %r (expected VMI-<GROUP>-<NNN>)", rid,
                           location=self.get_location())
        if not self.content:
            logger.warning("requirement %s has no text", rid, location=self.get_location())
        box = nodes.container(classes=["vmi-req"])
        box["ids"] = [rid]  # exactly the ID, not docutils' lower-cased form
        box["vmi_req"] = rid
        self.set_source_info(box)
        self.env.note_dependency(os.path.abspath(__file__))
        self.state.document.ids.setdefault(rid, box)
        head = nodes.paragraph(classes=["vmi-req-id"])
        head += nodes.reference("", "", nodes.strong(rid, rid), refid=rid, internal=True,
                                classes=["vmi-req-link"])
        box += head
        self.state.nested_parse(self.content, self.content_offset, box)
        index = addnodes.index(entries=[("single", rid + " (requirement)", rid, "", None)])
        return [index, box]


class PlaceholderDirective(SphinxDirective):
    """A directive that leaves a node to be filled in at resolve time."""

    node_class = None
    has_content = False
    option_spec = {}

    def run(self):
        node = self.node_class()
        node["options"] = dict(self.options)
        self.set_source_info(node)
        return [node]


class RequirementIndexDirective(PlaceholderDirective):
    node_class = requirement_index


class CallSummaryDirective(PlaceholderDirective):
    """``.. vmi:call-summary:: Hardware freedom``: the paragraph the spec labels
    **Hardware freedom.** in each call section, as a table (calls whose paragraph says
    "None." are left out)."""

    node_class = call_summary
    required_arguments = 1
    final_argument_whitespace = True

    def run(self):
        node = super().run()[0]
        node["label"] = self.arguments[0].strip().rstrip(".")
        return [node]


class TraceabilityDirective(PlaceholderDirective):
    node_class = traceability_matrix
    option_spec = {"report": directives.unchanged}


class LinkRequirementIds(SphinxTransform):
    """Turns every requirement ID in running text into a reference to the requirement."""

    default_priority = 800
    skip = (nodes.literal, nodes.literal_block, nodes.reference, nodes.target, nodes.raw,
            nodes.comment, nodes.title, addnodes.pending_xref, addnodes.desc_signature)

    def apply(self, **kwargs):
        for text in list(self.document.findall(nodes.Text)):
            if not REQ_IN_TEXT.search(text) or self._skipped(text):
                continue
            parent = text.parent
            pieces = []
            last = 0
            for m in REQ_IN_TEXT.finditer(text):
                if m.start() > last:
                    pieces.append(nodes.Text(text[last:m.start()]))
                rid = m.group(0)
                xref = addnodes.pending_xref("", refdomain="vmi", reftype="req",
                                             reftarget=rid, refexplicit=True,
                                             refwarn=False, refdoc=self.env.docname)
                xref += nodes.Text(rid)
                pieces.append(xref)
                last = m.end()
            if last < len(text):
                pieces.append(nodes.Text(text[last:]))
            parent.replace(text, pieces)

    def _skipped(self, node):
        while node is not None:
            if isinstance(node, self.skip):
                return True
            node = node.parent
        return False


class VmiDomain(Domain):
    name = "vmi"
    label = "VMI"
    object_types = {
        "req": ObjType("requirement", "req"),
        "call": ObjType("call section", "call"),
    }
    directives = {
        "req": ReqDirective,
        "requirement-index": RequirementIndexDirective,
        "traceability": TraceabilityDirective,
        "call-summary": CallSummaryDirective,
    }
    roles = {"req": XRefRole(), "call": XRefRole()}
    initial_data = {"reqs": {}, "calls": {}, "placeholders": {}}
    data_version = 1

    @property
    def reqs(self):
        return self.data["reqs"]

    @property
    def calls(self):
        return self.data["calls"]

    def clear_doc(self, docname):
        self.data["placeholders"].pop(docname, None)
        for table in (self.reqs, self.calls):
            for key in [k for k, v in table.items() if v["docname"] == docname]:
                del table[key]

    def merge_domaindata(self, docnames, otherdata):
        for docname in otherdata["placeholders"]:
            if docname in docnames:
                self.data["placeholders"][docname] = True
        for key in ("reqs", "calls"):
            for name, entry in otherdata[key].items():
                if entry["docname"] in docnames:
                    self._note(key, name, entry)

    def _note(self, key, name, entry):
        table = self.data[key]
        old = table.get(name)
        if old and (old["docname"], old["line"]) != (entry["docname"], entry["line"]):
            what = "requirement" if key == "reqs" else "call section"
            logger.warning("%s %s is defined more than once (also in %s, line %s)", what,
                           name, self.env.doc2path(old["docname"]), old["line"],
                           location=(entry["docname"], entry["line"]))
            return
        table[name] = entry

    def process_doc(self, env, docname, document):
        for cls in (requirement_index, traceability_matrix, call_summary):
            for _ in document.findall(cls):
                self.data["placeholders"][docname] = True
        for box in document.findall(nodes.container):
            rid = box.get("vmi_req")
            if not rid:
                continue
            section = _enclosing_section(box)
            body = " ".join(p.astext() for p in box.children[1:])
            body = re.sub(r"\s+", " ", body).strip()
            m = KEYWORD_RE.search(body)
            self._note("reqs", rid, {
                "docname": docname,
                "line": box.line,
                "text": body,
                "keyword": re.sub(r"\s+", " ", m.group(1)) if m else "",
                "section": section[0].astext() if section is not None else "",
                "section_id": section["ids"][0] if section is not None else "",
            })
        for section in document.findall(nodes.section):
            title = section[0]
            if (len(title.children) == 1 and isinstance(title[0], nodes.literal)
                    and CALL_NAME.match(title[0].astext()) and section["ids"]):
                self._note("calls", title[0].astext(), {
                    "docname": docname, "line": section.line or title.line,
                    "anchor": section["ids"][0], "labelled": _labelled(section)})

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        if typ == "req" and target in self.reqs:
            entry = self.reqs[target]
            return _make_ref(builder, fromdocname, entry["docname"], target, contnode,
                             target)
        if typ == "call" and target in self.calls:
            entry = self.calls[target]
            return _make_ref(builder, fromdocname, entry["docname"], entry["anchor"],
                             contnode, "section of %s" % target)
        return None

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        found = []
        for typ in ("req", "call"):
            ref = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
            if ref is not None:
                found.append(("vmi:" + typ, ref))
        return found

    def get_objects(self):
        for rid, entry in self.reqs.items():
            yield rid, rid, "req", entry["docname"], rid, 1
        for name, entry in self.calls.items():
            yield name, name, "call", entry["docname"], entry["anchor"], 0


def _labelled(section):
    """{label: text} of the paragraphs of a section that start with a bold "Label."."""
    out = {}
    for para in section.children:
        if (isinstance(para, nodes.paragraph) and para.children
                and isinstance(para[0], nodes.strong) and para[0].astext().endswith(".")):
            label = para[0].astext().rstrip(".")
            out[label] = re.sub(r"\s+", " ", para.astext()[len(para[0].astext()):]).strip()
    return out


def _enclosing_section(node):
    while node is not None and not isinstance(node, nodes.section):
        node = node.parent
    return node


def _make_ref(builder, fromdoc, todoc, anchor, contnode, title):
    ref = nodes.reference("", "", internal=True, reftitle=title)
    uri = builder.get_relative_uri(fromdoc, todoc) if fromdoc != todoc else ""
    ref["refuri"] = uri + "#" + anchor
    ref += contnode
    return ref


def _doc_link(builder, fromdoc, todoc, text):
    ref = nodes.reference("", "", nodes.Text(text), internal=True)
    ref["refuri"] = builder.get_relative_uri(fromdoc, todoc) if fromdoc != todoc else "#"
    return ref


def _link(builder, fromdoc, todoc, anchor, text, literal=False):
    inner = nodes.literal(text, text) if literal else nodes.Text(text)
    return _make_ref(builder, fromdoc, todoc, anchor, inner, text)


# ---- tables -------------------------------------------------------------------------------

def _cell(content=None, classes=None, morerows=0):
    entry = nodes.entry(classes=classes or [])
    if morerows:
        entry["morerows"] = morerows
    if content is None:
        return entry
    if isinstance(content, str):
        content = [nodes.Text(content)]
    if not isinstance(content, list):
        content = [content]
    if content and not any(isinstance(c, (nodes.Inline, nodes.Text)) for c in content):
        entry.extend(content)
    else:
        entry += nodes.paragraph("", "", *content)
    return entry


def _table(headers, rows, widths, classes):
    """rows: lists of entries (made with _cell); a None entry is one a row above spans."""
    table = nodes.table(classes=classes)
    group = nodes.tgroup(cols=len(headers))
    table += group
    for w in widths:
        group += nodes.colspec(colwidth=w)
    head = nodes.thead()
    row = nodes.row()
    for h in headers:
        row += _cell(h)
    head += row
    group += head
    body = nodes.tbody()
    for cells in rows:
        row = nodes.row()
        for c in cells:
            if c is not None:
                row += c
        body += row
    group += body
    return table


def _registry_order(app):
    """Requirement IDs in the order of spec/requirements.txt, then any others by name."""
    order = []
    path = app.config.vmi_requirements_registry
    if path and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                word = line.split("#", 1)[0].strip()
                if word:
                    order.append(word)
    return order


def _ordered_ids(app, domain):
    order = _registry_order(app)
    known = set(order)
    return [r for r in order if r in domain.reqs] + sorted(r for r in domain.reqs
                                                           if r not in known)


def _doc_order(env):
    """{docname: position} in the reading order of the toctrees, from the root document."""
    order, stack = {}, [env.config.root_doc]
    while stack:
        doc = stack.pop(0)
        if doc in order:
            continue
        order[doc] = len(order)
        stack[0:0] = env.toctree_includes.get(doc, [])
    return order


def _doc_title(env, docname):
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


# ---- the requirements index -----------------------------------------------------------------

def _build_index(app, domain, fromdoc):
    env = app.env
    rows = []
    for rid in _ordered_ids(app, domain):
        e = domain.reqs[rid]
        where = nodes.paragraph()
        where += _doc_link(app.builder, fromdoc, e["docname"], _doc_title(env, e["docname"]))
        if e["section"]:
            where += nodes.Text(": ")
            where += _link(app.builder, fromdoc, e["docname"], e["section_id"], e["section"])
        rows.append([
            _cell(_link(app.builder, fromdoc, e["docname"], rid, rid), ["vmi-req-cell"]),
            _cell(e["keyword"]),
            _cell([where]),
            _cell(e["text"]),
        ])
    total = nodes.paragraph(text="%d requirements, in the order of the registry of issued IDs "
                            "(spec/requirements.txt)." % len(rows))
    return [total, _table(["ID", "Level", "Where", "Requirement"], rows, [14, 8, 22, 56],
                          ["vmi-req-index"])]


# ---- the traceability matrix ----------------------------------------------------------------

def read_traces(directory):
    """{trace name: {"title": str, "covers": [IDs], "path": relpath}} from every .vmt file."""
    traces = {}
    for path in sorted(glob.glob(os.path.join(directory, "**", "*.vmt"), recursive=True)):
        rel = os.path.relpath(path, directory)
        name, title, covers = rel[:-4], "", []
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                words = line.split("#", 1)[0].split()
                if not words:
                    continue
                if words[0] == "name" and len(words) > 1:
                    name = words[1]
                elif words[0] == "title":
                    title = line.split(None, 1)[1].strip() if len(words) > 1 else ""
                elif words[0] == "covers":
                    covers.extend(words[1:])
        traces[name] = {"title": title, "covers": covers, "path": rel}
    return traces


def read_reports(spec):
    """Results of one or more report.json files: ({(trace, env, adapter): result},
    [report descriptions]). Where reports overlap, the one started last wins."""
    results, reports = {}, []
    paths = [p for p in spec.split(os.pathsep) if p.strip()]
    loaded = []
    for path in paths:
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, ValueError) as exc:
            logger.warning("traceability: cannot read report %s: %s", path, exc)
            continue
        if (not isinstance(data, dict) or data.get("format") != "vmi-conform-report"
                or data.get("format_version") != 1):
            logger.warning("traceability: %s is not a vmi-conform report of format version 1",
                           path)
            continue
        loaded.append((str(data.get("started", "")), path, data))
    for started, path, data in sorted(loaded, key=lambda t: t[0]):
        reports.append({"path": path, "started": started,
                        "suite_version": data.get("suite_version", ""),
                        "git_revision": data.get("git_revision", ""),
                        "environments": data.get("environments", [])})
        for r in data.get("results", []):
            if isinstance(r, dict):
                key = (r.get("trace", ""), r.get("env", ""), r.get("adapter", ""))
                results[key] = dict(r, started=started)
    return results, reports


def _status_cell(result):
    if result is None:
        return _cell("no result", ["vmi-status", "vmi-status-none"])
    status = str(result.get("status", "?"))
    return _cell(status, ["vmi-status", "vmi-status-" + status.lower().replace("_", "-")])


def _build_matrix(app, domain, fromdoc, report_spec):
    traces = read_traces(app.config.vmi_traces_dir)
    by_req = {}
    for name in sorted(traces):
        for rid in traces[name]["covers"]:
            by_req.setdefault(rid, [])
            if name not in by_req[rid]:
                by_req[rid].append(name)
    results, reports = read_reports(report_spec) if report_spec else ({}, [])
    columns = sorted({(k[1], k[2]) for k in results})
    out = []

    ids = _ordered_ids(app, domain)
    covered = [r for r in ids if by_req.get(r)]
    para = nodes.paragraph()
    para += nodes.Text("%d requirements; %d covered by at least one of the %d traces under "
                       "conformance/traces/, %d not covered." %
                       (len(ids), len(covered), len(traces), len(ids) - len(covered)))
    out.append(para)
    unknown = sorted(set(by_req) - set(domain.reqs))
    if unknown:
        logger.warning("traceability: traces cover IDs the spec does not define: %s",
                       " ".join(unknown))
    if reports:
        out.append(nodes.paragraph(text="Statuses are the latest result per trace and "
                                        "(environment, adapter) from these reports:"))
        items = nodes.bullet_list()
        for rep in reports:
            envs = ", ".join("%s/%s" % (e.get("name", "?"), e.get("adapter", "?"))
                             for e in rep["environments"] if isinstance(e, dict))
            item = nodes.paragraph()
            item += nodes.literal(text=os.path.basename(os.path.dirname(
                os.path.abspath(rep["path"]))) + "/" + os.path.basename(rep["path"]))
            item += nodes.Text(" — started %s, suite %s, revision %s; environments: %s." % (
                rep["started"] or "?", rep["suite_version"] or "?",
                (rep["git_revision"] or "?")[:12], envs or "none"))
            items += nodes.list_item("", item)
        out.append(items)
        orphans = sorted({k[0] for k in results} - set(traces))
        if orphans:
            out.append(nodes.paragraph(text="Results for traces no longer in the suite "
                                            "(not shown): " + ", ".join(orphans) + "."))
    else:
        out.append(nodes.paragraph(text="No report was given to this build, so the matrix "
                                        "shows the coverage alone. Build with "
                                        "VMI_DOCS_REPORT=build/report/tcg-native/report.json "
                                        "(written by make certify; several, separated by ':') to add the latest status per "
                                        "environment and adapter."))

    headers = ["Requirement", "Trace", "What the trace proves"] + [
        "%s / %s" % col for col in columns]
    rows = []
    for rid in ids:
        e = domain.reqs[rid]
        names = by_req.get(rid, [])
        span = max(len(names), 1) - 1
        first = _cell(_link(app.builder, fromdoc, e["docname"], rid, rid),
                      ["vmi-req-cell"], morerows=span)
        if not names:
            rows.append([first, _cell("not covered", ["vmi-not-covered"]), _cell("")] +
                        [_cell("") for _ in columns])
            continue
        for i, name in enumerate(names):
            cells = [first if i == 0 else None,
                     _cell(nodes.literal(text=name)),
                     _cell(traces[name]["title"])]
            cells += [_status_cell(results.get((name, col[0], col[1]))) for col in columns]
            rows.append(cells)
    widths = [14, 26, 44] + [12] * len(columns)
    out.append(_table(headers, rows, widths, ["vmi-matrix"]))
    return out


def _build_call_summary(app, domain, fromdoc, label):
    rows = []
    order = _doc_order(app.env)
    for name, e in sorted(domain.calls.items(),
                          key=lambda kv: (order.get(kv[1]["docname"], len(order)),
                                          kv[1]["line"] or 0)):
        text = e.get("labelled", {}).get(label)
        if not text or text.startswith("None"):
            continue
        rows.append([_cell(_link(app.builder, fromdoc, e["docname"], e["anchor"], name,
                                 literal=True)),
                     _cell(_doc_link(app.builder, fromdoc, e["docname"],
                                     _doc_title(app.env, e["docname"]))),
                     _cell(text)])
    if not rows:
        logger.warning("no call section has a paragraph labelled %r", label)
    return [_table(["Call", "Chapter", label], rows, [18, 22, 60], ["vmi-call-summary"])]


def on_doctree_resolved(app, doctree, docname):
    domain = app.env.get_domain("vmi")
    for node in list(doctree.findall(call_summary)):
        node.replace_self(_build_call_summary(app, domain, docname, node["label"]))
    for node in list(doctree.findall(requirement_index)):
        node.replace_self(_build_index(app, domain, docname))
    for node in list(doctree.findall(traceability_matrix)):
        report = node["options"].get("report") or app.config.vmi_report
        node.replace_self(_build_matrix(app, domain, docname, report))


def on_env_check_consistency(app, env):
    """Every issued ID must still be in the spec (the C-side check is tests/spec)."""
    domain = env.get_domain("vmi")
    for rid in _registry_order(app):
        if rid not in domain.reqs:
            logger.warning("requirement %s is issued in %s but defined nowhere in the spec",
                           rid, app.config.vmi_requirements_registry)


def on_env_get_outdated(app, env, added, changed, removed):
    """The index and the matrix read every document, the traces and the report: read their
    pages again at every build (they are cheap), so they never show stale data."""
    domain = env.get_domain("vmi")
    return [d for d in domain.data["placeholders"] if d in env.found_docs]


def setup(app):
    app.add_config_value("vmi_requirements_registry", "", "env")
    app.add_config_value("vmi_traces_dir", "", "env")
    # The matrix page is read again at every build, so another report needs no full rebuild.
    app.add_config_value("vmi_report", "", "")
    app.add_domain(VmiDomain)
    app.add_node(requirement_index)
    app.add_node(traceability_matrix)
    app.add_node(call_summary)
    app.add_transform(LinkRequirementIds)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("env-check-consistency", on_env_check_consistency)
    app.connect("env-get-outdated", on_env_get_outdated)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": 1}
