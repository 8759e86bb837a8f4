/**
 * Plain YAML scalars as kubectl and the API server read them. Both decode YAML with sigs.k8s.io/yaml,
 * which converts it to JSON through go-yaml v2 (YAML 1.1 rules): its resolve() drops `_` from
 * numbers, tries strconv.ParseInt(plain, 0, 64) (so a leading 0 means octal: `010` is 8, and `0x`, `0o`,
 * `0b` prefixes, any case), then ParseUint, then a float, and knows the 1.1 booleans (y, yes, on, n, no,
 * off in three cases). The `yaml` package reads the YAML 1.2 core schema, where `010` is 10 and `yes`
 * a string; goYamlPlain says what go-yaml makes of a plain scalar so the loader can read it the
 * cluster's way.
 */

const GO_YAML_WORDS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((w): [string, unknown] => [w, true]),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((w): [string, unknown] => [w, false]),
  ...['', '~', 'null', 'Null', 'NULL'].map((w): [string, unknown] => [w, null]),
  ...['.nan', '.NaN', '.NAN'].map((w): [string, unknown] => [w, NaN]),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((w): [string, unknown] => [w, Infinity]),
  ...['-.inf', '-.Inf', '-.INF'].map((w): [string, unknown] => [w, -Infinity]),
]);

/** go-yaml v2's yamlStyleFloat. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** The value go-yaml v2 gives a plain (unquoted) scalar: a boolean, null, a number, or the text itself. */
export function goYamlPlain(text: string): unknown {
  if (GO_YAML_WORDS.has(text)) return GO_YAML_WORDS.get(text);
  const first = text.charCodeAt(0);
  if (first === 0x2e) return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(text) ? Number(text) : text;
  const digitOrSign = (first >= 0x30 && first <= 0x39) || first === 0x2b || first === 0x2d;
  if (!digitOrSign) return text;
  const plain = text.replace(/_/g, '');
  const integer = goParseInt(plain);
  if (integer !== undefined) return integer;
  if (YAML_STYLE_FLOAT.test(plain)) return Number(plain);
  return text;
}

/** strconv.ParseInt(s, 0, 64) (and ParseUint), without the 64-bit bounds: sign, then 0x/0o/0b/0 prefixes. */
function goParseInt(s: string): number | undefined {
  const match = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (match === null) return undefined;
  const [, sign, digits] = match;
  let value: number;
  if (/^0[xX]/.test(digits)) value = parseInt(digits.slice(2), 16);
  else if (/^0[oO]/.test(digits)) value = parseInt(digits.slice(2), 8);
  else if (/^0[bB]/.test(digits)) value = parseInt(digits.slice(2), 2);
  else if (digits.startsWith('0')) value = digits.length === 1 ? 0 : parseInt(digits.slice(1), 8);
  else value = parseInt(digits, 10);
  return sign === '-' ? -value : value;
}

/** Whether two scalar values are the same (NaN equals NaN, -0 equals 0). */
export function sameScalar(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
}
