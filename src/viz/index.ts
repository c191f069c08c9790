/** Plotly/table display, colours, layouts and static figure export for the notebooks. */
export * from './colors';
export * from './layout';
export * from './plotly-html';
export * from './table-html';
export * from './svg-normalize';
export * from './figure-export';
export * from './show-figure';
export * from './types';
export * from './figures-dir';
export * from './table-plots';
