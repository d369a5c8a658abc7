/**
 * Issue 18 item 3: the three significance colours and the highlight stay distinguishable for deuteranopia and
 * protanopia. Each colour is taken through the Machado, Oliveira and Fernandes (2009) simulation at full severity
 * (their published matrices, applied to linear RGB), then to CIELAB (D65), and every pair's CIE76 colour difference
 * is measured. The arithmetic is the test's own; the colours are the palette the charts draw with. And the colours
 * never carry significance alone: the dot and funnel marks have a shape per category too.
 */
import { describe, expect, it } from 'vitest';
import { ACCENT, SIGNIFICANCE } from '../../src/charts';
import { SIGNIFICANCE_SYMBOL } from '../../src/charts/palette';

type Rgb = [number, number, number];
type Matrix = [Rgb, Rgb, Rgb];

const MACHADO: Record<'protanopia' | 'deuteranopia', Matrix> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
};
const SRGB_TO_XYZ: Matrix = [
  [0.4124, 0.3576, 0.1805],
  [0.2126, 0.7152, 0.0722],
  [0.0193, 0.1192, 0.9505],
];
const WHITE_D65: Rgb = [0.95047, 1, 1.08883];

const times = (m: Matrix, v: Rgb): Rgb => m.map((r) => r[0] * v[0] + r[1] * v[1] + r[2] * v[2]) as Rgb;
const linear = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as Rgb;
const clamp = (v: Rgb): Rgb => v.map((c) => Math.min(1, Math.max(0, c))) as Rgb;

function lab(rgbLinear: Rgb): Rgb {
  const f = (t: number) => (t > (6 / 29) ** 3 ? Math.cbrt(t) : t / (3 * (6 / 29) ** 2) + 4 / 29);
  const [fx, fy, fz] = times(SRGB_TO_XYZ, rgbLinear).map((c, i) => f(c / WHITE_D65[i]));
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}
const deltaE = (a: Rgb, b: Rgb) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

// Distinct at a glance for marks of a few pixels: well past the just-noticeable difference (about 2.3) and the
// 10 often used for categorical palettes.
const AT_LEAST = 20;

const COLOURS: Record<string, string> = { ...SIGNIFICANCE, highlight: ACCENT };
const pairs = Object.keys(COLOURS).flatMap((a, i) => Object.keys(COLOURS).slice(i + 1).map((b) => [a, b] as const));

describe('significance colours and the highlight under colour-vision deficiency', () => {
  it('the check itself: white stays white and a pure red is changed by the simulation', () => {
    expect(deltaE(lab(clamp(times(MACHADO.deuteranopia, linear('#FFFFFF')))), lab(linear('#FFFFFF')))).toBeLessThan(1);
    expect(deltaE(lab(clamp(times(MACHADO.protanopia, linear('#FF0000')))), lab(linear('#FF0000')))).toBeGreaterThan(AT_LEAST);
  });

  for (const vision of ['typical', 'protanopia', 'deuteranopia'] as const) {
    it.each(pairs)(`${vision}: %s and %s differ by ΔE ≥ ${AT_LEAST}`, (a, b) => {
      const seen = (hex: string) => lab(vision === 'typical' ? linear(hex) : clamp(times(MACHADO[vision], linear(hex))));
      expect(deltaE(seen(COLOURS[a]), seen(COLOURS[b]))).toBeGreaterThanOrEqual(AT_LEAST);
    });
  }

  it('each significance category has a shape of its own, so colour never says it alone', () => {
    const shapes = Object.values(SIGNIFICANCE_SYMBOL);
    expect(new Set(shapes).size).toBe(shapes.length);
    expect(Object.keys(SIGNIFICANCE_SYMBOL)).toEqual(expect.arrayContaining(Object.keys(SIGNIFICANCE)));
  });
});
