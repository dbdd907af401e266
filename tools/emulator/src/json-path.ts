import { isRecord } from './json';

/**
 * Reads a simple JSONPath (`$`, `$.a.b`, `$.a[0]`, `$['a-b']`): the subset EventBridge accepts in
 * `InputPath` and `InputPathsMap`.
 * @returns the value, or undefined when the path leads nowhere.
 * @throws when the path is not of that simple form, naming it.
 */
export function readSimplePath(root: unknown, path: string): unknown {
  if (!path.startsWith('$')) throw new Error(`JSONPath "${path}": expected a path starting with "$"`);
  const tokens = /\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/gy;
  let value = root;
  tokens.lastIndex = 1;
  while (tokens.lastIndex < path.length) {
    const start = tokens.lastIndex;
    const match = tokens.exec(path);
    if (!match) throw new Error(`JSONPath "${path}": expected .name, [index] or ['name'] at character ${start}, found "${path.slice(start)}"`);
    const [, name, index, quoted, doubleQuoted] = match;
    if (index !== undefined) {
      value = Array.isArray(value) ? value[Number(index)] : undefined;
    } else {
      const key = name ?? quoted ?? doubleQuoted ?? '';
      value = isRecord(value) ? value[key] : undefined;
    }
    if (value === undefined) return undefined;
  }
  return value;
}
