import { pieChartHtml } from './pie-chart';

describe('pieChartHtml', () => {
  it('draws one slice per positive value, with its share in the legend', () => {
    const html = pieChartHtml([
      { label: 'SUCCEEDED', color: '#2ca02c', value: 3 },
      { label: 'FAILED', color: '#d62728', value: 1 },
      { label: 'CANCELLED', color: '#7f7f7f', value: 0 },
    ]);
    expect(html.match(/<path /g)).toHaveLength(2);
    expect(html).toContain('SUCCEEDED <span class="value">3 (75 %)</span>');
    expect(html).not.toContain('CANCELLED');
  });

  it('draws a whole circle for a single slice', () => {
    expect(pieChartHtml([{ label: 'x86_64', color: '#1f77b4', value: 12 }])).toContain('<circle');
  });

  it('escapes slice labels', () => {
    expect(pieChartHtml([{ label: '<b>queue</b>', color: '#1f77b4', value: 1 }])).toContain('&lt;b&gt;queue&lt;/b&gt;');
  });
});
