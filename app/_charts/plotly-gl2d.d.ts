// The partial bundle ships no types; its API is plotly.js's (used here for parcoords only).
declare module "plotly.js-gl2d-dist-min" {
  import * as Plotly from "plotly.js";
  export default Plotly;
}
