/**
 * Draw a chart into an element: Plot renders a detached figure, the attachment swaps it in (again whenever the chart
 * or the size it is given changes) and labels it for screen readers. The builder, slides and the printed briefing
 * draw through this one function, each with its own size.
 */
import * as Plot from '@observablehq/plot';
import { labelFigure, type Chart } from '../charts';

export function plotChart(chart: Chart, size: Partial<Plot.PlotOptions> = {}) {
  return (node: HTMLElement) => {
    const figure = Plot.plot({ ...chart.options, ...size });
    node.replaceChildren(figure);
    labelFigure(figure, String(chart.options.title ?? chart.type), chart.description);
    return () => node.replaceChildren();
  };
}
