#!/usr/bin/env python3
"""Issue 18's reference: the writes each allocating command makes, in raw SQL (ops/reference/<scenario>.sql), in two
forms. As written, the file is a pgbench script of one statement per round trip: its first statement picks the ids and
the address (`\\gset`), then one transaction. `function_sql` turns the same statements into one PL/pgSQL function, so
that `select cloudnet.reference_<scenario>()` makes them all in one round trip. perf.py measures both with pgbench;
the test Hosting/when_checking_the_reference_scripts runs both against the service's schema.

Usage: reference.py function SCENARIO (prints the CREATE FUNCTION), reference.py setup, reference.py scenarios."""
import os, re, sys

DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "reference")
# In the order ops/bench prints them.
SCENARIOS = ["floating-ip", "private-ip", "port", "server", "shared-ip"]


def path(scenario):
    return os.path.join(DIR, f"{scenario}.sql")


def setup_sql():
    with open(path("setup")) as f:
        return f.read()


def statements(scenario):
    """The script's statements, comments dropped: the `\\gset` line first, then begin, the writes, commit."""
    with open(path(scenario)) as f:
        lines = [line for line in f.read().splitlines() if line.strip() and not line.startswith("--")]
    return lines


def variables(gset_line):
    """`select a as x, b as y \\gset` -> [(a, x), (b, y)]."""
    body = re.match(r"select (.*) \\gset$", gset_line.strip()).group(1)
    return re.findall(r"(.+?) as (\w+)(?:, |$)", body)


def function_name(scenario):
    return "cloudnet.reference_" + scenario.replace("-", "_")


def function_sql(scenario):
    lines = statements(scenario)
    names = [name for _, name in variables(lines[0])]
    known = "|".join(names)

    def in_plpgsql(statement):
        # ':x' (a whole literal) becomes the variable; :x inside a longer literal is spliced in; a bare :x (never
        # a cast's ::type) becomes the variable.
        statement = re.sub(rf"'\:({known})'", r"v_\1", statement)
        out, pos = [], 0
        for m in re.finditer(r"'(?:[^']|'')*'", statement):
            out.append(re.sub(rf"(?<!:):({known})\b", r"v_\1", statement[pos:m.start()]))
            literal = m.group(0)
            spliced = re.sub(rf"(?<!:):({known})\b", r"' || v_\1 || '", literal)
            out.append(literal if spliced == literal else f"({spliced})")
            pos = m.end()
        out.append(re.sub(rf"(?<!:):({known})\b", r"v_\1", statement[pos:]))
        return "".join(out)

    declarations = "\n".join(f"  v_{name} {'bigint' if expr.startswith('nextval') else 'uuid'} := {expr};"
                             for expr, name in variables(lines[0]))
    body = "\n".join("  " + in_plpgsql(s) for s in lines[1:] if s.rstrip(";").lower() not in ("begin", "commit"))
    return (f"create or replace function {function_name(scenario)}() returns void language plpgsql as $reference$\n"
            f"declare\n{declarations}\nbegin\n{body}\nend\n$reference$;\n")


def function_script(scenario):
    return f"select {function_name(scenario)}();\n"


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "scenarios"
    if what == "function":
        sys.stdout.write(function_sql(sys.argv[2]))
    elif what == "setup":
        sys.stdout.write(setup_sql())
    else:
        print("\n".join(SCENARIOS))
