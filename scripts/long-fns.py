#!/usr/bin/env python3
"""Finds what the size rules flag in the Rust sources: functions longer than a limit, and files
over 600 lines without a `//! Kept as one file because ...` line saying why.

    scripts/long-fns.py              # functions over 150 lines, long files, in the whole repository
    scripts/long-fns.py 60 core/src  # functions over 60 lines under core/src

Longest first. Comments, strings and character literals are blanked before braces are counted,
so a brace in a message does not end a function early.
"""
import pathlib
import re
import sys

FILE_LIMIT = 600
REASON = "//! Kept as one file because"


def strip(src):
    # Blank out comments, strings and char literals, keeping newlines, so braces count true.
    out, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith('//', i):
            j = src.find('\n', i); j = n if j < 0 else j
            out.append(' ' * (j - i)); i = j
        elif src.startswith('/*', i):
            j = src.find('*/', i + 2); j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', src[i:j])); i = j
        elif c == 'r' and re.match(r'r(#*)"', src[i:i+10]) and (i == 0 or not (src[i-1].isalnum() or src[i-1]=='_')):
            m = re.match(r'r(#*)"', src[i:]); end = '"' + m.group(1)
            j = src.find(end, i + len(m.group(0))); j = n if j < 0 else j + len(end)
            out.append(re.sub(r'[^\n]', ' ', src[i:j])); i = j
        elif c == '"':
            j = i + 1
            while j < n and src[j] != '"':
                j += 2 if src[j] == '\\' else 1
            out.append(re.sub(r'[^\n]', ' ', src[i:j+1])); i = j + 1
        elif c == "'":
            m = re.match(r"'(\\.[^']*|[^\\'])'", src[i:])
            if m:
                out.append(' ' * len(m.group(0))); i += len(m.group(0))
            else:
                out.append(c); i += 1
        else:
            out.append(c); i += 1
    return ''.join(out)

def scan(path, limit):
    text = strip(pathlib.Path(path).read_text())
    lines = text.split('\n')
    res = []
    for k, line in enumerate(lines):
        m = re.search(r'\bfn\s+(\w+)', line)
        if not m: continue
        depth, started, end = 0, False, None
        for j in range(k, len(lines)):
            seg = lines[j][m.start():] if j == k else lines[j]
            for ch in seg:
                if ch == '{': depth += 1; started = True
                elif ch == '}': depth -= 1
                elif ch == ';' and not started: end = -1; break
            if end == -1: break
            if started and depth == 0: end = j; break
        if end is None or end < 0: continue
        size = end - k + 1
        if size > limit: res.append((size, path, k + 1, m.group(1)))
    return res

def rust_files(paths):
    for path in paths or ["."]:
        p = pathlib.Path(path)
        found = [p] if p.is_file() else p.rglob("*.rs")
        for f in found:
            if "target" not in f.parts and not any(part.startswith(".") for part in f.parts[:-1]):
                yield str(f)


def main():
    args = sys.argv[1:]
    limit = int(args.pop(0)) if args and args[0].isdigit() else 150
    files = sorted(set(rust_files(args)))
    for size, path, line, name in sorted((r for f in files for r in scan(f, limit)), reverse=True):
        print(f"{size:5} lines  fn {name}  {path}:{line}")
    for path in files:
        text = pathlib.Path(path).read_text()
        lines = text.count("\n")
        if lines > FILE_LIMIT and REASON not in text:
            print(f"{lines:5} lines  file without a reason  {path}")


if __name__ == "__main__":
    main()
