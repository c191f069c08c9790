/**
 * Loose Plotly figure types. The kit passes figures straight to plotly.js as JSON, so a
 * small structural type is enough (and keeps plotly's large typings out of src/).
 */

/** One Plotly trace, e.g. `{ type: 'scatter', x: [...], y: [...], name: 'polyak' }`. */
export type PlotlyTrace = Record<string, unknown>;

/** A Plotly layout object (axes, title, shapes, annotations, font, ...). */
export type PlotlyLayout = Record<string, unknown>;

/** A Plotly figure: what `Plotly.newPlot(div, data, layout, config)` takes. */
export interface PlotlyFigure {
  /** The traces. */
  data: PlotlyTrace[];
  /** The layout; see `standardLayout()` for the kit's defaults. */
  layout?: PlotlyLayout;
  /** Plotly config (modebar, responsiveness, ...). */
  config?: Record<string, unknown>;
}
