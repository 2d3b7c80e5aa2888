// A small $filter evaluator: `prop eq 'v'`, `ne`, `startswith(prop,'v')`, `endswith`, `and`,
// `or`, `not`, parentheses; property paths with '/'. String comparisons ignore case, as Graph's
// directory does for names and UPNs. Anything else is refused, as Graph refuses what a resource
// does not support.

export type Predicate = (item: Record<string, unknown>) => boolean;

export class FilterError extends Error {}

type Token = { kind: "ident" | "string" | "number" | "lparen" | "rparen" | "comma" | "keyword"; text: string };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "(") {
      tokens.push({ kind: "lparen", text: c });
      i++;
      continue;
    }
    if (c === ")") {
      tokens.push({ kind: "rparen", text: c });
      i++;
      continue;
    }
    if (c === ",") {
      tokens.push({ kind: "comma", text: c });
      i++;
      continue;
    }
    if (c === "'") {
      let s = "";
      i++;
      for (;;) {
        if (i >= input.length) throw new FilterError("unterminated string literal");
        if (input[i] === "'") {
          if (input[i + 1] === "'") {
            s += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += input[i];
        i++;
      }
      tokens.push({ kind: "string", text: s });
      continue;
    }
    const m = /^[A-Za-z0-9_./@-]+/.exec(input.slice(i));
    if (!m) throw new FilterError(`unexpected character '${c}'`);
    const word = m[0];
    i += word.length;
    if (/^-?\d+(\.\d+)?$/.test(word)) tokens.push({ kind: "number", text: word });
    else if (["eq", "ne", "and", "or", "not", "true", "false", "null"].includes(word.toLowerCase())) tokens.push({ kind: "keyword", text: word.toLowerCase() });
    else tokens.push({ kind: "ident", text: word });
  }
  return tokens;
}

function getPath(item: Record<string, unknown>, path: string): unknown {
  let v: unknown = item;
  for (const part of path.split("/")) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function equal(a: unknown, b: unknown): boolean {
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  return a === b || (a === undefined && b === null);
}

export function parseFilter(input: string, allowed: readonly string[]): Predicate {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = () => {
    const t = tokens[pos++];
    if (!t) throw new FilterError("unexpected end of filter");
    return t;
  };
  const property = (t: Token): string => {
    if (t.kind !== "ident") throw new FilterError(`expected a property, got '${t.text}'`);
    if (!allowed.includes(t.text)) throw new FilterError(`Unsupported or invalid query filter clause specified for property '${t.text}'`);
    return t.text;
  };
  const literal = (): unknown => {
    const t = take();
    if (t.kind === "string") return t.text;
    if (t.kind === "number") return Number(t.text);
    if (t.kind === "keyword" && t.text === "true") return true;
    if (t.kind === "keyword" && t.text === "false") return false;
    if (t.kind === "keyword" && t.text === "null") return null;
    if (t.kind === "ident" && /^[0-9a-f-]{36}$/i.test(t.text)) return t.text;
    throw new FilterError(`expected a literal, got '${t.text}'`);
  };
  const primary = (): Predicate => {
    const t = take();
    if (t.kind === "keyword" && t.text === "not") {
      const inner = primary();
      return (x) => !inner(x);
    }
    if (t.kind === "lparen") {
      const inner = orExpr();
      if (take().kind !== "rparen") throw new FilterError("expected ')'");
      return inner;
    }
    if (t.kind === "ident" && (t.text === "startswith" || t.text === "endswith") && peek()?.kind === "lparen") {
      take();
      const prop = property(take());
      if (take().kind !== "comma") throw new FilterError("expected ','");
      const value = literal();
      if (take().kind !== "rparen") throw new FilterError("expected ')'");
      if (typeof value !== "string") throw new FilterError(`${t.text} needs a string`);
      const needle = value.toLowerCase();
      return t.text === "startswith"
        ? (x) =>
            String(getPath(x, prop) ?? "")
              .toLowerCase()
              .startsWith(needle)
        : (x) =>
            String(getPath(x, prop) ?? "")
              .toLowerCase()
              .endsWith(needle);
    }
    const prop = property(t);
    const op = take();
    if (op.kind !== "keyword" || (op.text !== "eq" && op.text !== "ne")) throw new FilterError(`unsupported operator '${op.text}'`);
    const value = literal();
    return op.text === "eq" ? (x) => equal(getPath(x, prop), value) : (x) => !equal(getPath(x, prop), value);
  };
  const andExpr = (): Predicate => {
    let left = primary();
    while (peek()?.kind === "keyword" && peek()?.text === "and") {
      take();
      const l = left;
      const r = primary();
      left = (x) => l(x) && r(x);
    }
    return left;
  };
  const orExpr = (): Predicate => {
    let left = andExpr();
    while (peek()?.kind === "keyword" && peek()?.text === "or") {
      take();
      const l = left;
      const r = andExpr();
      left = (x) => l(x) || r(x);
    }
    return left;
  };
  const result = orExpr();
  if (pos !== tokens.length) throw new FilterError(`unexpected '${tokens[pos]?.text}'`);
  return result;
}
