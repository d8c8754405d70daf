"""Shared comparison harness for the prototypes (lizard 1.24.3 vs a rule set)."""
import lizard, collections

def compare(paths, analyze, ext, show=40, key=lambda f: (f.name, f.start_line)):
    tot = ok = miss = extra = 0
    bad = collections.Counter()
    examples = []
    for path in paths:
        src = open(path, 'rb').read()
        try:
            text = src.decode('utf8')
        except UnicodeDecodeError:
            continue
        ref = lizard.analyze_file.analyze_source_code('x.' + ext, text)
        mine = {}
        for f in analyze(src):
            mine.setdefault((f[0], f[1]), f)
        for f in ref.function_list:
            if f.name == '*global*':
                continue
            tot += 1
            m = mine.pop((f.name, f.start_line), None)
            if m is None:
                miss += 1; examples.append(('MISS', path, f.name, f.start_line)); continue
            good = True
            if m[3] != f.cyclomatic_complexity:
                bad['ccn'] += 1; good = False; examples.append(('CCN', path, f.name, f.start_line, 'mine', m[3], 'liz', f.cyclomatic_complexity))
            if m[2] != f.end_line:
                bad['end'] += 1; examples.append(('END', path, f.name, f.start_line, m[2], f.end_line))
            if m[4] != f.parameter_count:
                bad['params'] += 1; examples.append(('PAR', path, f.name, f.start_line, m[4], f.parameter_count))
            ok += good
        for k in mine:
            extra += 1; examples.append(('EXTRA', path) + k)
    print(f"lizard functions {tot}; found with equal ccn {ok} ({100*ok/max(tot,1):.2f}%); missing {miss}; extra {extra}; {dict(bad)}")
    print(collections.Counter(e[0] for e in examples))
    return examples
