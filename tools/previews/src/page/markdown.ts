import { escapeHtml } from './html';

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions {
  /**
   * Rewrites a link target, e.g. a dashboard's console URL to its local preview.
   * @default - links are kept as written
   */
  readonly resolveLink?: (href: string) => string;
}

/**
 * Renders the markdown subset text widgets use, safely: headings (`#` to `######`), paragraphs,
 * bullet (`-`, `*`) and numbered lists, `**bold**`, `*emphasis*`, `` `code` `` and `[links](…)`.
 * Everything else is text: every character is HTML-escaped, and a link is kept only when it
 * points at `http:`, `https:`, `mailto:` or a relative path (never `javascript:`).
 *
 * @example
 * renderMarkdown('# Job states\nTransitions of **every** job.');
 * // '<h1>Job states</h1>\n<p>Transitions of <strong>every</strong> job.</p>'
 */
export function renderMarkdown(markdown: string, options: MarkdownOptions = {}): string {
  const blocks: string[] = [];
  let paragraph: string[] = [];
  let list: { tag: 'ul' | 'ol'; items: string[] } | undefined;
  const inline = (text: string): string => renderInline(text, options);
  const flushParagraph = (): void => {
    if (paragraph.length > 0) blocks.push(`<p>${paragraph.map(inline).join(' ')}</p>`);
    paragraph = [];
  };
  const flushList = (): void => {
    if (list) blocks.push(`<${list.tag}>${list.items.map((item) => `<li>${inline(item)}</li>`).join('')}</${list.tag}>`);
    list = undefined;
  };
  for (const line of markdown.split(/\r?\n/)) {
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (line.trim().length === 0) {
      flushParagraph();
      flushList();
    } else if (heading) {
      flushParagraph();
      flushList();
      const level = heading[1]?.length ?? 1;
      blocks.push(`<h${level}>${inline(heading[2] ?? '')}</h${level}>`);
    } else if (bullet || numbered) {
      flushParagraph();
      const tag = bullet ? 'ul' : 'ol';
      if (list?.tag !== tag) flushList();
      list ??= { tag, items: [] };
      list.items.push((bullet ?? numbered)?.[1] ?? '');
    } else {
      flushList();
      paragraph.push(line.trim());
    }
  }
  flushParagraph();
  flushList();
  return blocks.join('\n');
}

const INLINE = /\[([^\]]+)\]\(([^)\s]+)\)|\*\*(.+?)\*\*|\*([^*\s][^*]*?)\*|`([^`]+)`/g;

function renderInline(text: string, options: MarkdownOptions): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    html += escapeHtml(text.slice(last, match.index));
    last = match.index + match[0].length;
    const [, linkText, href, bold, emphasis, code] = match;
    if (linkText !== undefined && href !== undefined) {
      const target = options.resolveLink ? options.resolveLink(href) : href;
      const label = renderInline(linkText, options);
      html += isSafeHref(target) ? `<a href="${escapeHtml(target)}"${/^https?:/i.test(target) ? ' rel="noopener noreferrer"' : ''}>${label}</a>` : label;
    } else if (bold !== undefined) {
      html += `<strong>${renderInline(bold, options)}</strong>`;
    } else if (emphasis !== undefined) {
      html += `<em>${renderInline(emphasis, options)}</em>`;
    } else if (code !== undefined) {
      html += `<code>${escapeHtml(code)}</code>`;
    }
  }
  return html + escapeHtml(text.slice(last));
}

/**
 * Whether a link target is kept: `http:`, `https:`, `mailto:`, or a relative path or fragment.
 * Targets with control characters or spaces are refused (browsers drop some of them, which could
 * turn `java\tscript:` into a script URL).
 */
export function isSafeHref(href: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (href.length === 0 || /[\u0000-\u0020\u007f]/.test(href)) return false;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(href);
  if (scheme === null) return true;
  return ['http', 'https', 'mailto'].includes((scheme[1] ?? '').toLowerCase());
}
