"""The C API reference, generated from the public headers in include/vmi/.

``.. vmi:header:: calls.h`` renders one header: its purpose line, then each declaration in
the order of the file with the comment written above it (or beside it, for struct fields and
enumerators). The X-macro lists are read, never copied:

- ``VMI_CALL_LIST`` (calls.h) gives one ``c:function`` per call, grouped by call group,
  with its number, feature, attributes, parameters, ops slot and a link to its section in
  spec/<group>.rst;
- ``VMI_STATUS_LIST``, ``VMI_GROUP_LIST`` and ``VMI_FEATURE_LIST`` give their tables;
- struct layouts take their offsets from the header's own static assertions.

A header of include/vmi/ that no page renders is a warning, so the -W build fails when a
header is added without its page.
"""
import os
import re

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.directives import SphinxDirective
from sphinx.util import logging
from sphinx.util.nodes import nested_parse_with_titles

logger = logging.getLogger(__name__)


# ---- reading C -----------------------------------------------------------------------------

def split_top(text, sep=","):
    """Splits at `sep` outside parentheses and string literals."""
    parts, depth, cur, i, quote = [], 0, [], 0, None
    while i < len(text):
        c = text[i]
        if quote:
            cur.append(c)
            if c == "\\" and i + 1 < len(text):
                cur.append(text[i + 1])
                i += 1
            elif c == quote:
                quote = None
        elif c in "\"'":
            quote = c
            cur.append(c)
        elif c == "(":
            depth += 1
            cur.append(c)
        elif c == ")":
            depth -= 1
            cur.append(c)
        elif c == sep and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(c)
        i += 1
    if "".join(cur).strip():
        parts.append("".join(cur).strip())
    return parts


def c_string(expr):
    """The value of adjacent C string literals ("a " "b" -> "a b")."""
    return "".join(m.group(1) for m in re.finditer(r'"((?:[^"\\]|\\.)*)"', expr))


def strip_comments(text):
    return re.sub(r"/\*.*?\*/", " ", text, flags=re.S)


def comment_text(raw):
    """The text of a /* ... */ comment, its frame removed, lines kept."""
    body = raw.strip()
    body = body[2:-2] if body.startswith("/*") and body.endswith("*/") else body
    lines = []
    for line in body.split("\n"):
        line = re.sub(r"^\s*\* ?", "", line) if re.match(r"^\s*\*", line) else line.strip()
        lines.append(line.rstrip())
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    # A one-line comment keeps no leading blank; a block keeps its relative indentation.
    return "\n".join(lines)


def macro_body(text, name):
    """The joined replacement text of `#define name(...)` (continuations joined)."""
    m = re.search(r"^#define\s+" + re.escape(name) + r"\b(\([^)]*\))?(.*?)(?<!\\)$", text,
                  re.M | re.S)
    if not m:
        return None
    start = m.start()
    lines, pos = [], start
    for line in text[start:].split("\n"):
        lines.append(line.rstrip())
        if not line.rstrip().endswith("\\"):
            break
    joined = " ".join(l[:-1] if l.endswith("\\") else l for l in lines)
    joined = strip_comments(joined)
    head = re.match(r"#define\s+" + re.escape(name) + r"(\([^)]*\))?", joined)
    return joined[head.end():].strip()


def list_rows(text, name):
    """The rows X(...) of an X-macro list, each split into its top-level arguments."""
    body = macro_body(text, name)
    if body is None:
        raise ValueError("no #define %s in the header" % name)
    rows = []
    for m in re.finditer(r"\bX\s*\(", body):
        depth, i = 1, m.end()
        while depth and i < len(body):
            if body[i] == "(":
                depth += 1
            elif body[i] == ")":
                depth -= 1
            i += 1
        rows.append(split_top(body[m.end():i - 1]))
    return rows


def simple_defines(text):
    """{NAME: value} of the object-like #defines of a header."""
    out = {}
    for m in re.finditer(r"^#define\s+([A-Za-z_]\w*)[ \t]+([^\n]*)$", text, re.M):
        out[m.group(1)] = strip_comments(m.group(2)).strip()
    return out


class Abi:
    """What the headers say, read once per build."""

    def __init__(self, include_dir):
        self.dir = include_dir
        self.text = {}
        for fn in sorted(os.listdir(include_dir)):
            if fn.endswith(".h"):
                with open(os.path.join(include_dir, fn), encoding="utf-8") as f:
                    self.text[fn] = f.read()
        feats = self.text["features.h"]
        self.groups = [{"name": r[0], "number": int(r[1]), "desc": c_string(r[2])}
                       for r in list_rows(feats, "VMI_GROUP_LIST")]
        self.features = []
        for g, n, bit, desc in list_rows(feats, "VMI_FEATURE_LIST"):
            gnum = next(x["number"] for x in self.groups if x["name"] == g)
            self.features.append({"group": g, "name": n, "bit": int(bit),
                                  "macro": "VMI_FEAT_%s_%s" % (g, n), "desc": c_string(desc),
                                  "id": (gnum << 6) | int(bit)})
        self.statuses = [{"name": "VMI_" + r[0], "value": int(r[1]), "desc": c_string(r[2])}
                         for r in list_rows(self.text["status.h"], "VMI_STATUS_LIST")]
        self.calls = self._calls(self.text["calls.h"])

    def _calls(self, text):
        defs = simple_defines(text)
        attr_names = {k: k[len("VMI_ATTR_"):] for k in defs if k.startswith("VMI_ATTR_")}
        calls = []
        for row in list_rows(text, "VMI_CALL_LIST"):
            if len(row) != 8:
                raise ValueError("call row with %d fields: %r" % (len(row), row))
            num, group, name, ret, attrs, feat, count, params = row
            names = []
            for a in re.split(r"\s*\|\s*", attrs.strip()):
                a = defs.get(a, a) if not a.startswith("VMI_ATTR_") else a
                if a in ("0", "VMI_ATTR_NONE"):
                    continue
                if a not in attr_names:
                    raise ValueError("call %s: unknown attribute %r" % (name, a))
                names.append(attr_names[a])
            plist = split_top(params.strip()[1:-1]) if params.strip() != "()" else []
            if len(plist) % 3 or len(plist) // 3 != int(count):
                raise ValueError("call %s: %s parameters declared, %r given"
                                 % (name, count, plist))
            triples = [{"kind": plist[i], "type": plist[i + 1], "name": plist[i + 2]}
                       for i in range(0, len(plist), 3)]
            calls.append({"number": int(num), "group": group, "name": name, "ret": ret,
                          "attrs": names, "feature": feat, "params": triples})
        count = defs.get("VMI_CALL_COUNT", "").rstrip("u")
        if count.isdigit() and int(count) != len(calls):
            raise ValueError("VMI_CALL_COUNT is %s but the list has %d rows"
                             % (count, len(calls)))
        return calls

    def feature(self, macro):
        return next((f for f in self.features if f["macro"] == macro), None)

    def calls_needing(self, macro):
        return [c for c in self.calls if c["feature"] == macro]


def prototype(call):
    """The guest-facing C prototype of a call: vmi_<name>(params)."""
    decls = []
    for p in call["params"]:
        decls.append("%s *%s" % (p["type"], p["name"]) if p["kind"] == "OUT"
                     else "%s %s" % (p["type"], p["name"]))
    return "%s vmi_%s(%s)" % (call["ret"], call["name"], ", ".join(decls) or "void")


# ---- declarations of a header, in file order ------------------------------------------------

def declarations(text):
    """Yields dicts (kind: comment, defines, enum, struct, function, typedef, include) with
    `doc` = the comment written directly above, in the order of the file."""
    lines = text.split("\n")
    i, doc, items = 0, None, []
    asserts = {"offset": {}, "size": {}}
    defines = None

    def flush_defines():
        nonlocal defines
        if defines:
            items.append(defines)
        defines = None

    while i < len(lines):
        line = lines[i]
        s = line.strip()
        if not s:
            flush_defines()
            if doc is not None and doc.get("pending"):
                # A comment followed by a blank line stands alone.
                items.append({"kind": "comment", "doc": doc["text"]})
                doc = None
            i += 1
            continue
        if s.startswith("/*"):
            flush_defines()
            raw = [line]
            while "*/" not in raw[-1] and i + 1 < len(lines):
                i += 1
                raw.append(lines[i])
            if doc is not None and doc.get("pending"):
                items.append({"kind": "comment", "doc": doc["text"]})
            doc = {"text": comment_text("\n".join(raw)), "pending": True}
            i += 1
            continue
        text_doc = doc["text"] if doc else None
        doc = None
        if s.startswith("#define"):
            full = [line]
            while full[-1].rstrip().endswith("\\") and i + 1 < len(lines):
                i += 1
                full.append(lines[i])
            i += 1
            d = _define(full)
            if d is None:
                continue
            if defines is None:
                defines = {"kind": "defines", "doc": text_doc, "items": []}
            elif text_doc:
                flush_defines()
                defines = {"kind": "defines", "doc": text_doc, "items": []}
            defines["items"].append(d)
            continue
        flush_defines()
        if s.startswith("#include"):
            items.append({"kind": "include", "doc": text_doc, "file": s.split(None, 1)[1]})
            i += 1
            continue
        if s.startswith("#"):
            i += 1
            continue
        if s.startswith("VMI_STATIC_ASSERT"):
            stmt = s
            while not stmt.rstrip().endswith(";") and i + 1 < len(lines):
                i += 1
                stmt += " " + lines[i].strip()
            m = re.search(r"offsetof\(struct (\w+), (\w+)\) == (\d+)", stmt)
            if m:
                asserts["offset"].setdefault(m.group(1), {})[m.group(2)] = int(m.group(3))
            m = re.search(r"sizeof\(struct (\w+)\) == (\d+)", stmt)
            if m:
                asserts["size"][m.group(1)] = int(m.group(2))
            i += 1
            continue
        m = re.match(r"^(enum|struct)\s+(\w+)\s*\{", s)
        if m:
            body = []
            i += 1
            while i < len(lines) and not lines[i].startswith("}"):
                body.append(lines[i])
                i += 1
            tail = lines[i] if i < len(lines) else ""
            size = re.search(r"/\*\s*(\d+) bytes\s*\*/", tail)
            item = {"kind": m.group(1), "name": m.group(2), "doc": text_doc,
                    "size": int(size.group(1)) if size else None}
            item.update(_members(body, m.group(1)))
            items.append(item)
            i += 1
            continue
        m = re.match(r"^static inline (.+?\))\s*$", s)
        if m:
            items.append({"kind": "function", "doc": text_doc, "signature": m.group(1)})
            i += 1
            while i < len(lines) and not lines[i].startswith("}"):
                i += 1
            i += 1
            continue
        m = re.match(r"^extern (?!\"C\")(.+);", s)
        if m:
            items.append({"kind": "variable", "doc": text_doc, "decl": m.group(1)})
            i += 1
            continue
        m = re.match(r"^(VMI_[A-Z]+_LIST)\((\w+)\)\s*$", s)
        if m:
            # A list applied at file level: document it with the comment of its macro.
            group = items[-1] if items and items[-1]["kind"] == "defines" else None
            if group and group["doc"] and any(d["name"] == m.group(2)
                                              for d in group["items"]):
                items.append({"kind": "applied", "doc": group["doc"], "list": m.group(1),
                              "macro": m.group(2)})
            i += 1
            continue
        m = re.match(r"^typedef (.+);", s)
        if m:
            items.append({"kind": "typedef", "doc": text_doc, "decl": m.group(1)})
            i += 1
            continue
        i += 1  # anything else (a list applied at file level) is not a declaration
    flush_defines()
    return items, asserts


def _define(full):
    first = full[0]
    joined = " ".join(l.rstrip()[:-1] if l.rstrip().endswith("\\") else l for l in full)
    note = None
    m = re.search(r"/\*(.*?)\*/\s*$", first)
    if m and len(full) == 1:
        note = m.group(1).strip()
    joined = re.sub(r"\s+", " ", strip_comments(joined)).strip()
    m = re.match(r"#define ([A-Za-z_]\w*)(\([^)]*\))?\s*(.*)$", joined)
    if not m:
        return None
    return {"name": m.group(1), "params": m.group(2), "value": m.group(3), "note": note}


def _members(body, kind):
    """Enumerators or fields with their trailing comments; `generated` when the body is
    expanded from an X-macro list."""
    out, generated, open_comment, continued = [], None, False, False
    for raw in body:
        s = raw.strip()
        if continued:
            continued = s.endswith("\\")
            continue
        if s.startswith("#"):
            continued = s.endswith("\\")
            continue
        if open_comment:
            # The continuation of the previous member's comment.
            text = s.split("*/", 1)[0].strip()
            if out:
                out[-1]["note"] = ((out[-1]["note"] or "") + " " + text).strip()
            open_comment = "*/" not in s
            continue
        if not s:
            continue
        m = re.search(r"\b(VMI_[A-Z]+_LIST)\(", s)
        if m and not s.startswith("#"):
            generated = m.group(1)
            continue
        if s.startswith("#"):
            continue
        if s.startswith("/*"):
            open_comment = "*/" not in s
            continue
        note = None
        code = s
        m = re.search(r"/\*(.*?)(\*/|$)", s)
        if m:
            note = m.group(1).strip()
            code = s[:m.start()].strip()
            open_comment = m.group(2) == ""
        code = code.rstrip(",;").strip()
        if not code:
            continue
        if kind == "enum":
            name, _, value = code.partition("=")
            out.append({"name": name.strip(), "value": value.strip(), "note": note})
        else:
            out.append(dict(_field(code), note=note))
    for o in out:
        if o.get("note"):
            o["note"] = re.sub(r"\s+", " ", o["note"].replace("*/", "")).strip()
    return {"members": out, "generated": generated}


def _field(code):
    m = re.match(r"^(.*?)\(\s*\*\s*(\w+)\s*\)\s*(\(.*\))$", code)
    if m:
        return {"type": "%s (*)%s" % (m.group(1).strip(), m.group(3)), "name": m.group(2)}
    m = re.match(r"^(.*?)(\w+)\s*(\[[^\]]*\])?$", code)
    ctype = m.group(1).strip() + (m.group(3) or "")
    if ctype.endswith("*"):
        ctype = ctype[:-1].strip() + " *"
    return {"type": ctype, "name": m.group(2)}


# ---- writing reST --------------------------------------------------------------------------

def rst_inline(text):
    """Comment prose as reST: `x` becomes ``x``, markup characters are escaped."""
    out = []
    for i, part in enumerate(re.split(r"`([^`]+)`", text)):
        if i % 2:
            out.append("``%s``" % part)
            continue
        part = part.replace("\\", "\\\\").replace("*", "\\*").replace("|", "\\|")
        part = re.sub(r"(\w)_(?=\W|$)", r"\1\\_", part)
        out.append(part)
    return "".join(out)


ALIGNED = re.compile(r"[^.?!:\s]\s{2,}\S")


def _preformatted(line):
    """A line laid out in columns (or indented) rather than written as prose."""
    return line.startswith(" ") or bool(ALIGNED.search(line))


def _literal_lead(prose):
    lead = rst_inline(" ".join(prose))
    return lead + ":" if lead.endswith(":") else lead + " ::"


def rst_doc(text, indent="", literal=True):
    """A comment as reST paragraphs; runs laid out in columns become literal blocks (or are
    dropped when `literal` is false, because a table shows them)."""
    out = []
    paras, cur = [], []
    for line in text.split("\n"):
        if not line.strip():
            if cur:
                paras.append(cur)
            cur = []
        else:
            cur.append(line)
    if cur:
        paras.append(cur)
    for para in paras:
        start = next((j for j, l in enumerate(para) if _preformatted(l)), None)
        prose = [l.strip() for l in para[:start]]
        if start is None:
            out += [indent + rst_inline(" ".join(prose)), ""]
        elif not literal:
            if prose:
                out += [indent + rst_inline(" ".join(prose)), ""]
        else:
            if prose:
                out += [indent + _literal_lead(prose), ""]
            else:
                out += [indent + "::", ""]
            out += [indent + "   " + l for l in para[start:]] + [""]
    return out


def list_table(headers, rows, indent="", widths=None, title=""):
    out = [indent + ".. list-table::" + ((" " + title) if title else ""),
           indent + "   :header-rows: 1"]
    if widths:
        out.append(indent + "   :widths: " + " ".join(str(w) for w in widths))
    out.append("")
    for row in [headers] + rows:
        for j, cell in enumerate(row):
            out.append(indent + ("   * - " if j == 0 else "     - ") + (cell or ""))
    out.append("")
    return out


def lit(x):
    return "``%s``" % x if x else ""


def heading(text, char):
    return [text, char * len(text), ""]


def parse_notes(doc):
    """From a comment that lists `NAME   meaning` lines, {NAME: meaning}."""
    notes, last = {}, None
    for line in (doc or "").split("\n"):
        m = re.match(r"^\s+([A-Z]+)\s{2,}(.*)$", line)
        if m:
            last = m.group(1)
            notes[last] = m.group(2).strip()
        elif last and line.startswith("      ") and line.strip():
            notes[last] += " " + line.strip()
        else:
            last = None
    return notes


class Renderer:
    """Writes the reST of one header."""

    def __init__(self, abi, header, app):
        self.abi, self.header, self.app = abi, header, app
        self.text = abi.text[header]
        self.items, self.asserts = declarations(self.text)
        self.out = []

    def render(self):
        first = self.items[0] if self.items else None
        if first and first["kind"] == "comment":
            self.out += rst_doc(first["doc"])
            self.items = self.items[1:]
        umbrella = self.abi.text.get("vmi.h", "")
        if self.header == "vmi.h":
            pass
        elif re.search(r'^#include "%s"' % re.escape(self.header), umbrella, re.M):
            self.out += ["Include it as ``#include <vmi/%s>``, or with the whole ABI as "
                         "``#include <vmi/vmi.h>``." % self.header, ""]
        else:
            self.out += ["Include it as ``#include <vmi/%s>`` (``vmi/vmi.h`` does not "
                         "include it)." % self.header, ""]
        includes = [it for it in self.items if it["kind"] == "include"]
        if includes:
            self.includes(includes)
        for item in self.items:
            getattr(self, "item_" + item["kind"])(item)
        return self.out

    # -- items

    def includes(self, items):
        local = [it["file"].strip('"') for it in items if it["file"].startswith('"')]
        system = [it["file"].strip("<>") for it in items if it["file"].startswith("<")]
        if local:
            self.out += ["Includes: " + ", ".join(":doc:`%s <%s>`" % (f, f[:-2])
                                                   for f in local) + ".", ""]
        if system:
            self.out += ["Needs only the compiler's freestanding headers: " +
                         ", ".join(lit(f) for f in system) + ".", ""]

    def item_include(self, item):
        pass

    def item_comment(self, item):
        doc = item["doc"]
        m = re.match(r"^-+\s*(.*?)\s*-*$", doc.strip())
        if m and "\n" not in doc.strip():
            self.out += [".. rubric:: " + rst_inline(m.group(1).rstrip(".")), ""]
        else:
            self.out += rst_doc(doc)

    def item_typedef(self, item):
        self.out += [".. c:type:: " + item["decl"], ""]
        if item["doc"]:
            self.out += rst_doc(item["doc"], "   ")
        self.out += ["   ``typedef %s;``" % item["decl"], ""]

    def item_variable(self, item):
        name = re.findall(r"\w+", item["decl"])[-1]
        if any(re.search(r"\b(struct|enum)\s+%s\s*\{" % name, t) for t in self.abi.text.values()):
            # Sphinx's C domain has one namespace for tags and identifiers, and the struct
            # keeps the name as its link target: describe the variable in plain text.
            self.out += ["``extern %s;``" % item["decl"]]
            self.out += rst_doc(item["doc"] or "", "   ") or [""]
            return
        self.out += [".. c:var:: " + item["decl"], ""]
        if item["doc"]:
            self.out += rst_doc(item["doc"], "   ")

    def item_applied(self, item):
        self.out += [".. rubric:: Generated from ``%s``" % item["list"], ""]
        self.out += rst_doc(item["doc"])
        if item["list"] == "VMI_CALL_LIST":
            self.out += ["``%s`` is expanded once per row of the call list; the functions it "
                         "defines are those of the :ref:`call reference <vmi-api-calls>`."
                         % item["macro"], ""]

    def item_function(self, item):
        self.out += [".. c:function:: " + item["signature"], ""]
        if item["doc"]:
            self.out += rst_doc(item["doc"], "   ")

    def item_enum(self, item):
        self.out += [".. c:enum:: " + item["name"], ""]
        if item["doc"]:
            self.out += rst_doc(item["doc"], "   ")
        if item["generated"]:
            self.out += ["   Its enumerators are generated from ``%s``%s." % (
                item["generated"], self.generated_where(item["generated"])), ""]
        rows = self.generated_enumerators(item["generated"])
        rows += [[lit(m["name"]), lit(m["value"]), rst_inline(m["note"] or "")]
                 for m in item["members"]]
        if rows:
            self.out += list_table(["Enumerator", "Value", "Note"], rows, "   ", [30, 15, 55])

    def item_struct(self, item):
        name = item["name"]
        size = self.asserts["size"].get(name, item["size"])
        offsets = self.asserts["offset"].get(name, {})
        self.out += [".. c:struct:: " + name, ""]
        if item["doc"]:
            self.out += rst_doc(item["doc"], "   ")
        if item["generated"] == "VMI_CALL_LIST":
            self.out += ["   One function pointer per call, generated from ``VMI_CALL_LIST`` "
                         "in call-number order: the slot of call N is at offset 8N.", ""]
            rows = [[str(c["number"] * 8), lit(c["name"]),
                     lit("%s (*)(%s)" % (c["ret"], ", ".join(
                         (p["type"] + " *") if p["kind"] == "OUT" else p["type"]
                         for p in c["params"]) or "void")),
                     ":c:func:`vmi_%s`" % c["name"]]
                    for c in self.abi.calls]
            self.out += list_table(["Offset", "Member", "Type", "Call"], rows, "   ",
                                   [10, 25, 45, 20])
            size = size or len(self.abi.calls) * 8
        else:
            pinned = bool(offsets)
            rows = [[str(offsets[m["name"]]) if m["name"] in offsets else "",
                     lit(m["name"]), lit(m["type"]), rst_inline(m["note"] or "")]
                    for m in item["members"]]
            self.out += list_table(["Offset", "Field", "Type", "Note"], rows, "   ",
                                   [10, 22, 25, 43])
            if pinned:
                self.out += ["   Offsets and size are pinned by static assertions in the "
                             "header.", ""]
        if size:
            self.out += ["   Size: %d bytes." % size, ""]

    def item_defines(self, item):
        lists = [d for d in item["items"] if d["name"].endswith("_LIST")]
        plain = [d for d in item["items"] if not d["name"].startswith("VMI__")
                 and not re.match(r"^VMI_\w+_H$", d["name"]) and d not in lists]
        for d in lists:
            self.out += [".. c:macro:: %s%s" % (d["name"], d["params"] or ""), ""]
            if item["doc"]:
                self.out += rst_doc(item["doc"], "   ")
            self.out += getattr(self, "list_" + d["name"].lower(), self.list_unknown)("   ")
        if not plain:
            return
        notes = parse_notes(item["doc"])
        covered = bool(notes) and all(d["name"].rsplit("_", 1)[-1] in notes for d in plain)
        rows = []
        for d in plain:
            note = d["note"] or notes.get(d["name"].rsplit("_", 1)[-1], "")
            rows.append([lit(d["name"] + (d["params"] or "")), lit(d["value"]),
                         rst_inline(note)])
        if not any(r[2] for r in rows) and len(rows) <= 2:
            # A constant or two: a definition list reads better than a table.
            if not item["doc"]:
                self.out += ["; ".join("%s = %s" % (r[0], r[1]) for r in rows) + ".", ""]
                return
            for r in rows:
                self.out += ["%s = %s" % (r[0], r[1])] + rst_doc(item["doc"], "   ")
            return
        if item["doc"] and not lists:
            self.out += rst_doc(item["doc"], literal=not covered)
        if any(r[2] for r in rows):
            self.out += list_table(["Macro", "Definition", "Note"], rows, "", [34, 36, 30])
        else:
            self.out += list_table(["Macro", "Definition"], [r[:2] for r in rows], "",
                                   [45, 55])

    def generated_enumerators(self, name):
        a = self.abi
        if name == "VMI_CALL_LIST":
            return [[lit("VMI_CALL_" + c["name"]), str(c["number"]),
                     ":c:func:`vmi_%s`" % c["name"]] for c in a.calls]
        if name == "VMI_STATUS_LIST":
            return [[lit(x["name"]), str(x["value"]), rst_inline(x["desc"])]
                    for x in a.statuses]
        if name == "VMI_GROUP_LIST":
            return [[lit("VMI_GROUP_" + g["name"]), str(g["number"]), rst_inline(g["desc"])]
                    for g in a.groups]
        if name == "VMI_FEATURE_LIST":
            return [[lit(f["macro"]), "0x%03x" % f["id"], rst_inline(f["desc"])]
                    for f in a.features]
        return []

    def generated_where(self, name):
        for h, text in self.abi.text.items():
            if re.search(r"^#define " + name + r"\(", text, re.M):
                return " (:doc:`%s <%s>`)" % (h, h[:-2]) if h != self.header else ""
        return ""

    # -- the lists

    def list_unknown(self, indent):
        return [indent + "(A list this page does not know how to render.)", ""]

    def list_vmi_status_list(self, indent):
        rows = [[lit(s["name"]), str(s["value"]), rst_inline(s["desc"])]
                for s in self.abi.statuses]
        return list_table(["Status", "Value", "Meaning"], rows, indent, [25, 10, 65]) + [
            indent + "The meaning of each status in each situation is :doc:`/spec/errors`.",
            ""]

    def list_vmi_group_list(self, indent):
        rows = []
        for g in self.abi.groups:
            calls = [c for c in self.abi.calls if c["group"] == g["name"]]
            rows.append([lit(g["name"]), str(g["number"]), rst_inline(g["desc"]),
                         ":doc:`/spec/%s`" % g["name"].lower(),
                         ":ref:`%d calls <vmi-api-group-%s>`" % (len(calls),
                                                                g["name"].lower())])
        return list_table(["Group", "Number", "Description", "Specification", "Calls"],
                          rows, indent, [10, 8, 42, 25, 15])

    def list_vmi_feature_list(self, indent):
        rows = []
        for f in self.abi.features:
            calls = ", ".join(":c:func:`vmi_%s`" % c["name"]
                              for c in self.abi.calls_needing(f["macro"]))
            rows.append([lit(f["macro"]), f["group"], str(f["bit"]), "0x%03x" % f["id"],
                         rst_inline(f["desc"]), calls or "none"])
        return list_table(["Feature", "Group", "Bit", "ID", "Description", "Calls"], rows,
                          indent, [24, 8, 5, 7, 26, 30])

    def list_vmi_call_list(self, indent):
        out = [indent + "The call list: %d calls, listed below by group. Each row gives "
               "number, group, name, return type, attributes, the feature it needs and "
               "its parameters." % len(self.abi.calls), ""]
        return out

    # -- the calls (rendered after the list's macro, as sections)

    def calls_reference(self):
        out = [".. _vmi-api-calls:", ""] + heading("The calls", "-")
        out += ["One entry per row of ``VMI_CALL_LIST``, by group, in call-number order. The "
                "prototype is the guest-facing ``vmi_<name>()`` function; the ops slot is the "
                "member of :c:struct:`vmi_ops` an adapter fills.", ""]
        attr_doc = parse_notes(next((it["doc"] for it in self.items if it["kind"] == "defines"
                                     and any(d["name"].startswith("VMI_ATTR_")
                                             for d in it["items"])), ""))
        for g in self.abi.groups:
            calls = [c for c in self.abi.calls if c["group"] == g["name"]]
            if not calls:
                continue
            out += [".. _vmi-api-group-%s:" % g["name"].lower(), ""]
            out += heading("Group %s (%d): %s" % (g["name"], g["number"], g["desc"]), "~")
            out += ["Specified in :doc:`/spec/%s`." % g["name"].lower(), ""]
            for c in calls:
                out += self.call_entry(c, attr_doc)
        return out

    def call_entry(self, c, attr_doc):
        f = self.abi.feature(c["feature"])
        out = [".. c:function:: " + prototype(c), ""]
        spec = "spec/" + c["group"].lower()
        out += ["   Specified in :vmi:call:`%s <%s>` of :doc:`/%s`." % (
            c["name"], c["name"], spec), ""]
        out += ["   :Call number: %d (``VMI_CALL_%s``); ops slot ``%s`` at offset %d" % (
            c["number"], c["name"], c["name"], c["number"] * 8)]
        out += ["   :Feature: ``%s`` (group %s, bit %d: %s)" % (
            c["feature"], f["group"], f["bit"], rst_inline(f["desc"])) if f else
            "   :Feature: ``%s``" % c["feature"]]
        attrs = ", ".join(a for a in c["attrs"]) or "none"
        out += ["   :Attributes: " + attrs]
        for p in c["params"]:
            ptype = p["type"] + (" *" if p["kind"] == "OUT" else "")
            meaning = {"IN": "in", "OUT": "out: written only on success",
                       "BUF": "in: input bytes, the next parameter is their length"}
            out += ["   :param %s: %s (``%s``)" % (p["name"], meaning.get(p["kind"], p["kind"]),
                                                  ptype)]
        out += ["   :returns: ``VMI_OK``, or a negative status (:doc:`/spec/errors`)", ""]
        return out


class HeaderDirective(SphinxDirective):
    """``.. vmi:header:: calls.h``: the reference of one public header."""

    required_arguments = 1
    has_content = False

    def run(self):
        header = self.arguments[0].strip()
        include_dir = self.config.vmi_include_dir
        path = os.path.join(include_dir, header)
        if not os.path.exists(path):
            logger.warning("no header %s in %s", header, include_dir,
                           location=self.get_location())
            return []
        for fn in os.listdir(include_dir):
            if fn.endswith(".h"):
                self.env.note_dependency(os.path.join(include_dir, fn))
        self.env.note_dependency(os.path.abspath(__file__))  # a new renderer rewrites the page
        self.env.domaindata.setdefault("vmiapi", {}).setdefault("headers", {})[
            header] = self.env.docname
        try:
            abi = Abi(include_dir)
            r = Renderer(abi, header, self.env.app)
            lines = r.render()
            if header == "calls.h":
                lines += r.calls_reference()
        except (ValueError, KeyError, StopIteration) as exc:
            logger.warning("cannot read %s: %s", header, exc, location=self.get_location())
            return []
        node = nodes.section()
        node.document = self.state.document
        content = StringList()
        for n, line in enumerate(lines):
            content.append(line, "<generated from include/vmi/%s>" % header, n)
        nested_parse_with_titles(self.state, content, node)
        return node.children


def purge(app, env, docname):
    headers = env.domaindata.get("vmiapi", {}).get("headers", {})
    for h in [h for h, d in headers.items() if d == docname]:
        del headers[h]


def merge(app, env, docnames, other):
    theirs = other.domaindata.get("vmiapi", {}).get("headers", {})
    env.domaindata.setdefault("vmiapi", {}).setdefault("headers", {}).update(
        {h: d for h, d in theirs.items() if d in docnames})


def check(app, env):
    """Every public header has its page, and every call its section in spec/<group>.rst."""
    include_dir = app.config.vmi_include_dir
    done = env.domaindata.get("vmiapi", {}).get("headers", {})
    for fn in sorted(os.listdir(include_dir)):
        if fn.endswith(".h") and fn not in done:
            logger.warning("public header include/vmi/%s has no API page (.. vmi:header:: %s)",
                           fn, fn)
    try:
        abi = Abi(include_dir)
    except (ValueError, KeyError, StopIteration) as exc:
        logger.warning("cannot read the call list: %s", exc)
        return
    sections = env.get_domain("vmi").calls
    for c in abi.calls:
        want = "spec/" + c["group"].lower()
        got = sections.get(c["name"])
        if got is None:
            logger.warning("call %s has no section ``%s`` in %s.rst", c["name"], c["name"],
                           want)
        elif got["docname"] != want:
            logger.warning("call %s (group %s) has its section in %s, not %s", c["name"],
                           c["group"], got["docname"], want)


def setup(app):
    app.setup_extension("vmireq")
    app.add_config_value("vmi_include_dir", "", "env")
    app.add_directive_to_domain("vmi", "header", HeaderDirective)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-check-consistency", check)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": 1}
