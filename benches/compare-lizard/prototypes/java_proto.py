"""Reference prototype (py-tree-sitter 0.25, tree-sitter-java 0.23.5) of the Java rules in
../LIZARD_NOTES.md (J1 stale class names, J6 in-body annotation cut-off, J7 names), compared
against lizard 1.24.3.

    pip install lizard==1.24.3 tree-sitter==0.25.2 tree-sitter-java==0.23.5
    python3 java_proto.py <dir> [n-examples]

Measured on 907 OpenJDK 17 files (16,120 lizard functions): found by
(name, start_line) with equal CCN (99.58%); 66 lizard functions not produced,
738 produced that lizard does not report (parser derailments, see notes J8).
J7 parameter counts (taken from annotation arguments) are not emulated.
"""
import sys, os, re
sys.path.insert(0, os.path.dirname(__file__))
from common import compare
from tree_sitter import Language, Parser
import tree_sitter_java
P = Parser(Language(tree_sitter_java.language()))
COND = {'if', 'for', 'while', 'catch', '&&', '||', 'case', '?'}
GLUED = re.compile(r'^<[\w\s,.?]+>$')

class State:
    def __init__(self, cls, is_record=False):
        self.cls = cls; self.is_record = is_record

def count_ccn(body):
    c = 1
    stack = [body]
    while stack:
        n = stack.pop()
        for ch in n.children:
            if ch.type == 'class_body':  # anonymous/local class bodies: not ours
                continue
            if ch.type in ('class_declaration', 'enum_declaration', 'record_declaration', 'interface_declaration'):
                continue
            if ch.child_count == 0:
                if ch.type in COND:
                    if ch.type == '?' and n.type == 'wildcard':
                        ta = n.parent
                        if ta.type == 'type_arguments' and GLUED.match(ta.text.decode()):
                            continue
                    c += 1
            else:
                stack.append(ch)
    return c

def line(n): return n.start_point[0] + 1

def find_cutoff(root):
    # first annotation with an argument list inside a code block (not at class-member level)
    best = None
    stack = [root]
    while stack:
        n = stack.pop()
        if n.type == 'annotation':
            p = n.parent
            while p is not None and p.type not in ('block', 'constructor_body', 'class_body', 'enum_body', 'interface_body', 'enum_body_declarations', 'annotation_type_body', 'record_declaration'):
                p = p.parent
            if p is not None and p.type in ('block', 'constructor_body'):
                if best is None or n.start_byte < best:
                    best = n.start_byte
        stack.extend(n.children)
    return best

def analyze(src):
    tree = P.parse(src)
    out = []
    cutoff = find_cutoff(tree.root_node)
    def members(body, st):
        for m in body.named_children:
            member(m, st)
    def member(m, st):
        t = m.type
        if t in ('class_declaration', 'enum_declaration', 'record_declaration'):
            name = m.child_by_field_name('name').text.decode()
            st.cls = name
            inner = State(name, t == 'record_declaration')
            members(m.child_by_field_name('body'), inner)
        elif t in ('interface_declaration', 'annotation_type_declaration'):
            members(m.child_by_field_name('body'), st)
        elif t in ('enum_body_declarations',):
            members(m, st)
        elif t == 'enum_constant':
            b = m.child_by_field_name('body')
            if b: members(b, st)
            scan(m, st)
        elif t in ('method_declaration', 'constructor_declaration'):
            body = m.child_by_field_name('body')
            name = m.child_by_field_name('name')
            nm = name.text.decode()
            name_line = line(name)
            # J7: `@Marker @Annot(args)` -> lizard names the method after Annot
            mods = [c for c in m.children if c.type == 'modifiers']
            if mods:
                kids = [k for k in mods[0].children if k.type != 'comment']
                for a, b in zip(kids, kids[1:]):
                    if a.type == 'marker_annotation' and b.type == 'annotation':
                        ident = b.child_by_field_name('name')
                        nm = ident.text.decode().split('.')[-1]
                        name_line = ident.start_point[0] + 1
                        break
            if body is not None and not (st.is_record and name.text.decode() == st.cls):
                full = f"{st.cls}::{nm}" if st.cls else nm
                params = m.child_by_field_name('parameters')
                pc = 0
                for p in params.named_children:
                    if p.type in ('formal_parameter', 'spread_parameter', 'receiver_parameter'):
                        if p.text.decode().rstrip().endswith(']'):
                            continue
                        pc += 1
                if cutoff is None or name.start_byte < cutoff:
                    out.append((full, name_line, body.end_point[0] + 1, count_ccn(body), pc))
            if body is not None:
                scan(body, st)
        elif t == 'compact_constructor_declaration':
            pass
        else:
            scan(m, st)
    def scan(n, st):
        # find anonymous and local classes inside code
        for ch in n.children:
            if ch.type == 'object_creation_expression':
                cb = [c for c in ch.children if c.type == 'class_body']
                for c in ch.children:
                    if c.type != 'class_body':
                        scan_one(c, st)
                if cb:
                    members(cb[0], State('(anonymous)'))
            elif ch.type in ('class_declaration', 'enum_declaration', 'record_declaration', 'interface_declaration'):
                member(ch, State(None))
            else:
                scan(ch, st)
    def scan_one(n, st):
        scan(n, st) if n.child_count else None
    members(tree.root_node, State(None))
    return out

if __name__ == '__main__':
    paths = []
    for d, _, fs in os.walk(sys.argv[1]):
        paths += [os.path.join(d, f) for f in fs if f.endswith('.java')]
    paths.sort()
    ex = compare(paths, analyze, 'java')
    for e in ex[:int(sys.argv[2]) if len(sys.argv) > 2 else 40]:
        print(e)
