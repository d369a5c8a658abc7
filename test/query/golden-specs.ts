/** Representative view specs (as JSON, before parsing) whose SQL is pinned in test/query/golden/<name>.sql. */
import { SAMPLE } from '../helpers/view-fixtures';

const base = { version: 1, table: SAMPLE.table, roles: SAMPLE.roles, measure: { column: 'disruptions', aggregate: 'sum' } };
const rated = { ...base, denominator: SAMPLE.denominator };
const latest = { column: 'financial_year', values: ['2023/24'] };

export const GOLDEN = {
  total_by_force: { ...base, compareBy: { by: 'force' }, filters: [latest, { column: 'threat_type', values: ['County lines', 'Drugs'] }], comparison: { kind: 'total' } },
  rate_by_force_ci: {
    ...rated,
    compareBy: { by: 'force' },
    filters: [latest],
    comparison: { kind: 'rate_per_100k' },
    uncertainty: { ci: 95 },
    highlight: { force: 'Kent', peerGroup: 'region' },
  },
  rate_peers_only: {
    ...rated,
    compareBy: { by: 'force' },
    filters: [latest, { column: 'threat_type', values: ['County lines'] }],
    comparison: { kind: 'rate_per_100k' },
    uncertainty: { ci: 95, against: 'peers' },
    highlight: { force: 'Kent', peerGroup: 'region', limitToPeers: true },
  },
  rate_by_region_by_year: {
    ...rated,
    roles: { force: 'force', period: 'financial_year', threat: 'threat_type' },
    compareBy: { by: 'region' },
    series: { by: 'period' },
    comparison: { kind: 'rate_per_100k' },
  },
  rate_by_threat: { ...rated, compareBy: { by: 'threat' }, filters: [latest], comparison: { kind: 'rate_per_100k' }, uncertainty: { ci: 95 } },
  change_by_force: { ...base, compareBy: { by: 'force' }, comparison: { kind: 'change', from: '2022/23', to: '2023/24' } },
  pct_change_rate_by_force: { ...rated, compareBy: { by: 'force' }, comparison: { kind: 'pct_change', from: '2022/23', to: '2023/24', of: 'rate' } },
  index_by_year_threat: { ...base, compareBy: { by: 'period' }, series: { by: 'threat' }, filters: [{ column: 'threat_type', values: ['County lines', 'Drugs'] }], comparison: { kind: 'index', base: '2022/23' } },
  share_threat_within_force: { ...base, compareBy: { by: 'force' }, series: { by: 'threat' }, filters: [latest], comparison: { kind: 'share', within: 'compareBy' } },
  share_of_total: { ...base, compareBy: { by: 'force' }, filters: [latest], comparison: { kind: 'share' } },
  rank_rate_by_force: { ...rated, compareBy: { by: 'force' }, filters: [latest], comparison: { kind: 'rank', of: 'rate' } },
  rank_value_by_force: { ...base, compareBy: { by: 'force' }, filters: [latest], comparison: { kind: 'rank' } },
  count_rows_by_level: { ...base, measure: { column: null, aggregate: 'count' }, compareBy: { by: 'column', column: 'level' }, comparison: { kind: 'total' } },
  rate_force_only_lookup: {
    ...rated,
    denominator: { table: 'force_population_latest', population: 'population', force: 'force' },
    compareBy: { by: 'force' },
    periodRange: { from: '2022/23', to: '2023/24' },
    comparison: { kind: 'rate_per_100k' },
  },
} as const;
