/**
 * The fields of the log records a Logs Insights query reads: those its `fields`, `filter`,
 * `stats` (aggregated and grouped) and `sort` commands name, without Logs Insights' own `@` fields,
 * `bin(…)` groups and the aliases a `stats` gives its results. Each must be a top-level field of
 * the EMF lines, or the widget shows empty cells or no rows, which nothing else reports.
 *
 * @example
 * logQueryFields(["filter ispresent(FinishedJobs) and State = 'FAILED'", 'stats sum(FinishedJobs) as Sum by bin(5m), JobQueue', 'sort Sum desc']);
 * // ['FinishedJobs', 'State', 'JobQueue']
 */
export function logQueryFields(queryLines: readonly string[]): string[] {
  const fields = new Set<string>();
  const aliases = new Set<string>();
  const add = (field: string): void => {
    if (!field.startsWith('@') && field !== '*' && !aliases.has(field)) fields.add(field);
  };
  for (const command of queryLines.flatMap((line) => line.split('|')).map((part) => part.trim())) {
    const [name = ''] = command.split(/\s+/);
    const argument = command.slice(name.length).trim();
    if (name === 'fields') for (const field of argument.split(',')) add(field.trim());
    if (name === 'filter') {
      // Strings first, so a quoted value is never taken for a field.
      const withoutStrings = argument.replace(/'[^']*'|"[^"]*"/g, '');
      for (const match of withoutStrings.matchAll(/ispresent\(\s*([@\w.]+)\s*\)|([@\w.]+)\s*(?:=|!=|<=|>=|<|>)/gi)) add(match[1] ?? match[2] ?? '');
    }
    if (name === 'stats') {
      const [aggregations = '', groups = ''] = argument.split(/\s+by\s+/i);
      for (const match of aggregations.matchAll(/\w+\(\s*([@\w.*]+)\s*(?:,[^)]*)?\)(?:\s+as\s+(\w+))?/g)) {
        add(match[1] ?? '');
        if (match[2] !== undefined) aliases.add(match[2]);
      }
      for (const group of groups.split(',').map((part) => part.trim())) if (group.length > 0 && !group.startsWith('bin(')) add(group);
    }
    if (name === 'sort') add(argument.split(/\s+/)[0] ?? '');
  }
  return [...fields];
}
