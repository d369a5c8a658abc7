export type { Chart, ConcreteChartType } from './chart-for';
export { MAX_LINES, autoType, chartFor, unsuitable } from './chart-for';
export type { ChartContext, Row, Rows } from './common';
export { chartContext, formatNumber, toRows } from './common';
export type { FunnelLimitPoint } from './funnel-limits';
export { funnelLimits } from './funnel-limits';
export { ACCENT, BASE, MUTED, OKABE_ITO, PEER, REFERENCE, SIGNIFICANCE, TABLEAU10, categorical } from './palette';
export { caption, defaultSubtitle, defaultTitle, isSynthetic } from './words';
