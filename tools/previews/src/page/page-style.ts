import { gridContainerStyle } from './grid-style';

/** The stylesheet of the preview pages (CloudWatch-like: white widgets on a light grey page). */
export function pageStyle(): string {
  return `
*{box-sizing:border-box}
body{margin:0;font:13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#16191f;background:#f2f3f3}
a{color:#0073bb}
.topbar{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 16px;padding:10px 16px;background:#232f3e;color:#fff}
.topbar a{color:#9fd2ff}
.topbar h1{margin:0;font-size:17px;font-weight:600}
.topbar .meta{color:#d5dbdb;font-size:12px}
.banner{margin:8px 16px 0;padding:6px 10px;border-left:3px solid #0073bb;background:#fff;font-size:12px;color:#545b64}
.grid{${gridContainerStyle()};padding:12px 16px 24px}
.widget{display:flex;flex-direction:column;min-width:0;min-height:0;overflow:hidden;background:#fff;border:1px solid #d5dbdb;border-radius:2px;padding:6px 8px}
.widget.transparent{background:transparent;border-color:transparent}
.widget-title{flex:none;margin:0 0 4px;font-size:13px;font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.widget-body{flex:1;min-height:0;display:flex;flex-direction:column}
.widget-body.legend-right{flex-direction:row}
.chart{flex:1;min-height:0;min-width:0;position:relative;overflow:hidden}
.legend{list-style:none;margin:2px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:0 10px;font-size:11px;max-height:34%;overflow:auto;flex:none}
.legend-right .legend{flex-direction:column;max-height:none;width:30%;margin:0 0 0 6px}
.legend li{white-space:nowrap}
.swatch{display:inline-block;width:10px;height:3px;margin-right:4px;vertical-align:middle}
.pie .swatch,.bars .swatch{height:10px}
.notes{margin:2px 0 0;padding:0 0 0 14px;font-size:11px;color:#8d6605;flex:none}
.placeholder{flex:1;display:flex;flex-direction:column;justify-content:center;align-items:center;text-align:center;color:#545b64;background:repeating-linear-gradient(135deg,#fafafa 0 10px,#f2f3f3 10px 20px);border-radius:2px;padding:8px}
.placeholder p{margin:4px 0 0;font-size:12px}
.placeholder.empty{background:#fafafa}
.single-values{flex:1;display:flex;flex-wrap:wrap;align-items:center;justify-content:space-around}
.single-value{display:flex;flex-direction:column;align-items:center}
.single-value .number{font-size:34px;font-weight:300}
.single-value .label{font-size:12px;color:#545b64}
.scope{margin:2px 0;font-size:11px;color:#687078;flex:none}
.pie{flex:1;min-height:0;display:flex;align-items:center;gap:10px}
.pie svg{flex:0 1 auto;height:100%;max-width:55%;min-width:0}
.pie .legend{flex:1;min-width:0;flex-direction:column;flex-wrap:nowrap;max-height:100%}
.bars{list-style:none;margin:0;padding:0;flex:1;overflow:auto}
.bars li{display:grid;grid-template-columns:30% 1fr auto;gap:6px;align-items:center;font-size:11px}
.bars .bar{height:10px}
.markdown h1{font-size:20px;margin:0 0 4px;font-weight:500}
.markdown h2{font-size:16px;margin:0 0 4px}
.markdown h3,.markdown h4,.markdown h5,.markdown h6{font-size:14px;margin:0 0 4px}
.markdown p{margin:0 0 6px}
.markdown ul,.markdown ol{margin:0 0 6px;padding-left:20px}
.alarms{flex:1;min-height:0;list-style:none;margin:0;padding:0;overflow:auto;font-size:12px}
.alarms li{margin:0 0 3px}
.badge{display:inline-block;min-width:44px;margin-right:6px;padding:0 5px;border-radius:2px;font-size:10px;font-weight:700;text-align:center;color:#fff;background:#879596}
.badge.alarm{background:#d13212}
.badge.ok{background:#1d8102}
.alarm-title{font-weight:600}
.condition,.detail{color:#545b64}
.log-body{overflow:hidden}
.query{margin:0 0 4px;padding:4px 6px;background:#f7f7f7;border:1px solid #eaeded;font-size:11px;white-space:pre-wrap;word-break:break-all;flex:none}
.table-scroll{flex:1;min-height:0;overflow:auto}
table{border-collapse:collapse;font-size:11px;width:100%}
th,td{padding:2px 6px;border-bottom:1px solid #eaeded;text-align:left;white-space:nowrap}
th{position:sticky;top:0;background:#fafafa}
th.absent{color:#8d6605;text-decoration:underline dotted}
.index{max-width:960px;margin:16px auto;padding:0 16px}
.index li{margin:0 0 10px}
.index .counts{color:#687078;font-size:12px}
`;
}
