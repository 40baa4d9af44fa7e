// The partial bundle ships no types; its API is plotly.js's, restricted to cartesian traces.
declare module "plotly.js-cartesian-dist-min" {
  import * as Plotly from "plotly.js";
  export default Plotly;
}
