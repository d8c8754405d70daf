"""Reference prototype (Python + py-tree-sitter 0.25, tree-sitter-python 0.25.0) of the
Python rules in ../LIZARD_NOTES.md, compared against lizard 1.24.3.

    pip install lizard==1.24.3 tree-sitter==0.25.2 tree-sitter-python==0.25.0
    python3 py_proto.py <dir> <max-files>     # dirs containing "/test" are skipped

Measured on CPython 3.11 stdlib (17,169 lizard functions): 99.89% found by
(name, start_line) with equal CCN; the rest are the one-liner hijack and
dedented-continuation quirks, which this prototype does not emulate.
"""
import sys, os, lizard
from tree_sitter import Language, Parser
import tree_sitter_python
P = Parser(Language(tree_sitter_python.language()))
COND = {'if', 'elif', 'for', 'while', 'except', 'finally', 'and', 'or', 'case'}

def leaves(n):
    if n.child_count == 0:
        yield n
    for c in n.children:
        yield from leaves(c)

def analyze(src):
    tree = P.parse(src)
    out = []
    def ccn_of(fn):
        c = 1
        stack = [fn]
        while stack:
            n = stack.pop()
            for ch in n.children:
                if ch.type == 'function_definition' and ch is not fn:
                    continue
                if ch.type == 'decorated_definition':
                    # decorators belong to the enclosing function; the def itself not
                    for d in ch.children:
                        if d.type == 'decorator':
                            stack.append(d)
                    continue
                if ch.child_count == 0:
                    if ch.type in COND:
                        c += 1
                else:
                    stack.append(ch)
        return c
    def last_line(n):
        last = None
        for l in leaves(n):
            if l.type != 'comment':
                last = l
        return last.end_point[0] + 1
    def walk(n, prefix_names):
        for ch in n.children:
            if ch.type == 'function_definition':
                name_node = ch.child_by_field_name('name')
                body = ch.child_by_field_name('body')
                one_liner = body.start_point[0] == name_node.start_point[0]
                nm = ''.join(p + '.' for p in prefix_names) + name_node.text.decode()
                if not one_liner:
                    params = ch.child_by_field_name('parameters')
                    pc = sum(1 for p in params.named_children
                             if p.type not in ('comment', 'keyword_separator', 'positional_separator'))
                    out.append((nm, name_node.start_point[0] + 1, last_line(ch), ccn_of(ch), pc))
                walk(ch, prefix_names + [nm])
            else:
                walk(ch, prefix_names)
    walk(tree.root_node, [])
    return out

def compare(paths, ext):
    tot = ok = miss = extra = 0
    bad_ccn = bad_end = bad_p = 0
    examples = []
    for path in paths:
        src = open(path, 'rb').read()
        try:
            ref = lizard.analyze_file.analyze_source_code(path, src.decode('utf8'))
        except Exception as e:
            continue
        mine = {(f[0], f[1]): f for f in analyze(src)}
        for f in ref.function_list:
            if f.name == '*global*':
                continue
            tot += 1
            m = mine.pop((f.name, f.start_line), None)
            if m is None:
                miss += 1; examples.append(('MISS', path, f.name, f.start_line)); continue
            good = True
            if m[3] != f.cyclomatic_complexity:
                bad_ccn += 1; good = False; examples.append(('CCN', path, f.name, f.start_line, m[3], f.cyclomatic_complexity))
            if m[2] != f.end_line:
                bad_end += 1; examples.append(('END', path, f.name, f.start_line, m[2], f.end_line))
            if m[4] != f.parameter_count:
                bad_p += 1; examples.append(('PAR', path, f.name, f.start_line, m[4], f.parameter_count))
            ok += good
        for k in mine:
            extra += 1; examples.append(('EXTRA', path) + k)
    print(f"lizard functions {tot}; matched with equal ccn {ok} ({100*ok/max(tot,1):.2f}%); missing {miss}; extra {extra}; ccn diff {bad_ccn}; end diff {bad_end}; param diff {bad_p}")
    return examples

if __name__ == '__main__':
    root = sys.argv[1]
    paths = []
    for d, _, fs in os.walk(root):
        if '/test' in d or 'site-packages' in d or 'lib2to3' in d:
            continue
        paths += [os.path.join(d, f) for f in fs if f.endswith('.py')]
    paths.sort()
    ex = compare(paths[:int(sys.argv[2])], 'py')
    import collections
    print(collections.Counter(e[0] for e in ex))
    for e in ex[:40]:
        print(e)
