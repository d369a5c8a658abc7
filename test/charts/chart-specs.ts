/** View specs for the chart goldens, run on the sample CSVs. */
import { SAMPLE } from '../helpers/view-fixtures';

const base = { version: 1, table: SAMPLE.table, roles: SAMPLE.roles, measure: { column: 'disruptions', aggregate: 'sum' } };
const rated = { ...base, denominator: SAMPLE.denominator };
const latest = { column: 'financial_year', values: ['2023/24'] };
const countyLines = { column: 'threat_type', values: ['County lines'] };

export const CHARTS = {
  // The first-open view: rates by force for the latest year, Kent and its region highlighted.
  bar_rate_by_force: {
    ...rated,
    compareBy: { by: 'force' },
    filters: [latest],
    comparison: { kind: 'rate_per_100k' },
    highlight: { force: 'Kent', peerGroup: 'region' },
  },
  dot_rate_ci: {
    ...rated,
    compareBy: { by: 'force' },
    filters: [latest, countyLines],
    comparison: { kind: 'rate_per_100k' },
    uncertainty: { ci: 95 },
    highlight: { force: 'Kent', peerGroup: 'region' },
  },
  funnel_rate: {
    ...rated,
    compareBy: { by: 'force' },
    filters: [latest, countyLines],
    comparison: { kind: 'rate_per_100k' },
    uncertainty: { ci: 95 },
    highlight: { force: 'Kent' },
    chart: { type: 'funnel' },
  },
  line_force_highlight: {
    ...rated,
    compareBy: { by: 'period' },
    series: { by: 'force' },
    filters: [countyLines],
    comparison: { kind: 'rate_per_100k' },
    highlight: { force: 'Kent', peerGroup: 'region' },
  },
  line_index_by_threat: { ...base, compareBy: { by: 'period' }, series: { by: 'threat' }, comparison: { kind: 'index', base: '2019/20' } },
  heatmap_rate_force_year: { ...rated, compareBy: { by: 'force' }, series: { by: 'period' }, filters: [countyLines], comparison: { kind: 'rate_per_100k' } },
  stacked_threat_share: {
    ...base,
    compareBy: { by: 'region' },
    series: { by: 'threat' },
    filters: [latest],
    comparison: { kind: 'share', within: 'compareBy' },
  },
  bar_rank_rate: { ...rated, compareBy: { by: 'force' }, filters: [latest, countyLines], comparison: { kind: 'rank', of: 'rate' }, highlight: { force: 'Kent' } },
  bar_pct_change: {
    ...base,
    compareBy: { by: 'force' },
    filters: [countyLines],
    comparison: { kind: 'pct_change', from: '2019/20', to: '2023/24' },
    highlight: { force: 'Kent' },
  },
  // One force's disruptions over the years, with XmR limits: the one line a control chart needs.
  control_kent_by_year: {
    ...base,
    compareBy: { by: 'period' },
    filters: [{ column: 'force', values: ['Kent'] }],
    comparison: { kind: 'total' },
    chart: { type: 'control' },
  },
  // The first-open view as a hex map: one hexagon per force, Kent ringed, its region's forces marked as peers.
  map_rate_by_force: {
    ...rated,
    compareBy: { by: 'force' },
    filters: [latest],
    comparison: { kind: 'rate_per_100k' },
    highlight: { force: 'Kent', peerGroup: 'region' },
    chart: { type: 'map' },
  },
} as const;
