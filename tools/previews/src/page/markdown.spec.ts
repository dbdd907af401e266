import { isSafeHref, renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
  it('renders headings, paragraphs, bold and links', () => {
    expect(renderMarkdown('# Job states\nWhere **jobs** wait.\n\n[Job latency](https://example.com/a)')).toBe(
      '<h1>Job states</h1>\n<p>Where <strong>jobs</strong> wait.</p>\n<p><a href="https://example.com/a" rel="noopener noreferrer">Job latency</a></p>',
    );
  });

  it('renders bullet and numbered lists', () => {
    expect(renderMarkdown('- one\n- two\n\n1. first\n2. second')).toBe('<ul><li>one</li><li>two</li></ul>\n<ol><li>first</li><li>second</li></ol>');
  });

  it('joins the lines of a paragraph', () => {
    expect(renderMarkdown('one\ntwo')).toBe('<p>one two</p>');
  });

  it('escapes HTML in text, headings, list items and link labels', () => {
    expect(renderMarkdown('# <script>alert(1)</script>\n- <img src=x onerror=alert(1)>\n[<b>x</b>](https://e.com) & "q"')).toBe(
      '<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>\n<ul><li>&lt;img src=x onerror=alert(1)&gt;</li></ul>\n' +
        '<p><a href="https://e.com" rel="noopener noreferrer">&lt;b&gt;x&lt;/b&gt;</a> &amp; &quot;q&quot;</p>',
    );
  });

  it('escapes quotes in link targets so they cannot leave the attribute', () => {
    expect(renderMarkdown('[x](https://e.com/"onmouseover="alert(1))')).toContain('href="https://e.com/&quot;onmouseover=&quot;alert(1"');
  });

  it('keeps the label but drops the link of a script URL', () => {
    expect(renderMarkdown('[click](javascript:alert(1))')).toBe('<p>click)</p>');
    expect(renderMarkdown('[click](JavaScript:alert)')).toBe('<p>click</p>');
  });

  it('rewrites link targets through resolveLink', () => {
    expect(renderMarkdown('[Job latency](https://console/job-latency)', { resolveLink: () => 'job-latency.html' })).toBe('<p><a href="job-latency.html">Job latency</a></p>');
  });
});

describe('isSafeHref', () => {
  it.each(['https://a.example', 'http://a.example', 'mailto:ops@example.com', 'page.html', '#top'])('keeps %s', (href) => {
    expect(isSafeHref(href)).toBe(true);
  });

  it.each(['javascript:alert(1)', 'data:text/html,x', 'vbscript:x', 'java\tscript:alert(1)', ''])('refuses %j', (href) => {
    expect(isSafeHref(href)).toBe(false);
  });
});
