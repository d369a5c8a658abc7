/**
 * Colours. Okabe–Ito (Okabe and Ito 2008, "Color Universal Design") for categories and marks: distinguishable with
 * the common colour-vision deficiencies. Tableau 10 only when more than eight categories need telling apart.
 */

/** Okabe–Ito's eight colours, black last. */
export const OKABE_ITO = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#000000'] as const;

/** Tableau 10, for nine or ten categories. */
export const TABLEAU10 = ['#4E79A7', '#F28E2B', '#E15759', '#76B7B2', '#59A14F', '#EDC948', '#B07AA1', '#FF9DA7', '#9C755F', '#BAB0AC'] as const;

/** Ordinary bars, dots and lines. */
export const BASE = '#0072B2';
/** The highlighted force ("my force"), in every chart. */
export const ACCENT = '#D55E00';
/** Everything that is not the point of the chart (other forces' lines). */
export const MUTED = '#BBBBBB';
/** The England and Wales reference. */
export const REFERENCE = '#000000';
/** The peer group's average. */
export const PEER = '#CC79A7';
/** Funnel control limits. */
export const LIMIT = '#555555';

/** Significance against the reference: Fingertips-style blues for "different", grey for "not significantly". */
export const SIGNIFICANCE: Readonly<Record<'above' | 'below' | 'not significant', string>> = {
  above: '#0072B2',
  below: '#56B4E9',
  'not significant': '#BBBBBB',
};

/** A triangle pointing down (d3 has only the upward one), of the same area as d3's for the same size. */
const triangleDown = {
  draw(context: { moveTo(x: number, y: number): void; lineTo(x: number, y: number): void; closePath(): void }, size: number): void {
    const h = Math.sqrt(size / (3 * Math.sqrt(3))); // a third of the height of an equilateral triangle of that area
    context.moveTo(0, 2 * h);
    context.lineTo(-Math.sqrt(3) * h, -h);
    context.lineTo(Math.sqrt(3) * h, -h);
    context.closePath();
  },
};

/**
 * Significance is never told by colour alone (WCAG 1.4.1): higher points up, lower points down, a circle is not
 * significantly different, a diamond has no interval. The shapes read in greyscale print and for any colour vision.
 */
export const SIGNIFICANCE_SYMBOL = {
  above: 'triangle',
  below: triangleDown,
  'not significant': 'circle',
  'no interval': 'diamond',
} as const;

/** Categorical colours for n categories: Okabe–Ito up to 8, Tableau 10 up to 10. */
export function categorical(n: number): readonly string[] {
  return n <= OKABE_ITO.length ? OKABE_ITO.slice(0, n) : TABLEAU10.slice(0, Math.min(n, TABLEAU10.length));
}
