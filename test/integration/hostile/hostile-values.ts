import fc from 'fast-check';

type NestKind = 'array' | 'object' | 'mixed';

/** JSON text nested `depth` levels deep: arrays, objects, or a mix, the shapes parsers and serializers recurse on. */
export function nestedText(depth: number, kind: NestKind): string {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    const array = kind === 'array' || (kind === 'mixed' && i % 2 === 0);
    open += array ? '[' : '{"a":';
    close = (array ? ']' : '}') + close;
  }
  return `${open}"x"${close}`;
}

// Deep values stay a short placeholder string while fast-check generates, copies and shrinks them (which
// recurses, and would overflow the test's own stack); toJsonText expands them into the request body.
const deepToken = (depth: number, kind: NestKind) => `\u0000DEEP:${depth}:${kind}\u0000`;

/** JSON.stringify, with every deep placeholder expanded. */
export function toJsonText(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(/"\\u0000DEEP:(\d+):(\w+)\\u0000"/g, (_m, depth: string, kind: string) => nestedText(Number(depth), kind as NestKind));
}

/** A JSON value meant to break assumptions: wrong types, prototype keys, deep nesting, huge strings. */
export const hostileJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<unknown>(null, '', 'NaN', 'yesterday', '__proto__', 0, -1, 1e308, true, false, [], {}, [null]) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 50, max: 10_000 }), fc.constantFrom<NestKind>('array', 'object', 'mixed')).map(([depth, kind]) => deepToken(depth, kind)) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 300_000 }).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(JSON.parse('{"__proto__":"x"}'), JSON.parse('{"__proto__":{"polluted":true}}'), JSON.parse('{"constructor":{"prototype":{"x":1}}}')) },
  { weight: 1, arbitrary: fc.constantFrom('0001-01-01T00:00:00Z', '2026-03-14T09:39:52.314Z', '2026-03-14T12:00:00+02:00', '2026-02-30T00:00:00Z', '1e3', '-1') },
);

/** Every path (as keys) to a value inside `value`, root excluded, at most `limit` of them. */
function pathsOf(value: unknown, limit = 400): Array<Array<string | number>> {
  const paths: Array<Array<string | number>> = [];
  const walk = (v: unknown, at: Array<string | number>) => {
    if (paths.length >= limit || typeof v !== 'object' || v === null) return;
    const entries: Array<[string | number, unknown]> = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
    for (const [k, child] of entries) {
      paths.push([...at, k]);
      walk(child, [...at, k]);
    }
  };
  walk(value, []);
  return paths;
}

/** A copy of `base` with the value at one of its paths replaced (or deleted when `value` is `undefined`). */
function mutateAt(base: unknown, pick: number, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(base) ?? 'null') as unknown;
  const paths = pathsOf(copy);
  if (paths.length === 0) return value === undefined ? copy : value;
  const path = paths[pick % paths.length]!;
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    // defineProperty, not assignment: a key named __proto__ must become a real key, as JSON.parse makes it.
    Object.defineProperty(parent, last, { value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** `base` itself (now and then, so well-formed requests get through too) or up to three mutations of it. */
export function mutated(base: unknown): fc.Arbitrary<unknown> {
  const one = fc.record({ pick: fc.nat(), value: fc.option(hostileJsonValue, { nil: undefined, freq: 4 }) });
  const changes = fc.oneof({ weight: 1, arbitrary: fc.constant([]) }, { weight: 4, arbitrary: fc.array(one, { minLength: 1, maxLength: 3 }) });
  return changes.map((mutations) => mutations.reduce((acc, m) => mutateAt(acc, m.pick, m.value), base));
}

/** Path segments that break percent-decoding, traversal and length assumptions. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('%', '%ZZ', '%E0%A4%A', '%C0%AF', '%00', '%2F', '%25', '%%', '..', '.', '%2e%2e', 'NaN', '__proto__', 'constructor', ';', '%FF%FE', '%F0%9F%92%A9', '%u0041'),
  fc.stringMatching(/^[A-Za-z0-9_\-~.%]{1,30}$/),
  fc.integer({ min: 200, max: 3000 }).map((n) => 'a'.repeat(n)),
);

/** Content-Type / Content-Encoding values, right and wrong. */
export const hostileContentType = fc.constantFrom(
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/json; charset=x-hostile',
  'application/json; charset=',
  'APPLICATION/JSON',
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=utf-8',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/json;;;',
  '*/*',
  ';',
);
export const hostileContentEncoding = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.constant('gzip') },
  { weight: 2, arbitrary: fc.constantFrom('identity', 'deflate', 'br', 'x-hostile', 'gzip, gzip', 'GZIP', 'gzip;q=1', '') },
);
